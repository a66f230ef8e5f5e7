/*
 * test_docx.c — Word documents (.docx) through libzip and libxml2's reader
 * (docx.c) into the flow (flow.c), and what the recogniser makes of them.
 *
 * Small documents built in memory (zipbuild.h) check the grid: runs split
 * anywhere, w:br, w:tab, w:gridSpan, w:vMerge, w:gridBefore, nested
 * tables, content controls, tracked changes, property-change records,
 * mc:Fallback, empty cells, the properties' title and creation date.  The
 * fixture in test/fixtures/docx/report/ (our own WordprocessingML, see
 * make_fixture.py there) is zipped here and checked cell by cell.  Then the
 * hostile containers: a zip bomb, sizes that lie, encryption, truncation,
 * corruption, a missing document.xml, unsafe and duplicate names, entities,
 * a legacy .doc, nesting, and a cancel from the interrupt hook.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "zipbuild.h"
#include "gr_internal.h"

#define FIXTURE "test/fixtures/docx/report/"

/* ----------------------------------------------------------------- helpers */

/* The grids of the small documents live in one arena, freed at the end. */
static gr_arena *grids;

/* The grid of a .docx whose body is given (and core.xml, if any). */
static bool
lex(const char *body, const char *core, gr_grid *grid, char created[11])
{
	gr_mem		m = gr_arena_mem(grids);
	gr_mem	   *mem = &m;
	size_t		len;
	char	   *zip = zb_docx(body, core, &len);
	gr_error	err;
	bool		ok;

	memset(&err, 0, sizeof(err));
	memset(grid, 0, sizeof(*grid));
	CHECK(zip != NULL);
	if (zip == NULL)
		return false;
	ok = gr_lex_docx(mem, zip, len, grid, created, NULL, &err);
	if (!ok)
		printf("FAIL [%s] lex: %s (%s)\n", unit_current, err.message, err.detail);
	CHECK(ok);
	free(zip);
	return ok;
}

/* The cells of a line joined with '|', copies marked with a '^'. */
static const char *
row_of(const gr_grid *g, int i)
{
	static char out[2048];
	size_t		o = 0;
	int			k;

	out[0] = '\0';
	if (i >= g->nlines)
		return "(no line)";
	for (k = 0; k < g->lines[i].ncells && o + 64 < sizeof(out); k++)
		o += (size_t) snprintf(out + o, sizeof(out) - o, "%s%s%s", k ? "|" : "",
							   gr_cell_is_copy(&g->lines[i], k) ? "^" : "", g->lines[i].cells[k]);
	return out;
}

static bool
grid_mentions(const gr_grid *g, const char *s)
{
	int			i;

	for (i = 0; i < g->nlines; i++)
		if (strstr(g->lines[i].text, s) != NULL)
			return true;
	return false;
}

static gr_report *
parse_bytes(gr_mem *mem, const char *data, size_t len, size_t limit, gr_error *err)
{
	gr_parse_options opts;

	memset(&opts, 0, sizeof(opts));
	memset(err, 0, sizeof(*err));
	opts.limits.max_document_bytes = limit;
	return gr_parse_document(mem, data, len, &opts, err);
}

/* ------------------------------------------------------------ the grid */

static void
test_runs_and_paragraphs(void)
{
	gr_grid		g;
	char		created[11];

	unit_current = "docx runs";
	if (lex(
			"<w:p><w:r><w:t>行政</w:t></w:r><w:r><w:t>许可</w:t></w:r><w:r><w:tab/></w:r>"
			"<w:r><w:t>1</w:t></w:r><w:r><w:t>2</w:t></w:r></w:p>"
			"<w:p><w:r><w:t xml:space=\"preserve\">第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>"
			"<w:p/><w:p><w:r><w:t>5</w:t><w:noBreakHyphen/><w:t>2</w:t></w:r></w:p>",
			NULL, &g, created))
	{
		CHECK_EQ_INT(g.nlines, 4);
		CHECK_EQ_STR(row_of(&g, 0), "行政许可|12");	/* runs join, the tab separates */
		CHECK_EQ_STR(row_of(&g, 1), "第一行");	/* w:br ends a line */
		CHECK_EQ_STR(row_of(&g, 2), "第二行");
		CHECK_EQ_STR(g.lines[3].text, "5-2");
		CHECK_EQ_STR(created, "");
		/* lines are numbered by paragraph */
		CHECK_EQ_INT(g.lines[0].lineno, 1);
		CHECK_EQ_INT(g.lines[3].lineno, 4);
	}
}

#define TC(x) "<w:tc><w:p><w:r><w:t>" x "</w:t></w:r></w:p></w:tc>"

static void
test_spans(void)
{
	gr_grid		g;
	char		created[11];

	unit_current = "docx spans";
	if (lex(
			"<w:tbl><w:tblPr><w:tblW w:w=\"0\"/></w:tblPr><w:tblGrid><w:gridCol/></w:tblGrid>"
			"<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>"
			"<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr>"
			"<w:tr>" TC("C") TC("D") "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"
			"<w:tr>" TC("E") "<w:tc><w:p/></w:tc>"
			"<w:tc><w:tcPr><w:vMerge w:val=\"continue\"/></w:tcPr><w:p><w:r><w:t>ignored</w:t></w:r></w:p></w:tc></w:tr>"
			"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" TC("F") TC("G") "</w:tr>"
			"<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/><w:gridSpan w:val=\"2\"/></w:tcPr>"
			"<w:p><w:r><w:t>H</w:t></w:r></w:p></w:tc>" TC("I") "</w:tr>"
			"<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge/></w:tcPr><w:p/></w:tc>" TC("J") "</w:tr>"
			"<w:tr><w:tc><w:tcPr><w:hMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>K</w:t></w:r></w:p></w:tc>"
			"<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>" TC("L") "</w:tr>"
			"</w:tbl>",
			NULL, &g, created))
	{
		CHECK_EQ_INT(g.nlines, 7);
		CHECK_EQ_STR(row_of(&g, 0), "A|^A|B");	/* gridSpan: colspan */
		CHECK_EQ_STR(row_of(&g, 1), "C|D|^B");	/* vMerge continue: the text above */
		CHECK_EQ_STR(row_of(&g, 2), "E||^B");	/* an empty cell; the merge goes on */
		CHECK_EQ_STR(row_of(&g, 3), "^|F|G");	/* gridBefore: a slot with no cell */
		CHECK_EQ_STR(row_of(&g, 4), "H|^H|I");
		CHECK_EQ_STR(row_of(&g, 5), "^H|^H|J");	/* a merge two columns wide */
		CHECK_EQ_STR(row_of(&g, 6), "K|^K|L");	/* hMerge: the text on the left */
		CHECK_EQ_INT(g.lines[0].origin, GR_ORIGIN_HTML);
		CHECK(!grid_mentions(&g, "ignored"));
	}
}

static void
test_cell_text(void)
{
	gr_grid		g;
	char		created[11];

	unit_current = "docx cell text";
	if (lex(
			"<w:tbl><w:tr>"
			"<w:tc><w:p><w:r><w:t>本年</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>制发件数</w:t></w:r></w:p></w:tc>"
			"<w:tc><w:p><w:r><w:t>科研</w:t></w:r></w:p><w:p><w:r><w:t>机构</w:t></w:r></w:p></w:tc>"
			"<w:tc><w:p><w:r><w:t>2</w:t></w:r><w:r><w:t>6</w:t></w:r></w:p></w:tc>"
			"<w:tc><w:p><w:r><w:t>有</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>效</w:t></w:r></w:p></w:tc>"
			"</w:tr></w:tbl>",
			NULL, &g, created))
	{
		CHECK_EQ_INT(g.nlines, 1);
		CHECK_EQ_STR(row_of(&g, 0), "本年 制发件数|科研 机构|26|有 效");
	}
}

static void
test_nested_table(void)
{
	gr_grid		g;
	char		created[11];

	unit_current = "docx nested table";
	if (lex(
			"<w:tbl><w:tr>" TC("导航") "<w:tc><w:p><w:r><w:t>正文之前</w:t></w:r></w:p>"
			"<w:tbl><w:tr>" TC("行政复议") TC("2") "</w:tr><w:tr>" TC("行政诉讼") TC("1") "</w:tr></w:tbl>"
			"<w:p><w:r><w:t>正文之后</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
			NULL, &g, created))
	{
		/* the outer row becomes paragraphs; the inner table gives rows */
		CHECK_EQ_INT(g.nlines, 5);
		CHECK_EQ_STR(row_of(&g, 0), "导航");
		CHECK_EQ_STR(row_of(&g, 1), "正文之前");
		CHECK_EQ_STR(row_of(&g, 2), "行政复议|2");
		CHECK_EQ_INT(g.lines[2].origin, GR_ORIGIN_HTML);
		CHECK_EQ_STR(row_of(&g, 3), "行政诉讼|1");
		CHECK_EQ_STR(row_of(&g, 4), "正文之后");
	}
}

static void
test_skipped_markup(void)
{
	gr_grid		g;
	char		created[11];

	unit_current = "docx skipped markup";
	if (lex(
			/* a content control: its content is read, its properties are not */
			"<w:sdt><w:sdtPr><w:alias w:val=\"标题\"/><w:r><w:t>属性里的字</w:t></w:r></w:sdtPr>"
			"<w:sdtContent><w:p><w:r><w:t>控件里的字</w:t></w:r></w:p></w:sdtContent></w:sdt>"
			/* tracked changes: w:ins read, w:del (even with a w:t) skipped */
			"<w:p><w:r><w:t>收到</w:t></w:r><w:del w:id=\"1\"><w:r><w:delText>9</w:delText></w:r>"
			"<w:r><w:t>8</w:t></w:r></w:del><w:ins w:id=\"2\"><w:r><w:t>7</w:t></w:r></w:ins>"
			"<w:r><w:t>件</w:t></w:r></w:p>"
			/* a moved paragraph: read where it went, not where it was */
			"<w:p><w:moveFrom><w:r><w:t>旧位置</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>新位置</w:t></w:r></w:moveTo></w:p>"
			/* field codes and paragraph properties hold no text */
			"<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs><w:rPr><w:del w:id=\"3\"/></w:rPr></w:pPr>"
			"<w:r><w:instrText>PAGE 99</w:instrText></w:r><w:r><w:t>页码</w:t></w:r></w:p>"
			/* a drawing's text once, not again from mc:Fallback */
			"<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>"
			"</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>备用文本框</w:t></w:r></w:p>"
			"</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>"
			/* a property-change record: the old span does not count */
			"<w:tbl><w:tr><w:tc><w:tcPr><w:tcPrChange w:id=\"4\"><w:tcPr><w:gridSpan w:val=\"3\"/></w:tcPr>"
			"</w:tcPrChange></w:tcPr><w:p><w:r><w:t>X</w:t></w:r></w:p></w:tc>" TC("Y") "</w:tr></w:tbl>",
			NULL, &g, created))
	{
		CHECK_EQ_INT(g.nlines, 6);
		CHECK_EQ_STR(g.lines[0].text, "控件里的字");
		CHECK_EQ_STR(g.lines[1].text, "收到7件");
		CHECK_EQ_STR(g.lines[2].text, "新位置");
		CHECK_EQ_STR(g.lines[3].text, "页码");
		CHECK_EQ_STR(g.lines[4].text, "文本框");
		CHECK_EQ_STR(row_of(&g, 5), "X|Y");
		CHECK(!grid_mentions(&g, "属性"));
		CHECK(!grid_mentions(&g, "备用"));
		CHECK(!grid_mentions(&g, "99"));
	}
}

static void
test_properties(void)
{
	gr_grid		g;
	char		created[11];

	unit_current = "docx properties";
	if (lex("<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
			"<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
			"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
			"<dc:title>某局2023年报告</dc:title><dc:subject>not the title</dc:subject>"
			"<dcterms:created>2024-01-12T08:30:00Z</dcterms:created></cp:coreProperties>",
			&g, created))
	{
		CHECK_EQ_INT(g.nlines, 2);
		CHECK_EQ_STR(g.lines[0].text, "某局2023年报告");	/* first, as an HTML <title> */
		CHECK_EQ_STR(g.lines[1].text, "正文");
		CHECK_EQ_STR(created, "2024-01-12");
	}
	/* broken properties are ignored, never an error */
	if (lex("<w:p><w:r><w:t>正文</w:t></w:r></w:p>", "<cp:coreProperties><dc:title>", &g, created))
	{
		CHECK_EQ_INT(g.nlines, 1);
		CHECK_EQ_STR(created, "");
	}
	if (lex("<w:p/>", "<p xmlns:dcterms=\"http://purl.org/dc/terms/\"><dcterms:created>2024-13-01</dcterms:created></p>",
			&g, created))
		CHECK_EQ_STR(created, "");
	{
		/* unreadable properties (here: flagged encrypted) are skipped */
		size_t		len;
		char	   *zip = zb_docx("<w:p><w:r><w:t>正文</w:t></w:r></w:p>", "<x/>", &len);
		gr_mem		m = gr_arena_mem(grids);
		gr_error	err;

		CHECK(zip != NULL);
		if (zip != NULL)
		{
			CHECK_EQ_INT(zb_patch_headers(zip, len, "docProps/core.xml", zb_set_encrypted, NULL), 2);
			memset(&err, 0, sizeof(err));
			CHECK(gr_lex_docx(&m, zip, len, &g, created, NULL, &err));
			CHECK_EQ_INT(g.nlines, 1);
		}
		free(zip);
	}
}

/* --------------------------------------------------------------- fixture */

static char *
fixture_zip(size_t *len)
{
	static const char *const parts[] = {
		"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/document.xml"
	};
	zb_entry	e[4];
	char	   *data[4];
	char	   *zip = NULL;
	int			i;
	bool		ok = true;

	for (i = 0; i < 4; i++)
	{
		char		path[256];

		snprintf(path, sizeof(path), FIXTURE "%s", parts[i]);
		data[i] = unit_read_file(path, &e[i].len);
		if (data[i] == NULL)
		{
			printf("FAIL [%s] cannot read %s\n", unit_current, path);
			ok = false;
		}
		e[i].name = parts[i];
		e[i].data = data[i];
		e[i].store = false;
	}
	CHECK(ok);
	if (ok)
		zip = zb_build(e, 4, len);
	for (i = 0; i < 4; i++)
		free(data[i]);
	return zip;
}

/* The fixture's figures (make_fixture.py); -1 is an empty cell or a placeholder. */
static const int fx_t3[25][7] = {
	{41, 3, 0, 1, -1, 1, 46}, {2, -1, -1, -1, -1, -1, 2}, {18, 1, 0, 0, 0, 1, 20}, {4, 0, 0, 0, 0, 0, 4},
	{0, -1, -1, -1, -1, -1, 0}, {1, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0}, {2, 0, 0, 1, 0, 0, 3},
	{0, 0, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0},
	{8, 1, 0, 0, 0, 0, 9}, {1, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0}, {2, 0, 0, 0, 0, 0, 2},
	{1, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0},
	{1, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 1}, {39, 3, 0, 1, 0, 1, 44},
	{4, 0, 0, 0, 0, 0, 4}
};
static const struct
{
	const char *key;
	const char *value;			/* NULL: blank */
}			fx_t2_t4[] = {
	{"t2.rules.issued", "1"}, {"t2.rules.repealed", "0"}, {"t2.rules.in_force", "5"},
	{"t2.normative_documents.issued", "6"}, {"t2.normative_documents.repealed", "1"},
	{"t2.normative_documents.in_force", "22"}, {"t2.licensing.decisions", "140"},
	{"t2.penalty.decisions", "12"}, {"t2.coercion.decisions", NULL}, {"t2.fees.amount", "3.6"},
	{"t4.review.upheld", "1"}, {"t4.review.corrected", "0"}, {"t4.review.other", "0"},
	{"t4.review.pending", "1"}, {"t4.review.total", "2"},
	{"t4.litigation_direct.upheld", "0"}, {"t4.litigation_direct.corrected", "1"},
	{"t4.litigation_direct.other", "0"}, {"t4.litigation_direct.pending", "0"},
	{"t4.litigation_direct.total", "1"},
	{"t4.litigation_after_review.upheld", "0"}, {"t4.litigation_after_review.corrected", "0"},
	{"t4.litigation_after_review.other", "0"}, {"t4.litigation_after_review.pending", "0"},
	{"t4.litigation_after_review.total", "0"},
};

static void
expect(const gr_report *rep, const char *key, const char *value)
{
	int			i = gr_template_find_cell(rep->tpl, key, strlen(key));
	char		buf[48] = "";

	unit_current = key;
	CHECK(i >= 0);
	if (i < 0)
		return;
	if (value == NULL)
		CHECK_EQ_STR(gr_state_name((gr_state) rep->cells[i].state), "blank");
	else
	{
		CHECK_EQ_STR(gr_state_name((gr_state) rep->cells[i].state), "reported");
		gr_num_format(rep->cells[i].value, buf, sizeof(buf));
		CHECK_EQ_STR(buf, value);
	}
}

static void
test_fixture(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	size_t		len = 0;
	char	   *zip;
	gr_error	err;
	gr_report  *rep;
	int			i,
				created = 0;
	size_t		k;

	unit_current = "docx fixture";
	zip = fixture_zip(&len);
	if (zip == NULL)
	{
		gr_arena_destroy(arena);
		return;
	}
	rep = parse_bytes(&mem, zip, len, 131072 * 1024, &err);
	if (rep == NULL)
		printf("FAIL [%s] %s (%s)\n", unit_current, err.message, err.detail);
	CHECK(rep != NULL);
	if (rep)
	{
		CHECK_EQ_STR(rep->tpl->name, "2021");
		CHECK_EQ_INT(rep->year, 2023);
		CHECK_EQ_STR(rep->agency, "样例县统计局");
		CHECK_EQ_STR(rep->title, "样例县统计局2023年政府信息公开工作年度报告");
		CHECK_EQ_STR(rep->published, "2024-01-19");
		/* table 3's cells in template order: 25 rows of 7 */
		for (i = 0, k = 0; i < rep->tpl->ncells; i++)
			if (strcmp(rep->tpl->cells[i].table_code, "t3") == 0)
			{
				int			v = fx_t3[k / 7][k % 7];
				char		val[16];

				snprintf(val, sizeof(val), "%d", v);
				expect(rep, rep->tpl->cells[i].key, v < 0 ? NULL : val);
				k++;
			}
		unit_current = "docx fixture";
		CHECK_EQ_INT(k, 25 * 7);
		for (k = 0; k < sizeof(fx_t2_t4) / sizeof(fx_t2_t4[0]); k++)
			expect(rep, fx_t2_t4[k].key, fx_t2_t4[k].value);
		unit_current = "docx fixture";
		CHECK(gr_report_consistent(&mem, rep));
		for (i = 0; i < rep->nfindings; i++)
		{
			/* the inserted figure, never the deleted one */
			if (strcmp(rep->findings[i].code, "narrative_count") == 0)
				CHECK(strstr(rep->findings[i].message, "45") == NULL);
			if (strcmp(rep->findings[i].code, "docx_created") == 0)
			{
				created++;
				CHECK(strstr(rep->findings[i].message, "2024-01-12") != NULL);
			}
			/* every printed row was read from its own cells */
			CHECK(strncmp(rep->findings[i].code, "short_row", 9) != 0);
		}
		CHECK_EQ_INT(created, 1);
	}
	free(zip);
	gr_arena_destroy(arena);
}

/* --------------------------------------------------------------- hostile */

static void
expect_refused(const char *what, const char *data, size_t len, size_t limit, gr_status status,
			   const char *message_part)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	gr_report  *rep;

	unit_current = what;
	rep = parse_bytes(&mem, data, len, limit, &err);
	CHECK(rep == NULL);
	CHECK_EQ_INT(err.status, status);
	if (message_part && strstr(err.message, message_part) == NULL && strstr(err.detail, message_part) == NULL)
	{
		printf("FAIL [%s] \"%s\" not in: %s (%s)\n", what, message_part, err.message, err.detail);
		CHECK(false);
	}
	gr_arena_destroy(arena);
}

/* A body of n bytes of empty paragraphs: compresses about a thousandfold. */
static char *
big_body(size_t n)
{
	char	   *s = malloc(n + 1);
	size_t		i;

	for (i = 0; i + 6 <= n; i += 6)
		memcpy(s + i, "<w:p/>", 6);
	s[i] = '\0';
	return s;
}

static void
test_zip_bomb(void)
{
	char	   *body = big_body(8 << 20);
	size_t		len;
	char	   *zip = zb_docx(body, NULL, &len);
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;

	unit_current = "docx zip bomb";
	CHECK(zip != NULL && len < 100000);
	if (zip)
	{
		/* 8 MB inflated from under 100 KB, against a 1 MB limit */
		CHECK(parse_bytes(&mem, zip, len, 1 << 20, &err) == NULL);
		CHECK_EQ_INT(err.status, GR_ERR_LIMIT);
		CHECK(strstr(err.detail, "nothing was inflated") != NULL);
		/* refused from the directory: no buffer for the part was made */
		CHECK(gr_arena_bytes(arena) < 256 * 1024);
		/* under a larger limit the same document is read */
		expect_refused("docx bomb under a 64 MB limit", zip, len, 64 << 20, GR_ERR_NOT_REPORT, NULL);
	}
	free(zip);
	free(body);
	gr_arena_destroy(arena);
}

static void
test_lying_sizes(void)
{
	char	   *body = big_body(60000);
	size_t		len;
	char	   *zip = zb_docx(body, NULL, &len);
	uint32_t	small = 1000,
				large = 5000000;

	CHECK(zip != NULL);
	if (zip)
	{
		/* the directory says 1000 bytes: inflating stops at 1001 */
		CHECK_EQ_INT(zb_patch_headers(zip, len, "word/document.xml", zb_set_size, &small), 2);
		expect_refused("docx size too small", zip, len, 0, GR_ERR_CORRUPT, "inflates to more than 1000 bytes");
		/* the directory says 5 MB: the data ends first */
		CHECK_EQ_INT(zb_patch_headers(zip, len, "word/document.xml", zb_set_size, &large), 2);
		expect_refused("docx size too large", zip, len, 0, GR_ERR_CORRUPT, NULL);
		expect_refused("docx size over the limit", zip, len, 1 << 20, GR_ERR_LIMIT, NULL);
	}
	free(zip);
	free(body);
}

static void
test_broken_containers(void)
{
	size_t		len,
				half;
	char	   *zip = zb_docx("<w:p><w:r><w:t>收到政府信息公开申请</w:t></w:r></w:p>", NULL, &len);
	char	   *copy;
	static const char empty_zip[22] = {'P', 'K', 5, 6};
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 legacy";
	static const char ole_encrypted[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";

	CHECK(zip != NULL);
	if (zip == NULL)
		return;
	copy = malloc(len);

	/* truncated: the central directory is gone */
	for (half = 4; half < len; half += len / 7 + 1)
		expect_refused("docx truncated", zip, half, 0, GR_ERR_CORRUPT, "truncated or corrupt");
	/* the deflated data damaged: zlib or the CRC says so */
	memcpy(copy, zip, len);
	{
		size_t		data = 30 + 17 + zb_u16((unsigned char *) copy + 28);
		size_t		i;

		for (i = data + 4; i < data + 12 && i < len; i++)
			copy[i] ^= 0x55;
	}
	expect_refused("docx corrupt data", copy, len, 0, GR_ERR_CORRUPT, "libzip");
	/* encrypted (the flag Word's and zip's password protection sets) */
	memcpy(copy, zip, len);
	CHECK_EQ_INT(zb_patch_headers(copy, len, "word/document.xml", zb_set_encrypted, NULL), 2);
	expect_refused("docx encrypted", copy, len, 0, GR_ERR_UNSUPPORTED, "encrypted");
	/* a zip without word/document.xml */
	memcpy(copy, zip, len);
	CHECK_EQ_INT(zb_patch_headers(copy, len, "word/document.xml", zb_rename, "word/documenx.xml"), 2);
	expect_refused("docx no document.xml", copy, len, 0, GR_ERR_UNSUPPORTED, "no word/document.xml");
	expect_refused("docx empty zip", empty_zip, sizeof(empty_zip), 0, GR_ERR_UNSUPPORTED, "none is named");
	/* legacy .doc, and an encrypted .docx (an OLE file too) */
	expect_refused("legacy doc", ole, sizeof(ole) - 1, 0, GR_ERR_UNSUPPORTED, "legacy Word .doc");
	expect_refused("encrypted ole", ole_encrypted, sizeof(ole_encrypted) - 1, 0, GR_ERR_UNSUPPORTED, "encrypted");
	{
		gr_arena   *arena = gr_arena_create();
		gr_mem		mem = gr_arena_mem(arena);
		gr_error	err;

		CHECK(parse_bytes(&mem, ole, sizeof(ole) - 1, 0, &err) == NULL);
		CHECK(strstr(err.hint, "soffice --headless --convert-to docx") != NULL);
		gr_arena_destroy(arena);
	}
	free(copy);
	free(zip);
}

static void
test_names(void)
{
	const char *doc = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
		"<w:body><w:p><w:r><w:t>这里是正文</w:t></w:r></w:p></w:body></w:document>";
	const char *evil = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
		"<w:body><w:p><w:r><w:t>不该读到</w:t></w:r></w:p></w:body></w:document>";
	zb_entry	unsafe[3] = {
		{"../word/document.xml", evil, (size_t) -1, false},
		{"/word/document.xml", evil, (size_t) -1, false},
		{"word/../../word/document.xml", evil, (size_t) -1, false},
	};
	zb_entry	mixed[3] = {
		{"../word/document.xml", evil, (size_t) -1, false},
		{"WORD/Document.xml", doc, (size_t) -1, true},	/* part names ignore case */
		{"C:/word/document.xml", evil, (size_t) -1, false},
	};
	zb_entry	twice[2] = {
		{"word/document.xml", doc, (size_t) -1, false},
		{"word/documenX.xml", evil, (size_t) -1, false},
	};
	size_t		len;
	char	   *zip;
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_grid		g;
	gr_error	err;
	char		created[11];

	zip = zb_build(unsafe, 3, &len);
	CHECK(zip != NULL);
	if (zip)
		expect_refused("docx unsafe names only", zip, len, 0, GR_ERR_UNSUPPORTED, "no word/document.xml");
	free(zip);

	unit_current = "docx unsafe names skipped";
	zip = zb_build(mixed, 3, &len);
	CHECK(zip != NULL);
	memset(&err, 0, sizeof(err));
	if (zip && gr_lex_docx(&mem, zip, len, &g, created, NULL, &err))
	{
		CHECK(grid_mentions(&g, "这里是正文"));
		CHECK(!grid_mentions(&g, "不该"));
	}
	else
		CHECK(false);
	free(zip);

	zip = zb_build(twice, 2, &len);
	CHECK(zip != NULL);
	if (zip)
	{
		CHECK_EQ_INT(zb_patch_headers(zip, len, "word/documenX.xml", zb_rename, "word/document.xml"), 2);
		expect_refused("docx duplicate names", zip, len, 0, GR_ERR_CORRUPT, "listed twice");
	}
	free(zip);
	gr_arena_destroy(arena);
}

static void
test_xml_hostility(void)
{
	static const char *const head = "<?xml version=\"1.0\"?>";
	const char *ns = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
	char		doc[1024];
	zb_entry	e = {"word/document.xml", doc, (size_t) -1, false};
	size_t		len;
	char	   *zip;
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_grid		g;
	gr_error	err;
	char		created[11];

	/* entities stay references: neither substituted nor loaded */
	snprintf(doc, sizeof(doc), "%s<!DOCTYPE w:document [<!ENTITY x \"9999\"><!ENTITY ext SYSTEM \"file:///etc/hostname\">]>"
			 "<w:document %s><w:body><w:p><w:r><w:t>收到&x;件&ext;</w:t></w:r></w:p></w:body></w:document>", head, ns);
	zip = zb_build(&e, 1, &len);
	unit_current = "docx entities";
	memset(&err, 0, sizeof(err));
	if (zip && gr_lex_docx(&mem, zip, len, &g, created, NULL, &err))
	{
		CHECK(grid_mentions(&g, "收到"));
		CHECK(!grid_mentions(&g, "9999"));
	}
	else
		CHECK(false);
	free(zip);

	/* not well-formed */
	snprintf(doc, sizeof(doc), "%s<w:document %s><w:body><w:p><w:r><w:t>收到</w:r></w:body>", head, ns);
	zip = zb_build(&e, 1, &len);
	if (zip)
		expect_refused("docx malformed xml", zip, len, 0, GR_ERR_CORRUPT, "not well-formed");
	free(zip);
	/* an empty part */
	doc[0] = '\0';
	zip = zb_build(&e, 1, &len);
	if (zip)
		expect_refused("docx empty document.xml", zip, len, 0, GR_ERR_CORRUPT, NULL);
	free(zip);
	gr_arena_destroy(arena);
}

static void
test_nesting_limit(void)
{
	char	   *body = malloc(40 * 50 + 1);
	size_t		len;
	char	   *zip;
	int			i;

	body[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(body, "<w:tbl><w:tr><w:tc>");
	for (i = 0; i < 40; i++)
		strcat(body, "</w:tc></w:tr></w:tbl>");
	zip = zb_docx(body, NULL, &len);
	if (zip)
		expect_refused("docx nesting", zip, len, 0, GR_ERR_LIMIT, "nested more than 32 deep");
	free(zip);
	free(body);
}

/* A cancel from the interrupt hook at every point it is called: after
 * gr_release_held nothing is left open (ASan's leak check in unit-asan). */
static jmp_buf cancel_jmp;
static int	cancel_calls,
			cancel_at;

static void
cancel_hook(void)
{
	if (++cancel_calls == cancel_at)
		longjmp(cancel_jmp, 1);
}

static void
run_cancelled(const char *zip, size_t len, int at)
{
	static gr_arena *arena;
	static gr_mem mem;
	static gr_parse_options opts;
	static gr_held held;
	static gr_error err;
	static bool jumped;

	arena = gr_arena_create();
	mem = gr_arena_mem(arena);
	memset(&opts, 0, sizeof(opts));
	memset(&held, 0, sizeof(held));
	opts.check_interrupts = cancel_hook;
	opts.held = &held;
	cancel_calls = 0;
	cancel_at = at;
	jumped = false;
	if (setjmp(cancel_jmp) == 0)
		(void) gr_parse_document(&mem, zip, len, &opts, &err);
	else
		jumped = true;
	CHECK(jumped);
	gr_release_held(&held);
	CHECK(held.release == NULL);
	gr_arena_destroy(arena);
}

static void
test_cancel_releases(void)
{
	char	   *body = big_body(300000);
	size_t		len;
	char	   *zip = zb_docx(body, "<x/>", &len);
	int			total,
				at;

	unit_current = "docx cancel";
	CHECK(zip != NULL);
	if (zip == NULL)
	{
		free(body);
		return;
	}
	{
		gr_arena   *arena = gr_arena_create();
		gr_mem		mem = gr_arena_mem(arena);
		gr_parse_options opts;
		gr_held		held;
		gr_error	err;

		memset(&opts, 0, sizeof(opts));
		memset(&held, 0, sizeof(held));
		opts.check_interrupts = cancel_hook;
		opts.held = &held;
		cancel_calls = 0;
		cancel_at = 0;
		(void) gr_parse_document(&mem, zip, len, &opts, &err);
		total = cancel_calls;
		CHECK(total > 10);
		CHECK(held.release == NULL);
		gr_arena_destroy(arena);
	}
	for (at = 1; at <= total; at += (total / 12) + 1)
		run_cancelled(zip, len, at);
	cancel_at = 0;
	free(zip);
	free(body);
}

void		suite_docx(void);

void
suite_docx(void)
{
	grids = gr_arena_create();
	test_runs_and_paragraphs();
	test_spans();
	test_cell_text();
	test_nested_table();
	test_skipped_markup();
	test_properties();
	gr_arena_destroy(grids);
	test_fixture();
	test_zip_bomb();
	test_lying_sizes();
	test_broken_containers();
	test_names();
	test_xml_hostility();
	test_nesting_limit();
	test_cancel_releases();
	unit_current = "suite_docx";
}
