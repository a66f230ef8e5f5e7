/*
 * html.c — HTML pages to the grid, through libxml2's HTML parser.
 *
 * The page is read with SAX callbacks (no tree is built) and reported to
 * the flow (flow.c), which builds the grid: each table row one line of
 * origin GR_ORIGIN_HTML with rowspan and colspan expanded, text outside
 * tables one line per block element or <br>, layout tables as paragraphs.
 * Inline elements join their text with nothing (Word splits "26" as
 * "2</span><span>6"); block elements and <br> are block boundaries.
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

#define MAX_COLSPAN 64			/* the flow's grid width */
#define CHUNK_BYTES 65536		/* parser input between interrupt checks */

typedef struct lexer
{
	gr_flow    *flow;
	htmlParserCtxtPtr ctxt;
	int			skip;			/* depth inside script, style, ... */
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

/* The parser's line in the page, or 0. */
static uint32_t
source_line(lexer *lx)
{
	if (lx->ctxt != NULL && lx->ctxt->input != NULL && lx->ctxt->input->line > 0)
		return (uint32_t) lx->ctxt->input->line;
	return 0;
}

/* Tells the flow where in the page the parser is. */
static void
at_source_line(lexer *lx)
{
	gr_flow_set_line(lx->flow, source_line(lx));
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
	at_source_line(lx);
	if (kind == E_TABLE)
		gr_flow_table_start(lx->flow);
	else if (kind == E_TR)
		gr_flow_row_start(lx->flow);
	else if (kind == E_CELL)
		gr_flow_cell_start(lx->flow, span_attr(atts, "colspan", MAX_COLSPAN),
						   span_attr(atts, "rowspan", GR_FLOW_MAX_ROWSPAN), GR_FLOW_CELL);
	else
		gr_flow_block(lx->flow);	/* a block */
}

static void
on_end(void *ud, const xmlChar *xname)
{
	lexer	   *lx = ud;
	elem_kind	kind = classify((const char *) xname);

	poll_pending(lx);
	if (lx->skip > 0)
	{
		if (kind == E_SKIP)
			lx->skip--;
		return;
	}
	if (kind == E_OTHER)
		return;
	at_source_line(lx);
	if (kind == E_TABLE)
		gr_flow_table_end(lx->flow);
	else if (kind == E_TR)
		gr_flow_row_end(lx->flow);
	else if (kind == E_CELL)
		gr_flow_cell_end(lx->flow);
	else
		gr_flow_block(lx->flow);
}

static void
on_text(void *ud, const xmlChar *ch, int len)
{
	lexer	   *lx = ud;

	poll_pending(lx);
	if (lx->skip > 0 || len <= 0)
		return;
	at_source_line(lx);
	gr_flow_text(lx->flow, (const char *) ch, (size_t) len);
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
	size_t		off = 0;

	/* utf8 is valid UTF-8: parse.c checked it or made it */
	if (!gr_markup_prescan(utf8, len, true, opts, err))
		return false;
	if (len >= 3 && memcmp(utf8, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	memset(&lx, 0, sizeof(lx));
	lx.flow = gr_flow_new(mem, grid);
	lx.opts = opts;

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

	return gr_flow_finish(lx.flow, err);
}
