/*
 * recognise.c — from a grid of cells to a report.
 *
 * Finds the table regions by their section headings, turns each region's
 * lines into printed rows (a label, where one is printed, and the values),
 * assigns printed rows to template rows, and reads the metadata (agency,
 * year, title, publication date) from the head of the document.
 *
 * Table 3 rows are assigned by order as much as by label: converted
 * documents print rows without labels and labels away from their rows
 * (SPEC §8), but never reorder the rows.  A row whose own line carries a
 * recognised label is an anchor; the rows between two anchors fill the
 * template rows between them in order, and only when the counts disagree
 * do the labels printed on nearby lines decide.
 */
/* memmem */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gr_internal.h"

/* A printed row: the values of one table row as the document printed them. */
typedef struct prow
{
	uint32_t	line;
	uint8_t		origin;
	bool		singles;		/* built from one-value lines (one cell per line) */
	const char *label;			/* label key printed with the values, or NULL */
	const char *last_label;		/* key of the last of several label cells, or NULL */
	int			weak_first;		/* label-only grid lines just before it */
	int			weak_last;		/* [weak_first, weak_last) */
	int			nvals;
	int			cap;
	gr_value   *vals;
	char	   *text;			/* the printed values, for findings */
	const char *run;			/* the one value is a run of digits (GR_CELL_RUN) */
	bool		aligned;		/* values read by pipe index under a header */
	bool		by_position;	/* blanks told by the values' display columns */
	int			orig_nvals;		/* before by_position filled the blanks */
	gr_value   *orig_vals;
} prow;

typedef struct region
{
	int			from;			/* grid line index, inclusive */
	int			to;				/* exclusive */
	bool		found;
} region;

/* A template row's keys as match_row tests them. */
typedef struct row_keys
{
	int			nkeys;
	uint64_t   *set;			/* char_set of each key */
	size_t	   *len;
} row_keys;

typedef struct ctx
{
	gr_mem	   *mem;
	const gr_grid *grid;
	const gr_parse_options *opts;
	gr_report  *rep;
	const gr_template *tpl;
	char	  **keys;			/* label key per grid line (lazily) */
	uint8_t    *hints;			/* HINT_* per grid line (lazily) */
	gr_error   *err;
	bool		failed;			/* err is set: stop and return NULL */
	/* printed rows of the current table with several readings */
	gr_reading_row *readings;
	int			nreadings;
	int			capreadings;
	long		split_budget;
	/* pipe rows of the table whose offset the empty cells fixed, by
	 * surplus: the offset (-1 none yet, -2 rows disagree) */
	int			offset_vote[8];
	const char **official_keys[8];	/* per table, per row: label key, lazily */
	const row_keys *row_keys[8];	/* per table, lazily */
	const gr_table_def *row_keys_of[8];	/* the table each was made for */
	size_t		keyed;			/* bytes keyed since the last poll */
	unsigned	key_reads;		/* line_key calls */
} ctx;

static void
check_interrupts(ctx *c, int i)
{
	if (c->opts && c->opts->check_interrupts && (i & 1023) == 0)
		c->opts->check_interrupts();
}

/* ------------------------------------------------------------ label keys */

static const char *
line_key(ctx *c, int li)
{
	/* loops over the lines key them, or read their keys: a cancel gets in
	 * every 4096 lines read, every 64 kB keyed, and inside a long line */
	if ((++c->key_reads & 4095) == 0 && c->opts && c->opts->check_interrupts)
		c->opts->check_interrupts();
	if (c->keys[li] == NULL)
	{
		size_t		len = c->grid->lines[li].len;

		c->keyed += len;
		if (c->keyed >= 65536)
		{
			c->keyed = 0;
			if (c->opts && c->opts->check_interrupts)
				c->opts->check_interrupts();
		}
		c->keys[li] = gr_label_key_polled(c->mem, c->grid->lines[li].text, len, c->opts);
	}
	return c->keys[li];
}

/* The characters of a string as a 64-bit set (a character's bit from its
 * last bytes): a key can occur in a label only if its set is within the
 * label's.  Strings here are label keys and template phrases, valid UTF-8. */
static uint64_t
char_set(const char *s)
{
	const unsigned char *u = (const unsigned char *) s;
	uint64_t	m = 0;

	while (*u)
	{
		if (*u >= 0xE0 && u[1] != 0 && u[2] != 0)
		{
			m |= UINT64_C(1) << ((u[1] * 7u + u[2]) & 63);
			u += 3;
		}
		else
			m |= UINT64_C(1) << (*u++ & 63);
	}
	return m;
}

/* Per template table: every row key's character set and length, made once
 * per parse. */
static const row_keys *
table_keys(ctx *c, const gr_table_def *t)
{
	int			ti = (int) (t - c->tpl->tables),
				r;
	row_keys   *rk;

	if (ti >= 0 && ti < 8 && c->row_keys_of[ti] == t)
		return c->row_keys[ti];
	rk = gr_alloc(c->mem, sizeof(row_keys) * (size_t) t->nrows);
	for (r = 0; r < t->nrows; r++)
	{
		int			k,
					nk = 0;

		while (t->rows[r].keys && t->rows[r].keys[nk])
			nk++;
		rk[r].nkeys = nk;
		rk[r].set = gr_alloc(c->mem, sizeof(uint64_t) * (size_t) (nk + 1));
		rk[r].len = gr_alloc(c->mem, sizeof(size_t) * (size_t) (nk + 1));
		for (k = 0; k < nk; k++)
		{
			rk[r].set[k] = char_set(t->rows[r].keys[k]);
			rk[r].len[k] = strlen(t->rows[r].keys[k]);
		}
	}
	if (ti >= 0 && ti < 8)
	{
		c->row_keys[ti] = rk;
		c->row_keys_of[ti] = t;
	}
	return rk;
}

/* Index of the template row a label names, or -1.  Exact labels (group
 * labels, 总计, 其他) win; otherwise the longest identifying phrase. */
static int
match_row(ctx *c, const gr_table_def *t, const char *key)
{
	const char *stripped = gr_strip_numbering(key);
	const row_keys *rk;
	uint64_t	have;
	int			best = -1;
	size_t		best_len = 0;
	int			r;

	if (*stripped == '\0')
		return -1;
	rk = table_keys(c, t);
	have = char_set(key);
	for (r = 0; r < t->nrows; r++)
	{
		const gr_row_def *rd = &t->rows[r];
		int			k;

		if (rd->exact && strcmp(stripped, rd->exact) == 0)
			return r;
		for (k = 0; k < rk[r].nkeys; k++)
			if (rk[r].len[k] > best_len && (rk[r].set[k] & ~have) == 0 &&
				strstr(key, rd->keys[k]) != NULL)
			{
				best = r;
				best_len = rk[r].len[k];
			}
	}
	return best;
}

/* The row a printed row's own label names: its last label cell first,
 * then all its label cells together. */
static int
match_prow(ctx *c, const gr_table_def *t, const prow *p)
{
	int			r = p->last_label ? match_row(c, t, p->last_label) : -1;

	if (r < 0 && p->label)
		r = match_row(c, t, p->label);
	return r;
}

/* The label a printed row carries on its own line, or the last label line
 * before it that names a row in [lo, hi]. */
static int
weak_match(ctx *c, const gr_table_def *t, const prow *p, int lo, int hi)
{
	int			li;

	for (li = p->weak_last - 1; li >= p->weak_first; li--)
	{
		int			r = match_row(c, t, line_key(c, li));

		if (r >= lo && r <= hi)
			return r;
	}
	return -1;
}

/* -------------------------------------------------------------- headings */

static bool
has_numbering(const char *key)
{
	return gr_strip_numbering(key) != key;
}

static bool
heading_is(const char *key, const char *phrase)
{
	const char *s = gr_strip_numbering(key);
	size_t		n = strlen(phrase);

	/* a heading: the phrase, perhaps with a short tail, no sentence */
	return strncmp(s, phrase, n) == 0 && strlen(s) <= n + 24 && strstr(s, "。") == NULL;
}

static bool
is_t4_heading(const char *key)
{
	const char *s = gr_strip_numbering(key);
	size_t		n = strlen(s);

	return has_numbering(key) && strstr(s, "行政复议") && strstr(s, "行政诉讼") &&
		n >= 6 && strcmp(s + n - 6, "情况") == 0 && n <= 90 && !strstr(s, "。");
}

static bool
is_end_heading(const char *key)
{
	const char *s = gr_strip_numbering(key);

	return has_numbering(key) && !strstr(s, "。") && strlen(s) <= 90 &&
		(strstr(s, "存在的主要问题") || strncmp(s, "其他需要报告的事项", strlen("其他需要报告的事项")) == 0);
}

/* Cells the line printed: an HTML heading row spanning the table is one. */
static int
printed_cells(const gr_line *line)
{
	int			k,
				n = 0;

	for (k = 0; k < line->ncells; k++)
		if (!gr_cell_is_copy(line, k))
			n++;
	return n;
}

/* A needle in a line (lines are not NUL-terminated).  glibc's memmem; a
 * memchr on the first byte would stop at every CJK character. */
static const char *
find_bytes(const char *s, size_t len, const char *needle)
{
	return memmem(s, len, needle, strlen(needle));
}


/* Characters every heading of a kind contains, however spaces split it. */
#define HINT_SITUATION	0x01	/* 况 況: ……情况 (the table headings) */
#define HINT_ARTICLE	0x02	/* 条 條: 第二十条第（一）项 */
#define HINT_END		0x04	/* 题 題 项 項: 存在的主要问题, 其他需要报告的事项 */
#define HINT_UNKNOWN	0x80	/* not worked out yet */

/* One pass over a line's bytes for the hint characters. */
static unsigned
line_hints(const gr_line *line)
{
	const unsigned char *s = (const unsigned char *) line->text;
	size_t		i,
				n = line->len;
	unsigned	mask = 0;

	for (i = 0; i + 2 < n; i++)
	{
		unsigned	c;

		if (s[i] < 0xE5 || s[i] > 0xE9)
		{
			/* past the rest of any other 3-byte character */
			if (s[i] >= 0xE0 && s[i] <= 0xEF)
				i += 2;
			continue;
		}
		c = ((unsigned) s[i] << 16) | ((unsigned) s[i + 1] << 8) | s[i + 2];
		i += 2;
		switch (c)
		{
			case 0xE586B5:		/* 况 */
			case 0xE6B381:		/* 況 */
				mask |= HINT_SITUATION;
				break;
			case 0xE69DA1:		/* 条 */
			case 0xE6A29D:		/* 條 */
				mask |= HINT_ARTICLE;
				break;
			case 0xE9A298:		/* 题 */
			case 0xE9A18C:		/* 題 */
			case 0xE9A1B9:		/* 项 */
			case 0xE9A085:		/* 項 */
				mask |= HINT_END;
				break;
			default:
				break;
		}
	}
	return mask;
}

/*
 * The first line in [from, to) whose label key satisfies pred.  Only
 * short lines carrying the hint characters are keyed: one byte scan per
 * line, computed once for all the heading searches.
 */
static int
find_line(ctx *c, int from, int to, bool (*pred) (const char *, const char *), const char *arg,
		  unsigned hint)
{
	int			li;

	/* hints are worked out once per line, when first asked for, and only
	 * for lines a heading could be (one printed cell, 400 bytes at most) */
	if (c->hints == NULL)
	{
		c->hints = gr_alloc(c->mem, (size_t) (c->grid->nlines + 1));
		memset(c->hints, HINT_UNKNOWN, (size_t) (c->grid->nlines + 1));
	}
	for (li = from; li < to; li++)
	{
		const gr_line *line = &c->grid->lines[li];

		check_interrupts(c, li);
		if (c->hints[li] == HINT_UNKNOWN)
			c->hints[li] = line->len > 400 || printed_cells(line) > 1 ? 0 : (uint8_t) line_hints(line);
		if ((c->hints[li] & hint) && pred(line_key(c, li), arg))
			return li;
	}
	return -1;
}

static bool
pred_heading(const char *key, const char *phrase)
{
	return heading_is(key, phrase);
}

static bool
pred_t4(const char *key, const char *unused)
{
	(void) unused;
	return is_t4_heading(key);
}

static bool
pred_end(const char *key, const char *unused)
{
	(void) unused;
	return is_end_heading(key);
}

static bool
pred_contains(const char *key, const char *phrase)
{
	return strstr(key, phrase) != NULL && strlen(key) <= strlen(phrase) + 12;
}

/* ----------------------------------------------------------- printed rows */

static void
prow_push(ctx *c, prow *p, gr_value v)
{
	if (p->nvals == p->cap)
	{
		int			cap = p->cap ? p->cap * 2 : 8;
		gr_value   *bigger = gr_alloc(c->mem, (size_t) cap * sizeof(gr_value));

		if (p->nvals)
			memcpy(bigger, p->vals, (size_t) p->nvals * sizeof(gr_value));
		p->vals = bigger;
		p->cap = cap;
	}
	p->vals[p->nvals++] = v;
}

static char *
format_values(ctx *c, const gr_value *vals, int n)
{
	size_t		cap = (size_t) n * 24 + 1;
	char	   *out = gr_alloc(c->mem, cap);
	size_t		o = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		char		buf[32];

		if (vals[i].kind == GR_V_NUMBER)
			gr_num_format(vals[i].num, buf, sizeof(buf));
		else
			strcpy(buf, "_");
		o += (size_t) snprintf(out + o, cap - o, "%s%s", i ? " " : "", buf);
	}
	return out;
}

/* The printed values as text, for findings; formatted on first use, since
 * most rows never need it. */
static const char *
prow_text(ctx *c, const prow *p)
{
	prow	   *mp = (prow *) p;

	if (mp->text == NULL)
		mp->text = format_values(c, p->vals, p->nvals);
	return mp->text;
}

/*
 * A pipe table's header: the pipe index of each column, from header lines
 * that print the column labels (自然人 … 总计; 结果维持 …).  Two header
 * lines of one width (a spanning 法人或其他组织 over its five columns) are
 * read together: each column is the first cell after the previous column
 * whose label is the column's.
 */
typedef struct pipe_header
{
	int			width;			/* cells of the header lines, 0 = none */
	int			nlines;
	const gr_line *lines[4];
	const char **keys[4];		/* the lines' cell keys */
	int			ncols;
	int			index[GR_MAX_ROW_CELLS];
	bool		complete;
} pipe_header;

static int
table_columns(const gr_table_def *td, const char **labels, int cap)
{
	int			r,
				k,
				n = 0;

	if (strcmp(td->code, "t2") == 0)
		return 0;				/* its blocks each have their own columns */
	for (r = 0; r < td->nrows; r++)
	{
		if (td->rows[r].kind != GR_ROW_DATA)
			continue;
		if (strcmp(td->code, "t3") == 0 && n > 0)
			break;				/* every row has the same seven columns */
		for (k = 0; k < td->rows[r].ncols && n < cap; k++)
			labels[n++] = td->rows[r].cols[k].label;
	}
	return n;
}

static bool
header_consider(ctx *c, pipe_header *h, const gr_table_def *td, const gr_line *line)
{
	const char *labels[GR_MAX_ROW_CELLS];
	int			ncols = table_columns(td, labels, GR_MAX_ROW_CELLS),
				j,
				k,
				at = -1;
	const char **keys;
	bool		names = false;

	if (ncols == 0 || line->ncells > 64)
		return false;
	/* each cell's key once; empty cells name nothing */
	keys = gr_alloc(c->mem, (size_t) (line->ncells + 1) * sizeof(char *));
	for (k = 0; k < line->ncells; k++)
	{
		size_t		len = strlen(line->cells[k]);

		/* a column label is a few characters: longer cells name none */
		keys[k] = len == 0 || len > 48 ? "" : gr_label_key(c->mem, line->cells[k], len);
		for (j = 0; j < ncols && !names; j++)
			names = keys[k][0] != '\0' && strcmp(keys[k], labels[j]) == 0;
	}
	if (!names)
		return false;			/* a title or label line: the header stands */
	if (h->width != line->ncells)
	{
		h->width = line->ncells;
		h->nlines = 0;
	}
	if (h->nlines == 4)
	{
		memmove(h->lines, h->lines + 1, 3 * sizeof(h->lines[0]));
		memmove(h->keys, h->keys + 1, 3 * sizeof(h->keys[0]));
		h->nlines = 3;
	}
	h->keys[h->nlines] = keys;
	h->lines[h->nlines++] = line;
	h->complete = false;
	h->ncols = ncols;
	for (j = 0; j < ncols; j++)
	{
		int			best = -1,
					l;

		for (l = 0; l < h->nlines; l++)
			for (k = at + 1; k < line->ncells && (best < 0 || k < best); k++)
				if (strcmp(h->keys[l][k], labels[j]) == 0)
				{
					best = k;
					break;
				}
		if (best < 0)
			return true;
		h->index[j] = at = best;
	}
	h->complete = true;
	return true;
}

/* The values of a pipe row read under its header, or false when the row
 * does not fit it (another width, or a number outside the columns). */
static bool
header_read(ctx *c, const pipe_header *h, const gr_line *line, prow *p)
{
	int			k,
				j = 0;

	if (!h->complete || line->ncells != h->width)
		return false;
	for (k = 0; k < line->ncells; k++)
	{
		bool		column = j < h->ncols && h->index[j] == k;
		gr_value	v = gr_value_parse(line->cells[k], strlen(line->cells[k]));

		if (column)
			j++;
		else if (v.kind == GR_V_NUMBER && k > h->index[0])
			return false;
		else if (k < h->index[0] && v.kind == GR_V_NUMBER)
			return false;
	}
	p->nvals = 0;
	for (j = 0; j < h->ncols; j++)
	{
		const char *cell = line->cells[h->index[j]];
		gr_value	v = gr_value_parse(cell, strlen(cell));

		if (v.kind == GR_V_NONE)
			return false;		/* text where a number belongs */
		prow_push(c, p, v);
	}
	p->aligned = true;
	return true;
}

/*
 * Aligned text (pdftotext -layout): the header's column labels and their
 * display columns, from the label lines above the rows.  A row printing
 * fewer numbers than columns, its blank cells only spaces, is read by the
 * column each number stands under.
 */
typedef struct text_header
{
	int			ncols;
	int			center[GR_MAX_ROW_CELLS];
	bool		complete;
	int			nlines;
	const gr_line *lines[3];
} text_header;

static void
text_header_consider(const gr_table_def *td, text_header *h, const gr_line *line)
{
	const char *labels[GR_MAX_ROW_CELLS];
	int			ncols = table_columns(td, labels, GR_MAX_ROW_CELLS),
				j,
				prev = -1;
	text_header next;

	int			distinct = ncols > 7 ? 5 : ncols;	/* table 4 repeats its five */

	if (ncols == 0 || line->len > 600)
		return;
	for (j = 0; j < distinct; j++)
		if (find_bytes(line->text, line->len, labels[j]))
			break;
	if (j == distinct)
		return;					/* no column label: a row's label line */
	next = *h;
	if (next.nlines == 3)
	{
		memmove(next.lines, next.lines + 1, 2 * sizeof(next.lines[0]));
		next.nlines = 2;
	}
	next.lines[next.nlines++] = line;
	next.ncols = ncols;
	for (j = 0; j < ncols; j++)
	{
		int			best = -1,
					l;
		size_t		n = strlen(labels[j]);

		for (l = 0; l < next.nlines; l++)
		{
			const gr_line *hl = next.lines[l];
			const char *at = hl->text,
					   *end = hl->text + hl->len;

			while ((at = find_bytes(at, (size_t) (end - at), labels[j])) != NULL)
			{
				int			center = hl->indent + gr_display_width(hl->text, (size_t) (at - hl->text)) +
					gr_display_width(at, n) / 2;

				if (center > prev && (best < 0 || center < best))
					best = center;
				at += n;
			}
		}
		if (best < 0)
			break;
		next.center[j] = prev = best;
	}
	next.complete = j == ncols;
	/* a line that completes no header (（六）其他处理 names 其他) leaves the
	 * header found before standing */
	if (next.complete || !h->complete)
		*h = next;
}

/* Where the values k.. of a plain line stand in its text: kept by the
 * lexer for a labelled line; a line of values alone (table 4 printed
 * without a label) is tokenised again here. */
static bool
value_offsets(const gr_line *line, int k, uint32_t *at)
{
	size_t		i = 0;
	int			n = 0;

	if (line->cell_at != NULL)
	{
		memcpy(at, line->cell_at + k, (size_t) (line->ncells - k) * sizeof(uint32_t));
		return true;
	}
	if (k != 0 || line->ncells < 2 || line->origin != GR_ORIGIN_LINE)
		return false;			/* a lone value: one cell per line, not a column */
	while (i < line->len)
	{
		size_t		start;

		while (i < line->len && line->text[i] == ' ')
			i++;
		if (i >= line->len)
			break;
		start = i;
		while (i < line->len && line->text[i] != ' ')
			i++;
		if (n >= line->ncells || strlen(line->cells[n]) != i - start ||
			memcmp(line->cells[n], line->text + start, i - start) != 0)
			return false;
		at[n++] = (uint32_t) start;
	}
	return n == line->ncells;
}

/* Spreads a short row's numbers over the columns they stand under. */
static bool
text_header_read(ctx *c, const text_header *h, const gr_line *line, int k, prow *p)
{
	int			i,
				j,
				col[GR_MAX_ROW_CELLS],
				last = -1,
				nv = line->ncells - k;
	gr_value   *vals;

	uint32_t	at[GR_MAX_ROW_CELLS];

	if (!h->complete || nv >= h->ncols || nv > GR_MAX_ROW_CELLS || !value_offsets(line, k, at))
		return false;
	for (i = 0; i < nv; i++)
	{
		const char *cell = line->cells[k + i];
		int			x = line->indent + gr_display_width(line->text, at[i]) +
			gr_display_width(cell, strlen(cell)) / 2,
					best = -1,
					dist = 0;

		if (gr_value_parse(line->cells[k + i], strlen(line->cells[k + i])).kind != GR_V_NUMBER)
			return false;
		for (j = 0; j < h->ncols; j++)
		{
			int			d = x > h->center[j] ? x - h->center[j] : h->center[j] - x;

			if (best < 0 || d < dist)
				best = j, dist = d;
		}
		/* under a column: closer to it than half the way to the next */
		for (j = 0; j < h->ncols; j++)
			if (j != best)
			{
				int			gap = h->center[j] > h->center[best] ? h->center[j] - h->center[best] :
					h->center[best] - h->center[j];

				if (2 * dist >= gap)
					return false;
			}
		if (best <= last)
			return false;
		col[i] = last = best;
	}
	vals = gr_alloc(c->mem, (size_t) h->ncols * sizeof(gr_value));
	for (j = 0; j < h->ncols; j++)
		vals[j].kind = GR_V_BLANK;
	for (i = 0; i < nv; i++)
		vals[col[i]] = gr_value_parse(line->cells[k + i], strlen(line->cells[k + i]));
	p->vals = vals;
	p->nvals = p->cap = h->ncols;
	p->by_position = true;
	return true;
}

/* A single token of at least min plain digits: on a row of tables 3 and 4
 * (whose identities can split it), as many digits as the row has cells is
 * no single count but cells run together. */
static bool
digit_run(const char *s, size_t min)
{
	size_t		n = 0;

	if (min == 0)
		return false;
	for (; *s; s++, n++)
		if (*s < '0' || *s > '9')
			return false;
	return n >= min;
}

static prow *
new_prow(ctx *c, prow **rows, int *n, int *cap, const gr_line *line, int pending, int li)
{
	prow	   *p;

	if (*n == *cap)
	{
		prow	   *bigger = gr_alloc(c->mem, (size_t) *cap * 2 * sizeof(prow));

		memcpy(bigger, *rows, (size_t) *n * sizeof(prow));
		*rows = bigger;
		*cap *= 2;
	}
	p = &(*rows)[(*n)++];
	memset(p, 0, sizeof(*p));
	p->line = line->lineno;
	p->origin = line->origin;
	p->weak_first = pending;
	p->weak_last = li;
	return p;
}

/* The line after li starts with a label (or the region ends): li is not
 * a label whose values follow one per line. */
static bool
next_line_labelled(ctx *c, int li, int to)
{
	const gr_line *next;

	if (li + 1 >= to)
		return true;
	next = &c->grid->lines[li + 1];
	return next->ncells > 0 && next->origin == GR_ORIGIN_LINE &&
		gr_value_parse(next->cells[0], strlen(next->cells[0])).kind == GR_V_NONE;
}

/* A label-only line under a complete aligned header whose label is a data
 * row's whole official label (a wrapped label's first part never is), or
 * names a data row and is followed by another row's label. */
static bool
blank_row_under_header(ctx *c, const gr_table_def *td, const text_header *h, int li, int to)
{
	const char *key = gr_strip_numbering(line_key(c, li));
	int			t = (int) (td - c->tpl->tables),
				r;

	size_t		klen = strlen(key);

	if (t < 0 || t >= 8)
		return false;
	if (c->official_keys[t] == NULL)
		c->official_keys[t] = gr_alloc(c->mem, (size_t) (td->nrows + 1) * sizeof(char *));
	for (r = 0; r < td->nrows; r++)
	{
		size_t		llen = strlen(td->rows[r].label);

		/* keyed only when the lengths could match (numbering, spaces) */
		if (td->rows[r].kind != GR_ROW_DATA || td->rows[r].ncols != h->ncols ||
			llen > klen + 24 || klen > llen + 8)
			continue;
		if (c->official_keys[t][r] == NULL)
		{
			/* normalised as the document's lines are: "（一）" is "(一)" */
			size_t		nlen = 0;
			const char *norm = gr_normalise(c->mem, td->rows[r].label, llen, &nlen, NULL);

			c->official_keys[t][r] = gr_strip_numbering(gr_label_key(c->mem, norm ? norm : td->rows[r].label,
																	 norm ? nlen : llen));
		}
		if (strcmp(key, c->official_keys[t][r]) == 0)
			return true;
	}
	/* a label cut short ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政")
	 * when the next line is another row's: no wrapped label, a row of blanks */
	r = match_row(c, td, line_key(c, li));
	if (r >= 0 && td->rows[r].kind == GR_ROW_DATA && td->rows[r].ncols == h->ncols && li + 1 < to)
	{
		const gr_line *next = &c->grid->lines[li + 1];
		const char *nkey = next->ncells > 0 ? gr_label_key(c->mem, next->cells[0], strlen(next->cells[0])) : "";
		int			r2 = *nkey ? match_row(c, td, nkey) : -1;

		return r2 >= 0 && r2 != r;
	}
	return false;
}

/* Builds the printed rows of a region.  Runs of one-value lines (a table
 * flattened one cell per line) are joined into one row. */
static prow *
build_rows(ctx *c, region rg, const char *table, int *nrows_out)
{
	int			cap = 16,
				n = 0,
				li,
				pending = rg.from;
	prow	   *rows = gr_alloc(c->mem, (size_t) cap * sizeof(prow));
	int			tix = gr_template_table(c->tpl, table);
	pipe_header header;
	text_header theader;

	memset(&header, 0, sizeof(header));
	memset(&theader, 0, sizeof(theader));
	for (li = rg.from; li < rg.to; li++)
	{
		const gr_line *line = &c->grid->lines[li];
		int			k = 0,
					nlabel = 0,
					last = -1;
		size_t		label_len = 0;
		char	   *label = NULL,
				   *last_label = NULL;
		prow	   *p;
		gr_value	first;
		int			kfirst;

		check_interrupts(c, li);
		/* leading label cells (span copies repeat a cell read elsewhere) */
		while (k < line->ncells)
		{
			gr_value	v;

			if (gr_cell_is_copy(line, k))
			{
				k++;
				continue;
			}
			v = gr_value_parse(line->cells[k], strlen(line->cells[k]));
			if (v.kind == GR_V_BLANK && line->origin == GR_ORIGIN_PIPE && line->cells[k][0] == '\0')
			{
				/* empty cells before a label cell belong to the label */
				int			j = k;

				while (j < line->ncells && line->cells[j][0] == '\0')
					j++;
				if (j < line->ncells &&
					gr_value_parse(line->cells[j], strlen(line->cells[j])).kind == GR_V_NONE)
				{
					k = j;
					continue;
				}
			}
			if (v.kind != GR_V_NONE)
				break;
			label_len += strlen(line->cells[k]);
			nlabel++;
			last = k;
			k++;
		}
		if (line->origin != GR_ORIGIN_PIPE)
			header.width = 0;	/* a header holds for its own pipe table */
		else if (tix >= 0 && (n == 0 || header.complete))
		{
			/* header lines stand above the rows (or repeat a header found) */
			int			j;
			bool		number = false;

			for (j = k; j < line->ncells && !number; j++)
				number = gr_value_parse(line->cells[j], strlen(line->cells[j])).kind == GR_V_NUMBER;
			if (!number && header_consider(c, &header, &c->tpl->tables[tix], line))
				continue;		/* a header line: column labels, no row */
		}
		if (k >= line->ncells)
		{
			if (line->origin == GR_ORIGIN_LINE && tix >= 0)
			{
				/* the header stands above the rows */
				if (n == 0)
					text_header_consider(&c->tpl->tables[tix], &theader, line);
				if (theader.complete && next_line_labelled(c, li, rg.to) &&
					blank_row_under_header(c, &c->tpl->tables[tix], &theader, li, rg.to))
				{
					/* a row's whole label and nothing under any column:
					 * a row of blanks in aligned text */
					int			j;

					p = new_prow(c, &rows, &n, &cap, line, pending, li);
					for (j = 0; j < theader.ncols; j++)
						prow_push(c, p, (gr_value) {.kind = GR_V_BLANK});
					p->label = line_key(c, li);
					p->by_position = true;
					pending = li + 1;
				}
			}
			continue;			/* label-only line: stays pending */
		}
		if (nlabel > 0)
		{
			int			j;

			label = gr_alloc(c->mem, label_len + 1);
			for (j = 0; j < k; j++)
				if (!gr_cell_is_copy(line, j))
					strcat(label, line->cells[j]);
			label = gr_label_key_polled(c->mem, label, strlen(label), c->opts);
			if (*label == '\0')
				label = NULL;
		}
		if (nlabel > 1)
		{
			/* "三、本年度办理结果 | （一）予以公开": the last is the most specific */
			last_label = gr_label_key_polled(c->mem, line->cells[last], strlen(line->cells[last]), c->opts);
			if (*last_label == '\0')
				last_label = NULL;
		}
		if (line->origin == GR_ORIGIN_PIPE || line->origin == GR_ORIGIN_HTML)
		{
			/* A table row with nothing but empty cells is a row of blanks
			 * when its label names a template row; otherwise it is padding
			 * or a header fragment and carries no values. */
			int			j,
						t = gr_template_table(c->tpl, table),
						r = -1;
			bool		any = false;

			bool		number = false,
						text = false;

			for (j = k; j < line->ncells; j++)
				if (line->cells[j][0] != '\0' && !gr_cell_is_copy(line, j))
				{
					any = true;
					if (line->origin == GR_ORIGIN_PIPE)
					{
						gr_vkind	kind = gr_value_parse(line->cells[j], strlen(line->cells[j])).kind;

						number |= kind == GR_V_NUMBER;
						text |= kind == GR_V_NONE;
					}
				}
			if (!number && text)
			{
				/* a header line whose first cells are empty
				 * ("| | | 结果维持 | …"): labels, not values */
				continue;
			}
			if (!any && t >= 0)
			{
				if (last_label)
					r = match_row(c, &c->tpl->tables[t], last_label);
				if (r < 0 && label)
					r = match_row(c, &c->tpl->tables[t], label);
			}
			if (!any && (r < 0 || c->tpl->tables[t].rows[r].kind != GR_ROW_DATA))
				continue;
		}
		first = gr_value_parse(line->cells[k], strlen(line->cells[k]));
		kfirst = k;
		if (label == NULL && line->origin == GR_ORIGIN_LINE && line->ncells - k == 1 &&
			n > 0 && rows[n - 1].singles && pending == li)
		{
			/* the next cell of a row flattened one cell per line */
			prow_push(c, &rows[n - 1], first);
			pending = li + 1;
			continue;
		}
		p = new_prow(c, &rows, &n, &cap, line, pending, li);
		p->label = label;
		p->last_label = last_label;
		p->singles = (label == NULL && line->origin == GR_ORIGIN_LINE && line->ncells - k == 1);
		if (line->origin == GR_ORIGIN_PIPE && header_read(c, &header, line, p))
		{
			pending = li + 1;
			continue;
		}
		if (line->cell_flags && (line->cell_flags[k] & GR_CELL_RUN) && line->ncells - k == 1)
			p->run = line->cells[k];
		else if (line->origin == GR_ORIGIN_LINE && line->ncells - k == 1 && tix >= 0 &&
				 digit_run(line->cells[k], strcmp(table, "t4") == 0 ? 15 : strcmp(table, "t3") == 0 ? 7 : 0))
			p->run = line->cells[k];	/* a row on its own line, its cells run together */
		if (line->origin == GR_ORIGIN_LINE && (line->cell_at || (k == 0 && line->ncells > 1)) && theader.complete &&
			line->ncells - k < theader.ncols && p->run == NULL)
		{
			/* the printed numbers, kept for when the columns do not hold */
			prow		printed = *p;

			for (; k < line->ncells; k++)
			{
				gr_value	v = k == kfirst ? first : gr_value_parse(line->cells[k], strlen(line->cells[k]));

				if (v.kind != GR_V_NONE)
					prow_push(c, &printed, v);
			}
			k = line->ncells - (printed.nvals);
			if (printed.nvals == line->ncells - k && text_header_read(c, &theader, line, k, p))
			{
				p->orig_vals = printed.vals;
				p->orig_nvals = printed.nvals;
				pending = li + 1;
				continue;
			}
			*p = printed;
			pending = li + 1;
			continue;
		}
		for (; k < line->ncells; k++)
		{
			gr_value	v;

			if (gr_cell_is_copy(line, k))
				continue;
			v = k == kfirst ? first : gr_value_parse(line->cells[k], strlen(line->cells[k]));
			if (v.kind == GR_V_NONE)
				continue;		/* a note among the numbers */
			prow_push(c, p, v);
		}
		pending = li + 1;
	}
	if (c->opts && c->opts->limits.max_table_rows > 0 && n > c->opts->limits.max_table_rows)
	{
		gr_error_set(c->err, GR_ERR_LIMIT, -1,
					 "table %s has %d printed rows; the limit (max_table_rows) is %d",
					 table, n, c->opts->limits.max_table_rows);
		c->failed = true;
		n = 0;
	}
	*nrows_out = n;
	return rows;
}

/* ------------------------------------------------------------ cell filling */

static const char *
row_what(ctx *c, int t, int r)
{
	const char *tc = c->tpl->tables[t].code,
			   *rc = c->tpl->tables[t].rows[r].code;
	size_t		tn = strlen(tc),
				rn = strlen(rc);
	char	   *s = gr_alloc(c->mem, tn + rn + 2);

	/* "t3.received" */
	memcpy(s, tc, tn);
	s[tn] = '.';
	memcpy(s + tn + 1, rc, rn + 1);
	return s;
}

static void
add_finding_values(ctx *c, gr_finding *f, const prow *p)
{
	int			i,
				n = 0;

	f->values = gr_alloc(c->mem, (size_t) (p->nvals > 0 ? p->nvals : 1) * sizeof(gr_num));
	for (i = 0; i < p->nvals; i++)
		if (p->vals[i].kind == GR_V_NUMBER)
			f->values[n++] = p->vals[i].num;
	f->nvalues = n;
}

static gr_finding *finding(ctx *c, const char *code, const char *location, const char *fmt, ...)
#if defined(__GNUC__)
			__attribute__((format(printf, 4, 5)))
#endif
			;

static gr_finding *
finding(ctx *c, const char *code, const char *location, const char *fmt, ...)
{
	va_list		ap;
	int			n;
	char	   *msg;

	/* exact length: a fixed buffer could cut a UTF-8 label in half */
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = gr_alloc(c->mem, (size_t) (n > 0 ? n : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t) (n > 0 ? n : 0) + 1, fmt, ap);
	va_end(ap);
	return gr_report_add_finding(c->mem, c->rep, code, location, "%s", msg);
}

static const char *
loc_line(ctx *c, const char *what, uint32_t line)
{
	char		buf[128];

	snprintf(buf, sizeof(buf), "%s, line %u", what, (unsigned) line);
	return gr_strdup(c->mem, buf);
}

/* A new row of readings for cells [first, first+ncols), or NULL (and a
 * finding) when the table has too many. */
static gr_reading_row *
new_reading_row(ctx *c, int first, int ncols, const prow *p, const char *what, const char *how)
{
	gr_reading_row *row;
	int			i;

	if (ncols > GR_MAX_ROW_CELLS)
		return NULL;
	if (c->nreadings == c->capreadings)
	{
		int			cap = c->capreadings ? c->capreadings * 2 : 8;
		gr_reading_row *bigger = gr_alloc(c->mem, (size_t) cap * sizeof(gr_reading_row));

		if (c->nreadings)
			memcpy(bigger, c->readings, (size_t) c->nreadings * sizeof(gr_reading_row));
		c->readings = bigger;
		c->capreadings = cap;
	}
	row = &c->readings[c->nreadings++];
	memset(row, 0, sizeof(*row));
	row->ncells = ncols;
	for (i = 0; i < ncols; i++)
		row->cells[i] = first + i;
	row->line = p->line;
	row->what = what;
	row->how = how;
	row->printed = p->run ? p->run : prow_text(c, p);
	row->printed_nums = gr_alloc(c->mem, (size_t) (p->nvals + 1) * sizeof(gr_num));
	for (i = 0; i < p->nvals; i++)
		if (p->vals[i].kind == GR_V_NUMBER)
			row->printed_nums[row->nprinted++] = p->vals[i].num;
	return row;
}

/* A run of digits that holds a row's cells: its splits are the readings. */
static void
queue_run(ctx *c, int first, int ncols, const prow *p, const char *what)
{
	gr_reading_row *row = new_reading_row(c, first, ncols, p, what, "a run of digits split into cells");

	if (row == NULL)
		return;
	if (c->split_budget <= 0 && row->nread == 0)
	{
		row->capped = true;
		c->split_budget = -1;	/* the table's steps ran out: said */
	}
	else
		gr_split_run(c->mem, c->rep, row, p->run, strlen(p->run), &c->split_budget, c->opts);
}

/*
 * A pipe row with more cells than columns, the surplus empty: an empty
 * label cell, or padding.  Every window of ncols cells with only empty
 * cells outside it is a reading; one window is the layout's, several go to
 * the identities.  Returns false when no window exists.
 */
static bool
pipe_windows(ctx *c, int first, int ncols, const prow *p, const char *what, bool *done)
{
	int			s,
				i,
				nwin = 0,
				only = -1;
	gr_reading_row *row = NULL;

	*done = false;
	for (s = 0; s + ncols <= p->nvals; s++)
	{
		bool		ok = true;

		for (i = 0; i < p->nvals && ok; i++)
			if ((i < s || i >= s + ncols) && p->vals[i].kind != GR_V_BLANK)
				ok = false;
		if (ok)
			nwin++, only = s;
	}
	if (nwin > 1)
	{
		/* a row of empty cells reads the same at every offset */
		bool		same = true;

		for (i = 0; i < p->nvals; i++)
			if (p->vals[i].kind != GR_V_BLANK)
				same = false;
		if (same)
			nwin = 1;
	}
	if (nwin == 1 && p->nvals - ncols < 8)
	{
		int		   *vote = &c->offset_vote[p->nvals - ncols];

		*vote = *vote == -1 || *vote == only ? only : -2;
	}
	if (nwin <= 1)
		return nwin == 1;
	row = new_reading_row(c, first, ncols, p, what, "pipe cells read at each offset the empty cells allow");
	if (row == NULL)
		return false;
	for (s = 0; s + ncols <= p->nvals; s++)
	{
		gr_reading	rd;
		bool		ok = true;

		for (i = 0; i < p->nvals && ok; i++)
			if ((i < s || i >= s + ncols) && p->vals[i].kind != GR_V_BLANK)
				ok = false;
		if (!ok)
			continue;
		memset(&rd, 0, sizeof(rd));
		rd.tag = s;
		for (i = 0; i < ncols; i++)
		{
			const gr_value *v = &p->vals[s + i];

			if (v->kind == GR_V_NUMBER && !v->overflow)
				rd.v[i] = v->num;
			else
				rd.blank[i] = 1;
		}
		gr_reading_add(c->mem, row, &rd);
	}
	row->link = p->nvals - ncols < 8 ? p->nvals - ncols : 0;
	*done = true;
	return true;
}

/* Digits of a non-negative integer. */
static int
digits_of(int64_t v)
{
	int			n = 1;

	while (v >= 10)
		v /= 10, n++;
	return n;
}

/* A number printed with a leading zero ("010", "00"): a number's tail,
 * never a number of its own. */
static bool
leading_zero(const gr_value *v)
{
	return v->kind == GR_V_NUMBER && v->num.scale == 0 && v->num.mant >= 0 &&
		v->int_digits > (v->num.mant == 0 ? 1 : digits_of(v->num.mant));
}

/* Steps joining one text row's split numbers back. */
#define MAX_JOIN_STEPS 100000L

typedef struct merger
{
	ctx		   *c;
	const prow *p;
	gr_reading_row *row;
	int			ncols;
	gr_reading	cur;
	long		steps;
} merger;

/* Cells k.. from printed values i..: each cell takes one value, or two or
 * more adjacent integers joined ("1 2" → 12). */
static void
merge_from(merger *m, int k, int i)
{
	const prow *p = m->p;
	int			left_vals = p->nvals - i,
				left_cells = m->ncols - k,
				j;

	if (m->row->capped)
		return;
	if (m->steps >= MAX_JOIN_STEPS)
	{
		m->row->capped = true;
		return;
	}
	m->steps++;
	if (left_cells == 0)
	{
		if (left_vals == 0)
			gr_reading_add(m->c->mem, m->row, &m->cur);
		return;
	}
	if (left_vals < left_cells)
		return;
	{
		const gr_value *v = &p->vals[i];
		int64_t		acc = v->num.mant;

		m->cur.blank[k] = v->kind != GR_V_NUMBER;
		m->cur.v[k] = v->num;
		/* "010" is no number of its own: only the tail of one ("1 010") */
		if (!leading_zero(v))
			merge_from(m, k + 1, i + 1);
		if (v->kind != GR_V_NUMBER || v->num.scale != 0 || v->num.mant < 0 || v->unit || v->has_remark ||
			leading_zero(v))
			return;
		for (j = i + 1; j < p->nvals && p->nvals - (j + 1) >= left_cells - 1; j++)
		{
			const gr_value *w = &p->vals[j];
			int			d;

			if (w->kind != GR_V_NUMBER || w->num.scale != 0 || w->num.mant < 0 || w->unit || w->has_remark ||
				acc == 0)
				return;			/* "0" never starts a number: "0 5" is not 05 */
			d = w->int_digits;	/* as printed: "1 010" is 1010 */
			if (digits_of(acc) + d > GR_MAX_DIGITS)
				return;
			while (d-- > 0)
				acc *= 10;
			acc += w->num.mant;
			m->cur.blank[k] = 0;
			m->cur.v[k].mant = acc;
			m->cur.v[k].scale = 0;
			merge_from(m, k + 1, j + 1);
		}
	}
}

/*
 * A line printing more numbers than cells: a converter split a number into
 * two tokens.  Every way of joining adjacent integers back is a reading;
 * the identities choose.  At most as many surplus tokens as cells are
 * tried (every number split once); the search is bounded by its steps.
 */
static bool
queue_merges(ctx *c, int first, int ncols, const prow *p, const char *what)
{
	merger		m;

	if (p->nvals - ncols > ncols || ncols > GR_MAX_ROW_CELLS)
		return false;
	memset(&m, 0, sizeof(m));
	m.c = c;
	m.p = p;
	m.ncols = ncols;
	m.row = new_reading_row(c, first, ncols, p, what, "adjacent numbers joined, as a converter split one number in two");
	if (m.row == NULL)
		return false;
	merge_from(&m, 0, 0);
	gr_search_account(c->rep, GR_SEARCH_JOIN, m.steps, MAX_JOIN_STEPS, m.row->capped);
	return true;
}

/* Do the identities over cells [first, first+ncols) hold with vals there
 * (blanks as 0)? */
static bool
row_identities_hold(ctx *c, int first, int ncols, const gr_value *vals)
{
	const gr_template *tpl = c->tpl;
	gr_cell		saved[GR_MAX_ROW_CELLS];
	bool		ok = true;
	int			i,
				t;

	memcpy(saved, &c->rep->cells[first], (size_t) ncols * sizeof(gr_cell));
	for (i = 0; i < ncols; i++)
	{
		c->rep->cells[first + i].state = vals[i].kind == GR_V_NUMBER ? GR_REPORTED : GR_BLANK;
		c->rep->cells[first + i].value = vals[i].num;
	}
	for (i = 0; i < tpl->nidentities && ok; i++)
	{
		const gr_identity *id = &tpl->identities[i];
		bool		inside = id->nterms > 0;

		for (t = 0; t < id->nterms && inside; t++)
			inside = id->terms[t].cell >= first && id->terms[t].cell < first + ncols;
		if (inside && gr_identity_holds(c->rep, id) == 0)
			ok = false;
	}
	memcpy(&c->rep->cells[first], saved, (size_t) ncols * sizeof(gr_cell));
	return ok;
}

/* Placements tried against a row read by position. */
#define MAX_POSITION_STEPS 20000L

/* Some placement of the m printed numbers in order (the others blank)
 * keeps the row's identities. */
static bool
some_placement_holds(ctx *c, int first, int ncols, const gr_value *printed, int m, int k, int from,
					 gr_value *vals, long *steps)
{
	int			i;

	if (*steps >= MAX_POSITION_STEPS)
		return true;			/* too many to try: assume one would (said) */
	++*steps;
	if (k == m)
		return row_identities_hold(c, first, ncols, vals);
	for (i = from; i <= ncols - (m - k); i++)
	{
		bool		ok;

		vals[i] = printed[k];
		ok = some_placement_holds(c, first, ncols, printed, m, k + 1, i + 1, vals, steps);
		vals[i].kind = GR_V_BLANK;
		if (ok)
			return true;
	}
	return false;
}

/*
 * The reading by position stands when it keeps the row's identities, or
 * when no placement of the printed numbers does (the source's own failure,
 * such as a blank 总计, which the checks then name).
 */
static bool
position_reading_holds(ctx *c, int first, int ncols, const prow *p)
{
	gr_value	vals[GR_MAX_ROW_CELLS];
	long		steps = 0;
	int			i;
	bool		some;

	if (ncols > GR_MAX_ROW_CELLS || p->nvals != ncols)
		return false;
	if (row_identities_hold(c, first, ncols, p->vals))
		return true;
	for (i = 0; i < ncols; i++)
		vals[i].kind = GR_V_BLANK;
	some = some_placement_holds(c, first, ncols, p->orig_vals, p->orig_nvals, 0, 0, vals, &steps);
	gr_search_account(c->rep, GR_SEARCH_POSITION, steps, MAX_POSITION_STEPS, steps >= MAX_POSITION_STEPS);
	if (steps >= MAX_POSITION_STEPS)
		finding(c, "reading_search_capped", loc_line(c, c->tpl->cells[first].key, p->line),
				"the row printed %s under the header; trying the placements of its numbers against its identities took more than the search allows (%ld), so it is read as a short row",
				prow_text(c, p), MAX_POSITION_STEPS);
	return !some;
}

/* Writes a printed row's values into cells [first, first+ncols).  Returns
 * false when the row printed fewer numbers than cells (a short row). */
static bool
fill_cells(ctx *c, int first, int ncols, const prow *p, int t, int r)
{
	int			nv = p->nvals,
				i,
				lead = 0;
	const char *what = row_what(c, t, r);

	if (p->run && ncols > 1 && nv == 1)
	{
		queue_run(c, first, ncols, p, what);
		return true;
	}
	if (p->origin == GR_ORIGIN_PIPE && !p->aligned && nv > ncols)
	{
		bool		done;

		if (pipe_windows(c, first, ncols, p, what, &done) && done)
			return true;
	}
	/* surplus empty cells at the ends come from padded tables; on a line
	 * of text a placeholder is a printed cell, never padding */
	while (nv > ncols && p->origin != GR_ORIGIN_LINE && p->vals[lead + nv - 1].kind == GR_V_BLANK)
		nv--;
	while (nv > ncols && p->origin != GR_ORIGIN_LINE && p->vals[lead].kind == GR_V_BLANK)
		lead++, nv--;
	if (nv > ncols && p->origin == GR_ORIGIN_LINE && queue_merges(c, first, ncols, p, what))
		return true;
	if (nv > ncols && ncols == 7 && nv == 8)
	{
		/* an added 法人或其他组织 subtotal column: v1 = v2 + ... + v6 */
		const gr_value *v = p->vals + lead;
		int64_t		sum = 0;
		bool		ok = true;

		for (i = 2; i <= 6; i++)
		{
			if (v[i].kind == GR_V_NUMBER && v[i].num.scale == 0)
				sum += v[i].num.mant;
			else if (v[i].kind != GR_V_BLANK)
				ok = false;
		}
		if (ok && v[1].kind == GR_V_NUMBER && v[1].num.scale == 0 && v[1].num.mant == sum)
		{
			for (i = 0; i < 7; i++)
			{
				const gr_value *src = &v[i < 1 ? 0 : i + 1];
				gr_cell    *cell = &c->rep->cells[first + i];

				cell->line = p->line;
				cell->state = src->kind == GR_V_NUMBER ? GR_REPORTED : GR_BLANK;
				if (src->kind == GR_V_NUMBER)
					cell->value = src->num;
			}
			finding(c, "subtotal_column_dropped", loc_line(c, what, p->line),
					"row %s printed 8 numbers (%s); the second is the 法人或其他组织 subtotal of the next five and was left out",
					what, prow_text(c, p));
			return true;
		}
	}
	if (nv > ncols)
	{
		gr_finding *f = finding(c, "too_many_values", loc_line(c, what, p->line),
								"row %s printed %d values for %d cells (%s); its cells are left absent",
								what, nv, ncols, prow_text(c, p));

		add_finding_values(c, f, p);
		return true;
	}
	if (nv < ncols)
		return false;
	if (p->by_position && !position_reading_holds(c, first, ncols, p))
	{
		/* the columns under the header break the row's identities: read
		 * the printed numbers as a short row instead */
		prow	   *mp = (prow *) p;

		mp->vals = mp->orig_vals;
		mp->nvals = mp->cap = mp->orig_nvals;
		mp->by_position = false;
		mp->text = NULL;
		return fill_cells(c, first, ncols, p, t, r);
	}
	for (i = 0; i < ncols; i++)
	{
		const gr_value *v = &p->vals[lead + i];
		gr_cell    *cell = &c->rep->cells[first + i];

		cell->line = p->line;
		if (v->kind == GR_V_NUMBER && !v->overflow)
		{
			cell->state = GR_REPORTED;
			cell->value = v->num;
		}
		else if (v->kind == GR_V_NUMBER)
		{
			cell->state = GR_ABSENT;
			finding(c, "number_out_of_range", loc_line(c, c->tpl->cells[first + i].key, p->line),
					"cell %s: the printed number has more than %d digits; the cell is left absent",
					c->tpl->cells[first + i].key, GR_MAX_DIGITS);
		}
		else
			cell->state = GR_BLANK;
		if (v->has_remark)
			finding(c, "remark_in_cell", loc_line(c, c->tpl->cells[first + i].key, p->line),
					"cell %s carries a remark next to its number; the number is kept",
					c->tpl->cells[first + i].key);
		if (v->kind == GR_V_NUMBER && v->unit != NULL)
			finding(c, "unit_in_cell", loc_line(c, c->tpl->cells[first + i].key, p->line),
					"cell %s is printed with its unit %s; the number is kept as printed, in %s",
					c->tpl->cells[first + i].key, v->unit, v->unit);
	}
	return true;
}

/* Decides the table's rows of several readings, after its short rows. */
static void
solve_table_readings(ctx *c)
{
	int			r,
				a,
				kept;

	/* rows of one pipe table share its layout: where the other rows with
	 * the same surplus of empty cells all fixed the offset, it is this
	 * row's too */
	for (r = 0; r < c->nreadings; r++)
	{
		gr_reading_row *row = &c->readings[r];
		int			vote = row->link > 0 ? c->offset_vote[row->link] : -1;

		if (vote < 0)
			continue;
		for (a = kept = 0; a < row->nread; a++)
			if (row->reads[a].tag == vote)
				row->reads[kept++] = row->reads[a];
		if (kept > 0)
		{
			row->nread = kept;
			row->how = "pipe cells read at the offset the table's other rows print";
		}
	}
	gr_solve_readings(c->mem, c->rep, c->readings, c->nreadings, c->opts);
	gr_search_account(c->rep, GR_SEARCH_SPLIT_TABLE, gr_split_budget() - (c->split_budget > 0 ? c->split_budget : 0),
					  gr_split_budget(), c->split_budget < 0);
	c->nreadings = 0;
	c->split_budget = gr_split_budget();
	for (r = 0; r < 8; r++)
		c->offset_vote[r] = -1;
}

/* Queues a short row for placement by the identities. */
static void
queue_short(ctx *c, gr_short_row **outp, int *nout, int cap, const int *cells, int ncells,
			const prow *p, const char *what, const char *label)
{
	gr_short_row *s;
	int			i;

	if (*nout >= cap || ncells > GR_MAX_ROW_CELLS)
	{
		gr_finding *f = finding(c, "short_row_unplaced", loc_line(c, what, p->line),
								"row %s printed %d values for %d cells (%s), but the table already has %d short rows, the most that are placed; its cells are left absent",
								what, p->nvals, ncells, prow_text(c, p), cap);

		add_finding_values(c, f, p);
		return;
	}
	if (*outp == NULL)
		*outp = gr_alloc(c->mem, (size_t) cap * sizeof(gr_short_row));
	s = &(*outp)[(*nout)++];
	memset(s, 0, sizeof(*s));
	s->ncells = ncells;
	memcpy(s->cells, cells, (size_t) ncells * sizeof(int));
	for (i = 0; i < p->nvals && s->nprinted < GR_MAX_ROW_CELLS; i++)
		if (p->vals[i].kind == GR_V_NUMBER)
			s->printed[s->nprinted++] = p->vals[i].num;
	s->line = p->line;
	s->what = what;
	s->label = label;
	if (s->nprinted != p->nvals)
	{
		/* a placeholder among too few cells: no position can be trusted */
		gr_finding *f = finding(c, "short_row_unplaced", loc_line(c, what, p->line),
								"row %s printed %d values for %d cells, some of them placeholders (%s); its cells are left absent",
								what, p->nvals, ncells, prow_text(c, p));

		add_finding_values(c, f, p);
		(*nout)--;
	}
}

static void
assign_row(ctx *c, int t, int r, const prow *p, gr_short_row **shorts, int *nshort, int cap)
{
	const gr_row_def *rd = &c->tpl->tables[t].rows[r];
	int			first = gr_template_cell(c->tpl, t, r, 0);
	int			cells[GR_MAX_CELLS];
	int			i;

	if (first < 0)
		return;
	if (!fill_cells(c, first, rd->ncols, p, t, r))
	{
		for (i = 0; i < rd->ncols; i++)
			cells[i] = first + i;
		queue_short(c, shorts, nshort, cap, cells, rd->ncols, p, row_what(c, t, r), rd->label);
	}
}

/* ---------------------------------------------------------------- table 2 */

/* The label key that named row r for printed row p: its own, or the label
 * line before it that matched. */
static const char *
matched_label(ctx *c, const gr_table_def *td, const prow *p, int r)
{
	int			li;

	if (p->last_label && match_row(c, td, p->last_label) == r)
		return p->last_label;
	if (p->label)
		return p->label;
	for (li = p->weak_last - 1; li >= p->weak_first; li--)
		if (match_row(c, td, line_key(c, li)) == r)
			return line_key(c, li);
	return NULL;
}

/* A row printed with another template's label (a 2021 report writing the
 * 2019 规范性文件 for 行政规范性文件): the cells are read, and the mix noted. */
static void
note_label_variant(ctx *c, int t, int r, const prow *p)
{
	const gr_table_def *td = &c->tpl->tables[t];
	const char *printed = matched_label(c, td, p, r);
	const char *official = td->rows[r].label;

	if (printed == NULL || strstr(printed, official) != NULL)
		return;
	if (strcmp(td->rows[r].code, "normative_documents") == 0)
		finding(c, "label_variant", loc_line(c, row_what(c, t, r), p->line),
				"table 2 prints %s where template %s reads %s; the row is read as %s",
				gr_strip_numbering(printed), c->tpl->name, official, row_what(c, t, r));
}

static void
recognise_table2(ctx *c, int t, region rg)
{
	const gr_table_def *td = &c->tpl->tables[t];
	int			n,
				i;
	prow	   *rows = build_rows(c, rg, td->code, &n);
	bool		seen[64] = {false};
	gr_short_row *shorts = NULL;	/* allocated by the first short row */
	int			nshort = 0;

	for (i = 0; i < n; i++)
	{
		int			r = match_prow(c, td, &rows[i]);

		if (r < 0 && rows[i].label == NULL)
			r = weak_match(c, td, &rows[i], 0, td->nrows - 1);
		if (r < 0 || td->rows[r].kind != GR_ROW_DATA)
			continue;
		if (seen[r])
		{
			finding(c, "duplicate_row", loc_line(c, row_what(c, t, r), rows[i].line),
					"row %s printed a second time (%s); the first is kept", row_what(c, t, r), prow_text(c, &rows[i]));
			continue;
		}
		seen[r] = true;
		note_label_variant(c, t, r, &rows[i]);
		assign_row(c, t, r, &rows[i], &shorts, &nshort, 8);
	}
	gr_place_short_rows(c->mem, c->rep, shorts, nshort, c->opts);
	solve_table_readings(c);
}

/* ---------------------------------------------------------------- table 3 */

typedef struct placed
{
	int			row;			/* template row, or -1 */
	bool		anchor;
} placed;

static bool
is_data(const gr_table_def *td, int r)
{
	return r >= 0 && r < td->nrows && td->rows[r].kind == GR_ROW_DATA;
}

/* Last member row of a group (the group itself when it has none). */
static int
group_end(const gr_table_def *td, int g)
{
	int			r,
				end = g;

	for (r = g + 1; r < td->nrows; r++)
		if (td->rows[r].group == g)
			end = r;
	return end;
}

static void
resolve_gap(ctx *c, const gr_table_def *td, prow *rows, placed *pl, int *gap, int ngap, int lo, int hi)
{
	int			slots[64],
				nslots = 0,
				r,
				i,
				pos = lo;

	for (r = lo + 1; r < hi; r++)
		if (is_data(td, r))
			slots[nslots++] = r;
	if (ngap == nslots)
	{
		for (i = 0; i < ngap; i++)
			pl[gap[i]].row = slots[i];
		return;
	}
	for (i = 0; i < ngap; i++)
	{
		prow	   *p = &rows[gap[i]];
		int			w = weak_match(c, td, p, pos + 1, hi - 1);

		if (w < 0)
		{
			for (r = pos + 1; r < hi && !is_data(td, r); r++)
				;
			w = r < hi ? r : -1;
		}
		if (w < 0)
		{
			gr_finding *f = finding(c, "unplaced_row", loc_line(c, td->code, p->line),
									"a row of %d values (%s) has no place left in table %s; it is ignored",
									p->nvals, prow_text(c, p), td->code);

			add_finding_values(c, f, p);
			continue;
		}
		pl[gap[i]].row = w;
		pos = td->rows[w].kind == GR_ROW_GROUP ? group_end(td, w) : w;
	}
}

static void
fill_collapsed_group(ctx *c, int t, int g, const prow *p)
{
	const gr_table_def *td = &c->tpl->tables[t];
	int			r,
				i;
	bool		all_zero = p->nvals == 7;
	const char *what = row_what(c, t, g);
	gr_finding *f;

	for (i = 0; i < p->nvals; i++)
		if (p->vals[i].kind != GR_V_NUMBER || p->vals[i].num.mant != 0)
			all_zero = false;
	if (all_zero)
	{
		for (r = g + 1; r < td->nrows; r++)
		{
			int			first = gr_template_cell(c->tpl, t, r, 0);

			if (td->rows[r].group != g || first < 0)
				continue;
			for (i = 0; i < td->rows[r].ncols; i++)
			{
				c->rep->cells[first + i].state = GR_INFERRED;
				c->rep->cells[first + i].value.mant = 0;
				c->rep->cells[first + i].value.scale = 0;
				c->rep->cells[first + i].line = p->line;
			}
		}
		f = finding(c, "collapsed_group_row", loc_line(c, what, p->line),
					"%s printed as one row (%s), as the 2019 template does; its values are all 0, so each of its sub-rows is 0 (inferred)",
					td->rows[g].label, prow_text(c, p));
	}
	else
		f = finding(c, "collapsed_group_row", loc_line(c, what, p->line),
					"%s printed as one row (%s), as the 2019 template does; its sub-rows are absent and the printed values are kept here",
					td->rows[g].label, prow_text(c, p));
	add_finding_values(c, f, p);
}

static void
recognise_table3(ctx *c, int t, region rg)
{
	const gr_table_def *td = &c->tpl->tables[t];
	int			n,
				i,
				ngap = 0,
				last_end = -1,
				nshort = 0,
				kept = 0;
	prow	   *rows = build_rows(c, rg, td->code, &n);
	placed	   *pl;
	int		   *gap;
	gr_short_row *shorts;
	bool		any_table_row = false;
	int			ncols = td->rows[0].ncols;

	/* Between pipe (or HTML) tables, a lone number is converter debris, not a row. */
	for (i = 0; i < n; i++)
		if (rows[i].origin == GR_ORIGIN_PIPE || rows[i].origin == GR_ORIGIN_HTML)
			any_table_row = true;
	for (i = 0; i < n; i++)
	{
		if (any_table_row && rows[i].origin == GR_ORIGIN_LINE && rows[i].nvals < ncols && rows[i].label == NULL)
		{
			gr_finding *f = finding(c, "stray_numbers", loc_line(c, td->code, rows[i].line),
									"%d value(s) (%s) stand outside the table's rows; they are ignored",
									rows[i].nvals, prow_text(c, &rows[i]));

			add_finding_values(c, f, &rows[i]);
			continue;
		}
		rows[kept++] = rows[i];
	}
	n = kept;
	pl = gr_alloc(c->mem, (size_t) (n + 1) * sizeof(placed));
	gap = gr_alloc(c->mem, (size_t) (n + 1) * sizeof(int));
	shorts = NULL;

	for (i = 0; i <= n; i++)
	{
		int			r = -1,
					end;

		if (i < n)
		{
			pl[i].row = -1;
			r = match_prow(c, td, &rows[i]);
			if (r >= 0)
			{
				end = td->rows[r].kind == GR_ROW_GROUP ? group_end(td, r) : r;
				if (r <= last_end)
				{
					finding(c, "row_out_of_order", loc_line(c, row_what(c, t, r), rows[i].line),
							"the row labelled %s (%s) comes after rows that follow it in the template; it is placed by position",
							td->rows[r].label, prow_text(c, &rows[i]));
					r = -1;
				}
			}
			if (r < 0)
			{
				gap[ngap++] = i;
				continue;
			}
		}
		else
			r = end = td->nrows;
		resolve_gap(c, td, rows, pl, gap, ngap, last_end, r);
		ngap = 0;
		if (i < n)
		{
			pl[i].row = r;
			pl[i].anchor = true;
			last_end = end;
		}
	}

	for (i = 0; i < n; i++)
	{
		int			r = pl[i].row;

		if (r < 0)
			continue;
		if (td->rows[r].kind == GR_ROW_GROUP)
		{
			if (td->rows[r].flags & GR_ROW_COLLAPSIBLE)
				fill_collapsed_group(c, t, r, &rows[i]);
			else
				finding(c, "group_subtotal_row", loc_line(c, row_what(c, t, r), rows[i].line),
						"the group label %s carries numbers of its own (%s); they are not part of the template and are ignored",
						td->rows[r].label, prow_text(c, &rows[i]));
			continue;
		}
		assign_row(c, t, r, &rows[i], &shorts, &nshort, 32);
	}
	gr_place_short_rows(c->mem, c->rep, shorts, nshort, c->opts);
	solve_table_readings(c);
}

/* ---------------------------------------------------------------- table 4 */

/* Table 4 is one printed row of 15 numbers (SPEC §5), however it wraps. */
static void
recognise_table4(ctx *c, int t, region rg)
{
	const gr_table_def *td = &c->tpl->tables[t];
	int			n,
				i,
				j,
				total = 0,
				ncells = 0,
				first = gr_template_cell(c->tpl, t, 0, 0);
	prow	   *rows = build_rows(c, rg, td->code, &n);
	prow		all;
	gr_short_row *shorts;
	int			nshort = 0;
	int			cells[GR_MAX_CELLS];

	for (i = 0; i < td->nrows; i++)
		ncells += td->rows[i].ncols;
	memset(&all, 0, sizeof(all));
	for (i = 0; i < n && total < ncells; i++)
	{
		if (rows[i].nvals == ncells)
		{
			/* a row holding the whole table wins over scattered numbers */
			all = rows[i];
			total = ncells;
			break;
		}
		if (i == 0)
			all.line = rows[i].line;
		for (j = 0; j < rows[i].nvals; j++)
			prow_push(c, &all, rows[i].vals[j]);
		total += rows[i].nvals;
	}
	if (total == 0)
		return;
	if (all.nvals == 1 && ncells > 1 && all.run == NULL)
		for (i = 0; i < n; i++)
			if (rows[i].nvals == 1 && rows[i].run)
				all.run = rows[i].run;
	if (all.nvals == 1 && all.run)
	{
		queue_run(c, first, ncells, &all, td->code);
		solve_table_readings(c);
		return;
	}
	if (all.nvals > ncells)
	{
		gr_finding *f = finding(c, "too_many_values", loc_line(c, td->code, all.line),
								"table %s printed %d values for %d cells (%s); its cells are left absent",
								td->code, all.nvals, ncells, prow_text(c, &all));

		add_finding_values(c, f, &all);
		return;
	}
	if (fill_cells(c, first, ncells, &all, t, 0))
		return;
	shorts = NULL;
	for (i = 0; i < ncells; i++)
		cells[i] = first + i;
	queue_short(c, &shorts, &nshort, 1, cells, ncells, &all, td->code, td->title);
	gr_place_short_rows(c->mem, c->rep, shorts, nshort, c->opts);
	solve_table_readings(c);
}

/* -------------------------------------------------------------- metadata */

static bool
utf8_starts(const char *s, const char *lit)
{
	return strncmp(s, lit, strlen(lit)) == 0;
}

/* Finds a 4-digit year 1990-2099 in s; returns its position or NULL. */
static const char *
find_year(const char *s, int *year)
{
	for (; *s; s++)
	{
		if ((s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0'))
		{
			if (s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' &&
				!(s[4] >= '0' && s[4] <= '9'))
			{
				int			y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');

				if (y >= 1990 && y <= 2099)
				{
					*year = y;
					return s;
				}
			}
		}
		while (s[1] >= '0' && s[1] <= '9' && s[0] >= '0' && s[0] <= '9')
			s++;
	}
	return NULL;
}

/* Reads agency and year from a title key such as
 * "洪泽区人民政府2023年政府信息公开工作年度报告"; the agency is copied
 * from the same place in the title as printed (traditional characters
 * stay as they are). */
static void
parse_title(ctx *c, const char *title, const char *printed)
{
	int			year = 0;
	const char *y = find_year(title, &year);
	const char *gov = strstr(title, "政府信息公开");
	const char *a = NULL,
			   *b = NULL;

	if (y && (!gov || y < gov))
	{
		c->rep->year = year;
		if (y > title)
			a = title, b = y;
		else
		{
			a = y + 4;
			if (utf8_starts(a, "年度"))
				a += strlen("年度");
			else if (utf8_starts(a, "年"))
				a += strlen("年");
			b = gov ? gov : a;
		}
	}
	else if (gov && gov > title)
		a = title, b = gov;
	if (a && b > a)
	{
		if (utf8_starts(a, "关于") && (size_t) (b - a) >= strlen("关于"))
			a += strlen("关于");
		if (b - a >= 3 && strncmp(b - 3, "的", 3) == 0)
			b -= 3;
		if (b > a)
			c->rep->agency = gr_strndup(c->mem, printed + (a - title), (size_t) (b - a));
	}
}

/* True when the title names its agency: something other than the year
 * stands before 政府信息公开 ("2023年政府信息公开…" does not). */
static bool
title_has_agency(const char *key)
{
	const char *gov = strstr(key, "政府信息公开");
	const char *s = key;

	if (gov == NULL)
		return false;
	while (s < gov && *s >= '0' && *s <= '9')
		s++;
	if (utf8_starts(s, "年度"))
		s += strlen("年度");
	else if (utf8_starts(s, "年"))
		s += strlen("年");
	return s < gov;
}

/* The text of a line that can hold a title: the line, or for a table row
 * (a page's metadata grid: 名称 | …年度报告) the cell that names a report.
 * Its key, and in *printed the same as printed. */
static const char *
title_key(ctx *c, int li, const char **printed)
{
	const gr_line *line = &c->grid->lines[li];
	int			k;

	if (printed_cells(line) <= 1)
	{
		*printed = gr_label_printed_polled(c->mem, line->text, line->len, c->opts);
		return line_key(c, li);
	}
	for (k = 0; k < line->ncells; k++)
		if (!gr_cell_is_copy(line, k))
		{
			const char *key = gr_label_key_polled(c->mem, line->cells[k], strlen(line->cells[k]), c->opts);

			if (strstr(key, "年度报告"))
			{
				*printed = gr_label_printed_polled(c->mem, line->cells[k], strlen(line->cells[k]), c->opts);
				return key;
			}
		}
	*printed = "";
	return "";
}

static bool
ends_with(const char *s, const char *lit)
{
	size_t		n = strlen(s),
				m = strlen(lit);

	return n >= m && strcmp(s + n - m, lit) == 0;
}

/*
 * Crawler and portal header lines ("标题: …", "发布机构: …"): metadata,
 * never part of a title or agency.  Returns the length of the key and its
 * colon (0 if the text does not start with one), and in *which its index.
 */
static const char *const meta_keys[] = {"标题", "发布时间", "发布机构", "来源", "原文链接", "栏目", "文号",
"发布日期", "索引号", NULL};

static size_t
meta_prefix(const char *s, int *which)
{
	int			k;

	for (k = 0; meta_keys[k]; k++)
	{
		size_t		n = strlen(meta_keys[k]);

		if (strncmp(s, meta_keys[k], n) == 0 && s[n] == ':')
		{
			*which = k;
			return n + 1;
		}
	}
	return 0;
}

/* The agency a portal's 发布机构 line names, for a title that names none. */
static void
agency_from_metadata(ctx *c, int limit)
{
	int			li,
				which;

	for (li = 0; li < limit && li < 400; li++)
	{
		const char *key = line_key(c, li);
		size_t		n = meta_prefix(key, &which);

		if (n > 0 && which == 2 && key[n] != '\0')
		{
			const char *printed = gr_label_printed_polled(c->mem, c->grid->lines[li].text, c->grid->lines[li].len, c->opts);

			c->rep->agency = gr_strdup(c->mem, printed + n);
			finding(c, "agency_from_metadata", "report",
					"the title names no agency; the page's 发布机构 line names %s", c->rep->agency);
			return;
		}
	}
}

static void
read_title(ctx *c, int limit)
{
	int			li,
				pass;

	/* First a title as printed, ending in 年度报告; only then one with a
	 * tail, such as a page's <title> "…年度报告-沭阳县发改局".  Page chrome
	 * (menus) can stand before the title of an HTML page. */
	for (pass = 0; pass < 2; pass++)
		for (li = 0; li < limit && li < 400; li++)
		{
			const char *printed;
			const char *key = title_key(c, li, &printed);
			char		buf[1024],
						pbuf[1024];
			int			prev = li - 1,
						joined = 0;

			if (!strstr(key, "年度报告") || strlen(key) > 150 || (pass == 0 && !ends_with(key, "年度报告")))
				continue;
			{
				int			which;
				size_t		m = meta_prefix(key, &which);

				if (m > 0 && which != 0)
					continue;	/* 栏目: 政府信息公开年报 and the like */
				if (m > 0 && strlen(printed) >= m)
					key += m, printed += m;	/* "标题: …" */
			}
			snprintf(buf, sizeof(buf), "%s", key);
			snprintf(pbuf, sizeof(pbuf), "%s", printed);
			/* a title wrapped over two or three lines */
			while (prev >= 0 && joined < 2 && (!strstr(buf, "政府信息公开") || !title_has_agency(buf)))
			{
				const char *pk = line_key(c, prev);
				const char *pp;
				size_t		plen = strlen(pk),
							blen = strlen(buf);
				int			which;

				if (plen > 120 || plen + blen >= sizeof(buf) || meta_prefix(pk, &which) > 0)
					break;		/* a portal's metadata line is no part of a title */
				pp = gr_label_printed_polled(c->mem, c->grid->lines[prev].text, c->grid->lines[prev].len, c->opts);
				memmove(buf + plen, buf, blen + 1);
				memcpy(buf, pk, plen);
				memmove(pbuf + plen, pbuf, blen + 1);
				memcpy(pbuf, pp, plen);
				prev--;
				joined++;
			}
			if (!strstr(buf, "政府信息公开"))
				continue;
			c->rep->title = gr_strdup(c->mem, pbuf);
			parse_title(c, buf, pbuf);
			if (c->rep->agency == NULL)
				agency_from_metadata(c, limit);
			return;
		}
}

static bool
valid_date(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (y < 1990 || y > 2099 || m < 1 || m > 12 || d < 1)
		return false;
	if (m == 2 && d == 29)
		return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1];
}

/* "2023-01-30", "2023/1/30", "2023.01.30", "2023年1月30日" */
static bool
parse_date(const char *s, int *y, int *m, int *d)
{
	int			vals[3] = {0, 0, 0},
				k;

	for (k = 0; k < 3; k++)
	{
		int			digits = 0;

		while (*s == ' ')
			s++;
		while (*s >= '0' && *s <= '9' && digits < 5)
			vals[k] = vals[k] * 10 + (*s++ - '0'), digits++;
		if (digits == 0 || (k == 0 && digits != 4) || (k > 0 && digits > 2))
			return false;
		while (*s == ' ')
			s++;
		if (k == 2)
			break;
		if (*s == '-' || *s == '/' || *s == '.')
			s++;
		else if (utf8_starts(s, k == 0 ? "年" : "月"))
			s += 3;
		else
			return false;
	}
	*y = vals[0], *m = vals[1], *d = vals[2];
	return valid_date(*y, *m, *d);
}

static bool
starts_published_key(const gr_line *line)
{
	const unsigned char *s = (const unsigned char *) line->text;
	size_t		i;

	for (i = 0; i + 2 < line->len; i++)
		if ((s[i] == 0xE5 && ((s[i + 1] == 0x8F && s[i + 2] == 0x91) ||	/* 发 */
							  (s[i + 1] == 0x85 && s[i + 2] == 0xAC))) ||	/* 公 */
			(s[i] == 0xE7 && s[i + 1] == 0x99 && s[i + 2] == 0xBC) ||	/* 發 */
			(s[i] == 0xE9 && s[i + 1] == 0x87 && s[i + 2] == 0x8B))	/* 釋 */
			return true;
	return false;
}

static void
read_published(ctx *c, int limit)
{
	/* and their traditional forms, as mirror sites convert them */
	static const char *const keys[] = {"发布时间", "发布日期", "公开日期", "发文日期", "发布于",
		"發佈時間", "發布時間", "釋出時間", "發佈日期", "發布日期", "釋出日期", "公開日期", "發文日期",
	"發佈於", "發布於", "釋出於", NULL};
	int			li;

	for (li = 0; li < limit; li++)
	{
		const gr_line *line = &c->grid->lines[li];
		int			k;

		/* the date is printed before the report's body starts (一、…) */
		if (li > 0 && line->len >= 6 && memcmp(line->text, "一、", 6) == 0)
			break;
		/* every key starts with 发, 發, 公 or 釋: look for those first */
		if (line->len > 400 || !starts_published_key(line))
			continue;
		for (k = 0; keys[k]; k++)
		{
			const char *hit = find_bytes(line->text, line->len, keys[k]),
					   *end = line->text + line->len;

			if (hit)
			{
				char		buf[48];
				size_t		n = (size_t) (end - hit) - strlen(keys[k]);
				int			y,
							m,
							d;
				const char *s = buf;

				if (n > sizeof(buf) - 1)
					n = sizeof(buf) - 1;
				memcpy(buf, hit + strlen(keys[k]), n);
				buf[n] = '\0';
				while (*s == ' ' || *s == ':')
					s++;
				if (parse_date(s, &y, &m, &d))
				{
					c->rep->published[0] = (char) ('0' + y / 1000);
					c->rep->published[1] = (char) ('0' + y / 100 % 10);
					c->rep->published[2] = (char) ('0' + y / 10 % 10);
					c->rep->published[3] = (char) ('0' + y % 10);
					c->rep->published[4] = '-';
					c->rep->published[5] = (char) ('0' + m / 10);
					c->rep->published[6] = (char) ('0' + m % 10);
					c->rep->published[7] = '-';
					c->rep->published[8] = (char) ('0' + d / 10);
					c->rep->published[9] = (char) ('0' + d % 10);
					c->rep->published[10] = '\0';
					return;
				}
			}
		}
	}
}

/* -------------------------------------------------------------- top level */

static void
note_absent_rows(ctx *c, int t, bool table_found)
{
	const gr_table_def *td = &c->tpl->tables[t];
	char		list[2048];
	size_t		o = 0;
	int			r,
				n = 0;

	if (!table_found)
	{
		finding(c, "table_absent", td->code, "table %s (%s) was not found in the document; its cells are absent",
				td->code, td->title);
		return;
	}
	list[0] = '\0';
	for (r = 0; r < td->nrows; r++)
	{
		int			first = gr_template_cell(c->tpl, t, r, 0),
					i;
		bool		absent = true;

		if (first < 0)
			continue;
		for (i = 0; i < td->rows[r].ncols; i++)
			if (c->rep->cells[first + i].state != GR_ABSENT)
				absent = false;
		if (absent && o + strlen(td->rows[r].code) + 3 < sizeof(list))
		{
			o += (size_t) snprintf(list + o, sizeof(list) - o, "%s%s", n ? ", " : "", td->rows[r].code);
			n++;
		}
	}
	if (n > 0)
		finding(c, "rows_absent", td->code, "table %s: %d row(s) not found in the document: %s",
				td->code, n, list);
}

/* ------------------------------------------------------- template choice */

static bool
key_has_any(ctx *c, const char *key, const char *const *phrases)
{
	int			k;
	bool		long_key = strlen(key) > 65536;

	for (k = 0; phrases[k]; k++)
	{
		/* a key can be a whole document: a cancel between its scans */
		if (long_key && c->opts && c->opts->check_interrupts)
			c->opts->check_interrupts();
		if (strstr(key, phrases[k]))
			return true;
	}
	return false;
}

/*
 * The template, from the tables themselves (SPEC §1), first match wins:
 * 2021 table-2 headers; 2019 table-2 headers; （六）其他处理 followed by the
 * 2021 sub-row, or carrying numbers itself; then the year.  The notice number
 * a report cites is not evidence.  A report with none of the tables is
 * legacy when its year is before 2019.
 */
static const gr_template *
detect_template(ctx *c, int from, int to, bool any_table, const char **why)
{
	static const char *const h2021[] = {"本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额",
	"本年处理决定数量", NULL};
	static const char *const rows2021[] = {"逾期不补正", "收费通知要求缴纳费用", NULL};
	static const char *const h2019[] = {"本年新制作数量", "本年新公开数量", "对外公开总数量",
	"上一年项目数量", "采购项目数量", "采购总金额", NULL};
	int			li,
				other_line = -1;
	bool		other_numbers = false;

	for (li = from; li < to; li++)
		if (key_has_any(c, line_key(c, li), h2021))
		{
			*why = "table 2 prints the 2021 headers (本年制发件数 …)";
			return gr_template_by_name("2021", 4);
		}
	for (li = from; li < to; li++)
		if (key_has_any(c, line_key(c, li), h2019))
		{
			*why = "table 2 prints the 2019 headers (本年新制作数量, 上一年项目数量 …)";
			return gr_template_by_name("2019", 4);
		}
	/* the sub-rows of （六）其他处理 exist only in the 2021 template */
	for (li = from; li < to; li++)
		if (key_has_any(c, line_key(c, li), rows2021))
		{
			*why = "table 3 prints the 2021 sub-rows of （六）其他处理";
			return gr_template_by_name("2021", 4);
		}
	for (li = from; li < to && other_line < 0; li++)
	{
		const char *stripped = gr_strip_numbering(line_key(c, li));

		if (strncmp(stripped, "其他处理", strlen("其他处理")) == 0 && stripped != line_key(c, li))
		{
			const gr_line *line = &c->grid->lines[li];

			other_line = li;
			other_numbers = line->ncells > 1 &&
				gr_value_parse(line->cells[line->ncells - 1], strlen(line->cells[line->ncells - 1])).kind == GR_V_NUMBER;
		}
	}
	if (other_line >= 0)
	{
		int			next = other_line + 1;

		if (!other_numbers && next < to && strstr(line_key(c, next), "逾期不补正"))
		{
			*why = "（六）其他处理 is followed by its 2021 sub-row 1.申请人无正当理由逾期不补正…";
			return gr_template_by_name("2021", 4);
		}
		if (other_numbers)
		{
			*why = "（六）其他处理 carries numbers itself, as in the 2019 template";
			return gr_template_by_name("2019", 4);
		}
	}
	if (!any_table && c->rep->year > 0 && c->rep->year < 2019)
	{
		*why = "no table of the national template, and the report year is before 2019";
		return gr_template_by_name("legacy", 6);
	}
	if (c->rep->year == 2019 || c->rep->year == 2020)
	{
		*why = "no distinguishing table headers; the report year is 2019 or 2020";
		return gr_template_by_name("2019", 4);
	}
	*why = any_table ? "no distinguishing table headers; the 2021 template by default" :
		"no table of the national template was found";
	return gr_template_by_name("2021", 4);
}

/* Legacy reports (2008–2018): their statistics tables print the requests
 * received and answered; keep those two counts as findings. */
static void
read_legacy_counts(ctx *c)
{
	static const char *const received[] = {"申请总数", "收到申请数", "收到申请", "受理申请", "申请数", NULL};
	static const char *const answered[] = {"已答复", "答复数", "答复总数", "办结", "已办结", NULL};
	bool		have_received = false,
				have_answered = false;
	int			li;

	for (li = 0; li < c->grid->nlines && !(have_received && have_answered); li++)
	{
		const gr_line *line = &c->grid->lines[li];
		const char *key;
		gr_value	v;
		bool		is_received,
					is_answered;
		gr_finding *f;

		if (line->ncells < 2 || line->len > 200)
			continue;
		v = gr_value_parse(line->cells[line->ncells - 1], strlen(line->cells[line->ncells - 1]));
		if (v.kind != GR_V_NUMBER || v.num.scale != 0)
			continue;
		key = gr_label_key_polled(c->mem, line->cells[0], strlen(line->cells[0]), c->opts);
		is_received = !have_received && key_has_any(c, key, received);
		is_answered = !have_answered && !is_received && key_has_any(c, key, answered);
		if (!is_received && !is_answered)
			continue;
		f = finding(c, "legacy_count", is_received ? "received" : "answered",
					"line %u: %s", (unsigned) line->lineno, line->cells[0]);
		f->nvalues = 1;
		f->values = gr_alloc(c->mem, sizeof(gr_num));
		f->values[0] = v.num;
		if (is_received)
			have_received = true;
		else
			have_answered = true;
	}
}

gr_report *
gr_recognise(gr_mem *mem, const gr_grid *grid, const gr_parse_options *opts, gr_error *err)
{
	ctx			c;
	int			h2,
				h3,
				h4,
				hend,
				t;
	region		r2 = {0, 0, false},
				r3 = {0, 0, false},
				r4 = {0, 0, false};
	int			n = grid->nlines;


	memset(&c, 0, sizeof(c));
	c.mem = mem;
	c.grid = grid;
	c.opts = opts;
	c.tpl = gr_template_by_name("2021", 4);
	c.keys = gr_alloc(mem, (size_t) (n + 1) * sizeof(char *));
	c.err = err;
	c.split_budget = gr_split_budget();
	for (t = 0; t < 8; t++)
		c.offset_vote[t] = -1;

	h2 = find_line(&c, 0, n, pred_heading, "主动公开政府信息情况", HINT_SITUATION);
	if (h2 < 0)
		h2 = find_line(&c, 0, n, pred_contains, "第二十条第(一)项", HINT_ARTICLE);
	h3 = find_line(&c, h2 < 0 ? 0 : h2 + 1, n, pred_heading, "收到和处理政府信息公开申请情况", HINT_SITUATION);
	h4 = find_line(&c, h3 < 0 ? (h2 < 0 ? 0 : h2 + 1) : h3 + 1, n, pred_t4, NULL, HINT_SITUATION);
	hend = find_line(&c, h4 >= 0 ? h4 + 1 : (h3 >= 0 ? h3 + 1 : 0), n, pred_end, NULL, HINT_END);
	if (hend < 0)
		hend = n;

	c.rep = gr_report_new(mem, c.tpl);
	c.rep->work = gr_alloc(mem, sizeof(gr_search_work));
	memset(c.rep->work, 0, sizeof(gr_search_work));
	read_title(&c, h2 >= 0 ? h2 : (h3 >= 0 ? h3 : n));
	if (h2 < 0 && h3 < 0 && h4 < 0 && c.rep->title == NULL)
	{
		gr_error_set(err, GR_ERR_NOT_REPORT, -1,
					 "no title naming a 政府信息公开工作年度报告 and none of its table headings (二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况, 四、…行政复议、行政诉讼情况) were found");
		return NULL;
	}
	read_published(&c, h2 >= 0 ? h2 : (h3 >= 0 ? h3 : n));
	{
		const char *why = NULL;
		/* legacy reports have a section on proactive disclosure too, but
		 * none has table 3 (收到和处理政府信息公开申请情况, 2019 onward) */
		const gr_template *tpl = detect_template(&c, h2 >= 0 ? h2 : (h3 >= 0 ? h3 : 0), hend,
												 h3 >= 0, &why);

		if (tpl != c.tpl)
		{
			/* start the cells over for the template found; metadata stays */
			c.tpl = tpl;
			c.rep->tpl = tpl;
			c.rep->ncells = tpl->ncells;
			c.rep->cells = gr_alloc(mem, (size_t) (tpl->ncells > 0 ? tpl->ncells : 1) * sizeof(gr_cell));
		}
		if (tpl->ntables == 0)
		{
			finding(&c, "legacy_report", "report",
					"a %d report from before the national template (国办公开办函〔2019〕60号): %s; it has no template cells",
					(int) c.rep->year, why);
			read_legacy_counts(&c);
			return c.rep;
		}
		finding(&c, "template_detected", "report", "template %s: %s", tpl->name, why);
	}

	if (h2 >= 0)
		r2 = (region) {h2 + 1, h3 >= 0 ? h3 : (h4 >= 0 ? h4 : hend), true};
	if (h3 >= 0)
		r3 = (region) {h3 + 1, h4 >= 0 ? h4 : hend, true};
	if (h4 >= 0)
		r4 = (region) {h4 + 1, hend > h4 ? hend : n, true};

	t = gr_template_table(c.tpl, "t2");
	if (r2.found)
		recognise_table2(&c, t, r2);
	if (c.failed)
		return NULL;
	note_absent_rows(&c, t, r2.found);
	t = gr_template_table(c.tpl, "t3");
	if (r3.found)
		recognise_table3(&c, t, r3);
	if (c.failed)
		return NULL;
	note_absent_rows(&c, t, r3.found);
	t = gr_template_table(c.tpl, "t4");
	if (r4.found)
		recognise_table4(&c, t, r4);
	if (c.failed)
		return NULL;
	note_absent_rows(&c, t, r4.found);
	/* prose: everything but the rows of tables 2 and 3 (table 4's section
	 * often restates its numbers in a sentence) */
	gr_extract_narrative(mem, c.rep, grid, opts,
						 h2 >= 0 ? h2 : (h3 >= 0 ? h3 : n),
						 h4 >= 0 ? h4 : (h3 >= 0 ? hend : (h2 >= 0 ? hend : n)));
	return c.rep;
}
