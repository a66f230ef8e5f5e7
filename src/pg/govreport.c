/*
 * govreport.c — the PostgreSQL layer: type I/O, parse, accessors and SRFs.
 *
 * It converts and reports, nothing else: every decision about documents
 * lives in the core (src/core).  The stored form of govreport.report is the
 * core's binary form (leading format-version byte), which is also what
 * send/recv exchange.  Core work runs in a short-lived memory context so a
 * parse leaves nothing behind but its result.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "gr.h"
#include "pg_glue.h"

PG_MODULE_MAGIC;

/* ------------------------------------------------------------- type I/O */

PG_FUNCTION_INFO_V1(govreport_report_in);
Datum
govreport_report_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = gr_pg_work_context();
	gr_mem		mem = gr_pg_mem(work);
	gr_error	err;
	gr_report  *rep;
	bytea	   *out;

	memset(&err, 0, sizeof(err));
	rep = gr_report_from_json_checked(&mem, text, strlen(text), gr_pg_check_interrupts, &err);
	if (rep == NULL)
		gr_pg_raise(&err, false);
	out = gr_pg_pack(rep, caller, &mem);
	MemoryContextDelete(work);
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(govreport_report_out);
Datum
govreport_report_out(PG_FUNCTION_ARGS)
{
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = gr_pg_work_context();
	gr_mem		mem = gr_pg_mem(work);
	size_t		len;
	char	   *json = gr_report_to_json(&mem, gr_pg_unpack(datum, &mem), &len);
	char	   *out = MemoryContextAlloc(caller, len + 1);

	memcpy(out, json, len + 1);
	MemoryContextDelete(work);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(govreport_report_recv);
Datum
govreport_report_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	const char *bytes = pq_getmsgbytes(buf, len);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = gr_pg_work_context();
	gr_mem		mem = gr_pg_mem(work);
	gr_error	err;
	gr_report  *rep;
	bytea	   *out;

	memset(&err, 0, sizeof(err));
	rep = gr_report_from_binary(&mem, (const uint8_t *) bytes, (size_t) len, &err);
	if (rep == NULL)
		gr_pg_raise(&err, true);
	out = gr_pg_pack(rep, caller, &mem);
	MemoryContextDelete(work);
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(govreport_report_send);
Datum
govreport_report_send(PG_FUNCTION_ARGS)
{
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA_ANY(datum), VARSIZE_ANY_EXHDR(datum));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------------------------------------------------------------- parse */

PG_FUNCTION_INFO_V1(govreport_parse_text);
Datum
govreport_parse_text(PG_FUNCTION_ARGS)
{
	text	   *doc = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BYTEA_P(gr_pg_parse_to_datum(VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc), false));
}

/* ------------------------------------------------------------ accessors */

/* Runs an accessor over an unpacked report; the work context is freed. */
#define WITH_REPORT(rep) \
	bytea	   *datum_ = PG_GETARG_REPORT_BYTES(0); \
	MemoryContext work_ = gr_pg_work_context(); \
	gr_mem		mem_ = gr_pg_mem(work_); \
	gr_report  *rep = gr_pg_unpack(datum_, &mem_)

typedef enum text_field
{
	FIELD_TEMPLATE, FIELD_AGENCY, FIELD_TITLE
} text_field;

/* A text field of the report, or SQL NULL when the report has none. */
static Datum
text_accessor(FunctionCallInfo fcinfo, text_field field)
{
	WITH_REPORT(rep);
	const char *value = field == FIELD_TEMPLATE ? (rep->tpl ? rep->tpl->name : NULL) :
		field == FIELD_AGENCY ? rep->agency : rep->title;
	text	   *out = value ? cstring_to_text(value) : NULL;

	MemoryContextDelete(work_);
	if (out == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(out);
}

PG_FUNCTION_INFO_V1(govreport_template);
Datum
govreport_template(PG_FUNCTION_ARGS)
{
	return text_accessor(fcinfo, FIELD_TEMPLATE);
}

PG_FUNCTION_INFO_V1(govreport_agency);
Datum
govreport_agency(PG_FUNCTION_ARGS)
{
	return text_accessor(fcinfo, FIELD_AGENCY);
}

PG_FUNCTION_INFO_V1(govreport_title);
Datum
govreport_title(PG_FUNCTION_ARGS)
{
	return text_accessor(fcinfo, FIELD_TITLE);
}

PG_FUNCTION_INFO_V1(govreport_year);
Datum
govreport_year(PG_FUNCTION_ARGS)
{
	WITH_REPORT(rep);
	int32		year = rep->year;

	MemoryContextDelete(work_);
	if (year == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(year);
}

PG_FUNCTION_INFO_V1(govreport_published);
Datum
govreport_published(PG_FUNCTION_ARGS)
{
	WITH_REPORT(rep);
	char		buf[16];
	Datum		d;

	strlcpy(buf, rep->published, sizeof(buf));
	MemoryContextDelete(work_);
	if (buf[0] == '\0')
		PG_RETURN_NULL();
	d = DirectFunctionCall1(date_in, CStringGetDatum(buf));
	PG_RETURN_DATUM(d);
}

PG_FUNCTION_INFO_V1(govreport_cells);
Datum
govreport_cells(PG_FUNCTION_ARGS)
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
		const gr_cell_def *cd = &rep->tpl->cells[i];
		const gr_cell *cell = &rep->cells[i];
		Datum		values[9];
		bool		nulls[9] = {false};
		bool		has_value = cell->state == GR_REPORTED || cell->state == GR_INFERRED;

		values[0] = CStringGetTextDatum(cd->key);
		values[1] = CStringGetTextDatum(cd->table_code);
		values[2] = CStringGetTextDatum(cd->row_code);
		values[3] = CStringGetTextDatum(cd->col_code);
		if (has_value)
			values[4] = gr_pg_numeric(cell->value);
		else
			nulls[4] = true;
		values[5] = CStringGetTextDatum(gr_state_name((gr_state) cell->state));
		values[6] = CStringGetTextDatum(cd->row_label);
		values[7] = CStringGetTextDatum(cd->col_label);
		if (cell->line > 0)
			values[8] = Int32GetDatum((int32) cell->line);
		else
			nulls[8] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(work);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(govreport_findings);
Datum
govreport_findings(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bytea	   *datum = PG_GETARG_REPORT_BYTES(0);
	MemoryContext work;
	gr_mem		mem;
	gr_report  *rep;
	int			i,
				j;

	InitMaterializedSRF(fcinfo, 0);
	work = gr_pg_work_context();
	mem = gr_pg_mem(work);
	rep = gr_pg_unpack(datum, &mem);
	for (i = 0; i < rep->nfindings; i++)
	{
		const gr_finding *f = &rep->findings[i];
		Datum		values[4];
		bool		nulls[4] = {false};
		Datum	   *elems = palloc((f->nvalues + 1) * sizeof(Datum));

		values[0] = CStringGetTextDatum(f->code);
		values[1] = CStringGetTextDatum(f->location ? f->location : "");
		values[2] = CStringGetTextDatum(f->message ? f->message : "");
		for (j = 0; j < f->nvalues; j++)
			elems[j] = gr_pg_numeric(f->values[j]);
		values[3] = PointerGetDatum(construct_array(elems, f->nvalues, NUMERICOID, -1, false, TYPALIGN_INT));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(work);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(govreport_template_cells);
Datum
govreport_template_cells(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *name = PG_GETARG_TEXT_PP(0);
	const gr_template *tpl = gr_template_by_name(VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
	int			i;

	if (tpl == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown govreport template \"%s\"", text_to_cstring(name)),
				 errhint("govreport.template(report) names a report's template.")));
	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < tpl->ncells; i++)
	{
		const gr_cell_def *cd = &tpl->cells[i];
		Datum		values[9];
		bool		nulls[9] = {false};

		values[0] = CStringGetTextDatum(cd->key);
		values[1] = CStringGetTextDatum(cd->table_code);
		values[2] = CStringGetTextDatum(cd->row_code);
		values[3] = CStringGetTextDatum(cd->col_code);
		values[4] = CStringGetTextDatum(cd->row_label);
		values[5] = CStringGetTextDatum(cd->col_label);
		values[6] = BoolGetDatum((cd->flags & GR_ROW_OUTCOME) != 0);
		values[7] = BoolGetDatum((cd->flags & GR_ROW_SIGNED) != 0);
		values[8] = BoolGetDatum((cd->flags & GR_ROW_MONEY) != 0);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* How many table-3 outcome rows a template has (for the store's triggers). */
PG_FUNCTION_INFO_V1(govreport_template_outcome_rows);
Datum
govreport_template_outcome_rows(PG_FUNCTION_ARGS)
{
	text	   *name = PG_GETARG_TEXT_PP(0);
	const gr_template *tpl = gr_template_by_name(VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
	int			t,
				r,
				n = 0;

	if (tpl == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown govreport template \"%s\"", text_to_cstring(name))));
	t = gr_template_table(tpl, "t3");
	for (r = 0; t >= 0 && r < tpl->tables[t].nrows; r++)
		if (tpl->tables[t].rows[r].kind == GR_ROW_DATA && (tpl->tables[t].rows[r].flags & GR_ROW_OUTCOME))
			n++;
	PG_RETURN_INT32(n);
}
