/*
 * template.c — the report templates as data (SPEC §3–§6).
 *
 * One description per template: its tables, rows (with the official label
 * and the phrases that identify a printed label), columns, and the hard
 * identities over them.  The recogniser, the cell listing, the checks and
 * the labels in output all read this description; supporting a new
 * template or a provincial extra row means adding data here.
 */
#include <stdio.h>
#include <string.h>

#include "gr.h"

#define KEYS(...) ((const char *const[]) {__VA_ARGS__, NULL})
#define NCOLS(a) ((int) (sizeof(a) / sizeof((a)[0])))

/* ------------------------------------------------------------ 2021 table 2 */

static const gr_col_def t2_2021_doc_cols[] = {
	{"issued", "本年制发件数", 0},
	{"repealed", "本年废止件数", 0},
	{"in_force", "现行有效件数", 0},
};
static const gr_col_def t2_decision_cols[] = {
	{"decisions", "本年处理决定数量", 0},
};
static const gr_col_def t2_2021_fee_cols[] = {
	{"amount", "本年收费金额（单位：万元）", GR_ROW_MONEY},
};

static const gr_row_def t2_2021_rows[] = {
	{"rules", "规章", GR_ROW_DATA, 0, KEYS("规章"), NULL,
	NCOLS(t2_2021_doc_cols), t2_2021_doc_cols, -1},
	{"normative_documents", "行政规范性文件", GR_ROW_DATA, 0, KEYS("规范性文件"), NULL,
	NCOLS(t2_2021_doc_cols), t2_2021_doc_cols, -1},
	{"licensing", "行政许可", GR_ROW_DATA, 0, KEYS("行政许可"), NULL,
	NCOLS(t2_decision_cols), t2_decision_cols, -1},
	{"penalty", "行政处罚", GR_ROW_DATA, 0, KEYS("行政处罚"), NULL,
	NCOLS(t2_decision_cols), t2_decision_cols, -1},
	{"coercion", "行政强制", GR_ROW_DATA, 0, KEYS("行政强制"), NULL,
	NCOLS(t2_decision_cols), t2_decision_cols, -1},
	{"fees", "行政事业性收费", GR_ROW_DATA, 0, KEYS("行政事业性收费"), NULL,
	NCOLS(t2_2021_fee_cols), t2_2021_fee_cols, -1},
};

/* ---------------------------------------------------------------- table 3 */

static const gr_col_def t3_cols[] = {
	{"natural_person", "自然人", 0},
	{"commercial", "商业企业", 0},
	{"research", "科研机构", 0},
	{"social_welfare", "社会公益组织", 0},
	{"legal_service", "法律服务机构", 0},
	{"other_org", "其他", 0},
	{"total", "总计", 0},
};

#define T3_ROW(code, label, flags, keys, exact, group) \
	{code, label, GR_ROW_DATA, flags, keys, exact, NCOLS(t3_cols), t3_cols, group}
#define T3_GROUP(code, label, flags, exact, group) \
	{code, label, GR_ROW_GROUP, flags, NULL, exact, 0, NULL, group}

/* Group row indexes inside t3_2021_rows, for the rows' group field. */
enum
{
	G21_RESULTS = 2, G21_DENIED = 5, G21_UNAVAILABLE = 14,
	G21_REJECTED = 18, G21_OTHER = 24
};

/* Rows 一 through （五）不予处理, the same in both templates. */
#define T3_ROWS_THROUGH_REJECTED \
	T3_ROW("received", "一、本年新收政府信息公开申请数量", 0, KEYS("本年新收"), NULL, -1), \
	T3_ROW("carried_over", "二、上年结转政府信息公开申请数量", 0, KEYS("上年结转"), NULL, -1), \
	T3_GROUP("results", "三、本年度办理结果", 0, "本年度办理结果", -1), \
	T3_ROW("granted", "（一）予以公开", GR_ROW_OUTCOME, KEYS("予以公开"), NULL, G21_RESULTS), \
	T3_ROW("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", GR_ROW_OUTCOME, \
		   KEYS("部分公开"), NULL, G21_RESULTS), \
	T3_GROUP("denied", "（三）不予公开", 0, "不予公开", G21_RESULTS), \
	T3_ROW("denied_state_secret", "1.属于国家秘密", GR_ROW_OUTCOME, KEYS("国家秘密"), NULL, G21_DENIED), \
	T3_ROW("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", GR_ROW_OUTCOME, \
		   KEYS("其他法律行政", "法规禁止公开"), NULL, G21_DENIED), \
	T3_ROW("denied_security_stability", "3.危及“三安全一稳定”", GR_ROW_OUTCOME, \
		   KEYS("三安全一稳定"), NULL, G21_DENIED), \
	T3_ROW("denied_third_party", "4.保护第三方合法权益", GR_ROW_OUTCOME, \
		   KEYS("第三方合法权益"), NULL, G21_DENIED), \
	T3_ROW("denied_internal_affairs", "5.属于三类内部事务信息", GR_ROW_OUTCOME, \
		   KEYS("内部事务"), NULL, G21_DENIED), \
	T3_ROW("denied_process_info", "6.属于四类过程性信息", GR_ROW_OUTCOME, \
		   KEYS("过程性信息"), NULL, G21_DENIED), \
	T3_ROW("denied_enforcement_file", "7.属于行政执法案卷", GR_ROW_OUTCOME, \
		   KEYS("行政执法案卷"), NULL, G21_DENIED), \
	T3_ROW("denied_inquiry_matter", "8.属于行政查询事项", GR_ROW_OUTCOME, \
		   KEYS("行政查询事项"), NULL, G21_DENIED), \
	T3_GROUP("unavailable", "（四）无法提供", 0, "无法提供", G21_RESULTS), \
	T3_ROW("unavailable_not_held", "1.本机关不掌握相关政府信息", GR_ROW_OUTCOME, \
		   KEYS("不掌握"), NULL, G21_UNAVAILABLE), \
	T3_ROW("unavailable_needs_creation", "2.没有现成信息需要另行制作", GR_ROW_OUTCOME, \
		   KEYS("另行制作", "没有现成信息"), NULL, G21_UNAVAILABLE), \
	T3_ROW("unavailable_unclear", "3.补正后申请内容仍不明确", GR_ROW_OUTCOME, \
		   KEYS("仍不明确", "补正后申请内容"), NULL, G21_UNAVAILABLE), \
	T3_GROUP("rejected", "（五）不予处理", 0, "不予处理", G21_RESULTS), \
	T3_ROW("rejected_petition", "1.信访举报投诉类申请", GR_ROW_OUTCOME, \
		   KEYS("信访举报投诉"), NULL, G21_REJECTED), \
	T3_ROW("rejected_repeat", "2.重复申请", GR_ROW_OUTCOME, KEYS("重复申请"), NULL, G21_REJECTED), \
	T3_ROW("rejected_publication", "3.要求提供公开出版物", GR_ROW_OUTCOME, \
		   KEYS("公开出版物"), NULL, G21_REJECTED), \
	T3_ROW("rejected_excessive", "4.无正当理由大量反复申请", GR_ROW_OUTCOME, \
		   KEYS("大量反复"), NULL, G21_REJECTED), \
	T3_ROW("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", GR_ROW_OUTCOME, \
		   KEYS("重新出具", "要求行政机关确认"), NULL, G21_REJECTED),

static const gr_row_def t3_2021_rows[] = {
	T3_ROWS_THROUGH_REJECTED
	T3_GROUP("other", "（六）其他处理", GR_ROW_COLLAPSIBLE, "其他处理", G21_RESULTS),
	T3_ROW("other_no_correction",
		   "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", GR_ROW_OUTCOME,
		   KEYS("逾期不补正"), NULL, G21_OTHER),
	T3_ROW("other_no_fee",
		   "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", GR_ROW_OUTCOME,
		   KEYS("缴纳费用", "收费通知"), NULL, G21_OTHER),
	T3_ROW("other_misc", "3.其他", GR_ROW_OUTCOME, NULL, "其他", G21_OTHER),
	T3_ROW("concluded", "（七）总计", 0, NULL, "总计", G21_RESULTS),
	T3_ROW("carried_forward", "四、结转下年度继续办理", 0, KEYS("结转下年度"), NULL, -1),
};

/* ---------------------------------------------------------------- table 4 */

static const gr_col_def t4_cols[] = {
	{"upheld", "结果维持", 0},
	{"corrected", "结果纠正", 0},
	{"other", "其他结果", 0},
	{"pending", "尚未审结", 0},
	{"total", "总计", 0},
};

static const gr_row_def t4_rows[] = {
	{"review", "行政复议", GR_ROW_DATA, 0, KEYS("行政复议"), NULL, NCOLS(t4_cols), t4_cols, -1},
	{"litigation_direct", "行政诉讼·未经复议直接起诉", GR_ROW_DATA, 0, KEYS("未经复议直接起诉"), NULL,
	NCOLS(t4_cols), t4_cols, -1},
	{"litigation_after_review", "行政诉讼·复议后起诉", GR_ROW_DATA, 0, KEYS("复议后起诉"), NULL,
	NCOLS(t4_cols), t4_cols, -1},
};

static const gr_table_def tables_2021[] = {
	{"t2", "主动公开政府信息情况", NCOLS(t2_2021_rows), t2_2021_rows},
	{"t3", "收到和处理政府信息公开申请情况", NCOLS(t3_2021_rows), t3_2021_rows},
	{"t4", "政府信息公开行政复议、行政诉讼情况", NCOLS(t4_rows), t4_rows},
};

static gr_template template_2021 = {.name = "2021", .id = 1, .ntables = NCOLS(tables_2021), .tables = tables_2021};

/* ------------------------------------------------------------ 2019 table 2 */

static const gr_col_def t2_2019_doc_cols[] = {
	{"newly_made", "本年新制作数量", 0},
	{"newly_published", "本年新公开数量", 0},
	{"total_published", "对外公开总数量", 0},
};
static const gr_col_def t2_2019_item_cols[] = {
	{"previous_items", "上一年项目数量", 0},
	{"change", "本年增/减", GR_ROW_SIGNED},
	{"decisions", "处理决定数量", 0},
};
static const gr_col_def t2_2019_fee_cols[] = {
	{"previous_items", "上一年项目数量", 0},
	{"change", "本年增/减", GR_ROW_SIGNED},
};
static const gr_col_def t2_2019_procurement_cols[] = {
	{"items", "采购项目数量", 0},
	{"amount", "采购总金额", GR_ROW_MONEY},
};

static const gr_row_def t2_2019_rows[] = {
	{"rules", "规章", GR_ROW_DATA, 0, KEYS("规章"), NULL,
	NCOLS(t2_2019_doc_cols), t2_2019_doc_cols, -1},
	{"normative_documents", "规范性文件", GR_ROW_DATA, 0, KEYS("规范性文件"), NULL,
	NCOLS(t2_2019_doc_cols), t2_2019_doc_cols, -1},
	{"licensing", "行政许可", GR_ROW_DATA, 0, KEYS("行政许可"), NULL,
	NCOLS(t2_2019_item_cols), t2_2019_item_cols, -1},
	{"other_services", "其他对外管理服务事项", GR_ROW_DATA, 0, KEYS("其他对外管理服务"), NULL,
	NCOLS(t2_2019_item_cols), t2_2019_item_cols, -1},
	{"penalty", "行政处罚", GR_ROW_DATA, 0, KEYS("行政处罚"), NULL,
	NCOLS(t2_2019_item_cols), t2_2019_item_cols, -1},
	{"coercion", "行政强制", GR_ROW_DATA, 0, KEYS("行政强制"), NULL,
	NCOLS(t2_2019_item_cols), t2_2019_item_cols, -1},
	{"fees", "行政事业性收费", GR_ROW_DATA, 0, KEYS("行政事业性收费"), NULL,
	NCOLS(t2_2019_fee_cols), t2_2019_fee_cols, -1},
	{"procurement", "政府集中采购", GR_ROW_DATA, 0, KEYS("政府集中采购", "集中采购"), NULL,
	NCOLS(t2_2019_procurement_cols), t2_2019_procurement_cols, -1},
};

/* ------------------------------------------------------------ 2019 table 3 */

/* As 2021, but （六）其他处理 is one data row (the group indexes agree). */
static const gr_row_def t3_2019_rows[] = {
	T3_ROWS_THROUGH_REJECTED
	T3_ROW("other", "（六）其他处理", GR_ROW_OUTCOME, NULL, "其他处理", G21_RESULTS),
	T3_ROW("concluded", "（七）总计", 0, NULL, "总计", G21_RESULTS),
	T3_ROW("carried_forward", "四、结转下年度继续办理", 0, KEYS("结转下年度"), NULL, -1),
};

static const gr_table_def tables_2019[] = {
	{"t2", "主动公开政府信息情况", NCOLS(t2_2019_rows), t2_2019_rows},
	{"t3", "收到和处理政府信息公开申请情况", NCOLS(t3_2019_rows), t3_2019_rows},
	{"t4", "政府信息公开行政复议、行政诉讼情况", NCOLS(t4_rows), t4_rows},
};

static gr_template template_2019 = {.name = "2019", .id = 2, .ntables = NCOLS(tables_2019), .tables = tables_2019};

/* 2008–2018: no national template; a report value keeps its metadata and
 * findings, and has no cells. */
static gr_template template_legacy = {.name = "legacy", .id = 3, .ntables = 0, .tables = NULL};

static gr_template *const all_templates[] = {&template_2021, &template_2019, &template_legacy};

/* ------------------------------------------------------------- derivation */

static void
add_term(gr_identity *id, int cell, int weight)
{
	if (cell >= 0 && id->nterms < GR_MAX_TERMS)
	{
		id->terms[id->nterms].cell = cell;
		id->terms[id->nterms].weight = weight;
		id->nterms++;
	}
}

static gr_identity *
new_identity(gr_template *tpl, const char *rule, const char *scope)
{
	gr_identity *id;

	if (tpl->nidentities >= GR_MAX_IDENTITIES)
		return NULL;
	id = &tpl->identities[tpl->nidentities++];
	memset(id, 0, sizeof(*id));
	id->rule = rule;
	strncpy(id->scope, scope, sizeof(id->scope) - 1);
	return id;
}

static int
row_index(const gr_table_def *t, const char *code)
{
	int			r;

	for (r = 0; r < t->nrows; r++)
		if (t->rows[r].kind == GR_ROW_DATA && strcmp(t->rows[r].code, code) == 0)
			return r;
	return -1;
}

/*
 * The hard identities of SPEC §7, instantiated over the template's cells.
 * Any table whose rows end in a "total" column gets a row-sum rule; table 3
 * also gets the column balance and the outcome sum.
 */
static void
derive_identities(gr_template *tpl)
{
	int			t3 = gr_template_table(tpl, "t3");
	int			t4 = gr_template_table(tpl, "t4");
	int			r,
				c;

	if (t3 >= 0)
	{
		const gr_table_def *t = &tpl->tables[t3];
		int			received = row_index(t, "received"),
					carried_over = row_index(t, "carried_over"),
					concluded = row_index(t, "concluded"),
					carried_forward = row_index(t, "carried_forward");

		for (r = 0; r < t->nrows; r++)
		{
			gr_identity *id;

			if (t->rows[r].kind != GR_ROW_DATA)
				continue;
			id = new_identity(tpl, "t3_row_sum", t->rows[r].code);
			add_term(id, gr_template_cell(tpl, t3, r, t->rows[r].ncols - 1), 1);
			for (c = 0; c < t->rows[r].ncols - 1; c++)
				add_term(id, gr_template_cell(tpl, t3, r, c), -1);
		}
		for (c = 0; c < NCOLS(t3_cols); c++)
		{
			gr_identity *id = new_identity(tpl, "t3_balance", t3_cols[c].code);

			add_term(id, gr_template_cell(tpl, t3, received, c), 1);
			add_term(id, gr_template_cell(tpl, t3, carried_over, c), 1);
			add_term(id, gr_template_cell(tpl, t3, concluded, c), -1);
			add_term(id, gr_template_cell(tpl, t3, carried_forward, c), -1);
		}
		for (c = 0; c < NCOLS(t3_cols); c++)
		{
			gr_identity *id = new_identity(tpl, "t3_outcome_sum", t3_cols[c].code);

			add_term(id, gr_template_cell(tpl, t3, concluded, c), 1);
			for (r = 0; r < t->nrows; r++)
				if (t->rows[r].kind == GR_ROW_DATA && (t->rows[r].flags & GR_ROW_OUTCOME))
					add_term(id, gr_template_cell(tpl, t3, r, c), -1);
		}
	}
	if (t4 >= 0)
	{
		const gr_table_def *t = &tpl->tables[t4];

		for (r = 0; r < t->nrows; r++)
		{
			gr_identity *id = new_identity(tpl, "t4_sum", t->rows[r].code);

			add_term(id, gr_template_cell(tpl, t4, r, t->rows[r].ncols - 1), 1);
			for (c = 0; c < t->rows[r].ncols - 1; c++)
				add_term(id, gr_template_cell(tpl, t4, r, c), -1);
		}
	}
}

static void
derive(gr_template *tpl)
{
	int			t,
				r,
				c;

	memset(tpl->first_cell, -1, sizeof(tpl->first_cell));
	tpl->ncells = 0;
	for (t = 0; t < tpl->ntables; t++)
	{
		const gr_table_def *td = &tpl->tables[t];

		for (r = 0; r < td->nrows; r++)
		{
			const gr_row_def *rd = &td->rows[r];

			if (rd->kind != GR_ROW_DATA)
				continue;
			tpl->first_cell[t][r] = tpl->ncells;
			for (c = 0; c < rd->ncols; c++)
			{
				gr_cell_def *cd = &tpl->cells[tpl->ncells++];

				cd->table = t;
				cd->row = r;
				cd->col = c;
				cd->table_code = td->code;
				cd->row_code = rd->code;
				cd->col_code = rd->cols[c].code;
				cd->row_label = rd->label;
				cd->col_label = rd->cols[c].label;
				cd->flags = rd->flags | rd->cols[c].flags;
				snprintf(cd->key, sizeof(cd->key), "%s.%s.%s", td->code, rd->code, rd->cols[c].code);
			}
		}
	}
	tpl->nidentities = 0;
	derive_identities(tpl);
}

static void
ensure_derived(void)
{
	static bool done = false;
	size_t		i;

	if (done)
		return;
	for (i = 0; i < sizeof(all_templates) / sizeof(all_templates[0]); i++)
		derive(all_templates[i]);
	done = true;
}

const gr_template *
gr_template_by_name(const char *name, size_t len)
{
	size_t		i;

	ensure_derived();
	for (i = 0; i < sizeof(all_templates) / sizeof(all_templates[0]); i++)
		if (strlen(all_templates[i]->name) == len && memcmp(all_templates[i]->name, name, len) == 0)
			return all_templates[i];
	return NULL;
}

const gr_template *
gr_template_by_id(int id)
{
	size_t		i;

	ensure_derived();
	for (i = 0; i < sizeof(all_templates) / sizeof(all_templates[0]); i++)
		if (all_templates[i]->id == id)
			return all_templates[i];
	return NULL;
}

int
gr_template_table(const gr_template *tpl, const char *code)
{
	int			t;

	for (t = 0; t < tpl->ntables; t++)
		if (strcmp(tpl->tables[t].code, code) == 0)
			return t;
	return -1;
}

int
gr_template_cell(const gr_template *tpl, int t, int r, int c)
{
	int			first;

	if (t < 0 || t >= tpl->ntables || r < 0 || r >= tpl->tables[t].nrows)
		return -1;
	first = tpl->first_cell[t][r];
	if (first < 0 || c < 0 || c >= tpl->tables[t].rows[r].ncols)
		return -1;
	return first + c;
}

int
gr_template_find_cell(const gr_template *tpl, const char *key, size_t len)
{
	int			i;

	/* no key holds a NUL or fills its array */
	if (len == 0 || len >= sizeof(tpl->cells[0].key) || memchr(key, '\0', len) != NULL)
		return -1;
	for (i = 0; i < tpl->ncells; i++)
		if (tpl->cells[i].key[len] == '\0' && tpl->cells[i].key[len - 1] == key[len - 1] &&
			memcmp(tpl->cells[i].key, key, len) == 0)
			return i;
	return -1;
}

/* ----------------------------------------------------------------- layout */

typedef struct block_def
{
	const char *row_code;		/* the row that opens the block */
	const char *heading;
} block_def;

static const block_def t2_blocks_2021[] = {
	{"rules", "第二十条第（一）项"},
	{"licensing", "第二十条第（五）项"},
	{"penalty", "第二十条第（六）项"},
	{"fees", "第二十条第（八）项"},
	{NULL, NULL},
};

static const block_def t2_blocks_2019[] = {
	{"rules", "第二十条第（一）项"},
	{"licensing", "第二十条第（五）项"},
	{"penalty", "第二十条第（六）项"},
	{"fees", "第二十条第（八）项"},
	{"procurement", "第二十条第（九）项"},
	{NULL, NULL},
};

static const gr_table_layout layout_t2 = {.corner = "信息内容"};
static const gr_table_layout layout_t3 = {
	.corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
	.header = "申请人情况",
	.col_group = "法人或其他组织", .col_group_first = 1, .col_group_count = 5,
};
static const gr_table_layout layout_t4 = {.row_group_sep = "·", .transposed = true};
static const gr_table_layout layout_none = {0};

const gr_table_layout *
gr_template_layout(const gr_template *tpl, int t)
{
	const char *code;

	if (tpl == NULL || t < 0 || t >= tpl->ntables)
		return &layout_none;
	code = tpl->tables[t].code;
	if (strcmp(code, "t2") == 0)
		return &layout_t2;
	if (strcmp(code, "t3") == 0)
		return &layout_t3;
	if (strcmp(code, "t4") == 0)
		return &layout_t4;
	return &layout_none;
}

const char *
gr_template_block(const gr_template *tpl, int t, int r)
{
	const block_def *b;

	if (tpl == NULL || t < 0 || t >= tpl->ntables || r < 0 || r >= tpl->tables[t].nrows ||
		strcmp(tpl->tables[t].code, "t2") != 0)
		return NULL;
	b = tpl == &template_2019 ? t2_blocks_2019 : t2_blocks_2021;
	for (; b->row_code != NULL; b++)
		if (strcmp(b->row_code, tpl->tables[t].rows[r].code) == 0)
			return b->heading;
	return NULL;
}
