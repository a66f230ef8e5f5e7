/*
 * test_place.c — short rows: the three outcomes of placement (unique,
 * ambiguous, impossible), on reports built cell by cell.
 */
#include <string.h>

#include "unit.h"
#include "gr_internal.h"

static const gr_template *tpl;

static int
cell(const char *key)
{
	return gr_template_find_cell(tpl, key, strlen(key));
}

static void
set(gr_report *rep, const char *key, int64_t v)
{
	int			i = cell(key);

	rep->cells[i].state = GR_REPORTED;
	rep->cells[i].value.mant = v;
	rep->cells[i].value.scale = 0;
}

static const char *const t3_rows[] = {
	"received", "carried_over", "granted", "partly_granted", "denied_state_secret",
	"denied_prohibited_by_law", "denied_security_stability", "denied_third_party",
	"denied_internal_affairs", "denied_process_info", "denied_enforcement_file",
	"denied_inquiry_matter", "unavailable_not_held", "unavailable_needs_creation",
	"unavailable_unclear", "rejected_petition", "rejected_repeat", "rejected_publication",
	"rejected_excessive", "rejected_confirmation", "other_no_correction", "other_no_fee",
	"other_misc", "concluded", "carried_forward", NULL
};
static const char *const t3_cols[] = {
	"natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total", NULL
};

/* A consistent table 3: 90 received from natural persons and 4 from
 * companies, all granted or held-not. */
static gr_report *
consistent_report(gr_mem *mem)
{
	gr_report  *rep = gr_report_new(mem, tpl);
	char		key[96];
	int			r,
				c;

	for (r = 0; t3_rows[r]; r++)
		for (c = 0; t3_cols[c]; c++)
		{
			snprintf(key, sizeof(key), "t3.%s.%s", t3_rows[r], t3_cols[c]);
			set(rep, key, 0);
		}
	set(rep, "t3.received.natural_person", 86);
	set(rep, "t3.received.commercial", 4);
	set(rep, "t3.received.total", 90);
	set(rep, "t3.granted.natural_person", 30);
	set(rep, "t3.granted.commercial", 1);
	set(rep, "t3.granted.total", 31);
	set(rep, "t3.unavailable_not_held.natural_person", 56);
	set(rep, "t3.unavailable_not_held.commercial", 3);
	set(rep, "t3.unavailable_not_held.total", 59);
	set(rep, "t3.concluded.natural_person", 86);
	set(rep, "t3.concluded.commercial", 4);
	set(rep, "t3.concluded.total", 90);
	return rep;
}

static gr_short_row
short_row(const char *row, const int64_t *printed, int n)
{
	gr_short_row s;
	char		key[96];
	int			c;

	memset(&s, 0, sizeof(s));
	for (c = 0; t3_cols[c]; c++)
	{
		snprintf(key, sizeof(key), "t3.%s.%s", row, t3_cols[c]);
		s.cells[s.ncells++] = cell(key);
	}
	for (c = 0; c < n; c++)
		s.printed[c].mant = printed[c];
	s.nprinted = n;
	s.line = 7;
	s.what = row;
	s.label = row;
	return s;
}

static const char *
state_of(const gr_report *rep, const char *key)
{
	return gr_state_name((gr_state) rep->cells[cell(key)].state);
}

static long long
value_of(const gr_report *rep, const char *key)
{
	return (long long) rep->cells[cell(key)].value.mant;
}

static void
test_unique(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = consistent_report(&mem);
	int64_t		printed[] = {30, 1, 0, 0, 0, 31};	/* one of the zero cells dropped */
	gr_short_row s = short_row("granted", printed, 6);

	gr_place_short_rows(&mem, rep, &s, 1, NULL);
	CHECK_EQ_STR(state_of(rep, "t3.granted.natural_person"), "inferred");
	CHECK_EQ_INT(value_of(rep, "t3.granted.natural_person"), 30);
	CHECK_EQ_INT(value_of(rep, "t3.granted.commercial"), 1);
	CHECK_EQ_INT(value_of(rep, "t3.granted.other_org"), 0);
	CHECK_EQ_STR(state_of(rep, "t3.granted.total"), "inferred");
	CHECK_EQ_INT(value_of(rep, "t3.granted.total"), 31);
	CHECK_EQ_INT(rep->nfindings, 1);
	CHECK_EQ_STR(rep->findings[0].code, "short_row_inferred");
	CHECK_EQ_INT(rep->findings[0].nvalues, 6);
	CHECK(strstr(rep->findings[0].message, "30 1 0 0 0 0 31") != NULL);
	gr_arena_destroy(arena);
}

/* The commercial column's identities tell that "1" is a company's: shifting
 * it one column right would break the research column. */
static void
test_unique_by_column(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = consistent_report(&mem);
	int64_t		printed[] = {30, 1, 31};	/* four zero cells dropped */
	gr_short_row s = short_row("granted", printed, 3);

	gr_place_short_rows(&mem, rep, &s, 1, NULL);
	CHECK_EQ_STR(state_of(rep, "t3.granted.commercial"), "inferred");
	CHECK_EQ_INT(value_of(rep, "t3.granted.commercial"), 1);
	CHECK_EQ_INT(value_of(rep, "t3.granted.research"), 0);
	gr_arena_destroy(arena);
}

static void
test_ambiguous(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = consistent_report(&mem);
	int64_t		printed[] = {3, 3};
	gr_short_row s;
	int			c;
	char		key[96];

	/* with the totals row missing, only the row sum constrains the row */
	for (c = 0; t3_cols[c]; c++)
	{
		snprintf(key, sizeof(key), "t3.concluded.%s", t3_cols[c]);
		rep->cells[cell(key)].state = GR_ABSENT;
	}
	s = short_row("rejected_repeat", printed, 2);
	gr_place_short_rows(&mem, rep, &s, 1, NULL);
	CHECK_EQ_STR(state_of(rep, "t3.rejected_repeat.natural_person"), "absent");
	CHECK_EQ_STR(state_of(rep, "t3.rejected_repeat.total"), "absent");
	CHECK_EQ_INT(rep->nfindings, 1);
	CHECK_EQ_STR(rep->findings[0].code, "short_row_ambiguous");
	CHECK_EQ_INT(rep->findings[0].nvalues, 2);
	CHECK_EQ_STR(rep->findings[0].location, "rejected_repeat, line 7");
	gr_arena_destroy(arena);
}

static void
test_impossible(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = consistent_report(&mem);
	int64_t		printed[] = {30, 1, 0, 0, 0, 32};	/* 30 + 1 != 32 wherever the gap is */
	gr_short_row s = short_row("granted", printed, 6);

	gr_place_short_rows(&mem, rep, &s, 1, NULL);
	CHECK_EQ_STR(state_of(rep, "t3.granted.natural_person"), "absent");
	CHECK_EQ_INT(rep->nfindings, 1);
	CHECK_EQ_STR(rep->findings[0].code, "short_row_impossible");
	gr_arena_destroy(arena);
}

/* Two short rows tied by the column identities are placed together.  When
 * no joint placement exists each row is judged alone: the impossible one is
 * named, and the other, no longer pinned by its column, is ambiguous. */
static void
test_joint_and_independent(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = consistent_report(&mem);
	int64_t		a[] = {30, 1, 0, 0, 0, 31};
	int64_t		b[] = {56, 3, 0, 0, 0, 60};	/* impossible: 56 + 3 != 60 */
	gr_short_row rows[2];

	rows[0] = short_row("granted", a, 6);
	rows[1] = short_row("unavailable_not_held", b, 6);
	gr_place_short_rows(&mem, rep, rows, 2, NULL);
	CHECK_EQ_STR(state_of(rep, "t3.unavailable_not_held.total"), "absent");
	CHECK_EQ_INT(rep->nfindings, 2);
	CHECK_EQ_STR(rep->findings[1].code, "short_row_impossible");
	CHECK_EQ_STR(rep->findings[0].code, "short_row_ambiguous");
	CHECK_EQ_STR(state_of(rep, "t3.granted.commercial"), "absent");
	gr_arena_destroy(arena);

	/* both placeable: the pair is placed jointly */
	arena = gr_arena_create();
	mem = gr_arena_mem(arena);
	rep = consistent_report(&mem);
	b[5] = 59;
	rows[0] = short_row("granted", a, 6);
	rows[1] = short_row("unavailable_not_held", b, 6);
	gr_place_short_rows(&mem, rep, rows, 2, NULL);
	CHECK_EQ_STR(rep->findings[0].code, "short_row_inferred");
	CHECK_EQ_STR(rep->findings[1].code, "short_row_inferred");
	CHECK_EQ_INT(value_of(rep, "t3.granted.commercial"), 1);
	CHECK_EQ_INT(value_of(rep, "t3.unavailable_not_held.commercial"), 3);
	CHECK_EQ_STR(state_of(rep, "t3.unavailable_not_held.total"), "inferred");
	gr_arena_destroy(arena);
}

static void
test_identity_holds(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = consistent_report(&mem);
	int			i,
				holds = 0;

	for (i = 0; i < tpl->nidentities; i++)
		if (strncmp(tpl->identities[i].rule, "t3_", 3) == 0)
			holds += gr_identity_holds(rep, &tpl->identities[i]) == 1;
	CHECK_EQ_INT(holds, 25 + 7 + 7);
	set(rep, "t3.granted.total", 32);
	holds = 0;
	for (i = 0; i < tpl->nidentities; i++)
		if (strncmp(tpl->identities[i].rule, "t3_", 3) == 0)
			holds += gr_identity_holds(rep, &tpl->identities[i]) == 1;
	/* the row sum and the total column's outcome sum now fail */
	CHECK_EQ_INT(holds, 25 + 7 + 7 - 2);
	rep->cells[cell("t3.granted.total")].state = GR_BLANK;
	for (i = 0; i < tpl->nidentities; i++)
		if (strcmp(tpl->identities[i].rule, "t3_row_sum") == 0 &&
			strcmp(tpl->identities[i].scope, "granted") == 0)
			CHECK_EQ_INT(gr_identity_holds(rep, &tpl->identities[i]), 0);
	rep->cells[cell("t3.granted.total")].state = GR_ABSENT;
	for (i = 0; i < tpl->nidentities; i++)
		if (strcmp(tpl->identities[i].rule, "t3_row_sum") == 0 &&
			strcmp(tpl->identities[i].scope, "granted") == 0)
			CHECK_EQ_INT(gr_identity_holds(rep, &tpl->identities[i]), -1);
	gr_arena_destroy(arena);
}

void		suite_place(void);

void
suite_place(void)
{
	tpl = gr_template_by_name("2021", 4);
	CHECK(tpl != NULL);
	CHECK_EQ_INT(tpl->ncells, 200);
	CHECK_EQ_INT(tpl->nidentities, 25 + 7 + 7 + 3);
	test_unique();
	test_unique_by_column();
	test_ambiguous();
	test_impossible();
	test_joint_and_independent();
	test_identity_holds();
}
