/*
 * fuzz_json.c — gr_report_from_json, the report type's canonical text
 * input.  It accepts only the exact canonical form, so whatever it accepts
 * must come back byte for byte from gr_report_to_json; the report must also
 * pass the checks and survive the binary form.
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
	fz_mem		m;
	gr_mem		mem = fz_mem_begin(&m);
	gr_error	err;
	gr_report  *rep;

	memset(&err, 0, sizeof(err));
	rep = gr_report_from_json(&mem, (const char *) data, size, &err);
	if (rep == NULL)
	{
		if (err.status == GR_OK || err.message[0] == '\0')
			fz_fail("from_json failed without an error status and message");
	}
	else
	{
		size_t		len = 0;
		char	   *json = gr_report_to_json(&mem, rep, &len);

		if (json == NULL || len != size || memcmp(json, data, size) != 0)
			fz_fail("from_json accepted input that to_json does not reproduce "
					"(lengths %zu, %zu; first difference at %zu): %s",
					size, len, fz_first_diff(data, size, json, json ? len : 0),
					fz_head(data, size));
		fz_run_checks(&mem, rep);
		fz_round_trip(&mem, rep, "gr_report_from_json");
	}
	fz_mem_end(&m);
	return 0;
}
