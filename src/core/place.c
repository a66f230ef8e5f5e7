/*
 * place.c — rows that printed fewer numbers than they have cells.
 *
 * Flattening a table to text drops empty cells, so "10 1 0 0 0 11" may be a
 * seven-cell row with one cell lost.  Shifting the numbers left would put
 * them in the wrong columns.  Instead every placement of the printed
 * numbers (in order, the lost cells as 0) is a reading of the row, and the
 * table's identities choose among them with the joint search of
 * readings.c; a row is filled only when all placements that satisfy them
 * give the same values (SPEC §6 `inferred`).  Short rows of one table are
 * placed jointly, since one column identity can tie two of them together;
 * when no joint placement fits at all, each row is judged alone.
 */
#include <stdio.h>
#include <string.h>

#include "gr_internal.h"

/* Most placements of one short row tried. */
#define MAX_PLACEMENTS 20000L

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

/* The identities whose every term is a cell of the row. */
static int
own_identities(const gr_report *rep, const gr_short_row *s, const gr_identity **out)
{
	const gr_template *tpl = rep->tpl;
	int			i,
				t,
				k,
				n = 0;

	for (i = 0; i < tpl->nidentities; i++)
	{
		const gr_identity *id = &tpl->identities[i];
		bool		inside = id->nterms > 0;

		for (t = 0; t < id->nterms && inside; t++)
		{
			for (k = 0; k < s->ncells && s->cells[k] != id->terms[t].cell; k++)
				;
			inside = k < s->ncells;
		}
		if (inside)
			out[n++] = id;
	}
	return n;
}

/* Whether row already holds a reading with rd's values; if not, rd is
 * entered as the next reading (at index row->nread).  seen has nslots
 * slots, a power of two above twice the readings it can hold. */
static bool
seen_before(const gr_reading_row *row, int *seen, size_t nslots, const gr_reading *rd)
{
	uint64_t	h = 1469598103934665603ULL;
	int			k;
	size_t		slot;

	for (k = 0; k < row->ncells; k++)
		h = (h ^ (uint64_t) rd->v[k].mant ^ ((uint64_t) rd->v[k].scale << 56)) * 1099511628211ULL;
	for (slot = (size_t) (h & (nslots - 1)); seen[slot] != 0; slot = (slot + 1) & (nslots - 1))
	{
		const gr_reading *o = &row->reads[seen[slot] - 1];

		for (k = 0; k < row->ncells && gr_num_cmp(o->v[k], rd->v[k]) == 0; k++)
			;
		if (k == row->ncells)
			return true;
	}
	if (row->nread < gr_readings_bound())
		seen[slot] = row->nread + 1;
	return false;
}

/*
 * The readings of a short row: every placement of its printed numbers in
 * order, the lost cells 0, that keeps the identities over the row's own
 * cells.  False when there are too many placements to try, or to keep.
 */
static bool
placements(gr_mem *mem, gr_report *rep, const gr_short_row *s, gr_reading_row *row,
		   const gr_parse_options *opts)
{
	const gr_identity *own[GR_MAX_IDENTITIES];
	int			nown = own_identities(rep, s, own),
				i;
	long		tried = 0;
	combo		c;
	bool		more = true;
	int		   *seen;			/* hash of the readings kept: index + 1 */
	size_t		nslots = 16;
	long		count;

	memset(row, 0, sizeof(*row));
	row->ncells = s->ncells;
	memcpy(row->cells, s->cells, (size_t) s->ncells * sizeof(int));
	row->line = s->line;
	row->what = s->what;
	row->how = "the printed numbers placed in order, the lost cells 0";
	row->printed = format_nums(mem, s->printed, s->nprinted);
	row->nprinted = s->nprinted;
	row->printed_nums = (gr_num *) s->printed;
	c.n = s->ncells;
	c.m = s->nprinted;
	if (choose(c.n, c.m, MAX_PLACEMENTS) > MAX_PLACEMENTS)
	{
		gr_search_account(rep, GR_SEARCH_PLACE, 0, MAX_PLACEMENTS, true);
		return false;
	}
	count = choose(c.n, c.m, MAX_PLACEMENTS);
	if (count > gr_readings_bound())
		count = gr_readings_bound();
	while (nslots < 2 * (size_t) count + 2)
		nslots *= 2;
	seen = gr_alloc(mem, nslots * sizeof(int));
	memset(seen, 0, nslots * sizeof(int));
	combo_first(&c);
	while (more)
	{
		bool		ok = true;

		if (opts && opts->check_interrupts && ((tried + 1) & 1023) == 0)
			opts->check_interrupts();
		tried++;
		write_combo(rep, s, &c);
		for (i = 0; i < nown && ok; i++)
			ok = gr_identity_holds(rep, own[i]) != 0;
		if (ok)
		{
			gr_reading	rd;

			memset(&rd, 0, sizeof(rd));
			for (i = 0; i < s->ncells; i++)
				rd.v[i] = rep->cells[s->cells[i]].value;
			/* placements that differ only in where a 0 went are one reading */
			if (!seen_before(row, seen, nslots, &rd))
				gr_reading_add(mem, row, &rd);
		}
		more = combo_next(&c);
	}
	clear_row(rep, s);
	gr_search_account(rep, GR_SEARCH_PLACE, tried, MAX_PLACEMENTS, false);
	gr_search_account(rep, GR_SEARCH_READINGS, row->nread, gr_readings_bound(), row->capped);
	return !row->capped;
}

/* What the placement of one row came to. */
typedef struct verdict
{
	long		fits;			/* joint placements that fit, -1: too many to try */
	const gr_reading *first;	/* the first that fits */
	const gr_reading *other;	/* one that gives this row other values, or NULL */
} verdict;

static char *
format_reading(gr_mem *mem, const gr_short_row *s, const gr_reading *r)
{
	return format_nums(mem, r->v, s->ncells);
}

static void
conclude(gr_mem *mem, gr_report *rep, const gr_short_row *s, const verdict *v)
{
	char		location[160];
	const char *printed = format_nums(mem, s->printed, s->nprinted);
	gr_finding *f;
	int			i;

	snprintf(location, sizeof(location), "%s, line %u", s->what, (unsigned) s->line);
	if (v->fits > 0 && v->other == NULL)
	{
		for (i = 0; i < s->ncells; i++)
		{
			gr_cell    *cell = &rep->cells[s->cells[i]];

			cell->state = GR_INFERRED;
			cell->value = v->first->v[i];
			cell->line = s->line;
		}
		f = gr_report_add_finding(mem, rep, "short_row_inferred", location,
								  "%s printed %d numbers for %d cells (%s); exactly one placement satisfies the table's identities: %s",
								  s->what, s->nprinted, s->ncells, printed, format_reading(mem, s, v->first));
	}
	else
	{
		clear_row(rep, s);
		if (v->fits < 0)
			f = gr_report_add_finding(mem, rep, "reading_search_capped", location,
									  "%s printed %d numbers for %d cells (%s); trying every placement would take more than the search allows (%ld placements, %d kept), so its cells are left absent",
									  s->what, s->nprinted, s->ncells, printed, MAX_PLACEMENTS, gr_readings_bound());
		else if (v->fits == 0)
			f = gr_report_add_finding(mem, rep, "short_row_impossible", location,
									  "%s printed %d numbers for %d cells (%s); no placement satisfies the table's identities, so its cells are left absent",
									  s->what, s->nprinted, s->ncells, printed);
		else
			f = gr_report_add_finding(mem, rep, "short_row_ambiguous", location,
									  "%s printed %d numbers for %d cells (%s); several placements satisfy the table's identities (e.g. %s / %s), so its cells are left absent",
									  s->what, s->nprinted, s->ncells, printed,
									  format_reading(mem, s, v->first), format_reading(mem, s, v->other));
	}
	f->nvalues = s->nprinted;
	f->values = gr_alloc(mem, (size_t) (s->nprinted > 0 ? s->nprinted : 1) * sizeof(gr_num));
	memcpy(f->values, s->printed, (size_t) s->nprinted * sizeof(gr_num));
}

/* Searches rows[idx[0..n)] jointly; fills their verdicts.  Returns the
 * joint placements that fit, -1 when the search reached its bound. */
static long
search(gr_mem *mem, gr_report *rep, gr_reading_row *rows, const int *idx, int n, verdict *verdicts,
	   const gr_parse_options *opts)
{
	gr_reading_row *sub = gr_alloc(mem, (size_t) (n > 0 ? n : 1) * sizeof(gr_reading_row));
	int		   *first = gr_alloc(mem, (size_t) (n > 0 ? n : 1) * sizeof(int)),
			   *other = gr_alloc(mem, (size_t) (n > 0 ? n : 1) * sizeof(int)),
				i;
	long		nodes = 0,
				fits;

	for (i = 0; i < n; i++)
		sub[i] = rows[idx[i]];
	fits = gr_search_readings(mem, rep, sub, n, opts, first, other, &nodes);
	/* a joint search past its bound falls back to each row alone, each
	 * then judged and said: not a cap that leaves anything unsaid */
	gr_search_account(rep, GR_SEARCH_JOINT, nodes, gr_joint_bound(), fits < 0 && n == 1);
	for (i = 0; i < n; i++)
	{
		verdict    *v = &verdicts[idx[i]];

		v->fits = fits;
		v->first = fits > 0 ? &rows[idx[i]].reads[first[i]] : NULL;
		v->other = fits > 0 && other[i] >= 0 ? &rows[idx[i]].reads[other[i]] : NULL;
	}
	return fits;
}

void
gr_place_short_rows(gr_mem *mem, gr_report *rep, gr_short_row *rows, int nrows,
					const gr_parse_options *opts)
{
	gr_reading_row *readings;
	verdict    *verdicts;
	int		   *idx,
				n = 0,
				i;
	long		fits;

	if (nrows == 0)
		return;
	readings = gr_alloc(mem, (size_t) nrows * sizeof(gr_reading_row));
	verdicts = gr_alloc(mem, (size_t) nrows * sizeof(verdict));
	idx = gr_alloc(mem, (size_t) nrows * sizeof(int));
	for (i = 0; i < nrows; i++)
	{
		if (rows[i].nprinted > rows[i].ncells)
			rows[i].nprinted = rows[i].ncells;
		clear_row(rep, &rows[i]);
	}
	for (i = 0; i < nrows; i++)
	{
		verdicts[i].fits = -1;
		if (placements(mem, rep, &rows[i], &readings[i], opts))
			idx[n++] = i;
	}
	fits = search(mem, rep, readings, idx, n, verdicts, opts);
	if (n > 1 && fits <= 0)
	{
		/* one impossible row would sink the others (and a joint search
		 * past its bound decides nothing): judge each alone */
		for (i = 0; i < n; i++)
			search(mem, rep, readings, &idx[i], 1, verdicts, opts);
	}
	for (i = 0; i < nrows; i++)
		conclude(mem, rep, &rows[i], &verdicts[i]);
}
