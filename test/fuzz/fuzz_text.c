/*
 * fuzz_text.c — gr_parse_text, the entry point for a PostgreSQL text value.
 * The bytes go in as they are (the core validates UTF-8 itself).  A parsed
 * report must pass the checks and round-trip through both forms
 * byte-identically; a parse cancelled from the interrupt hook must leak
 * nothing once the held resource is released.  And text that is not UTF-8
 * must never give a report: every form validates before it reads.
 */
#include "fuzz_common.h"
#include "gr_internal.h"

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
	fz_parse_input(gr_parse_text, "gr_parse_text", data, size);
	if (gr_utf8_valid_prefix((const char *) data, size) < size)
	{
		fz_mem		m;
		gr_mem		mem = fz_mem_begin(&m);
		gr_error	err;

		memset(&err, 0, sizeof(err));
		if (gr_parse_text(&mem, (const char *) data, size, NULL, &err) != NULL)
			fz_fail("gr_parse_text gave a report for input that is not UTF-8 (from byte %zu)",
					gr_utf8_valid_prefix((const char *) data, size));
		fz_mem_end(&m);
	}
	return 0;
}
