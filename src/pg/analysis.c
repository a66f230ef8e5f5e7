/*
 * analysis.c — the PostgreSQL face of src/core/analysis.c: the sum()
 * aggregate's step and final functions, cell_contributors(report),
 * rates(report) and rate_definitions().
 *
 * sum()'s state is a govreport.report itself (a sum of the reports seen so
 * far), so the aggregate runs in parallel with the step function as its
 * combine function and needs no serialisation of its own.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "gr.h"
#include "pg_glue.h"

/* a + b; both may be plain reports or sums. */
PG_FUNCTION_INFO_V1(govreport_sum_step);
Datum
govreport_sum_step(PG_FUNCTION_ARGS)
{
	bytea	   *da = PG_GETARG_REPORT_BYTES(0);
	bytea	   *db = PG_GETARG_REPORT_BYTES(1);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = gr_pg_work_context();
	gr_mem		mem = gr_pg_mem(work);
	gr_error	err;
	gr_report  *sum;
	bytea	   *out;

	memset(&err, 0, sizeof(err));
	sum = gr_report_sum(&mem, gr_pg_unpack(da, &mem), gr_pg_unpack(db, &mem), &err);
	if (sum == NULL)
	{
		if (err.status == GR_ERR_MISMATCH)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s", err.message),
					 errdetail("%s.", err.detail),
					 errhint("Sum the reports of one template at a time, e.g. GROUP BY govreport.template(report).")));
		gr_pg_raise(&err, false);
	}
	out = gr_pg_pack(sum, caller, &mem);
	MemoryContextDelete(work);
	PG_RETURN_BYTEA_P(out);
}

/* The aggregate's result: a single report becomes a sum of one. */
PG_FUNCTION_INFO_V1(govreport_sum_final);
Datum
govreport_sum_final(PG_FUNCTION_ARGS)
{
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = gr_pg_work_context();
	gr_mem		mem = gr_pg_mem(work);
	gr_report  *rep = gr_pg_unpack(datum, &mem);
	bytea	   *out;

	out = gr_pg_pack(rep->contributors ? rep : gr_report_as_sum(&mem, rep), caller, &mem);
	MemoryContextDelete(work);
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(govreport_cell_contributors);
Datum
govreport_cell_contributors(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext work;
	gr_mem		mem;
	gr_report  *rep;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	work = gr_pg_work_context();
	mem = gr_pg_mem(work);
	rep = gr_pg_unpack(datum, &mem);
	for (i = 0; i < rep->ncells; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false};

		values[0] = CStringGetTextDatum(rep->tpl->cells[i].key);
		values[1] = Int32GetDatum((int32) gr_report_contributors(rep, i));
		values[2] = Int32GetDatum(rep->contributors ? rep->summed : 1);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(work);
	return (Datum) 0;
}

/* The operands of one side of a rate, as checks() shows its operands. */
static Datum
side_jsonb(const gr_report *rep, const int *cells, int n)
{
	gr_term		terms[GR_RATE_MAX_TERMS];
	int			i;

	for (i = 0; i < n && i < GR_RATE_MAX_TERMS; i++)
	{
		terms[i].cell = cells[i];
		terms[i].weight = 1;
	}
	return gr_pg_operands_jsonb(rep, terms, i);
}

/* A cell on both sides (corrected in a correction rate) is named once. */
static bool
listed_before(const gr_rate *r, int i)
{
	int			j;

	for (j = 0; j < i; j++)
		if (r->operands[j] == r->operands[i])
			return true;
	return false;
}

/* Why a rate is NULL, or which blanks it counted as 0; NULL when neither. */
static text *
rate_note(const gr_report *rep, const gr_rate *r)
{
	StringInfoData buf;
	int			i,
				want = r->evaluated ? GR_BLANK : GR_ABSENT;
	bool		first = true;

	if (r->evaluated && r->nblank == 0 && r->denominator.mant != 0)
		return NULL;
	initStringInfo(&buf);
	if (!r->evaluated)
		appendStringInfoString(&buf, "not evaluated: absent ");
	else if (r->denominator.mant == 0)
		appendStringInfoString(&buf, "denominator is 0");
	if (r->evaluated && r->nblank > 0)
		appendStringInfoString(&buf, buf.len > 0 ? "; blank cells counted as 0: " : "blank cells counted as 0: ");
	for (i = 0; i < r->noperands; i++)
		if (rep->cells[r->operands[i]].state == want && !listed_before(r, i))
		{
			appendStringInfo(&buf, "%s%s", first ? "" : ", ", rep->tpl->cells[r->operands[i]].key);
			first = false;
		}
	return cstring_to_text_with_len(buf.data, buf.len);
}

PG_FUNCTION_INFO_V1(govreport_rates);
Datum
govreport_rates(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext work;
	gr_mem		mem;
	gr_report  *rep;
	gr_rate    *rates;
	/* building the operands is most of the work: a summary can skip it */
	bool		with_operands = PG_NARGS() < 2 || PG_GETARG_BOOL(1);
	int			n,
				i;

	InitMaterializedSRF(fcinfo, 0);
	work = gr_pg_work_context();
	mem = gr_pg_mem(work);
	rep = gr_pg_unpack(datum, &mem);
	n = gr_report_rates(&mem, rep, &rates);
	for (i = 0; i < n; i++)
	{
		const gr_rate *r = &rates[i];
		Datum		values[7];
		bool		nulls[7] = {false};
		text	   *note = rate_note(rep, r);

		values[0] = CStringGetTextDatum(r->def->name);
		if (r->evaluated)
		{
			values[2] = gr_pg_numeric(r->numerator);
			values[3] = gr_pg_numeric(r->denominator);
		}
		else
			nulls[2] = nulls[3] = true;
		if (r->evaluated && r->denominator.mant != 0)
		{
			Datum		q = values[2];

			if (r->def->factor != 1)
				q = DirectFunctionCall2(numeric_mul, q, NumericGetDatum(int64_to_numeric(r->def->factor)));
			q = DirectFunctionCall2(numeric_div, q, values[3]);
			values[1] = DirectFunctionCall2(numeric_round, q, Int32GetDatum(4));
		}
		else
			nulls[1] = true;
		if (with_operands)
		{
			values[4] = side_jsonb(rep, r->operands, r->nnumerator);
			values[5] = side_jsonb(rep, r->operands + r->nnumerator, r->noperands - r->nnumerator);
		}
		else
			nulls[4] = nulls[5] = true;
		if (note)
			values[6] = PointerGetDatum(note);
		else
			nulls[6] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(work);
	return (Datum) 0;
}

/* A side of a rate definition as text[] (keys of both templates). */
static Datum
keys_array(const char *const *keys)
{
	Datum		elems[GR_RATE_MAX_TERMS];
	int			n;

	for (n = 0; n < GR_RATE_MAX_TERMS && keys[n] != NULL; n++)
		elems[n] = CStringGetTextDatum(keys[n]);
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(govreport_rate_definitions);
Datum
govreport_rate_definitions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n,
				i;
	const gr_rate_def *defs = gr_rate_defs(&n);

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < n; i++)
	{
		Datum		values[6];
		bool		nulls[6] = {false};

		values[0] = CStringGetTextDatum(defs[i].name);
		values[1] = Int32GetDatum(defs[i].factor);
		values[2] = keys_array(defs[i].numerator);
		values[3] = keys_array(defs[i].denominator);
		values[4] = CStringGetTextDatum(defs[i].description_en);
		values[5] = CStringGetTextDatum(defs[i].description_zh);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
