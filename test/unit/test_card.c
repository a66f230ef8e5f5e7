/*
 * test_card.c — the report card's HTML (layout, states, marks) and its
 * escaping, and corrections applied to a report value.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static gr_report *
parse_file(gr_mem *mem, const char *path)
{
	size_t		len;
	char	   *data = unit_read_file(path, &len);
	gr_error	err;
	gr_report  *rep;

	CHECK(data != NULL);
	if (data == NULL)
		return NULL;
	memset(&err, 0, sizeof(err));
	rep = gr_parse_document(mem, data, len, NULL, &err);
	CHECK(rep != NULL);
	free(data);
	return rep;
}

static int
count(const char *hay, const char *needle)
{
	int			n = 0;
	size_t		len = strlen(needle);

	for (hay = strstr(hay, needle); hay; hay = strstr(hay + len, needle))
		n++;
	return n;
}

/* The opening tag of the cell with this key, or "" */
static const char *
cell_tag(gr_mem *mem, const char *html, const char *key)
{
	char		needle[96];
	const char *id,
			   *start,
			   *end;

	snprintf(needle, sizeof(needle), " id=\"%s\"", key);
	id = strstr(html, needle);
	if (id == NULL)
		return "";
	for (start = id; start > html && *start != '<'; start--)
		;
	end = strchr(id, '>');
	return end ? gr_strndup(mem, start, (size_t) (end - start + 1)) : "";
}

static void
test_escape(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	const char	bad[] = "a\xff" "b";

	CHECK_EQ_STR(gr_html_escape(&mem, "<script>alert(1)</script>", 25),
				 "&lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK_EQ_STR(gr_html_escape(&mem, "\"><img src=x onerror='x'>", 25),
				 "&quot;&gt;&lt;img src=x onerror=&#39;x&#39;&gt;");
	CHECK_EQ_STR(gr_html_escape(&mem, "R&D 机关", strlen("R&D 机关")), "R&amp;D 机关");
	/* control characters dropped, a byte that is not UTF-8 replaced */
	CHECK_EQ_STR(gr_html_escape(&mem, "x\x01y", 3), "xy");
	CHECK_EQ_STR(gr_html_escape(&mem, bad, 3), "a\xEF\xBF\xBD" "b");
	CHECK_EQ_STR(gr_html_escape(&mem, "", 0), "");
	gr_arena_destroy(arena);
}

static void
test_sample_card(gr_mem *mem, gr_report *rep)
{
	gr_error	err;
	char	   *html;
	size_t		len = 0;
	int			i,
				inferred = 0;

	memset(&err, 0, sizeof(err));
	html = gr_report_card(mem, rep, NULL, &len, &err);
	CHECK(html != NULL);
	if (html == NULL)
	{
			return;
	}
	CHECK_EQ_INT(strlen(html), len);
	CHECK(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	/* self-contained: no script, no external resource */
	CHECK(strstr(html, "<script") == NULL);
	CHECK(strstr(html, "http://") == NULL && strstr(html, "https://") == NULL);
	CHECK(strstr(html, "<link") == NULL && strstr(html, "<img") == NULL);
	/* the official layout from the template data */
	CHECK(strstr(html, "<th class=\"col-group\" colspan=\"5\">法人或其他组织</th>") != NULL);
	CHECK(strstr(html, "<th class=\"row-group\" colspan=\"10\">行政诉讼</th>") != NULL);
	CHECK(strstr(html, "<th class=\"row\" colspan=\"5\">未经复议直接起诉</th>") != NULL);
	CHECK(strstr(html, "第二十条第（一）项") != NULL && strstr(html, "第二十条第（八）项") != NULL);
	CHECK(strstr(html, "rowspan=\"22\">三、本年度办理结果</th>") != NULL);
	CHECK(strstr(html, "rowspan=\"8\">（三）不予公开</th>") != NULL);
	/* every cell once, with its state as a class */
	for (i = 0; i < rep->ncells; i++)
	{
		const char *tag = cell_tag(mem, html, rep->tpl->cells[i].key);
		char		cls[48];

		snprintf(cls, sizeof(cls), "s-%s", gr_state_name((gr_state) rep->cells[i].state));
		CHECK(strstr(tag, cls) != NULL);
		inferred += rep->cells[i].state == GR_INFERRED;
	}
	CHECK(inferred > 0);
	CHECK_EQ_INT(count(html, "<td class=\"v s-inferred\" id=\"t"), inferred);
	/* a consistent report: nothing marked outside the legend */
	CHECK(strstr(html, "data-failing-errors=\"0\"") != NULL);
	CHECK_EQ_INT(count(html, " fail\" id="), 0);
	CHECK(strstr(html, "legend") != NULL);
	/* findings with their lines */
	CHECK(strstr(html, "t3.granted, line 35") != NULL);
}

static void
test_broken_total_and_corrections(gr_mem *mem, gr_report *rep)
{
	gr_report  *fixed;
	gr_correction corr[2];
	gr_card_options opts;
	gr_error	err;
	const char *tag;
	char	   *html;
	int			cell,
				total;

	memset(&err, 0, sizeof(err));
	total = gr_template_find_cell(rep->tpl, "t3.received.total", 17);
	CHECK(total >= 0);
	/* break one total: 90 -> 91 */
	memset(corr, 0, sizeof(corr));
	corr[0].cell = total;
	corr[0].value.mant = 91;
	corr[0].note = "reviewer <b>x</b>";
	memset(&opts, 0, sizeof(opts));
	opts.corrections = corr;
	opts.ncorrections = 1;
	html = gr_report_card(mem, rep, &opts, NULL, &err);
	CHECK(html != NULL);
	if (html == NULL)
	{
			return;
	}
	tag = cell_tag(mem, html, "t3.received.total");
	CHECK(strstr(tag, " fail") != NULL);
	CHECK(strstr(tag, " suspect") != NULL);
	CHECK(strstr(tag, " corrected") != NULL);
	CHECK(strstr(tag, "tabindex=\"0\"") != NULL);
	CHECK(strstr(tag, "t3_row_sum [suspect]") != NULL);
	CHECK(strstr(html, "<del>90</del><ins>91</ins>") != NULL);
	CHECK(strstr(html, "reviewer &lt;b&gt;x&lt;/b&gt;") != NULL);
	CHECK(strstr(html, "reviewer <b>") == NULL);
	CHECK(strstr(html, "id=\"corrected-note\"") != NULL);
	/* the other cells of the row take part, but are not the suspect */
	tag = cell_tag(mem, html, "t3.received.natural_person");
	CHECK(strstr(tag, " fail") != NULL && strstr(tag, " suspect") == NULL);
	CHECK(strstr(html, "data-suspects=\"1\"") != NULL);
	CHECK(strstr(html, "<td><a href=\"#t3.received.total\">t3.received.total</a></td>") != NULL);

	/* applying: the copy changes, the original does not; blank corrections */
	corr[1].cell = gr_template_find_cell(rep->tpl, "t3.granted.total", 16);
	corr[1].blank = true;
	fixed = gr_report_apply_corrections(mem, rep, corr, 2, &err);
	CHECK(fixed != NULL);
	if (fixed)
	{
		CHECK_EQ_INT(fixed->cells[total].value.mant, 91);
		CHECK_EQ_INT(fixed->cells[total].state, GR_REPORTED);
		CHECK_EQ_INT(fixed->cells[total].line, rep->cells[total].line);
		CHECK_EQ_INT(rep->cells[total].value.mant, 90);
		CHECK_EQ_INT(fixed->cells[corr[1].cell].state, GR_BLANK);
		CHECK(!gr_report_consistent(mem, fixed));
	}
	cell = corr[1].cell;
	CHECK_EQ_INT(rep->cells[cell].state, GR_INFERRED);
	corr[1].cell = 9999;
	CHECK(gr_report_apply_corrections(mem, rep, corr, 2, &err) == NULL);
	CHECK(gr_report_card(mem, rep, &(gr_card_options) {corr, 2, NULL}, NULL, &err) == NULL);
}

static void
test_hostile_strings(gr_mem *mem, gr_report *rep)
{
	gr_error	err;
	char	   *html;

	memset(&err, 0, sizeof(err));
	rep->agency = "<script>document.title='pwned'</script>";
	rep->title = "\"><img src=x onerror=\"document.title='pwned'\">";
	gr_report_add_finding(mem, rep, "<b>code</b>", "'\"><svg onload=x>", "</td></tr></table><script>x</script>");
	html = gr_report_card(mem, rep, NULL, NULL, &err);
	CHECK(html != NULL);
	if (html)
	{
		CHECK(strstr(html, "<script") == NULL);
		CHECK(strstr(html, "<img") == NULL);
		CHECK(strstr(html, "<svg") == NULL);
		CHECK(strstr(html, "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;") != NULL);
		CHECK(strstr(html, "<title>&quot;&gt;&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;</title>") != NULL);
		CHECK(strstr(html, "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;") != NULL);
	}
}

static void
test_legacy_card(gr_mem *mem, gr_report *rep)
{
	gr_error	err;
	char	   *html;

	memset(&err, 0, sizeof(err));
	if (rep != NULL)
	{
		html = gr_report_card(mem, rep, NULL, NULL, &err);
		CHECK(html != NULL && strstr(html, "id=\"no-tables\"") != NULL);
		CHECK(html != NULL && strstr(html, "<table class=\"report-table\"") == NULL);
		CHECK(html != NULL && strstr(html, "</html>") != NULL);
	}
}

/* The 2019 template's table 2: five blocks, （九）项 with its own columns. */
static void
test_2019_card(gr_mem *mem, gr_report *rep)
{
	gr_error	err;
	char	   *html;

	memset(&err, 0, sizeof(err));
	CHECK_EQ_STR(rep->tpl->name, "2019");
	html = gr_report_card(mem, rep, NULL, NULL, &err);
	CHECK(html != NULL);
	if (html == NULL)
		return;
	CHECK_EQ_INT(count(html, "<th class=\"block\""), 5);
	CHECK(strstr(html, "<th class=\"block\" colspan=\"4\">第二十条第（九）项</th>") != NULL);
	CHECK(strstr(html, "<th>采购项目数量</th><th colspan=\"2\">采购总金额</th>") != NULL);
	CHECK(strstr(html, " id=\"t2.procurement.amount\"") != NULL);
	/* 2019's （六）其他处理 is one row under 三、本年度办理结果 */
	CHECK(strstr(html, "rowspan=\"20\">三、本年度办理结果</th>") != NULL);
	CHECK(strstr(html, "<th class=\"row\" colspan=\"2\">（六）其他处理</th>") != NULL);
}

/* Runs a test on the report parsed from path, in an arena of its own. */
static void
on_report(const char *path, void (*test) (gr_mem *, gr_report *))
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = parse_file(&mem, path);

	if (rep != NULL)
		test(&mem, rep);
	gr_arena_destroy(arena);
}

void		suite_card(void);

void
suite_card(void)
{
	test_escape();
	on_report("data/sample-report.txt", test_sample_card);
	on_report("data/sample-report.txt", test_broken_total_and_corrections);
	on_report("data/sample-report.txt", test_hostile_strings);
	on_report("test/fixtures/templates/legacy-2016.txt", test_legacy_card);
	on_report("test/fixtures/templates/2020-on-2019.txt", test_2019_card);
}
