/*
 * test_html.c — HTML pages through libxml2 (html.c) and what the
 * recogniser makes of them.
 *
 * Small pages written inline check the grid the lexer builds: spans
 * expanded and flagged, text joined inside cells, paragraphs, ignored
 * markup, layout tables.  The fixtures in test/fixtures/html/ (our own
 * prose and figures, see the README there) are whole reports in the shapes
 * real pages take, checked cell by cell.  The unit binary runs from the
 * repository root.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "gr_internal.h"

#define FIXTURES "test/fixtures/html/"

/* ------------------------------------------------------------- the figures */

/* Every fixture report prints these numbers (blank cells aside). */
static const char *const t3_rows[25] = {
	"received", "carried_over", "granted", "partly_granted", "denied_state_secret",
	"denied_prohibited_by_law", "denied_security_stability", "denied_third_party",
	"denied_internal_affairs", "denied_process_info", "denied_enforcement_file",
	"denied_inquiry_matter", "unavailable_not_held", "unavailable_needs_creation",
	"unavailable_unclear", "rejected_petition", "rejected_repeat", "rejected_publication",
	"rejected_excessive", "rejected_confirmation", "other_no_correction", "other_no_fee",
	"other_misc", "concluded", "carried_forward"
};
static const char *const t3_cols[7] = {
	"natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"
};
static const int t3_values[25][7] = {
	{30, 4, 0, 1, 0, 2, 37}, {2, 0, 0, 0, 0, 0, 2}, {15, 2, 0, 1, 0, 1, 19}, {3, 0, 0, 0, 0, 0, 3},
	{0, 0, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0}, {1, 1, 0, 0, 0, 0, 2},
	{0, 0, 0, 0, 0, 0, 0}, {2, 0, 0, 0, 0, 0, 2}, {0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0},
	{5, 1, 0, 0, 0, 1, 7}, {1, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0, 1},
	{1, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0},
	{1, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0}, {31, 4, 0, 1, 0, 2, 38},
	{1, 0, 0, 0, 0, 0, 1}
};

typedef struct keyval
{
	const char *key;
	const char *value;			/* canonical number */
} keyval;

static const keyval t2_t4_values[] = {
	{"t2.rules.issued", "1"}, {"t2.rules.repealed", "0"}, {"t2.rules.in_force", "3"},
	{"t2.normative_documents.issued", "12"}, {"t2.normative_documents.repealed", "2"},
	{"t2.normative_documents.in_force", "41"}, {"t2.licensing.decisions", "37"},
	{"t2.penalty.decisions", "5"}, {"t2.coercion.decisions", "0"}, {"t2.fees.amount", "1.25"},
	{"t4.review.upheld", "2"}, {"t4.review.corrected", "1"}, {"t4.review.other", "0"},
	{"t4.review.pending", "1"}, {"t4.review.total", "4"},
	{"t4.litigation_direct.upheld", "1"}, {"t4.litigation_direct.corrected", "0"},
	{"t4.litigation_direct.other", "0"}, {"t4.litigation_direct.pending", "0"},
	{"t4.litigation_direct.total", "1"},
	{"t4.litigation_after_review.upheld", "0"}, {"t4.litigation_after_review.corrected", "0"},
	{"t4.litigation_after_review.other", "0"}, {"t4.litigation_after_review.pending", "1"},
	{"t4.litigation_after_review.total", "1"},
};

/* ----------------------------------------------------------------- helpers */

static const gr_cell *
cell_of(const gr_report *rep, const char *key)
{
	int			i = gr_template_find_cell(rep->tpl, key, strlen(key));

	return i < 0 ? NULL : &rep->cells[i];
}

/* The cell is reported with the value, or blank when value is NULL. */
static void
expect_cell(const gr_report *rep, const char *key, const char *value)
{
	const gr_cell *c = cell_of(rep, key);
	char		buf[48] = "";

	unit_current = key;
	CHECK(c != NULL);
	if (c == NULL)
		return;
	if (value == NULL)
		CHECK_EQ_STR(gr_state_name((gr_state) c->state), "blank");
	else
	{
		CHECK_EQ_STR(gr_state_name((gr_state) c->state), "reported");
		gr_num_format(c->value, buf, sizeof(buf));
		CHECK_EQ_STR(buf, value);
	}
}

static bool
listed(const char *const *keys, const char *key)
{
	for (; keys && *keys; keys++)
		if (strcmp(*keys, key) == 0)
			return true;
	return false;
}

/* Every cell of the fixture figures, except those listed as blank. */
static void
expect_figures(const gr_report *rep, const char *const *blank, const char *suite)
{
	int			r,
				c;
	size_t		i;

	for (r = 0; r < 25; r++)
		for (c = 0; c < 7; c++)
		{
			char		key[96],
						val[16];

			snprintf(key, sizeof(key), "t3.%s.%s", t3_rows[r], t3_cols[c]);
			snprintf(val, sizeof(val), "%d", t3_values[r][c]);
			expect_cell(rep, key, listed(blank, key) ? NULL : val);
		}
	for (i = 0; i < sizeof(t2_t4_values) / sizeof(t2_t4_values[0]); i++)
		expect_cell(rep, t2_t4_values[i].key, listed(blank, t2_t4_values[i].key) ? NULL : t2_t4_values[i].value);
	unit_current = suite;
}

static int
count_findings(const gr_report *rep, const char *code)
{
	int			i,
				n = 0;

	for (i = 0; i < rep->nfindings; i++)
		if (strcmp(rep->findings[i].code, code) == 0)
			n++;
	return n;
}

/* None of the findings that say a row or table was misread. */
static void
expect_clean(const gr_report *rep)
{
	static const char *const codes[] = {
		"too_many_values", "stray_numbers", "unplaced_row", "row_out_of_order", "duplicate_row",
		"rows_absent", "table_absent", "short_row_unplaced", "short_row_ambiguous",
		"short_row_impossible", "short_row_inferred", NULL
	};
	int			i;

	for (i = 0; codes[i]; i++)
		CHECK_EQ_INT(count_findings(rep, codes[i]), 0);
}

static gr_report *
parse_fixture(gr_mem *mem, const char *name)
{
	char		path[256];
	size_t		len = 0;
	char	   *data;
	char	   *copy;
	gr_error	err;
	gr_report  *rep;

	snprintf(path, sizeof(path), FIXTURES "%s", name);
	data = unit_read_file(path, &len);
	CHECK(data != NULL);
	if (data == NULL)
		return NULL;
	copy = gr_strndup(mem, data, len);
	free(data);
	memset(&err, 0, sizeof(err));
	rep = gr_parse_document(mem, copy, len, NULL, &err);
	if (rep == NULL)
		printf("FAIL [%s] %s: %s (%s)\n", unit_current, name, err.message, err.detail);
	CHECK(rep != NULL);
	return rep;
}

static bool
lex(gr_mem *mem, const char *html, gr_grid *grid)
{
	gr_error	err;

	memset(grid, 0, sizeof(*grid));
	return gr_lex_html(mem, html, strlen(html), grid, NULL, &err);
}

/* The grid line whose text is exactly text, or NULL. */
static const gr_line *
line_with(const gr_grid *grid, const char *text)
{
	int			i;

	for (i = 0; i < grid->nlines; i++)
		if (grid->lines[i].len == strlen(text) && memcmp(grid->lines[i].text, text, grid->lines[i].len) == 0)
			return &grid->lines[i];
	return NULL;
}

/* Index of the first line whose text contains s, or -1. */
static int
line_containing(const gr_grid *grid, const char *s)
{
	size_t		n = strlen(s),
				k;
	int			i;

	for (i = 0; i < grid->nlines; i++)
		for (k = 0; k + n <= grid->lines[i].len; k++)
			if (memcmp(grid->lines[i].text + k, s, n) == 0)
				return i;
	return -1;
}

/* "a|^b|c": the cells of a line, span copies marked with ^. */
static char *
cells_of(gr_mem *mem, const gr_line *line)
{
	size_t		n = 1;
	int			k;
	char	   *out;

	for (k = 0; k < line->ncells; k++)
		n += strlen(line->cells[k]) + 2;
	out = gr_alloc(mem, n);
	for (k = 0; k < line->ncells; k++)
	{
		if (k > 0)
			strcat(out, "|");
		if (gr_cell_is_copy(line, k))
			strcat(out, "^");
		strcat(out, line->cells[k]);
	}
	return out;
}

/* -------------------------------------------------------------- the lexer */

static void
test_cell_text(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_grid		g;
	const gr_line *l;

	CHECK(lex(&mem,
			  "<table><tr>"
			  "<td><p class=MsoNormal><span>2</span><span lang=EN-US>6</span></p></td>"
			  "<td><p>商业<br>企业</p></td>"
			  "<td><p>社会公益<o:p></o:p></p><p>组织</p></td>"
			  "<td>科研 \n  机构</td>"
			  "<td><p>&nbsp;</p></td>"
			  "<td><p><span><o:p></o:p></span></p></td>"
			  "<td>\xE3\x80\x80</td>"	/* an ideographic space */
			  "<td>&#65298;&#65301;</td>"	/* full-width digits */
			  "</tr></table>", &g));
	CHECK_EQ_INT(g.nlines, 1);
	l = &g.lines[0];
	CHECK_EQ_INT(l->origin, GR_ORIGIN_HTML);
	/* inline boundaries join with nothing, blocks and <br> with a space */
	CHECK_EQ_STR(cells_of(&mem, l), "26|商业 企业|社会公益 组织|科研 机构||||25");
	CHECK_EQ_INT(l->len, strlen("26 商业 企业 社会公益 组织 科研 机构 25"));
	CHECK(memcmp(l->text, "26 商业 企业 社会公益 组织 科研 机构 25", l->len) == 0);
	gr_arena_destroy(arena);
}

static void
test_spans(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_grid		g;

	CHECK(lex(&mem,
			  "<table>"
			  "<TR><TD ROWSPAN=2 COLSPAN=' 2'>A</TD><td>B</td></TR>"
			  "<tr><td>C</td></tr>"
			  "<tr><td>D</td><td colspan=\"2\">E</td></tr>"
			  "<tr><td>F</td><td>G</td><td rowspan=2>H</td></tr>"
			  "<tr><td>I</td></tr>"	/* ragged: no cell under G */
			  "</table>", &g));
	CHECK_EQ_INT(g.nlines, 5);
	CHECK_EQ_STR(cells_of(&mem, &g.lines[0]), "A|^A|B");
	CHECK_EQ_STR(cells_of(&mem, &g.lines[1]), "^A|^A|C");
	CHECK_EQ_STR(cells_of(&mem, &g.lines[2]), "D|E|^E");
	CHECK_EQ_STR(cells_of(&mem, &g.lines[3]), "F|G|H");
	CHECK_EQ_STR(cells_of(&mem, &g.lines[4]), "I|^|^H");
	/* the row's text names each printed cell once */
	CHECK(line_with(&g, "A B") != NULL);
	CHECK(line_with(&g, "C") != NULL);
	gr_arena_destroy(arena);
}

static void
test_paragraphs(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_grid		g;
	const gr_line *l;

	CHECK(lex(&mem,
			  "<html><head><title>示例 标题</title>"
			  "<style>p { color: red } /* 规章 9 */</style>"
			  "<script>var s = '二、主动公开政府信息情况 9 9 9';</script></head><body>"
			  "<!-- 行政许可 99 -->"
			  "<h2>一、总体情况</h2><div>行政许可 <span>3</span><span>7</span></div>"
			  "正文<br>第二行<noscript>请启用脚本</noscript>"
			  "<p>＜b＞全角尖括号＜/b＞不是标记</p>"
			  "</body></html>", &g));
	CHECK_EQ_INT(g.nlines, 6);
	CHECK(line_with(&g, "示例 标题") != NULL);
	CHECK(line_with(&g, "一、总体情况") != NULL);
	/* a paragraph is lexed like a line of text: label and number */
	l = line_with(&g, "行政许可 37");
	CHECK(l != NULL);
	if (l)
	{
		CHECK_EQ_INT(l->origin, GR_ORIGIN_LINE);
		CHECK_EQ_STR(cells_of(&mem, l), "行政许可|37");
	}
	CHECK(line_with(&g, "正文") != NULL);
	CHECK(line_with(&g, "第二行") != NULL);
	/* full-width brackets in the text are text (normalised after parsing) */
	CHECK(line_with(&g, "<b>全角尖括号</b>不是标记") != NULL);
	/* scripts, styles, comments and noscript are not text of the page */
	CHECK_EQ_INT(line_containing(&g, "9"), -1);
	CHECK_EQ_INT(line_containing(&g, "请启用脚本"), -1);
	gr_arena_destroy(arena);
}

static void
test_layout_tables(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_grid		g;
	int			before,
				inner,
				after,
				side;
	const gr_line *l;

	CHECK(lex(&mem,
			  "<table><tr>"
			  "<td>导航 首页</td>"
			  "<td><p>二、主动公开政府信息情况</p><p>说明文字</p>"
			  "<table><tr><td>规章</td><td>1</td><td>0</td><td>3</td></tr></table>"
			  "<p>三、收到和处理政府信息公开申请情况</p></td>"
			  "<td>侧栏</td>"
			  "</tr></table>", &g));
	/* no line holds the outer row: its cells became paragraphs, in order */
	CHECK_EQ_INT(line_containing(&g, "导航 首页 "), -1);
	before = line_containing(&g, "二、主动公开政府信息情况");
	inner = line_containing(&g, "规章 1 0 3");
	after = line_containing(&g, "三、收到和处理政府信息公开申请情况");
	side = line_containing(&g, "侧栏");
	CHECK(line_containing(&g, "导航 首页") >= 0 && line_containing(&g, "导航 首页") < before);
	CHECK(before >= 0 && before < line_containing(&g, "说明文字"));
	CHECK(line_containing(&g, "说明文字") < inner);
	CHECK(inner < after && after < side);
	l = inner >= 0 ? &g.lines[inner] : NULL;
	CHECK(l != NULL && l->origin == GR_ORIGIN_HTML && l->ncells == 4);
	/* the heading paragraph is a line of its own, one cell */
	CHECK(before >= 0 && g.lines[before].ncells == 1);
	gr_arena_destroy(arena);
}

static void
test_prose_cell(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_grid		g;
	char		html[8192] = "<table><tr><td>";
	int			i;

	/* a whole article laid out in one cell is paragraphs, not one cell */
	for (i = 0; i < 20; i++)
		strcat(html, "<p>本段是示例正文，用来占满一个排版用的单元格。</p>");
	strcat(html, "<p>二、主动公开政府信息情况</p></td></tr></table>");
	CHECK(lex(&mem, html, &g));
	CHECK_EQ_INT(g.nlines, 21);
	CHECK(line_with(&g, "二、主动公开政府信息情况") != NULL);
	gr_arena_destroy(arena);
}

static void
test_declared_charset_ignored(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_grid		g;
	gr_error	err;
	const char *bad = "<p>ok</p><p>\xE8\xA7</p>";

	/* the text is UTF-8 already: a stale declaration must not re-decode it */
	CHECK(lex(&mem, "<html><head><meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">"
			  "<meta charset=iso-8859-1></head><body><p>规章 镕</p></body></html>", &g));
	CHECK(line_with(&g, "规章 镕") != NULL);
	/* HTML is read as UTF-8 only: text given as UTF-8 is checked before
	 * the lexer (which trusts its caller) sees it */
	memset(&err, 0, sizeof(err));
	CHECK(gr_parse_text(&mem, bad, strlen(bad), NULL, &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_ENCODING);
	CHECK_EQ_INT(err.offset, 12);
	gr_arena_destroy(arena);
}

static void
test_chunk_boundaries(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	const char *run = "政府信息公开政府信息公开政府信息公开";
	int			shift;

	/* the parser takes 64 kB at a time: text across a boundary, which
	 * falls inside a character for some shifts, comes out whole */
	for (shift = 0; shift < 3; shift++)
	{
		size_t		n = 0,
					cap = 70000;
		char	   *doc = gr_alloc(&mem, cap);
		gr_grid		g;

		memcpy(doc, "<p>", 3);
		n = 3;
		while (n < 65536 - 20 + (size_t) shift)
			doc[n++] = 'x';
		memcpy(doc + n, "</p><p>", 7);
		n += 7;
		memcpy(doc + n, run, strlen(run));
		n += strlen(run);
		memcpy(doc + n, "</p>", 4);
		n += 4;
		doc[n] = '\0';
		CHECK(lex(&mem, doc, &g));
		CHECK_EQ_INT(g.nlines, 2);
		CHECK(line_with(&g, run) != NULL);
	}
	gr_arena_destroy(arena);
}

/* ---------------------------------------------------- interrupts, cleanup */

static jmp_buf interrupt_jump;
static int	interrupt_calls;
static int	interrupt_at;

static void
interrupting(void)
{
	if (++interrupt_calls == interrupt_at)
		longjmp(interrupt_jump, 1);
}

static void
test_interrupt_releases_parser(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_held		held = {NULL, NULL};
	gr_parse_options opts;
	gr_error	err;
	size_t		n = 0,
				cap = 300000;
	char	   *doc = gr_alloc(&mem, cap);
	gr_grid		g;

	/* a page of several parser chunks */
	strcpy(doc, "<html><body>");
	n = strlen(doc);
	while (n + 64 < cap)
	{
		memcpy(doc + n, "<p>第一段</p><table><tr><td>1</td></tr></table>", strlen("<p>第一段</p><table><tr><td>1</td></tr></table>"));
		n += strlen("<p>第一段</p><table><tr><td>1</td></tr></table>");
	}
	doc[n] = '\0';
	memset(&opts, 0, sizeof(opts));
	opts.check_interrupts = interrupting;
	opts.held = &held;

	/* cancelled in the middle: the parser is in the slot, and freeing it
	 * from there leaves nothing behind (LeakSanitizer checks, unit-asan) */
	/* the markup pre-scan polls first, before any parser exists */
	interrupt_calls = 0;
	interrupt_at = -1;
	CHECK(gr_markup_prescan(doc, n, true, &opts, &err));
	interrupt_at = interrupt_calls + 3;
	interrupt_calls = 0;
	memset(&g, 0, sizeof(g));
	if (setjmp(interrupt_jump) == 0)
	{
		gr_lex_html(&mem, doc, n, &g, &opts, &err);
		CHECK(!"the interrupt hook did not run");
	}
	CHECK_EQ_INT(interrupt_calls, interrupt_at);
	CHECK(held.release != NULL && held.resource != NULL);
	gr_release_held(&held);
	CHECK(held.release == NULL && held.resource == NULL);
	gr_release_held(&held);		/* emptying an empty slot does nothing */

	/* run to the end: the core freed the parser and emptied the slot */
	interrupt_calls = 0;
	interrupt_at = -1;
	memset(&g, 0, sizeof(g));
	CHECK(gr_lex_html(&mem, doc, n, &g, &opts, &err));
	CHECK(interrupt_calls >= 4);
	CHECK(held.release == NULL && held.resource == NULL);
	gr_arena_destroy(arena);
}

/* ----------------------------------------------------------- the fixtures */

static void
test_word_export(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = parse_fixture(&mem, "word-export.html");
	/* the research column is empty (<o:p>&nbsp;</o:p>) on every row; four
	 * rows hold placeholders (/ — 无 -) in the legal-person columns */
	const char *blank[25 + 4 * 4 + 2];
	char		keys[25 + 4 * 4][96];
	static const int placeholder_rows[4] = {4, 6, 8, 10};
	int			nb = 0,
				r,
				c;

	for (r = 0; r < 25; r++)
	{
		snprintf(keys[nb], sizeof(keys[nb]), "t3.%s.research", t3_rows[r]);
		blank[nb] = keys[nb];
		nb++;
	}
	for (r = 0; r < 4; r++)
		for (c = 1; c <= 5; c++)
			if (c != 2)
			{
				snprintf(keys[nb], sizeof(keys[nb]), "t3.%s.%s", t3_rows[placeholder_rows[r]], t3_cols[c]);
				blank[nb] = keys[nb];
				nb++;
			}
	blank[nb++] = "t2.coercion.decisions";	/* — */
	blank[nb] = NULL;
	if (rep == NULL)
		goto done;
	expect_figures(rep, blank, "suite_html");
	/* the page <title> has a site suffix; the printed title wraps (<br>) */
	CHECK_EQ_STR(rep->title, "示例市数据局2023年政府信息公开工作年度报告");
	CHECK_EQ_STR(rep->agency, "示例市数据局");
	CHECK_EQ_INT(rep->year, 2023);
	/* 公开日期 in the metadata grid (成文日期 is not the publication) */
	CHECK_EQ_STR(rep->published, "2024-01-18");
	/* "41（其中修订5件）" is 41 with the remark noted; "1.25万元" is 1.25 */
	CHECK_EQ_INT(count_findings(rep, "remark_in_cell"), 1);
	expect_clean(rep);
done:
	gr_arena_destroy(arena);
}

static void
test_layout_fixture(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = parse_fixture(&mem, "layout-tables.html");

	if (rep)
	{
		expect_figures(rep, NULL, "suite_html");
		CHECK_EQ_STR(rep->agency, "示例县审计局");
		CHECK_EQ_STR(rep->published, "2024-01-25");
		expect_clean(rep);
	}
	gr_arena_destroy(arena);
}

static void
test_subtotal_column(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = parse_fixture(&mem, "subtotal-column.html");

	if (rep)
	{
		/* an added 法人或其他组织 小计 column: dropped on every row */
		expect_figures(rep, NULL, "suite_html");
		CHECK_EQ_INT(count_findings(rep, "subtotal_column_dropped"), 25);
		CHECK_EQ_STR(rep->published, "2024-01-29");
	}
	gr_arena_destroy(arena);
}

static void
test_gb_fixtures(void)
{
	static const char *const names[] = {
		"gb2312-declared.html",	/* GB18030 bytes declared gb2312, with 镕 */
		"gbk-undeclared.html",	/* GBK, no declaration */
		"gbk-declared-utf8.html",	/* GBK declared UTF-8 */
		NULL
	};
	int			i;

	for (i = 0; names[i]; i++)
	{
		gr_arena   *arena = gr_arena_create();
		gr_mem		mem = gr_arena_mem(arena);
		gr_report  *rep = parse_fixture(&mem, names[i]);

		unit_current = names[i];
		if (rep)
		{
			CHECK_EQ_STR(rep->agency, "示例市镕城区人民政府");
			CHECK_EQ_STR(rep->published, "2024-01-30");
			expect_figures(rep, NULL, names[i]);
			expect_clean(rep);
		}
		gr_arena_destroy(arena);
	}
	unit_current = "suite_html";
}

static void
test_traditional_fixture(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_report  *rep = parse_fixture(&mem, "traditional.html");

	if (rep)
	{
		expect_figures(rep, NULL, "suite_html");
		CHECK_EQ_STR(rep->agency, "示例市統計局");	/* as printed */
		CHECK_EQ_STR(rep->published, "2024-02-01");	/* 發佈時間 */
		expect_clean(rep);
	}
	gr_arena_destroy(arena);
}

static void
test_html_as_text(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	size_t		len = 0;
	char	   *data = unit_read_file(FIXTURES "layout-tables.html", &len);
	gr_error	err;
	gr_report  *rep;

	/* parse(text) detects HTML by its content */
	CHECK(data != NULL);
	if (data)
	{
		rep = gr_parse_text(&mem, data, len, NULL, &err);
		CHECK(rep != NULL);
		if (rep)
			expect_figures(rep, NULL, "suite_html");
		free(data);
	}
	gr_arena_destroy(arena);
}

/* A row carrying its group label as well ("三、本年度办理结果 | （七）总计")
 * is read by its last label; with the 其他处理 rows missing, reading the
 * labels together would leave 总计 to be placed by position, wrongly. */
static void
test_last_label_first(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	gr_report  *rep;
	const char *doc =
		"<p>示例局2023年政府信息公开工作年度报告</p>"
		"<p>三、收到和处理政府信息公开申请情况</p><table>"
		"<tr><td colspan=2>一、本年新收政府信息公开申请数量</td><td>3</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>"
		"<tr><td colspan=2>二、上年结转政府信息公开申请数量</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"
		"<tr><td>三、本年度办理结果</td><td>（一）予以公开</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>"
		"<tr><td>三、本年度办理结果</td><td>5.要求行政机关确认或重新出具已获取信息</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>"
		"<tr><td>三、本年度办理结果</td><td>（七）总计</td><td>3</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>"
		"<tr><td colspan=2>四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"
		"</table><p>四、政府信息公开行政复议、行政诉讼情况</p>";

	rep = gr_parse_text(&mem, doc, strlen(doc), NULL, &err);
	CHECK(rep != NULL);
	if (rep)
	{
		expect_cell(rep, "t3.concluded.total", "3");
		expect_cell(rep, "t3.rejected_confirmation.total", "1");
		CHECK_EQ_INT(cell_of(rep, "t3.other_no_correction.total")->state, GR_ABSENT);
		unit_current = "suite_html";
	}
	gr_arena_destroy(arena);
}

void		suite_html(void);

/* Tables nested deeper than any report nests them are refused (54000). */
static void
test_nesting_limit(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = malloc(8192);
	int			depth;

	for (depth = 30; depth <= 40; depth += 10)
	{
		gr_error	err;
		gr_report  *rep;
		int			i;

		strcpy(doc, "<html><body><p>嵌套局2023年政府信息公开工作年度报告</p>");
		for (i = 0; i < depth; i++)
			strcat(doc, "<table><tr><td>");
		strcat(doc, "x");
		for (i = 0; i < depth; i++)
			strcat(doc, "</td></tr></table>");
		strcat(doc, "</body></html>");
		memset(&err, 0, sizeof(err));
		rep = gr_parse_document(&mem, doc, strlen(doc), NULL, &err);
		if (depth <= 32)
			CHECK(rep != NULL);
		else
		{
			CHECK(rep == NULL);
			CHECK_EQ_INT(err.status, GR_ERR_LIMIT);
			CHECK(strstr(err.detail, "nested more than 32 deep") != NULL);
		}
	}
	free(doc);
	gr_arena_destroy(arena);
}

void
suite_html(void)
{
	test_nesting_limit();
	test_cell_text();
	test_spans();
	test_paragraphs();
	test_layout_tables();
	test_prose_cell();
	test_declared_charset_ignored();
	test_chunk_boundaries();
	test_interrupt_releases_parser();
	test_word_export();
	test_layout_fixture();
	test_subtotal_column();
	test_gb_fixtures();
	test_traditional_fixture();
	test_html_as_text();
	test_last_label_first();
}
