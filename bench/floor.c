/*
 * floor.c — the floor: libxml2 alone reading the benchmark's HTML bytes.
 *
 *   floor MANIFEST CLASSES REPS
 *
 * Two ways, with the options and input handling govreport's html.c uses
 * (a push parser fed in 64 KB chunks, UTF-8 declared, the page's own
 * charset ignored, NONET | NOERROR | NOWARNING | RECOVER | IGNORE_ENC |
 * NODEFDTD):
 *   sax   SAX with empty handlers: startElement, endElement and characters
 *         are functions that do nothing; no tree is built
 *   tree  htmlReadMemory building the document tree, then xmlFreeDoc
 *
 * For each mode, the documents of the listed classes (comma-separated) are
 * parsed REPS times over and the fastest pass (CPU time) is kept.  Prints
 * one JSON object per mode.
 */
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>

#include "manifest.h"

#define CHUNK_BYTES 65536
#define OPTIONS (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
				 HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD)

static void
on_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
	(void) ud, (void) name, (void) atts;
}

static void
on_end(void *ud, const xmlChar *name)
{
	(void) ud, (void) name;
}

static void
on_text(void *ud, const xmlChar *ch, int len)
{
	(void) ud, (void) ch, (void) len;
}

static void
on_error(void *ud, xmlErrorPtr error)
{
	(void) ud, (void) error;
}

static void
parse_sax(const char *data, size_t len)
{
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt;
	size_t		off = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	memset(&sax, 0, sizeof(sax));
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_text;
	sax.serror = on_error;
	sax.initialized = XML_SAX2_MAGIC;
	ctxt = htmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
	if (ctxt == NULL)
		abort();
	htmlCtxtUseOptions(ctxt, OPTIONS);
	while (off < len)
	{
		size_t		n = len - off < CHUNK_BYTES ? len - off : CHUNK_BYTES;

		htmlParseChunk(ctxt, data + off, (int) n, 0);
		off += n;
	}
	htmlParseChunk(ctxt, NULL, 0, 1);
	htmlFreeParserCtxt(ctxt);
}

static void
parse_tree(const char *data, size_t len)
{
	htmlDocPtr	doc = htmlReadMemory(data, (int) len, NULL, "UTF-8", OPTIONS);

	if (doc == NULL)
		abort();
	xmlFreeDoc(doc);
}

int
main(int argc, char **argv)
{
	bench_doc  *docs;
	int			ndocs,
				reps,
				m,
				i,
				r;
	const char *modes[] = {"sax", "tree"};

	if (argc < 4)
	{
		fprintf(stderr, "usage: floor MANIFEST CLASSES REPS\n");
		return 2;
	}
	reps = atoi(argv[3]);
	xmlInitParser();
	docs = bench_load_manifest(argv[1], "html", &ndocs);
	for (m = 0; m < 2; m++)
	{
		double		best = 1e30,
					wall = 0;
		size_t		bytes = 0;
		int			n = 0;

		for (r = 0; r < reps; r++)
		{
			double		t0 = bench_now(),
						w0 = bench_wall();

			bytes = 0;
			n = 0;
			for (i = 0; i < ndocs; i++)
			{
				if (!bench_class_in(docs[i].cls, argv[2]))
					continue;
				if (m == 0)
					parse_sax(docs[i].data, docs[i].len);
				else
					parse_tree(docs[i].data, docs[i].len);
				bytes += docs[i].len;
				n++;
			}
			t0 = bench_now() - t0;
			if (t0 < best)
			{
				best = t0;
				wall = bench_wall() - w0;
			}
		}
		printf("{\"prog\":\"floor\",\"mode\":\"%s\",\"classes\":\"%s\",\"docs\":%d,\"bytes\":%zu,\"seconds\":%.6f,"
			   "\"wall_seconds\":%.6f,\"mb_s\":%.2f,\"docs_s\":%.1f}\n",
			   modes[m], argv[2], n, bytes, best, wall, bytes / 1048576.0 / best, n / best);
	}
	xmlCleanupParser();
	return 0;
}
