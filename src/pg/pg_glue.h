/*
 * pg_glue.h — shared by the PostgreSQL-facing files (every file in src/pg).
 */
#ifndef PG_GLUE_H
#define PG_GLUE_H

#include "postgres.h"
#include "fmgr.h"

#include "gr.h"

/* The core's allocator on a memory context (zeroed memory). */
gr_mem		gr_pg_mem(MemoryContext cxt);
/* A short-lived context for one call's core work; delete it when done. */
MemoryContext gr_pg_work_context(void);
/* The interrupt hook handed to the core (CHECK_FOR_INTERRUPTS). */
void		gr_pg_check_interrupts(void);
/* Whether an interrupt that ends the statement is pending (never jumps). */
bool		gr_pg_interrupt_pending(void);
/* Raises a core error with the SQLSTATE of its class; binary selects
 * 22P03 over 22P02 for version errors. */
void		gr_pg_raise(const gr_error *err, bool binary) pg_attribute_noreturn();
/* Packs a report into a varlena in the caller's context. */
bytea	   *gr_pg_pack(const gr_report *rep, MemoryContext caller, gr_mem *work);
/* Unpacks a stored report into the work context (corruption is an error). */
gr_report  *gr_pg_unpack(bytea *datum, gr_mem *work);
/* Parse options from the settings: limits, interrupts, the held-resource
 * slot (may be NULL when nothing outside gr_mem can be held). */
void		gr_pg_parse_options(gr_parse_options *opts, gr_held *held);
/* Parses a document (raw bytes in any supported encoding, or UTF-8 text)
 * under the settings, with libxml2 set up for the backend and everything it
 * allocated freed on every path, errors and cancels included
 * (parse_bytes.c).  NULL with err set when the document is refused. */
gr_report  *gr_pg_parse(gr_mem *mem, const char *data, size_t len, bool raw, gr_error *err);
/* gr_pg_parse into a packed report in the caller's memory context. */
bytea	   *gr_pg_parse_to_datum(const char *data, size_t len, bool raw_bytes);
/* Cells with their weights as jsonb: [{"key","value","state","weight"}, …]
 * (checks.c; the operands of checks() and rates()). */
Datum		gr_pg_operands_jsonb(const gr_report *rep, const gr_term *terms, int nterms);
/* A core number as a numeric datum. */
Datum		gr_pg_numeric(gr_num num);

#define PG_GETARG_REPORT_BYTES(n) ((bytea *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

#endif
