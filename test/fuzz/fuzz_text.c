/*
 * fuzz_text.c — gr_parse_text, the entry point for a PostgreSQL text value.
 * The bytes go in as they are (the core validates UTF-8 itself).  A parsed
 * report must pass the checks and round-trip through both forms
 * byte-identically; a parse cancelled from the interrupt hook must leak
 * nothing once the held resource is released.
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
	fz_parse_input(gr_parse_text, "gr_parse_text", data, size);
	return 0;
}
