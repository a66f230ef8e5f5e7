/*
 * checks.c — the identities of SPEC §7, evaluated on one report.
 *
 * The rules are data: each has its SPEC name, a severity and descriptions;
 * its instances over a template's cells are the weighted sums the template
 * derives (template.c), so one description drives placement, checks,
 * constraints and the docs.  Each check keeps what it compared: the
 * operand cells with their values and states, the two sides, the
 * difference, and an English message that names the cells and numbers.
 *
 * Blank cells count as 0 and the message says so; an absent operand makes
 * the check not_evaluated, never a pass.  When one cell explains several
 * failures (a broken total breaks its row sum and its column balance),
 * that cell is named as the suspect and the later failures point back to
 * the first one (repeat_of), so a broken total is reported once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gr_internal.h"

static const gr_rule_info rules[] = {
	{"t3_row_sum", GR_SEV_ERROR, "each table 3 row",
		"total = natural_person + commercial + research + social_welfare + legal_service + other_org",
		"Each table-3 row's total equals the sum of its six applicant columns.",
	"表三每一行的总计等于自然人与各类法人或其他组织之和。"},
	{"t3_balance", GR_SEV_ERROR, "each table 3 column",
		"received + carried_over = concluded + carried_forward",
		"New requests plus those carried over equal those concluded plus those carried forward, in every column.",
	"每一列：本年新收加上年结转，等于本年度办理结果总计加结转下年度继续办理。"},
	{"t3_outcome_sum", GR_SEV_ERROR, "each table 3 column",
		"concluded = sum of the outcome rows",
		"The （七）总计 row equals the sum of every outcome row (予以公开 through 其他处理), in every column.",
	"每一列：（七）总计等于各项办理结果之和。"},
	{"t4_sum", GR_SEV_ERROR, "each table 4 row",
		"total = upheld + corrected + other + pending",
		"Each reconsideration or litigation total equals 结果维持 + 结果纠正 + 其他结果 + 尚未审结.",
	"表四每一类的总计等于结果维持、结果纠正、其他结果与尚未审结之和。"},
	{"integer_count", GR_SEV_ERROR, "each table",
		"every count cell is a non-negative integer",
		"Every count is a non-negative integer (本年增/减 may be negative; amounts of money may be decimal).",
	"各项件数均为非负整数（本年增/减可为负数，金额可为小数）。"},
	{"narrative_matches_table", GR_SEV_WARNING, "each count stated in the prose",
		"count stated in the prose = the table cell(s) it names",
		"A count stated in the prose (收到 N 件, 办理 N 件, 予以公开 N 件, 行政复议 N 件 …) equals the table.",
	"正文中表述的件数与表格数据一致。"},
	{"template_matches_year", GR_SEV_WARNING, "the report",
		"2019 template for 2019–2020, 2021 template from 2021",
		"The report uses the template in force for its year.",
	"报告所用格式与报告年度适用的格式一致。"},
	{"in_force_continuity", GR_SEV_WARNING, "each table 2 document row, across years",
		"in_force(N) = in_force(N-1) + issued(N) - repealed(N)",
		"The documents in force follow from last year's, this year's issued and repealed (approximate).",
	"现行有效件数约等于上年现行有效件数加本年制发件数减本年废止件数。"},
	{"published_le_total", GR_SEV_WARNING, "each 2019 table 2 document row",
		"newly_published <= total_published",
		"Documents newly published this year do not exceed the total published.",
	"本年新公开数量不超过对外公开总数量。"},
	{"carry_continuity", GR_SEV_WARNING, "each table 3 column, across years",
		"carried_over(N) = carried_forward(N-1)",
		"This year's carried-over requests equal last year's carried-forward ones for the same agency.",
	"本年上年结转数等于同一机关上一年度的结转下年度继续办理数。"},
	{"rollup_matches_children", GR_SEV_WARNING, "each cell of a parent unit's report, across units",
		"parent's cell = sum of its children's cells (same year)",
		"A report that covers other units (a city over its departments, declared in agency_units) equals the sum of their reports, cell by cell (view rollup_check).",
	"汇总报告（如市政府汇总各部门编制的报告）的各项数据等于其所属单位同年度报告之和（视图 rollup_check）。"},
};

const gr_rule_info *
gr_rules(int *n)
{
	*n = (int) (sizeof(rules) / sizeof(rules[0]));
	return rules;
}

static const gr_rule_info *
rule_info(const char *name)
{
	size_t		i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].name, name) == 0)
			return &rules[i];
	return NULL;
}

const char *
gr_check_status_name(gr_check_status s)
{
	switch (s)
	{
		case GR_CHECK_PASS:
			return "pass";
		case GR_CHECK_FAIL:
			return "fail";
		default:
			return "not_evaluated";
	}
}

/* ------------------------------------------------------------ arithmetic */

/* Decimal sums at a common scale; false on overflow. */
typedef struct acc
{
	int64_t		v;
	int			scale;
	bool		ok;
} acc;

static bool
rescale(int64_t v, int from, int to, int64_t *out)
{
	while (from < to)
	{
		if (__builtin_mul_overflow(v, 10, &v))
			return false;
		from++;
	}
	*out = v;
	return true;
}

static void
acc_add(acc *a, gr_num n, int weight)
{
	int64_t		v;

	if (!a->ok)
		return;
	if (n.scale > a->scale)
	{
		if (!rescale(a->v, a->scale, n.scale, &a->v))
		{
			a->ok = false;
			return;
		}
		a->scale = n.scale;
	}
	if (!rescale(n.mant, n.scale, a->scale, &v) || __builtin_mul_overflow(v, (int64_t) weight, &v) ||
		__builtin_add_overflow(a->v, v, &a->v))
		a->ok = false;
}

static gr_num
acc_num(const acc *a)
{
	gr_num		n;

	n.mant = a->v;
	n.scale = (uint8_t) a->scale;
	return n;
}

static gr_num
num_sub(gr_num x, gr_num y, bool *ok)
{
	acc			a = {0, 0, true};

	acc_add(&a, x, 1);
	acc_add(&a, y, -1);
	*ok = a.ok;
	return acc_num(&a);
}

/* --------------------------------------------------------------- messages */

typedef struct sbuf
{
	gr_mem	   *mem;
	char	   *s;
	size_t		len,
				cap;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
			__attribute__((format(printf, 2, 3)))
#endif
			;

static bool
sb_reserve(sbuf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap)
	{
		size_t		cap = (b->len + extra + 1) * 2;
		char	   *bigger;

		if (cap < 256)
			cap = 256;
		bigger = gr_alloc(b->mem, cap);
		if (b->len)
			memcpy(bigger, b->s, b->len);
		b->s = bigger;
		b->cap = cap;
	}
	return true;
}

static void
sb_printf(sbuf *b, const char *fmt, ...)
{
	va_list		ap;
	int			n;

	if (b->mem == NULL)
		return;					/* messages are off */
	/* one formatting pass when it fits, a second after growing */
	if (b->cap == 0)
		sb_reserve(b, 128);
	va_start(ap, fmt);
	n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t) n + 1 > b->cap)
	{
		sb_reserve(b, (size_t) n);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t) n;
}

/* Appends a string; the hot path of messages, without printf. */
static void
sb_put(sbuf *b, const char *s)
{
	size_t		n;

	if (b->mem == NULL)
		return;
	n = strlen(s);
	sb_reserve(b, n);
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static const char *
fmt_num(gr_mem *mem, gr_num n)
{
	char		buf[48];

	gr_num_format(n, buf, sizeof(buf));
	return gr_strdup(mem, buf);
}

/* A cell's value as it enters a sum: blank and absent count as 0 here. */
static gr_num
cell_value(const gr_report *rep, int cell)
{
	gr_num		zero = {0, 0};
	const gr_cell *c = &rep->cells[cell];

	return (c->state == GR_REPORTED || c->state == GR_INFERRED) ? c->value : zero;
}

/* ------------------------------------------------------------- the checks */

typedef struct checks
{
	gr_mem	   *mem;
	gr_mem	   *msg;			/* mem, or NULL when no messages are wanted */
	const gr_report *rep;
	int			n,
				cap;
	gr_check   *items;
	/* where messages are written, reused; each is then copied at its size */
	char	   *scratch;
	size_t		scratch_cap;
} checks;

/* A message buffer on the reused scratch space... */
static sbuf
sb_scratch(checks *cs)
{
	sbuf		b = {cs->msg, cs->scratch, 0, cs->scratch_cap};

	if (b.s != NULL)
		b.s[0] = '\0';
	return b;
}

/* ... and the message, copied out at its size; the space is kept. */
static char *
sb_done(checks *cs, sbuf *b)
{
	if (b->mem == NULL || b->s == NULL)
		return NULL;
	cs->scratch = b->s;
	cs->scratch_cap = b->cap;
	return gr_strndup(b->mem, b->s, b->len);
}

static gr_check *
new_check(checks *cs, const char *rule, const char *scope)
{
	const gr_rule_info *info = rule_info(rule);
	gr_check   *c;

	if (cs->n == cs->cap)
	{
		int			cap = cs->cap ? cs->cap * 2 : 64;
		gr_check   *bigger = gr_alloc(cs->mem, (size_t) cap * sizeof(gr_check));

		if (cs->n)
			memcpy(bigger, cs->items, (size_t) cs->n * sizeof(gr_check));
		cs->items = bigger;
		cs->cap = cap;
	}
	c = &cs->items[cs->n++];
	memset(c, 0, sizeof(*c));
	c->rule = info ? info->name : rule;
	c->severity = info ? info->severity : GR_SEV_WARNING;
	c->scope = (char *) scope;	/* template or report memory: outlives the checks */
	c->status = GR_CHECK_NOT_EVALUATED;
	c->suspect_cell = -1;
	return c;
}

static void
set_operands(checks *cs, gr_check *c, const gr_term *terms, int nterms)
{
	c->operands = gr_alloc(cs->mem, (size_t) (nterms > 0 ? nterms : 1) * sizeof(gr_term));
	memcpy(c->operands, terms, (size_t) nterms * sizeof(gr_term));
	c->noperands = nterms;
}

/* "t3.granted.total" -> "total" (row rules) or "granted" (column rules). */
static const char *
short_name(const gr_template *tpl, int cell, bool row_scope)
{
	return row_scope ? tpl->cells[cell].col_code : tpl->cells[cell].row_code;
}

/* Appends a number.  Most are small whole counts: written directly. */
static void
sb_num(sbuf *b, gr_num num)
{
	if (b->mem == NULL)
		return;
	sb_reserve(b, 48);
	if (num.scale == 0 && num.mant >= 0 && num.mant < 10000)
	{
		char	   *p = b->s + b->len;
		int			v = (int) num.mant,
					n = v >= 1000 ? 4 : v >= 100 ? 3 : v >= 10 ? 2 : 1,
					i;

		for (i = n - 1; i >= 0; i--, v /= 10)
			p[i] = (char) ('0' + v % 10);
		p[n] = '\0';
		b->len += (size_t) n;
		return;
	}
	b->len += (size_t) gr_num_format(num, b->s + b->len, b->cap - b->len);
}

/* Writes "a + b + c = 12" for the terms of one side. */
static void
write_side(sbuf *b, const gr_report *rep, const gr_term *terms, int n, int weight, bool row_scope,
		   gr_num total)
{
	int			i,
				k = 0;

	if (b->mem == NULL)
		return;
	for (i = 0; i < n; i++)
		if (terms[i].weight == weight && rep->cells[terms[i].cell].state != GR_ABSENT)
		{
			const char *name = short_name(rep->tpl, terms[i].cell, row_scope);
			size_t		len = strlen(name);

			/* " + ", the name and " ": one reservation */
			sb_reserve(b, len + 4);
			if (k++)
			{
				memcpy(b->s + b->len, " + ", 3);
				b->len += 3;
			}
			memcpy(b->s + b->len, name, len);
			b->s[b->len + len] = ' ';
			b->len += len + 1;
			b->s[b->len] = '\0';
			sb_num(b, cell_value(rep, terms[i].cell));
		}
	if (k > 1)
	{
		sb_put(b, " = ");
		sb_num(b, total);
	}
}

/* The values of a group printed as one row (collapsed_group_row), or NULL. */
static const gr_finding *
collapsed_values(const gr_report *rep, const char *table_code, const char *group_code, int ncols)
{
	char		prefix[96];
	int			i;

	snprintf(prefix, sizeof(prefix), "%s.%s,", table_code, group_code);
	for (i = 0; i < rep->nfindings; i++)
		if (strcmp(rep->findings[i].code, "collapsed_group_row") == 0 &&
			strncmp(rep->findings[i].location, prefix, strlen(prefix)) == 0 &&
			rep->findings[i].nvalues == ncols)
			return &rep->findings[i];
	return NULL;
}

/* One identity instance: sum(weight * cell) == 0, the +1 terms forming the
 * printed side ("actual") and the -1 terms the computed side ("expected"). */
static void
check_identity(checks *cs, const gr_identity *id)
{
	const gr_report *rep = cs->rep;
	gr_check   *c = new_check(cs, id->rule, id->scope);
	bool		row_scope = strcmp(id->rule, "t3_row_sum") == 0 || strcmp(id->rule, "t4_sum") == 0;
	acc			lhs = {0, 0, true},
				rhs = {0, 0, true};
	sbuf		b = sb_scratch(cs);
	sbuf		blanks = {cs->msg, NULL, 0, 0},
				absents = {cs->msg, NULL, 0, 0},
				collapsed_seen = {cs->mem, NULL, 0, 0},
				collapsed_note = {cs->msg, NULL, 0, 0};
	int			i,
				nblank = 0,
				nabsent = 0;
	bool		ok;

	set_operands(cs, c, id->terms, id->nterms);
	for (i = 0; i < id->nterms; i++)
	{
		const gr_cell *cell = &rep->cells[id->terms[i].cell];
		const gr_cell_def *cd = &rep->tpl->cells[id->terms[i].cell];
		const char *key = cd->key;

		if (cell->state == GR_ABSENT)
		{
			/* sub-rows of a group printed as one row: that row's value
			 * stands for all of them, counted once (SPEC §6) */
			const gr_table_def *td = &rep->tpl->tables[cd->table];
			int			g = td->rows[cd->row].group;
			const gr_finding *f = strcmp(id->rule, "t3_outcome_sum") == 0 && g >= 0 &&
				(td->rows[g].flags & GR_ROW_COLLAPSIBLE) ?
				collapsed_values(rep, td->code, td->rows[g].code, td->rows[cd->row].ncols) : NULL;

			if (f != NULL)
			{
				if (strstr(collapsed_seen.s ? collapsed_seen.s : "", td->rows[g].code) == NULL)
				{
					acc_add(id->terms[i].weight > 0 ? &lhs : &rhs, f->values[cd->col], 1);
					sb_printf(&collapsed_seen, "%s%s", collapsed_seen.len ? ", " : "", td->rows[g].code);
					sb_printf(&collapsed_note, "%s%s printed as one row: %s", collapsed_note.len ? "; " : "",
							  td->rows[g].label, fmt_num(cs->mem, f->values[cd->col]));
				}
				continue;
			}
			if (nabsent++)
				sb_put(&absents, ", ");
			sb_put(&absents, key);
		}
		else if (cell->state == GR_BLANK)
		{
			if (nblank++)
				sb_put(&blanks, ", ");
			sb_put(&blanks, key);
		}
		acc_add(id->terms[i].weight > 0 ? &lhs : &rhs, cell_value(rep, id->terms[i].cell), 1);
	}
	sb_put(&b, row_scope ? "row " : "column ");
	sb_put(&b, id->scope);
	sb_put(&b, ": ");
	if (nabsent > 0)
	{
		c->status = GR_CHECK_NOT_EVALUATED;
		sb_printf(&b, "not evaluated: %d absent cell%s (%s)", nabsent, nabsent > 1 ? "s" : "", absents.s);
		c->message = sb_done(cs, &b);
		return;
	}
	if (!lhs.ok || !rhs.ok)
	{
		c->status = GR_CHECK_FAIL;
		sb_printf(&b, "the sums overflow");
		c->message = sb_done(cs, &b);
		return;
	}
	c->has_numbers = true;
	c->actual = acc_num(&lhs);
	c->expected = acc_num(&rhs);
	c->difference = num_sub(c->actual, c->expected, &ok);
	c->status = gr_num_cmp(c->actual, c->expected) == 0 ? GR_CHECK_PASS : GR_CHECK_FAIL;
	write_side(&b, rep, id->terms, id->nterms, 1, row_scope, c->actual);
	sb_put(&b, c->status == GR_CHECK_PASS ? " = " : " ≠ ");
	write_side(&b, rep, id->terms, id->nterms, -1, row_scope, c->expected);
	if (c->status == GR_CHECK_FAIL)
		sb_printf(&b, " (difference %s)", fmt_num(cs->mem, c->difference));
	if (nblank > 0)
	{
		sb_put(&b, "; blank cells counted as 0: ");
		sb_put(&b, blanks.s);
	}
	if (collapsed_note.len > 0)
		sb_printf(&b, "; %s", collapsed_note.s);
	c->message = sb_done(cs, &b);
}

/* integer_count, one instance per table: counts are whole and >= 0. */
static void
check_integers(checks *cs, int t)
{
	const gr_report *rep = cs->rep;
	const gr_template *tpl = rep->tpl;
	gr_check   *c = new_check(cs, "integer_count", tpl->tables[t].code);
	gr_term    *bad = gr_alloc(cs->mem, (size_t) tpl->ncells * sizeof(gr_term));
	sbuf		b = {cs->msg, NULL, 0, 0},
				list = {cs->msg, NULL, 0, 0};
	int			i,
				nbad = 0,
				nvalues = 0;

	for (i = 0; i < tpl->ncells; i++)
	{
		const gr_cell *cell = &rep->cells[i];
		const gr_cell_def *cd = &tpl->cells[i];
		bool		whole = true;
		int64_t		m;
		int			s;

		if (cd->table != t || (cell->state != GR_REPORTED && cell->state != GR_INFERRED))
			continue;
		nvalues++;
		if (cd->flags & GR_ROW_MONEY)
			continue;
		for (m = cell->value.mant, s = cell->value.scale; s > 0; s--, m /= 10)
			if (m % 10 != 0)
				whole = false;
		if (!whole || (cell->value.mant < 0 && !(cd->flags & GR_ROW_SIGNED)))
		{
			bad[nbad].cell = i;
			bad[nbad].weight = 1;
			sb_printf(&list, "%s%s = %s", nbad ? ", " : "", cd->key, fmt_num(cs->mem, cell->value));
			nbad++;
		}
	}
	set_operands(cs, c, bad, nbad);
	if (nvalues == 0)
	{
		c->status = GR_CHECK_NOT_EVALUATED;
		sb_printf(&b, "table %s: not evaluated: no values", tpl->tables[t].code);
	}
	else if (nbad == 0)
	{
		c->status = GR_CHECK_PASS;
		sb_printf(&b, "table %s: all %d counts are non-negative integers", tpl->tables[t].code, nvalues);
	}
	else
	{
		c->status = GR_CHECK_FAIL;
		sb_printf(&b, "table %s: %d of %d counts are not non-negative integers: %s",
				  tpl->tables[t].code, nbad, nvalues, list.s);
	}
	c->message = b.s;
}

/* published_le_total (2019 table 2): newly_published <= total_published,
 * for every row that has both columns. */
static void
check_published_le_total(checks *cs)
{
	const gr_report *rep = cs->rep;
	const gr_template *tpl = rep->tpl;
	int			t = gr_template_table(tpl, "t2"),
				r,
				c;

	if (t < 0)
		return;
	for (r = 0; r < tpl->tables[t].nrows; r++)
	{
		const gr_row_def *rd = &tpl->tables[t].rows[r];
		int			newly = -1,
					total = -1;
		gr_check   *k;
		gr_term		terms[2];
		sbuf		b = {cs->msg, NULL, 0, 0};

		for (c = 0; c < rd->ncols; c++)
		{
			if (strcmp(rd->cols[c].code, "newly_published") == 0)
				newly = gr_template_cell(tpl, t, r, c);
			else if (strcmp(rd->cols[c].code, "total_published") == 0)
				total = gr_template_cell(tpl, t, r, c);
		}
		if (newly < 0 || total < 0)
			continue;
		k = new_check(cs, "published_le_total", rd->code);
		terms[0].cell = newly, terms[0].weight = 1;
		terms[1].cell = total, terms[1].weight = -1;
		set_operands(cs, k, terms, 2);
		if (rep->cells[newly].state == GR_ABSENT || rep->cells[total].state == GR_ABSENT)
		{
			k->status = GR_CHECK_NOT_EVALUATED;
			sb_printf(&b, "row %s: not evaluated: a cell is absent", rd->code);
		}
		else
		{
			bool		ok;

			k->has_numbers = true;
			k->actual = cell_value(rep, newly);
			k->expected = cell_value(rep, total);
			k->difference = num_sub(k->actual, k->expected, &ok);
			k->status = gr_num_cmp(k->actual, k->expected) <= 0 ? GR_CHECK_PASS : GR_CHECK_FAIL;
			sb_printf(&b, "row %s: newly_published %s %s total_published %s", rd->code,
					  fmt_num(cs->mem, k->actual), k->status == GR_CHECK_PASS ? "<=" : ">",
					  fmt_num(cs->mem, k->expected));
			if (rep->cells[newly].state == GR_BLANK || rep->cells[total].state == GR_BLANK)
				sb_printf(&b, "; blank cells counted as 0");
		}
		k->message = b.s;
	}
}

static void
check_template_year(checks *cs)
{
	const gr_report *rep = cs->rep;
	gr_check   *c = new_check(cs, "template_matches_year", "report");
	sbuf		b = {cs->msg, NULL, 0, 0};
	const char *want;

	if (rep->year == 0)
	{
		c->status = GR_CHECK_NOT_EVALUATED;
		sb_printf(&b, "report: not evaluated: the report year is not known");
		c->message = b.s;
		return;
	}
	want = rep->year >= 2021 ? "2021" : rep->year >= 2019 ? "2019" : "legacy";
	c->status = strcmp(want, rep->tpl->name) == 0 ? GR_CHECK_PASS : GR_CHECK_FAIL;
	sb_printf(&b, "report: year %d %s template %s (template %s applies to that year)", (int) rep->year,
			  c->status == GR_CHECK_PASS ? "uses" : "but", rep->tpl->name, want);
	c->message = b.s;
}

/* Parses "a+b|c" into alternatives of cell sums.  Returns false when a key
 * is not a cell of the template. */
static bool
parse_expr(const gr_template *tpl, const char *expr, int alt_start[8], int *nalts, gr_term *terms,
		   int *nterms, int max_terms)
{
	const char *p = expr;

	*nalts = 0;
	*nterms = 0;
	while (*p && *nalts < 8)
	{
		alt_start[(*nalts)++] = *nterms;
		for (;;)
		{
			size_t		n = strcspn(p, "+|");
			int			cell = gr_template_find_cell(tpl, p, n);

			if (cell < 0 || *nterms >= max_terms)
				return false;
			terms[*nterms].cell = cell;
			terms[*nterms].weight = 1;
			(*nterms)++;
			p += n;
			if (*p == '+')
			{
				p++;
				continue;
			}
			break;
		}
		if (*p == '|')
			p++;
	}
	alt_start[*nalts] = *nterms;
	return *nalts > 0;
}

/* narrative_matches_table: one check per count the prose states. */
static void
check_narrative(checks *cs, const gr_finding *f)
{
	const gr_report *rep = cs->rep;
	gr_check   *c = new_check(cs, "narrative_matches_table", f->location);
	sbuf		b = sb_scratch(cs);
	gr_term		terms[64];
	int			alt_start[9],
				nalts,
				nterms,
				a,
				i,
				best = -1;
	acc			sums[8];
	bool		absent[8];

	if (f->nvalues != 1 || !parse_expr(rep->tpl, f->location, alt_start, &nalts, terms, &nterms, 64))
	{
		c->status = GR_CHECK_NOT_EVALUATED;
		sb_printf(&b, "“%s”: not evaluated: it names no cells of template %s", f->message, rep->tpl->name);
		c->message = sb_done(cs, &b);
		return;
	}
	set_operands(cs, c, terms, nterms);
	c->actual = f->values[0];
	for (a = 0; a < nalts; a++)
	{
		sums[a] = (acc) {0, 0, true};
		absent[a] = false;
		for (i = alt_start[a]; i < alt_start[a + 1]; i++)
		{
			if (rep->cells[terms[i].cell].state == GR_ABSENT)
				absent[a] = true;
			acc_add(&sums[a], cell_value(rep, terms[i].cell), 1);
		}
		if (!absent[a] && sums[a].ok && (best < 0 || gr_num_cmp(acc_num(&sums[a]), c->actual) == 0))
			if (best < 0 || gr_num_cmp(acc_num(&sums[best]), c->actual) != 0)
				best = a;
	}
	if (best < 0)
	{
		c->status = GR_CHECK_NOT_EVALUATED;
		sb_printf(&b, "“%s” states %s; not evaluated: the table cells it names are absent",
				  f->message, fmt_num(cs->mem, c->actual));
		c->message = sb_done(cs, &b);
		return;
	}
	c->has_numbers = true;
	c->expected = acc_num(&sums[best]);
	c->difference = num_sub(c->actual, c->expected, &(bool) {true});
	c->status = gr_num_cmp(c->actual, c->expected) == 0 ? GR_CHECK_PASS : GR_CHECK_FAIL;
	sb_printf(&b, "“%s” states %s; the table %s %s (", f->message, fmt_num(cs->mem, c->actual),
			  c->status == GR_CHECK_PASS ? "agrees:" : "says", fmt_num(cs->mem, c->expected));
	for (i = alt_start[best]; i < alt_start[best + 1]; i++)
	{
		if (i > alt_start[best])
			sb_put(&b, " + ");
		sb_put(&b, rep->tpl->cells[terms[i].cell].key);
	}
	sb_put(&b, ")");
	c->message = sb_done(cs, &b);
}

/*
 * The suspect of a failed identity: the one cell whose correction would
 * make it hold without breaking any identity that holds now.  Blank cells
 * are preferred when several qualify.  Failures with the same suspect and
 * the same correction are one broken cell: the later ones repeat the first.
 */
static void
attribute_failures(checks *cs, int first_identity, int nidentities)
{
	const gr_report *rep = cs->rep;
	int			i,
				j,
				k;
	gr_num	   *corrections = gr_alloc(cs->mem, (size_t) (cs->n + 1) * sizeof(gr_num));

	for (i = first_identity; i < first_identity + nidentities; i++)
	{
		gr_check   *c = &cs->items[i];
		int			nfit = 0,
					nblank = 0,
					any = -1,
					blank = -1,
					chosen = -1;

		if (c->status != GR_CHECK_FAIL || !c->has_numbers || c->severity != GR_SEV_ERROR)
			continue;
		for (k = 0; k < c->noperands; k++)
		{
			int			cell = c->operands[k].cell;
			bool		breaks = false;

			/* changing this cell would break every check that holds and uses it */
			for (j = first_identity; j < first_identity + nidentities && !breaks; j++)
			{
				const gr_check *o = &cs->items[j];
				int			m;

				if (o == c || o->status != GR_CHECK_PASS)
					continue;
				for (m = 0; m < o->noperands; m++)
					if (o->operands[m].cell == cell)
						breaks = true;
			}
			if (breaks)
				continue;
			nfit++;
			any = cell;
			if (rep->cells[cell].state == GR_BLANK)
				nblank++, blank = cell;
		}
		if (nblank == 1)
			chosen = blank;
		else if (nblank == 0 && nfit == 1)
			chosen = any;
		if (chosen >= 0)
		{
			int			w = 1;

			for (k = 0; k < c->noperands; k++)
				if (c->operands[k].cell == chosen)
					w = c->operands[k].weight;
			c->suspect_cell = chosen;
			/* the change to the suspect that makes this identity hold */
			corrections[i] = c->difference;
			if (w > 0)
				corrections[i].mant = -corrections[i].mant;
		}
	}
	for (i = first_identity; i < first_identity + nidentities; i++)
	{
		gr_check   *c = &cs->items[i];

		if (c->suspect_cell < 0)
			continue;
		for (j = first_identity; j < i; j++)
		{
			const gr_check *o = &cs->items[j];

			if (o->suspect_cell == c->suspect_cell && o->repeat_of == NULL &&
				gr_num_cmp(corrections[j], corrections[i]) == 0)
			{
				sbuf		b = {cs->mem, NULL, 0, 0};

				sb_printf(&b, "%s:%s", o->rule, o->scope);
				c->repeat_of = b.s;
				break;
			}
		}
	}
}

static int
run_checks(gr_mem *mem, const gr_report *rep, gr_check **out, bool messages)
{
	checks		cs;
	int			i,
				t;

	memset(&cs, 0, sizeof(cs));
	cs.mem = mem;
	cs.msg = messages ? mem : NULL;
	cs.rep = rep;
	*out = NULL;
	if (rep->tpl == NULL)
		return 0;
	for (i = 0; i < rep->tpl->nidentities; i++)
		check_identity(&cs, &rep->tpl->identities[i]);
	attribute_failures(&cs, 0, rep->tpl->nidentities);
	for (t = 0; t < rep->tpl->ntables; t++)
		check_integers(&cs, t);
	check_published_le_total(&cs);
	check_template_year(&cs);
	for (i = 0; i < rep->nfindings; i++)
		if (strcmp(rep->findings[i].code, "narrative_count") == 0)
			check_narrative(&cs, &rep->findings[i]);
	*out = cs.items;
	return cs.n;
}

int
gr_check_report(gr_mem *mem, const gr_report *rep, gr_check **out)
{
	return run_checks(mem, rep, out, true);
}

int
gr_check_report_brief(gr_mem *mem, const gr_report *rep, gr_check **out)
{
	return run_checks(mem, rep, out, false);
}

bool
gr_report_consistent(gr_mem *mem, const gr_report *rep)
{
	gr_check   *items;
	int			n = run_checks(mem, rep, &items, false),
				i;

	for (i = 0; i < n; i++)
		if (items[i].severity == GR_SEV_ERROR && items[i].status == GR_CHECK_FAIL)
			return false;
	return true;
}
