/*
 * test_templates.c — the 2019 and legacy templates, template detection and
 * mixed layouts, on the hand-made fixtures in test/fixtures/templates/.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static gr_report *
parse_fixture(gr_mem *mem, const char *name)
{
	char		path[256];
	size_t		len;
	char	   *data;
	gr_error	err;
	gr_report  *rep;

	snprintf(path, sizeof(path), "test/fixtures/templates/%s", name);
	data = unit_read_file(path, &len);
	CHECK(data != NULL);
	if (data == NULL)
		return NULL;
	memset(&err, 0, sizeof(err));
	rep = gr_parse_document(mem, data, len, NULL, &err);
	if (rep == NULL)
		printf("  %s: %s (%s)\n", name, err.message, err.detail);
	CHECK(rep != NULL);
	free(data);
	return rep;
}

static const gr_cell *
cell(const gr_report *rep, const char *key)
{
	int			i = gr_template_find_cell(rep->tpl, key, strlen(key));

	return i >= 0 ? &rep->cells[i] : NULL;
}

static long long
value(const gr_report *rep, const char *key)
{
	const gr_cell *c = cell(rep, key);

	if (c == NULL || (c->state != GR_REPORTED && c->state != GR_INFERRED))
		return -999999;
	return c->value.mant;
}

static const char *
state(const gr_report *rep, const char *key)
{
	const gr_cell *c = cell(rep, key);

	return c ? gr_state_name((gr_state) c->state) : "(no such cell)";
}

static const gr_finding *
finding(const gr_report *rep, const char *code)
{
	int			i;

	for (i = 0; i < rep->nfindings; i++)
		if (strcmp(rep->findings[i].code, code) == 0)
			return &rep->findings[i];
	return NULL;
}

/* The status of one check, "" when the rule has no such instance. */
static const char *
check_status(gr_mem *mem, const gr_report *rep, const char *rule, const char *scope)
{
	gr_check   *items;
	int			n = gr_check_report(mem, rep, &items),
				i;

	for (i = 0; i < n; i++)
		if (strcmp(items[i].rule, rule) == 0 && strcmp(items[i].scope, scope) == 0)
			return gr_check_status_name(items[i].status);
	return "";
}

/* A 2020 report on the 2019 template: every one of its 198 cells. */
static void
test_2020_on_2019(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = parse_fixture(&mem, "2020-on-2019.txt");
	int			i,
				reported = 0;

	if (!rep)
		return;
	CHECK_EQ_STR(rep->tpl->name, "2019");
	CHECK_EQ_INT(rep->ncells, 198);
	CHECK_EQ_INT(rep->year, 2020);
	CHECK_EQ_STR(rep->agency, "试点县交通运输局");
	CHECK_EQ_STR(rep->published, "2021-01-28");
	for (i = 0; i < rep->ncells; i++)
		reported += rep->cells[i].state == GR_REPORTED;
	CHECK_EQ_INT(reported, 198);
	/* table 2: 22 cells, signed changes, money with its unit */
	CHECK_EQ_INT(value(rep, "t2.normative_documents.total_published"), 31);
	CHECK_EQ_INT(value(rep, "t2.licensing.previous_items"), 58);
	CHECK_EQ_INT(value(rep, "t2.licensing.change"), -4);	/* 减4 */
	CHECK_EQ_INT(value(rep, "t2.licensing.decisions"), 1206);
	CHECK_EQ_INT(value(rep, "t2.other_services.change"), 3);	/* +3 */
	CHECK_EQ_INT(value(rep, "t2.penalty.change"), -2);
	CHECK_EQ_INT(value(rep, "t2.fees.previous_items"), 3);
	CHECK_EQ_INT(value(rep, "t2.procurement.items"), 7);
	CHECK_EQ_INT(value(rep, "t2.procurement.amount"), 365000);	/* 365000元 */
	CHECK(finding(rep, "unit_in_cell") != NULL);
	/* table 3: the single （六）其他处理 row */
	CHECK_EQ_INT(value(rep, "t3.other.natural_person"), 1);
	CHECK_EQ_INT(value(rep, "t3.other.total"), 1);
	CHECK(cell(rep, "t3.other_misc.total") == NULL);
	CHECK_EQ_INT(value(rep, "t3.concluded.total"), 13);
	CHECK_EQ_INT(value(rep, "t4.review.total"), 0);
	CHECK(strstr(finding(rep, "template_detected")->message, "2019") != NULL);
	/* its identities hold, including the 2019-only rule */
	CHECK(gr_report_consistent(&mem, rep));
	CHECK_EQ_STR(check_status(&mem, rep, "t3_outcome_sum", "total"), "pass");
	CHECK_EQ_STR(check_status(&mem, rep, "published_le_total", "normative_documents"), "pass");
	CHECK_EQ_STR(check_status(&mem, rep, "template_matches_year", "report"), "pass");
	CHECK_EQ_STR(check_status(&mem, rep, "integer_count", "t2"), "pass");
	gr_arena_destroy(arena);
}

/* A 2022 report on the 2019 template: parsed as 2019, and a warning. */
static void
test_2022_on_2019(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = parse_fixture(&mem, "2022-on-2019.txt");

	if (!rep)
		return;
	CHECK_EQ_STR(rep->tpl->name, "2019");
	CHECK_EQ_INT(rep->year, 2022);
	CHECK_EQ_INT(value(rep, "t2.licensing.change"), -4);
	CHECK_EQ_STR(check_status(&mem, rep, "template_matches_year", "report"), "fail");
	CHECK(gr_report_consistent(&mem, rep));	/* a warning, not an error */
	gr_arena_destroy(arena);
}

/* A 2021 table 2 with the 2019 label 规范性文件 and a single, non-zero
 * （六）其他处理 row: what was printed is read, the rest absent, and the
 * outcome sum uses the printed row. */
static void
test_mixed(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = parse_fixture(&mem, "mixed-2023.txt");
	const gr_finding *f;

	if (!rep)
		return;
	CHECK_EQ_STR(rep->tpl->name, "2021");
	CHECK_EQ_INT(value(rep, "t2.normative_documents.in_force"), 17);
	f = finding(rep, "label_variant");
	CHECK(f != NULL && strstr(f->message, "规范性文件") != NULL);
	CHECK_EQ_STR(state(rep, "t3.other_no_correction.total"), "absent");
	CHECK_EQ_STR(state(rep, "t3.other_misc.natural_person"), "absent");
	f = finding(rep, "collapsed_group_row");
	CHECK(f != NULL);
	if (f)
	{
		CHECK_EQ_INT(f->nvalues, 7);
		CHECK_EQ_INT(f->values[0].mant, 2);
		CHECK_EQ_INT(f->values[6].mant, 2);
	}
	CHECK_EQ_STR(check_status(&mem, rep, "t3_outcome_sum", "total"), "pass");
	CHECK_EQ_STR(check_status(&mem, rep, "t3_outcome_sum", "natural_person"), "pass");
	CHECK_EQ_STR(check_status(&mem, rep, "t3_row_sum", "other_misc"), "not_evaluated");
	CHECK(gr_report_consistent(&mem, rep));
	gr_arena_destroy(arena);
}

/* A 2016 report: recognised, template legacy, no cells, its counts kept. */
static void
test_legacy(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = parse_fixture(&mem, "legacy-2016.txt");
	int			i,
				received = -1,
				answered = -1;

	if (!rep)
		return;
	CHECK_EQ_STR(rep->tpl->name, "legacy");
	CHECK_EQ_INT(rep->ncells, 0);
	CHECK_EQ_INT(rep->year, 2016);
	CHECK_EQ_STR(rep->agency, "试点市国土资源局");
	CHECK_EQ_STR(rep->published, "2017-03-15");
	CHECK(finding(rep, "legacy_report") != NULL);
	for (i = 0; i < rep->nfindings; i++)
		if (strcmp(rep->findings[i].code, "legacy_count") == 0 && rep->findings[i].nvalues == 1)
		{
			if (strcmp(rep->findings[i].location, "received") == 0)
				received = (int) rep->findings[i].values[0].mant;
			else if (strcmp(rep->findings[i].location, "answered") == 0)
				answered = (int) rep->findings[i].values[0].mant;
		}
	CHECK_EQ_INT(received, 35);
	CHECK_EQ_INT(answered, 33);
	CHECK_EQ_STR(check_status(&mem, rep, "template_matches_year", "report"), "pass");
	CHECK(gr_report_consistent(&mem, rep));
	/* the canonical and binary forms carry a template without cells */
	{
		size_t		len;
		char	   *json = gr_report_to_json(&mem, rep, &len);
		uint8_t    *bin;
		gr_error	err;
		gr_report  *back = gr_report_from_json(&mem, json, len, &err);

		CHECK(back != NULL && strcmp(back->tpl->name, "legacy") == 0);
		bin = gr_report_to_binary(&mem, rep, &len);
		back = gr_report_from_binary(&mem, bin, len, &err);
		CHECK(back != NULL && back->nfindings == rep->nfindings);
	}
	gr_arena_destroy(arena);
}

void		suite_templates(void);

void
suite_templates(void)
{
	test_2020_on_2019();
	test_2022_on_2019();
	test_mixed();
	test_legacy();
}
