/*
 * bbox.c — pdftotext -bbox-layout XHTML to the grid.  (Issue 4: not yet.)
 */
#include "gr_internal.h"

bool
gr_lex_bbox(gr_mem *mem, const char *utf8, size_t len, gr_grid *grid,
			const gr_parse_options *opts, gr_error *err)
{
	(void) mem, (void) utf8, (void) grid, (void) opts;
	gr_error_set(err, GR_ERR_NOT_REPORT, -1, "pdftotext -bbox-layout documents (%zu bytes) are not supported yet", len);
	return false;
}
