/*
 * fuzz_docx.c — the .docx path of gr_parse_document: the zip container
 * (libzip), its two parts, and word/document.xml through libxml2's reader
 * into the flow.  Two modes, chosen by the first byte:
 *   0x00      the rest is word/document.xml, put into a fresh container
 *             (stored when the input's length is odd, deflated when even),
 *             so that mutations reach the WordprocessingML lexer whole;
 *   otherwise the input is the container itself (seeds: .docx files and
 *             the hostile containers of test/fixtures/docx/containers.py).
 * The same post-conditions as fuzz_text.c, the cancelled replay included.
 */
#include "fuzz_common.h"
#include "../unit/zipbuild.h"

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
	if (size > 0 && data[0] == 0)
	{
		zb_entry	e;
		size_t		len = 0;
		char	   *zip;

		e.name = "word/document.xml";
		e.data = (const char *) data + 1;
		e.len = size - 1;
		e.store = (size & 1) != 0;
		zip = zb_build(&e, 1, &len);
		if (zip == NULL)
			fz_fail("libzip could not build a container of %zu bytes", size - 1);
		fz_parse_input(gr_parse_document, "gr_parse_document (built .docx)", (const uint8_t *) zip, len);
		free(zip);
	}
	else
		fz_parse_input(gr_parse_document, "gr_parse_document (.docx)", data, size);
	return 0;
}
