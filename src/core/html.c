/*
 * html.c — HTML pages to the grid, through libxml2's HTML parser.
 *
 * The page is read with SAX callbacks (no tree is built).  Each table row
 * becomes one grid line of origin GR_ORIGIN_HTML whose cells are the row's
 * cells, with rowspan and colspan expanded into a real grid: a spanned cell
 * is repeated in every slot it covers, the repeats flagged
 * GR_CELL_SPAN_COPY.  Text outside tables becomes one line per block
 * element or <br>, lexed like a line of a text document (so "行政许可 0"
 * printed as a paragraph still gives a label and a number).
 *
 * Inside a cell, inline boundaries join with nothing (Word splits "26" as
 * "2</span><span>6") and block boundaries and <br> join with a space.
 * Extracted text, never the markup, is normalised as the text path does it
 * (full-width forms to ASCII and so on), so a full-width ＜ in the prose
 * cannot turn into a tag.
 *
 * Layout tables: a table inside a cell turns the row that holds it into
 * paragraphs (the text around the inner table becomes lines, in document
 * order), so only the innermost tables give rows; a row with a cell longer
 * than any table cell (a whole article laid out in a table) is read as
 * paragraphs too.
 *
 * The input is UTF-8 the caller decoded (decode.c): libxml2 is told so and
 * told to ignore the page's own charset declaration.  libxml2 keeps its
 * parser state in malloc'd memory; the parser is fed in chunks, the
 * caller's interrupt hook runs between chunks only (never from inside
 * libxml2, which holds malloc'd temporaries on its stack), and the parser
 * is recorded in opts->held while it lives so a caller whose hook jumps out
 * can free it.
 *
 * Bounded work: markup.c refuses start tags over the attribute and byte
 * limits before libxml2 sees the page; the callbacks refuse more than
 * GR_MAX_OPEN_ELEMENTS open elements (each end tag and start tag makes
 * libxml2 walk that stack); and every callback, libxml2's error callback
 * included (20 MB of '&' is 20 million errors and no element), asks
 * opts->interrupt_pending whether to stop: the parser is stopped from
 * inside and the interrupt hook runs once libxml2 has returned.
 */
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "gr_internal.h"

#define MAX_TABLE_DEPTH 32		/* deeper nesting is refused (54000) */
#define MAX_COLS 64				/* grid width; report tables have 16 at most */
#define MAX_ROWSPAN 1000
#define PROSE_CELL_BYTES 1000	/* a cell this long is page layout, not data */
#define CHUNK_BYTES 65536		/* parser input between interrupt checks */

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
	uint32_t	cell_line;
	carry		carries[MAX_COLS];
} htable;

typedef struct lexer
{
	gr_mem	   *mem;
	gr_grid    *grid;
	int			cap_lines;
	htmlParserCtxtPtr ctxt;
	int			skip;			/* depth inside script, style, ... */
	htable	   *tables[MAX_TABLE_DEPTH];
	int			ntables;
	int			deep;			/* tables nested past MAX_TABLE_DEPTH */
	bool		too_deep;		/* some were: the document is refused */
	buf			para;
	uint32_t	para_line;
	const gr_parse_options *opts;
	unsigned	calls;			/* callbacks since the last interrupt poll */
	bool		stopped;		/* the parser was stopped (interrupt or too_open) */
	bool		too_open;		/* more than GR_MAX_OPEN_ELEMENTS open */
	uint32_t	too_open_line;
} lexer;

/* Stops the parser from inside a callback; never jumps. */
static void
stop_parser(lexer *lx)
{
	if (!lx->stopped && lx->ctxt != NULL)
		xmlStopParser(lx->ctxt);
	lx->stopped = true;
}

/* Called by every callback: stops the parser when an interrupt is due. */
static void
poll_pending(lexer *lx)
{
	if ((++lx->calls & 63) == 0 && lx->opts && lx->opts->interrupt_pending &&
		lx->opts->interrupt_pending())
		stop_parser(lx);
}

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
source_line(const lexer *lx)
{
	if (lx->ctxt != NULL && lx->ctxt->input != NULL && lx->ctxt->input->line > 0)
		return (uint32_t) lx->ctxt->input->line;
	return 0;
}

/* ------------------------------------------------------------ grid output */

static gr_line *
new_line(lexer *lx)
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
normalised(lexer *lx, const char *raw, size_t len, size_t *out_len)
{
	gr_error	err;

	return gr_normalise(lx->mem, raw, len, out_len, &err);
}

/* Raw text (block boundaries as '\n') to lines lexed as text lines. */
static void
emit_paragraphs(lexer *lx, const char *raw, size_t len, uint32_t line)
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
	/* no options: the interrupt hook must not run inside a libxml2 callback */
	if (!gr_lex_text(lx->mem, text, n, &sub, NULL, &err))
		return;
	for (i = 0; i < sub.nlines; i++)
	{
		gr_line    *out = new_line(lx);

		*out = sub.lines[i];
		out->lineno = line;
	}
}

static void
flush_para(lexer *lx)
{
	if (lx->para.len > 0)
		emit_paragraphs(lx, lx->para.data, lx->para.len, lx->para_line);
	lx->para.len = 0;
}

/* A cell's raw text as its final text: normalised, one space for every
 * run of white space and block boundaries, trimmed. */
static char *
cell_text(lexer *lx, const char *raw, size_t len)
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
emit_row(lexer *lx, htable *t)
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
			char	   *s = cell_text(lx, c->raw, c->len);
			int			j;

			for (j = 0; j < c->colspan && ncols < MAX_COLS; j++)
			{
				cells[ncols] = s;
				flags[ncols] = j == 0 ? 0 : GR_CELL_SPAN_COPY;
				if (c->rowspan > 1)
				{
					t->carries[ncols].text = s;
					t->carries[ncols].left = c->rowspan - 1;
				}
				ncols++;
			}
			if (*s)
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
row_as_paragraphs(lexer *lx, htable *t)
{
	int			i;

	for (i = 0; i < t->ncells; i++)
		emit_paragraphs(lx, t->cells[i].raw, t->cells[i].len, t->cells[i].line);
	t->ncells = 0;
}

/* ------------------------------------------------------------ table state */

static htable *
top_table(lexer *lx)
{
	return lx->ntables > 0 ? lx->tables[lx->ntables - 1] : NULL;
}

/* Where text goes: the open cell of a data row, or the paragraph. */
static buf *
text_sink(lexer *lx)
{
	htable	   *t = top_table(lx);

	if (t != NULL && t->cell_open && !t->row_layout)
		return &t->cell;
	return &lx->para;
}

static void
block_break(lexer *lx)
{
	buf		   *b = text_sink(lx);

	if (b == &lx->para)
		flush_para(lx);
	else if (b->len > 0 && b->data[b->len - 1] != '\n')
		buf_put(lx->mem, b, '\n');
}

static void
end_cell(lexer *lx, htable *t)
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
	t->cells[t->ncells].line = t->cell_line;
	t->ncells++;
	memset(&t->cell, 0, sizeof(t->cell));
}

static void
start_row(lexer *lx, htable *t)
{
	flush_para(lx);
	t->in_row = true;
	t->row_layout = false;
	t->ncells = 0;
	t->row_line = source_line(lx);
}

static void
end_row(lexer *lx, htable *t)
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
			if (t->carries[k].left > 0)
				t->carries[k].left--;
	}
	else
		emit_row(lx, t);
	t->row_layout = false;
	t->ncells = 0;
}

/* A table inside a cell: the row holding it becomes paragraphs, the text
 * read so far first, so lines keep document order. */
static void
enter_layout(lexer *lx, htable *t)
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
start_table(lexer *lx)
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
end_table(lexer *lx)
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

static int
span_attr(const xmlChar **atts, const char *name, int max)
{
	int			i;

	for (i = 0; atts && atts[i]; i += 2)
		if (strcmp((const char *) atts[i], name) == 0 && atts[i + 1] != NULL)
		{
			const char *v = (const char *) atts[i + 1];
			long		n = 0;

			while (*v == ' ')
				v++;
			while (*v >= '0' && *v <= '9' && n <= max)
				n = n * 10 + (*v++ - '0');
			return n < 1 ? 1 : (n > max ? max : (int) n);
		}
	return 1;
}

static void
start_cell(lexer *lx, htable *t, const xmlChar **atts)
{
	if (!t->in_row)
		start_row(lx, t);
	end_cell(lx, t);
	flush_para(lx);
	t->cell_open = true;
	t->colspan = span_attr(atts, "colspan", MAX_COLS);
	t->rowspan = span_attr(atts, "rowspan", MAX_ROWSPAN);
	t->cell_line = source_line(lx);
	memset(&t->cell, 0, sizeof(t->cell));
}

/* ------------------------------------------------------------------ SAX */

/* What an element means to the lexer. */
typedef enum elem_kind
{
	E_OTHER = 0,				/* inline: its text joins its neighbours' */
	E_SKIP,						/* its content is not text of the page */
	E_BLOCK,					/* ends a line of text (a space inside a cell) */
	E_TABLE,
	E_TR,
	E_CELL						/* td, th */
} elem_kind;

static const char *const skipped_names[] = {
	"script", "style", "noscript", "template", "iframe", "object", "svg", "math",
	"select", "textarea", "button", NULL
};
static const char *const block_names[] = {
	"address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
	"details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
	"footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup",
	"hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
	"summary", "thead", "tbody", "tfoot", "title", "ul", NULL
};

static bool
in_list(const char *name, const char *const *names)
{
	int			i;

	for (i = 0; names[i]; i++)
		if (names[i][0] == name[0] && strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/*
 * Word pages are mostly <span>, <font>, <o:p> and <b>: answer those without
 * walking the lists (libxml2 hands element names in lower case).
 */
static elem_kind
classify(const char *name)
{
	switch (name[0])
	{
		case 's':
			if (strcmp(name, "span") == 0 || strcmp(name, "strong") == 0 ||
				strcmp(name, "sub") == 0 || strcmp(name, "sup") == 0)
				return E_OTHER;
			break;
		case 'f':
			if (strcmp(name, "font") == 0)
				return E_OTHER;
			break;
		case 'o':
			if (strcmp(name, "o:p") == 0)
				return E_OTHER;
			break;
		case 'b':
			if (name[1] == '\0')
				return E_OTHER;
			break;
		case 'a':
		case 'i':
		case 'u':
			if (name[1] == '\0')
				return E_OTHER;
			break;
		case 't':
			if (strcmp(name, "table") == 0)
				return E_TABLE;
			if (strcmp(name, "tr") == 0)
				return E_TR;
			if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
				return E_CELL;
			break;
		case 'p':
			if (name[1] == '\0')
				return E_BLOCK;
			break;
		default:
			break;
	}
	if (in_list(name, skipped_names))
		return E_SKIP;
	if (in_list(name, block_names))
		return E_BLOCK;
	return E_OTHER;
}

static void
on_start(void *ud, const xmlChar *xname, const xmlChar **atts)
{
	lexer	   *lx = ud;
	elem_kind	kind = classify((const char *) xname);
	htable	   *t;

	poll_pending(lx);
	if (lx->ctxt != NULL && lx->ctxt->nameNr > GR_MAX_OPEN_ELEMENTS)
	{
		if (!lx->too_open)
			lx->too_open_line = source_line(lx);
		lx->too_open = true;
		stop_parser(lx);
		return;
	}
	if (lx->skip > 0 || kind == E_SKIP)
	{
		if (kind == E_SKIP)
			lx->skip++;
		return;
	}
	if (kind == E_OTHER)
		return;
	t = top_table(lx);
	if (kind == E_TABLE)
		start_table(lx);
	else if (t != NULL && lx->deep == 0 && kind == E_TR)
	{
		end_row(lx, t);
		start_row(lx, t);
	}
	else if (t != NULL && lx->deep == 0 && kind == E_CELL)
		start_cell(lx, t, atts);
	else
		block_break(lx);		/* a block, or a tr/td outside a table we read */
}

static void
on_end(void *ud, const xmlChar *xname)
{
	lexer	   *lx = ud;
	elem_kind	kind = classify((const char *) xname);
	htable	   *t;

	poll_pending(lx);
	if (lx->skip > 0)
	{
		if (kind == E_SKIP)
			lx->skip--;
		return;
	}
	if (kind == E_OTHER)
		return;
	t = top_table(lx);
	if (kind == E_TABLE)
		end_table(lx);
	else if (t != NULL && lx->deep == 0 && kind == E_TR)
		end_row(lx, t);
	else if (t != NULL && lx->deep == 0 && kind == E_CELL)
		end_cell(lx, t);
	else
		block_break(lx);
}

static void
on_text(void *ud, const xmlChar *ch, int len)
{
	lexer	   *lx = ud;
	buf		   *b;
	int			i;

	poll_pending(lx);
	if (lx->skip > 0 || len <= 0)
		return;
	b = text_sink(lx);
	if (b == &lx->para && lx->para.len == 0)
	{
		if (all_space((const char *) ch, (size_t) len))
			return;
		lx->para_line = source_line(lx);
	}
	buf_reserve(lx->mem, b, (size_t) len);
	for (i = 0; i < len; i++)
	{
		char		c = (char) ch[i];

		/* source line breaks are white space; '\n' marks block boundaries */
		if (c == '\n' || c == '\r' || c == '\t' || c == '\f')
			c = ' ';
		b->data[b->len++] = c;
	}
	b->data[b->len] = '\0';
}

static void
on_ignored_text(void *ud, const xmlChar *ch, int len)
{
	(void) ch, (void) len;
	poll_pending(ud);
}

static void
on_comment(void *ud, const xmlChar *value)
{
	(void) value;
	poll_pending(ud);
}

static void
on_error(void *ud, xmlErrorPtr error)
{
	/* HTML in the wild is never valid; recovery is the point */
	(void) error;
	poll_pending(ud);
}

static void
release_parser(void *ctxt)
{
	htmlFreeParserCtxt((htmlParserCtxtPtr) ctxt);
}

bool
gr_lex_html(gr_mem *mem, const char *utf8, size_t len, gr_grid *grid,
			const gr_parse_options *opts, gr_error *err)
{
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt;
	lexer		lx;
	size_t		off = 0,
				bad = gr_utf8_valid_prefix(utf8, len);

	if (bad < len)
	{
		gr_error_set(err, GR_ERR_ENCODING, (long) bad,
					 "invalid UTF-8 sequence at byte offset %zu (byte 0x%02X)",
					 bad, (unsigned char) utf8[bad]);
		return false;
	}
	if (!gr_markup_prescan(utf8, len, true, opts, err))
		return false;
	if (len >= 3 && memcmp(utf8, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	memset(&lx, 0, sizeof(lx));
	lx.opts = opts;
	lx.mem = mem;
	lx.grid = grid;
	grid->nlines = 0;
	grid->lines = NULL;

	memset(&sax, 0, sizeof(sax));
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_ignored_text;	/* script and style bodies */
	sax.comment = on_comment;
	sax.serror = on_error;
	sax.initialized = XML_SAX2_MAGIC;	/* so that serror is used */

	ctxt = htmlCreatePushParserCtxt(&sax, &lx, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
	if (ctxt == NULL)
	{
		gr_error_set(err, GR_ERR_LIMIT, -1, "libxml2 could not create an HTML parser (out of memory)");
		return false;
	}
	gr_hold(opts, release_parser, ctxt);
	lx.ctxt = ctxt;
	/* no network, no error output, recover from anything, and never let a
	 * <meta charset> re-decode text that is UTF-8 already */
	htmlCtxtUseOptions(ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					   HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD);
	while (off < len)
	{
		size_t		n = len - off < CHUNK_BYTES ? len - off : CHUNK_BYTES;

		/* end the chunk on a character boundary */
		while (off + n < len && n > 1 && ((unsigned char) utf8[off + n] & 0xC0) == 0x80)
			n--;
		if (opts && opts->check_interrupts)
			opts->check_interrupts();
		if (lx.stopped)
			break;
		htmlParseChunk(ctxt, utf8 + off, (int) n, 0);
		off += n;
	}
	if (!lx.stopped)
		htmlParseChunk(ctxt, NULL, 0, 1);
	/* stopped for an interrupt: the hook jumps out here, the parser held */
	if (lx.stopped && !lx.too_open && opts && opts->check_interrupts)
		opts->check_interrupts();
	gr_unhold(opts);
	htmlFreeParserCtxt(ctxt);
	lx.ctxt = NULL;
	if (lx.too_open)
	{
		gr_error_set(err, GR_ERR_LIMIT, -1,
					 "more than %d HTML elements are open at once (line %lu); the limit is %d",
					 GR_MAX_OPEN_ELEMENTS, (unsigned long) lx.too_open_line, GR_MAX_OPEN_ELEMENTS);
		return false;
	}
	if (lx.stopped)
	{
		/* an interrupt was pending but the hook returned (it was held off) */
		gr_error_set(err, GR_ERR_CANCELED, -1, "the HTML parser was stopped by a pending interrupt");
		return false;
	}

	/* whatever the parser left open */
	while (lx.ntables > 0 || lx.deep > 0)
		end_table(&lx);
	flush_para(&lx);
	if (lx.too_deep)
	{
		/* no report nests its tables so deep: a hostile or broken page */
		gr_error_set(err, GR_ERR_LIMIT, -1, "tables are nested more than %d deep; the limit is %d",
					 MAX_TABLE_DEPTH, MAX_TABLE_DEPTH);
		return false;
	}
	return true;
}
