/*
 * fuzz_binary.c — gr_report_from_binary, the report type's binary receive.
 * Whatever it accepts must come back byte for byte from
 * gr_report_to_binary, be accepted by from_json in its canonical text form,
 * and pass the checks.
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
	rep = gr_report_from_binary(&mem, data, size, &err);
	if (rep == NULL)
	{
		if (err.status == GR_OK || err.message[0] == '\0')
			fz_fail("from_binary failed without an error status and message");
	}
	else
	{
		size_t		len = 0;
		uint8_t    *bin = gr_report_to_binary(&mem, rep, &len);

		if (bin == NULL || len != size || memcmp(bin, data, size) != 0)
			fz_fail("from_binary accepted input that to_binary does not reproduce "
					"(lengths %zu, %zu; first difference at %zu)",
					size, len, fz_first_diff(data, size, bin, bin ? len : 0));
		fz_run_checks(&mem, rep);
		fz_round_trip(&mem, rep, "gr_report_from_binary");
	}
	fz_mem_end(&m);
	return 0;
}
