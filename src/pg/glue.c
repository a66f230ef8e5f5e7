/*
 * glue.c — what every PostgreSQL-facing file shares: the core's allocator
 * on memory contexts, the interrupt hook, core errors as ereport with the
 * SQLSTATE of their class, and packing reports into datums.
 */
#include "postgres.h"

#include <limits.h>

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "gr.h"
#include "pg_glue.h"

/* Settings: the limits a parse runs under (SQLSTATE 54000 beyond them). */
static int	max_document_kb = 131072;	/* 128 MB */
static int	max_table_rows = 10000;

void		_PG_init(void);

void
_PG_init(void)
{
	/*
	 * The core reads and writes UTF-8 only: in a database of another
	 * encoding every text in and out would be mis-read (issue 16).  Refused
	 * before anything is defined, so a later load attempt fails the same
	 * way; CREATE EXTENSION fails here, at its first C function.
	 */
	if (GetDatabaseEncoding() != PG_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("govreport requires a database with encoding UTF8"),
				 errdetail("The current database has encoding %s.", GetDatabaseEncodingName()),
				 errhint("Create the database with ENCODING 'UTF8', for example createdb -E UTF8 -T template0.")));

	/* superuser only: a limit any user could raise protects nothing */
	DefineCustomIntVariable("govreport.max_document_size",
							"Largest document govreport parses.",
							"A larger document is refused with SQLSTATE 54000 before any work is done.",
							&max_document_kb, 131072, 1, (int) (MaxAllocSize / 1024),
							PGC_SUSET, GUC_UNIT_KB, NULL, NULL, NULL);
	DefineCustomIntVariable("govreport.max_table_rows",
							"Most printed rows one table of a document may have.",
							"A document with a larger table is refused with SQLSTATE 54000.",
							&max_table_rows, 10000, 1, INT_MAX,
							PGC_SUSET, 0, NULL, NULL, NULL);
	MarkGUCPrefixReserved("govreport");
}

void
gr_pg_parse_options(gr_parse_options *opts, gr_held *held)
{
	memset(opts, 0, sizeof(*opts));
	opts->limits.max_document_bytes = (size_t) max_document_kb * 1024;
	opts->limits.max_table_rows = max_table_rows;
	opts->check_interrupts = gr_pg_check_interrupts;
	opts->held = held;
	opts->interrupt_pending = gr_pg_interrupt_pending;
}

static void *
pg_gr_alloc(void *ctx, size_t size)
{
	return MemoryContextAllocZero((MemoryContext) ctx, size == 0 ? 1 : size);
}

gr_mem
gr_pg_mem(MemoryContext cxt)
{
	gr_mem		m;

	m.alloc = pg_gr_alloc;
	m.ctx = cxt;
	return m;
}

void
gr_pg_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/* A cancel, a statement or lock timeout (both arrive as a cancel) or a
 * terminate is pending: CHECK_FOR_INTERRUPTS will end the statement. */
bool
gr_pg_interrupt_pending(void)
{
	return QueryCancelPending || ProcDiePending;
}

MemoryContext
gr_pg_work_context(void)
{
	return AllocSetContextCreate(CurrentMemoryContext, "govreport work", ALLOCSET_DEFAULT_SIZES);
}

/* Raises a core error with the SQLSTATE of its class. */
void
gr_pg_raise(const gr_error *err, bool binary)
{
	int			code;

	switch (err->status)
	{
		case GR_ERR_EMPTY:
		case GR_ERR_NOT_REPORT:
		case GR_ERR_MISMATCH:
			code = ERRCODE_INVALID_PARAMETER_VALUE;
			break;
		case GR_ERR_ENCODING:
			code = ERRCODE_CHARACTER_NOT_IN_REPERTOIRE;
			break;
		case GR_ERR_SYNTAX:
			code = ERRCODE_INVALID_TEXT_REPRESENTATION;
			break;
		case GR_ERR_BINARY:
			code = ERRCODE_INVALID_BINARY_REPRESENTATION;
			break;
		case GR_ERR_VERSION:
			code = binary ? ERRCODE_INVALID_BINARY_REPRESENTATION : ERRCODE_INVALID_TEXT_REPRESENTATION;
			break;
		case GR_ERR_LIMIT:
			code = ERRCODE_PROGRAM_LIMIT_EXCEEDED;
			break;
		case GR_ERR_RANGE:
			code = ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
			break;
		case GR_ERR_CORRUPT:
			code = ERRCODE_INVALID_TEXT_REPRESENTATION;
			break;
		case GR_ERR_UNSUPPORTED:
			code = ERRCODE_INVALID_PARAMETER_VALUE;
			break;
		case GR_ERR_CANCELED:
			code = ERRCODE_QUERY_CANCELED;
			break;
		default:
			code = ERRCODE_INTERNAL_ERROR;
			break;
	}
	ereport(ERROR,
			(errcode(code),
			 errmsg("%s", err->message),
			 err->detail[0] ? errdetail("%s", err->detail) : 0,
			 err->hint[0] ? errhint("%s", err->hint) :
			 err->status == GR_ERR_LIMIT ?
			 errhint("Documents and tables are limited by the settings govreport.max_document_size and govreport.max_table_rows; tables nest at most 32 deep.") : 0));
}

/* Packs a core report into a varlena datum allocated in the caller's context. */
bytea *
gr_pg_pack(const gr_report *rep, MemoryContext caller, gr_mem *work)
{
	size_t		len;
	uint8_t    *bin;
	bytea	   *out;
	gr_error	err;

	/* every value made here (in, recv, parse) has a text form out can
	 * write and in reads back */
	memset(&err, 0, sizeof(err));
	if (!gr_report_check_size(rep, &err))
		gr_pg_raise(&err, false);
	bin = gr_report_to_binary(work, rep, &len);

	out = (bytea *) MemoryContextAlloc(caller, len + VARHDRSZ);
	SET_VARSIZE(out, len + VARHDRSZ);
	memcpy(VARDATA(out), bin, len);
	return out;
}

/* Unpacks a stored report into the work context.  Stored values were
 * validated on the way in; a failure here means corrupted storage. */
gr_report *
gr_pg_unpack(bytea *datum, gr_mem *work)
{
	gr_error	err;
	gr_report  *rep;

	memset(&err, 0, sizeof(err));
	rep = gr_report_from_stored(work, (const uint8_t *) VARDATA_ANY(datum),
								VARSIZE_ANY_EXHDR(datum), &err);
	if (rep == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("stored govreport.report value is corrupted"),
				 errdetail("%s: %s", err.message, err.detail)));
	return rep;
}

Datum
gr_pg_numeric(gr_num num)
{
	/* no text round trip: counts are whole numbers, amounts a few decimals */
	if (num.scale == 0)
		return NumericGetDatum(int64_to_numeric(num.mant));
	return NumericGetDatum(int64_div_fast_to_numeric(num.mant, num.scale));
}
