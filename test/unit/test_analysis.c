/* test_analysis.c — sums of reports (states, contributors, forms) and rates. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static gr_arena *arena;
static gr_mem mem;

static int
cell(const gr_report *r, const char *key)
{
	int			i = gr_template_find_cell(r->tpl, key, strlen(key));

	CHECK(i >= 0);
	return i < 0 ? 0 : i;
}

static void
set(gr_report *r, const char *key, gr_state st, int64_t mant, int scale)
{
	gr_cell    *c = &r->cells[cell(r, key)];

	c->state = (uint8_t) st;
	c->value.mant = mant;
	c->value.scale = (uint8_t) scale;
	c->line = 7;
}

/* Every cell reported as v, on template name, for year. */
static gr_report *
filled(const char *name, int64_t v, int32_t year)
{
	gr_report  *r = gr_report_new(&mem, gr_template_by_name(name, strlen(name)));
	int			i;

	r->year = year;
	r->agency = gr_strdup(&mem, "某局");
	for (i = 0; i < r->ncells; i++)
	{
		r->cells[i].state = GR_REPORTED;
		r->cells[i].value.mant = v;
		r->cells[i].line = 3;
	}
	gr_report_add_finding(&mem, r, "narrative_count", "t3.received.total", "%s", "stated");
	return r;
}

static void
test_sum_states(void)
{
	gr_report  *a = filled("2021", 2, 2023),
			   *b = filled("2021", 5, 2023),
			   *s;
	gr_error	err;
	const char *keys[] = {"t3.granted.total", "t3.granted.natural_person", "t3.granted.commercial",
	"t3.granted.research", "t3.granted.social_welfare", "t3.granted.legal_service"};

	set(a, keys[0], GR_ABSENT, 0, 0);	/* absent + reported */
	set(a, keys[1], GR_BLANK, 0, 0);	/* blank + blank */
	set(b, keys[1], GR_BLANK, 0, 0);
	set(a, keys[2], GR_BLANK, 0, 0);	/* blank + reported */
	set(a, keys[3], GR_INFERRED, 4, 0);	/* inferred + reported */
	set(b, keys[4], GR_ABSENT, 0, 0);	/* reported + absent */
	set(a, "t2.fees.amount", GR_REPORTED, 125, 2);	/* 1.25 + 5 */
	memset(&err, 0, sizeof(err));
	s = gr_report_sum(&mem, a, b, &err);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_EQ_INT(s->summed, 2);
	CHECK_EQ_INT(s->year, 2023);
	CHECK(s->agency == NULL);
	CHECK_EQ_INT(s->nfindings, 0);
	CHECK_EQ_INT(s->cells[cell(s, keys[0])].state, GR_ABSENT);
	CHECK_EQ_INT(gr_report_contributors(s, cell(s, keys[0])), 1);
	CHECK_EQ_INT(s->cells[cell(s, keys[1])].state, GR_BLANK);
	CHECK_EQ_INT(gr_report_contributors(s, cell(s, keys[1])), 0);
	CHECK_EQ_INT(s->cells[cell(s, keys[2])].state, GR_REPORTED);
	CHECK_EQ_INT(s->cells[cell(s, keys[2])].value.mant, 5);
	CHECK_EQ_INT(gr_report_contributors(s, cell(s, keys[2])), 1);
	CHECK_EQ_INT(s->cells[cell(s, keys[3])].state, GR_INFERRED);
	CHECK_EQ_INT(s->cells[cell(s, keys[3])].value.mant, 9);
	CHECK_EQ_INT(s->cells[cell(s, keys[4])].state, GR_ABSENT);
	CHECK_EQ_INT(s->cells[cell(s, keys[5])].value.mant, 7);
	CHECK_EQ_INT(gr_report_contributors(s, cell(s, keys[5])), 2);
	CHECK_EQ_INT(s->cells[cell(s, "t2.fees.amount")].value.mant, 625);
	CHECK_EQ_INT(s->cells[cell(s, "t2.fees.amount")].value.scale, 2);
	CHECK_EQ_INT(s->cells[cell(s, keys[5])].line, 0);

	/* a sum of sums adds the counts; different years leave the year unknown */
	b->year = 2024;
	s = gr_report_sum(&mem, s, b, &err);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_EQ_INT(s->summed, 3);
	CHECK_EQ_INT(s->year, 0);
	CHECK_EQ_INT(gr_report_contributors(s, cell(s, keys[5])), 3);
	CHECK_EQ_INT(s->cells[cell(s, keys[5])].value.mant, 12);

	/* a report alone as a sum */
	s = gr_report_as_sum(&mem, a);
	CHECK_EQ_INT(s->summed, 1);
	CHECK_EQ_INT(gr_report_contributors(s, cell(s, keys[1])), 0);
	CHECK_EQ_INT(gr_report_contributors(s, cell(s, keys[3])), 1);
	CHECK_EQ_INT(s->nfindings, 0);
}

static void
test_sum_errors(void)
{
	gr_report  *a = filled("2021", 1, 2023),
			   *b = filled("2019", 1, 2019),
			   *c = filled("2021", INT64_C(999999999999999999), 2023);
	gr_error	err;

	memset(&err, 0, sizeof(err));
	CHECK(gr_report_sum(&mem, a, b, &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_MISMATCH);
	CHECK(strstr(err.detail, "2021") != NULL && strstr(err.detail, "2019") != NULL);
	CHECK(gr_report_sum(&mem, a, c, &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_RANGE);
	CHECK(strstr(err.detail, "t2.rules.issued") != NULL);
}

static void
test_sum_forms(void)
{
	gr_report  *a = filled("2021", 2, 2023),
			   *b = filled("2021", 3, 2023),
			   *s,
			   *back;
	gr_error	err;
	char	   *json,
			   *plain;
	uint8_t    *bin;
	size_t		len,
				blen,
				plen;
	int			i;

	set(a, "t3.granted.total", GR_BLANK, 0, 0);
	set(b, "t3.granted.total", GR_BLANK, 0, 0);
	set(a, "t3.denied_state_secret.total", GR_BLANK, 0, 0);
	memset(&err, 0, sizeof(err));
	s = gr_report_sum(&mem, a, b, &err);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	json = gr_report_to_json(&mem, s, &len);
	CHECK(strstr(json, "],\"sum\":{\"reports\":2,\"contributors\":[2,2,") != NULL);
	CHECK(strcmp(json + len - 4, "2]}}") == 0);
	back = gr_report_from_json(&mem, json, len, &err);
	CHECK(back != NULL);
	if (back == NULL)
		return;
	CHECK_EQ_INT(back->summed, 2);
	for (i = 0; i < back->ncells; i++)
		CHECK_EQ_INT(gr_report_contributors(back, i), gr_report_contributors(s, i));
	CHECK_EQ_INT(gr_report_contributors(back, cell(back, "t3.granted.total")), 0);
	CHECK_EQ_INT(gr_report_contributors(back, cell(back, "t3.denied_state_secret.total")), 1);

	bin = gr_report_to_binary(&mem, s, &blen);
	back = gr_report_from_binary(&mem, bin, blen, &err);
	CHECK(back != NULL);
	if (back != NULL)
	{
		CHECK_EQ_INT(back->summed, 2);
		CHECK_EQ_INT(gr_report_contributors(back, cell(back, "t3.denied_state_secret.total")), 1);
	}
	/* the binary sum section is validated: a truncated one, a count above the sum */
	CHECK(gr_report_from_binary(&mem, bin, blen - 1, &err) == NULL);
	CHECK(strstr(err.detail, "trailing bytes") != NULL);
	bin[blen - 1] = 9;
	CHECK(gr_report_from_binary(&mem, bin, blen, &err) == NULL);
	CHECK(strstr(err.detail, "9 contributors in a sum of 2 reports") != NULL);

	/* a parsed report's forms do not change: no sum key, no extra bytes */
	plain = gr_report_to_json(&mem, a, &plen);
	CHECK(strstr(plain, "\"sum\"") == NULL);
	CHECK(strcmp(plain + plen - 2, "]}") == 0);
	bin = gr_report_to_binary(&mem, a, &blen);
	back = gr_report_from_binary(&mem, bin, blen, &err);
	CHECK(back != NULL && back->contributors == NULL);

	/* JSON: a contributor count above the number summed, too few counts */
	{
		char	   *bad = strdup(json);
		char	   *at = strstr(bad, "\"contributors\":[2");

		CHECK(at != NULL);
		if (at != NULL)
		{
			at[16] = '3';
			CHECK(gr_report_from_json(&mem, bad, len, &err) == NULL);
			CHECK_EQ_INT(err.status, GR_ERR_SYNTAX);	/* a field out of its range is malformed text (22P02) */
		}
		free(bad);
		bad = strdup(json);
		at = strstr(bad, ",2]}}");
		CHECK(at != NULL);
		if (at != NULL)
		{
			strcpy(at, "]}}");
			CHECK(gr_report_from_json(&mem, bad, strlen(bad), &err) == NULL);
			CHECK(strstr(err.detail, "one per cell") != NULL);
		}
		free(bad);
	}
}

static const gr_rate *
find_rate(const gr_rate *rates, int n, const char *name)
{
	int			i;

	for (i = 0; i < n; i++)
		if (strcmp(rates[i].def->name, name) == 0)
			return &rates[i];
	CHECK(!"rate missing");
	return NULL;
}

static void
test_rates(void)
{
	gr_report  *a = filled("2021", 1, 2023),
			   *b = filled("2019", 1, 2019);
	gr_rate    *rates;
	const gr_rate *r;
	int			n,
				ndefs;

	gr_rate_defs(&ndefs);
	set(a, "t3.concluded.total", GR_REPORTED, 40, 0);
	set(a, "t3.partly_granted.total", GR_BLANK, 0, 0);
	set(a, "t4.review.corrected", GR_ABSENT, 0, 0);
	set(a, "t4.litigation_direct.upheld", GR_REPORTED, 0, 0);
	set(a, "t4.litigation_direct.corrected", GR_REPORTED, 0, 0);
	set(a, "t4.litigation_direct.other", GR_REPORTED, 0, 0);
	n = gr_report_rates(&mem, a, &rates);
	CHECK_EQ_INT(n, ndefs);
	r = find_rate(rates, n, "granted_in_whole_or_part_share");
	if (r != NULL)
	{
		CHECK(r->evaluated);
		CHECK_EQ_INT(r->numerator.mant, 1);
		CHECK_EQ_INT(r->denominator.mant, 40);
		CHECK_EQ_INT(r->nblank, 1);
		CHECK_EQ_INT(r->nnumerator, 2);
		CHECK_EQ_INT(r->noperands, 3);
	}
	r = find_rate(rates, n, "other_share");
	if (r != NULL)
	{
		CHECK_EQ_INT(r->nnumerator, 3);	/* other_no_correction, other_no_fee, other_misc */
		CHECK_EQ_INT(r->numerator.mant, 3);
	}
	r = find_rate(rates, n, "review_correction_rate");
	if (r != NULL)
		CHECK(!r->evaluated);
	r = find_rate(rates, n, "litigation_direct_correction_rate");
	if (r != NULL)
	{
		CHECK(r->evaluated);
		CHECK_EQ_INT(r->denominator.mant, 0);
	}
	r = find_rate(rates, n, "requests_per_10000_documents");
	if (r != NULL)
	{
		CHECK_EQ_INT(r->def->factor, 10000);
		CHECK_EQ_INT(r->noperands, 3);	/* received; rules and normative documents in force */
	}

	n = gr_report_rates(&mem, b, &rates);
	CHECK_EQ_INT(n, ndefs);
	r = find_rate(rates, n, "other_share");
	if (r != NULL)
		CHECK_EQ_INT(r->nnumerator, 1);
	r = find_rate(rates, n, "requests_per_10000_documents");
	if (r != NULL)
		CHECK_EQ_INT(r->denominator.mant, 2);	/* total_published of rules and normative documents */

	/* legacy reports have no cells and no rates */
	a->tpl = gr_template_by_name("legacy", 6);
	a->ncells = 0;
	CHECK_EQ_INT(gr_report_rates(&mem, a, &rates), 0);
}

void		suite_analysis(void);

void
suite_analysis(void)
{
	arena = gr_arena_create();
	mem = gr_arena_mem(arena);
	test_sum_states();
	test_sum_errors();
	test_sum_forms();
	test_rates();
	gr_arena_destroy(arena);
}
