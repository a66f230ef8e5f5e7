/*
 * parse_bytes.c — govreport.parse(bytea), and the guarded parse that both
 * parse functions run.
 *
 * HTML and pdftotext XHTML go through libxml2 inside the backend, which
 * follows PostgreSQL's own pattern (utils/adt/xml.c, contrib/xml2):
 * pg_xml_init before, pg_xml_done after, and a PG_TRY whose catch frees
 * what libxml2 allocated.  libxml2 allocates with malloc, so a parser left
 * behind by an error or a cancel (statement_timeout jumps out of the
 * core's interrupt hook) would leak for the life of the backend.  The core
 * records its live parser in a gr_held slot; the catch releases it.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/memutils.h"
#include "utils/xml.h"

#include "gr.h"
#include "pg_glue.h"

gr_report *
gr_pg_parse(gr_mem *mem, const char *data, size_t len, bool raw, gr_error *err)
{
	/* in memory, not a local: the catch block reads what the core wrote */
	gr_held    *held = palloc0(sizeof(gr_held));
	PgXmlErrorContext *xmlerrcxt;
	gr_parse_options opts;
	gr_report  *volatile rep = NULL;

	gr_pg_parse_options(&opts, held);
	xmlerrcxt = pg_xml_init(PG_XML_STRICTNESS_LEGACY);
	PG_TRY();
	{
		if (raw)
			rep = gr_parse_document(mem, data, len, &opts, err);
		else
			rep = gr_parse_text(mem, data, len, &opts, err);
	}
	PG_CATCH();
	{
		gr_release_held(held);
		pg_xml_done(xmlerrcxt, true);
		PG_RE_THROW();
	}
	PG_END_TRY();
	pg_xml_done(xmlerrcxt, false);
	pfree(held);
	return rep;
}

/* Parses a document into a packed report in the caller's context; the
 * core's work happens in a context of its own, deleted before returning. */
bytea *
gr_pg_parse_to_datum(const char *data, size_t len, bool raw_bytes)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = gr_pg_work_context();
	gr_mem		mem = gr_pg_mem(work);
	gr_error	err;
	gr_report  *rep;
	bytea	   *out;

	memset(&err, 0, sizeof(err));
	rep = gr_pg_parse(&mem, data, len, raw_bytes, &err);
	if (rep == NULL)
		gr_pg_raise(&err, false);
	out = gr_pg_pack(rep, caller, &mem);
	MemoryContextDelete(work);
	return out;
}

PG_FUNCTION_INFO_V1(govreport_parse_bytes);
Datum
govreport_parse_bytes(PG_FUNCTION_ARGS)
{
	bytea	   *doc = PG_GETARG_BYTEA_PP(0);

	PG_RETURN_BYTEA_P(gr_pg_parse_to_datum(VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc), true));
}
