/*
 * docx.c — Word documents (.docx, OOXML word processing) to the grid.
 *
 * The container is a zip, opened with libzip from the bytes in memory.  Only
 * two parts are ever read: word/document.xml (the text and tables) and
 * docProps/core.xml (the title and creation date Word keeps as properties);
 * an entry whose name is absolute or climbs with ".." is never looked at.
 * Before a part is inflated, the size the central directory declares counts
 * against the document limit (what is left of it, for core.xml, which is
 * skipped when it does not fit); while inflating, no part may give more bytes
 * than it declared (the buffer is that size plus one byte), so a zip bomb is
 * refused unread, and a directory that lies is caught.
 *
 * document.xml goes through libxml2's streaming reader, with no network, no
 * entity substitution and no DTD loading (as the HTML and XHTML paths), and
 * is reported to the flow (flow.c) that the HTML lexer feeds too, so a table
 * reads the same from .docx as from the HTML page Word would export:
 *   w:p                paragraphs (block boundaries)
 *   w:r/w:t            text; runs join with nothing (numbers split anywhere)
 *   w:br, w:cr         line breaks (block boundaries; a space inside a cell)
 *   w:tab              a space
 *   w:tbl/w:tr/w:tc    tables, rows, cells; nested tables as in HTML
 *   w:gridSpan         colspan
 *   w:vMerge           restart: a cell; continue: the text of the cell above
 *   w:hMerge           (Word's older horizontal merge) continue: the text
 *                      of the cell on the left
 *   w:gridBefore       empty slots before the row's first cell
 *   w:sdt              its w:sdtContent is read, its properties are not
 *   w:ins, w:moveTo    read (tracked insertions)
 *   w:del, w:moveFrom  skipped (tracked deletions), as are every *PrChange
 *                      (the properties before a tracked change) and
 *                      mc:Fallback (a second rendering of mc:Choice)
 * The properties' title becomes the first line, as an HTML page's <title>
 * does; lines are numbered by paragraph and table row, in document order.
 *
 * libzip and libxml2 allocate with malloc.  The archive and the open entry,
 * and later the XML reader, are recorded in opts->held while they live, and
 * the interrupt hook runs only between reads (never inside a library call),
 * so a caller whose hook jumps out frees them with gr_release_held.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <zip.h>
#include <libxml/xmlreader.h>

#include "gr_internal.h"

#define DOCUMENT_PART "word/document.xml"
#define CORE_PART "docProps/core.xml"
#define INFLATE_CHUNK 65536		/* bytes inflated between interrupt checks */
#define NODES_PER_CHECK 1024	/* XML nodes read between interrupt checks */
#define MAX_CORE_BYTES (1 << 20)	/* properties are a few hundred bytes */
#define MAX_PROPERTY 1024		/* bytes kept of the title */
#define MAX_GRID_SPAN 64		/* the flow's grid width */

static const char *const w_namespaces[] = {
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
	"http://purl.oclc.org/ooxml/wordprocessingml/main",	/* Strict OOXML */
	NULL
};
#define MC_NAMESPACE "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define DC_NAMESPACE "http://purl.org/dc/elements/1.1/"
#define DCTERMS_NAMESPACE "http://purl.org/dc/terms/"

/* ------------------------------------------------------------- detection */

gr_container
gr_detect_container(const char *data, size_t len)
{
	static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

	if (len >= 4 && data[0] == 'P' && data[1] == 'K' &&
		((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6)))
		return GR_CONTAINER_ZIP;
	if (len >= 8 && memcmp(data, ole, 8) == 0)
		return GR_CONTAINER_OLE;
	return GR_CONTAINER_NONE;
}

/* Word keeps an encrypted .docx in an OLE file, as a stream of this name. */
static bool
ole_holds_encrypted_package(const char *data, size_t len, const gr_parse_options *opts)
{
	static const char name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
	size_t		n = sizeof(name) - 1,
				i;

	for (i = 0; i + n <= len; i++)
	{
		if ((i & 0xFFFFF) == 0 && opts && opts->check_interrupts)
			opts->check_interrupts();
		if (data[i] == 'E' && memcmp(data + i, name, n) == 0)
			return true;
	}
	return false;
}

bool
gr_refuse_ole(const char *data, size_t len, const gr_parse_options *opts, gr_error *err)
{
	if (ole_holds_encrypted_package(data, len, opts))
	{
		gr_error_set(err, GR_ERR_UNSUPPORTED, 0,
					 "the file is an OLE compound file holding an EncryptedPackage stream");
		gr_error_message(err, "document is an encrypted (password-protected) Word document");
		gr_error_hint(err, "Save it again in Word without a password, or load the report's PDF.");
		return false;
	}
	gr_error_set(err, GR_ERR_UNSUPPORTED, 0,
				 "the file begins with the OLE compound file signature D0 CF 11 E0 A1 B1 1A E1 "
				 "(Word 97-2003 .doc)");
	gr_error_message(err, "document is a legacy Word .doc file, which govreport does not read");
	gr_error_hint(err, "Convert it to .docx with LibreOffice (soffice --headless --convert-to docx FILE.doc), "
				  "or load the report's PDF.");
	return false;
}

/* ------------------------------------------------------------- the zip */

/* What libzip holds while the container is open. */
typedef struct zip_hold
{
	zip_t	   *archive;
	zip_file_t *entry;
} zip_hold;

static void
release_zip(void *resource)
{
	zip_hold   *h = resource;

	if (h->entry != NULL)
		zip_fclose(h->entry);
	h->entry = NULL;
	if (h->archive != NULL)
		zip_discard(h->archive);
	h->archive = NULL;
}

/* A part of the container, inflated. */
typedef struct part
{
	const char *name;
	bool		found;
	zip_uint64_t index;
	zip_uint64_t size;			/* as the central directory declares it */
	char	   *data;
	size_t		len;
} part;

static bool
ascii_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
	{
		char		x = (*a >= 'A' && *a <= 'Z') ? (char) (*a - 'A' + 'a') : *a;
		char		y = (*b >= 'A' && *b <= 'Z') ? (char) (*b - 'A' + 'a') : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

/* An entry name that could reach outside the container when extracted. */
static bool
unsafe_name(const char *name)
{
	const char *p = name;

	if (name[0] == '/' || name[0] == '\\' ||
		(((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') && name[1] == ':'))
		return true;
	while (*p)
	{
		const char *q = p;

		while (*q && *q != '/' && *q != '\\')
			q++;
		if (q - p == 2 && p[0] == '.' && p[1] == '.')
			return true;
		if (*q == '\0')
			break;
		p = q + 1;
	}
	return false;
}

static void
corrupt(gr_error *err, const char *what, const char *libzip_says)
{
	gr_error_set(err, GR_ERR_CORRUPT, -1, "%s%s%s", what, libzip_says ? ": libzip: " : "",
				 libzip_says ? libzip_says : "");
	gr_error_message(err, "the .docx container is truncated or corrupt");
}

static void
encrypted(gr_error *err, const char *name)
{
	gr_error_set(err, GR_ERR_UNSUPPORTED, -1, "zip entry %s is encrypted", name);
	gr_error_message(err, "the .docx container is encrypted");
	gr_error_hint(err, "Save the document again without a password, or load the report's PDF.");
}

/* Finds the two parts among the entries; false with err on a duplicate. */
static bool
find_parts(zip_t *za, part *doc, part *core, const gr_parse_options *opts, gr_error *err)
{
	zip_int64_t n = zip_get_num_entries(za, 0),
				i;

	for (i = 0; i < n; i++)
	{
		const char *name;
		part	   *p;

		if ((i & 255) == 0 && opts && opts->check_interrupts)
			opts->check_interrupts();
		name = zip_get_name(za, (zip_uint64_t) i, ZIP_FL_ENC_RAW);
		if (name == NULL || unsafe_name(name))
			continue;
		/* part names are case-insensitive (ECMA-376 part 2) */
		p = ascii_ieq(name, DOCUMENT_PART) ? doc : ascii_ieq(name, CORE_PART) ? core : NULL;
		if (p == NULL)
			continue;
		if (p->found)
		{
			gr_error_set(err, GR_ERR_CORRUPT, -1,
						 "the zip directory lists %s twice (entries %llu and %lld)",
						 p->name, (unsigned long long) p->index, (long long) i);
			gr_error_message(err, "the .docx container is ambiguous: a part is listed twice");
			return false;
		}
		p->found = true;
		p->index = (zip_uint64_t) i;
	}
	return true;
}

/* The declared size of a part, checked: not encrypted, a method libzip
 * inflates, and within what is left of the limit. */
static bool
stat_part(zip_t *za, part *p, size_t room, gr_error *err)
{
	zip_stat_t	st;

	zip_stat_init(&st);
	if (zip_stat_index(za, p->index, 0, &st) != 0)
	{
		corrupt(err, p->name, zip_error_strerror(zip_get_error(za)));
		return false;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
	{
		encrypted(err, p->name);
		return false;
	}
	if (!(st.valid & ZIP_STAT_SIZE))
	{
		corrupt(err, p->name, "the zip directory gives no size");
		return false;
	}
	if ((st.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported(st.comp_method, 0))
	{
		gr_error_set(err, GR_ERR_UNSUPPORTED, -1, "zip entry %s is compressed with method %d",
					 p->name, (int) st.comp_method);
		gr_error_message(err, "the .docx container uses a compression method libzip cannot inflate");
		return false;
	}
	if (st.size > (zip_uint64_t) room)
	{
		gr_error_set(err, GR_ERR_LIMIT, -1,
					 "zip entry %s inflates to %llu bytes (as its directory declares); "
					 "%zu bytes are left of the limit; nothing was inflated",
					 p->name, (unsigned long long) st.size, room);
		gr_error_message(err, "document exceeds a govreport limit: the .docx inflates beyond govreport.max_document_size");
		return false;
	}
	p->size = st.size;
	return true;
}

/* Inflates a part into gr_mem, never past its declared size plus a byte. */
static bool
inflate_part(gr_mem *mem, zip_hold *h, part *p, const gr_parse_options *opts, gr_error *err)
{
	size_t		cap = (size_t) p->size + 1,
				got = 0;
	char	   *data = gr_alloc(mem, cap + 1);

	h->entry = zip_fopen_index(h->archive, p->index, 0);
	if (h->entry == NULL)
	{
		zip_error_t *ze = zip_get_error(h->archive);
		int			code = zip_error_code_zip(ze);

		if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
			encrypted(err, p->name);
		else
			corrupt(err, p->name, zip_error_strerror(ze));
		return false;
	}
	for (;;)
	{
		size_t		want = cap - got < INFLATE_CHUNK ? cap - got : INFLATE_CHUNK;
		zip_int64_t n;

		if (opts && opts->check_interrupts)
			opts->check_interrupts();
		if (want == 0)
			break;
		n = zip_fread(h->entry, data + got, want);
		if (n < 0)
		{
			corrupt(err, p->name, zip_error_strerror(zip_file_get_error(h->entry)));
			return false;
		}
		if (n == 0)
			break;
		got += (size_t) n;
	}
	zip_fclose(h->entry);
	h->entry = NULL;
	if (got != (size_t) p->size)
	{
		gr_error_set(err, GR_ERR_CORRUPT, -1,
					 "zip entry %s inflates to %s%zu bytes; its directory declares %llu",
					 p->name, got > (size_t) p->size ? "more than " : "", got > (size_t) p->size ? got - 1 : got,
					 (unsigned long long) p->size);
		gr_error_message(err, "the .docx container is truncated or corrupt");
		return false;
	}
	data[got] = '\0';
	p->data = data;
	p->len = got;
	return true;
}

/* Opens the container and inflates the two parts (core.xml if present). */
static bool
read_container(gr_mem *mem, const char *bytes, size_t len, part *doc, part *core,
			   const gr_parse_options *opts, gr_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_hold   *h = gr_alloc(mem, sizeof(zip_hold));
	size_t		room = opts && opts->limits.max_document_bytes > 0 ? opts->limits.max_document_bytes : (size_t) INT_MAX;
	bool		ok = false;

	if (room > (size_t) INT_MAX - 2)
		room = (size_t) INT_MAX - 2;	/* libxml2 reads at most INT_MAX bytes */
	zip_error_init(&ze);
	src = zip_source_buffer_create(bytes, len, 0, &ze);
	if (src == NULL)
	{
		corrupt(err, "the container could not be opened", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return false;
	}
	h->archive = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (h->archive == NULL)
	{
		int			code = zip_error_code_zip(&ze);

		zip_source_free(src);
		if (code == ZIP_ER_NOZIP)
			corrupt(err, "no zip central directory was found at the end of the file", zip_error_strerror(&ze));
		else if (code == ZIP_ER_MULTIDISK)
			corrupt(err, "the archive is split over several disks", zip_error_strerror(&ze));
		else
			corrupt(err, "the zip directory could not be read", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return false;
	}
	zip_error_fini(&ze);
	gr_hold(opts, release_zip, h);

	if (!find_parts(h->archive, doc, core, opts, err))
		goto done;
	if (!doc->found)
	{
		gr_error_set(err, GR_ERR_UNSUPPORTED, -1,
					 "the zip container has %lld entries and none is named " DOCUMENT_PART,
					 (long long) zip_get_num_entries(h->archive, 0));
		gr_error_message(err, "document is a zip file but not a Word document: it has no " DOCUMENT_PART);
		gr_error_hint(err, "Only Word .docx files are read from zip containers; "
					  "convert other documents with soffice --headless --convert-to docx.");
		goto done;
	}
	/* the declared size counts before a byte is inflated */
	if (!stat_part(h->archive, doc, room, err))
		goto done;
	room -= (size_t) doc->size;
	if (!inflate_part(mem, h, doc, opts, err))
		goto done;
	if (core->found)
	{
		/* the properties are secondary: when they cannot be read (too
		 * large, encrypted, damaged), the document is read without them */
		gr_error	ignored;

		memset(&ignored, 0, sizeof(ignored));
		if (!stat_part(h->archive, core, room < MAX_CORE_BYTES ? room : MAX_CORE_BYTES, &ignored) ||
			!inflate_part(mem, h, core, opts, &ignored))
			core->found = false;
	}
	ok = true;
done:
	gr_unhold(opts);
	release_zip(h);
	return ok;
}

/* ------------------------------------------------------------- the XML */

typedef struct wlexer
{
	gr_flow    *flow;
	const gr_parse_options *opts;
	uint32_t	block;			/* paragraphs and rows so far: the line number */
	int			skip;			/* depth inside skipped elements */
	int			in_text;		/* depth inside w:t */
	int			span;			/* the open cell's w:gridSpan */
	gr_flow_cell_kind kind;		/* and its w:vMerge */
	/* the first libxml2 error */
	int			xml_line;
	char		xml_msg[160];
} wlexer;

static void
xml_error(void *arg, xmlErrorPtr e)
{
	wlexer	   *wl = arg;

	if (e != NULL && wl->xml_msg[0] == '\0' && e->level >= XML_ERR_ERROR)
	{
		size_t		n;

		snprintf(wl->xml_msg, sizeof(wl->xml_msg), "%s", e->message ? e->message : "error");
		n = strlen(wl->xml_msg);
		while (n > 0 && (wl->xml_msg[n - 1] == '\n' || wl->xml_msg[n - 1] == ' '))
			wl->xml_msg[--n] = '\0';
		wl->xml_line = e->line;
	}
}

static void
release_reader(void *reader)
{
	xmlFreeTextReader((xmlTextReaderPtr) reader);
}

static int
xml_options(void)
{
	/*
	 * No XML_PARSE_NOENT (entities stay references, never substituted), no
	 * DTDLOAD/DTDVALID (the external subset is never read), no network.
	 */
	int			options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
		XML_PARSE_BIG_LINES;

#if LIBXML_VERSION >= 21300
	options |= XML_PARSE_NO_XXE;
#endif
	return options;
}

static bool
is_w(const xmlChar *ns)
{
	int			i;

	if (ns == NULL)
		return false;
	for (i = 0; w_namespaces[i]; i++)
		if (strcmp((const char *) ns, w_namespaces[i]) == 0)
			return true;
	return false;
}

/* An attribute of the current element in the w: namespace, as an int. */
static int
w_int_attr(xmlTextReaderPtr reader, const char *name, int dflt, int max)
{
	int			i;

	for (i = 0; w_namespaces[i]; i++)
	{
		xmlChar    *v = xmlTextReaderGetAttributeNs(reader, (const xmlChar *) name,
												   (const xmlChar *) w_namespaces[i]);

		if (v != NULL)
		{
			const char *s = (const char *) v;
			long		n = 0;

			while (*s == ' ')
				s++;
			while (*s >= '0' && *s <= '9' && n <= max)
				n = n * 10 + (*s++ - '0');
			xmlFree(v);
			return n > max ? max : (int) n;
		}
	}
	return dflt;
}

/* w:vMerge, w:hMerge: no w:val, or "continue", continues (as merged);
 * "restart" starts a merge. */
static gr_flow_cell_kind
merge_kind(xmlTextReaderPtr reader, gr_flow_cell_kind merged)
{
	int			i;

	for (i = 0; w_namespaces[i]; i++)
	{
		xmlChar    *v = xmlTextReaderGetAttributeNs(reader, (const xmlChar *) "val",
												   (const xmlChar *) w_namespaces[i]);

		if (v != NULL)
		{
			bool		restart = strcmp((const char *) v, "restart") == 0;

			xmlFree(v);
			return restart ? GR_FLOW_CELL : merged;
		}
	}
	return merged;
}

/* Elements whose whole content is not text of the document. */
static bool
skipped(const char *name)
{
	static const char *const names[] = {
		"del", "moveFrom", "pPr", "rPr", "sectPr", "sdtPr", "sdtEndPr", "tblPr", "tblGrid",
		"tblPrEx", "pPrChange", "rPrChange", "tcPrChange", "trPrChange", "tblPrChange",
		"tblGridChange", "sectPrChange", "numberingChange", "cellDel", "cellIns", "cellMerge",
		"delText", "delInstrText", "instrText", NULL
	};
	int			i;

	for (i = 0; names[i]; i++)
		if (names[i][0] == name[0] && strcmp(name, names[i]) == 0)
			return true;
	return false;
}

static void
next_block(wlexer *wl)
{
	gr_flow_set_line(wl->flow, ++wl->block);
}

static void
w_start(wlexer *wl, xmlTextReaderPtr reader, const char *name, bool empty)
{
	switch (name[0])
	{
		case 'p':
			if (name[1] == '\0')
			{
				next_block(wl);
				gr_flow_block(wl->flow);
				return;
			}
			break;
		case 'r':
			if (name[1] == '\0')
				return;			/* the commonest element: a run */
			break;
		case 't':
			if (name[1] == '\0')
			{
				if (!empty)
					wl->in_text++;
				return;
			}
			if (strcmp(name, "tab") == 0)
			{
				gr_flow_text(wl->flow, " ", 1);
				return;
			}
			if (strcmp(name, "tbl") == 0)
			{
				next_block(wl);
				gr_flow_table_start(wl->flow);
				if (empty)
					gr_flow_table_end(wl->flow);
				return;
			}
			if (strcmp(name, "tr") == 0)
			{
				next_block(wl);
				gr_flow_row_start(wl->flow);
				if (empty)
					gr_flow_row_end(wl->flow);
				return;
			}
			if (strcmp(name, "tc") == 0)
			{
				wl->span = 1;
				wl->kind = GR_FLOW_CELL;
				gr_flow_cell_start(wl->flow, 1, 1, GR_FLOW_CELL);
				if (empty)
					gr_flow_cell_end(wl->flow);
				return;
			}
			break;
		case 'b':
			if (strcmp(name, "br") == 0)
			{
				gr_flow_block(wl->flow);
				return;
			}
			break;
		case 'c':
			if (strcmp(name, "cr") == 0)
			{
				gr_flow_block(wl->flow);
				return;
			}
			break;
		case 'g':
			if (strcmp(name, "gridSpan") == 0)
			{
				wl->span = w_int_attr(reader, "val", 1, MAX_GRID_SPAN);
				gr_flow_cell_shape(wl->flow, wl->span, wl->kind);
				return;
			}
			if (strcmp(name, "gridBefore") == 0)
			{
				int			slots = w_int_attr(reader, "val", 0, MAX_GRID_SPAN);

				/* empty slots: no cell, as a ragged HTML row leaves */
				if (slots > 0)
				{
					gr_flow_cell_start(wl->flow, slots, 1, GR_FLOW_HOLE);
					gr_flow_cell_end(wl->flow);
				}
				return;
			}
			break;
		case 'v':
			if (strcmp(name, "vMerge") == 0)
			{
				wl->kind = merge_kind(reader, GR_FLOW_MERGED);
				gr_flow_cell_shape(wl->flow, wl->span, wl->kind);
				return;
			}
			break;
		case 'h':
			if (strcmp(name, "hMerge") == 0)
			{
				wl->kind = merge_kind(reader, GR_FLOW_MERGED_LEFT);
				gr_flow_cell_shape(wl->flow, wl->span, wl->kind);
				return;
			}
			break;
		case 'n':
			if (strcmp(name, "noBreakHyphen") == 0)
			{
				gr_flow_text(wl->flow, "-", 1);
				return;
			}
			break;
		default:
			break;
	}
	if (skipped(name) && !empty)
		wl->skip = 1;
}

static void
w_end(wlexer *wl, const char *name)
{
	if (name[0] == 'p' && name[1] == '\0')
		gr_flow_block(wl->flow);
	else if (name[0] == 't')
	{
		if (name[1] == '\0')
		{
			if (wl->in_text > 0)
				wl->in_text--;
		}
		else if (strcmp(name, "tc") == 0)
			gr_flow_cell_end(wl->flow);
		else if (strcmp(name, "tr") == 0)
			gr_flow_row_end(wl->flow);
		else if (strcmp(name, "tbl") == 0)
			gr_flow_table_end(wl->flow);
	}
}

/* Reads an XML part with the reader; on_node sees every node outside the
 * skipped elements.  False with err when the part is not well-formed. */
typedef void (*node_fn) (void *ctx, xmlTextReaderPtr reader, int type);

static bool
read_xml(const part *p, node_fn on_node, void *ctx, wlexer *wl, gr_error *err)
{
	xmlTextReaderPtr reader;
	unsigned	nodes = 0;
	int			ret;

	/* one start tag with a huge attribute list keeps libxml2 busy inside a
	 * single read, out of reach of the interrupt checks: refuse it first */
	if (!gr_markup_prescan(p->data, p->len, false, wl->opts, err))
		return false;
	reader = xmlReaderForMemory(p->data, (int) p->len, p->name, NULL, xml_options());
	if (reader == NULL)
	{
		gr_error_set(err, GR_ERR_CORRUPT, -1, "libxml2 could not start reading %s", p->name);
		return false;
	}
	/* from here a longjmp out of check_interrupts leaves the reader to the caller */
	gr_hold(wl->opts, release_reader, reader);
	xmlTextReaderSetStructuredErrorHandler(reader, xml_error, wl);
	while ((ret = xmlTextReaderRead(reader)) == 1)
	{
		if ((++nodes % NODES_PER_CHECK) == 0 && wl->opts && wl->opts->check_interrupts)
			wl->opts->check_interrupts();
		on_node(ctx, reader, xmlTextReaderNodeType(reader));
	}
	gr_unhold(wl->opts);
	xmlFreeTextReader(reader);
	if (ret < 0)
	{
		if (wl->xml_msg[0])
			gr_error_set(err, GR_ERR_CORRUPT, -1, "%s is not well-formed XML: %s (line %d)",
						 p->name, wl->xml_msg, wl->xml_line);
		else
			gr_error_set(err, GR_ERR_CORRUPT, -1, "%s could not be read as XML", p->name);
		gr_error_message(err, "the .docx container holds a part that is not well-formed XML");
		return false;
	}
	return true;
}

static void
document_node(void *ctx, xmlTextReaderPtr reader, int type)
{
	wlexer	   *wl = ctx;
	bool		empty;
	const char *name;

	switch (type)
	{
		case XML_READER_TYPE_ELEMENT:
			empty = xmlTextReaderIsEmptyElement(reader) == 1;
			if (wl->skip > 0)
			{
				if (!empty)
					wl->skip++;
				return;
			}
			name = (const char *) xmlTextReaderConstLocalName(reader);
			if (is_w(xmlTextReaderConstNamespaceUri(reader)))
				w_start(wl, reader, name, empty);
			else if (!empty && strcmp(name, "Fallback") == 0 &&
					 xmlStrEqual(xmlTextReaderConstNamespaceUri(reader), (const xmlChar *) MC_NAMESPACE))
				wl->skip = 1;
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (wl->skip > 0)
			{
				wl->skip--;
				return;
			}
			if (is_w(xmlTextReaderConstNamespaceUri(reader)))
				w_end(wl, (const char *) xmlTextReaderConstLocalName(reader));
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (wl->skip == 0 && wl->in_text > 0)
			{
				const char *s = (const char *) xmlTextReaderConstValue(reader);

				if (s != NULL)
					gr_flow_text(wl->flow, s, strlen(s));
			}
			break;
		default:
			break;
	}
}

/* docProps/core.xml: dc:title and dcterms:created. */
typedef struct props
{
	int			in;				/* 1 inside dc:title, 2 inside dcterms:created */
	char		title[MAX_PROPERTY];
	size_t		title_len;
	char		created[32];
	size_t		created_len;
} props;

static void
props_node(void *ctx, xmlTextReaderPtr reader, int type)
{
	props	   *pr = ctx;

	if (type == XML_READER_TYPE_ELEMENT)
	{
		const char *name = (const char *) xmlTextReaderConstLocalName(reader);
		const xmlChar *ns = xmlTextReaderConstNamespaceUri(reader);

		pr->in = 0;
		if (xmlTextReaderIsEmptyElement(reader) == 1 || ns == NULL)
			return;
		if (strcmp(name, "title") == 0 && xmlStrEqual(ns, (const xmlChar *) DC_NAMESPACE))
			pr->in = 1;
		else if (strcmp(name, "created") == 0 && xmlStrEqual(ns, (const xmlChar *) DCTERMS_NAMESPACE))
			pr->in = 2;
	}
	else if (type == XML_READER_TYPE_END_ELEMENT)
		pr->in = 0;
	else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			  type == XML_READER_TYPE_WHITESPACE) && pr->in > 0)
	{
		const char *s = (const char *) xmlTextReaderConstValue(reader);
		char	   *out = pr->in == 1 ? pr->title : pr->created;
		size_t	   *len = pr->in == 1 ? &pr->title_len : &pr->created_len;
		size_t		cap = pr->in == 1 ? sizeof(pr->title) : sizeof(pr->created);
		size_t		n = s ? strlen(s) : 0;

		if (*len + n + 1 > cap)
			n = cap - 1 - *len;
		/* never cut a UTF-8 sequence */
		while (n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80)
			n--;
		memcpy(out + *len, s, n);
		*len += n;
		out[*len] = '\0';
	}
}

/* "2024-01-17T08:00:00Z" to "2024-01-17"; false unless it starts so. */
static bool
iso_date(const char *s, char out[11])
{
	int			i;

	for (i = 0; i < 10; i++)
	{
		bool		dash = i == 4 || i == 7;

		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	if ((s[5] - '0') * 10 + (s[6] - '0') < 1 || (s[5] - '0') * 10 + (s[6] - '0') > 12 ||
		(s[8] - '0') * 10 + (s[9] - '0') < 1 || (s[8] - '0') * 10 + (s[9] - '0') > 31)
		return false;
	memcpy(out, s, 10);
	out[10] = '\0';
	return true;
}

bool
gr_lex_docx(gr_mem *mem, const char *data, size_t len, gr_grid *grid, char created[11],
			const gr_parse_options *opts, gr_error *err)
{
	part		doc = {DOCUMENT_PART, false, 0, 0, NULL, 0},
				core = {CORE_PART, false, 0, 0, NULL, 0};
	wlexer		wl;
	props	   *pr = gr_alloc(mem, sizeof(props));

	created[0] = '\0';
	if (!read_container(mem, data, len, &doc, &core, opts, err))
		return false;
	memset(&wl, 0, sizeof(wl));
	wl.opts = opts;
	wl.flow = gr_flow_new(mem, grid);
	/* the flow is called from this file's loop, between reads */
	gr_flow_allow_interrupts(wl.flow, opts);
	if (core.found)
	{
		/* properties are secondary: unreadable ones are ignored */
		gr_error	ignored;

		memset(&ignored, 0, sizeof(ignored));
		if (!read_xml(&core, props_node, pr, &wl, &ignored))
			memset(pr, 0, sizeof(*pr));
		wl.xml_msg[0] = '\0';
		if (pr->title_len > 0)
		{
			/* the first line, as an HTML page's <title> */
			next_block(&wl);
			gr_flow_text(wl.flow, pr->title, pr->title_len);
			gr_flow_block(wl.flow);
		}
		if (!iso_date(pr->created, created))
			created[0] = '\0';
	}
	if (!read_xml(&doc, document_node, &wl, &wl, err))
		return false;
	return gr_flow_finish(wl.flow, err);
}

gr_report *
gr_parse_docx(gr_mem *mem, const char *data, size_t len, const gr_parse_options *opts, gr_error *err)
{
	gr_grid		grid;
	char		created[11];
	gr_report  *rep;

	memset(&grid, 0, sizeof(grid));
	if (!gr_lex_docx(mem, data, len, &grid, created, opts, err))
		return NULL;
	rep = gr_recognise(mem, &grid, opts, err);
	if (rep != NULL && created[0])
		gr_report_add_finding(mem, rep, "docx_created", CORE_PART,
							  "the document's properties say it was created on %s%s", created,
							  rep->published[0] ? "" : "; no publication date is printed, and the "
							  "creation date is not taken for one");
	return rep;
}
