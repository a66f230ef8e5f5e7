/*
 * store.c — functions the store's constraints and load_report use.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
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
	if (PG_ARGISNULL(1) && !set_year)
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* nothing given: every load's case */
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

/*
 * The store's column order for each cell table: t2_rows holds the columns
 * of both templates' table 2.  report_rows() returns each complete row's
 * values in this order, and stored_rows() reads the tables in it.
 */
static const char *const t2_columns[] = {
	"issued", "repealed", "in_force", "decisions", "amount", "newly_made",
	"newly_published", "total_published", "previous_items", "change", "items", NULL
};
static const char *const t3_columns[] = {
	"natural_person", "commercial", "research", "social_welfare", "legal_service",
	"other_org", "total", NULL
};
static const char *const t4_columns[] = {
	"upheld", "corrected", "other", "pending", "total", NULL
};

static const char *const *
store_columns(const char *table_code, int *n)
{
	const char *const *cols = strcmp(table_code, "t2") == 0 ? t2_columns :
		strcmp(table_code, "t3") == 0 ? t3_columns :
		strcmp(table_code, "t4") == 0 ? t4_columns : NULL;

	*n = 0;
	if (cols != NULL)
		while (cols[*n] != NULL)
			(*n)++;
	return cols;
}

#define GR_MAX_STORE_COLUMNS 11

PG_FUNCTION_INFO_V1(govreport_report_rows);
Datum
govreport_report_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext work;
	gr_mem		mem;
	gr_report  *rep;
	int			first = 0;

	InitMaterializedSRF(fcinfo, 0);
	work = gr_pg_work_context();
	mem = gr_pg_mem(work);
	rep = gr_pg_unpack(datum, &mem);

	/* the cells of a row are consecutive, in table order */
	while (first < rep->ncells)
	{
		const gr_cell_def *row = &rep->tpl->cells[first];
		int			end = first;
		int			ncols;
		const char *const *cols = store_columns(row->table_code, &ncols);
		Datum		elems[GR_MAX_STORE_COLUMNS];
		bool		elem_nulls[GR_MAX_STORE_COLUMNS];
		bool		complete = true;
		int			dims[1];
		int			lbs[1] = {1};
		int			i;

		while (end < rep->ncells &&
			   rep->tpl->cells[end].table == row->table &&
			   rep->tpl->cells[end].row == row->row)
			end++;
		for (i = 0; i < ncols; i++)
			elem_nulls[i] = true;
		for (i = first; i < end && complete; i++)
		{
			const gr_cell *cell = &rep->cells[i];
			int			c;

			if (cell->state == GR_ABSENT)
				complete = false;
			else if (cell->state == GR_REPORTED || cell->state == GR_INFERRED)
			{
				for (c = 0; c < ncols; c++)
					if (strcmp(cols[c], rep->tpl->cells[i].col_code) == 0)
						break;
				if (c == ncols)
					ereport(ERROR,
							(errcode(ERRCODE_INTERNAL_ERROR),
							 errmsg("cell %s has no column in the store", rep->tpl->cells[i].key)));
				elems[c] = gr_pg_numeric(cell->value);
				elem_nulls[c] = false;
			}
		}
		if (complete && cols != NULL)
		{
			Datum		values[3];
			bool		nulls[3] = {false, false, false};

			dims[0] = ncols;
			values[0] = CStringGetTextDatum(row->table_code);
			values[1] = CStringGetTextDatum(row->row_code);
			values[2] = PointerGetDatum(construct_md_array(elems, elem_nulls, 1, dims, lbs,
														   NUMERICOID, -1, false, TYPALIGN_INT));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
		first = end;
	}
	MemoryContextDelete(work);
	return (Datum) 0;
}
