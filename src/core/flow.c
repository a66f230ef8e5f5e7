/*
 * flow.c — the grid built from a flow of blocks, tables, rows, cells and
 * text: what the HTML lexer (html.c) and the Word lexer (docx.c) share, so
 * that a table reads the same whichever markup carried it.
 *
 * Each table row becomes one grid line of origin GR_ORIGIN_HTML whose cells
 * are the row's cells, with spans expanded into a real grid: a spanned cell
 * is repeated in every slot it covers, the repeats flagged
 * GR_CELL_SPAN_COPY.  A rowspan (HTML) is known when its cell starts; a
 * vertical merge (Word's w:vMerge) is known only in the rows below, whose
 * continuing cells take the text of the cell above (or, for Word's older
 * w:hMerge, of the cell on their left).  Text outside tables
 * becomes one line per block, lexed like a line of a text document (so
 * "行政许可 0" printed as a paragraph still gives a label and a number).
 *
 * Inside a cell, text joins with nothing (Word splits "26" as "2" and "6")
 * and block boundaries join with a space.  Extracted text, never markup, is
 * normalised as the text path does it (full-width forms to ASCII and so on).
 *
 * Layout tables: a table inside a cell turns the row that holds it into
 * paragraphs (the text around the inner table becomes lines, in document
 * order), so only the innermost tables give rows; a row with a cell longer
 * than any table cell (a whole article laid out in a table) is read as
 * paragraphs too.
 *
 * Everything lives in gr_mem.  The interrupt hook runs only when the lexer
 * allows it (docx.c, which calls from its own loop); the HTML lexer calls
 * from inside libxml2's callbacks, where the hook must not jump.
 */
#include <string.h>

#include "gr_internal.h"

#define MAX_TABLE_DEPTH 32		/* deeper nesting is refused (54000) */
#define MAX_COLS 64				/* grid width; report tables have 16 at most */
#define PROSE_CELL_BYTES 1000	/* a cell this long is page layout, not data */

/* A growing byte buffer in gr_mem (grown by doubling; never freed). */
typedef struct buf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} buf;

/* A cell of the row being read, before span expansion.  Its text is raw:
 * source white space as ' ', block boundaries as '\n'. */
typedef struct hcell
{
	char	   *raw;
	size_t		len;
	int			colspan;
	int			rowspan;
	uint8_t		kind;			/* gr_flow_cell_kind */
	uint32_t	line;
} hcell;

/* A rowspan reaching into the rows below: its text and rows still to go. */
typedef struct carry
{
	const char *text;
	int			left;
} carry;

typedef struct htable
{
	bool		in_row;
	bool		row_layout;		/* the row holds a nested table: paragraphs */
	uint32_t	row_line;
	hcell	   *cells;
	int			ncells;
	int			cap;
	bool		cell_open;
	buf			cell;
	int			colspan;
	int			rowspan;
	uint8_t		kind;
	uint32_t	cell_line;
	carry		carries[MAX_COLS];
	const char *above[MAX_COLS];	/* the last row's cell texts, for vertical merges */
} htable;

struct gr_flow
{
	gr_mem	   *mem;
	gr_grid    *grid;
	int			cap_lines;
	uint32_t	line;			/* the lexer's current source line */
	const gr_parse_options *opts;	/* set only where the hook may run (docx.c) */
	htable	   *tables[MAX_TABLE_DEPTH];
	int			ntables;
	int			deep;			/* tables nested past MAX_TABLE_DEPTH */
	bool		too_deep;		/* some were: the document is refused */
	buf			para;
	uint32_t	para_line;
};

/* ---------------------------------------------------------------- buffers */

static void
buf_reserve(gr_mem *mem, buf *b, size_t more)
{
	if (b->len + more + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap * 2 : 64;
		char	   *data;

		while (cap < b->len + more + 1)
			cap *= 2;
		data = gr_alloc(mem, cap);
		if (b->len)
			memcpy(data, b->data, b->len);
		b->data = data;
		b->cap = cap;
	}
}

static void
buf_put(gr_mem *mem, buf *b, char c)
{
	buf_reserve(mem, b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

static bool
all_space(const char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\n')
			return false;
	return true;
}

static uint32_t
source_line(const gr_flow *lx)
{
	return lx->line;
}

/* ------------------------------------------------------------ grid output */

static gr_line *
new_line(gr_flow *lx)
{
	gr_grid    *g = lx->grid;

	if (g->nlines == lx->cap_lines)
	{
		int			cap = lx->cap_lines ? lx->cap_lines * 2 : 64;
		gr_line    *lines = gr_alloc(lx->mem, (size_t) cap * sizeof(gr_line));

		if (g->nlines)
			memcpy(lines, g->lines, (size_t) g->nlines * sizeof(gr_line));
		g->lines = lines;
		lx->cap_lines = cap;
	}
	memset(&g->lines[g->nlines], 0, sizeof(gr_line));
	return &g->lines[g->nlines++];
}

/* Normalises extracted text (never markup) and drops characters that
 * cannot come from libxml2's UTF-8 anyway; NULL only on invalid UTF-8. */
static char *
normalised(gr_flow *lx, const char *raw, size_t len, size_t *out_len)
{
	gr_error	err;

	return gr_normalise_checked(lx->mem, raw, len, out_len, lx->opts, &err);
}

/* Raw text (block boundaries as '\n') to lines lexed as text lines. */
static void
emit_paragraphs(gr_flow *lx, const char *raw, size_t len, uint32_t line)
{
	size_t		n;
	char	   *text;
	gr_grid		sub;
	gr_error	err;
	int			i;

	if (len == 0 || all_space(raw, len))
		return;
	text = normalised(lx, raw, len, &n);
	if (text == NULL)
		return;
	memset(&sub, 0, sizeof(sub));
	/* options only where the interrupt hook may run (never inside a libxml2
	 * callback); limits are the recogniser's business */
	if (!gr_lex_text(lx->mem, text, n, &sub, lx->opts, &err))
		return;
	for (i = 0; i < sub.nlines; i++)
	{
		gr_line    *out = new_line(lx);

		*out = sub.lines[i];
		out->lineno = line;
	}
}

static void
flush_para(gr_flow *lx)
{
	if (lx->para.len > 0)
		emit_paragraphs(lx, lx->para.data, lx->para.len, lx->para_line);
	lx->para.len = 0;
}

/* A cell's raw text as its final text: normalised, one space for every
 * run of white space and block boundaries, trimmed. */
static char *
cell_text(gr_flow *lx, const char *raw, size_t len)
{
	size_t		n,
				i,
				o = 0;
	char	   *s = normalised(lx, raw, len, &n);

	if (s == NULL)
		return gr_strdup(lx->mem, "");
	for (i = 0; i < n; i++)
	{
		char		c = s[i] == '\n' ? ' ' : s[i];

		if (c == ' ' && (o == 0 || s[o - 1] == ' '))
			continue;
		s[o++] = c;
	}
	while (o > 0 && s[o - 1] == ' ')
		o--;
	s[o] = '\0';
	return s;
}

/* The row's cells laid into the grid: spans from rows above take their
 * columns first, then each cell fills colspan columns from the left. */
static void
emit_row(gr_flow *lx, htable *t)
{
	char	   *cells[MAX_COLS];
	uint8_t		flags[MAX_COLS];
	int			ncols = 0,
				own = 0,
				last_carry = -1,
				k;
	bool		any = false;
	size_t		text_len = 0;
	gr_line    *line;
	char	   *text;

	for (k = 0; k < MAX_COLS; k++)
		if (t->carries[k].left > 0)
			last_carry = k;
	while (ncols < MAX_COLS && (own < t->ncells || ncols <= last_carry))
	{
		carry	   *cr = &t->carries[ncols];

		if (cr->left > 0)
		{
			cells[ncols] = (char *) cr->text;
			flags[ncols++] = GR_CELL_SPAN_COPY;
			cr->left--;
		}
		else if (own < t->ncells)
		{
			hcell	   *c = &t->cells[own++];
			char	   *s = c->kind == GR_FLOW_CELL ? cell_text(lx, c->raw, c->len) : NULL;
			int			j;

			for (j = 0; j < c->colspan && ncols < MAX_COLS; j++)
			{
				if (s != NULL)
					cells[ncols] = s;
				else if (c->kind == GR_FLOW_MERGED && t->above[ncols] != NULL)
					cells[ncols] = (char *) t->above[ncols];	/* the merge's text */
				else if (c->kind == GR_FLOW_MERGED_LEFT && ncols > 0)
					cells[ncols] = cells[ncols - 1];
				else
					cells[ncols] = (char *) "";
				flags[ncols] = j == 0 && s != NULL ? 0 : GR_CELL_SPAN_COPY;
				if (s != NULL && c->rowspan > 1)
				{
					t->carries[ncols].text = s;
					t->carries[ncols].left = c->rowspan - 1;
				}
				ncols++;
			}
			if (s != NULL && *s)
			{
				any = true;
				text_len += strlen(s) + 1;
			}
		}
		else
		{
			/* a hole in a ragged row, left of a span from above: no cell */
			cells[ncols] = (char *) "";
			flags[ncols++] = GR_CELL_SPAN_COPY;
		}
	}
	/* spans beyond the grid width still use up their rows */
	for (k = ncols; k < MAX_COLS; k++)
		if (t->carries[k].left > 0)
			t->carries[k].left--;
	for (k = 0; k < MAX_COLS; k++)
		t->above[k] = k < ncols ? cells[k] : NULL;
	if (!any)
		return;

	line = new_line(lx);
	line->lineno = t->row_line;
	line->origin = GR_ORIGIN_HTML;
	line->ncells = ncols;
	line->cells = gr_alloc(lx->mem, (size_t) ncols * sizeof(char *));
	line->cell_flags = gr_alloc(lx->mem, (size_t) ncols);
	memcpy(line->cells, cells, (size_t) ncols * sizeof(char *));
	memcpy(line->cell_flags, flags, (size_t) ncols);
	/* the whole row's text, for metadata such as 公开日期 2024-01-17 */
	text = gr_alloc(lx->mem, text_len + 1);
	line->text = text;
	for (k = 0; k < ncols; k++)
		if (!(flags[k] & GR_CELL_SPAN_COPY) && cells[k][0])
		{
			size_t		n = strlen(cells[k]);

			if (line->len > 0)
				text[line->len++] = ' ';
			memcpy(text + line->len, cells[k], n);
			line->len += n;
		}
	text[line->len] = '\0';
}

/* A row read as paragraphs: each cell's text, block by block. */
static void
row_as_paragraphs(gr_flow *lx, htable *t)
{
	int			i;

	for (i = 0; i < t->ncells; i++)
	{
		if ((i & 1023) == 1023 && lx->opts && lx->opts->check_interrupts)
			lx->opts->check_interrupts();
		emit_paragraphs(lx, t->cells[i].raw, t->cells[i].len, t->cells[i].line);
	}
	t->ncells = 0;
}

/* ------------------------------------------------------------ table state */

static htable *
top_table(gr_flow *lx)
{
	return lx->ntables > 0 ? lx->tables[lx->ntables - 1] : NULL;
}

/* Where text goes: the open cell of a data row, or the paragraph. */
static buf *
text_sink(gr_flow *lx)
{
	htable	   *t = top_table(lx);

	if (t != NULL && t->cell_open && !t->row_layout)
		return &t->cell;
	return &lx->para;
}

static void
block_break(gr_flow *lx)
{
	buf		   *b = text_sink(lx);

	if (b == &lx->para)
		flush_para(lx);
	else if (b->len > 0 && b->data[b->len - 1] != '\n')
		buf_put(lx->mem, b, '\n');
}

static void
end_cell(gr_flow *lx, htable *t)
{
	if (!t->cell_open)
		return;
	t->cell_open = false;
	if (t->row_layout)
	{
		flush_para(lx);
		return;
	}
	if (t->ncells == t->cap)
	{
		int			cap = t->cap ? t->cap * 2 : 16;
		hcell	   *cells = gr_alloc(lx->mem, (size_t) cap * sizeof(hcell));

		if (t->ncells)
			memcpy(cells, t->cells, (size_t) t->ncells * sizeof(hcell));
		t->cells = cells;
		t->cap = cap;
	}
	t->cells[t->ncells].raw = t->cell.data;
	t->cells[t->ncells].len = t->cell.len;
	t->cells[t->ncells].colspan = t->colspan;
	t->cells[t->ncells].rowspan = t->rowspan;
	t->cells[t->ncells].kind = t->kind;
	t->cells[t->ncells].line = t->cell_line;
	t->ncells++;
	memset(&t->cell, 0, sizeof(t->cell));
}

static void
start_row(gr_flow *lx, htable *t)
{
	flush_para(lx);
	t->in_row = true;
	t->row_layout = false;
	t->ncells = 0;
	t->row_line = source_line(lx);
}

static void
end_row(gr_flow *lx, htable *t)
{
	int			i,
				k;
	bool		prose = false;

	end_cell(lx, t);
	if (!t->in_row)
		return;
	t->in_row = false;
	flush_para(lx);
	for (i = 0; i < t->ncells; i++)
		if (t->cells[i].len > PROSE_CELL_BYTES)
			prose = true;
	if (t->row_layout || prose)
	{
		row_as_paragraphs(lx, t);
		/* a layout row still takes up a row under spans from above */
		for (k = 0; k < MAX_COLS; k++)
		{
			if (t->carries[k].left > 0)
				t->carries[k].left--;
			t->above[k] = NULL;
		}
	}
	else
		emit_row(lx, t);
	t->row_layout = false;
	t->ncells = 0;
}

/* A table inside a cell: the row holding it becomes paragraphs, the text
 * read so far first, so lines keep document order. */
static void
enter_layout(gr_flow *lx, htable *t)
{
	t->row_layout = true;
	row_as_paragraphs(lx, t);
	if (t->cell_open)
	{
		emit_paragraphs(lx, t->cell.data, t->cell.len, t->cell_line);
		memset(&t->cell, 0, sizeof(t->cell));
	}
}

static void
start_table(gr_flow *lx)
{
	htable	   *outer = top_table(lx);
	htable	   *t;

	if (outer != NULL && outer->cell_open && !outer->row_layout)
		enter_layout(lx, outer);
	flush_para(lx);
	if (lx->ntables == MAX_TABLE_DEPTH)
	{
		lx->deep++;
		lx->too_deep = true;
		return;
	}
	t = gr_alloc(lx->mem, sizeof(htable));
	lx->tables[lx->ntables++] = t;
}

static void
end_table(gr_flow *lx)
{
	htable	   *t;

	if (lx->deep > 0)
	{
		lx->deep--;
		flush_para(lx);
		return;
	}
	t = top_table(lx);
	if (t == NULL)
		return;
	end_row(lx, t);
	flush_para(lx);
	lx->ntables--;
}

static void
start_cell(gr_flow *lx, htable *t, int colspan, int rowspan, gr_flow_cell_kind kind)
{
	if (!t->in_row)
		start_row(lx, t);
	end_cell(lx, t);
	flush_para(lx);
	t->cell_open = true;
	t->colspan = colspan < 1 ? 1 : (colspan > MAX_COLS ? MAX_COLS : colspan);
	t->rowspan = rowspan < 1 ? 1 : (rowspan > GR_FLOW_MAX_ROWSPAN ? GR_FLOW_MAX_ROWSPAN : rowspan);
	t->kind = (uint8_t) kind;
	t->cell_line = source_line(lx);
	memset(&t->cell, 0, sizeof(t->cell));
}

/* ------------------------------------------------------------ the interface */

gr_flow *
gr_flow_new(gr_mem *mem, gr_grid *grid)
{
	gr_flow    *f = gr_alloc(mem, sizeof(gr_flow));

	f->mem = mem;
	f->grid = grid;
	grid->nlines = 0;
	grid->lines = NULL;
	return f;
}

void
gr_flow_allow_interrupts(gr_flow *f, const gr_parse_options *opts)
{
	f->opts = opts;
}

void
gr_flow_set_line(gr_flow *f, uint32_t line)
{
	f->line = line;
}

/* The table whose rows and cells the lexer reads now, or NULL (none, or
 * one nested past the limit). */
static htable *
reading_table(gr_flow *f)
{
	return f->deep == 0 ? top_table(f) : NULL;
}

void
gr_flow_block(gr_flow *f)
{
	block_break(f);
}

void
gr_flow_table_start(gr_flow *f)
{
	start_table(f);
}

void
gr_flow_table_end(gr_flow *f)
{
	end_table(f);
}

void
gr_flow_row_start(gr_flow *f)
{
	htable	   *t = reading_table(f);

	if (t == NULL)
		block_break(f);
	else
	{
		end_row(f, t);
		start_row(f, t);
	}
}

void
gr_flow_row_end(gr_flow *f)
{
	htable	   *t = reading_table(f);

	if (t == NULL)
		block_break(f);
	else
		end_row(f, t);
}

void
gr_flow_cell_start(gr_flow *f, int colspan, int rowspan, gr_flow_cell_kind kind)
{
	htable	   *t = reading_table(f);

	if (t == NULL)
		block_break(f);
	else
		start_cell(f, t, colspan, rowspan, kind);
}

void
gr_flow_cell_shape(gr_flow *f, int colspan, gr_flow_cell_kind kind)
{
	htable	   *t = reading_table(f);

	if (t != NULL && t->cell_open)
	{
		t->colspan = colspan < 1 ? 1 : (colspan > MAX_COLS ? MAX_COLS : colspan);
		t->kind = (uint8_t) kind;
	}
}

void
gr_flow_cell_end(gr_flow *f)
{
	htable	   *t = reading_table(f);

	if (t == NULL)
		block_break(f);
	else
		end_cell(f, t);
}

void
gr_flow_text(gr_flow *f, const char *ch, size_t len)
{
	buf		   *b;
	size_t		i;

	if (len == 0)
		return;
	b = text_sink(f);
	if (b == &f->para && f->para.len == 0)
	{
		if (all_space(ch, len))
			return;
		f->para_line = source_line(f);
	}
	buf_reserve(f->mem, b, len);
	/* source line breaks are white space; '\n' marks block boundaries */
	memcpy(b->data + b->len, ch, len);
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) ch[i];

		if (c < 0x20 && (c == '\n' || c == '\r' || c == '\t' || c == '\f'))
			b->data[b->len + i] = ' ';
	}
	b->len += len;
	b->data[b->len] = '\0';
}

bool
gr_flow_finish(gr_flow *f, gr_error *err)
{
	/* whatever the document left open */
	while (f->ntables > 0 || f->deep > 0)
		end_table(f);
	flush_para(f);
	if (f->too_deep)
	{
		/* no report nests its tables so deep: a hostile or broken document */
		gr_error_set(err, GR_ERR_LIMIT, -1, "tables are nested more than %d deep; the limit is %d",
					 MAX_TABLE_DEPTH, MAX_TABLE_DEPTH);
		return false;
	}
	return true;
}
