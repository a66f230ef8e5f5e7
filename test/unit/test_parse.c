/*
 * test_parse.c — the text lexer and the recogniser.
 *
 * One report's numbers are rendered in each text layout the parser reads
 * (one cell per line, label and numbers on a line with tabs or aligned
 * spaces, pipe tables) and every layout must give back every cell.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "gr_internal.h"

/* ------------------------------------------------------------ the numbers */

typedef struct t3row
{
	const char *label;
	const char *code;
	int			v[7];
} t3row;

static const t3row t3[] = {
	{"一、本年新收政府信息公开申请数量", "received", {40, 5, 1, 0, 2, 0, 48}},
	{"二、上年结转政府信息公开申请数量", "carried_over", {3, 0, 0, 0, 0, 0, 3}},
	{"（一）予以公开", "granted", {12, 2, 0, 0, 1, 0, 15}},
	{"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partly_granted", {4, 0, 0, 0, 0, 0, 4}},
	{"1.属于国家秘密", "denied_state_secret", {0, 0, 0, 0, 0, 0, 0}},
	{"2.其他法律行政法规禁止公开", "denied_prohibited_by_law", {1, 0, 0, 0, 0, 0, 1}},
	{"3.危及“三安全一稳定”", "denied_security_stability", {0, 0, 0, 0, 0, 0, 0}},
	{"4.保护第三方合法权益", "denied_third_party", {2, 0, 0, 0, 0, 0, 2}},
	{"5.属于三类内部事务信息", "denied_internal_affairs", {0, 0, 0, 0, 0, 0, 0}},
	{"6.属于四类过程性信息", "denied_process_info", {1, 1, 0, 0, 0, 0, 2}},
	{"7.属于行政执法案卷", "denied_enforcement_file", {0, 0, 0, 0, 0, 0, 0}},
	{"8.属于行政查询事项", "denied_inquiry_matter", {0, 0, 0, 0, 0, 0, 0}},
	{"1.本机关不掌握相关政府信息", "unavailable_not_held", {14, 1, 1, 0, 1, 0, 17}},
	{"2.没有现成信息需要另行制作", "unavailable_needs_creation", {2, 0, 0, 0, 0, 0, 2}},
	{"3.补正后申请内容仍不明确", "unavailable_unclear", {1, 0, 0, 0, 0, 0, 1}},
	{"1.信访举报投诉类申请", "rejected_petition", {3, 0, 0, 0, 0, 0, 3}},
	{"2.重复申请", "rejected_repeat", {1, 0, 0, 0, 0, 0, 1}},
	{"3.要求提供公开出版物", "rejected_publication", {0, 0, 0, 0, 0, 0, 0}},
	{"4.无正当理由大量反复申请", "rejected_excessive", {0, 0, 0, 0, 0, 0, 0}},
	{"5.要求行政机关确认或重新出具已获取信息", "rejected_confirmation", {0, 0, 0, 0, 0, 0, 0}},
	{"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_no_correction", {1, 0, 0, 0, 0, 0, 1}},
	{"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_no_fee", {0, 0, 0, 0, 0, 0, 0}},
	{"3.其他", "other_misc", {2, 0, 0, 0, 0, 0, 2}},
	{"（七）总计", "concluded", {44, 4, 1, 0, 2, 0, 51}},
	{"四、结转下年度继续办理", "carried_forward", {-1, 1, 0, 0, 0, 0, 0}},
};

/* Group labels printed before the row of the given index. */
static const char *
group_before(int i)
{
	switch (i)
	{
		case 2:
			return "三、本年度办理结果";
		case 4:
			return "（三）不予公开";
		case 12:
			return "（四）无法提供";
		case 15:
			return "（五）不予处理";
		case 20:
			return "（六）其他处理";
		default:
			return NULL;
	}
}

static const int t4[15] = {2, 1, 0, 1, 4, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1};

typedef enum layout
{
	ONE_PER_LINE, TABS, ALIGNED, PIPES
} layout;

typedef struct buf
{
	char	   *s;
	size_t		len,
				cap;
} buf;

static void
put(buf *b, const char *s)
{
	size_t		n = strlen(s);

	if (b->len + n + 1 > b->cap)
	{
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void
put_row(buf *b, layout lay, const char *label, const int *v, int n)
{
	char		num[32];
	int			i;

	if (lay == PIPES)
		put(b, "| ");
	if (label)
		put(b, label);
	for (i = 0; i < n; i++)
	{
		snprintf(num, sizeof(num), "%d", v[i]);
		switch (lay)
		{
			case ONE_PER_LINE:
				put(b, (label || i > 0) ? "\n\n" : "");
				break;
			case TABS:
				put(b, (label || i > 0) ? "\t" : "");
				break;
			case ALIGNED:
				put(b, (label || i > 0) ? "      " : "    ");
				break;
			case PIPES:
				put(b, (label || i > 0) ? " | " : "");
				break;
		}
		put(b, num);
	}
	put(b, lay == PIPES ? " |\n" : "\n");
	if (lay == ONE_PER_LINE)
		put(b, "\n");
}

/* carried_forward's -1 marks a printed placeholder ("—"), i.e. a blank. */
static char *
render(layout lay, int drop_row)
{
	buf			b = {NULL, 0, 0};
	int			i;
	static const int rules[3] = {0, 0, 0},
				normative[3] = {15, 2, 229},
				licensing[1] = {31},
				none[1] = {0};

	put(&b, "首页 > 政务公开 > 年度报告\n示例局2023年政府信息公开工作年度报告\n发布日期：2024年1月15日\n");
	put(&b, "一、总体情况\n本局全年新收政府信息公开申请48件。\n二、主动公开政府信息情况\n第二十条第（一）项\n");
	put(&b, "信息内容 本年制发件数 本年废止件数 现行有效件数\n");
	if (lay == PIPES)
		put(&b, "|---|---|---|---|\n");
	put_row(&b, lay, "规章", rules, 3);
	put_row(&b, lay, "行政规范性文件", normative, 3);
	put(&b, "第二十条第（五）项\n");
	put_row(&b, lay, "行政许可", licensing, 1);
	put(&b, "第二十条第（六）项\n");
	put_row(&b, lay, "行政处罚", none, 1);
	put_row(&b, lay, "行政强制", none, 1);
	put(&b, "第二十条第（八）项\n");
	put_row(&b, lay, "行政事业性收费", none, 1);
	put(&b, "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n");
	if (lay == PIPES)
		put(&b, "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < 25; i++)
	{
		int			v[7];

		if (group_before(i))
			put(&b, group_before(i)), put(&b, "\n");
		if (i == drop_row)
			continue;
		memcpy(v, t3[i].v, sizeof(v));
		if (v[0] < 0)
		{
			/* a placeholder cell: written as "—" */
			char		line[512];

			snprintf(line, sizeof(line), lay == PIPES ? "| %s | — | 1 | 0 | 0 | 0 | 0 | 0 |\n" :
					 lay == ONE_PER_LINE ? "%s\n\n—\n\n1\n\n0\n\n0\n\n0\n\n0\n\n0\n\n" :
					 lay == TABS ? "%s\t—\t1\t0\t0\t0\t0\t0\n" : "%s    —    1    0    0    0    0    0\n",
					 t3[i].label);
			put(&b, line);
			continue;
		}
		put_row(&b, lay, t3[i].label, v, 7);
	}
	put(&b, "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n");
	if (lay == ONE_PER_LINE)
	{
		for (i = 0; i < 15; i++)
		{
			char		num[16];

			snprintf(num, sizeof(num), "%d\n\n", t4[i]);
			put(&b, num);
		}
	}
	else
		put_row(&b, lay, NULL, t4, 15);
	put(&b, "五、存在的主要问题及改进情况\n本年度工作仍有不足。\n六、其他需要报告的事项\n无。\n");
	return b.s;
}

static gr_report *
parse(gr_mem *mem, const char *doc, gr_error *err)
{
	memset(err, 0, sizeof(*err));
	return gr_parse_text(mem, doc, strlen(doc), NULL, err);
}

static const gr_cell *
cell_of(const gr_report *rep, const char *key)
{
	int			i = gr_template_find_cell(rep->tpl, key, strlen(key));

	return i >= 0 ? &rep->cells[i] : NULL;
}

static const gr_finding *
find_finding(const gr_report *rep, const char *code)
{
	int			i;

	for (i = 0; i < rep->nfindings; i++)
		if (strcmp(rep->findings[i].code, code) == 0)
			return &rep->findings[i];
	return NULL;
}

static bool
has_finding(const gr_report *rep, const char *code)
{
	return find_finding(rep, code) != NULL;
}

static const char *const cols[] = {
	"natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"
};

/* Every cell of the rendered report, compared with the numbers. */
static void
check_all_cells(const gr_report *rep, const char *layout_name)
{
	char		key[96];
	int			i,
				k,
				wrong = 0;

	for (i = 0; i < 25; i++)
		for (k = 0; k < 7; k++)
		{
			const gr_cell *c;
			bool		ok;

			snprintf(key, sizeof(key), "t3.%s.%s", t3[i].code, cols[k]);
			c = cell_of(rep, key);
			if (t3[i].v[k] < 0)
				ok = c && c->state == GR_BLANK;
			else
				ok = c && c->state == GR_REPORTED && c->value.mant == t3[i].v[k];
			if (!ok && wrong++ == 0)
				printf("  first wrong cell in layout %s: %s\n", layout_name, key);
		}
	CHECK_EQ_INT(wrong, 0);
	CHECK_EQ_INT(cell_of(rep, "t2.normative_documents.in_force")->value.mant, 229);
	CHECK_EQ_INT(cell_of(rep, "t2.normative_documents.repealed")->value.mant, 2);
	CHECK_EQ_INT(cell_of(rep, "t2.licensing.decisions")->value.mant, 31);
	CHECK_EQ_STR(gr_state_name((gr_state) cell_of(rep, "t2.fees.amount")->state), "reported");
	for (i = 0, wrong = 0; i < 15; i++)
		wrong += rep->cells[gr_template_find_cell(rep->tpl, "t4.review.upheld", 16) + i].value.mant != t4[i];
	CHECK_EQ_INT(wrong, 0);
	CHECK_EQ_INT(cell_of(rep, "t4.litigation_after_review.total")->value.mant, 1);
	CHECK_EQ_INT(rep->year, 2023);
	CHECK_EQ_STR(rep->agency, "示例局");
	CHECK_EQ_STR(rep->published, "2024-01-15");
	/* the template and why, and the prose's "全年新收政府信息公开申请48件",
	 * kept for the checks; nothing else */
	CHECK_EQ_INT(rep->nfindings, 2);
	CHECK(strstr(find_finding(rep, "template_detected")->message, "template 2021") != NULL);
	{
		const gr_finding *f = find_finding(rep, "narrative_count");

		CHECK(f != NULL);
		if (f)
		{
			CHECK_EQ_STR(f->location, "t3.received.total");
			CHECK_EQ_INT(f->nvalues, 1);
			CHECK_EQ_INT(f->values[0].mant, 48);
		}
	}
}

static void
test_layouts(void)
{
	static const char *const names[] = {"one-per-line", "tabs", "aligned", "pipes"};
	int			lay;

	for (lay = ONE_PER_LINE; lay <= PIPES; lay++)
	{
		gr_arena   *arena = gr_arena_create();
		gr_mem		mem = gr_arena_mem(arena);
		gr_error	err;
		char	   *doc = render((layout) lay, -1);
		gr_report  *rep = parse(&mem, doc, &err);

		CHECK(rep != NULL);
		if (rep)
			check_all_cells(rep, names[lay]);
		free(doc);
		gr_arena_destroy(arena);
	}
}

/* A row missing from the document leaves that row absent, named in a
 * finding, and every other row in its place. */
static void
test_missing_row(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	char	   *doc = render(TABS, 9);	/* no 6.属于四类过程性信息 */
	gr_report  *rep = parse(&mem, doc, &err);

	CHECK(rep != NULL);
	CHECK_EQ_STR(gr_state_name((gr_state) cell_of(rep, "t3.denied_process_info.total")->state), "absent");
	CHECK_EQ_INT(cell_of(rep, "t3.denied_enforcement_file.total")->state, GR_REPORTED);
	CHECK_EQ_INT(cell_of(rep, "t3.unavailable_not_held.total")->value.mant, 17);
	CHECK(has_finding(rep, "rows_absent"));
	free(doc);
	gr_arena_destroy(arena);
}

/* Short rows in a flattened document: unique placement is inferred,
 * an ambiguous one is left absent with a finding. */
static void
test_short_rows_in_text(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	char	   *doc = render(TABS, -1);
	char	   *p;
	gr_report  *rep;

	/* drop the research cell of 4.保护第三方合法权益 ("2 0 0 0 0 0 2") */
	p = strstr(doc, "4.保护第三方合法权益\t2\t0\t0");
	CHECK(p != NULL);
	if (!p)
		return;
	p = strstr(p, "\t0\t0");
	memmove(p, p + 2, strlen(p + 2) + 1);
	/* and print the normative-documents row with a cell missing */
	p = strstr(doc, "行政规范性文件\t15\t2\t229");
	CHECK(p != NULL);
	if (!p)
		return;
	p = strstr(p, "\t2\t");
	memmove(p, p + 2, strlen(p + 2) + 1);

	rep = parse(&mem, doc, &err);
	CHECK(rep != NULL);
	CHECK_EQ_INT(cell_of(rep, "t3.denied_third_party.natural_person")->state, GR_INFERRED);
	CHECK_EQ_INT(cell_of(rep, "t3.denied_third_party.natural_person")->value.mant, 2);
	CHECK_EQ_INT(cell_of(rep, "t3.denied_third_party.total")->value.mant, 2);
	CHECK_EQ_INT(cell_of(rep, "t3.denied_process_info.total")->state, GR_REPORTED);
	CHECK(has_finding(rep, "short_row_inferred"));
	CHECK_EQ_INT(cell_of(rep, "t2.normative_documents.issued")->state, GR_ABSENT);
	CHECK(has_finding(rep, "short_row_ambiguous"));
	free(doc);
	gr_arena_destroy(arena);
}

/* 2019-style single （六）其他处理 row inside a 2021 report. */
static void
test_collapsed_other(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	char	   *doc = render(ALIGNED, -1);
	const char *from = strstr(doc, "（六）其他处理");
	const char *to = strstr(doc, "（七）总计");
	char	   *edited;
	gr_report  *rep;

	CHECK(from && to);
	edited = malloc(strlen(doc) + 64);
	memcpy(edited, doc, (size_t) (from - doc));
	strcpy(edited + (from - doc), "（六）其他处理    3    0    0    0    0    0    3\n");
	strcat(edited, to);
	rep = parse(&mem, edited, &err);
	CHECK(rep != NULL);
	CHECK_EQ_INT(cell_of(rep, "t3.other_misc.total")->state, GR_ABSENT);
	CHECK_EQ_INT(cell_of(rep, "t3.concluded.total")->value.mant, 51);
	CHECK(has_finding(rep, "collapsed_group_row"));
	CHECK_EQ_INT(find_finding(rep, "collapsed_group_row")->nvalues, 7);
	free(edited);
	free(doc);
	gr_arena_destroy(arena);
}

static void
test_errors(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	const char	bad_utf8[] = "一、总体情况\n\xE4\xB8";

	CHECK(parse(&mem, "", &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_EMPTY);
	CHECK(parse(&mem, " \n\t\n", &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_EMPTY);
	CHECK(parse(&mem, "今天天气很好。\n明天也不错 12 34\n", &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_NOT_REPORT);
	CHECK(parse(&mem, bad_utf8, &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_ENCODING);
	CHECK_EQ_INT(err.offset, 19);
	CHECK(strstr(err.detail, "19") != NULL);
	gr_arena_destroy(arena);
}

static void
test_values(void)
{
	gr_value	v;

	v = gr_value_parse("１２", strlen("１２"));	/* not normalised: not a number */
	CHECK_EQ_INT(v.kind, GR_V_NONE);
	v = gr_value_parse("251000元", strlen("251000元"));
	CHECK_EQ_INT(v.kind, GR_V_NUMBER);
	CHECK_EQ_INT(v.num.mant, 251000);
	CHECK_EQ_STR(v.unit, "元");
	v = gr_value_parse("470.31万元", strlen("470.31万元"));
	CHECK_EQ_INT(v.num.mant, 47031);
	CHECK_EQ_INT(v.num.scale, 2);
	v = gr_value_parse("减4", strlen("减4"));
	CHECK_EQ_INT(v.num.mant, -4);
	v = gr_value_parse("+1036", 5);
	CHECK_EQ_INT(v.num.mant, 1036);
	v = gr_value_parse("22(其中修订16件)", strlen("22(其中修订16件)"));
	CHECK_EQ_INT(v.kind, GR_V_NUMBER);
	CHECK_EQ_INT(v.num.mant, 22);
	CHECK(v.has_remark);
	v = gr_value_parse("1,234", 5);
	CHECK_EQ_INT(v.num.mant, 1234);
	v = gr_value_parse("1,23", 4);
	CHECK_EQ_INT(v.kind, GR_V_NONE);
	v = gr_value_parse("—", strlen("—"));
	CHECK_EQ_INT(v.kind, GR_V_BLANK);
	v = gr_value_parse("无", strlen("无"));
	CHECK_EQ_INT(v.kind, GR_V_BLANK);
	v = gr_value_parse("", 0);
	CHECK_EQ_INT(v.kind, GR_V_BLANK);
	v = gr_value_parse("1.", 2);
	CHECK_EQ_INT(v.kind, GR_V_NONE);
	v = gr_value_parse("-3-", 3);
	CHECK_EQ_INT(v.kind, GR_V_NONE);
	v = gr_value_parse("12345678901234567890", 20);
	CHECK(v.overflow);
	v = gr_value_parse("007", 3);
	CHECK_EQ_INT(v.num.mant, 7);
}

static void
test_labels(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	const char *s = "3.危及“三安全 一稳定”";

	CHECK_EQ_STR(gr_label_key(&mem, s, strlen(s)), "3.危及三安全一稳定");
	CHECK_EQ_STR(gr_strip_numbering("三、(一)予以公开"), "予以公开");
	CHECK_EQ_STR(gr_strip_numbering("1.属于国家秘密"), "属于国家秘密");
	CHECK_EQ_STR(gr_strip_numbering("2023年"), "2023年");
	CHECK_EQ_STR(gr_strip_numbering("(十)其他"), "其他");
	gr_arena_destroy(arena);
}

static void
test_normalise(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	size_t		n;
	const char *in = "\xEF\xBB\xBF（一）１２\xE3\x80\x80３\r\nA";
	char	   *out = gr_normalise(&mem, in, strlen(in), &n, &err);

	CHECK_EQ_STR(out, "(一)12 3\nA");
	CHECK_EQ_INT(n, strlen("(一)12 3\nA"));
	gr_arena_destroy(arena);
}

/* Lines no table row could be: a pipe line of more cells than a line may
 * have is text, one cell; a "value" longer than any cell is none.  (A pipe
 * line of 15 million cells was read cell by cell, with no cancel let in.) */
static void
test_line_limits(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_grid		g;
	gr_error	err;
	size_t		n = 4 * (GR_MAX_LINE_TOKENS + 1),
				i;
	char	   *pipe = gr_alloc(&mem, n + 1),
			   *digits = gr_alloc(&mem, GR_MAX_VALUE_BYTES + 2);

	for (i = 0; i < n; i += 4)
		memcpy(pipe + i, "| 1 ", 4);
	memset(&g, 0, sizeof(g));
	memset(&err, 0, sizeof(err));
	CHECK(gr_lex_text(&mem, pipe, n, &g, NULL, &err));
	CHECK_EQ_INT(g.nlines, 1);
	CHECK_EQ_INT(g.lines[0].origin, GR_ORIGIN_LINE);
	CHECK_EQ_INT(g.lines[0].ncells, 1);
	/* one cell fewer is a pipe row */
	memset(&g, 0, sizeof(g));
	CHECK(gr_lex_text(&mem, pipe, n - 4, &g, NULL, &err));
	CHECK_EQ_INT(g.lines[0].origin, GR_ORIGIN_PIPE);
	CHECK_EQ_INT(g.lines[0].ncells, GR_MAX_LINE_TOKENS);

	memset(digits, '7', GR_MAX_VALUE_BYTES + 1);
	CHECK_EQ_INT(gr_value_parse(digits, GR_MAX_VALUE_BYTES).kind, GR_V_NUMBER);
	CHECK_EQ_INT(gr_value_parse(digits, GR_MAX_VALUE_BYTES + 1).kind, GR_V_NONE);
	gr_arena_destroy(arena);
}

void		suite_parse(void);

void
suite_parse(void)
{
	test_values();
	test_labels();
	test_normalise();
	test_line_limits();
	test_layouts();
	test_missing_row();
	test_short_rows_in_text();
	test_collapsed_other();
	test_errors();
}
