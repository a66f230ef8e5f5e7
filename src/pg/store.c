/*
 * store.c — functions the store's constraints and load_report use.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "gr.h"
#include "pg_glue.h"

/* Longest agency a user may give at load time, in bytes. */
#define GR_MAX_GIVEN_AGENCY 1000

PG_FUNCTION_INFO_V1(govreport_with_metadata);
Datum
govreport_with_metadata(PG_FUNCTION_ARGS)
{
	bytea	   *datum;
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work;
	gr_mem		mem;
	gr_report  *rep;
	char	   *agency = NULL;
	bool		set_year = !PG_ARGISNULL(2);
	int32		year = set_year ? PG_GETARG_INT32(2) : 0;
	bytea	   *out;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	datum = PG_GETARG_REPORT_BYTES(0);
	if (!PG_ARGISNULL(1))
	{
		agency = text_to_cstring(PG_GETARG_TEXT_PP(1));
		if (agency[0] == '\0' || strlen(agency) > GR_MAX_GIVEN_AGENCY)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("agency must be between 1 and %d bytes", GR_MAX_GIVEN_AGENCY)));
	}
	if (set_year && (year < 1 || year > 9999))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("year %d is out of range", year),
				 errhint("A report year is between 1 and 9999.")));

	work = gr_pg_work_context();
	mem = gr_pg_mem(work);
	rep = gr_pg_unpack(datum, &mem);
	if (!gr_report_override_metadata(&mem, rep, agency, year, set_year))
	{
		MemoryContextDelete(work);
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	out = gr_pg_pack(rep, caller, &mem);
	MemoryContextDelete(work);
	PG_RETURN_BYTEA_P(out);
}

typedef enum count_kind
{
	COUNT_NON_NEGATIVE,			/* a count: a non-negative integer */
	COUNT_SIGNED,				/* 本年增/减: an integer of either sign */
	AMOUNT						/* money: any finite decimal, not negative */
} count_kind;

/* NaN and ±Infinity are never counts nor amounts. */
static bool
numeric_fits(Numeric num, count_kind kind)
{
	Datum		d = NumericGetDatum(num);

	if (numeric_is_nan(num) || numeric_is_inf(num))
		return false;
	if (kind != COUNT_SIGNED &&
		DatumGetBool(DirectFunctionCall2(numeric_lt, d,
										 DirectFunctionCall1(int4_numeric, Int32GetDatum(0)))))
		return false;
	if (kind != AMOUNT &&
		!DatumGetBool(DirectFunctionCall2(numeric_eq, d,
										  DirectFunctionCall2(numeric_trunc, d, Int32GetDatum(0)))))
		return false;
	return true;
}

PG_FUNCTION_INFO_V1(govreport_is_count);
Datum
govreport_is_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(numeric_fits(PG_GETARG_NUMERIC(0), COUNT_NON_NEGATIVE));
}

PG_FUNCTION_INFO_V1(govreport_is_signed_count);
Datum
govreport_is_signed_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(numeric_fits(PG_GETARG_NUMERIC(0), COUNT_SIGNED));
}

PG_FUNCTION_INFO_V1(govreport_is_amount);
Datum
govreport_is_amount(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(numeric_fits(PG_GETARG_NUMERIC(0), AMOUNT));
}
