/*
 * analysis.c — what analysts compute over reports: sums of reports cell by
 * cell (the sum() aggregate, rollups) and the rates of one report.
 *
 * A sum never claims more than its operands: a cell absent from one report
 * is absent from the sum (its total is unknown), a sum of blanks is blank,
 * and a sum that used a value placed by the identities is inferred.  Each
 * cell of a sum counts the reports that carried a number there, so that a
 * reader can tell "0 from five reports" from "0 from one".
 *
 * The rates are data (rate_defs below): a numerator and a denominator as
 * lists of cell keys.  A key the template lacks is skipped, which lets one
 * definition serve both templates (2019's single `other` row, 2021's three
 * `other_*` rows).  Blank operands count as 0, as in the checks, and the
 * rate says how many there were; an absent operand leaves the rate
 * unevaluated.  The division itself is left to the caller (numeric in the
 * server), which also returns NULL for a zero denominator.
 */
#include <stdio.h>
#include <string.h>

#include "gr.h"

/* ------------------------------------------------------------------ sums */

/* x + y at the larger scale; false when it does not fit GR_MAX_DIGITS. */
static bool
num_add(gr_num x, gr_num y, gr_num *out)
{
	static const int64_t limit = INT64_C(1000000000000000000);	/* 10^18 */
	int			scale = x.scale > y.scale ? x.scale : y.scale;
	int64_t		a = x.mant,
				b = y.mant;
	int			s;

	for (s = x.scale; s < scale; s++)
		if (__builtin_mul_overflow(a, 10, &a))
			return false;
	for (s = y.scale; s < scale; s++)
		if (__builtin_mul_overflow(b, 10, &b))
			return false;
	if (__builtin_add_overflow(a, b, &out->mant) || out->mant >= limit || out->mant <= -limit)
		return false;
	out->scale = (uint8_t) scale;
	return true;
}

static bool
has_number(uint8_t state)
{
	return state == GR_REPORTED || state == GR_INFERRED;
}

/* The state of a + b (see the file comment). */
static uint8_t
sum_state(uint8_t a, uint8_t b)
{
	if (a == GR_ABSENT || b == GR_ABSENT)
		return GR_ABSENT;
	if (a == GR_INFERRED || b == GR_INFERRED)
		return GR_INFERRED;
	if (a == GR_REPORTED || b == GR_REPORTED)
		return GR_REPORTED;
	return GR_BLANK;
}

uint32_t
gr_report_contributors(const gr_report *rep, int cell)
{
	if (rep->contributors != NULL)
		return rep->contributors[cell];
	return has_number(rep->cells[cell].state) ? 1 : 0;
}

static int32_t
summed_of(const gr_report *rep)
{
	return rep->contributors != NULL ? rep->summed : 1;
}

/* An empty sum on a's template and year, to be filled cell by cell. */
static gr_report *
new_sum(gr_mem *mem, const gr_report *a, int32_t year, int32_t summed)
{
	gr_report  *s = gr_report_new(mem, a->tpl);

	s->year = year;
	s->summed = summed;
	s->contributors = gr_alloc(mem, sizeof(uint32_t) * (size_t) (s->ncells > 0 ? s->ncells : 1));
	return s;
}

gr_report *
gr_report_as_sum(gr_mem *mem, const gr_report *a)
{
	gr_report  *s = new_sum(mem, a, a->year, summed_of(a));
	int			i;

	for (i = 0; i < s->ncells; i++)
	{
		s->cells[i] = a->cells[i];
		s->cells[i].line = 0;
		s->contributors[i] = gr_report_contributors(a, i);
	}
	return s;
}

gr_report *
gr_report_sum(gr_mem *mem, const gr_report *a, const gr_report *b, gr_error *err)
{
	gr_report  *s;
	int			i;

	if (a->tpl != b->tpl)
	{
		gr_error_set(err, GR_ERR_MISMATCH, -1,
					 "one report is on template %s, the other on template %s",
					 a->tpl ? a->tpl->name : "(none)", b->tpl ? b->tpl->name : "(none)");
		return NULL;
	}
	if ((int64_t) summed_of(a) + summed_of(b) > INT32_MAX)
	{
		gr_error_set(err, GR_ERR_RANGE, -1, "a sum of more than %d reports", INT32_MAX);
		return NULL;
	}
	s = new_sum(mem, a, a->year == b->year ? a->year : 0, summed_of(a) + summed_of(b));
	for (i = 0; i < s->ncells; i++)
	{
		const gr_cell *x = &a->cells[i],
				   *y = &b->cells[i];
		gr_cell    *c = &s->cells[i];

		c->state = sum_state(x->state, y->state);
		s->contributors[i] = gr_report_contributors(a, i) + gr_report_contributors(b, i);
		if (!has_number(c->state))
			continue;
		if (!has_number(x->state))
			c->value = y->value;
		else if (!has_number(y->state))
			c->value = x->value;
		else if (!num_add(x->value, y->value, &c->value))
		{
			gr_error_set(err, GR_ERR_RANGE, -1,
						 "cell %s: the sum has more than %d digits", a->tpl->cells[i].key, GR_MAX_DIGITS);
			return NULL;
		}
	}
	return s;
}

/* ----------------------------------------------------------------- rates */

#define OUTCOME_DENOMINATOR {"t3.concluded.total"}

static const gr_rate_def rate_defs[] = {
	{"granted_share", 1, {"t3.granted.total"}, OUTCOME_DENOMINATOR,
		"Requests granted in full (予以公开) as a share of the requests concluded (（七）总计).",
	"予以公开件数占本年度办理结果总计的比例。"},
	{"partly_granted_share", 1, {"t3.partly_granted.total"}, OUTCOME_DENOMINATOR,
		"Requests partly granted (部分公开) as a share of the requests concluded.",
	"部分公开件数占办理结果总计的比例。"},
	{"granted_in_whole_or_part_share", 1, {"t3.granted.total", "t3.partly_granted.total"}, OUTCOME_DENOMINATOR,
		"Requests granted in whole or in part (予以公开 + 部分公开) as a share of the requests concluded.",
	"予以公开与部分公开件数之和占办理结果总计的比例。"},
	{"denied_share", 1,
		{"t3.denied_state_secret.total", "t3.denied_prohibited_by_law.total", "t3.denied_security_stability.total",
			"t3.denied_third_party.total", "t3.denied_internal_affairs.total", "t3.denied_process_info.total",
		"t3.denied_enforcement_file.total", "t3.denied_inquiry_matter.total"}, OUTCOME_DENOMINATOR,
		"Requests denied (不予公开, its eight rows) as a share of the requests concluded.",
	"不予公开（八项之和）占办理结果总计的比例。"},
	{"unavailable_share", 1,
		{"t3.unavailable_not_held.total", "t3.unavailable_needs_creation.total", "t3.unavailable_unclear.total"},
		OUTCOME_DENOMINATOR,
		"Requests that could not be answered (无法提供, its three rows) as a share of the requests concluded.",
	"无法提供（三项之和）占办理结果总计的比例。"},
	{"not_processed_share", 1,
		{"t3.rejected_petition.total", "t3.rejected_repeat.total", "t3.rejected_publication.total",
		"t3.rejected_excessive.total", "t3.rejected_confirmation.total"}, OUTCOME_DENOMINATOR,
		"Requests not processed (不予处理, its five rows) as a share of the requests concluded.",
	"不予处理（五项之和）占办理结果总计的比例。"},
	{"other_share", 1,
		{"t3.other.total", "t3.other_no_correction.total", "t3.other_no_fee.total", "t3.other_misc.total"},
		OUTCOME_DENOMINATOR,
		"Requests concluded otherwise (其他处理: 2019's one row, 2021's three rows) as a share of the requests concluded.",
	"其他处理（2019年格式一行，2021年格式三项之和）占办理结果总计的比例。"},
	{"natural_person_share", 1, {"t3.received.natural_person"}, {"t3.received.total"},
		"New requests from natural persons (自然人) as a share of all new requests (本年新收, 总计).",
	"本年新收申请中自然人申请所占比例。"},
	{"legal_person_share", 1,
		{"t3.received.commercial", "t3.received.research", "t3.received.social_welfare",
		"t3.received.legal_service", "t3.received.other_org"}, {"t3.received.total"},
		"New requests from legal persons and other organisations (法人或其他组织, five columns) as a share of all new requests.",
	"本年新收申请中法人或其他组织（五列之和）申请所占比例。"},
	{"carried_forward_share", 1, {"t3.carried_forward.total"}, {"t3.received.total", "t3.carried_over.total"},
		"Requests carried forward to next year (结转下年度继续办理) as a share of the requests to handle (本年新收 + 上年结转).",
	"结转下年度继续办理件数占本年新收与上年结转之和的比例。"},
	{"review_correction_rate", 1, {"t4.review.corrected"},
		{"t4.review.upheld", "t4.review.corrected", "t4.review.other"},
		"Reconsiderations decided against the agency (结果纠正) among those decided (维持 + 纠正 + 其他结果).",
	"行政复议结果纠正数占已审结数（结果维持、结果纠正、其他结果之和）的比例。"},
	{"litigation_direct_correction_rate", 1, {"t4.litigation_direct.corrected"},
		{"t4.litigation_direct.upheld", "t4.litigation_direct.corrected", "t4.litigation_direct.other"},
		"The same for lawsuits brought without reconsideration (未经复议直接起诉).",
	"未经复议直接起诉的行政诉讼结果纠正比例。"},
	{"litigation_after_review_correction_rate", 1, {"t4.litigation_after_review.corrected"},
		{"t4.litigation_after_review.upheld", "t4.litigation_after_review.corrected",
		"t4.litigation_after_review.other"},
		"The same for lawsuits brought after reconsideration (复议后起诉).",
	"复议后起诉的行政诉讼结果纠正比例。"},
	{"litigation_correction_rate", 1, {"t4.litigation_direct.corrected", "t4.litigation_after_review.corrected"},
		{"t4.litigation_direct.upheld", "t4.litigation_direct.corrected", "t4.litigation_direct.other",
			"t4.litigation_after_review.upheld", "t4.litigation_after_review.corrected",
		"t4.litigation_after_review.other"},
		"Lawsuits decided against the agency among those decided, both kinds of litigation together.",
	"行政诉讼（两类合计）结果纠正数占已审结数的比例。"},
	{"requests_per_10000_documents", 10000, {"t3.received.total"},
		{"t2.rules.in_force", "t2.normative_documents.in_force",
		"t2.rules.total_published", "t2.normative_documents.total_published"},
		"New requests per 10,000 documents disclosed proactively: rules and normative documents in force (2021 template, 现行有效件数) or published in total (2019 template, 对外公开总数量).",
	"每万件主动公开文件（规章与规范性文件：2021年格式为现行有效件数，2019年格式为对外公开总数量）对应的本年新收申请数。"},
};

const gr_rate_def *
gr_rate_defs(int *n)
{
	*n = (int) (sizeof(rate_defs) / sizeof(rate_defs[0]));
	return rate_defs;
}

#define N_RATE_DEFS ((int) (sizeof(rate_defs) / sizeof(rate_defs[0])))
#define N_TEMPLATE_IDS 8

/*
 * The cell indexes of each rate's operands per template, looked up once
 * (a rates query over a store calls rates() once per report): -1 where the
 * template lacks the key, -2 after the last key.
 */
static int16_t rate_cells[N_TEMPLATE_IDS][N_RATE_DEFS][2][GR_RATE_MAX_TERMS + 1];
static bool rate_cells_ready[N_TEMPLATE_IDS];

static const int16_t *
side_cells(const gr_template *tpl, int def, int side)
{
	int			id = tpl->id < N_TEMPLATE_IDS ? tpl->id : 0;

	if (!rate_cells_ready[id])
	{
		int			d,
					s,
					k;

		for (d = 0; d < N_RATE_DEFS; d++)
			for (s = 0; s < 2; s++)
			{
				const char *const *keys = s == 0 ? rate_defs[d].numerator : rate_defs[d].denominator;

				for (k = 0; k < GR_RATE_MAX_TERMS && keys[k] != NULL; k++)
					rate_cells[id][d][s][k] = (int16_t) gr_template_find_cell(tpl, keys[k], strlen(keys[k]));
				rate_cells[id][d][s][k] = -2;
			}
		rate_cells_ready[id] = true;
	}
	return rate_cells[id][def][side];
}

/* Adds the template's cells of one side to r and *sum; false if none exist. */
static bool
add_side(const gr_report *rep, int def, int side, gr_rate *r, gr_num *sum)
{
	const int16_t *cells = side_cells(rep->tpl, def, side);
	int			k,
				found = 0;

	sum->mant = 0;
	sum->scale = 0;
	for (k = 0; cells[k] != -2; k++)
	{
		int			cell = cells[k];
		const gr_cell *c;

		if (cell < 0 || cell >= rep->ncells)
			continue;
		found++;
		r->operands[r->noperands++] = cell;
		c = &rep->cells[cell];
		if (c->state == GR_ABSENT)
			r->evaluated = false;
		else if (c->state == GR_BLANK)
			r->nblank++;
		else if (r->evaluated && !num_add(*sum, c->value, sum))
			r->evaluated = false;
	}
	return found > 0;
}

int
gr_report_rates(gr_mem *mem, const gr_report *rep, gr_rate **out)
{
	int			ndefs = N_RATE_DEFS;
	gr_rate    *rates;
	int			i,
				n = 0;

	*out = NULL;
	if (rep->tpl == NULL || rep->ncells == 0)
		return 0;
	rates = gr_alloc(mem, sizeof(gr_rate) * (size_t) ndefs);
	for (i = 0; i < ndefs; i++)
	{
		gr_rate    *r = &rates[n];

		memset(r, 0, sizeof(*r));
		r->def = &rate_defs[i];
		r->evaluated = true;
		if (!add_side(rep, i, 0, r, &r->numerator))
			continue;
		r->nnumerator = r->noperands;
		if (!add_side(rep, i, 1, r, &r->denominator))
			continue;
		n++;
	}
	*out = rates;
	return n;
}
