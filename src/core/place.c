/*
 * place.c — rows that printed fewer numbers than they have cells.
 *
 * Flattening a table to text drops empty cells, so "10 1 0 0 0 11" may be a
 * seven-cell row with one cell lost.  Shifting the numbers left would put
 * them in the wrong columns.  Instead every placement of the printed
 * numbers (in order, the lost cells as 0) is tried against the table's
 * identities; a row is filled only when all placements that satisfy them
 * give the same values (SPEC §6 `inferred`).  Short rows of one table are
 * placed jointly, since one column identity can tie two of them together.
 */
#include <stdio.h>
#include <string.h>

#include "gr_internal.h"

/* Most joint placements tried before falling back to row by row. */
#define MAX_JOINT_PLACEMENTS 20000L

typedef struct combo
{
	int			n;				/* cells */
	int			m;				/* printed numbers */
	int			pos[GR_MAX_ROW_CELLS];
} combo;

static void
combo_first(combo *c)
{
	int			i;

	for (i = 0; i < c->m; i++)
		c->pos[i] = i;
}

static bool
combo_next(combo *c)
{
	int			i = c->m - 1,
				j;

	while (i >= 0 && c->pos[i] == c->n - c->m + i)
		i--;
	if (i < 0)
		return false;
	c->pos[i]++;
	for (j = i + 1; j < c->m; j++)
		c->pos[j] = c->pos[j - 1] + 1;
	return true;
}

/* C(n, m), saturating at limit. */
static long
choose(int n, int m, long limit)
{
	long		r = 1;
	int			i;

	if (m < 0 || m > n)
		return 0;
	for (i = 1; i <= m; i++)
	{
		r = r * (n - m + i) / i;
		if (r > limit)
			return limit + 1;
	}
	return r;
}

static void
write_combo(gr_report *rep, const gr_short_row *s, const combo *c)
{
	int			i;

	for (i = 0; i < s->ncells; i++)
	{
		gr_cell    *cell = &rep->cells[s->cells[i]];

		cell->state = GR_INFERRED;
		cell->value.mant = 0;
		cell->value.scale = 0;
		cell->line = s->line;
	}
	for (i = 0; i < c->m; i++)
		rep->cells[s->cells[c->pos[i]]].value = s->printed[i];
}

static void
clear_row(gr_report *rep, const gr_short_row *s)
{
	int			i;

	for (i = 0; i < s->ncells; i++)
	{
		gr_cell    *cell = &rep->cells[s->cells[i]];

		cell->state = GR_ABSENT;
		cell->value.mant = 0;
		cell->value.scale = 0;
		cell->line = 0;
	}
}

static bool
scale_to(int64_t v, int from, int to, int64_t *out)
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

int
gr_identity_holds(const gr_report *rep, const gr_identity *id)
{
	int			i,
				scale = 0;
	int64_t		sum = 0;

	for (i = 0; i < id->nterms; i++)
	{
		const gr_cell *cell = &rep->cells[id->terms[i].cell];

		if (cell->state == GR_ABSENT)
			return -1;
		if (cell->state != GR_BLANK && cell->value.scale > scale)
			scale = cell->value.scale;
	}
	for (i = 0; i < id->nterms; i++)
	{
		const gr_cell *cell = &rep->cells[id->terms[i].cell];
		int64_t		v = 0;

		if (cell->state != GR_BLANK && !scale_to(cell->value.mant, cell->value.scale, scale, &v))
			return 0;
		if (__builtin_mul_overflow(v, (int64_t) id->terms[i].weight, &v) ||
			__builtin_add_overflow(sum, v, &sum))
			return 0;
	}
	return sum == 0;
}

/* Identities that involve any cell of the given rows. */
static int
relevant_identities(const gr_report *rep, const gr_short_row *rows, int nrows, const gr_identity **out)
{
	const gr_template *tpl = rep->tpl;
	int			i,
				n = 0;

	for (i = 0; i < tpl->nidentities; i++)
	{
		const gr_identity *id = &tpl->identities[i];
		bool		hit = false;
		int			t,
					r,
					k;

		for (t = 0; t < id->nterms && !hit; t++)
			for (r = 0; r < nrows && !hit; r++)
				for (k = 0; k < rows[r].ncells; k++)
					if (rows[r].cells[k] == id->terms[t].cell)
					{
						hit = true;
						break;
					}
		if (hit)
			out[n++] = id;
	}
	return n;
}

/*
 * An identity split for the enumeration: the sum of its cells outside the
 * short rows is fixed, so each placement only adds the few cells it
 * writes.  Identities with decimals or an absent fixed cell are evaluated
 * the slow way (gr_identity_holds), or skipped as that would.
 */
typedef struct split_identity
{
	const gr_identity *id;
	bool		slow;			/* decimals: evaluate in full */
	bool		skip;			/* a fixed cell is absent: never fails */
	int64_t		fixed;
	int			nvar;
	gr_term		var[GR_MAX_TERMS];
} split_identity;

static bool
in_short_rows(const gr_short_row *rows, int nrows, int cell)
{
	int			r,
				k;

	for (r = 0; r < nrows; r++)
		for (k = 0; k < rows[r].ncells; k++)
			if (rows[r].cells[k] == cell)
				return true;
	return false;
}

static void
split_identities(const gr_report *rep, const gr_short_row *rows, int nrows,
				 const gr_identity **ids, int nids, split_identity *out)
{
	int			i,
				t;

	for (i = 0; i < nids; i++)
	{
		split_identity *sp = &out[i];

		memset(sp, 0, sizeof(*sp));
		sp->id = ids[i];
		for (t = 0; t < ids[i]->nterms; t++)
		{
			const gr_term *term = &ids[i]->terms[t];
			const gr_cell *cell = &rep->cells[term->cell];

			if (in_short_rows(rows, nrows, term->cell))
				sp->var[sp->nvar++] = *term;
			else if (cell->state == GR_ABSENT)
				sp->skip = true;
			else if (cell->state != GR_BLANK)
			{
				if (cell->value.scale != 0 ||
					__builtin_mul_overflow(cell->value.mant, (int64_t) term->weight, &(int64_t) {0}))
					sp->slow = true;
				else if (__builtin_add_overflow(sp->fixed, cell->value.mant * term->weight, &sp->fixed))
					sp->slow = true;
			}
		}
	}
}

static bool
all_hold(const gr_report *rep, const split_identity *sp, int nids)
{
	int			i,
				t;

	for (i = 0; i < nids; i++)
	{
		int64_t		sum = sp[i].fixed;
		bool		slow = sp[i].slow;

		if (sp[i].skip)
			continue;
		for (t = 0; t < sp[i].nvar && !slow; t++)
		{
			const gr_cell *cell = &rep->cells[sp[i].var[t].cell];

			if (cell->value.scale != 0 ||
				__builtin_add_overflow(sum, cell->value.mant * sp[i].var[t].weight, &sum))
				slow = true;
		}
		if (slow ? gr_identity_holds(rep, sp[i].id) == 0 : sum != 0)
			return false;
	}
	return true;
}

/* Per row: the values of the first fitting placement, and whether a later
 * fitting placement disagreed with it. */
typedef struct verdict
{
	int			fits;
	bool		differs;
	bool		capped;			/* too many placements to try */
	gr_num		first[GR_MAX_ROW_CELLS];
	gr_num		other[GR_MAX_ROW_CELLS];
} verdict;

static void
record(const gr_report *rep, const gr_short_row *s, verdict *v)
{
	int			i;

	if (v->fits == 0)
		for (i = 0; i < s->ncells; i++)
			v->first[i] = rep->cells[s->cells[i]].value;
	else if (!v->differs)
		for (i = 0; i < s->ncells; i++)
			if (gr_num_cmp(v->first[i], rep->cells[s->cells[i]].value) != 0)
			{
				int			j;

				v->differs = true;
				for (j = 0; j < s->ncells; j++)
					v->other[j] = rep->cells[s->cells[j]].value;
				break;
			}
	v->fits++;
}

static char *
format_nums(gr_mem *mem, const gr_num *nums, int n)
{
	char	   *out = gr_alloc(mem, (size_t) n * 24 + 1);
	size_t		o = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		char		buf[32];

		gr_num_format(nums[i], buf, sizeof(buf));
		o += (size_t) sprintf(out + o, "%s%s", i ? " " : "", buf);
	}
	return out;
}

static void
conclude(gr_mem *mem, gr_report *rep, const gr_short_row *s, const verdict *v)
{
	char		location[160];
	const char *printed = format_nums(mem, s->printed, s->nprinted);
	gr_finding *f;
	int			i;

	snprintf(location, sizeof(location), "%s, line %u", s->what, (unsigned) s->line);
	if (v->fits > 0 && !v->differs)
	{
		for (i = 0; i < s->ncells; i++)
		{
			gr_cell    *cell = &rep->cells[s->cells[i]];

			cell->state = GR_INFERRED;
			cell->value = v->first[i];
			cell->line = s->line;
		}
		f = gr_report_add_finding(mem, rep, "short_row_inferred", location,
								  "%s printed %d numbers for %d cells (%s); exactly one placement satisfies the table's identities: %s",
								  s->what, s->nprinted, s->ncells, printed,
								  format_nums(mem, v->first, s->ncells));
	}
	else if (v->capped)
	{
		clear_row(rep, s);
		f = gr_report_add_finding(mem, rep, "reading_search_capped", location,
								  "%s printed %d numbers for %d cells (%s); trying every placement would take more than the search allows (%ld), so its cells are left absent",
								  s->what, s->nprinted, s->ncells, printed, MAX_JOINT_PLACEMENTS);
	}
	else
	{
		clear_row(rep, s);
		if (v->fits == 0)
			f = gr_report_add_finding(mem, rep, "short_row_impossible", location,
									  "%s printed %d numbers for %d cells (%s); no placement satisfies the table's identities, so its cells are left absent",
									  s->what, s->nprinted, s->ncells, printed);
		else
			f = gr_report_add_finding(mem, rep, "short_row_ambiguous", location,
									  "%s printed %d numbers for %d cells (%s); several placements satisfy the table's identities (e.g. %s / %s), so its cells are left absent",
									  s->what, s->nprinted, s->ncells, printed,
									  format_nums(mem, v->first, s->ncells),
									  format_nums(mem, v->other, s->ncells));
	}
	f->nvalues = s->nprinted;
	f->values = gr_alloc(mem, (size_t) (s->nprinted > 0 ? s->nprinted : 1) * sizeof(gr_num));
	memcpy(f->values, s->printed, (size_t) s->nprinted * sizeof(gr_num));
}

/* Tries every joint placement of rows[0..nrows); false if too many. */
static bool
place_jointly(gr_report *rep, gr_short_row *rows, int nrows, verdict *verdicts,
			  const gr_identity **ids, int nids, const gr_parse_options *opts, gr_mem *mem)
{
	combo	   *combos = gr_alloc(mem, (size_t) nrows * sizeof(combo));
	split_identity *split;
	long		total = 1,
				tried = 0;
	int			i;

	for (i = 0; i < nrows; i++)
	{
		total *= choose(rows[i].ncells, rows[i].nprinted, MAX_JOINT_PLACEMENTS);
		if (total > MAX_JOINT_PLACEMENTS)
			return false;
		combos[i].n = rows[i].ncells;
		combos[i].m = rows[i].nprinted;
		combo_first(&combos[i]);
	}
	split = gr_alloc(mem, (size_t) (nids > 0 ? nids : 1) * sizeof(split_identity));
	split_identities(rep, rows, nrows, ids, nids, split);
	for (;;)
	{
		int			k;

		if (opts && opts->check_interrupts && ((tried + 1) & 1023) == 0)
			opts->check_interrupts();
		tried++;
		for (i = 0; i < nrows; i++)
			write_combo(rep, &rows[i], &combos[i]);
		if (all_hold(rep, split, nids))
			for (i = 0; i < nrows; i++)
				record(rep, &rows[i], &verdicts[i]);
		/* odometer */
		for (k = nrows - 1; k >= 0; k--)
		{
			if (combo_next(&combos[k]))
				break;
			combo_first(&combos[k]);
		}
		if (k < 0)
			break;
	}
	gr_search_account(rep, GR_SEARCH_PLACE, tried, MAX_JOINT_PLACEMENTS, false);
	return true;
}

void
gr_place_short_rows(gr_mem *mem, gr_report *rep, gr_short_row *rows, int nrows,
					const gr_parse_options *opts)
{
	const gr_identity **ids;
	verdict    *verdicts;
	int			nids,
				i;
	bool		joint_ok;

	if (nrows == 0)
		return;
	ids = gr_alloc(mem, (size_t) (rep->tpl->nidentities + 1) * sizeof(gr_identity *));
	verdicts = gr_alloc(mem, (size_t) nrows * sizeof(verdict));
	for (i = 0; i < nrows; i++)
		if (rows[i].nprinted > rows[i].ncells)
			rows[i].nprinted = rows[i].ncells;
	nids = relevant_identities(rep, rows, nrows, ids);

	joint_ok = place_jointly(rep, rows, nrows, verdicts, ids, nids, opts, mem);
	if (joint_ok)
	{
		bool		none = true;

		for (i = 0; i < nrows; i++)
			if (verdicts[i].fits > 0)
				none = false;
		/* one impossible row would sink the others: judge each alone */
		joint_ok = !(none && nrows > 1);
	}
	if (!joint_ok)
	{
		memset(verdicts, 0, (size_t) nrows * sizeof(verdict));
		for (i = 0; i < nrows; i++)
			clear_row(rep, &rows[i]);
		for (i = 0; i < nrows; i++)
		{
			const gr_identity **own = gr_alloc(mem, (size_t) (rep->tpl->nidentities + 1) * sizeof(gr_identity *));
			int			nown = relevant_identities(rep, &rows[i], 1, own);

			if (!place_jointly(rep, &rows[i], 1, &verdicts[i], own, nown, opts, mem))
			{
				/* too many placements even alone: said, never guessed */
				verdicts[i].capped = true;
				gr_search_account(rep, GR_SEARCH_PLACE, 0, MAX_JOINT_PLACEMENTS, true);
			}
			clear_row(rep, &rows[i]);
		}
	}
	for (i = 0; i < nrows; i++)
		clear_row(rep, &rows[i]);
	for (i = 0; i < nrows; i++)
		conclude(mem, rep, &rows[i], &verdicts[i]);
}
