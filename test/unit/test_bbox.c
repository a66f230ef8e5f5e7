/*
 * test_bbox.c — the pdftotext -bbox-layout lexer (src/core/bbox.c).
 *
 * Every fixture is built here, word by word, with made-up labels and
 * numbers: rows whose label and numbers sit at different heights, labels
 * wrapped over lines, vertical labels, gaps, page footers, hostile markup
 * (entities and DTDs pointing at local files) and malformed XML.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "gr_internal.h"

/* ------------------------------------------------------------- fixtures */

typedef struct xdoc
{
	char	   *s;
	size_t		len;
	size_t		cap;
} xdoc;

static void
put(xdoc *d, const char *fmt, ...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	while (d->len + (size_t) n + 1 > d->cap)
	{
		d->cap = d->cap ? d->cap * 2 : 4096;
		d->s = realloc(d->s, d->cap);
	}
	va_start(ap, fmt);
	vsnprintf(d->s + d->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	d->len += (size_t) n;
}

/* The head pdftotext prints (an external DTD reference it never needs). */
static void
head(xdoc *d, const char *doctype)
{
	d->len = 0;
	put(d, "%s<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<title>t</title>\n</head>\n<body>\n<doc>\n",
		doctype ? doctype :
		"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">");
}

static void
page(xdoc *d)
{
	put(d, "  <page width=\"600.000000\" height=\"800.000000\">\n    <flow>\n");
}

static void
end_page(xdoc *d)
{
	put(d, "    </flow>\n  </page>\n");
}

static void
tail(xdoc *d)
{
	put(d, "</doc>\n</body>\n</html>\n");
}

/* One word in a block and line of its own, as pdftotext prints table cells. */
static void
cell(xdoc *d, double x0, double y0, double x1, double y1, const char *text)
{
	put(d, "      <block xMin=\"%f\" yMin=\"%f\" xMax=\"%f\" yMax=\"%f\">\n"
		"        <line xMin=\"%f\" yMin=\"%f\" xMax=\"%f\" yMax=\"%f\">\n"
		"          <word xMin=\"%f\" yMin=\"%f\" xMax=\"%f\" yMax=\"%f\">%s</word>\n"
		"        </line>\n      </block>\n",
		x0, y0, x1, y1, x0, y0, x1, y1, x0, y0, x1, y1, text);
}

/* Several words in one pdftotext line: "x0 y0 x1 y1 text" per word. */
static void
line_words(xdoc *d, int n, const double *boxes, const char *const *texts)
{
	int			i;

	put(d, "      <block>\n        <line>\n");
	for (i = 0; i < n; i++)
		put(d, "          <word xMin=\"%f\" yMin=\"%f\" xMax=\"%f\" yMax=\"%f\">%s</word>\n",
			boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3], texts[i]);
	put(d, "        </line>\n      </block>\n");
}

/* A CJK label of n characters, 10 points each, starting at x. */
static void
label(xdoc *d, double x, double y0, const char *text)
{
	size_t		i,
				n = 0;

	for (i = 0; text[i]; i++)
		if (((unsigned char) text[i] & 0xC0) != 0x80)
			n++;
	cell(d, x, y0, x + 10.0 * (double) n, y0 + 9.0, text);
}

/* Numbers in columns 30 points apart from x = 300, 14 points tall. */
static void
numbers(xdoc *d, double y0, int n, const int *v)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		char		buf[16];

		snprintf(buf, sizeof(buf), "%d", v[i]);
		cell(d, 300.0 + 30.0 * i, y0, 300.0 + 30.0 * i + 6.0 * (double) strlen(buf), y0 + 14.0, buf);
	}
}

static gr_arena *arena;
static gr_mem mem;

static bool
lex(const xdoc *d, gr_grid *g, gr_error *err)
{
	memset(err, 0, sizeof(*err));
	memset(g, 0, sizeof(*g));
	return gr_lex_bbox(&mem, d->s, d->len, g, NULL, err);
}

/* The grid line whose first cell is text, or NULL. */
static const gr_line *
find(const gr_grid *g, const char *first_cell)
{
	int			i;

	for (i = 0; i < g->nlines; i++)
		if (g->lines[i].ncells > 0 && strcmp(g->lines[i].cells[0], first_cell) == 0)
			return &g->lines[i];
	return NULL;
}

static int
index_of(const gr_grid *g, const gr_line *l)
{
	return l ? (int) (l - g->lines) : -1;
}

static bool
grid_contains(const gr_grid *g, const char *needle)
{
	int			i,
				k;

	for (i = 0; i < g->nlines; i++)
	{
		if (strstr(g->lines[i].text, needle))
			return true;
		for (k = 0; k < g->lines[i].ncells; k++)
			if (strstr(g->lines[i].cells[k], needle))
				return true;
	}
	return false;
}

static void
check_row(const gr_line *l, const char *lab, int n, const char *const *vals)
{
	int			i;

	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK_EQ_INT(l->ncells, n + 1);
	CHECK_EQ_STR(l->cells[0], lab);
	for (i = 0; i < n && i + 1 < l->ncells; i++)
		CHECK_EQ_STR(l->cells[i + 1], vals[i]);
	CHECK_EQ_INT(l->origin, GR_ORIGIN_LINE);
}

/* ---------------------------------------------------------------- tests */

/* Label and numbers in separate blocks, their centres 1.5 points apart. */
static void
test_row_offset(void)
{
	xdoc		d = {0};
	gr_grid		g;
	gr_error	err;
	static const int v1[] = {7, 12, 19},
				v2[] = {0, 3, 3},
				v3[] = {1, 1, 2};
	static const char *const s1[] = {"7", "12", "19"},
			   *const s2[] = {"0", "3", "3"},
			   *const s3[] = {"1", "1", "2"};

	head(&d, NULL);
	page(&d);
	numbers(&d, 100.0, 3, v1);			/* centre 107 */
	label(&d, 80.0, 104.0, "橡树登记");	/* centre 108.5 */
	label(&d, 80.0, 126.0, "松树登记");	/* centre 130.5 */
	numbers(&d, 122.0, 3, v2);			/* centre 129 */
	label(&d, 80.0, 150.5, "柏树登记");	/* centre 155, numbers' 151: 4 off */
	numbers(&d, 144.0, 3, v3);
	end_page(&d);
	tail(&d);
	CHECK(lex(&d, &g, &err));
	CHECK_EQ_INT(g.nlines, 3);
	check_row(find(&g, "橡树登记"), "橡树登记", 3, s1);
	check_row(find(&g, "松树登记"), "松树登记", 3, s2);
	check_row(find(&g, "柏树登记"), "柏树登记", 3, s3);
	CHECK(index_of(&g, find(&g, "橡树登记")) < index_of(&g, find(&g, "松树登记")));
	free(d.s);
}

/*
 * A label wrapped over two lines, centred on its numbers, becomes one row;
 * a group label half a line off a row's centre stays a line of its own.
 */
static void
test_wrapped_label(void)
{
	xdoc		d = {0};
	gr_grid		g;
	gr_error	err;
	static const int v1[] = {4, 0, 4},
				v2[] = {2, 1, 3},
				v3[] = {5, 5, 10};
	static const char *const s1[] = {"4", "0", "4"},
			   *const s2[] = {"2", "1", "3"};
	const gr_line *wrapped,
			   *group,
			   *after;

	head(&d, NULL);
	page(&d);
	label(&d, 80.0, 200.0, "甲乙丙丁戊己庚辛");	/* first line of the label */
	numbers(&d, 203.5, 3, v1);						/* centre 210.5 */
	label(&d, 80.0, 213.0, "壬癸");					/* second line */
	/* a group label straddling two labelled rows */
	label(&d, 80.0, 246.0, "（九）某组");			/* 246..255 */
	label(&d, 150.0, 232.0, "子项一");				/* row at centre 238.5 */
	numbers(&d, 231.5, 3, v2);
	label(&d, 150.0, 254.0, "子项二");				/* row at centre 260.5 */
	numbers(&d, 253.5, 3, v3);
	end_page(&d);
	tail(&d);
	CHECK(lex(&d, &g, &err));
	wrapped = find(&g, "甲乙丙丁戊己庚辛 壬癸");
	check_row(wrapped, "甲乙丙丁戊己庚辛 壬癸", 3, s1);
	CHECK(find(&g, "壬癸") == NULL);
	group = find(&g, "(九)某组");	/* normalised: full-width parentheses */
	CHECK(group != NULL);
	if (group)
		CHECK_EQ_INT(group->ncells, 1);
	check_row(find(&g, "子项一"), "子项一", 3, s2);
	after = find(&g, "子项二");
	CHECK(after != NULL && after->ncells == 4);
	CHECK(index_of(&g, find(&g, "子项一")) < index_of(&g, group));
	CHECK(index_of(&g, group) < index_of(&g, after));
	CHECK_EQ_INT(g.nlines, 4);
	free(d.s);
}

/*
 * Gaps: words closer than a character form one token ("商号 企业" stays one
 * label, "470.31" "万元" one value); a wide gap separates cells; numbers
 * printed close together are still one cell each.
 */
static void
test_gaps(void)
{
	xdoc		d = {0};
	gr_grid		g;
	gr_error	err;
	static const double b1[] = {
		80, 300, 100, 309,		/* 商号 */
		104, 300, 124, 309,		/* 企业: 4 points on, under a character */
		200, 298, 212, 312,		/* 35 */
		215, 298, 221, 312,		/* 6: 3 points after 35, still its own cell */
		300, 298, 336, 312,		/* 470.31 */
		337, 298, 357, 312		/* 万元 */
	};
	static const char *const t1[] = {"商号", "企业", "35", "6", "470.31", "万元"};
	static const double b2[] = {
		80, 330, 120, 339,		/* 合计金额 */
		140, 330, 150, 339,		/* 减 */
		151, 328, 157, 342,		/* 4 */
		220, 328, 232, 342		/* 16 */
	};
	static const char *const t2[] = {"合计金额", "减", "4", "16"};
	static const char *const v1[] = {"35", "6", "470.31万元"},
			   *const v2[] = {"减4", "16"};
	const gr_line *l;

	head(&d, NULL);
	page(&d);
	line_words(&d, 6, b1, t1);
	line_words(&d, 4, b2, t2);
	end_page(&d);
	tail(&d);
	CHECK(lex(&d, &g, &err));
	l = find(&g, "商号 企业");
	check_row(l, "商号 企业", 3, v1);
	l = find(&g, "合计金额");
	check_row(l, "合计金额", 2, v2);
	if (l)
	{
		gr_value	v = gr_value_parse(l->cells[1], strlen(l->cells[1]));

		CHECK_EQ_INT(v.kind, GR_V_NUMBER);
		CHECK_EQ_INT(v.num.mant, -4);
	}
	free(d.s);
}

/* "-2-" and "第 3 页" are dropped anywhere, a bare number only in the margin. */
static void
test_page_footer(void)
{
	xdoc		d = {0};
	gr_grid		g;
	gr_error	err;
	static const int v[] = {8, 9};
	int			i;

	head(&d, NULL);
	page(&d);
	label(&d, 80.0, 100.0, "第一页正文");
	cell(&d, 290.0, 760.0, 310.0, 776.0, "-2-");
	end_page(&d);
	page(&d);
	label(&d, 80.0, 100.0, "第二页正文");
	cell(&d, 280.0, 400.0, 320.0, 409.0, "第 3 页");
	label(&d, 80.0, 500.0, "某行");
	numbers(&d, 497.5, 2, v);
	cell(&d, 297.0, 770.0, 303.0, 784.0, "3");	/* bottom margin, last line */
	end_page(&d);
	page(&d);
	cell(&d, 297.0, 400.0, 303.0, 414.0, "5");	/* a lone number mid-page stays */
	end_page(&d);
	tail(&d);
	CHECK(lex(&d, &g, &err));
	CHECK_EQ_INT(g.nlines, 4);
	CHECK(find(&g, "-2-") == NULL);
	CHECK(find(&g, "第 3 页") == NULL);
	CHECK(find(&g, "3") == NULL);
	CHECK(find(&g, "5") != NULL);
	CHECK(find(&g, "某行") != NULL && find(&g, "某行")->ncells == 3);
	for (i = 0; i < g.nlines; i++)
		CHECK(strstr(g.lines[i].text, "-2-") == NULL);
	free(d.s);
}

/* A label set vertically in a merged cell: its characters, stacked in one
 * pdftotext line, become one label line before the rows it spans. */
static void
test_vertical_label(void)
{
	xdoc		d = {0};
	gr_grid		g;
	gr_error	err;
	static const double boxes[] = {
		60, 300, 70, 310,
		60, 310.2, 70, 330,
		60, 330.1, 70, 340,
		60, 340.1, 70, 360
	};
	static const char *const texts[] = {"五", "、甲", "组", "名称"};
	static const int v1[] = {1, 2},
				v2[] = {3, 4};
	const gr_line *vert;

	head(&d, NULL);
	page(&d);
	label(&d, 100.0, 305.0, "首行");
	numbers(&d, 302.5, 2, v1);
	line_words(&d, 4, boxes, texts);
	label(&d, 100.0, 325.0, "次行");
	numbers(&d, 322.5, 2, v2);
	end_page(&d);
	tail(&d);
	CHECK(lex(&d, &g, &err));
	vert = find(&g, "五、甲组名称");
	CHECK(vert != NULL);
	if (vert)
		CHECK_EQ_INT(vert->ncells, 1);
	CHECK(find(&g, "首行") && find(&g, "首行")->ncells == 3);
	CHECK(find(&g, "次行") && find(&g, "次行")->ncells == 3);
	CHECK(find(&g, "五") == NULL && find(&g, "、甲") == NULL && find(&g, "名称") == NULL);
	CHECK(index_of(&g, vert) == 0);
	CHECK_EQ_INT(g.nlines, 3);
	free(d.s);
}

/* Full-width digits and punctuation are normalised before cells are cut. */
static void
test_normalised(void)
{
	xdoc		d = {0};
	gr_grid		g;
	gr_error	err;
	const gr_line *l;

	head(&d, NULL);
	page(&d);
	label(&d, 80.0, 100.0, "（二）某项");
	cell(&d, 300.0, 98.0, 312.0, 112.0, "１２");
	end_page(&d);
	tail(&d);
	CHECK(lex(&d, &g, &err));
	l = find(&g, "(二)某项");
	CHECK(l != NULL && l->ncells == 2);
	if (l && l->ncells == 2)
		CHECK_EQ_STR(l->cells[1], "12");
	free(d.s);
}

/* Metadata copied raw from a UTF-16 PDF title brings control characters. */
static void
test_control_characters(void)
{
	xdoc		d = {0};
	gr_grid		g;
	gr_error	err;

	d.len = 0;
	put(&d, "<html><head><title>\xC3\xBF\xC3\xBE*m\x11l\x01</title></head><body><doc>");
	page(&d);
	label(&d, 80.0, 100.0, "正文");
	end_page(&d);
	tail(&d);
	CHECK(lex(&d, &g, &err));
	CHECK(find(&g, "正文") != NULL);
	free(d.s);
}

/* Writes text to a fresh temporary file; returns its path (static). */
static const char *
temp_file(char *path, size_t size, const char *text)
{
	int			fd;

	snprintf(path, size, "/tmp/govreport-bbox-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	if (write(fd, text, strlen(text)) != (ssize_t) strlen(text))
	{
		close(fd);
		return NULL;
	}
	close(fd);
	return path;
}

/*
 * Entities are never substituted and no DTD is ever loaded: an external
 * entity, an external DTD declaring an entity, and an external parameter
 * entity, all pointing at local files, leave no trace of those files.
 */
static void
test_no_external_entities(void)
{
	char		secret_path[64],
				dtd_path[64],
				doctype[512];
	const char *secret = temp_file(secret_path, sizeof(secret_path), "BBOX-SECRET-7f3a9c\n");
	const char *dtd = temp_file(dtd_path, sizeof(dtd_path),
								"<!ENTITY leak \"BBOX-DTD-41e2b8\">\n<!ENTITY inner \"BBOX-DTD-41e2b8\">\n");
	char	   *hostname = NULL;
	size_t		hlen = 0;
	xdoc		d = {0};
	gr_grid		g;
	gr_error	err;

	CHECK(secret != NULL && dtd != NULL);
	if (!secret || !dtd)
		return;
	hostname = unit_read_file("/etc/hostname", &hlen);
	while (hostname && hlen > 0 && (hostname[hlen - 1] == '\n' || hostname[hlen - 1] == ' '))
		hostname[--hlen] = '\0';

	/* an external general entity (file path and file: URL) and /etc/hostname */
	snprintf(doctype, sizeof(doctype),
			 "<!DOCTYPE html [\n<!ENTITY sec SYSTEM \"file://%s\">\n<!ENTITY sec2 SYSTEM \"%s\">\n"
			 "<!ENTITY host SYSTEM \"/etc/hostname\">\n]>\n", secret, secret);
	head(&d, doctype);
	page(&d);
	label(&d, 80.0, 100.0, "甲&sec;乙&sec2;丙&host;");
	label(&d, 80.0, 130.0, "可见文字");
	end_page(&d);
	tail(&d);
	CHECK(lex(&d, &g, &err));
	CHECK(find(&g, "可见文字") != NULL);
	CHECK(find(&g, "甲乙丙") != NULL);
	CHECK(!grid_contains(&g, "BBOX-SECRET"));
	if (hostname && hlen > 0)
		CHECK(!grid_contains(&g, hostname));

	/* an external DTD that declares the entity used in a word */
	snprintf(doctype, sizeof(doctype), "<!DOCTYPE html SYSTEM \"%s\">\n", dtd);
	head(&d, doctype);
	page(&d);
	label(&d, 80.0, 100.0, "丁&leak;戊");
	end_page(&d);
	tail(&d);
	if (lex(&d, &g, &err))
		CHECK(!grid_contains(&g, "BBOX-DTD"));
	else
		CHECK(strstr(err.detail, "BBOX-DTD") == NULL);

	/* an external parameter entity pulled into the internal subset */
	snprintf(doctype, sizeof(doctype), "<!DOCTYPE html [\n<!ENTITY %% ext SYSTEM \"%s\">\n%%ext;\n]>\n", dtd);
	head(&d, doctype);
	page(&d);
	label(&d, 80.0, 100.0, "己&inner;庚");
	end_page(&d);
	tail(&d);
	if (lex(&d, &g, &err))
		CHECK(!grid_contains(&g, "BBOX-DTD"));
	else
		CHECK(strstr(err.detail, "BBOX-DTD") == NULL);

	/* an internal entity is not substituted either: it is simply skipped */
	head(&d, "<!DOCTYPE html [\n<!ENTITY inl \"BBOX-INLINE-5d\">\n]>\n");
	page(&d);
	label(&d, 80.0, 100.0, "辛&inl;壬");
	end_page(&d);
	tail(&d);
	CHECK(lex(&d, &g, &err));
	CHECK(!grid_contains(&g, "BBOX-INLINE"));
	CHECK(find(&g, "辛壬") != NULL);

	unlink(secret_path);
	unlink(dtd_path);
	free(hostname);
	free(d.s);
}

/* Malformed XML and words without boxes: a clear error, never a crash. */
static void
test_malformed(void)
{
	static const char *const bad[] = {
		"<doc><page><flow><block><line><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\">甲</line></block></flow></page></doc>",
		"<doc><page><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\">甲</word>",
		"<doc><page><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\">甲&乙</word></page></doc>",
		"<doc><page><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\" xMin=\"3\">甲</word></page></doc>",
		"<doc><page><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\">甲</word></page></doc><doc/>",
		"<doc>\xEF\xBF\xBE<",
		"<doc><page><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\">&#1;</word></page></doc>",
	};
	xdoc		d = {0};
	gr_grid		g;
	gr_error	err;
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		d.len = 0;
		put(&d, "%s", bad[i]);
		CHECK(!lex(&d, &g, &err));
		CHECK_EQ_INT(err.status, GR_ERR_NOT_REPORT);
		CHECK(strstr(err.detail, "not well-formed") != NULL);
	}

	/* a word without its box */
	d.len = 0;
	put(&d, "<doc><page>\n<word xMin=\"1\" yMin=\"1\" xMax=\"x\" yMax=\"2\">甲</word></page></doc>");
	CHECK(!lex(&d, &g, &err));
	CHECK_EQ_INT(err.status, GR_ERR_NOT_REPORT);
	CHECK(strstr(err.detail, "line 2") != NULL);

	/* well-formed, but no text at all (a scanned PDF) */
	d.len = 0;
	put(&d, "<doc><page width=\"600\" height=\"800\"></page></doc>");
	CHECK(!lex(&d, &g, &err));
	CHECK_EQ_INT(err.status, GR_ERR_NOT_REPORT);
	CHECK(strstr(err.detail, "no <word>") != NULL);

	/* through the entry point: detected as bbox, rejected, no report */
	d.len = 0;
	put(&d, "<doc><page><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\">甲</wrd></page></doc>");
	memset(&err, 0, sizeof(err));
	CHECK(gr_parse_document(&mem, d.s, d.len, NULL, &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_NOT_REPORT);
	CHECK(strstr(err.detail, "not well-formed") != NULL);
	free(d.s);
}

/* ------------------------------------------------- a report, end to end */

static const gr_cell *
cell_of(const gr_report *rep, const char *key)
{
	int			i = gr_template_find_cell(rep->tpl, key, strlen(key));

	return i >= 0 ? &rep->cells[i] : NULL;
}

static void
check_cell(const gr_report *rep, const char *key, int value)
{
	const gr_cell *c = cell_of(rep, key);

	CHECK(c != NULL);
	if (c == NULL)
		return;
	if (c->state != GR_REPORTED || c->value.mant != value || c->value.scale != 0)
		printf("  cell %s: state %d value %lld\n", key, c->state, (long long) c->value.mant);
	CHECK_EQ_INT(c->state, GR_REPORTED);
	CHECK_EQ_INT(c->value.mant, value);
}

/*
 * A small report as pdftotext -bbox-layout prints it: title over two lines,
 * table 2 with numbers off their labels' height, table 3 with a wrapped
 * label, a vertical group label and a page break with its footer inside
 * the table, table 4 as one row of 15 numbers.
 */
static void
test_report(void)
{
	xdoc		d = {0};
	gr_error	err;
	gr_report  *rep;
	static const int t2a[] = {2, 1, 9},
				t2b[] = {6, 0, 14};
	static const int t3[][7] = {
		{30, 2, 0, 0, 1, 0, 33},	/* received */
		{1, 0, 0, 0, 0, 0, 1},		/* carried over */
		{20, 1, 0, 0, 1, 0, 22},	/* granted */
		{3, 0, 0, 0, 0, 0, 3},		/* partly granted (wrapped label) */
	};
	static const int t4[] = {3, 1, 0, 0, 4, 2, 0, 0, 0, 2, 1, 0, 0, 0, 1};
	char		key[64];
	int			i,
				j;
	double		y;

	head(&d, NULL);
	page(&d);
	cell(&d, 200, 60, 340, 80, "某某市林业局");
	cell(&d, 130, 90, 174, 110, "2023");
	cell(&d, 178, 90, 464, 110, "年政府信息公开工作年度报告");
	label(&d, 70, 140, "二、主动公开政府信息情况");
	label(&d, 240, 170, "第二十条第（一）项");
	label(&d, 120, 200, "信息内容");
	label(&d, 240, 200, "本年制发件数");
	label(&d, 80, 232, "规章");
	numbers(&d, 229.0, 3, t2a);
	label(&d, 80, 262, "行政规范性文件");
	numbers(&d, 259.5, 3, t2b);
	label(&d, 70, 300, "三、收到和处理政府信息公开申请情况");
	y = 340;
	for (i = 0; i < 3; i++, y += 22)
	{
		static const char *const labels[] = {
			"一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开"
		};

		label(&d, i < 2 ? 70 : 110, y + 2.5, labels[i]);
		numbers(&d, y, 7, t3[i]);
	}
	/* a vertical group label down the left edge, stacked in one line */
	{
		static const double boxes[] = {
			52, 400, 62, 410, 52, 410.1, 62, 430, 52, 430.1, 62, 450, 52, 450.1, 62, 470
		};
		static const char *const texts[] = {"三", "、本", "年度办", "理结果"};

		line_words(&d, 4, boxes, texts);
	}
	label(&d, 110, 400, "（二）部分公开（区分处理的，只计这一");
	numbers(&d, 403.5, 7, t3[3]);
	label(&d, 110, 413, "情形，不计其他情形）");
	cell(&d, 290, 760, 310, 776, "-1-");
	end_page(&d);
	page(&d);
	label(&d, 70, 100, "四、政府信息公开行政复议、行政诉讼情况");
	label(&d, 80, 130, "行政复议");
	label(&d, 300, 130, "行政诉讼");
	for (i = 0; i < 15; i++)
	{
		char		buf[8];

		snprintf(buf, sizeof(buf), "%d", t4[i]);
		cell(&d, 70 + 30.0 * i, 160, 76 + 30.0 * i, 174, buf);
	}
	label(&d, 70, 220, "五、存在的主要问题及改进情况");
	end_page(&d);
	tail(&d);

	memset(&err, 0, sizeof(err));
	rep = gr_parse_document(&mem, d.s, d.len, NULL, &err);
	CHECK(rep != NULL);
	if (rep == NULL)
	{
		printf("  %s: %s\n", err.message, err.detail);
		free(d.s);
		return;
	}
	CHECK_EQ_INT(rep->year, 2023);
	CHECK(rep->agency != NULL && strcmp(rep->agency, "某某市林业局") == 0);
	check_cell(rep, "t2.rules.issued", 2);
	check_cell(rep, "t2.rules.repealed", 1);
	check_cell(rep, "t2.rules.in_force", 9);
	check_cell(rep, "t2.normative_documents.issued", 6);
	check_cell(rep, "t2.normative_documents.in_force", 14);
	for (i = 0; i < 4; i++)
	{
		static const char *const rows[] = {"received", "carried_over", "granted", "partly_granted"};
		static const char *const cols[] = {
			"natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"
		};

		for (j = 0; j < 7; j++)
		{
			snprintf(key, sizeof(key), "t3.%s.%s", rows[i], cols[j]);
			check_cell(rep, key, t3[i][j]);
		}
	}
	for (i = 0; i < rep->tpl->ncells; i++)
		if (strncmp(rep->tpl->cells[i].key, "t4.", 3) == 0)
		{
			int			k = 0,
						c;

			for (c = 0; c < i; c++)
				if (strncmp(rep->tpl->cells[c].key, "t4.", 3) == 0)
					k++;
			check_cell(rep, rep->tpl->cells[i].key, t4[k]);
		}
	free(d.s);
}

/* ------------------------------------------------ interrupts and cleanup */

static jmp_buf interrupt_jump;
static int	interrupt_calls;
static int	interrupt_at;

static void
interrupt_now(void)
{
	if (++interrupt_calls == interrupt_at)
		longjmp(interrupt_jump, 1);
}

/*
 * check_interrupts is called while the words are read, and again while
 * lines are built; a jump out of it leaves libxml2's reader in the held
 * slot for the caller to free (LeakSanitizer checks the release).
 */
static void
test_interrupts(void)
{
	xdoc		d = {0};
	gr_grid		g;
	gr_error	err;
	gr_held		held = {NULL, NULL};
	gr_parse_options opts;
	int			i,
				total;

	head(&d, NULL);
	page(&d);
	for (i = 0; i < 3000; i++)
		cell(&d, 80.0 + (i % 10) * 40.0, 100.0 + (i / 10) * 2.0, 110.0 + (i % 10) * 40.0,
			 101.5 + (i / 10) * 2.0, "字");
	end_page(&d);
	tail(&d);
	memset(&opts, 0, sizeof(opts));
	opts.check_interrupts = interrupt_now;
	opts.held = &held;

	/* count the calls of a full run */
	interrupt_calls = 0;
	interrupt_at = -1;
	memset(&err, 0, sizeof(err));
	CHECK(gr_lex_bbox(&mem, d.s, d.len, &g, &opts, &err));
	total = interrupt_calls;
	CHECK(total > 5);
	CHECK(held.release == NULL);

	/* jump out during reading (after the markup pre-scan's polls): the
	 * reader is held */
	interrupt_calls = 0;
	CHECK(gr_markup_prescan(d.s, d.len, false, &opts, &err));
	interrupt_at = interrupt_calls + 2;
	interrupt_calls = 0;
	if (setjmp(interrupt_jump) == 0)
	{
		gr_lex_bbox(&mem, d.s, d.len, &g, &opts, &err);
		CHECK(!"check_interrupts did not jump");
	}
	else
	{
		CHECK(held.release != NULL && held.resource != NULL);
		gr_release_held(&held);
		CHECK(held.release == NULL && held.resource == NULL);
	}

	/* jump out after reading: nothing is held */
	interrupt_calls = 0;
	interrupt_at = total;
	if (setjmp(interrupt_jump) == 0)
	{
		gr_lex_bbox(&mem, d.s, d.len, &g, &opts, &err);
		CHECK(!"check_interrupts did not jump");
	}
	else
		CHECK(held.release == NULL);
	free(d.s);
}

void		suite_bbox(void);

void
suite_bbox(void)
{
	arena = gr_arena_create();
	mem = gr_arena_mem(arena);
	test_row_offset();
	test_wrapped_label();
	test_gaps();
	test_page_footer();
	test_vertical_label();
	test_normalised();
	test_control_characters();
	test_no_external_entities();
	test_malformed();
	test_report();
	test_interrupts();
	gr_arena_destroy(arena);
}
