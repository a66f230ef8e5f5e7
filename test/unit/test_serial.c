/* test_serial.c — canonical JSON and binary forms of a report. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static gr_arena *arena;
static gr_mem mem;

static const gr_template *
tpl2021(void)
{
	return gr_template_by_name("2021", 4);
}

static int
cell_of(const gr_report *r, const char *key)
{
	int			i = gr_template_find_cell(r->tpl, key, strlen(key));

	CHECK(i >= 0);
	return i < 0 ? 0 : i;
}

static void
set_cell(gr_report *r, const char *key, gr_state st, int64_t mant, int scale, uint32_t line)
{
	gr_cell    *c = &r->cells[cell_of(r, key)];

	c->state = (uint8_t) st;
	c->value.mant = mant;
	c->value.scale = (uint8_t) scale;
	c->line = line;
}

/* A 2021 report with every state, a money value, escapes, and findings. */
static gr_report *
sample_report(void)
{
	gr_report  *r = gr_report_new(&mem, tpl2021());
	gr_finding *f;
	int			i;

	r->year = 2022;
	strcpy(r->published, "2023-01-30");
	r->agency = gr_strdup(&mem, "某市\"人民\"政府\\办公室");
	r->title = gr_strdup(&mem, "年度报告\n第2行\t\r\b\f\x01\x1f\x7f/end");
	/* every t3 cell reported with its index, so the cells differ */
	for (i = 0; i < r->ncells; i++)
		if (strncmp(r->tpl->cells[i].key, "t3.", 3) == 0)
		{
			r->cells[i].state = GR_REPORTED;
			r->cells[i].value.mant = i;
			r->cells[i].line = (uint32_t) (100 + i);
		}
	set_cell(r, "t2.rules.issued", GR_REPORTED, 0, 0, 57);
	set_cell(r, "t2.rules.repealed", GR_BLANK, 0, 0, 57);
	set_cell(r, "t2.rules.in_force", GR_INFERRED, 12, 0, 57);
	set_cell(r, "t2.fees.amount", GR_REPORTED, 773028, 2, 64);
	set_cell(r, "t3.received.natural_person", GR_REPORTED, 4294967, 0, 2147483647u);
	set_cell(r, "t3.other_misc.total", GR_REPORTED, INT64_C(999999999999999999), 0, 1);
	set_cell(r, "t3.other_misc.other_org", GR_REPORTED, INT64_C(-999999999999999999), 6, 1);
	/* t4 stays absent */

	f = gr_report_add_finding(&mem, r, "short_row_inferred", "t3.granted, line 123",
							  "row printed %d numbers for %d cells", 6, 7);
	f->nvalues = 3;
	f->values = gr_alloc(&mem, 3 * sizeof(gr_num));
	f->values[0].mant = 10;
	f->values[1].mant = 1;
	f->values[2].mant = 0;
	f = gr_report_add_finding(&mem, r, "note", "", "quote \" and \\ and\nnewline");
	f = gr_report_add_finding(&mem, r, "money", "t2.fees", "%s", "fees");
	f->nvalues = 2;
	f->values = gr_alloc(&mem, 2 * sizeof(gr_num));
	f->values[0].mant = -5;
	f->values[0].scale = 1;
	f->values[1].mant = 50;
	f->values[1].scale = 1;
	return r;
}

static char *
replace_once(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	size_t		n;
	char	   *out;

	CHECK(at != NULL);
	if (at == NULL)
		return strdup(s);
	n = strlen(s) - strlen(from) + strlen(to);
	out = malloc(n + 1);
	memcpy(out, s, (size_t) (at - s));
	strcpy(out + (at - s), to);
	strcat(out, at + strlen(from));
	return out;
}

/* Offset of the first occurrence of needle in s (or -2 if absent). */
static long
offset_of(const char *s, const char *needle)
{
	const char *at = strstr(s, needle);

	return at ? (long) (at - s) : -2;
}

/*
 * Expects text to be rejected with status, at offset (if >= 0), with a
 * detail that contains want and names the offset as "at byte N".
 */
static void
expect_json_error(const char *label, const char *text, size_t len, gr_status status,
				  long offset, const char *want)
{
	gr_error	err;
	gr_report  *r = gr_report_from_json(&mem, text, len, &err);
	char		at[48];

	CHECK(r == NULL);
	CHECK_EQ_INT(err.status, status);
	if (offset >= 0)
		CHECK_EQ_INT(err.offset, offset);
	snprintf(at, sizeof(at), "at byte %ld", err.offset);
	CHECK(strstr(err.detail, at) != NULL);
	if (want)
		CHECK(strstr(err.detail, want) != NULL);
	if (r != NULL || err.status != status || (want && strstr(err.detail, want) == NULL) ||
		(offset >= 0 && err.offset != offset))
		printf("  [%s] status %d offset %ld detail: %s\n", label, (int) err.status, err.offset, err.detail);
}

static void
expect_json_error_s(const char *label, const char *text, gr_status status, long offset, const char *want)
{
	expect_json_error(label, text, strlen(text), status, offset, want);
}

static const char *empty_json =
"{\"version\":1,\"template\":null,\"year\":null,\"published\":null,\"agency\":null,"
"\"title\":null,\"cells\":{},\"findings\":[]}";

/* The canonical text of an empty 2021 report (a template, no values). */
static char *
skeleton_json(void)
{
	return gr_report_to_json(&mem, gr_report_new(&mem, tpl2021()), NULL);
}

static void
test_json_write(void)
{
	gr_report  *r = sample_report();
	size_t		len;
	char	   *j = gr_report_to_json(&mem, r, &len);
	const char *head =
	"{\"version\":1,\"template\":\"2021\",\"year\":2022,\"published\":\"2023-01-30\","
	"\"agency\":\"某市\\\"人民\\\"政府\\\\办公室\","
	"\"title\":\"年度报告\\n第2行\\t\\r\\b\\f\\u0001\\u001f\x7f/end\","
	"\"cells\":{\"t2.rules.issued\":{\"value\":0,\"state\":\"reported\",\"line\":57},"
	"\"t2.rules.repealed\":{\"value\":null,\"state\":\"blank\",\"line\":57},"
	"\"t2.rules.in_force\":{\"value\":12,\"state\":\"inferred\",\"line\":57},"
	"\"t2.normative_documents.issued\":{\"value\":null,\"state\":\"absent\",\"line\":0},";
	const char *tail =
	"\"t4.litigation_after_review.total\":{\"value\":null,\"state\":\"absent\",\"line\":0}},"
	"\"findings\":[{\"code\":\"short_row_inferred\",\"location\":\"t3.granted, line 123\","
	"\"message\":\"row printed 6 numbers for 7 cells\",\"values\":[10,1,0]},"
	"{\"code\":\"note\",\"location\":\"\",\"message\":\"quote \\\" and \\\\ and\\nnewline\","
	"\"values\":[]},"
	"{\"code\":\"money\",\"location\":\"t2.fees\",\"message\":\"fees\",\"values\":[-0.5,5.0]}]}";

	CHECK_EQ_INT(strlen(j), len);
	CHECK(strncmp(j, head, strlen(head)) == 0);
	if (strncmp(j, head, strlen(head)) != 0)
		printf("  got: %.600s\n", j);
	CHECK(len > strlen(tail) && strcmp(j + len - strlen(tail), tail) == 0);
	CHECK(strstr(j, "\"t2.fees.amount\":{\"value\":7730.28,\"state\":\"reported\",\"line\":64}") != NULL);
	CHECK(strstr(j, "\"t3.received.natural_person\":{\"value\":4294967,\"state\":\"reported\",\"line\":2147483647}") != NULL);
	CHECK(strstr(j, "\"t3.other_misc.total\":{\"value\":999999999999999999,") != NULL);
	CHECK(strstr(j, "\"t3.other_misc.other_org\":{\"value\":-999999999999.999999,") != NULL);
	/* every cell of the template is listed, in template order */
	{
		int			i;
		long		prev = -1;
		int			ordered = 1;

		for (i = 0; i < r->tpl->ncells; i++)
		{
			char		k[80];
			long		at;

			snprintf(k, sizeof(k), "\"%s\":{", r->tpl->cells[i].key);
			at = offset_of(j, k);
			ordered &= at > prev;
			prev = at;
		}
		CHECK(ordered);
	}

	/* a template-less report: exact text */
	r = gr_report_new(&mem, NULL);
	j = gr_report_to_json(&mem, r, &len);
	CHECK_EQ_STR(j, empty_json);
	CHECK_EQ_INT(len, strlen(empty_json));

	/* a blank/absent cell never prints a stray mantissa; published "" is null */
	r = gr_report_new(&mem, tpl2021());
	set_cell(r, "t2.rules.issued", GR_BLANK, 77, 2, 3);
	j = gr_report_to_json(&mem, r, NULL);
	CHECK(strstr(j, "\"t2.rules.issued\":{\"value\":null,\"state\":\"blank\",\"line\":3}") != NULL);
	CHECK(strstr(j, "\"published\":null,\"agency\":null,\"title\":null,") != NULL);
	CHECK(strstr(j, "\"year\":null") != NULL);
	r->year = -44;
	j = gr_report_to_json(&mem, r, NULL);
	CHECK(strstr(j, "\"year\":-44,") != NULL);
}

static void
test_json_roundtrip(void)
{
	gr_report  *r = sample_report();
	gr_report  *back;
	gr_error	err;
	size_t		len,
				len2;
	char	   *j = gr_report_to_json(&mem, r, &len);
	char	   *j2;
	int			i,
				same = 1;

	back = gr_report_from_json(&mem, j, len, &err);
	CHECK(back != NULL);
	if (back == NULL)
	{
		printf("  rejected: %s (%s)\n", err.message, err.detail);
		return;
	}
	CHECK_EQ_INT(err.status, GR_OK);
	CHECK(back->tpl == r->tpl);
	CHECK_EQ_INT(back->year, 2022);
	CHECK_EQ_STR(back->published, "2023-01-30");
	CHECK_EQ_STR(back->agency, r->agency);
	CHECK_EQ_STR(back->title, r->title);
	CHECK_EQ_INT(back->ncells, 200);
	for (i = 0; i < back->ncells; i++)
	{
		const gr_cell *a = &r->cells[i],
				   *b = &back->cells[i];

		same &= a->state == b->state && a->line == b->line &&
			a->value.mant == b->value.mant && a->value.scale == b->value.scale;
	}
	CHECK(same);
	CHECK_EQ_INT(back->nfindings, 3);
	CHECK_EQ_STR(back->findings[1].message, "quote \" and \\ and\nnewline");
	CHECK_EQ_STR(back->findings[0].location, "t3.granted, line 123");
	CHECK_EQ_INT(back->findings[0].nvalues, 3);
	CHECK_EQ_INT(back->findings[0].values[0].mant, 10);
	CHECK_EQ_INT(back->findings[1].nvalues, 0);
	CHECK_EQ_INT(back->findings[2].values[0].mant, -5);
	CHECK_EQ_INT(back->findings[2].values[1].scale, 1);
	j2 = gr_report_to_json(&mem, back, &len2);
	CHECK_EQ_STR(j2, j);

	/* the template-less report is written but never read back: no parse
	 * makes one, and the store needs a template (issue 16) */
	back = gr_report_from_json(&mem, empty_json, strlen(empty_json), &err);
	CHECK(back == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_SYNTAX);
	CHECK(strstr(err.detail, "template at byte 24 is null") != NULL);

	/* empty strings stay empty strings, not null; NULL err is allowed */
	{
		char	   *t0 = replace_once(skeleton_json(), "\"year\":null,\"published\":null,\"agency\":null,\"title\":null",
									  "\"year\":7,\"published\":null,\"agency\":\"\",\"title\":\"\\u001b\"");
		char	   *t = replace_once(t0, "\"findings\":[]",
									 "\"findings\":[{\"code\":\"\",\"location\":\"\",\"message\":\"\",\"values\":[0,-1.000000]}]");

		back = gr_report_from_json(&mem, t, strlen(t), NULL);
		CHECK(back != NULL);
		if (back)
		{
			CHECK_EQ_STR(back->agency, "");
			CHECK_EQ_STR(back->title, "\x1b");
			CHECK_EQ_INT(back->year, 7);
			CHECK_EQ_INT(back->findings[0].values[1].mant, -1000000);
			CHECK_EQ_INT(back->findings[0].values[1].scale, 6);
			CHECK_EQ_STR(gr_report_to_json(&mem, back, NULL), t);
		}
		free(t0);
		free(t);
	}
}

static void
test_json_reject(void)
{
	gr_report  *r = sample_report();
	char	   *j = gr_report_to_json(&mem, r, NULL);
	char	   *t;
	long		off;
	size_t		len = strlen(j),
				i;
	int			all_rejected = 1;

	/* structure */
	expect_json_error("empty", "", 0, GR_ERR_SYNTAX, 0, "expected '{' opening the report at byte 0");
	expect_json_error("null text", NULL, 0, GR_ERR_SYNTAX, 0, "expected '{'");
	t = replace_once(j, "{\"version\"", "{ \"version\"");
	expect_json_error_s("space", t, GR_ERR_SYNTAX, 1, "expected key \"version\" at byte 1, found byte 0x20");
	free(t);
	t = replace_once(j, "{\"version\":1,\"template\":\"2021\",", "{\"template\":\"2021\",\"version\":1,");
	expect_json_error_s("reordered", t, GR_ERR_SYNTAX, 1, "expected key \"version\" at byte 1");
	free(t);
	t = replace_once(j, ",\"cells\":{", ",\"cell\":{");
	off = offset_of(t, "\"cell\":");
	expect_json_error_s("cells key", t, GR_ERR_SYNTAX, off, "expected key \"cells\" at byte");
	free(t);
	t = replace_once(empty_json, "\"cells\":{}", "\"cells\":{\"t2.rules.issued\":{}}");
	expect_json_error_s("cells without template", t, GR_ERR_SYNTAX, 24,
						"template at byte 24 is null");
	free(t);
	expect_json_error_s("array", "[]", GR_ERR_SYNTAX, 0, "expected '{' opening the report at byte 0, found '['");

	/* trailing characters */
	t = malloc(len + 3);
	memcpy(t, j, len);
	strcpy(t + len, " x");
	expect_json_error_s("trailing", t, GR_ERR_SYNTAX, (long) len, "trailing characters after the report at byte");
	free(t);
	t = malloc(len + 2);
	memcpy(t, j, len);
	strcpy(t + len, "\n");
	expect_json_error_s("trailing newline", t, GR_ERR_SYNTAX, (long) len, "trailing characters");
	free(t);
	/* an embedded NUL after the report */
	t = malloc(len + 2);
	memcpy(t, j, len + 1);
	expect_json_error("trailing NUL", t, len + 1, GR_ERR_SYNTAX, (long) len, "trailing characters");
	free(t);

	/* version */
	t = replace_once(j, "{\"version\":1,", "{\"version\":2,");
	expect_json_error_s("version 2", t, GR_ERR_VERSION, 11, "format version 2 at byte 11");
	free(t);
	t = replace_once(j, "{\"version\":1,", "{\"version\":0,");
	expect_json_error_s("version 0", t, GR_ERR_VERSION, 11, "format version 0");
	free(t);
	t = replace_once(j, "{\"version\":1,", "{\"version\":01,");
	expect_json_error_s("version 01", t, GR_ERR_SYNTAX, 11, "not canonical");
	free(t);
	t = replace_once(j, "{\"version\":1,", "{\"version\":\"1\",");
	expect_json_error_s("version string", t, GR_ERR_SYNTAX, 11, "expected the format version (a number)");
	free(t);
	/* a future version is reported as a version error even if the rest changed */
	expect_json_error_s("version only", "{\"version\":3}", GR_ERR_VERSION, 11, "format version 3");

	/* template */
	t = replace_once(j, "\"template\":\"2021\"", "\"template\":\"2018\"");
	expect_json_error_s("template", t, GR_ERR_SYNTAX, 24, "unknown template \"2018\" at byte 24");
	free(t);
	t = replace_once(j, "\"template\":\"2021\"", "\"template\":2021");
	expect_json_error_s("template number", t, GR_ERR_SYNTAX, 24, "expected template name (a string)");
	free(t);

	/* cells: missing, out of order, unknown, extra */
	t = replace_once(j, "\"t2.rules.issued\":{\"value\":0,\"state\":\"reported\",\"line\":57},", "");
	expect_json_error_s("missing first cell", t, GR_ERR_SYNTAX, offset_of(t, "\"t2.rules.repealed\""),
						"cell \"t2.rules.issued\" missing at byte");
	free(t);
	t = replace_once(j, "\"t3.received.total\":", "\"t3.received.totals\":");
	expect_json_error_s("unknown cell", t, GR_ERR_SYNTAX, offset_of(t, "\"t3.received.totals\""),
						"unknown cell \"t3.received.totals\" at byte");
	free(t);
	{
		/* drop t3.received.total (and its value) */
		char	   *a = strstr(j, "\"t3.received.total\":");
		char	   *b = a ? strstr(a, "},") : NULL;

		CHECK(a && b);
		if (a && b)
		{
			t = malloc(len + 1);
			memcpy(t, j, (size_t) (a - j));
			strcpy(t + (a - j), b + 2);
			expect_json_error_s("missing middle cell", t, GR_ERR_SYNTAX, (long) (a - j),
								"cell \"t3.received.total\" missing at byte");
			CHECK(strstr(t, "t3.received.total") == NULL);
			{
				gr_error	err;

				gr_report_from_json(&mem, t, strlen(t), &err);
				CHECK(strstr(err.detail, "(cells must list every cell of template 2021 in order)") != NULL);
			}
			free(t);
		}
	}
	{
		/* swap the first two cells */
		const char *c1 = "\"t2.rules.issued\":{\"value\":0,\"state\":\"reported\",\"line\":57}";
		const char *c2 = "\"t2.rules.repealed\":{\"value\":null,\"state\":\"blank\",\"line\":57}";
		char		both[256],
					swapped[256];

		snprintf(both, sizeof(both), "%s,%s", c1, c2);
		snprintf(swapped, sizeof(swapped), "%s,%s", c2, c1);
		t = replace_once(j, both, swapped);
		expect_json_error_s("swapped", t, GR_ERR_SYNTAX, offset_of(t, "\"t2.rules.repealed\""),
							"cell \"t2.rules.issued\" missing");
		free(t);
		snprintf(swapped, sizeof(swapped), "%s,%s", c1, c1);
		t = replace_once(j, both, swapped);
		expect_json_error_s("duplicate", t, GR_ERR_SYNTAX, offset_of(t, c1) + (long) strlen(c1) + 1,
							"cell \"t2.rules.issued\" at byte");
		{
			gr_error	err;

			gr_report_from_json(&mem, t, strlen(t), &err);
			CHECK(strstr(err.detail, "repeated or out of order") != NULL);
		}
		free(t);
	}
	t = replace_once(j, "\"line\":0}},\"findings\"", "\"line\":0},\"t5.x.y\":{}},\"findings\"");
	expect_json_error_s("extra cell", t, GR_ERR_SYNTAX, offset_of(t, ",\"t5.x.y\""),
						"more cells than template 2021 defines at byte");
	free(t);
	t = replace_once(j, "\"line\":0}},\"findings\"", "\"line\":0}]},\"findings\"");
	expect_json_error_s("bad close", t, GR_ERR_SYNTAX, offset_of(t, "]},\"findings\""),
						"expected '}' closing the cells at byte");
	free(t);

	/* cell values and states */
	t = replace_once(j, "{\"value\":null,\"state\":\"blank\"", "{\"value\":5,\"state\":\"blank\"");
	expect_json_error_s("blank with value", t, GR_ERR_SYNTAX, offset_of(t, "5,\"state\":\"blank\""),
						"state \"blank\" cell \"t2.rules.repealed\" has a value at byte");
	free(t);
	t = replace_once(j, "{\"value\":null,\"state\":\"absent\"", "{\"value\":0,\"state\":\"absent\"");
	expect_json_error_s("absent with value", t, GR_ERR_SYNTAX, offset_of(t, "0,\"state\":\"absent\""),
						"state \"absent\" cell \"t2.normative_documents.issued\" has a value");
	free(t);
	t = replace_once(j, "{\"value\":12,\"state\":\"inferred\"", "{\"value\":null,\"state\":\"inferred\"");
	expect_json_error_s("inferred without value", t, GR_ERR_SYNTAX, offset_of(t, "null,\"state\":\"inferred\""),
						"state \"inferred\" cell \"t2.rules.in_force\" has no value at byte");
	free(t);
	t = replace_once(j, "\"state\":\"blank\"", "\"state\":\"empty\"");
	expect_json_error_s("unknown state", t, GR_ERR_SYNTAX, offset_of(t, "\"empty\""), "unknown state \"empty\" at byte");
	free(t);
	t = replace_once(j, "\"state\":\"blank\"", "\"state\":null");
	expect_json_error_s("null state", t, GR_ERR_SYNTAX, offset_of(t, "null,\"line\""), "expected cell state (a string)");
	free(t);

	/* numbers */
	t = replace_once(j, "{\"value\":0,\"state\":\"reported\",\"line\":57}", "{\"value\":01,\"state\":\"reported\",\"line\":57}");
	off = offset_of(t, "01,");
	expect_json_error_s("01", t, GR_ERR_SYNTAX, off, "number \"01\" at byte");
	free(t);
	t = replace_once(j, "{\"value\":12,", "{\"value\":1.2e1,");
	expect_json_error_s("exponent", t, GR_ERR_SYNTAX, offset_of(t, "1.2e1"), "number \"1.2e1\" at byte");
	free(t);
	t = replace_once(j, "{\"value\":12,", "{\"value\":-0,");
	expect_json_error_s("-0", t, GR_ERR_SYNTAX, offset_of(t, "-0,"), "number \"-0\" at byte");
	free(t);
	t = replace_once(j, "{\"value\":12,", "{\"value\":+12,");
	expect_json_error_s("+12", t, GR_ERR_SYNTAX, offset_of(t, "+12"), "is not canonical");
	free(t);
	t = replace_once(j, "{\"value\":12,", "{\"value\":12.,");
	expect_json_error_s("12.", t, GR_ERR_SYNTAX, offset_of(t, "12.,"), "number \"12.\" at byte");
	free(t);
	t = replace_once(j, "{\"value\":12,", "{\"value\":.5,");
	expect_json_error_s(".5", t, GR_ERR_SYNTAX, offset_of(t, ".5,"), "number \".5\" at byte");
	free(t);
	t = replace_once(j, "{\"value\":12,", "{\"value\":1234567890123456789,");
	expect_json_error_s("19 digits", t, GR_ERR_RANGE, offset_of(t, "1234567890123456789"),
						"number \"1234567890123456789\" at byte");
	free(t);
	t = replace_once(j, "{\"value\":12,", "{\"value\":1.1234567,");
	expect_json_error_s("scale 7", t, GR_ERR_RANGE, offset_of(t, "1.1234567"), "out of range");
	free(t);
	t = replace_once(j, "{\"value\":12,", "{\"value\":\"12\",");
	expect_json_error_s("string value", t, GR_ERR_SYNTAX, offset_of(t, "\"12\""), "expected cell value (a number)");
	free(t);
	t = replace_once(j, "\"line\":57}", "\"line\":-1}");
	expect_json_error_s("line -1", t, GR_ERR_SYNTAX, offset_of(t, "-1}"), "line -1 at byte");
	free(t);
	t = replace_once(j, "\"line\":57}", "\"line\":4294967296}");
	expect_json_error_s("line 2^32", t, GR_ERR_SYNTAX, offset_of(t, "4294967296"), "out of range");
	free(t);
	t = replace_once(j, "\"line\":57}", "\"line\":57.0}");
	expect_json_error_s("line 57.0", t, GR_ERR_SYNTAX, offset_of(t, "57.0"), "line at byte");
	free(t);
	t = replace_once(j, "\"year\":2022,", "\"year\":0,");
	expect_json_error_s("year 0", t, GR_ERR_SYNTAX, offset_of(t, "0,\"published\""), "year 0 at byte");
	free(t);
	t = replace_once(j, "\"year\":2022,", "\"year\":2147483648,");
	expect_json_error_s("year range", t, GR_ERR_SYNTAX, offset_of(t, "2147483648"), "year 2147483648 at byte");
	free(t);
	t = replace_once(j, "\"year\":2022,", "\"year\":\"2022\",");
	expect_json_error_s("year string", t, GR_ERR_SYNTAX, offset_of(t, "\"2022\""), "expected year (a number)");
	free(t);
	t = replace_once(j, "\"values\":[10,1,0]", "\"values\":[10,1,0,]");
	expect_json_error_s("values trailing comma", t, GR_ERR_SYNTAX, offset_of(t, "]},{\"code\":\"note") , "expected a finding value (a number)");
	free(t);
	t = replace_once(j, "\"values\":[10,1,0]", "\"values\":[10,1,00]");
	expect_json_error_s("finding value 00", t, GR_ERR_SYNTAX, offset_of(t, "00]"), "number \"00\" at byte");
	free(t);
	t = replace_once(j, "\"values\":[10,1,0]", "\"values\":[10,1,0.0000001]");
	expect_json_error_s("finding value scale", t, GR_ERR_RANGE, offset_of(t, "0.0000001"), "out of range");
	free(t);
	t = replace_once(j, "\"values\":[]}", "\"values\":[]},]");
	expect_json_error_s("findings trailing comma", t, GR_ERR_SYNTAX, offset_of(t, "[]},]") + 4, "expected '{' opening a finding");
	free(t);
	t = replace_once(j, "{\"code\":\"note\",\"location\":\"\",", "{\"code\":\"note\",");
	expect_json_error_s("finding without location", t, GR_ERR_SYNTAX, offset_of(t, "\"message\":\"quote"),
						"expected key \"location\" at byte");
	free(t);
	t = replace_once(j, "{\"code\":\"note\",", "{\"code\":null,");
	expect_json_error_s("finding null code", t, GR_ERR_SYNTAX, offset_of(t, "null,\"location\":\"\""),
						"expected finding code (a string)");
	free(t);

	/* published / strings */
	t = replace_once(j, "\"2023-01-30\"", "\"2023-1-30\"");
	expect_json_error_s("published short", t, GR_ERR_SYNTAX, offset_of(t, "\"2023-1-30\""),
						"published \"2023-1-30\" at byte");
	free(t);
	t = replace_once(j, "\"2023-01-30\"", "\"2023-13-30\"");
	expect_json_error_s("published month", t, GR_ERR_SYNTAX, offset_of(t, "\"2023-13-30\""), "not a YYYY-MM-DD date");
	free(t);
	t = replace_once(j, "\"2023-01-30\"", "\"\"");
	expect_json_error_s("published empty", t, GR_ERR_SYNTAX, offset_of(t, "\"\",\"agency\""), "published \"\" at byte");
	free(t);
	t = replace_once(j, "某市", "\xe6\x9f");
	expect_json_error_s("bad utf8", t, GR_ERR_SYNTAX, offset_of(t, "\xe6\x9f"), "invalid UTF-8 at byte");
	free(t);
	t = replace_once(j, "某市", "\xed\xa0\x80");	/* an encoded surrogate */
	expect_json_error_s("surrogate utf8", t, GR_ERR_SYNTAX, offset_of(t, "\xed\xa0\x80"), "invalid UTF-8");
	free(t);
	t = replace_once(j, "某市", "\xc0\xaf");	/* overlong */
	expect_json_error_s("overlong utf8", t, GR_ERR_SYNTAX, offset_of(t, "\xc0\xaf"), "invalid UTF-8");
	free(t);
	t = replace_once(j, "某市", "\xf4\x90\x80\x80");	/* above U+10FFFF */
	expect_json_error_s("too big utf8", t, GR_ERR_SYNTAX, offset_of(t, "\xf4\x90"), "invalid UTF-8");
	free(t);
	t = replace_once(j, "某市", "a\tb");
	expect_json_error_s("raw tab", t, GR_ERR_SYNTAX, offset_of(t, "\tb"), "control character 0x09 in a string at byte");
	free(t);
	t = replace_once(j, "某市", "A");
	{
		/* a raw NUL inside a string */
		char	   *z = strchr(t, 'A');

		*z = '\0';
		expect_json_error("raw NUL", t, len - 5, GR_ERR_SYNTAX, (long) (z - t), "control character 0x00");
	}
	free(t);
	t = replace_once(j, "某市", "\\u0041");
	expect_json_error_s("\\u0041", t, GR_ERR_SYNTAX, offset_of(t, "\\u0041"), "escape \"\\u0041\" at byte");
	free(t);
	t = replace_once(j, "某市", "\\u0000");
	expect_json_error_s("\\u0000", t, GR_ERR_SYNTAX, offset_of(t, "\\u0000"), "\\u0000 at byte");
	free(t);
	t = replace_once(j, "某市", "\\u000a");
	expect_json_error_s("\\u000a", t, GR_ERR_SYNTAX, offset_of(t, "\\u000a"), "escape \"\\u000a\" at byte");
	free(t);
	t = replace_once(j, "\\u001f", "\\u001F");
	expect_json_error_s("\\u001F", t, GR_ERR_SYNTAX, offset_of(t, "\\u001F"), "escape \"\\u001F\" at byte");
	free(t);
	t = replace_once(j, "某市", "\\ud83d\\ude00");
	expect_json_error_s("surrogate escape", t, GR_ERR_SYNTAX, offset_of(t, "\\ud83d"), "escape \"\\ud83d\" at byte");
	free(t);
	t = replace_once(j, "/end", "\\/end");
	expect_json_error_s("\\/", t, GR_ERR_SYNTAX, offset_of(t, "\\/end"), "escape \"\\/\" at byte");
	free(t);
	t = replace_once(j, "某市", "\\某");
	expect_json_error_s("\\某", t, GR_ERR_SYNTAX, offset_of(t, "\\某"), "escape \"\\某\" at byte");
	free(t);
	t = replace_once(j, "某市", "\\u00");
	expect_json_error_s("short \\u", t, GR_ERR_SYNTAX, offset_of(t, "\\u00"), "is not canonical");
	free(t);
	t = replace_once(skeleton_json(), "\"agency\":null", "\"agency\":\"abc");
	expect_json_error("unterminated", t, offset_of(t, "\"abc") + 4, GR_ERR_SYNTAX, offset_of(t, "\"abc"),
					  "unterminated string at byte");
	free(t);
	t = replace_once(skeleton_json(), "\"agency\":null", "\"agency\":\"abc\\\"");
	expect_json_error("unterminated escape", t, offset_of(t, "\"abc") + 6, GR_ERR_SYNTAX, offset_of(t, "\"abc"),
					  "unterminated string");
	free(t);
	t = replace_once(skeleton_json(), "\"agency\":null", "\"agency\":\"abc\\");
	expect_json_error("unterminated backslash", t, offset_of(t, "\"abc") + 5, GR_ERR_SYNTAX, offset_of(t, "\"abc"),
					  "unterminated string");
	free(t);
	t = replace_once(skeleton_json(), "\"agency\":null", "\"agency\":nul");
	expect_json_error_s("nul", t, GR_ERR_SYNTAX, offset_of(t, "nul,"), "expected agency (a string) at byte");
	free(t);
	t = replace_once(skeleton_json(), "\"title\":null", "\"title\":NULL");
	expect_json_error_s("NULL", t, GR_ERR_SYNTAX, offset_of(t, "NULL"), "expected title (a string)");
	free(t);

	/* too many values in one finding */
	{
		char	   *pre = replace_once(skeleton_json(), "\"findings\":[]}",
									   "\"findings\":[{\"code\":\"\",\"location\":\"\",\"message\":\"\",\"values\":[");
		size_t		pl = strlen(pre);
		size_t		n = 65536;
		char	   *big = malloc(pl + n * 2 + 8);
		size_t		k;

		memcpy(big, pre, pl);
		for (k = 0; k < n; k++)
		{
			big[pl + 2 * k] = '0';
			big[pl + 2 * k + 1] = ',';
		}
		strcpy(big + pl + 2 * n - 1, "]}]}");
		expect_json_error_s("65536 values", big, GR_ERR_LIMIT, (long) (pl + 2 * 65535), "more than 65535 values");
		/* 65535 is fine */
		strcpy(big + pl + 2 * 65535 - 1, "]}]}");
		{
			gr_report  *rr = gr_report_from_json(&mem, big, strlen(big), NULL);

			CHECK(rr != NULL && rr->findings[0].nvalues == 65535);
		}
		free(big);
		free(pre);
	}

	/* every proper prefix is rejected, never read past */
	for (i = 0; i < len; i++)
	{
		char	   *pfx = malloc(i > 0 ? i : 1);
		gr_error	err;

		memcpy(pfx, j, i);
		if (gr_report_from_json(&mem, pfx, i, &err) != NULL)
			all_rejected = 0;
		if (err.status == GR_OK || err.offset < 0 || (size_t) err.offset > i)
			all_rejected = 0;
		free(pfx);
	}
	CHECK(all_rejected);
}

/*
 * Single-byte changes to the canonical text are either rejected or, when
 * the result happens to be canonical too (a digit changed), reproduce
 * themselves exactly.
 */
static void
test_json_mutations(void)
{
	gr_arena   *a = gr_arena_create();
	gr_mem		m = gr_arena_mem(a);
	gr_report  *r;
	char	   *j;
	size_t		len,
				i,
				k;
	static const char repl[] = {' ', '0', '1', '"', '\\', ',', '}', 'x', '\x80', '-', '.', 'n'};
	int			accepted = 0,
				bad = 0;

	{
		gr_mem		save = mem;

		mem = m;
		r = sample_report();
		mem = save;
	}
	j = gr_report_to_json(&m, r, &len);
	for (i = 0; i < len; i++)
		for (k = 0; k < sizeof(repl); k++)
		{
			char	   *t;
			gr_arena   *a2;
			gr_mem		m2;
			gr_report  *back;
			gr_error	err;

			/* every byte of the head, the first cells and the findings; a stride through the rest */
			if (j[i] == repl[k] || (i >= 700 && i + 700 < len && i % 31 != 0))
				continue;
			t = malloc(len);
			memcpy(t, j, len);
			t[i] = repl[k];
			a2 = gr_arena_create();
			m2 = gr_arena_mem(a2);
			back = gr_report_from_json(&m2, t, len, &err);
			if (back)
			{
				size_t		l2;
				char	   *again = gr_report_to_json(&m2, back, &l2);

				accepted++;
				if (l2 != len || memcmp(again, t, len) != 0)
					bad++;
			}
			else if (err.status == GR_OK || err.offset < 0 || (size_t) err.offset > len)
				bad++;
			gr_arena_destroy(a2);
			free(t);
		}
	CHECK_EQ_INT(bad, 0);
	CHECK(accepted > 0);
	gr_arena_destroy(a);
}

/* ---------------------------------------------------------------- binary */

static void
expect_bin_error(const char *label, const uint8_t *data, size_t len, gr_status status, long offset,
				 const char *want)
{
	gr_error	err;
	gr_report  *r = gr_report_from_binary(&mem, data, len, &err);

	CHECK(r == NULL);
	CHECK_EQ_INT(err.status, status);
	if (offset >= 0)
		CHECK_EQ_INT(err.offset, offset);
	if (want)
		CHECK(strstr(err.detail, want) != NULL);
	if (r != NULL || err.status != status || (want && strstr(err.detail, want) == NULL) ||
		(offset >= 0 && err.offset != offset))
		printf("  [%s] status %d offset %ld detail: %s\n", label, (int) err.status, err.offset, err.detail);
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) (v >> 24);
	p[1] = (uint8_t) (v >> 16);
	p[2] = (uint8_t) (v >> 8);
	p[3] = (uint8_t) v;
}

static void
test_binary(void)
{
	gr_report  *r = sample_report();
	size_t		len,
				i;
	uint8_t    *b = gr_report_to_binary(&mem, r, &len);
	uint8_t    *t;
	gr_report  *back;
	gr_error	err;
	size_t		agency_len = strlen(r->agency),
				title_len = strlen(r->title);
	size_t		cells_at = 1 + 1 + 4 + 1 + 10 + 4 + agency_len + 4 + title_len;	/* ncells u16 */
	size_t		findings_at = cells_at + 2 + 200 * 14;
	int			all_rejected = 1;

	/* layout */
	CHECK_EQ_INT(b[0], GR_FORMAT_VERSION);
	CHECK_EQ_INT(b[1], tpl2021()->id);
	CHECK_EQ_INT(b[2], 0);
	CHECK_EQ_INT(b[5], 2022 & 0xFF);
	CHECK_EQ_INT(b[4], 2022 >> 8);
	CHECK_EQ_INT(b[6], 10);
	CHECK(memcmp(b + 7, "2023-01-30", 10) == 0);
	CHECK_EQ_INT(b[20], agency_len);
	CHECK_EQ_INT(b[cells_at], 0);
	CHECK_EQ_INT(b[cells_at + 1], 200);
	/* first cell: reported, scale 0, mant 0, line 57 */
	CHECK_EQ_INT(b[cells_at + 2], GR_REPORTED);
	CHECK_EQ_INT(b[cells_at + 2 + 13], 57);
	CHECK_EQ_INT(b[findings_at + 3], 3);

	back = gr_report_from_binary(&mem, b, len, &err);
	CHECK(back != NULL);
	if (back == NULL)
	{
		printf("  rejected: %s\n", err.detail);
		return;
	}
	CHECK_EQ_INT(err.status, GR_OK);
	CHECK_EQ_STR(gr_report_to_json(&mem, back, NULL), gr_report_to_json(&mem, r, NULL));
	CHECK_EQ_INT(back->findings[0].nvalues, 3);
	CHECK(back->findings[1].values == NULL);
	{
		size_t		len2;
		uint8_t    *b2 = gr_report_to_binary(&mem, back, &len2);

		CHECK_EQ_INT(len2, len);
		CHECK(memcmp(b, b2, len) == 0);
	}

	/* template-less report: exact bytes */
	{
		static const uint8_t want[] = {1, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
		0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0};
		gr_report  *e = gr_report_new(&mem, NULL);
		size_t		el;
		uint8_t    *eb = gr_report_to_binary(&mem, e, &el);

		CHECK_EQ_INT(el, sizeof(want));
		CHECK(el == sizeof(want) && memcmp(eb, want, el) == 0);
		/* ... never read back (issue 16): a value has a template */
		e = gr_report_from_binary(&mem, eb, el, &err);
		CHECK(e == NULL && err.status == GR_ERR_BINARY && strstr(err.detail, "template id at byte 1 is 0") != NULL);
		/* empty strings; years 1 to 9999 (0 is unknown) */
		e = gr_report_new(&mem, tpl2021());
		e->year = 9999;
		e->agency = "";
		eb = gr_report_to_binary(&mem, e, &el);
		e = gr_report_from_binary(&mem, eb, el, &err);
		CHECK(e != NULL);
		if (e)
		{
			CHECK_EQ_INT(e->year, 9999);
			CHECK_EQ_STR(e->agency, "");
			CHECK(e->title == NULL);
		}
		e = gr_report_new(&mem, tpl2021());
		e->year = -2;
		eb = gr_report_to_binary(&mem, e, &el);
		e = gr_report_from_binary(&mem, eb, el, &err);
		CHECK(e == NULL && err.status == GR_ERR_BINARY && strstr(err.detail, "year -2 at byte 2 is out of range") != NULL);
	}

	/* every truncation is rejected */
	for (i = 0; i < len; i++)
	{
		uint8_t    *p = malloc(i > 0 ? i : 1);

		memcpy(p, b, i);
		if (gr_report_from_binary(&mem, p, i, &err) != NULL || err.status != GR_ERR_BINARY)
			all_rejected = 0;
		free(p);
	}
	CHECK(all_rejected);
	expect_bin_error("empty", NULL, 0, GR_ERR_BINARY, 0, "truncated: version at byte 0");
	expect_bin_error("cut in cells", b, cells_at + 5, GR_ERR_BINARY, (long) cells_at + 4,
					 "truncated: cell \"t2.rules.issued\" at byte");

	t = malloc(len + 1);
#define RESET() memcpy(t, b, len)

	RESET();
	t[0] = 2;
	expect_bin_error("version", t, len, GR_ERR_VERSION, 0, "format version 2 at byte 0");
	t[0] = 0;
	expect_bin_error("version 0", t, len, GR_ERR_VERSION, 0, "format version 0");
	RESET();
	t[len] = 0;
	expect_bin_error("trailing", t, len + 1, GR_ERR_BINARY, (long) len, "1 trailing bytes after the report at byte");
	RESET();
	t[1] = 99;
	expect_bin_error("template id", t, len, GR_ERR_BINARY, 1, "unknown template id 99 at byte 1");
	RESET();
	t[1] = 0;
	expect_bin_error("template 0", t, len, GR_ERR_BINARY, 1, "template id at byte 1 is 0");
	RESET();
	t[6] = 9;
	expect_bin_error("published length", t, len, GR_ERR_BINARY, 6, "published length 9 at byte 6");
	RESET();
	t[11] = '/';
	expect_bin_error("published format", t, len, GR_ERR_BINARY, 7, "published at byte 7 is not a YYYY-MM-DD date");
	RESET();
	t[21] = 0;
	expect_bin_error("NUL in agency", t, len, GR_ERR_BINARY, 21, "agency contains a NUL byte at byte 21");
	RESET();
	t[21] = 0xFF;
	expect_bin_error("bad utf8 agency", t, len, GR_ERR_BINARY, 21, "agency is not valid UTF-8 at byte 21");
	RESET();
	t[21 + agency_len + 4] = 0x80;
	expect_bin_error("bad utf8 title", t, len, GR_ERR_BINARY, (long) (21 + agency_len + 4),
					 "title is not valid UTF-8");
	RESET();
	put32(t + 17, 0x7FFFFFFF);
	expect_bin_error("huge agency", t, len, GR_ERR_LIMIT, 17, "agency at byte 17 is 2147483647 bytes");
	RESET();
	put32(t + 17, 0x1000000);	/* 16 MB: within the limit, so the truncation shows */
	expect_bin_error("long agency", t, len, GR_ERR_BINARY, 21, "truncated: agency at byte 21");
	RESET();
	t[cells_at + 1] = 199;
	expect_bin_error("ncells", t, len, GR_ERR_BINARY, (long) cells_at, "cell count 199 at byte");
	RESET();
	t[cells_at + 2] = 4;
	expect_bin_error("state", t, len, GR_ERR_BINARY, (long) cells_at + 2, "bad state 4");
	RESET();
	t[cells_at + 3] = 7;
	expect_bin_error("scale", t, len, GR_ERR_BINARY, (long) cells_at + 3, "scale 7 exceeds 6");
	RESET();
	/* mant 10^18 = 0x0DE0B6B3A7640000 */
	{
		static const uint8_t e18[8] = {0x0D, 0xE0, 0xB6, 0xB3, 0xA7, 0x64, 0x00, 0x00};
		static const uint8_t e18m1[8] = {0x0D, 0xE0, 0xB6, 0xB3, 0xA7, 0x63, 0xFF, 0xFF};
		static const uint8_t neg_e18[8] = {0xF2, 0x1F, 0x49, 0x4C, 0x58, 0x9C, 0x00, 0x00};

		memcpy(t + cells_at + 4, e18, 8);
		expect_bin_error("mant 10^18", t, len, GR_ERR_BINARY, (long) cells_at + 4, "more than 18 digits");
		memcpy(t + cells_at + 4, neg_e18, 8);
		expect_bin_error("mant -10^18", t, len, GR_ERR_BINARY, (long) cells_at + 4, "more than 18 digits");
		memcpy(t + cells_at + 4, e18m1, 8);
		back = gr_report_from_binary(&mem, t, len, &err);
		CHECK(back != NULL && back->cells[0].value.mant == INT64_C(999999999999999999));
	}
	RESET();
	/* the second cell is blank: give it a value */
	t[cells_at + 2 + 14 + 9] = 1;
	expect_bin_error("blank with value", t, len, GR_ERR_BINARY, (long) cells_at + 2 + 14 + 1,
					 "cell \"t2.rules.repealed\" at byte");
	RESET();
	t[cells_at + 2 + 14 + 1] = 1;
	expect_bin_error("blank with scale", t, len, GR_ERR_BINARY, -1, "a blank cell has a value");
	RESET();
	put32(t + findings_at, 0xFFFFFFFFu);
	expect_bin_error("nfindings", t, len, GR_ERR_BINARY, (long) findings_at, "finding count 4294967295 at byte");
	RESET();
	put32(t + findings_at + 4, 0xFFFFFFFFu);
	expect_bin_error("NULL code", t, len, GR_ERR_BINARY, (long) findings_at + 4,
					 "finding 0 code at byte");
	{
		/* first finding: code 18 bytes, location 20, message 33, then 3 values */
		size_t		vals = findings_at + 4 + 4 + 18 + 4 + 20 + 4 + 33;

		RESET();
		CHECK_EQ_INT(t[vals + 1], 3);
		t[vals + 2] = 9;
		expect_bin_error("value scale", t, len, GR_ERR_BINARY, (long) vals + 2, "finding 0 value 0 at byte");
		RESET();
		t[vals + 1] = 200;
		expect_bin_error("nvalues", t, len, GR_ERR_BINARY, -1, "finding 0 values at byte");
		RESET();
		t[vals + 3] = 0x80;
		expect_bin_error("value mant", t, len, GR_ERR_BINARY, (long) vals + 3, "more than 18 digits");
	}
#undef RESET
	free(t);
}

/*
 * Single-byte changes to the binary form: each is either rejected or
 * decodes to a report that re-encodes to exactly those bytes.
 */
static void
test_binary_mutations(void)
{
	gr_report  *r = sample_report();
	size_t		len,
				i;
	uint8_t    *b = gr_report_to_binary(&mem, r, &len);
	static const uint8_t xors[] = {0x01, 0x80, 0xFF, 0x10};
	int			bad = 0;
	size_t		k;

	for (i = 0; i < len; i++)
		for (k = 0; k < sizeof(xors); k++)
		{
			uint8_t    *t = malloc(len);
			gr_arena   *a2 = gr_arena_create();
			gr_mem		m2 = gr_arena_mem(a2);
			gr_error	err;
			gr_report  *back;

			/* every byte outside the cells, a stride through the cells */
			if (i >= 400 && i + 300 < len && i % 7 != 0)
			{
				free(t);
				gr_arena_destroy(a2);
				continue;
			}
			memcpy(t, b, len);
			t[i] ^= xors[k];
			back = gr_report_from_binary(&m2, t, len, &err);
			if (back)
			{
				size_t		l2;
				uint8_t    *again = gr_report_to_binary(&m2, back, &l2);
				size_t		jl;
				char	   *js = gr_report_to_json(&m2, back, &jl);

				if (l2 != len || memcmp(again, t, len) != 0)
					bad++;
				/* and whatever decodes, the text form accepts */
				if (gr_report_from_json(&m2, js, jl, &err) == NULL)
					bad++;
			}
			else if (err.status == GR_OK || err.offset < 0 || (size_t) err.offset > len)
				bad++;
			gr_arena_destroy(a2);
			free(t);
		}
	CHECK_EQ_INT(bad, 0);
}

/* Issue 16: every field is validated on the way in, in both forms, and the
 * text form of any value that is accepted fits the limit. */
static int	hook_calls;

static void
count_hook(void)
{
	hook_calls++;
}

static void
test_input_validation(void)
{
	gr_error	err;
	gr_report  *r;
	char	   *t;
	uint8_t    *bin;
	size_t		blen;
	static const char *const bad_dates[] = {"2023-02-31", "0000-01-01", "2023-02-29", "2100-02-29", "2023-04-31", NULL};
	static const char *const good_dates[] = {"2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", NULL};
	int			i;

	for (i = 0; bad_dates[i]; i++)
	{
		char		pub[40];

		snprintf(pub, sizeof(pub), "\"published\":\"%s\"", bad_dates[i]);
		t = replace_once(skeleton_json(), "\"published\":null", pub);
		expect_json_error_s(bad_dates[i], t, GR_ERR_SYNTAX, -1, "is not a YYYY-MM-DD date of the calendar");
		free(t);
		/* the binary form of the same value */
		r = gr_report_new(&mem, tpl2021());
		memcpy(r->published, bad_dates[i], 11);
		bin = gr_report_to_binary(&mem, r, &blen);
		CHECK(gr_report_from_binary(&mem, bin, blen, &err) == NULL);
		CHECK_EQ_INT(err.status, GR_ERR_BINARY);
		CHECK(strstr(err.detail, "published at byte 7") != NULL);
	}
	for (i = 0; good_dates[i]; i++)
	{
		char		pub[40];

		snprintf(pub, sizeof(pub), "\"published\":\"%s\"", good_dates[i]);
		t = replace_once(skeleton_json(), "\"published\":null", pub);
		r = gr_report_from_json(&mem, t, strlen(t), &err);
		CHECK(r != NULL && strcmp(r->published, good_dates[i]) == 0);
		free(t);
	}

	/* years: 1 to 9999 */
	t = replace_once(skeleton_json(), "\"year\":null", "\"year\":10000");
	expect_json_error_s("year 10000", t, GR_ERR_SYNTAX, 38, "year 10000 at byte 38 is out of range (1 to 9999");
	free(t);
	t = replace_once(skeleton_json(), "\"year\":null", "\"year\":-1");
	expect_json_error_s("year -1", t, GR_ERR_SYNTAX, 38, "year -1 at byte 38 is out of range");
	free(t);

	/* lines: int32, as cells() shows them */
	t = replace_once(skeleton_json(), "\"line\":0}", "\"line\":4294967295}");
	expect_json_error_s("line 2^32-1", t, GR_ERR_SYNTAX, -1, "line 4294967295 at byte");
	free(t);
	r = gr_report_new(&mem, tpl2021());
	r->cells[0].line = 4294967295u;
	bin = gr_report_to_binary(&mem, r, &blen);
	CHECK(gr_report_from_binary(&mem, bin, blen, &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_BINARY);
	CHECK(strstr(err.detail, "line 4294967295 exceeds 2147483647") != NULL);
	r->cells[0].line = 2147483647u;
	bin = gr_report_to_binary(&mem, r, &blen);
	CHECK(gr_report_from_binary(&mem, bin, blen, &err) != NULL);

	/* values stored before these checks stay readable as stored datums */
	r->cells[0].line = 4294967295u;
	r->year = -3;
	memcpy(r->published, "2023-02-31", 11);
	bin = gr_report_to_binary(&mem, r, &blen);
	CHECK(gr_report_from_binary(&mem, bin, blen, &err) == NULL);
	r = gr_report_from_stored(&mem, bin, blen, &err);
	CHECK(r != NULL && r->cells[0].line == 4294967295u && r->year == -3 && strcmp(r->published, "2023-02-31") == 0);
	bin = gr_report_to_binary(&mem, gr_report_new(&mem, NULL), &blen);
	CHECK(gr_report_from_stored(&mem, bin, blen, &err) != NULL);
	/* ... but not malformed ones */
	CHECK(gr_report_from_stored(&mem, bin, blen - 1, &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_BINARY);

	/* the text form's size: at the limit accepted, one byte over refused,
	 * in both forms; the reader polls the interrupt hook */
	{
		char	   *skel = skeleton_json();
		size_t		base = strlen(skel) + strlen("{\"code\":\"c\",\"location\":\"\",\"message\":\"\",\"values\":[]}");
		size_t		fill = GR_MAX_TEXT_FORM_BYTES - base;
		char	   *msg = malloc(fill + 2);
		char	   *text;
		size_t		tlen;
		gr_report  *back;

		memset(msg, 'm', fill + 1);
		msg[fill] = '\0';
		r = gr_report_from_json(&mem, skel, strlen(skel), &err);
		CHECK(r != NULL);
		gr_report_add_finding(&mem, r, "c", "", "%s", msg);
		CHECK_EQ_INT(gr_report_json_length(r), GR_MAX_TEXT_FORM_BYTES);
		CHECK(gr_report_check_size(r, &err));
		text = gr_report_to_json(&mem, r, &tlen);
		CHECK_EQ_INT(tlen, GR_MAX_TEXT_FORM_BYTES);
		hook_calls = 0;
		back = gr_report_from_json_checked(&mem, text, tlen, count_hook, &err);
		CHECK(back != NULL);
		CHECK(hook_calls >= 2);
		bin = gr_report_to_binary(&mem, r, &blen);
		back = gr_report_from_binary(&mem, bin, blen, &err);
		CHECK(back != NULL && gr_report_check_size(back, &err));

		/* one more byte, and one escaped control character (6 bytes) */
		msg[fill] = 'm';
		msg[fill + 1] = '\0';
		r->findings[0].message = msg;
		CHECK(!gr_report_check_size(r, &err));
		CHECK_EQ_INT(err.status, GR_ERR_LIMIT);
		CHECK(strstr(err.detail, "would be 16777217 bytes; the limit is 16777216 bytes") != NULL);
		text = gr_report_to_json(&mem, r, &tlen);
		CHECK(gr_report_from_json(&mem, text, tlen, &err) == NULL);
		CHECK_EQ_INT(err.status, GR_ERR_LIMIT);
		msg[fill] = '\0';
		msg[0] = '\x01';
		CHECK(!gr_report_check_size(r, &err));
		free(msg);
	}
}

void		suite_serial(void);

void
suite_serial(void)
{
	arena = gr_arena_create();
	mem = gr_arena_mem(arena);
	if (tpl2021() == NULL || tpl2021()->ncells != 200)
	{
		CHECK(tpl2021() != NULL);
		gr_arena_destroy(arena);
		return;
	}
	test_json_write();
	test_json_roundtrip();
	test_json_reject();
	test_json_mutations();
	test_binary();
	test_binary_mutations();
	test_input_validation();
	gr_arena_destroy(arena);
}
