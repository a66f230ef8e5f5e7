/* test_value.c — memory, errors, states, decimal numbers and the report object. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static void
test_arena(void)
{
	gr_arena   *a = gr_arena_create();
	gr_mem		m = gr_arena_mem(a);
	unsigned char *p;
	unsigned char *big;
	char	   *s;
	size_t		i;
	int			k;
	int			zero = 1;

	CHECK_EQ_INT(gr_arena_bytes(a), 0);
	p = gr_alloc(&m, 100);
	CHECK(p != NULL);
	CHECK_EQ_INT(((uintptr_t) p) % 16, 0);
	for (i = 0; i < 100; i++)
		zero &= p[i] == 0;
	CHECK(zero);
	memset(p, 0xAB, 100);
	CHECK_EQ_INT(gr_arena_bytes(a), 100);

	/* a big allocation gets its own chunk and is zeroed too */
	big = gr_alloc(&m, 1000000);
	zero = 1;
	for (i = 0; i < 1000000; i++)
		zero &= big[i] == 0;
	CHECK(zero);
	memset(big, 0xCD, 1000000);
	CHECK_EQ_INT(gr_arena_bytes(a), 1000100);

	/* many small ones spanning several chunks, all distinct and zeroed */
	zero = 1;
	for (k = 0; k < 5000; k++)
	{
		unsigned char *q = gr_alloc(&m, 37);

		for (i = 0; i < 37; i++)
			zero &= q[i] == 0;
		memset(q, 0xEF, 37);
	}
	CHECK(zero);
	CHECK_EQ_INT(gr_arena_bytes(a), 1000100 + 5000 * 37);
	/* the first allocation was not disturbed */
	CHECK_EQ_INT(p[0], 0xAB);
	CHECK_EQ_INT(p[99], 0xAB);

	/* zero-size requests still return distinct pointers */
	CHECK(gr_alloc(&m, 0) != gr_alloc(&m, 0));

	s = gr_strdup(&m, "报告 report");
	CHECK_EQ_STR(s, "报告 report");
	s = gr_strndup(&m, "abcdef", 3);
	CHECK_EQ_STR(s, "abc");
	s = gr_strndup(&m, "ab\0cd", 5);
	CHECK_EQ_STR(s, "ab");
	CHECK(gr_strdup(&m, NULL) == NULL);
	gr_arena_destroy(a);
	gr_arena_destroy(NULL);
}

static void
test_errors(void)
{
	gr_error	e;
	static const struct
	{
		gr_status	st;
		const char *msg;
	}			msgs[] = {
		{GR_ERR_SYNTAX, "invalid govreport.report text"},
		{GR_ERR_BINARY, "invalid govreport.report binary data"},
		{GR_ERR_VERSION, "unsupported govreport.report format version"},
		{GR_ERR_ENCODING, "document is not valid UTF-8"},
		{GR_ERR_EMPTY, "document is empty"},
		{GR_ERR_NOT_REPORT, "document is not a government information disclosure annual report"},
		{GR_ERR_LIMIT, "document exceeds a govreport limit"},
		{GR_ERR_RANGE, "number out of range"},
	};
	size_t		i;

	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
	{
		memset(&e, 0x55, sizeof(e));
		gr_error_set(&e, msgs[i].st, 42, "at byte %d: %s", 42, "x");
		CHECK_EQ_INT(e.status, msgs[i].st);
		CHECK_EQ_STR(e.message, msgs[i].msg);
		CHECK_EQ_STR(e.detail, "at byte 42: x");
		CHECK_EQ_INT(e.offset, 42);
	}
	gr_error_set(&e, GR_ERR_SYNTAX, -1, NULL);
	CHECK_EQ_STR(e.detail, "");
	CHECK_EQ_INT(e.offset, -1);
	/* a long detail is cut, not overflowed */
	{
		char		longs[2000];

		memset(longs, 'x', sizeof(longs) - 1);
		longs[sizeof(longs) - 1] = '\0';
		gr_error_set(&e, GR_ERR_LIMIT, 0, "%s", longs);
		CHECK_EQ_INT(strlen(e.detail), sizeof(e.detail) - 1);
	}
	gr_error_set(NULL, GR_ERR_SYNTAX, 0, "ignored");
}

static void
test_states(void)
{
	CHECK_EQ_STR(gr_state_name(GR_ABSENT), "absent");
	CHECK_EQ_STR(gr_state_name(GR_BLANK), "blank");
	CHECK_EQ_STR(gr_state_name(GR_REPORTED), "reported");
	CHECK_EQ_STR(gr_state_name(GR_INFERRED), "inferred");
	CHECK(gr_state_name((gr_state) 4) == NULL);
	CHECK_EQ_INT(gr_state_from_name("absent", 6), GR_ABSENT);
	CHECK_EQ_INT(gr_state_from_name("blank", 5), GR_BLANK);
	CHECK_EQ_INT(gr_state_from_name("reported", 8), GR_REPORTED);
	CHECK_EQ_INT(gr_state_from_name("inferred", 8), GR_INFERRED);
	CHECK_EQ_INT(gr_state_from_name("reportedx", 8), GR_REPORTED);	/* len bounds it */
	CHECK_EQ_INT(gr_state_from_name("report", 6), -1);
	CHECK_EQ_INT(gr_state_from_name("Blank", 5), -1);
	CHECK_EQ_INT(gr_state_from_name("", 0), -1);
}

static gr_num
num(int64_t mant, int scale)
{
	gr_num		n;

	n.mant = mant;
	n.scale = (uint8_t) scale;
	return n;
}

static void
check_format(int64_t mant, int scale, const char *want)
{
	char		buf[64];
	int			n = gr_num_format(num(mant, scale), buf, sizeof(buf));
	gr_num		back;

	CHECK_EQ_STR(buf, want);
	CHECK_EQ_INT(n, strlen(want));
	/* what format writes, parse reads back to the same value */
	CHECK(gr_num_parse(buf, strlen(buf), &back));
	CHECK_EQ_INT(back.mant, mant);
	CHECK_EQ_INT(back.scale, scale);
}

static void
check_parse(const char *s, int64_t mant, int scale)
{
	gr_num		v = num(-1, 99);
	char		buf[64];

	CHECK(gr_num_parse(s, strlen(s), &v));
	CHECK_EQ_INT(v.mant, mant);
	CHECK_EQ_INT(v.scale, scale);
	gr_num_format(v, buf, sizeof(buf));
	CHECK_EQ_STR(buf, s);
}

static void
check_reject(const char *s)
{
	gr_num		v;

	if (gr_num_parse(s, strlen(s), &v))
		printf("  accepted \"%s\" but should not\n", s);
	CHECK(!gr_num_parse(s, strlen(s), &v));
}

static void
test_numbers(void)
{
	char		small[4];

	check_format(773028, 2, "7730.28");
	check_format(50, 1, "5.0");
	check_format(-8, 0, "-8");
	check_format(0, 0, "0");
	check_format(0, 2, "0.00");
	check_format(5, 1, "0.5");
	check_format(-5, 3, "-0.005");
	check_format(1, 6, "0.000001");
	check_format(1036, 0, "1036");
	check_format(INT64_C(999999999999999999), 0, "999999999999999999");
	check_format(INT64_C(-999999999999999999), 6, "-999999999999.999999");
	check_format(INT64_C(100000000000000000), 6, "100000000000.000000");

	/* snprintf-like truncation */
	CHECK_EQ_INT(gr_num_format(num(773028, 2), small, sizeof(small)), 7);
	CHECK_EQ_STR(small, "773");
	/* INT64_MIN does not overflow (it is out of range, but must not crash) */
	{
		char		buf[64];

		gr_num_format(num(INT64_MIN, 0), buf, sizeof(buf));
		CHECK_EQ_STR(buf, "-9223372036854775808");
	}

	check_parse("0", 0, 0);
	check_parse("7", 7, 0);
	check_parse("-8", -8, 0);
	check_parse("7730.28", 773028, 2);
	check_parse("5.0", 50, 1);
	check_parse("0.5", 5, 1);
	check_parse("-0.5", -5, 1);
	check_parse("0.000", 0, 3);
	check_parse("123456789012345678", INT64_C(123456789012345678), 0);
	check_parse("-123456789012.345678", INT64_C(-123456789012345678), 6);
	check_parse("0.123456", 123456, 6);

	check_reject("");
	check_reject("-");
	check_reject("01");
	check_reject("00");
	check_reject("-01");
	check_reject("00.5");
	check_reject("-0");
	check_reject("-0.0");
	check_reject("-0.000");
	check_reject("1234567890123456789");	/* 19 digits */
	check_reject("1234567890123.456789");	/* 19 digits with a point */
	check_reject("1.");
	check_reject(".5");
	check_reject("+1");
	check_reject("1.1234567");	/* scale 7 */
	check_reject("1e5");
	check_reject("1,000");
	check_reject(" 1");
	check_reject("1 ");
	check_reject("1.2.3");
	check_reject("--1");
	check_reject("0x10");
	check_reject("١");			/* non-ASCII digit */
	/* len bounds the input: "12" read as "1" */
	{
		gr_num		v;

		CHECK(gr_num_parse("12", 1, &v));
		CHECK_EQ_INT(v.mant, 1);
		CHECK(!gr_num_parse("1\0", 2, &v));
	}

	/* exact comparison across scales */
	CHECK_EQ_INT(gr_num_cmp(num(50, 1), num(5, 0)), 0);
	CHECK_EQ_INT(gr_num_cmp(num(5, 0), num(500000, 5)), 0);
	CHECK_EQ_INT(gr_num_cmp(num(773028, 2), num(7730280, 3)), 0);
	CHECK_EQ_INT(gr_num_cmp(num(773028, 2), num(7730281, 3)), -1);
	CHECK_EQ_INT(gr_num_cmp(num(7730281, 3), num(773028, 2)), 1);
	CHECK_EQ_INT(gr_num_cmp(num(-1, 0), num(0, 0)), -1);
	CHECK_EQ_INT(gr_num_cmp(num(-5, 1), num(-4, 1)), -1);
	CHECK_EQ_INT(gr_num_cmp(num(-5, 1), num(-1, 0)), 1);
	CHECK_EQ_INT(gr_num_cmp(num(-15, 1), num(-1, 0)), -1);
	CHECK_EQ_INT(gr_num_cmp(num(-1, 6), num(1, 6)), -1);
	CHECK_EQ_INT(gr_num_cmp(num(0, 3), num(0, 0)), 0);
	/* values where scaling up by 10^6 would overflow int64 */
	CHECK_EQ_INT(gr_num_cmp(num(INT64_C(999999999999999999), 0),
							num(INT64_C(999999999999999999), 6)), 1);
	CHECK_EQ_INT(gr_num_cmp(num(INT64_C(999999999999999999), 6),
							num(INT64_C(999999999999999999), 0)), -1);
	CHECK_EQ_INT(gr_num_cmp(num(INT64_C(-999999999999999999), 0),
							num(INT64_C(-999999999999999999), 6)), -1);
	CHECK_EQ_INT(gr_num_cmp(num(INT64_C(999999999999), 0),
							num(INT64_C(999999999999000000), 6)), 0);
	CHECK_EQ_INT(gr_num_cmp(num(INT64_C(999999999999), 0),
							num(INT64_C(999999999999000001), 6)), -1);
	CHECK_EQ_INT(gr_num_cmp(num(INT64_C(999999999998), 0),
							num(INT64_C(999999999998999999), 6)), -1);
	CHECK_EQ_INT(gr_num_cmp(num(INT64_MAX, 0), num(INT64_MIN, 0)), 1);
	CHECK_EQ_INT(gr_num_cmp(num(INT64_MIN, 6), num(INT64_MIN, 0)), 1);
}

static void
test_report(void)
{
	gr_arena   *a = gr_arena_create();
	gr_mem		m = gr_arena_mem(a);
	gr_report  *r = gr_report_new(&m, NULL);
	const gr_template *tpl = gr_template_by_name("2021", 4);
	gr_finding *f;
	char		code[16] = "code_a";
	char		loc[16] = "t3.granted";
	int			i;
	int			all_absent = 1;

	CHECK(r != NULL);
	CHECK(r->tpl == NULL);
	CHECK_EQ_INT(r->ncells, 0);
	CHECK_EQ_INT(r->nfindings, 0);
	CHECK_EQ_INT(r->year, 0);
	CHECK_EQ_STR(r->published, "");
	CHECK(r->agency == NULL && r->title == NULL);

	CHECK(tpl != NULL);
	if (tpl)
	{
		r = gr_report_new(&m, tpl);
		CHECK(r->tpl == tpl);
		CHECK_EQ_INT(r->ncells, tpl->ncells);
		CHECK_EQ_INT(r->ncells, 200);
		for (i = 0; i < r->ncells; i++)
			all_absent &= r->cells[i].state == GR_ABSENT && r->cells[i].value.mant == 0 &&
				r->cells[i].value.scale == 0 && r->cells[i].line == 0;
		CHECK(all_absent);
	}

	f = gr_report_add_finding(&m, r, code, loc, "row %s printed %d numbers for %d cells", "granted", 6, 7);
	strcpy(code, "changed");
	strcpy(loc, "changed");
	CHECK_EQ_STR(f->code, "code_a");
	CHECK_EQ_STR(f->location, "t3.granted");
	CHECK_EQ_STR(f->message, "row granted printed 6 numbers for 7 cells");
	CHECK_EQ_INT(f->nvalues, 0);
	CHECK(f->values == NULL);
	/* grow well past the first capacity; earlier findings survive */
	for (i = 1; i < 100; i++)
	{
		char		big[600];

		memset(big, 'y', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		f = gr_report_add_finding(&m, r, "n", "l", "%d:%s", i, i == 50 ? big : "");
	}
	CHECK_EQ_INT(r->nfindings, 100);
	CHECK(r->findings_cap >= 100);
	CHECK_EQ_STR(r->findings[0].message, "row granted printed 6 numbers for 7 cells");
	CHECK_EQ_STR(r->findings[99].message, "99:");
	CHECK_EQ_INT(strlen(r->findings[50].message), 3 + 599);
	CHECK_EQ_STR(r->findings[7].code, "n");
	f = gr_report_add_finding(&m, r, NULL, NULL, "%s", "x");
	CHECK_EQ_STR(f->code, "");
	CHECK_EQ_STR(f->location, "");
	gr_arena_destroy(a);
}

void		suite_value(void);

void
suite_value(void)
{
	test_arena();
	test_errors();
	test_states();
	test_numbers();
	test_report();
}
