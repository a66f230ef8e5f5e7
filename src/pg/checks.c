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
json_string(StringInfo buf, const char *s)
{
	escape_json(buf, s);
}

/* [{"key": ..., "value": ..., "state": ..., "weight": ...}, ...] */
static Datum
operands_jsonb(const gr_report *rep, const gr_check *c)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '[');
	for (i = 0; i < c->noperands; i++)
	{
		const gr_cell *cell = &rep->cells[c->operands[i].cell];
		char		num[48];

		if (i > 0)
			appendStringInfoChar(&buf, ',');
		appendStringInfoString(&buf, "{\"key\":");
		json_string(&buf, rep->tpl->cells[c->operands[i].cell].key);
		appendStringInfoString(&buf, ",\"value\":");
		if (cell->state == GR_REPORTED || cell->state == GR_INFERRED)
		{
			gr_num_format(cell->value, num, sizeof(num));
			appendStringInfoString(&buf, num);
		}
		else
			appendStringInfoString(&buf, "null");
		appendStringInfo(&buf, ",\"state\":\"%s\",\"weight\":%d}",
						 gr_state_name((gr_state) cell->state), c->operands[i].weight);
	}
	appendStringInfoChar(&buf, ']');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
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
