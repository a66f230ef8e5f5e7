/*
 * bbox.c — pdftotext -bbox-layout XHTML to the grid.
 *
 * pdftotext -bbox-layout prints every word of a PDF with its box
 * (<word xMin yMin xMax yMax>) inside <page>/<flow>/<block>/<line>.  Its
 * lines follow the PDF's text objects, not the printed rows: a table cell is
 * a block of its own, so a row's label and its numbers arrive as separate
 * lines, often at slightly different heights.  This file rebuilds the
 * printed lines from the coordinates, as `pdftotext -layout` prints them,
 * so that the recogniser sees the same grid as on the text route:
 *
 *   1. read the words with libxml2's xmlTextReader: streaming, no tree, no
 *      DTD, no entity substitution, no network;
 *   2. fold a pdftotext line whose words stand one above the other (a
 *      vertical group label broken into characters) into one unit;
 *   3. group the words of a page whose vertical centres agree into visual
 *      lines, ordered by x (one sort of all words);
 *   4. split each visual line at gaps wider than a character into tokens,
 *      and the tokens into cells as the text lexer does: the trailing value
 *      tokens one cell each, everything before them one label cell;
 *   5. drop page furniture ("-3-", "第 3 页");
 *   6. fold a label wrapped over several lines into its row when the lines
 *      sit vertically centred on the row's numbers (a Word table centres a
 *      cell's text); otherwise the pieces stay label-only lines, as on the
 *      text route, and the recogniser reads them as nearby labels.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "gr_internal.h"

/* A word, or a vertical run of words folded into one unit. */
typedef struct bword
{
	double		x0,
				y0,
				x1,
				y1;
	const char *text;			/* normalised, trimmed, NUL-terminated */
	size_t		len;
	int			ncp;			/* code points, for the character width */
	int			page;
	uint32_t	srcline;		/* line in the XHTML */
	bool		vertical;
	int			line;			/* visual line it belongs to */
} bword;

/* A run of words closer than a character: one label piece or one value. */
typedef struct btoken
{
	int			first;			/* index into the sorted words */
	int			n;
	bool		value;			/* a value token (number or placeholder) */
	bool		numbers;		/* several value words: one cell per word */
} btoken;

/* A visual line: the words of one page whose vertical centres agree. */
typedef struct bline
{
	int			page;
	bool		vertical;		/* a folded vertical label: a line of its own */
	bool		dropped;		/* page furniture, or folded into a row */
	int			first;			/* words [first, first + n) */
	int			n;
	int			tok;			/* tokens [tok, tok + ntok) */
	int			ntok;
	int			first_value;	/* token index (relative) of the trailing values */
	double		y0,
				y1;				/* extent of all words */
	double		ly0,
				ly1;			/* extent of the label words (if any) */
	double		vy0,
				vy1;			/* extent of the value words (if any) */
	double		vx0;			/* left edge of the first value */
	double		x1;				/* right edge of the line */
	char	   *label;			/* label text, possibly folded from several lines */
} bline;

typedef struct bbox
{
	gr_mem	   *mem;
	gr_error   *err;
	const gr_parse_options *opts;
	unsigned	steps;
	/* words as read */
	bword	   *words;
	int			nwords;
	int			cap;
	double	   *page_h;			/* page heights, 0 = not printed */
	int			npages;
	int			page_cap;
	int			line_start;		/* first word of the current pdftotext <line> */
	/* the word being read */
	bool		in_word;
	bword		cur;
	char	   *tbuf;
	size_t		tlen;
	size_t		tcap;
	/* the first libxml2 error of the highest level seen */
	int			xml_level;
	int			xml_line;
	char		xml_msg[160];
} bbox;

static void
poll_interrupts(bbox *b)
{
	if (b->opts && b->opts->check_interrupts && (++b->steps & 1023) == 0)
		b->opts->check_interrupts();
}

/* ------------------------------------------------------------ reading */

/* "123.456000": pdftotext's %f coordinates.  No exponent, no locale. */
static bool
parse_coord(const char *s, double *out)
{
	double		v = 0,
				scale = 1;
	bool		neg = false;
	int			digits = 0;

	while (*s == ' ')
		s++;
	if (*s == '-')
		neg = true, s++;
	while (*s >= '0' && *s <= '9')
	{
		if (++digits > 9)
			return false;
		v = v * 10 + (*s++ - '0');
	}
	if (*s == '.')
	{
		s++;
		while (*s >= '0' && *s <= '9')
		{
			scale /= 10;
			v += (*s++ - '0') * scale;
			digits++;
		}
	}
	while (*s == ' ')
		s++;
	if (digits == 0 || *s != '\0')
		return false;
	*out = neg ? -v : v;
	return true;
}

static int
utf8_count(const char *s, size_t len)
{
	int			n = 0;
	size_t		i;

	for (i = 0; i < len; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Reads the page's height; the reader is left on the element. */
static void
start_page(bbox *b, xmlTextReaderPtr reader)
{
	double		h = 0;

	while (xmlTextReaderMoveToNextAttribute(reader) == 1)
		if (strcmp((const char *) xmlTextReaderConstLocalName(reader), "height") == 0)
		{
			const xmlChar *v = xmlTextReaderConstValue(reader);

			if (v == NULL || !parse_coord((const char *) v, &h) || h < 0)
				h = 0;
		}
	xmlTextReaderMoveToElement(reader);
	if (b->npages == b->page_cap)
	{
		int			cap = b->page_cap ? b->page_cap * 2 : 16;
		double	   *bigger = gr_alloc(b->mem, (size_t) cap * sizeof(double));

		if (b->npages)
			memcpy(bigger, b->page_h, (size_t) b->npages * sizeof(double));
		b->page_h = bigger;
		b->page_cap = cap;
	}
	b->page_h[b->npages++] = h;
}

static bool
start_word(bbox *b, xmlTextReaderPtr reader)
{
	int			seen = 0;
	long		line;
	double		x0 = 0,
				y0 = 0,
				x1 = 0,
				y1 = 0;

	memset(&b->cur, 0, sizeof(b->cur));
	/* the element's own line: the parser itself may have read further */
	line = xmlGetLineNo(xmlTextReaderCurrentNode(reader));
	b->cur.srcline = line > 0 && line <= (long) UINT32_MAX ? (uint32_t) line : 0;
	while (xmlTextReaderMoveToNextAttribute(reader) == 1)
	{
		const char *name = (const char *) xmlTextReaderConstLocalName(reader);
		const char *v = (const char *) xmlTextReaderConstValue(reader);
		double	   *slot = NULL;
		int			bit = 0;

		if (strcmp(name, "xMin") == 0)
			slot = &x0, bit = 1;
		else if (strcmp(name, "yMin") == 0)
			slot = &y0, bit = 2;
		else if (strcmp(name, "xMax") == 0)
			slot = &x1, bit = 4;
		else if (strcmp(name, "yMax") == 0)
			slot = &y1, bit = 8;
		if (slot && v && parse_coord(v, slot))
			seen |= bit;
	}
	xmlTextReaderMoveToElement(reader);
	if (seen != 15)
	{
		gr_error_set(b->err, GR_ERR_NOT_REPORT, -1,
					 "a <word> element at line %u of the pdftotext -bbox-layout XHTML lacks a numeric xMin, yMin, xMax or yMax attribute",
					 (unsigned) b->cur.srcline);
		return false;
	}
	b->cur.x0 = x0 < x1 ? x0 : x1;
	b->cur.x1 = x0 < x1 ? x1 : x0;
	b->cur.y0 = y0 < y1 ? y0 : y1;
	b->cur.y1 = y0 < y1 ? y1 : y0;
	b->cur.page = b->npages > 0 ? b->npages - 1 : 0;
	b->tlen = 0;
	b->in_word = true;
	return true;
}

static void
word_text(bbox *b, const xmlChar *value)
{
	size_t		n;

	if (!b->in_word || value == NULL)
		return;
	n = strlen((const char *) value);
	if (b->tlen + n + 1 > b->tcap)
	{
		size_t		cap = (b->tcap ? b->tcap : 64);
		char	   *bigger;

		while (cap < b->tlen + n + 1)
			cap *= 2;
		bigger = gr_alloc(b->mem, cap);
		if (b->tlen)
			memcpy(bigger, b->tbuf, b->tlen);
		b->tbuf = bigger;
		b->tcap = cap;
	}
	memcpy(b->tbuf + b->tlen, value, n);
	b->tlen += n;
}

static bool
end_word(bbox *b)
{
	size_t		n,
				i;
	char	   *text;

	if (!b->in_word)
		return true;
	b->in_word = false;
	text = gr_normalise(b->mem, b->tbuf ? b->tbuf : "", b->tlen, &n, b->err);
	if (text == NULL)
		return false;
	for (i = 0; i < n; i++)
		if (text[i] == '\n')
			text[i] = ' ';
	while (n > 0 && text[n - 1] == ' ')
		text[--n] = '\0';
	while (*text == ' ')
		text++, n--;
	if (n == 0)
		return true;
	if (b->nwords == b->cap)
	{
		int			cap = b->cap ? b->cap * 2 : 256;
		bword	   *bigger = gr_alloc(b->mem, (size_t) cap * sizeof(bword));

		if (b->nwords)
			memcpy(bigger, b->words, (size_t) b->nwords * sizeof(bword));
		b->words = bigger;
		b->cap = cap;
	}
	b->cur.text = text;
	b->cur.len = n;
	b->cur.ncp = utf8_count(text, n);
	b->words[b->nwords++] = b->cur;
	return true;
}

/* b stands below a in one column: a vertical label's next character(s). */
static bool
stacked(const bword *a, const bword *b)
{
	double		ha = a->y1 - a->y0,
				hb = b->y1 - b->y0,
				wa = a->x1 - a->x0,
				wb = b->x1 - b->x0,
				overlap = (a->x1 < b->x1 ? a->x1 : b->x1) - (a->x0 > b->x0 ? a->x0 : b->x0);

	return b->y0 >= a->y1 - 0.25 * (ha < hb ? ha : hb) && overlap > 0 &&
		overlap >= 0.5 * (wa < wb ? wa : wb);
}

/*
 * At the end of a pdftotext <line>: when every word stands below the one
 * before it, the line is vertical text (a group label set in a tall merged
 * cell), which -layout prints as one piece; fold it into one unit.
 */
static void
end_line(bbox *b)
{
	int			first = b->line_start,
				n = b->nwords - first,
				i;
	bword		v;
	size_t		len = 0,
				o = 0;
	char	   *text;

	if (first < 0 || n < 2)
		return;
	for (i = first + 1; i < b->nwords; i++)
		if (b->words[i].page != b->words[first].page || !stacked(&b->words[i - 1], &b->words[i]))
			return;
	v = b->words[first];
	for (i = first; i < b->nwords; i++)
	{
		const bword *w = &b->words[i];

		len += w->len;
		v.x0 = w->x0 < v.x0 ? w->x0 : v.x0;
		v.x1 = w->x1 > v.x1 ? w->x1 : v.x1;
		v.y1 = w->y1 > v.y1 ? w->y1 : v.y1;
	}
	text = gr_alloc(b->mem, len + 1);
	for (i = first; i < b->nwords; i++)
	{
		memcpy(text + o, b->words[i].text, b->words[i].len);
		o += b->words[i].len;
	}
	v.text = text;
	v.len = len;
	v.ncp = utf8_count(text, len);
	v.vertical = true;
	b->words[first] = v;
	b->nwords = first + 1;
}

#if LIBXML_VERSION >= 21200
typedef const xmlError *gr_xml_error_ptr;
#else
typedef xmlErrorPtr gr_xml_error_ptr;
#endif

/* Keeps the first error of the highest level for the error message. */
static void
xml_error(void *arg, gr_xml_error_ptr e)
{
	bbox	   *b = arg;
	size_t		n;

	if (e == NULL || (int) e->level <= b->xml_level)
		return;
	b->xml_level = (int) e->level;
	b->xml_line = e->line;
	snprintf(b->xml_msg, sizeof(b->xml_msg), "%s", e->message ? e->message : "unknown error");
	n = strlen(b->xml_msg);
	while (n > 0 && (b->xml_msg[n - 1] == '\n' || b->xml_msg[n - 1] == ' '))
		b->xml_msg[--n] = '\0';
}

static void
release_reader(void *reader)
{
	xmlFreeTextReader((xmlTextReaderPtr) reader);
}

/*
 * Characters XML 1.0 forbids (C0 controls but tab and line ends, U+FFFE,
 * U+FFFF) become spaces: pdftotext copies the PDF's metadata into <title>
 * and <meta> byte for byte, and a UTF-16 title brings control characters
 * that would make libxml2 reject the whole page.  The input is UTF-8
 * already; it is copied only when something needs replacing.
 */
static const char *
xml_safe(gr_mem *mem, const char *s, size_t len)
{
	char	   *copy = NULL;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];
		size_t		bad = 0;

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			bad = 1;
		else if (c == 0xEF && i + 2 < len && (unsigned char) s[i + 1] == 0xBF &&
				 ((unsigned char) s[i + 2] == 0xBE || (unsigned char) s[i + 2] == 0xBF))
			bad = 3;
		if (bad == 0)
			continue;
		if (copy == NULL)
		{
			copy = gr_alloc(mem, len + 1);
			memcpy(copy, s, len);
		}
		memset(copy + i, ' ', bad);
		i += bad - 1;
	}
	return copy ? copy : s;
}

/* Reads every word of the document into b->words. */
static bool
read_words(bbox *b, const char *data, size_t len)
{
	/*
	 * No XML_PARSE_NOENT (entities stay references, never substituted), no
	 * DTDLOAD/DTDVALID (the external subset is never read), no network.
	 */
	int			options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
		XML_PARSE_BIG_LINES;
	xmlTextReaderPtr reader;
	bool		ok = true;
	int			ret;

#if LIBXML_VERSION >= 21300
	options |= XML_PARSE_NO_XXE;
#endif
	if (len > (size_t) INT_MAX)
	{
		gr_error_set(b->err, GR_ERR_LIMIT, -1, "the XHTML document is %zu bytes; libxml2 reads at most %d", len, INT_MAX);
		return false;
	}
	/* libxml2's XML parser is quadratic in the attributes of a tag too */
	if (!gr_markup_prescan(data, len, false, b->opts, b->err))
		return false;
	data = xml_safe(b->mem, data, len);
	reader = xmlReaderForMemory(data, (int) len, NULL, "UTF-8", options);
	if (reader == NULL)
	{
		gr_error_set(b->err, GR_ERR_NOT_REPORT, -1, "libxml2 could not start reading the pdftotext -bbox-layout XHTML");
		return false;
	}
	/* from here a longjmp out of check_interrupts leaves the reader to the caller */
	gr_hold(b->opts, release_reader, reader);
	xmlTextReaderSetStructuredErrorHandler(reader, xml_error, b);
	b->line_start = -1;
	while (ok)
	{
		const char *name;

		poll_interrupts(b);
		ret = xmlTextReaderRead(reader);
		if (ret == 0)
			break;
		if (ret < 0)
		{
			if (b->xml_level > 0)
				gr_error_set(b->err, GR_ERR_NOT_REPORT, -1,
							 "the pdftotext -bbox-layout XHTML is not well-formed: %s (line %d)",
							 b->xml_msg, b->xml_line);
			else
				gr_error_set(b->err, GR_ERR_NOT_REPORT, -1,
							 "the pdftotext -bbox-layout XHTML could not be read");
			ok = false;
			break;
		}
		switch (xmlTextReaderNodeType(reader))
		{
			case XML_READER_TYPE_ELEMENT:
				name = (const char *) xmlTextReaderConstLocalName(reader);
				if (strcmp(name, "page") == 0)
				{
					start_page(b, reader);
					b->line_start = -1;
				}
				else if (strcmp(name, "line") == 0)
					b->line_start = b->nwords;
				else if (strcmp(name, "word") == 0)
				{
					if (!start_word(b, reader))
						ok = false;
					else if (xmlTextReaderIsEmptyElement(reader))
						b->in_word = false;
				}
				break;
			case XML_READER_TYPE_TEXT:
			case XML_READER_TYPE_CDATA:
			case XML_READER_TYPE_WHITESPACE:
			case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
				word_text(b, xmlTextReaderConstValue(reader));
				break;
			case XML_READER_TYPE_END_ELEMENT:
				name = (const char *) xmlTextReaderConstLocalName(reader);
				if (strcmp(name, "word") == 0)
					ok = end_word(b);
				else if (strcmp(name, "line") == 0)
				{
					end_line(b);
					b->line_start = -1;
				}
				break;
			default:
				/* entity references are skipped, never expanded */
				break;
		}
	}
	gr_unhold(b->opts);
	xmlFreeTextReader(reader);
	return ok;
}

/* ---------------------------------------------------------- visual lines */

static double
centre(const bword *w)
{
	return (w->y0 + w->y1) / 2;
}

/* Vertical units sort by their top: a group label precedes its rows. */
static double
sort_y(const bword *w)
{
	return w->vertical ? w->y0 : centre(w);
}

static int
cmp_by_y(const void *pa, const void *pb)
{
	const bword *a = pa,
			   *b = pb;
	double		ya = sort_y(a),
				yb = sort_y(b);

	if (a->page != b->page)
		return a->page < b->page ? -1 : 1;
	if (ya != yb)
		return ya < yb ? -1 : 1;
	if (a->x0 != b->x0)
		return a->x0 < b->x0 ? -1 : 1;
	return 0;
}

static int
cmp_by_line_x(const void *pa, const void *pb)
{
	const bword *a = pa,
			   *b = pb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->x0 != b->x0)
		return a->x0 < b->x0 ? -1 : 1;
	return 0;
}

/*
 * Groups the words into visual lines: sorted by page and vertical centre, a
 * word joins the open line when its centre lies within half a text height
 * of the centre of the line's first word (so a line cannot drift down a
 * column of rows).  Returns the lines; words end up sorted by line and x.
 */
static bline *
group_lines(bbox *b, int *nlines_out)
{
	bword	   *w = b->words;
	int			n = b->nwords,
				nl = 0,
				open = -1,
				i;
	double		anchor_c = 0,
				anchor_h = 0;
	bline	   *lines;

	qsort(w, (size_t) n, sizeof(bword), cmp_by_y);
	for (i = 0; i < n; i++)
	{
		double		h = w[i].y1 - w[i].y0,
					c = centre(&w[i]);

		poll_interrupts(b);
		if (w[i].vertical)
		{
			w[i].line = nl++;
			continue;
		}
		if (open >= 0 && w[open].page == w[i].page &&
			c - anchor_c <= 0.5 * (h < anchor_h ? h : anchor_h))
		{
			w[i].line = w[open].line;
			continue;
		}
		open = i;
		anchor_c = c;
		anchor_h = h;
		w[i].line = nl++;
	}
	qsort(w, (size_t) n, sizeof(bword), cmp_by_line_x);
	lines = gr_alloc(b->mem, (size_t) (nl > 0 ? nl : 1) * sizeof(bline));
	for (i = 0; i < n; i++)
	{
		bline	   *l = &lines[w[i].line];

		if (l->n == 0)
		{
			l->first = i;
			l->page = w[i].page;
			l->vertical = w[i].vertical;
			l->y0 = w[i].y0;
			l->y1 = w[i].y1;
		}
		l->n++;
		l->y0 = w[i].y0 < l->y0 ? w[i].y0 : l->y0;
		l->y1 = w[i].y1 > l->y1 ? w[i].y1 : l->y1;
		l->x1 = w[i].x1 > l->x1 ? w[i].x1 : l->x1;
	}
	*nlines_out = nl;
	return lines;
}

/* ---------------------------------------------------------------- tokens */

static double
char_width(const bword *w)
{
	return (w->x1 - w->x0) / (w->ncp > 0 ? w->ncp : 1);
}

static bool
is_value_word(const bword *w)
{
	return gr_value_parse(w->text, w->len).kind != GR_V_NONE;
}

/* Words closer than a fifth of a character touch ("1." "属于…"). */
static bool
touching(const bword *p, const bword *w)
{
	double		cw = char_width(p) < char_width(w) ? char_width(p) : char_width(w);

	return w->x0 - p->x1 < 0.2 * cw;
}

/* The token's words, a space between those that do not touch (squeeze:
 * no spaces at all). */
static char *
token_text(bbox *b, const btoken *t, bool squeeze)
{
	size_t		len = 0,
				o = 0;
	int			i;
	char	   *s;

	for (i = 0; i < t->n; i++)
		len += b->words[t->first + i].len + 1;
	s = gr_alloc(b->mem, len + 1);
	for (i = 0; i < t->n; i++)
	{
		const bword *w = &b->words[t->first + i];

		if (i > 0 && !squeeze && !touching(w - 1, w))
			s[o++] = ' ';
		memcpy(s + o, w->text, w->len);
		o += w->len;
	}
	s[o] = '\0';
	return s;
}

/*
 * Splits a line's words into tokens at gaps of a character or more, and
 * classifies each: several value words ("4" "0", "-" "-" printed close)
 * are one value each; a number with its unit or sign split off ("470.31" "万元",
 * "减" "4") is one value; anything else is label text.
 */
static btoken *
tokenise(bbox *b, bline *lines, int nl, int *ntok_out)
{
	btoken	   *toks = gr_alloc(b->mem, (size_t) (b->nwords > 0 ? b->nwords : 1) * sizeof(btoken));
	int			nt = 0,
				li;

	for (li = 0; li < nl; li++)
	{
		bline	   *l = &lines[li];
		int			i,
					k;

		poll_interrupts(b);
		l->tok = nt;
		for (i = l->first; i < l->first + l->n; i++)
		{
			const bword *w = &b->words[i];

			if (i > l->first)
			{
				const bword *p = &b->words[i - 1];
				double		cw = char_width(p) < char_width(w) ? char_width(p) : char_width(w);

				if (w->x0 - p->x1 < cw)
				{
					toks[nt - 1].n++;
					continue;
				}
			}
			toks[nt].first = i;
			toks[nt].n = 1;
			nt++;
		}
		l->ntok = nt - l->tok;
		for (k = l->tok; k < nt; k++)
		{
			btoken	   *t = &toks[k];
			bool		all_values = true;

			for (i = 0; i < t->n && all_values; i++)
				all_values = is_value_word(&b->words[t->first + i]);
			if (all_values && t->n > 1)
				t->value = t->numbers = true;
			else
			{
				char	   *s = token_text(b, t, true);

				t->value = gr_value_parse(s, strlen(s)).kind != GR_V_NONE;
			}
		}
		/* the trailing run of values; the rest is the label */
		l->first_value = l->ntok;
		while (l->first_value > 0 && toks[l->tok + l->first_value - 1].value)
			l->first_value--;
		l->ly0 = l->vy0 = 1e300;
		l->ly1 = l->vy1 = -1e300;
		l->vx0 = 1e300;
		for (k = 0; k < l->ntok; k++)
		{
			const btoken *t = &toks[l->tok + k];

			for (i = t->first; i < t->first + t->n; i++)
			{
				const bword *w = &b->words[i];

				if (k < l->first_value)
				{
					l->ly0 = w->y0 < l->ly0 ? w->y0 : l->ly0;
					l->ly1 = w->y1 > l->ly1 ? w->y1 : l->ly1;
				}
				else
				{
					l->vy0 = w->y0 < l->vy0 ? w->y0 : l->vy0;
					l->vy1 = w->y1 > l->vy1 ? w->y1 : l->vy1;
					l->vx0 = w->x0 < l->vx0 ? w->x0 : l->vx0;
				}
			}
		}
		if (l->first_value > 0)
		{
			/* label tokens joined by two spaces, their words by one */
			size_t		len = 0,
						o = 0;
			char	   *s;

			for (k = 0; k < l->first_value; k++)
				for (i = 0; i < toks[l->tok + k].n; i++)
					len += b->words[toks[l->tok + k].first + i].len + 2;
			s = gr_alloc(b->mem, len + 1);
			for (k = 0; k < l->first_value; k++)
			{
				char	   *piece = token_text(b, &toks[l->tok + k], false);
				size_t		pn = strlen(piece);

				if (k > 0)
					s[o++] = ' ', s[o++] = ' ';
				memcpy(s + o, piece, pn);
				o += pn;
			}
			s[o] = '\0';
			l->label = s;
		}
	}
	*ntok_out = nt;
	return toks;
}

/* ------------------------------------------------------- page furniture */

static bool
is_dash(const char *s, size_t *n)
{
	if (*s == '-')
		return *n = 1, true;
	if (strncmp(s, "—", 3) == 0 || strncmp(s, "–", 3) == 0)
		return *n = 3, true;
	return false;
}

static size_t
skip_digits(const char *s, size_t *count)
{
	size_t		i = 0;

	while (s[i] >= '0' && s[i] <= '9')
		i++;
	*count = i;
	return i;
}

/*
 * Page numbers: "-3-", "— 3 —", "第3页", "第3页 共5页", "Page 3", anywhere;
 * a bare "3" or "3/5" only where a page number stands (edge = the first or
 * last line of the page, in its margin).  s has its spaces removed.
 */
static bool
is_page_number(const char *s, bool edge)
{
	size_t		n,
				d;

	if (is_dash(s, &n))
	{
		s += n;
		s += skip_digits(s, &d);
		return d >= 1 && d <= 4 && is_dash(s, &n) && s[n] == '\0';
	}
	if (strncmp(s, "第", 3) == 0)
	{
		s += skip_digits(s + 3, &d) + 3;
		if (d < 1 || d > 4 || strncmp(s, "页", 3) != 0)
			return false;
		s += 3;
		if (*s == ',' || strncmp(s, "，", 3) == 0)
			s += *s == ',' ? 1 : 3;
		if (*s == '\0')
			return true;
		if (strncmp(s, "共", 3) != 0)
			return false;
		s += skip_digits(s + 3, &d) + 3;
		return d >= 1 && d <= 4 && strcmp(s, "页") == 0;
	}
	if (strncmp(s, "Page", 4) == 0 || strncmp(s, "page", 4) == 0)
	{
		s += skip_digits(s + 4, &d) + 4;
		if (d < 1 || d > 4)
			return false;
		if (*s == '\0')
			return true;
		if (strncmp(s, "of", 2) != 0)
			return false;
		s += skip_digits(s + 2, &d) + 2;
		return d >= 1 && d <= 4 && *s == '\0';
	}
	if (!edge)
		return false;
	s += skip_digits(s, &d);
	if (d < 1 || d > 4)
		return false;
	if (*s == '/')
	{
		s += skip_digits(s + 1, &d) + 1;
		if (d < 1 || d > 4)
			return false;
	}
	return *s == '\0';
}

static char *
line_squeezed(bbox *b, const bline *l)
{
	size_t		len = 0,
				o = 0,
				j;
	int			i;
	char	   *s;

	for (i = l->first; i < l->first + l->n; i++)
		len += b->words[i].len;
	s = gr_alloc(b->mem, len + 1);
	for (i = l->first; i < l->first + l->n; i++)
		for (j = 0; j < b->words[i].len; j++)
			if (b->words[i].text[j] != ' ')
				s[o++] = b->words[i].text[j];
	s[o] = '\0';
	return s;
}

static void
drop_furniture(bbox *b, bline *lines, int nl)
{
	int			li,
				first_on_page = 0;

	for (li = 0; li < nl; li++)
	{
		bline	   *l = &lines[li];
		double		h = l->page < b->npages ? b->page_h[l->page] : 0;
		bool		first = li == first_on_page,
					last = li + 1 == nl || lines[li + 1].page != l->page,
					edge;

		poll_interrupts(b);
		if (li + 1 < nl && lines[li + 1].page != l->page)
			first_on_page = li + 1;
		if (l->vertical || l->n > 8)
			continue;
		edge = h > 0 && ((last && l->y0 > 0.9 * h) || (first && l->y1 < 0.1 * h));
		if (is_page_number(line_squeezed(b, l), edge))
			l->dropped = true;
	}
}

/* ------------------------------------------------------- wrapped labels */

static bool
label_only(const bline *l)
{
	return !l->vertical && !l->dropped && l->ntok > 0 && l->first_value == l->ntok;
}

static bool
has_values(const bline *l)
{
	return !l->vertical && !l->dropped && l->first_value < l->ntok;
}

#define MAX_WRAP 4

/*
 * Collects up to MAX_WRAP label-only lines running from row r upward (dir
 * -1) or downward (+1): each left of the row's first value and no further
 * from the previous piece than half its own height.  Vertical units and
 * dropped lines in between are stepped over; any other line ends the run.
 */
static int
wrap_run(bline *lines, int nl, int r, int dir, int *out)
{
	const bline *row = &lines[r];
	double		edge;
	int			n = 0,
				j;

	if (dir < 0)
		edge = row->first_value > 0 && row->ly0 < row->vy0 ? row->ly0 : row->vy0;
	else
		edge = row->first_value > 0 && row->ly1 > row->vy1 ? row->ly1 : row->vy1;
	for (j = r + dir; j >= 0 && j < nl && n < MAX_WRAP; j += dir)
	{
		const bline *l = &lines[j];
		double		gap;

		if (l->page != row->page)
			break;
		if (l->vertical || l->dropped)
			continue;
		if (!label_only(l) || l->x1 > row->vx0)
			break;
		gap = dir < 0 ? edge - l->y1 : l->y0 - edge;
		if (gap > 0.5 * (l->y1 - l->y0))
			break;
		out[n++] = j;
		edge = dir < 0 ? l->y0 : l->y1;
	}
	return n;
}

/*
 * A label wrapped over several lines, centred on its row's numbers: of the
 * runs above and below the row, the longest combination whose extent
 * (with the row's own label) is centred on the numbers within 15% of
 * their height is folded into the row.  A group label beside the row
 * shifts the centre by half a line and is left alone.
 */
static void
fold_wrapped_labels(bbox *b, bline *lines, int nl)
{
	int			r;

	for (r = 0; r < nl; r++)
	{
		bline	   *row = &lines[r];
		int			up[MAX_WRAP],
					down[MAX_WRAP],
					nu,
					nd,
					u,
					d,
					best_u = 0,
					best_d = 0,
					k;
		double		vc,
					tol,
					best_dev = 0;
		size_t		len = 0,
					o = 0;
		char	   *s;

		poll_interrupts(b);
		if (!has_values(row))
			continue;
		nu = wrap_run(lines, nl, r, -1, up);
		nd = wrap_run(lines, nl, r, 1, down);
		if (nu + nd == 0)
			continue;
		vc = (row->vy0 + row->vy1) / 2;
		tol = 0.15 * (row->vy1 - row->vy0);
		if (tol < 1.0)
			tol = 1.0;
		for (u = 0; u <= nu; u++)
			for (d = 0; d <= nd; d++)
			{
				double		y0 = row->first_value > 0 ? row->ly0 : 1e300,
							y1 = row->first_value > 0 ? row->ly1 : -1e300,
							dev;

				if (u + d == 0)
					continue;
				if (u > 0)
					y0 = lines[up[u - 1]].y0 < y0 ? lines[up[u - 1]].y0 : y0;
				else if (row->first_value == 0)
					y0 = lines[down[0]].y0;
				if (d > 0)
					y1 = lines[down[d - 1]].y1 > y1 ? lines[down[d - 1]].y1 : y1;
				else if (row->first_value == 0)
					y1 = lines[up[0]].y1;
				dev = (y0 + y1) / 2 - vc;
				if (dev < 0)
					dev = -dev;
				if (dev <= tol && (u + d > best_u + best_d || (u + d == best_u + best_d && dev < best_dev)))
				{
					best_u = u;
					best_d = d;
					best_dev = dev;
				}
			}
		if (best_u + best_d == 0)
			continue;
		/* the pieces top to bottom: the run above, the row's own label, below */
		for (k = 0; k < best_u; k++)
			len += strlen(lines[up[k]].label) + 1;
		for (k = 0; k < best_d; k++)
			len += strlen(lines[down[k]].label) + 1;
		len += row->label ? strlen(row->label) + 1 : 0;
		s = gr_alloc(b->mem, len + 1);
		for (k = best_u - 1; k >= 0; k--)
		{
			o += (size_t) sprintf(s + o, "%s%s", o ? " " : "", lines[up[k]].label);
			lines[up[k]].dropped = true;
		}
		if (row->label)
			o += (size_t) sprintf(s + o, "%s%s", o ? " " : "", row->label);
		for (k = 0; k < best_d; k++)
		{
			o += (size_t) sprintf(s + o, "%s%s", o ? " " : "", lines[down[k]].label);
			lines[down[k]].dropped = true;
		}
		row->label = s;
	}
}

/* ------------------------------------------------------------------ grid */

static void
emit_line(bbox *b, const bline *l, const btoken *toks, gr_line *out)
{
	int			ncells = (l->label ? 1 : 0),
				k,
				i,
				c = 0;
	size_t		len = l->label ? strlen(l->label) : 0,
				o = 0;
	char	   *text;

	for (k = l->first_value; k < l->ntok; k++)
	{
		const btoken *t = &toks[l->tok + k];

		ncells += t->numbers ? t->n : 1;
		for (i = 0; i < t->n; i++)
			len += b->words[t->first + i].len + 2;
	}
	out->lineno = b->words[l->first].srcline;
	out->origin = GR_ORIGIN_LINE;
	out->ncells = ncells;
	out->cells = gr_alloc(b->mem, (size_t) (ncells > 0 ? ncells : 1) * sizeof(char *));
	text = gr_alloc(b->mem, len + 3);
	if (l->label)
	{
		out->cells[c++] = l->label;
		o = strlen(l->label);
		memcpy(text, l->label, o);
	}
	for (k = l->first_value; k < l->ntok; k++)
	{
		const btoken *t = &toks[l->tok + k];

		if (t->numbers)
			for (i = 0; i < t->n; i++)
				out->cells[c++] = (char *) b->words[t->first + i].text;
		else
			out->cells[c++] = token_text(b, t, true);
		for (i = 0; i < t->n; i++)
		{
			const bword *w = &b->words[t->first + i];

			if (o > 0)
			{
				text[o++] = ' ';
				if (i == 0)
					text[o++] = ' ';
			}
			memcpy(text + o, w->text, w->len);
			o += w->len;
		}
	}
	text[o] = '\0';
	out->text = text;
	out->len = o;
}

bool
gr_lex_bbox(gr_mem *mem, const char *utf8, size_t len, gr_grid *grid,
			const gr_parse_options *opts, gr_error *err)
{
	bbox		b;
	bline	   *lines;
	btoken	   *toks;
	int			nl,
				nt,
				li;

	memset(&b, 0, sizeof(b));
	b.mem = mem;
	b.err = err;
	b.opts = opts;
	grid->nlines = 0;
	grid->lines = NULL;
	if (!read_words(&b, utf8, len))
		return false;
	if (b.nwords == 0)
	{
		gr_error_set(err, GR_ERR_NOT_REPORT, -1,
					 "the pdftotext -bbox-layout XHTML has no <word> elements: the PDF has no text layer (a scan?)");
		return false;
	}
	lines = group_lines(&b, &nl);
	toks = tokenise(&b, lines, nl, &nt);
	drop_furniture(&b, lines, nl);
	fold_wrapped_labels(&b, lines, nl);
	grid->lines = gr_alloc(mem, (size_t) (nl > 0 ? nl : 1) * sizeof(gr_line));
	for (li = 0; li < nl; li++)
	{
		poll_interrupts(&b);
		if (lines[li].dropped)
			continue;
		emit_line(&b, &lines[li], toks, &grid->lines[grid->nlines++]);
	}
	(void) nt;
	return true;
}
