/*
 * override.c — metadata given by the user at load time.
 *
 * A store row's agency and year are those of its value, so that the two
 * can never disagree.  When a user loads a report under an agency or year
 * of their choosing (the document names none, or names it wrongly), the
 * value takes the given one and keeps what the document printed in a
 * finding: evidence is kept next to the correction, never overwritten.
 */
#include <string.h>

#include "gr.h"

bool
gr_report_override_metadata(gr_mem *mem, gr_report *rep, const char *agency,
							int32_t year, bool set_year)
{
	bool		changed = false;

	if (agency != NULL && (rep->agency == NULL || strcmp(rep->agency, agency) != 0))
	{
		if (rep->agency != NULL)
			gr_report_add_finding(mem, rep, "metadata_given", "agency",
								  "agency given at load: %s; the document names %s",
								  agency, rep->agency);
		else
			gr_report_add_finding(mem, rep, "metadata_given", "agency",
								  "agency given at load: %s; the document names none",
								  agency);
		rep->agency = gr_strdup(mem, agency);
		changed = true;
	}
	if (set_year && year != rep->year)
	{
		if (rep->year != 0)
			gr_report_add_finding(mem, rep, "metadata_given", "year",
								  "year given at load: %d; the document names %d",
								  (int) year, (int) rep->year);
		else
			gr_report_add_finding(mem, rep, "metadata_given", "year",
								  "year given at load: %d; the document names none",
								  (int) year);
		rep->year = year;
		changed = true;
	}
	return changed;
}
