/*
 * checks.c — the PostgreSQL face of the identity checks: rules(),
 * checks(report), is_consistent(report), assert_consistent(report).
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "gr.h"
#include "pg_glue.h"

PG_FUNCTION_INFO_V1(govreport_rules);
Datum
govreport_rules(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n,
				i;
	const gr_rule_info *rules = gr_rules(&n);

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < n; i++)
	{
		Datum		values[6];
		bool		nulls[6] = {false};

		values[0] = CStringGetTextDatum(rules[i].name);
		values[1] = CStringGetTextDatum(rules[i].severity == GR_SEV_ERROR ? "error" : "warning");
		values[2] = CStringGetTextDatum(rules[i].scope);
		values[3] = CStringGetTextDatum(rules[i].formula);
		values[4] = CStringGetTextDatum(rules[i].description_en);
		values[5] = CStringGetTextDatum(rules[i].description_zh);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

static void
push_key(JsonbParseState **state, const char *key)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = (int) strlen(key);
	pushJsonbValue(state, WJB_KEY, &k);
}

static void
push_string(JsonbParseState **state, const char *s)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) s;
	v.val.string.len = (int) strlen(s);
	pushJsonbValue(state, WJB_VALUE, &v);
}

static void
push_numeric(JsonbParseState **state, Datum numeric)
{
	JsonbValue	v;

	v.type = jbvNumeric;
	v.val.numeric = DatumGetNumeric(numeric);
	pushJsonbValue(state, WJB_VALUE, &v);
}

/* [{"key": ..., "value": ..., "state": ..., "weight": ...}, ...], built
 * directly as jsonb (no text round trip: checks() returns 60 of these). */
static Datum
operands_jsonb(const gr_report *rep, const gr_check *c)
{
	return gr_pg_operands_jsonb(rep, c->operands, c->noperands);
}

Datum
gr_pg_operands_jsonb(const gr_report *rep, const gr_term *terms, int nterms)
{
	JsonbParseState *state = NULL;
	JsonbValue *res;
	int			i;

	pushJsonbValue(&state, WJB_BEGIN_ARRAY, NULL);
	for (i = 0; i < nterms; i++)
	{
		const gr_cell *cell = &rep->cells[terms[i].cell];
		JsonbValue	null;

		pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
		push_key(&state, "key");
		push_string(&state, rep->tpl->cells[terms[i].cell].key);
		push_key(&state, "value");
		if (cell->state == GR_REPORTED || cell->state == GR_INFERRED)
			push_numeric(&state, gr_pg_numeric(cell->value));
		else
		{
			null.type = jbvNull;
			pushJsonbValue(&state, WJB_VALUE, &null);
		}
		push_key(&state, "state");
		push_string(&state, gr_state_name((gr_state) cell->state));
		push_key(&state, "weight");
		push_numeric(&state, NumericGetDatum(int64_to_numeric(terms[i].weight)));
		pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	}
	res = pushJsonbValue(&state, WJB_END_ARRAY, NULL);
	return JsonbPGetDatum(JsonbValueToJsonb(res));
}

PG_FUNCTION_INFO_V1(govreport_checks);
Datum
govreport_checks(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext work;
	gr_mem		mem;
	gr_report  *rep;
	gr_check   *items;
	int			n,
				i;

	InitMaterializedSRF(fcinfo, 0);
	work = gr_pg_work_context();
	mem = gr_pg_mem(work);
	rep = gr_pg_unpack(datum, &mem);
	n = gr_check_report(&mem, rep, &items);
	for (i = 0; i < n; i++)
	{
		const gr_check *c = &items[i];
		Datum		values[11];
		bool		nulls[11] = {false};

		values[0] = CStringGetTextDatum(c->rule);
		values[1] = CStringGetTextDatum(c->scope);
		values[2] = CStringGetTextDatum(c->severity == GR_SEV_ERROR ? "error" : "warning");
		values[3] = CStringGetTextDatum(gr_check_status_name(c->status));
		if (c->has_numbers)
		{
			values[4] = gr_pg_numeric(c->expected);
			values[5] = gr_pg_numeric(c->actual);
			values[6] = gr_pg_numeric(c->difference);
		}
		else
			nulls[4] = nulls[5] = nulls[6] = true;
		values[7] = operands_jsonb(rep, c);
		values[8] = CStringGetTextDatum(c->message ? c->message : "");
		if (c->suspect_cell >= 0)
			values[9] = CStringGetTextDatum(rep->tpl->cells[c->suspect_cell].key);
		else
			nulls[9] = true;
		if (c->repeat_of)
			values[10] = CStringGetTextDatum(c->repeat_of);
		else
			nulls[10] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(work);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(govreport_is_consistent);
Datum
govreport_is_consistent(PG_FUNCTION_ARGS)
{
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext work = gr_pg_work_context();
	gr_mem		mem = gr_pg_mem(work);
	bool		ok = gr_report_consistent(&mem, gr_pg_unpack(datum, &mem));

	MemoryContextDelete(work);
	PG_RETURN_BOOL(ok);
}

/* Raises check_violation listing every failing hard identity; otherwise
 * returns the report, so it can wrap a value on its way into a table. */
PG_FUNCTION_INFO_V1(govreport_assert_consistent);
Datum
govreport_assert_consistent(PG_FUNCTION_ARGS)
{
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext work = gr_pg_work_context();
	gr_mem		mem = gr_pg_mem(work);
	gr_report  *rep = gr_pg_unpack(datum, &mem);
	gr_check   *items;
	int			n = gr_check_report(&mem, rep, &items),
				i,
				failed = 0;
	StringInfoData detail;

	initStringInfo(&detail);
	for (i = 0; i < n; i++)
		if (items[i].severity == GR_SEV_ERROR && items[i].status == GR_CHECK_FAIL)
		{
			appendStringInfo(&detail, "%s%s:%s: %s", failed ? "\n" : "", items[i].rule, items[i].scope,
							 items[i].message);
			if (items[i].repeat_of)
				appendStringInfo(&detail, " (the same broken cell as %s)", items[i].repeat_of);
			failed++;
		}
	if (failed > 0)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("report of %s %d breaks %d accounting identit%s",
						rep->agency ? rep->agency : "an unnamed agency", (int) rep->year,
						failed, failed == 1 ? "y" : "ies"),
				 errdetail("%s", detail.data),
				 errhint("govreport.checks(report) lists every rule with its operands.")));
	MemoryContextDelete(work);
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

/* One row per rule that applies to the report: fail when any instance
 * fails, pass when all pass, not_evaluated otherwise.  What the per-rule
 * summary over a store needs, without sixty rows and their messages. */
PG_FUNCTION_INFO_V1(govreport_rule_status);
Datum
govreport_rule_status(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext work;
	gr_mem		mem;
	gr_report  *rep;
	gr_check   *items;
	int			n,
				nrules,
				r,
				i;
	const gr_rule_info *rules = gr_rules(&nrules);

	InitMaterializedSRF(fcinfo, 0);
	work = gr_pg_work_context();
	mem = gr_pg_mem(work);
	rep = gr_pg_unpack(datum, &mem);
	n = gr_check_report_brief(&mem, rep, &items);
	for (r = 0; r < nrules; r++)
	{
		int			instances = 0,
					failed = 0,
					passed = 0;
		Datum		values[3];
		bool		nulls[3] = {false};

		for (i = 0; i < n; i++)
			if (strcmp(items[i].rule, rules[r].name) == 0)
			{
				instances++;
				failed += items[i].status == GR_CHECK_FAIL;
				passed += items[i].status == GR_CHECK_PASS;
			}
		if (instances == 0)
			continue;
		values[0] = CStringGetTextDatum(rules[r].name);
		values[1] = CStringGetTextDatum(rules[r].severity == GR_SEV_ERROR ? "error" : "warning");
		values[2] = CStringGetTextDatum(failed ? "fail" : passed == instances ? "pass" : "not_evaluated");
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(work);
	return (Datum) 0;
}
