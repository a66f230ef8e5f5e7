/*
 * html.c — HTML pages to the grid, through libxml2.  (Issue 4: not yet.)
 */
#include "gr_internal.h"

bool
gr_lex_html(gr_mem *mem, const char *utf8, size_t len, gr_grid *grid,
			const gr_parse_options *opts, gr_error *err)
{
	(void) mem, (void) utf8, (void) grid, (void) opts;
	gr_error_set(err, GR_ERR_NOT_REPORT, -1, "HTML documents (%zu bytes) are not supported yet", len);
	return false;
}
