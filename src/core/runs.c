/*
 * runs.c — lines where a crawler ran a whole table together.
 *
 * A portal page saved with its tags stripped prints a table as one line:
 * "…规章000行政规范性文件77132470…一、本年新收政府信息公开申请数量801000081…".
 * Such a line is recognised by a row label glued to digits, and cut into
 * grid lines the recogniser reads like any other: each label with the run
 * of digits after it (the run flagged GR_CELL_RUN, for readings.c to split
 * by the identities), outline numbers ("三、", "(一)", "2.") and section
 * headings starting lines of their own.  The form of the input does not
 * matter: this works on grid lines.
 */
/* memmem */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <string.h>

#include "gr_internal.h"

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

/* Row labels whose last characters, glued to a digit, mark a run-together
 * table.  Such a line holds a whole table: shorter lines are not looked at. */
#define MIN_GLUED_LINE 200
static const char *const glued_markers[] = {"申请数量", "规章", "继续办理", NULL};

/* Headings after which a line is cut (their tail is the table's header). */
static const char *const heading_ends[] = {"主动公开政府信息情况", "收到和处理政府信息公开申请情况",
"行政复议、行政诉讼情况", NULL};

/* One pass: a digit right after a marker's last character, then the whole
 * marker checked backwards. */
static bool
glued(const char *s, size_t len)
{
	size_t		i;
	int			k;

	for (i = 3; i < len; i++)
	{
		/* the markers end in 量, 章, 理: E9 87 8F, E7 AB A0, E7 90 86 */
		if (!IS_DIGIT(s[i]) || ((unsigned char) s[i - 3] != 0xE9 && (unsigned char) s[i - 3] != 0xE7))
			continue;
		for (k = 0; glued_markers[k]; k++)
		{
			size_t		m = strlen(glued_markers[k]);

			if (i >= m && memcmp(s + i - m, glued_markers[k], m) == 0)
				return true;
		}
	}
	return false;
}

/* Chinese numerals of outline numbering: 一 … 十. */
static bool
cn_numeral_at(const char *s, size_t len)
{
	static const char *const nums[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", NULL};
	int			k;

	if (len < 3)
		return false;
	for (k = 0; nums[k]; k++)
		if (memcmp(s, nums[k], 3) == 0)
			return true;
	return false;
}

/* Where outline numbering starts in a text piece ("三、", "(一)" but not
 * "(一)项"), at or after from; len if nowhere. */
static size_t
next_numbering(const char *s, size_t len, size_t from)
{
	size_t		i;

	for (i = from; i < len; i++)
	{
		if (cn_numeral_at(s + i, len - i) && i + 6 <= len && memcmp(s + i + 3, "、", 3) == 0 &&
			!(i >= 3 && cn_numeral_at(s + i - 3, 3)))
			return i;
		if (s[i] == '(' && i + 5 <= len && cn_numeral_at(s + i + 1, len - i - 1) && s[i + 4] == ')' &&
			!(i + 8 <= len && memcmp(s + i + 5, "项", 3) == 0))
			return i;
	}
	return len;
}

/* End of a heading phrase inside [from, len), or 0. */
static size_t
heading_end(const char *s, size_t len, size_t from)
{
	size_t		best = 0;
	int			k;

	for (k = 0; heading_ends[k]; k++)
	{
		const char *p = memmem(s + from, len - from, heading_ends[k], strlen(heading_ends[k]));

		if (p != NULL)
		{
			size_t		e = (size_t) (p - s) + strlen(heading_ends[k]);

			if (e < len && (best == 0 || e < best))
				best = e;
		}
	}
	return best;
}

typedef struct out_lines
{
	gr_mem	   *mem;
	gr_line    *lines;
	int			n;
	int			cap;
} out_lines;

static gr_line *
emit(out_lines *o, const gr_line *from)
{
	if (o->n == o->cap)
	{
		int			cap = o->cap ? o->cap * 2 : 64;
		gr_line    *bigger = gr_alloc(o->mem, (size_t) cap * sizeof(gr_line));

		if (o->n)
			memcpy(bigger, o->lines, (size_t) o->n * sizeof(gr_line));
		o->lines = bigger;
		o->cap = cap;
	}
	o->lines[o->n] = *from;
	return &o->lines[o->n++];
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t'))
		(*s)++, (*len)--;
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* A line of one label cell, and optionally a run of digits after it. */
static void
emit_piece(out_lines *o, const gr_line *src, const char *label, size_t llen, const char *run, size_t rlen)
{
	gr_line    *line;
	int			n = 0;

	trim(&label, &llen);
	trim(&run, &rlen);
	if (llen == 0 && rlen == 0)
		return;
	line = emit(o, src);
	line->origin = GR_ORIGIN_LINE;
	line->text = llen ? label : run;
	line->len = llen ? llen : rlen;
	line->cells = gr_alloc(o->mem, 2 * sizeof(char *));
	line->cell_flags = gr_alloc(o->mem, 2);
	if (llen)
		line->cells[n++] = gr_strndup(o->mem, label, llen);
	if (rlen)
	{
		line->cell_flags[n] = GR_CELL_RUN;
		line->cells[n++] = gr_strndup(o->mem, run, rlen);
	}
	line->ncells = n;
}

/* Text before a run, cut at headings and outline numbering. */
static void
emit_text(out_lines *o, const gr_line *src, const char *s, size_t len, const char *run, size_t rlen)
{
	size_t		start = 0;

	for (;;)
	{
		size_t		cut = next_numbering(s, len, start + 1),
					h = heading_end(s, len, start);

		if (h > start && h < cut)
			cut = h;
		if (cut >= len)
			break;
		emit_piece(o, src, s + start, cut - start, NULL, 0);
		start = cut;
	}
	emit_piece(o, src, s + start, len - start, run, rlen);
}

/* Where the tables of a run-together line begin and end: from section
 * 二's heading to section 五's ("五、…存在的主要问题"); the prose around them
 * stays whole. */
static void
table_span(const char *s, size_t len, size_t *from, size_t *to)
{
	const char *h = memmem(s, len, "主动公开政府信息情况", strlen("主动公开政府信息情况"));
	const char *e;

	*from = 0;
	*to = len;
	if (h != NULL)
	{
		*from = (size_t) (h - s);
		if (*from >= 6 && memcmp(h - 3, "、", 3) == 0 && cn_numeral_at(h - 6, 3))
			*from -= 6;
	}
	e = memmem(s + *from, len - *from, "存在的主要问题", strlen("存在的主要问题"));
	if (e != NULL)
	{
		const char *p = e;

		/* back to its numbering, "五、" or "五、政府信息公开工作…" */
		while (p > s + *from && e - p < 60 && !(p + 6 <= e && memcmp(p, "五、", 6) == 0))
			p--;
		*to = (p + 6 <= e && memcmp(p, "五、", 6) == 0) ? (size_t) (p - s) : (size_t) (e - s);
	}
}

/* Cuts one run-together line into label + run lines. */
static void
unglue_line(out_lines *o, const gr_line *src, const gr_parse_options *opts)
{
	const char *s = src->text;
	size_t		len,
				i,
				text_start,
				from,
				to;
	long		steps = 0;

	table_span(src->text, src->len, &from, &to);
	emit_piece(o, src, s, from, NULL, 0);
	i = text_start = from;
	len = to;
	while (i < len)
	{
		size_t		run_start,
					run_end;

		if (opts && opts->check_interrupts && ((++steps) & 4095) == 0)
			opts->check_interrupts();
		if (!IS_DIGIT(s[i]))
		{
			i++;
			continue;
		}
		run_start = i;
		while (i < len && (IS_DIGIT(s[i]) ||
						   ((s[i] == '.' || s[i] == ' ') && i + 1 < len && IS_DIGIT(s[i + 1]))))
			i++;
		run_end = i;
		/* "…0000000" + "2.其他…": the digit before a '.' that is not a
		 * decimal point numbers the next row */
		if (run_end < len && s[run_end] == '.')
			run_end--;
		if (run_end == run_start)
			continue;
		emit_text(o, src, s + text_start, run_start - text_start, s + run_start, run_end - run_start);
		text_start = run_end;
	}
	if (text_start < len)
		emit_text(o, src, s + text_start, len - text_start, NULL, 0);
	emit_piece(o, src, s + to, src->len - to, NULL, 0);
}

bool
gr_unglue_runs(gr_mem *mem, gr_grid *grid, const gr_parse_options *opts)
{
	out_lines	o;
	int			li,
				first = -1;

	for (li = 0; li < grid->nlines && first < 0; li++)
	{
		const gr_line *line = &grid->lines[li];

		if (opts && opts->check_interrupts && (li & 1023) == 0)
			opts->check_interrupts();
		if (line->origin == GR_ORIGIN_LINE && line->len >= MIN_GLUED_LINE && glued(line->text, line->len))
			first = li;
	}
	if (first < 0)
		return false;			/* nothing ran together */
	memset(&o, 0, sizeof(o));
	o.mem = mem;
	for (li = 0; li < grid->nlines; li++)
	{
		const gr_line *line = &grid->lines[li];

		if (opts && opts->check_interrupts && (li & 1023) == 0)
			opts->check_interrupts();
		if (li >= first && line->origin == GR_ORIGIN_LINE && line->len >= MIN_GLUED_LINE && glued(line->text, line->len))
			unglue_line(&o, line, opts);
		else
			emit(&o, line);
	}
	grid->lines = o.lines;
	grid->nlines = o.n;
	return true;
}
