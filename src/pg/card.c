/*
 * card.c — the PostgreSQL face of review: report_card(report),
 * report_card(report, keys, values, notes) and apply_corrections(report,
 * keys, values).  The layout, the escaping and the applying are the core's
 * (src/core/card.c); this file converts arrays and numbers and reports.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "gr.h"
#include "pg_glue.h"

/* A numeric as a core number; out of a cell's range is 22003. */
static gr_num
numeric_to_gr(Datum value, const char *key)
{
	char	   *s = DatumGetCString(DirectFunctionCall1(numeric_out, value));
	size_t		len = strlen(s);
	gr_num		out;

	/* numeric keeps trailing zeros of its scale ("5.000"); a cell does not */
	if (memchr(s, '.', len) != NULL)
	{
		while (len > 0 && s[len - 1] == '0')
			len--;
		if (len > 0 && s[len - 1] == '.')
			len--;
	}
	if (len == 2 && memcmp(s, "-0", 2) == 0)
		s++, len--;
	if (!gr_num_parse(s, len, &out))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value %s does not fit a report cell", s),
				 errdetail("Correction of cell %s.", key),
				 errhint("A cell holds at most %d digits, %d of them after the decimal point.",
						 GR_MAX_DIGITS, GR_MAX_SCALE)));
	return out;
}

/*
 * Reads the parallel arrays keys[], values[] (and notes[] when given) into
 * corrections of rep's cells.  A NULL value corrects the cell to blank.
 */
static gr_correction *
read_corrections(const gr_report *rep, ArrayType *keys_a, ArrayType *values_a, ArrayType *notes_a,
				 gr_mem *mem, int *n_out)
{
	Datum	   *keys,
			   *values,
			   *notes = NULL;
	bool	   *knulls,
			   *vnulls,
			   *nnulls = NULL;
	int			nkeys,
				nvalues,
				nnotes = 0,
				i;
	gr_correction *out;

	deconstruct_array(keys_a, TEXTOID, -1, false, TYPALIGN_INT, &keys, &knulls, &nkeys);
	deconstruct_array(values_a, NUMERICOID, -1, false, TYPALIGN_INT, &values, &vnulls, &nvalues);
	if (notes_a)
		deconstruct_array(notes_a, TEXTOID, -1, false, TYPALIGN_INT, &notes, &nnulls, &nnotes);
	if (nkeys != nvalues || (notes_a && nnotes != nkeys))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("corrections need as many values%s as keys", notes_a ? " and notes" : ""),
				 errdetail("%d keys, %d values%s.", nkeys, nvalues, notes_a ? psprintf(", %d notes", nnotes) : "")));
	out = gr_alloc(mem, (size_t) (nkeys > 0 ? nkeys : 1) * sizeof(gr_correction));
	for (i = 0; i < nkeys; i++)
	{
		char	   *key;
		int			cell;

		CHECK_FOR_INTERRUPTS();
		if (knulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("correction %d names no cell", i + 1)));
		key = TextDatumGetCString(keys[i]);
		cell = rep->tpl ? gr_template_find_cell(rep->tpl, key, strlen(key)) : -1;
		if (cell < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("template %s has no cell %s", rep->tpl ? rep->tpl->name : "?", key),
					 errhint("govreport.template_cells('%s') lists the cells.", rep->tpl ? rep->tpl->name : "2021")));
		out[i].cell = cell;
		out[i].blank = vnulls[i];
		if (!vnulls[i])
			out[i].value = numeric_to_gr(values[i], key);
		if (notes && !nnulls[i])
			out[i].note = TextDatumGetCString(notes[i]);
	}
	*n_out = nkeys;
	return out;
}

static Datum
card_datum(const gr_report *rep, const gr_correction *corrections, int n, gr_mem *mem)
{
	gr_card_options opts;
	gr_error	err;
	size_t		len;
	char	   *html;

	memset(&opts, 0, sizeof(opts));
	memset(&err, 0, sizeof(err));
	opts.corrections = corrections;
	opts.ncorrections = n;
	opts.check_interrupts = gr_pg_check_interrupts;
	html = gr_report_card(mem, rep, &opts, &len, &err);
	if (html == NULL)
		gr_pg_raise(&err, false);
	return PointerGetDatum(cstring_to_text_with_len(html, (int) len));
}

PG_FUNCTION_INFO_V1(govreport_report_card);
Datum
govreport_report_card(PG_FUNCTION_ARGS)
{
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = gr_pg_work_context();
	gr_mem		mem = gr_pg_mem(work);
	gr_report  *rep = gr_pg_unpack(datum, &mem);
	Datum		result;

	MemoryContextSwitchTo(work);
	result = card_datum(rep, NULL, 0, &mem);
	MemoryContextSwitchTo(caller);
	result = PointerGetDatum(DatumGetTextPCopy(result));
	MemoryContextDelete(work);
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(govreport_report_card_corrected);
Datum
govreport_report_card_corrected(PG_FUNCTION_ARGS)
{
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = gr_pg_work_context();
	gr_mem		mem = gr_pg_mem(work);
	gr_report  *rep = gr_pg_unpack(datum, &mem);
	gr_correction *corrections;
	int			n;
	Datum		result;

	MemoryContextSwitchTo(work);
	corrections = read_corrections(rep, PG_GETARG_ARRAYTYPE_P(1), PG_GETARG_ARRAYTYPE_P(2),
								   PG_GETARG_ARRAYTYPE_P(3), &mem, &n);
	result = card_datum(rep, corrections, n, &mem);
	MemoryContextSwitchTo(caller);
	result = PointerGetDatum(DatumGetTextPCopy(result));
	MemoryContextDelete(work);
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(govreport_apply_corrections);
Datum
govreport_apply_corrections(PG_FUNCTION_ARGS)
{
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	ArrayType  *keys = PG_GETARG_ARRAYTYPE_P(1);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work;
	gr_mem		mem;
	gr_report  *rep,
			   *out;
	gr_correction *corrections;
	gr_error	err;
	int			n;
	bytea	   *result;

	/* nothing to apply: the value as it is */
	if (ArrayGetNItems(ARR_NDIM(keys), ARR_DIMS(keys)) == 0 &&
		ArrayGetNItems(ARR_NDIM(PG_GETARG_ARRAYTYPE_P(2)), ARR_DIMS(PG_GETARG_ARRAYTYPE_P(2))) == 0)
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	work = gr_pg_work_context();
	mem = gr_pg_mem(work);
	rep = gr_pg_unpack(datum, &mem);
	MemoryContextSwitchTo(work);
	corrections = read_corrections(rep, keys, PG_GETARG_ARRAYTYPE_P(2), NULL, &mem, &n);
	memset(&err, 0, sizeof(err));
	out = gr_report_apply_corrections(&mem, rep, corrections, n, &err);
	if (out == NULL)
		gr_pg_raise(&err, false);
	MemoryContextSwitchTo(caller);
	result = gr_pg_pack(out, caller, &mem);
	MemoryContextDelete(work);
	PG_RETURN_BYTEA_P(result);
}
