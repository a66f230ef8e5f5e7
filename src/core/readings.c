/*
 * readings.c — printed rows that the layout alone does not fix.
 *
 * A printed row yields candidate readings: vectors of cell values.  The
 * layout proposes them (a run of digits split into cells, pipe cells read
 * at several offsets); the template's identities choose among them, jointly
 * across the rows of one table, since a column identity ties rows
 * together.  A row is written only when every reading that satisfies the
 * identities gives it the same values, and then its cells are `inferred`
 * (SPEC §6) with a finding naming the reading; otherwise its cells stay
 * `absent` with a finding that prints what the document printed and how many
 * readings fit.  Every search is bounded; hitting a bound is a finding too.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gr_internal.h"

/* Work bounds: steps of one run's split search, candidates kept per row,
 * and nodes of the joint search over a table's rows. */
#define SPLIT_STEPS_PER_ROW 200000L
#define SPLIT_STEPS_PER_TABLE 2000000L
#define MAX_READINGS_PER_ROW 4096
#define MAX_JOINT_NODES 1000000L

static void
tick(const gr_parse_options *opts, long *steps)
{
	if (opts && opts->check_interrupts && ((++*steps) & 4095) == 0)
		opts->check_interrupts();
}

void
gr_search_account(gr_report *rep, gr_search_kind kind, long work, long bound, bool capped)
{
	gr_search_work *w = rep ? rep->work : NULL;

	if (w == NULL)
		return;
	w->searches[kind]++;
	if (work > w->most[kind])
		w->most[kind] = work;
	w->bound[kind] = bound;
	if (capped)
		w->capped[kind]++;
	if (work > bound)
		w->over++;
}

void
gr_reading_add(gr_mem *mem, gr_reading_row *row, const gr_reading *r)
{
	if (row->nread >= MAX_READINGS_PER_ROW)
	{
		row->capped = true;
		return;
	}
	if (row->nread == row->capread)
	{
		int			cap = row->capread ? row->capread * 2 : 8;
		gr_reading *bigger = gr_alloc(mem, (size_t) cap * sizeof(gr_reading));

		if (row->nread)
			memcpy(bigger, row->reads, (size_t) row->nread * sizeof(gr_reading));
		row->reads = bigger;
		row->capread = cap;
	}
	row->reads[row->nread++] = *r;
}

/* --------------------------------------------------------- digit runs */

/* Identities whose every term is a cell of the row: checked as soon as the
 * split has reached the last of their positions. */
typedef struct local_id
{
	int			last;			/* highest position it involves */
	int			nterms;
	int			pos[GR_MAX_TERMS];
	int			weight[GR_MAX_TERMS];
} local_id;

typedef struct splitter
{
	gr_mem	   *mem;
	gr_reading_row *row;
	const char *tok[GR_MAX_ROW_CELLS];
	size_t		toklen[GR_MAX_ROW_CELLS];
	int			ntok;
	int			nlocal;
	local_id	local[GR_MAX_IDENTITIES];
	gr_reading	cur;
	long	   *budget;			/* the table's steps left */
	long		row_steps;
	const gr_parse_options *opts;
	long		steps;
} splitter;

static int
position_in_row(const gr_reading_row *row, int cell)
{
	int			k;

	for (k = 0; k < row->ncells; k++)
		if (row->cells[k] == cell)
			return k;
	return -1;
}

static void
local_identities(const gr_template *tpl, splitter *sp)
{
	int			i,
				t;

	sp->nlocal = 0;
	for (i = 0; i < tpl->nidentities; i++)
	{
		const gr_identity *id = &tpl->identities[i];
		local_id   *l = &sp->local[sp->nlocal];
		bool		inside = id->nterms > 0;

		l->last = -1;
		l->nterms = id->nterms;
		for (t = 0; t < id->nterms && inside; t++)
		{
			int			p = position_in_row(sp->row, id->terms[t].cell);

			if (p < 0)
				inside = false;
			else
			{
				l->pos[t] = p;
				l->weight[t] = id->terms[t].weight;
				if (p > l->last)
					l->last = p;
			}
		}
		if (inside)
			sp->nlocal++;
	}
}

static bool
locals_hold(const splitter *sp, int p)
{
	int			i,
				t;

	for (i = 0; i < sp->nlocal; i++)
	{
		int64_t		sum = 0;

		if (sp->local[i].last != p)
			continue;
		for (t = 0; t < sp->local[i].nterms; t++)
			sum += sp->cur.v[sp->local[i].pos[t]].mant * sp->local[i].weight[t];
		if (sum != 0)
			return false;
	}
	return true;
}

/* Cells p.. from token t at offset o. */
static void
split_from(splitter *sp, int p, int t, size_t o)
{
	gr_reading_row *row = sp->row;
	size_t		left = sp->toklen[t] - o,
				maxlen,
				L;
	int			rest_cells = row->ncells - p - 1,
				rest_tokens = sp->ntok - t - 1;
	size_t		rest_digits = 0;
	int			k;

	if (row->capped)
		return;
	tick(sp->opts, &sp->steps);
	if (*sp->budget <= 0 || sp->row_steps >= SPLIT_STEPS_PER_ROW)
	{
		if (*sp->budget <= 0)
			*sp->budget = -1;	/* the table's steps ran out: said */
		row->capped = true;
		return;
	}
	--*sp->budget;
	sp->row_steps++;
	for (k = t + 1; k < sp->ntok; k++)
		rest_digits += sp->toklen[k];
	maxlen = left < GR_MAX_DIGITS ? left : GR_MAX_DIGITS;
	if (sp->tok[t][o] == '0')
		maxlen = 1;				/* "07" is not a number; "0" is */
	for (L = 1; L <= maxlen; L++)
	{
		bool		token_ends = L == left;
		int64_t		v = 0;
		size_t		i;

		/* the cells left must fit the digits left, one token at least each */
		if (token_ends ? (rest_cells < rest_tokens || (size_t) rest_cells > rest_digits)
			: (rest_cells < rest_tokens + 1 || (size_t) rest_cells > rest_digits + (left - L)))
			continue;
		for (i = 0; i < L; i++)
			v = v * 10 + (sp->tok[t][o + i] - '0');
		sp->cur.v[p].mant = v;
		sp->cur.v[p].scale = 0;
		sp->cur.blank[p] = 0;
		if (!locals_hold(sp, p))
			continue;
		if (rest_cells == 0)
		{
			if (token_ends && rest_tokens == 0)
				gr_reading_add(sp->mem, row, &sp->cur);
			continue;
		}
		if (token_ends)
			split_from(sp, p + 1, t + 1, 0);
		else
			split_from(sp, p + 1, t, o + L);
		if (row->capped)
			return;
	}
}

/* The run's tokens (spaces are boundaries); false if it is not digits. */
static bool
tokenise(splitter *sp, const char *run, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		size_t		start;

		while (i < len && run[i] == ' ')
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && run[i] != ' ')
		{
			if (run[i] < '0' || run[i] > '9')
				return false;	/* only plain digits are split */
			i++;
		}
		if (sp->ntok == GR_MAX_ROW_CELLS)
			return false;
		sp->tok[sp->ntok] = run + start;
		sp->toklen[sp->ntok++] = i - start;
	}
	return true;
}

/*
 * Is there a reading of the run with lost cells: some cells 0 that printed
 * nothing (a crawler drops an empty cell without a trace), the others
 * numbers split from the digits as above, keeping the row's own
 * identities?  Cells p.. from token t at offset o; lost counts the cells
 * lost so far.  Reaching the bound marks the row capped.
 */
static bool
lost_split_from(splitter *sp, int p, int t, size_t o, int lost)
{
	gr_reading_row *row = sp->row;
	int			tokens_left = sp->ntok - t;
	size_t		left,
				maxlen,
				L;

	if (row->capped)
		return false;
	tick(sp->opts, &sp->steps);
	if (sp->row_steps >= SPLIT_STEPS_PER_ROW)
	{
		row->capped = true;
		return false;
	}
	sp->row_steps++;
	if (p == row->ncells)
	{
		int			a,
					k;

		if (t != sp->ntok || lost == 0)
			return false;
		/* the same values as a split into every cell ("000000" + a lost
		 * 0 is "0000000") decide nothing */
		for (a = 0; a < row->nread; a++)
		{
			for (k = 0; k < row->ncells; k++)
				if (row->reads[a].blank[k] || gr_num_cmp(row->reads[a].v[k], sp->cur.v[k]) != 0)
					break;
			if (k == row->ncells)
				return false;
		}
		return true;
	}
	if (row->ncells - p < tokens_left)
		return false;			/* each token is one number at least */
	/* cell p lost */
	sp->cur.v[p].mant = 0;
	sp->cur.v[p].scale = 0;
	if (locals_hold(sp, p) && lost_split_from(sp, p + 1, t, o, lost + 1))
		return true;
	if (t == sp->ntok)
		return false;
	left = sp->toklen[t] - o;
	maxlen = left < GR_MAX_DIGITS ? left : GR_MAX_DIGITS;
	if (sp->tok[t][o] == '0')
		maxlen = 1;
	for (L = 1; L <= maxlen && !row->capped; L++)
	{
		int64_t		v = 0;
		size_t		i;

		for (i = 0; i < L; i++)
			v = v * 10 + (sp->tok[t][o + i] - '0');
		sp->cur.v[p].mant = v;
		sp->cur.v[p].scale = 0;
		if (!locals_hold(sp, p))
			continue;
		if (L == left ? lost_split_from(sp, p + 1, t + 1, 0, lost) : lost_split_from(sp, p + 1, t, o + L, lost))
			return true;
	}
	return false;
}

/* A split of the row's run with lost cells keeps its own identities (or
 * the search for one reached its bound: the row is then capped). */
static bool
lost_split_exists(gr_report *rep, gr_reading_row *row, const gr_parse_options *opts)
{
	splitter	sp;
	bool		found;

	memset(&sp, 0, sizeof(sp));
	sp.row = row;
	sp.opts = opts;
	if (row->run == NULL || !tokenise(&sp, row->run, row->runlen) || sp.ntok == 0)
		return false;
	local_identities(rep->tpl, &sp);
	found = lost_split_from(&sp, 0, 0, 0, 0);
	gr_search_account(rep, GR_SEARCH_SPLIT_ROW, sp.row_steps, SPLIT_STEPS_PER_ROW, row->capped);
	return found;
}


bool
gr_split_run(gr_mem *mem, gr_report *rep, gr_reading_row *row, const char *run, size_t len,
			 long *budget, const gr_parse_options *opts)
{
	const gr_template *tpl = rep->tpl;
	splitter	sp;

	memset(&sp, 0, sizeof(sp));
	sp.mem = mem;
	sp.row = row;
	sp.budget = budget;
	sp.opts = opts;
	row->run = run;
	row->runlen = len;
	if (!tokenise(&sp, run, len))
		return false;
	if (sp.ntok == 0 || sp.ntok > row->ncells)
		return sp.ntok != 0;	/* more tokens than cells: no reading */
	local_identities(tpl, &sp);
	split_from(&sp, 0, 0, 0);
	gr_search_account(rep, GR_SEARCH_SPLIT_ROW, sp.row_steps, SPLIT_STEPS_PER_ROW, row->capped);
	/* no split keeping the row's own identities: no reading (a run that
	 * lost a blank cell's place, or a source that breaks them; neither
	 * says where its numbers stand) */
	return true;
}

long
gr_split_budget(void)
{
	return SPLIT_STEPS_PER_TABLE;
}

long
gr_joint_bound(void)
{
	return MAX_JOINT_NODES;
}

int
gr_readings_bound(void)
{
	return MAX_READINGS_PER_ROW;
}

/* ------------------------------------------------------------- solver */

/* A cross-row identity, split into the fixed part and each row's share. */
typedef struct joint_id
{
	const gr_identity *id;
	int64_t		fixed;
	bool		exact;			/* integers only: bounds apply */
	int64_t   **share;			/* [row][reading] */
	int64_t    *lo;				/* per row: least share */
	int64_t    *hi;
	int64_t    *suf_lo;			/* [r]: sum of lo over rows r.. */
	int64_t    *suf_hi;
	int64_t		acc;			/* shares of the rows picked so far */
} joint_id;

static void
write_reading(gr_report *rep, const gr_reading_row *row, const gr_reading *r, uint32_t line)
{
	int			k;

	for (k = 0; k < row->ncells; k++)
	{
		gr_cell    *cell = &rep->cells[row->cells[k]];

		cell->state = r->blank[k] ? GR_BLANK : GR_INFERRED;
		cell->value = r->blank[k] ? (gr_num) {0, 0} : r->v[k];
		cell->line = line;
	}
}

static void
clear_cells(gr_report *rep, const gr_reading_row *row)
{
	int			k;

	for (k = 0; k < row->ncells; k++)
	{
		gr_cell    *cell = &rep->cells[row->cells[k]];

		cell->state = GR_ABSENT;
		cell->value = (gr_num) {0, 0};
		cell->line = 0;
	}
}

/* Which pending row holds each cell of the report (-1: none), and where:
 * set by gr_solve_readings for the table it solves. */
typedef struct cell_map
{
	int		   *row;
	int		   *pos;
} cell_map;

static void
map_cells(gr_mem *mem, const gr_report *rep, const gr_reading_row *rows, int n, int **row_of, int **pos_of)
{
	int			r,
				k;

	*row_of = gr_alloc(mem, (size_t) (rep->ncells + 1) * sizeof(int));
	*pos_of = gr_alloc(mem, (size_t) (rep->ncells + 1) * sizeof(int));
	for (k = 0; k < rep->ncells; k++)
		(*row_of)[k] = -1;
	for (r = 0; r < n; r++)
		for (k = 0; k < rows[r].ncells; k++)
		{
			(*row_of)[rows[r].cells[k]] = r;
			(*pos_of)[rows[r].cells[k]] = k;
		}
}

static int
row_of_cell(const cell_map *map, int cell, int *pos)
{
	*pos = map->pos[cell];
	return map->row[cell];
}

/* The cells a reading gives ("_" blank), "?" where the solutions differ
 * (differs may be NULL). */
static char *
format_agreed(gr_mem *mem, const gr_reading_row *row, const gr_reading *r, const bool *differs)
{
	char	   *out = gr_alloc(mem, (size_t) row->ncells * 24 + 1);
	size_t		o = 0;
	int			k;

	for (k = 0; k < row->ncells; k++)
	{
		char		buf[32];

		if (differs && differs[k])
			strcpy(buf, "?");
		else if (r->blank[k])
			strcpy(buf, "_");
		else
			gr_num_format(r->v[k], buf, sizeof(buf));
		o += (size_t) sprintf(out + o, "%s%s", k ? " " : "", buf);
	}
	return out;
}

static gr_finding *row_finding(gr_mem *mem, gr_report *rep, const gr_reading_row *row,
							   const char *code, const char *fmt,...)
#if defined(__GNUC__)
			__attribute__((format(printf, 5, 6)))
#endif
			;

/* A finding on a row, keeping the numbers it printed. */
static gr_finding *
row_finding(gr_mem *mem, gr_report *rep, const gr_reading_row *row, const char *code, const char *fmt,...)
{
	char		location[160];
	va_list		ap;
	int			len;
	char	   *msg;
	gr_finding *f;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = gr_alloc(mem, (size_t) (len > 0 ? len : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t) (len > 0 ? len : 0) + 1, fmt, ap);
	va_end(ap);
	snprintf(location, sizeof(location), "%s, line %u", row->what, (unsigned) row->line);
	f = gr_report_add_finding(mem, rep, code, location, "%s", msg);
	f->nvalues = row->nprinted;
	f->values = gr_alloc(mem, (size_t) (row->nprinted > 0 ? row->nprinted : 1) * sizeof(gr_num));
	if (row->nprinted > 0)
		memcpy(f->values, row->printed_nums, (size_t) row->nprinted * sizeof(gr_num));
	return f;
}

typedef struct search
{
	gr_report  *rep;
	gr_reading_row *rows;
	int			n;
	int		  **alive;			/* per row: surviving reading indexes */
	int		   *nalive;
	joint_id   *ids;
	int			nids;
	int		   *pick;			/* current reading per row */
	int		   *first;			/* reading of the first solution */
	int		   *other;			/* a reading of a later solution that differs */
	bool	   *differs;		/* per row: some cell differs between solutions */
	bool	  **cell_differs;	/* per row, per cell */
	int		   *ndiffer;		/* per row: how many of its cells differ */
	bool	   *broken;			/* no reading keeps the row's own identities */
	long		solutions;
	bool		least;			/* fallback: keep the readings failing fewest identities */
	int			best;			/* fewest failures seen (least mode) */
	long		nodes;
	bool		capped;
	const gr_parse_options *opts;
	long		steps;
	cell_map	map;
} search;

/* Which cells of row q the current solution gives other values than the
 * first solution did. */
static void
note_differences(search *s, int q)
{
	const gr_reading_row *row = &s->rows[q];
	const gr_reading *a = &row->reads[s->first[q]],
			   *b = &row->reads[s->pick[q]];
	int			k;

	for (k = 0; k < row->ncells; k++)
		if (!s->cell_differs[q][k] &&
			(a->blank[k] != b->blank[k] || (!a->blank[k] && gr_num_cmp(a->v[k], b->v[k]) != 0)))
		{
			s->cell_differs[q][k] = true;
			if (s->ndiffer[q]++ == 0)
				s->other[q] = s->pick[q];
			s->differs[q] = true;
		}
}

/* After rows [0, assigned) are picked: can every identity still be met by
 * the rows left?  acc holds the picked rows' shares, suffix lo/hi the least
 * and most the rows from `assigned` on can add. */
static bool
bounds_allow(const search *s, int assigned)
{
	int			i;

	for (i = 0; i < s->nids; i++)
	{
		const joint_id *j = &s->ids[i];

		if (j->exact && (j->fixed + j->acc + j->suf_lo[assigned] > 0 ||
						 j->fixed + j->acc + j->suf_hi[assigned] < 0))
			return false;
	}
	return true;
}

static void
solve_from(search *s, int r)
{
	int			a;

	if (s->capped)
		return;
	tick(s->opts, &s->steps);
	if (s->nodes >= MAX_JOINT_NODES)
	{
		s->capped = true;
		return;
	}
	s->nodes++;
	if (r == s->n)
	{
		int			i,
					q,
					failures = 0;

		for (i = 0; i < s->nids; i++)
		{
			bool		holds;

			if (s->ids[i].exact)
			{
				int64_t		sum = s->ids[i].fixed;

				for (q = 0; q < s->n; q++)
					sum += s->ids[i].share[q][s->pick[q]];
				holds = sum == 0;
			}
			else
			{
				/* decimals: in full, on the cells */
				for (q = 0; q < s->n; q++)
					write_reading(s->rep, &s->rows[q], &s->rows[q].reads[s->pick[q]], s->rows[q].line);
				holds = gr_identity_holds(s->rep, s->ids[i].id) != 0;
			}
			if (!holds)
			{
				if (!s->least)
					return;
				failures++;
			}
		}
		if (s->least && (s->solutions == 0 || failures < s->best))
		{
			s->best = failures;
			s->solutions = 0;
			memset(s->differs, 0, (size_t) s->n * sizeof(bool));
			memset(s->ndiffer, 0, (size_t) s->n * sizeof(int));
			for (q = 0; q < s->n; q++)
				memset(s->cell_differs[q], 0, (size_t) s->rows[q].ncells * sizeof(bool));
		}
		else if (s->least && failures > s->best)
			return;
		for (q = 0; q < s->n; q++)
		{
			if (s->solutions == 0)
				s->first[q] = s->pick[q];
			else if (s->ndiffer[q] < s->rows[q].ncells && s->pick[q] != s->first[q])
				note_differences(s, q);
		}
		s->solutions++;
		return;
	}
	for (a = 0; a < s->nalive[r]; a++)
	{
		int			i;

		s->pick[r] = s->alive[r][a];
		for (i = 0; i < s->nids; i++)
			s->ids[i].acc += s->ids[i].share[r][s->pick[r]];
		if (s->least || bounds_allow(s, r + 1))
			solve_from(s, r + 1);
		for (i = 0; i < s->nids; i++)
			s->ids[i].acc -= s->ids[i].share[r][s->pick[r]];
		if (s->capped)
			return;
	}
}

/* Keeps the readings of row r that satisfy the identities over its own
 * cells and cells outside every pending row; returns how many. */
static int
filter_local(gr_report *rep, gr_reading_row *rows, const cell_map *map, int r, int *alive)
{
	const gr_template *tpl = rep->tpl;
	const gr_identity *local[GR_MAX_IDENTITIES];
	int			a,
				i,
				t,
				nlocal = 0,
				kept = 0;

	/* the identities over this row's cells and no other pending row's */
	for (i = 0; i < tpl->nidentities; i++)
	{
		const gr_identity *id = &tpl->identities[i];
		bool		mine = false,
					other = false;

		for (t = 0; t < id->nterms; t++)
		{
			int			pos = 0,
						q = row_of_cell(map, id->terms[t].cell, &pos);

			if (q == r)
				mine = true;
			else if (q >= 0)
				other = true;
		}
		if (mine && !other)
			local[nlocal++] = id;
	}
	for (a = 0; a < rows[r].nread; a++)
	{
		bool		ok = true;

		write_reading(rep, &rows[r], &rows[r].reads[a], rows[r].line);
		for (i = 0; i < nlocal && ok; i++)
			if (gr_identity_holds(rep, local[i]) == 0)
				ok = false;
		if (ok)
			alive[kept++] = a;
	}
	clear_cells(rep, &rows[r]);
	return kept;
}

static void
prepare_joint(gr_mem *mem, search *s)
{
	const gr_template *tpl = s->rep->tpl;
	int			i,
				t,
				r,
				a;

	s->ids = gr_alloc(mem, (size_t) (tpl->nidentities + 1) * sizeof(joint_id));
	s->nids = 0;
	for (i = 0; i < tpl->nidentities; i++)
	{
		const gr_identity *id = &tpl->identities[i];
		joint_id   *j = &s->ids[s->nids];
		int			rows_hit = 0,
					first_row = -1;
		bool		skip = false;

		memset(j, 0, sizeof(*j));
		j->id = id;
		j->exact = true;
		for (t = 0; t < id->nterms && !skip; t++)
		{
			int			pos = 0,
						q = row_of_cell(&s->map, id->terms[t].cell, &pos);
			const gr_cell *cell = &s->rep->cells[id->terms[t].cell];

			if (q >= 0)
			{
				/* one row, or more than one: all the search needs */
				if (first_row < 0)
					first_row = q, rows_hit = 1;
				else if (q != first_row)
					rows_hit = 2;
			}
			else if (cell->state == GR_ABSENT)
				skip = true;
			else if (cell->state != GR_BLANK)
			{
				if (cell->value.scale != 0)
					j->exact = false;
				else
					j->fixed += cell->value.mant * id->terms[t].weight;
			}
		}
		if (rows_hit == 1)
		{
			/* an identity of one row that no reading of it keeps is the
			 * source's failure, whatever the reading: it judges nothing */
			int			pos = 0,
						q = row_of_cell(&s->map, id->terms[0].cell, &pos);
			bool		local = true;

			for (t = 0; t < id->nterms; t++)
				if (row_of_cell(&s->map, id->terms[t].cell, &pos) != q)
					local = false;
			if (local && q >= 0 && s->broken[q])
				skip = true;
		}
		if (skip || rows_hit == 0)
			continue;
		j->share = gr_alloc(mem, (size_t) s->n * sizeof(int64_t *));
		j->lo = gr_alloc(mem, (size_t) s->n * sizeof(int64_t));
		j->hi = gr_alloc(mem, (size_t) s->n * sizeof(int64_t));
		for (r = 0; r < s->n; r++)
		{
			bool		touches = false;

			j->share[r] = gr_alloc(mem, (size_t) (s->rows[r].nread + 1) * sizeof(int64_t));
			for (t = 0; t < id->nterms && !touches; t++)
				touches = s->map.row[id->terms[t].cell] == r;
			for (a = 0; a < s->rows[r].nread && touches; a++)
			{
				int64_t		sh = 0;

				for (t = 0; t < id->nterms; t++)
				{
					int			pos = 0,
								q = row_of_cell(&s->map, id->terms[t].cell, &pos);
					const gr_reading *rd = &s->rows[r].reads[a];

					if (q != r || rd->blank[pos])
						continue;
					if (rd->v[pos].scale != 0)
						j->exact = false;
					sh += rd->v[pos].mant * id->terms[t].weight;
				}
				j->share[r][a] = sh;
			}
			j->lo[r] = j->hi[r] = 0;
			for (a = 0; a < s->nalive[r]; a++)
			{
				int64_t		sh = j->share[r][s->alive[r][a]];

				if (a == 0 || sh < j->lo[r])
					j->lo[r] = sh;
				if (a == 0 || sh > j->hi[r])
					j->hi[r] = sh;
			}
		}
		j->suf_lo = gr_alloc(mem, (size_t) (s->n + 1) * sizeof(int64_t));
		j->suf_hi = gr_alloc(mem, (size_t) (s->n + 1) * sizeof(int64_t));
		for (r = s->n - 1; r >= 0; r--)
		{
			j->suf_lo[r] = j->suf_lo[r + 1] + j->lo[r];
			j->suf_hi[r] = j->suf_hi[r + 1] + j->hi[r];
		}
		s->nids++;
	}
}

/* Sets up the joint search over rows[0..n).  With set_aside, a row that
 * no reading of which keeps its own identities keeps every reading, and
 * those identities are left out (the source's failure); without, such a
 * row has no reading and nothing fits. */
static void
search_begin(gr_mem *mem, search *s, gr_report *rep, gr_reading_row *rows, int n,
			 const gr_parse_options *opts, bool set_aside)
{
	int			r,
				a;

	memset(s, 0, sizeof(*s));
	map_cells(mem, rep, rows, n, &s->map.row, &s->map.pos);
	s->rep = rep;
	s->rows = rows;
	s->n = n;
	s->opts = opts;
	s->alive = gr_alloc(mem, (size_t) n * sizeof(int *));
	s->nalive = gr_alloc(mem, (size_t) n * sizeof(int));
	s->pick = gr_alloc(mem, (size_t) n * sizeof(int));
	s->first = gr_alloc(mem, (size_t) n * sizeof(int));
	s->other = gr_alloc(mem, (size_t) n * sizeof(int));
	s->differs = gr_alloc(mem, (size_t) n * sizeof(bool));
	s->ndiffer = gr_alloc(mem, (size_t) n * sizeof(int));
	s->cell_differs = gr_alloc(mem, (size_t) n * sizeof(bool *));
	s->broken = gr_alloc(mem, (size_t) n * sizeof(bool));
	for (r = 0; r < n; r++)
	{
		s->other[r] = -1;
		s->cell_differs[r] = gr_alloc(mem, (size_t) rows[r].ncells * sizeof(bool));
		s->alive[r] = gr_alloc(mem, (size_t) (rows[r].nread + 1) * sizeof(int));
		s->nalive[r] = filter_local(rep, rows, &s->map, r, s->alive[r]);
		if (s->nalive[r] == 0 && set_aside)
		{
			/* no reading keeps the row's own identities: every reading
			 * stays in play, and the checks will name the failure */
			for (a = 0; a < rows[r].nread; a++)
				s->alive[r][a] = a;
			s->nalive[r] = rows[r].nread;
			s->broken[r] = true;
		}
	}
	prepare_joint(mem, s);
}

long
gr_search_readings(gr_mem *mem, gr_report *rep, gr_reading_row *rows, int n, const gr_parse_options *opts,
				   int *first, int *other, long *nodes)
{
	search		s;
	int			r;

	if (n == 0)
		return 0;
	for (r = 0; r < n; r++)
		clear_cells(rep, &rows[r]);
	search_begin(mem, &s, rep, rows, n, opts, false);
	solve_from(&s, 0);
	for (r = 0; r < n; r++)
	{
		clear_cells(rep, &rows[r]);
		first[r] = s.solutions > 0 ? s.first[r] : -1;
		other[r] = s.solutions > 0 && s.differs[r] ? s.other[r] : -1;
	}
	*nodes = s.nodes;
	return s.capped ? -1 : s.solutions;
}

void
gr_solve_readings(gr_mem *mem, gr_report *rep, gr_reading_row *rows, int n, const gr_parse_options *opts)
{
	search		s;
	gr_reading_row *live;
	int			r,
				k,
				m = 0;
	bool		lost_cells = false,
				capped_said = false;

	if (n == 0)
		return;
	/* a run of the table that no split into its cells fits lost cells
	 * (a crawler drops an empty cell without a trace): then every run of
	 * the table may have, and one that a split with lost cells fits as
	 * well is not determined by its own identities */
	for (r = 0; r < n && !lost_cells; r++)
		lost_cells = rows[r].run != NULL && !rows[r].capped && rows[r].nread == 0 && rows[r].ncells > 1;
	/* rows whose generation gave up, or found nothing, are decided now */
	live = gr_alloc(mem, (size_t) n * sizeof(gr_reading_row));
	for (r = 0; r < n; r++)
	{
		bool		also_lost = lost_cells && rows[r].run != NULL && !rows[r].capped && rows[r].nread > 0 &&
			lost_split_exists(rep, &rows[r], opts);

		gr_search_account(rep, GR_SEARCH_READINGS, rows[r].nread, MAX_READINGS_PER_ROW,
						  rows[r].capped && rows[r].nread >= MAX_READINGS_PER_ROW);
		clear_cells(rep, &rows[r]);
		if (rows[r].capped)
			row_finding(mem, rep, &rows[r], "reading_search_capped",
						"%s printed %s; finding its readings (%s) took more than the search allows (%ld steps per row, %ld per table, %d readings per row), so its %d cells are left absent",
						rows[r].what, rows[r].printed, rows[r].how, SPLIT_STEPS_PER_ROW, SPLIT_STEPS_PER_TABLE,
						MAX_READINGS_PER_ROW, rows[r].ncells);
		else if (also_lost)
			row_finding(mem, rep, &rows[r], "reading_ambiguous",
						"%s printed %s; %d split(s) of it into its %d cells keep its own identities, but so does a split into fewer numbers, as when empty cells printed nothing (another run of this table lost cells), so its cells are left absent",
						rows[r].what, rows[r].printed, rows[r].nread, rows[r].ncells);
		else if (rows[r].nread == 0)
			row_finding(mem, rep, &rows[r], "reading_impossible",
						"%s printed %s; no reading of it (%s) fills its %d cells, so they are left absent",
						rows[r].what, rows[r].printed, rows[r].how, rows[r].ncells);
		else
		{
			live[m++] = rows[r];
		}
	}
	if (m == 0)
		return;
	search_begin(mem, &s, rep, live, m, opts, true);
	solve_from(&s, 0);
	gr_search_account(rep, GR_SEARCH_JOINT, s.nodes, MAX_JOINT_NODES, s.capped);
	if (s.solutions == 0 && !s.capped)
	{
		/* no reading satisfies every identity: keep the readings that
		 * fail the fewest; the checks will name what still fails */
		s.least = true;
		s.nodes = 0;
		solve_from(&s, 0);
		gr_search_account(rep, GR_SEARCH_JOINT, s.nodes, MAX_JOINT_NODES, s.capped);
		s.solutions = -s.solutions;
	}
	for (r = 0; r < m; r++)
	{
		gr_reading_row *row = &live[r];

		if (s.capped && (s.nalive[r] > 1 || (r == m - 1 && !capped_said)))
		{
			capped_said = true;
			row_finding(mem, rep, row, "reading_search_capped",
						"%s printed %s; choosing among its %d readings (%s) jointly with the table's other rows took more than the search allows (%ld nodes), so its cells are left absent",
						row->what, row->printed, s.nalive[r], row->how, MAX_JOINT_NODES);
			continue;
		}
		if (s.capped)
			s.first[r] = s.alive[r][0], s.differs[r] = false;
		if (s.differs[r] && s.ndiffer[r] == row->ncells)
		{
			row_finding(mem, rep, row, "reading_ambiguous",
						"%s printed %s; %d readings of it (%s) are possible and %ld of the table's joint readings satisfy every identity with different values here, so its cells are left absent",
						row->what, row->printed, row->nread, row->how,
						s.solutions < 0 ? -s.solutions : s.solutions);
			continue;
		}
		if (s.differs[r])
		{
			/* the cells every fitting reading agrees on are read; the
			 * others are left absent, never one of several picked */
			write_reading(rep, row, &row->reads[s.first[r]], row->line);
			for (k = 0; k < row->ncells; k++)
				if (s.cell_differs[r][k])
				{
					gr_cell    *cell = &rep->cells[row->cells[k]];

					cell->state = GR_ABSENT;
					cell->value = (gr_num) {0, 0};
					cell->line = 0;
				}
			row_finding(mem, rep, row, "reading_ambiguous",
						"%s printed %s; %d readings of it (%s) are possible and %ld of the table's joint readings satisfy every identity; they agree on %d of its %d cells, read as %s (inferred; ? marks a cell they differ on, left absent)",
						row->what, row->printed, row->nread, row->how,
						s.solutions < 0 ? -s.solutions : s.solutions, row->ncells - s.ndiffer[r], row->ncells,
						format_agreed(mem, row, &row->reads[s.first[r]], s.cell_differs[r]));
			continue;
		}
		write_reading(rep, row, &row->reads[s.first[r]], row->line);
		row_finding(mem, rep, row, "reading_inferred",
					"%s printed %s; read as %s (%s): of its %d possible readings, this is the one the table's identities %s",
					row->what, row->printed, format_agreed(mem, row, &row->reads[s.first[r]], NULL), row->how,
					row->nread, s.solutions < 0 ? "break least (no reading satisfies them all)" : "accept");
	}
}
