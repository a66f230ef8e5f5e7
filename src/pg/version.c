/*
 * version.c — which build of the library is loaded.
 *
 * The catalog's version (pg_extension.extversion) and the library's can
 * differ: a new library serves a database whose catalog is still at an
 * older version until ALTER EXTENSION govreport UPDATE runs.  The store
 * records the library version that parsed each document, so reparse() can
 * tell what an upgrade changed.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#ifndef GR_LIBRARY_VERSION
#error "GR_LIBRARY_VERSION is set by the Makefile from EXTVERSION"
#endif

PG_FUNCTION_INFO_V1(govreport_library_version);
Datum
govreport_library_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(GR_LIBRARY_VERSION));
}
