/*
 * fuzz_document.c — gr_parse_document, the entry point for raw document
 * bytes (a bytea): decoding (BOMs, UTF-16, the GB family, Big5), HTML
 * through libxml2, pdftotext -bbox-layout XHTML and text.  The same
 * post-conditions as fuzz_text.c.
 */
#include "fuzz_common.h"

int			LLVMFuzzerInitialize(int *argc, char ***argv);
int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void) argc, (void) argv;
	fz_init_libxml2();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_parse_input(gr_parse_document, "gr_parse_document", data, size);
	return 0;
}
