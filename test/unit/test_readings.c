/*
 * test_readings.c — layouts whose cells the identities decide: pipe rows
 * whose label spans several cells with blanks as empty pipes, pipe headers
 * made of empty cells, and runs of digits with no separators.  No value may
 * land in the wrong column as `reported`.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "gr_internal.h"

typedef struct trow
{
	const char *group;			/* group label cell, or "" */
	const char *label;
	const char *code;
	int			v[7];			/* -1: printed blank */
} trow;

/* A consistent table 3 (2021): 0 cells printed blank in most rows. */
static const trow rows3[] = {
	{"", "一、本年新收政府信息公开申请数量", "received", {258, 12, -1, -1, 1, 1, 272}},
	{"", "二、上年结转政府信息公开申请数量", "carried_over", {3, -1, -1, -1, -1, -1, -1}},
	{"三、本年度办理结果", "（一）予以公开", "granted", {100, 5, -1, -1, 1, -1, 106}},
	{"三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partly_granted", {20, 1, -1, -1, -1, -1, 21}},
	{"（三）不予公开", "1.属于国家秘密", "denied_state_secret", {-1, -1, -1, -1, -1, -1, -1}},
	{"（三）不予公开", "2.其他法律行政法规禁止公开", "denied_prohibited_by_law", {-1, -1, -1, -1, -1, -1, -1}},
	{"（三）不予公开", "3.危及“三安全一稳定”", "denied_security_stability", {-1, -1, -1, -1, -1, -1, -1}},
	{"（三）不予公开", "4.保护第三方合法权益", "denied_third_party", {4, -1, -1, -1, -1, -1, 4}},
	{"（三）不予公开", "5.属于三类内部事务信息", "denied_internal_affairs", {-1, -1, -1, -1, -1, -1, -1}},
	{"（三）不予公开", "6.属于四类过程性信息", "denied_process_info", {2, -1, -1, -1, -1, -1, 2}},
	{"（三）不予公开", "7.属于行政执法案卷", "denied_enforcement_file", {-1, -1, -1, -1, -1, -1, -1}},
	{"（三）不予公开", "8.属于行政查询事项", "denied_inquiry_matter", {-1, -1, -1, -1, -1, -1, -1}},
	{"（四）无法提供", "1.本机关不掌握相关政府信息", "unavailable_not_held", {90, 4, -1, -1, -1, 1, 95}},
	{"（四）无法提供", "2.没有现成信息需要另行制作", "unavailable_needs_creation", {5, -1, -1, -1, -1, -1, 5}},
	{"（四）无法提供", "3.补正后申请内容仍不明确", "unavailable_unclear", {-1, -1, -1, -1, -1, -1, -1}},
	{"（五）不予处理", "1.信访举报投诉类申请", "rejected_petition", {6, -1, -1, -1, -1, -1, 6}},
	{"（五）不予处理", "2.重复申请", "rejected_repeat", {10, 2, -1, -1, -1, -1, 12}},
	{"（五）不予处理", "3.要求提供公开出版物", "rejected_publication", {-1, -1, -1, -1, -1, -1, -1}},
	{"（五）不予处理", "4.无正当理由大量反复申请", "rejected_excessive", {-1, -1, -1, -1, -1, -1, -1}},
	{"（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "rejected_confirmation", {-1, -1, -1, -1, -1, -1, -1}},
	{"（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_no_correction", {8, -1, -1, -1, -1, -1, 8}},
	{"（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_no_fee", {-1, -1, -1, -1, -1, -1, -1}},
	{"（六）其他处理", "3.其他", "other_misc", {4, -1, -1, -1, -1, -1, 4}},
	{"三、本年度办理结果", "（七）总计", "concluded", {249, 12, -1, -1, 1, 1, 263}},
	{"", "四、结转下年度继续办理", "carried_forward", {12, -1, -1, -1, -1, -1, 12}},
};

#define NROWS3 ((int) (sizeof(rows3) / sizeof(rows3[0])))

static const char *const cols3[] = {
	"natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"
};

static const int t4v[15] = {1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2};

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
		b->cap = (b->len + n + 1) * 2 + 256;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void
put_num(buf *b, int v, const char *sep)
{
	char		num[32];

	if (v >= 0)
		snprintf(num, sizeof(num), "%d", v);
	else
		num[0] = '\0';
	put(b, num);
	put(b, sep);
}

static void
head(buf *b)
{
	put(b, "示例局2023年政府信息公开工作年度报告\n一、总体情况\n本局依法公开。\n二、主动公开政府信息情况\n");
	put(b, "| 第二十条第（一）项 | | | |\n|---|---|---|---|\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n");
	put(b, "| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 3 | 1 | 40 |\n");
	put(b, "| 第二十条第（五）项 | | | |\n| 行政许可 | 12 | | |\n| 第二十条第（六）项 | | | |\n");
	put(b, "| 行政处罚 | 5 | | |\n| 行政强制 | 0 | | |\n| 第二十条第（八）项 | | | |\n| 行政事业性收费 | 0 | | |\n");
	put(b, "三、收到和处理政府信息公开申请情况\n");
}

/* Table 3 as a pipe table: group label | sub-label | empty label cell |
 * seven columns, blanks as empty pipes; with or without its header rows. */
static char *
render_pipes(bool header, bool t4_empty_header)
{
	buf			b = {NULL, 0, 0};
	int			i,
				k;

	head(&b);
	if (header)
	{
		put(&b, "| 申请人情况 | | | 自然人 | 法人或其他组织 | | | | | 总计 |\n");
		put(&b, "| | | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |\n");
	}
	put(&b, "|---|---|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < NROWS3; i++)
	{
		put(&b, "| ");
		put(&b, rows3[i].group);
		put(&b, " | ");
		put(&b, rows3[i].label);
		put(&b, " | | ");
		for (k = 0; k < 7; k++)
			put_num(&b, rows3[i].v[k], k < 6 ? " | " : " |\n");
	}
	put(&b, "四、政府信息公开行政复议、行政诉讼情况\n");
	if (t4_empty_header)
	{
		put(&b, "| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |\n");
		put(&b, "| | | | | | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |\n");
		put(&b, "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n");
		put(&b, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n| ");
		for (k = 0; k < 15; k++)
			put_num(&b, t4v[k], k < 14 ? " | " : " |\n");
	}
	put(&b, "五、存在的主要问题及改进情况\n无。\n");
	return b.s;
}

/* GR_DUMP_READINGS=DIR writes each generated document there, to debug. */
static void
dump(const char *doc, const char *name)
{
	const char *dir = getenv("GR_DUMP_READINGS");
	char		path[512];
	FILE	   *f;

	if (dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/readings-%s.txt", dir, name);
	if ((f = fopen(path, "w")) != NULL)
	{
		fputs(doc, f);
		fclose(f);
	}
}

static gr_report *
parse(gr_mem *mem, const char *doc)
{
	gr_error	err;

	memset(&err, 0, sizeof(err));
	return gr_parse_text(mem, doc, strlen(doc), NULL, &err);
}

static const gr_cell *
cell_of(const gr_report *rep, const char *key)
{
	int			i = gr_template_find_cell(rep->tpl, key, strlen(key));

	return i >= 0 ? &rep->cells[i] : NULL;
}

/* The cell holds state and value (any value for blank and absent). */
static void
expect_cell(const gr_report *rep, const char *key, int state, int64_t value)
{
	const gr_cell *c = cell_of(rep, key);

	CHECK(c != NULL);
	if (c == NULL)
		return;
	if (c->state != state || ((state == GR_REPORTED || state == GR_INFERRED) && c->value.mant != value))
		printf("  %s: state %d value %lld, want state %d value %lld\n", key, c->state,
			   (long long) c->value.mant, state, (long long) value);
	CHECK_EQ_INT(c->state, state);
	if (state == GR_REPORTED || state == GR_INFERRED)
		CHECK_EQ_INT(c->value.mant, value);
}

static int
count_findings(const gr_report *rep, const char *code)
{
	int			i,
				n = 0;

	for (i = 0; i < rep->nfindings; i++)
		n += strcmp(rep->findings[i].code, code) == 0;
	return n;
}

/* Scores table 3: exact cells, and wrong ones stated as reported. */
static void
score3(const gr_report *rep, int *exact, int *silent, int *wrong)
{
	int			i,
				k;

	*exact = *silent = *wrong = 0;
	for (i = 0; i < NROWS3; i++)
		for (k = 0; k < 7; k++)
		{
			char		key[128];
			const gr_cell *c;
			int			v = rows3[i].v[k];
			bool		ok;

			snprintf(key, sizeof(key), "t3.%s.%s", rows3[i].code, cols3[k]);
			c = cell_of(rep, key);
			if (c == NULL || c->state == GR_ABSENT)
				continue;
			ok = v < 0 ? c->state == GR_BLANK : (c->state != GR_BLANK && c->value.mant == v);
			if (ok)
				(*exact)++;
			else
			{
				(*wrong)++;
				if (c->state == GR_REPORTED || c->state == GR_BLANK)
				{
					if (*silent == 0)
						printf("  silent misreading: %s\n", key);
					(*silent)++;
				}
			}
		}
}

/* With its header, each value's column is its pipe index: reported. */
static void
test_pipe_label_spans_with_header(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = render_pipes(true, true);
	gr_report  *rep = parse(&mem, doc);
	int			exact,
				silent,
				wrong,
				k;

	dump(doc, "header");
	CHECK(rep != NULL);
	if (rep)
	{
		score3(rep, &exact, &silent, &wrong);
		CHECK_EQ_INT(exact, NROWS3 * 7);
		CHECK_EQ_INT(silent, 0);
		CHECK_EQ_INT(cell_of(rep, "t3.received.natural_person")->state, GR_REPORTED);
		CHECK_EQ_INT(cell_of(rep, "t3.received.research")->state, GR_BLANK);
		CHECK_EQ_INT(cell_of(rep, "t3.received.total")->value.mant, 272);
		/* table 4 under header rows that begin with empty cells */
		CHECK_EQ_INT(count_findings(rep, "too_many_values"), 0);
		for (k = 0; k < 15; k++)
		{
			const gr_cell *c = &rep->cells[gr_template_find_cell(rep->tpl, "t4.review.upheld", 16) + k];

			CHECK(c->state == GR_REPORTED && c->value.mant == t4v[k]);
		}
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* Without a header the offsets are readings: the identities choose
 * (inferred, with a finding) or leave cells absent; never a shift stated
 * as reported. */
static void
test_pipe_label_spans_without_header(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = render_pipes(false, false);
	gr_report  *rep = parse(&mem, doc);
	int			exact,
				silent,
				wrong;

	dump(doc, "noheader");

	CHECK(rep != NULL);
	if (rep)
	{
		score3(rep, &exact, &silent, &wrong);
		CHECK_EQ_INT(silent, 0);
		CHECK_EQ_INT(wrong, 0);
		/* 258 12 _ _ 1 1 272: a printed total fixes the offset */
		CHECK_EQ_INT(cell_of(rep, "t3.received.natural_person")->state, GR_REPORTED);
		CHECK_EQ_INT(cell_of(rep, "t3.received.natural_person")->value.mant, 258);
		/* a blank total leaves two offsets: the identities decide */
		CHECK_EQ_INT(cell_of(rep, "t3.carried_over.natural_person")->state, GR_INFERRED);
		CHECK_EQ_INT(cell_of(rep, "t3.carried_over.natural_person")->value.mant, 3);
		CHECK(count_findings(rep, "reading_inferred") > 0);
		CHECK_EQ_INT(exact, NROWS3 * 7);
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* A crawler's page: header lines, then the body on one line with every
 * table's cells run together (blank cells printed as 0). */
static char *
render_run_rows(const char *t4_run, const char *row_run)
{
	buf			b = {NULL, 0, 0};
	const char *group = "";
	int			i,
				k;

	put(&b, "标题: 示例局2023年政府信息公开工作年度报告\n发布时间: 2024-01-10 09:00\n文号: \n");
	put(&b, "发布机构: 示例局办公室\n栏目: 政府信息公开年报\n==== 正文 ====\n");
	put(&b, "本报告依法编制。 一、总体情况 全年主动公开政府信息120条。 二、主动公开政府信息情况第二十条第（一）项");
	put(&b, "信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件77132470第二十条第（五）项信息内容");
	put(&b, "本年处理决定数量行政许可12第二十条第（六）项信息内容本年处理决定数量行政处罚5行政强制0第二十条第（八）项");
	put(&b, "信息内容本年收费金额（单位：万元）行政事业性收费1.5三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：");
	put(&b, "第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织");
	put(&b, "法律服务机构其他");
	for (i = 0; i < NROWS3; i++)
	{
		if (strcmp(rows3[i].group, group) != 0 && strcmp(rows3[i].group, "（七）总计") != 0)
		{
			group = rows3[i].group;
			if (strcmp(rows3[i].code, "concluded") != 0)
				put(&b, group);
		}
		put(&b, rows3[i].label);
		if (row_run)
			put(&b, row_run);
		for (k = 0; k < 7 && !row_run; k++)
			put_num(&b, rows3[i].v[k] < 0 ? (k == 6 && i == 1 ? 3 : 0) : rows3[i].v[k], "");
	}
	put(&b, "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计");
	put(&b, "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计");
	put(&b, t4_run);
	put(&b, "五、存在的主要问题及改进情况无。六、其他需要报告的事项无。\n");
	return b.s;
}

static char *
render_run_together(const char *t4_run)
{
	return render_run_rows(t4_run, NULL);
}

/* Runs of digits are split by the identities: every table-3 and table-4
 * cell inferred and exact; table 2 only where one split exists; the
 * crawler's header lines are metadata. */
static void
test_run_together(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = render_run_together("110024001510102");
	gr_report  *rep = parse(&mem, doc);
	int			i,
				k,
				wrong = 0;

	dump(doc, "run-together");
	CHECK(rep != NULL);
	if (rep)
	{
		CHECK_EQ_STR(rep->agency, "示例局");
		CHECK_EQ_STR(rep->published, "2024-01-10");
		for (i = 0; i < NROWS3; i++)
			for (k = 0; k < 7; k++)
			{
				char		key[128];
				const gr_cell *c;
				int			v = rows3[i].v[k] < 0 ? (k == 6 && i == 1 ? 3 : 0) : rows3[i].v[k];

				snprintf(key, sizeof(key), "t3.%s.%s", rows3[i].code, cols3[k]);
				c = cell_of(rep, key);
				if (!(c->state == GR_INFERRED && c->value.mant == v) && wrong++ == 0)
					printf("  first wrong cell: %s (state %d, value %lld)\n", key, c->state,
						   (long long) c->value.mant);
			}
		CHECK_EQ_INT(wrong, 0);
		for (k = 0; k < 15; k++)
		{
			const gr_cell *c = &rep->cells[gr_template_find_cell(rep->tpl, "t4.review.upheld", 16) + k];

			CHECK(c->state == GR_INFERRED && c->value.mant == t4v[k]);
		}
		/* 规章000 splits one way; 77132470 many: absent, the run printed */
		CHECK_EQ_INT(cell_of(rep, "t2.rules.in_force")->state, GR_INFERRED);
		CHECK_EQ_INT(cell_of(rep, "t2.normative_documents.issued")->state, GR_ABSENT);
		CHECK_EQ_INT(cell_of(rep, "t2.licensing.decisions")->state, GR_REPORTED);
		CHECK_EQ_INT(cell_of(rep, "t2.licensing.decisions")->value.mant, 12);
		CHECK_EQ_INT(cell_of(rep, "t2.fees.amount")->value.mant, 15);
		CHECK_EQ_INT(count_findings(rep, "reading_ambiguous"), 1);
		for (i = 0; i < rep->nfindings; i++)
			if (strcmp(rep->findings[i].code, "reading_ambiguous") == 0)
				CHECK(strstr(rep->findings[i].message, "77132470") != NULL);
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* A run too long to search: the bound is hit, and said. */
static void
test_run_cap(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = render_run_together("1234567891234567891234567891234567891234567891234567891");
	gr_report  *rep = parse(&mem, doc);

	char	   *row;

	CHECK(rep != NULL);
	if (rep)
	{
		/* the three row sums prune it to nothing at once */
		CHECK_EQ_INT(cell_of(rep, "t4.review.upheld")->state, GR_ABSENT);
		CHECK_EQ_INT(count_findings(rep, "reading_impossible"), 1);
	}
	/* 40 digits for seven cells, checked only at the total: capped */
	row = strstr(doc, "258120011272");
	CHECK(row != NULL);
	if (row)
	{
		size_t		at = (size_t) (row - doc);
		char	   *big = malloc(strlen(doc) + 64);

		memcpy(big, doc, at);
		strcpy(big + at, "1234567891234567891234567891234567891234");
		strcat(big, row + strlen("258120011272"));
		rep = parse(&mem, big);
		CHECK(rep != NULL);
		if (rep)
		{
			CHECK_EQ_INT(cell_of(rep, "t3.received.total")->state, GR_ABSENT);
			CHECK_EQ_INT(count_findings(rep, "reading_search_capped"), 1);
			CHECK_EQ_INT(cell_of(rep, "t3.granted.total")->value.mant, 106);
		}
		free(big);
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* A table-4 run that two splits fit ("1 10 0 0 11" or "11 0 0 0 11"): the
 * 13 cells they agree on are read, the two they differ on left absent,
 * never one of the two picked. */
static void
test_run_partly_determined(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = render_run_together("11000110000000000");
	gr_report  *rep = parse(&mem, doc);
	int			i;
	bool		said = false;

	CHECK(rep != NULL);
	if (rep)
	{
		expect_cell(rep, "t4.review.upheld", GR_ABSENT, 0);
		expect_cell(rep, "t4.review.corrected", GR_ABSENT, 0);
		expect_cell(rep, "t4.review.other", GR_INFERRED, 0);
		expect_cell(rep, "t4.review.total", GR_INFERRED, 11);
		expect_cell(rep, "t4.litigation_direct.upheld", GR_INFERRED, 0);
		expect_cell(rep, "t4.litigation_after_review.total", GR_INFERRED, 0);
		for (i = 0; i < rep->nfindings; i++)
			if (strcmp(rep->findings[i].code, "reading_ambiguous") == 0 &&
				strstr(rep->findings[i].message, "11000110000000000") != NULL &&
				strstr(rep->findings[i].message, "13 of its 15") != NULL)
				said = true;
		CHECK(said);
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* A minimal text report around the given table-3 lines. */
static char *
text_report(const char *t3_lines)
{
	buf			b = {NULL, 0, 0};

	put(&b, "示例局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n");
	put(&b, "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n");
	put(&b, "三、收到和处理政府信息公开申请情况\n");
	put(&b, t3_lines);
	put(&b, "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n无。\n");
	return b.s;
}

/* pdftotext -layout: blank cells are spaces; a number's column is the
 * header column it stands under (CJK two columns wide).  When that reading
 * breaks the row sum, the row is placed as a short row instead. */
static void
test_aligned_blank_spaces(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = text_report(
		"申请人情况                    自然人      商业企业    科研机构  社会公益组织 法律服务机构  其他      总计\n"
		"一、本年新收政府信息公开申请数量  64                      4                                          68\n"
		"（一）予以公开                      18                                                        0        18\n"
		"（二）部分公开                      5           1                                                     7\n");
	gr_report  *rep = parse(&mem, doc);

	dump(doc, "aligned");
	CHECK(rep != NULL);
	if (rep)
	{
		CHECK_EQ_INT(cell_of(rep, "t3.received.natural_person")->value.mant, 64);
		CHECK_EQ_INT(cell_of(rep, "t3.received.natural_person")->state, GR_REPORTED);
		CHECK_EQ_INT(cell_of(rep, "t3.received.commercial")->state, GR_BLANK);
		CHECK_EQ_INT(cell_of(rep, "t3.received.research")->value.mant, 4);
		CHECK_EQ_INT(cell_of(rep, "t3.received.research")->state, GR_REPORTED);
		CHECK_EQ_INT(cell_of(rep, "t3.received.total")->value.mant, 68);
		CHECK_EQ_INT(cell_of(rep, "t3.granted.other_org")->state, GR_REPORTED);
		CHECK_EQ_INT(cell_of(rep, "t3.granted.legal_service")->state, GR_BLANK);
		/* 5 1 _ _ _ _ 7 breaks the row sum, and so does every placement
		 * of 5 1 7: the source's failure, read by position */
		CHECK_EQ_INT(cell_of(rep, "t3.partly_granted.total")->state, GR_REPORTED);
		CHECK_EQ_INT(cell_of(rep, "t3.partly_granted.commercial")->value.mant, 1);
		/* 6 under 自然人, 1 under 总计, 7 under 其他: 6 _ _ _ _ 1 7 breaks
		 * the row sum where 6 1 _ _ _ _ 7 keeps it: a short row */
		CHECK_EQ_INT(cell_of(rep, "t3.partly_granted.natural_person")->value.mant, 5);
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* Rows of blanks in aligned text whose official label carries full-width
 * numbering (（二）部分公开…): the whole label and nothing under any
 * column; and table 4 printed without a label, read under its header. */
static void
test_aligned_blank_rows_and_t4(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = text_report(
		"申请人情况                    自然人      商业企业    科研机构  社会公益组织 法律服务机构  其他      总计\n"
		"一、本年新收政府信息公开申请数量  64                      4                                          68\n"
		"（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
		"（三）不予公开\n"
		"1.属于国家秘密                      18                                                                 18\n"
		"（六）其他处理\n"
		"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政\n"
		"3.其他                              18                                                                 18\n");
	char	   *t4 = strstr(doc, "四、政府信息公开行政复议、行政诉讼情况\n");
	char	   *full;
	gr_report  *rep;
	size_t		at;

	CHECK(t4 != NULL);
	at = (size_t) (t4 - doc) + strlen("四、政府信息公开行政复议、行政诉讼情况\n");
	full = malloc(strlen(doc) + 1024);
	memcpy(full, doc, at);
	strcpy(full + at,
		   "  结果维持  结果纠正  其他结果  尚未审结    总计    结果维持  结果纠正  其他结果  尚未审结    总计    结果维持  结果纠正  其他结果  尚未审结    总计\n"
		   "     5                             2         7         8                             1         9\n");
	strcat(full, doc + at);
	rep = parse(&mem, full);
	dump(full, "aligned-blank-rows");
	CHECK(rep != NULL);
	if (rep)
	{
		int			k;
		static const int want[15] = {5, -1, -1, 2, 7, 8, -1, -1, 1, 9, -1, -1, -1, -1, -1};
		int			first = gr_template_find_cell(rep->tpl, "t4.review.upheld", 16);

		CHECK_EQ_INT(cell_of(rep, "t3.partly_granted.natural_person")->state, GR_BLANK);
		CHECK_EQ_INT(cell_of(rep, "t3.partly_granted.total")->state, GR_BLANK);
		CHECK_EQ_INT(cell_of(rep, "t3.denied_state_secret.total")->value.mant, 18);
		/* a label cut short, the next line another row's: blanks */
		CHECK_EQ_INT(cell_of(rep, "t3.other_no_fee.natural_person")->state, GR_BLANK);
		CHECK_EQ_INT(cell_of(rep, "t3.other_no_fee.total")->state, GR_BLANK);
		CHECK_EQ_INT(cell_of(rep, "t3.other_misc.total")->value.mant, 18);
		CHECK_EQ_INT(cell_of(rep, "t3.other_misc.natural_person")->state, GR_REPORTED);
		for (k = 0; k < 15; k++)
		{
			const gr_cell *c = &rep->cells[first + k];

			CHECK(want[k] < 0 ? c->state == GR_BLANK : (c->state == GR_REPORTED && c->value.mant == want[k]));
		}
		CHECK_EQ_INT(count_findings(rep, "short_row_ambiguous"), 0);
	}
	free(full);
	free(doc);
	gr_arena_destroy(arena);
}

/* One cell per line under a one-line header: each lone value is the next
 * cell of its row, never a column told by its position. */
static void
test_one_per_line_under_header(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = text_report("申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
								  "一、本年新收政府信息公开申请数量\n12\n3\n0\n0\n0\n1\n16\n"
								  "二、上年结转政府信息公开申请数量\n1\n0\n0\n0\n0\n0\n1\n");
	gr_report  *rep = parse(&mem, doc);

	CHECK(rep != NULL);
	if (rep)
	{
		expect_cell(rep, "t3.received.natural_person", GR_REPORTED, 12);
		expect_cell(rep, "t3.received.other_org", GR_REPORTED, 1);
		expect_cell(rep, "t3.received.total", GR_REPORTED, 16);
		expect_cell(rep, "t3.carried_over.total", GR_REPORTED, 1);
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* A converter split 12 into "1 2": eight numbers for seven cells; the one
 * join the row sum accepts is taken, inferred. */
static void
test_split_numbers(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = text_report("申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
								  "一、本年新收政府信息公开申请数量 1 2 3 0 0 0 0 15\n"
								  "二、上年结转政府信息公开申请数量 1 1 0 0 0 0 2\n");
	gr_report  *rep = parse(&mem, doc);

	CHECK(rep != NULL);
	if (rep)
	{
		CHECK_EQ_INT(cell_of(rep, "t3.received.natural_person")->value.mant, 12);
		CHECK_EQ_INT(cell_of(rep, "t3.received.natural_person")->state, GR_INFERRED);
		CHECK_EQ_INT(cell_of(rep, "t3.received.commercial")->value.mant, 3);
		CHECK_EQ_INT(cell_of(rep, "t3.received.total")->value.mant, 15);
		CHECK(count_findings(rep, "reading_inferred") >= 1);
		/* seven numbers for seven cells: read as printed */
		CHECK_EQ_INT(cell_of(rep, "t3.carried_over.natural_person")->state, GR_REPORTED);
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* A split number's tail keeps its zeros: "1 010" is 1010, never 110, and
 * "010" is no number of its own (numbers have no leading zeros). */
static void
test_split_number_leading_zero(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = text_report("申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
								  "一、本年新收政府信息公开申请数量 1 010 — 2 02 — — — 1 212\n");
	gr_report  *rep = parse(&mem, doc);

	CHECK(rep != NULL);
	if (rep)
	{
		/* wrong: 110 _ 22 _ _ _ 132 (digits lost); the only reading left */
		expect_cell(rep, "t3.received.natural_person", GR_INFERRED, 1010);
		expect_cell(rep, "t3.received.research", GR_INFERRED, 202);
		expect_cell(rep, "t3.received.total", GR_INFERRED, 1212);
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* Five numbers of a row split (12 tokens for 7 cells): joined back, not
 * refused as too many values (the limit was four surplus tokens). */
static void
test_split_numbers_five_surplus(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = text_report("申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
								  "（七）总计 84 37 2 2 — 38 5 — 1 1 8 855\n");
	gr_report  *rep = parse(&mem, doc);

	CHECK(rep != NULL);
	if (rep)
	{
		expect_cell(rep, "t3.concluded.natural_person", GR_INFERRED, 8437);
		expect_cell(rep, "t3.concluded.social_welfare", GR_INFERRED, 385);
		expect_cell(rep, "t3.concluded.research", GR_BLANK, 0);
		expect_cell(rep, "t3.concluded.total", GR_INFERRED, 8855);
		CHECK_EQ_INT(count_findings(rep, "too_many_values"), 0);
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* A title that names no agency: the portal's 发布机构 line gives it; the
 * crawler's header lines are never the title. */
static void
test_metadata_lines(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	const char *doc = "栏目: 政府信息公开年度报告\n标题: 2023年政府信息公开工作年度报告\n"
		"发布机构: 示例县人民政府办公室\n发布时间: 2024-01-20 08:00\n"
		"二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n"
		"五、存在的主要问题及改进情况\n无。\n";
	gr_report  *rep = parse(&mem, doc);

	CHECK(rep != NULL);
	if (rep)
	{
		CHECK_EQ_STR(rep->title, "2023年政府信息公开工作年度报告");
		CHECK_EQ_STR(rep->agency, "示例县人民政府办公室");
		CHECK_EQ_INT(rep->year, 2023);
		CHECK_EQ_STR(rep->published, "2024-01-20");
		CHECK_EQ_INT(count_findings(rep, "agency_from_metadata"), 1);
	}
	gr_arena_destroy(arena);
}

/* A row on its own line whose cells ran together: as many digits as cells
 * is a run, split by the row sum; fewer is a short row. */
static void
test_run_on_its_own_line(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = text_report("申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
								  "一、本年新收政府信息公开申请数量 801000081\n"
								  "二、上年结转政府信息公开申请数量 81\n");
	gr_report  *rep = parse(&mem, doc);

	CHECK(rep != NULL);
	if (rep)
	{
		CHECK_EQ_INT(cell_of(rep, "t3.received.natural_person")->value.mant, 80);
		CHECK_EQ_INT(cell_of(rep, "t3.received.commercial")->value.mant, 1);
		CHECK_EQ_INT(cell_of(rep, "t3.received.total")->value.mant, 81);
		CHECK_EQ_INT(cell_of(rep, "t3.received.total")->state, GR_INFERRED);
		/* one number for seven cells: a short row, never split */
		CHECK(cell_of(rep, "t3.carried_over.natural_person")->state != GR_REPORTED);
		CHECK(cell_of(rep, "t3.carried_over.natural_person")->value.mant != 8);
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* A table whose runs lost cells (a crawler printed nothing for an empty
 * cell): "1111111" fits no split into seven cells.  Then the row sum alone
 * does not decide a run that a split with lost cells fits too: 90 31 221
 * 13 85 9 449 keeps it, and so does 9031 _ 22 11 _ 385 9449. */
static void
test_run_lost_cells(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = text_report("申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
								  "一、本年新收政府信息公开申请数量 903122113859449\n"
								  "二、上年结转政府信息公开申请数量 1111111\n"
								  "（一）予以公开 801000081\n");
	gr_report  *rep = parse(&mem, doc);

	CHECK(rep != NULL);
	if (rep)
	{
		expect_cell(rep, "t3.received.natural_person", GR_ABSENT, 0);
		expect_cell(rep, "t3.received.total", GR_ABSENT, 0);
		expect_cell(rep, "t3.carried_over.total", GR_ABSENT, 0);
		/* no split with lost cells keeps 80 1 0 0 0 0 81's row sum */
		expect_cell(rep, "t3.granted.natural_person", GR_INFERRED, 80);
		expect_cell(rep, "t3.granted.total", GR_INFERRED, 81);
		CHECK_EQ_INT(count_findings(rep, "reading_ambiguous"), 1);
		CHECK_EQ_INT(count_findings(rep, "reading_impossible"), 1);
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* The worst case: a table 3 whose 25 rows are each a 40-digit run.  Every
 * split search reaches its bound; each row says so (reading_search_capped),
 * no cell is guessed, and no search did more work than its bound allows. */
static void
test_search_capped_table(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = render_run_rows("123456789123456789123456789123456789123412345678912345678912",
									  "1234567891234567891234567891234567891234");
	gr_report  *rep = parse(&mem, doc);
	int			i,
				k;

	CHECK(rep != NULL);
	if (rep)
	{
		const gr_search_work *w = rep->work;
		long		capped = 0;

		for (i = 0; i < NROWS3; i++)
			for (k = 0; k < 7; k++)
			{
				char		key[128];

				snprintf(key, sizeof(key), "t3.%s.%s", rows3[i].code, cols3[k]);
				CHECK_EQ_INT(cell_of(rep, key)->state, GR_ABSENT);
			}
		CHECK_EQ_INT(count_findings(rep, "reading_search_capped"), NROWS3);
		CHECK(w != NULL);
		if (w)
		{
			for (k = 0; k < GR_SEARCH_KINDS; k++)
			{
				CHECK(w->most[k] <= w->bound[k]);
				capped += w->capped[k];
			}
			CHECK_EQ_INT(w->over, 0);
			CHECK(capped > 0);
			/* the table's split budget ran out, spent to the step */
			CHECK(w->capped[GR_SEARCH_SPLIT_TABLE] == 1);
			CHECK_EQ_INT(w->most[GR_SEARCH_SPLIT_TABLE], gr_split_budget());
			CHECK(w->most[GR_SEARCH_SPLIT_ROW] <= w->bound[GR_SEARCH_SPLIT_ROW]);
		}
	}
	free(doc);
	gr_arena_destroy(arena);
}

/* Nineteen short rows in one table: more joint placements than the old
 * odometer tried (7^19), so each row was judged alone and most were
 * ambiguous ("3 0 0 0 0 3" is 3 _ … or _ 3 …).  As readings of the joint
 * search, the column identities place them all. */
static void
test_many_short_rows_jointly(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	char	   *doc = text_report(
		"申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
		"一、本年新收政府信息公开申请数量 258 12 0 1 1 272\n"
		"二、上年结转政府信息公开申请数量 3 0 0 0 0 3\n"
		"三、本年度办理结果\n"
		"（一）予以公开 100 5 0 1 0 106\n"
		"（二）部分公开（区分处理的，只计这一情形，不计其他情形） 20 1 0 0 0 21\n"
		"（三）不予公开\n"
		"1.属于国家秘密 0 0 0 0 0 0\n"
		"2.其他法律行政法规禁止公开 0 0 0 0 0 0\n"
		"3.危及“三安全一稳定” 0 0 0 0 0 0\n"
		"4.保护第三方合法权益 4 0 0 0 0 4\n"
		"5.属于三类内部事务信息 0 0 0 0 0 0\n"
		"6.属于四类过程性信息 2 0 0 0 0 2\n"
		"7.属于行政执法案卷 0 0 0 0 0 0\n"
		"8.属于行政查询事项 0 0 0 0 0 0\n"
		"（四）无法提供\n"
		"1.本机关不掌握相关政府信息 90 4 0 0 1 95\n"
		"2.没有现成信息需要另行制作 5 0 0 0 0 5\n"
		"3.补正后申请内容仍不明确 0 0 0 0 0 0\n"
		"（五）不予处理\n"
		"1.信访举报投诉类申请 6 0 0 0 0 6\n"
		"2.重复申请 10 2 0 0 0 0 12\n"
		"3.要求提供公开出版物 0 0 0 0 0 0\n"
		"4.无正当理由大量反复申请 0 0 0 0 0 0\n"
		"5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0\n"
		"（六）其他处理\n"
		"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 8 0 0 0 0 8\n"
		"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0\n"
		"3.其他 4 0 0 0 0 4\n"
		"（七）总计 249 12 0 1 1 263\n"
		"四、结转下年度继续办理 12 0 0 0 0 12\n");
	gr_report  *rep = parse(&mem, doc);

	CHECK(rep != NULL);
	if (rep)
	{
		expect_cell(rep, "t3.carried_over.natural_person", GR_INFERRED, 3);
		expect_cell(rep, "t3.carried_over.total", GR_INFERRED, 3);
		expect_cell(rep, "t3.partly_granted.commercial", GR_INFERRED, 1);
		expect_cell(rep, "t3.carried_forward.natural_person", GR_INFERRED, 12);
		expect_cell(rep, "t3.other_misc.natural_person", GR_INFERRED, 4);
		CHECK_EQ_INT(count_findings(rep, "short_row_inferred"), 19);
	}
	free(doc);
	gr_arena_destroy(arena);
}

void		suite_readings(void);

void
suite_readings(void)
{
	test_pipe_label_spans_with_header();
	test_pipe_label_spans_without_header();
	test_run_together();
	test_run_cap();
	test_run_partly_determined();
	test_run_lost_cells();
	test_search_capped_table();
	test_many_short_rows_jointly();
	test_aligned_blank_spaces();
	test_aligned_blank_rows_and_t4();
	test_one_per_line_under_header();
	test_split_numbers();
	test_split_number_leading_zero();
	test_split_numbers_five_surplus();
	test_metadata_lines();
	test_run_on_its_own_line();
}
