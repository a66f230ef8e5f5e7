/*
 * narrative.c — counts the prose states, for narrative_matches_table.
 *
 * Reports restate their table totals in the prose ("全年收到政府信息公开申请
 * 34 件", "全年办理政府信息公开申请96"), and the two often disagree.  At parse
 * time every such statement is kept as a `narrative_count` finding: its
 * location is the table expression it speaks of (cell keys joined by '+',
 * alternatives by '|'), its message the clause, its one value the number.
 * The checks compare them with the cells later.
 *
 * Prose lines are the lines of one cell; wrapped lines are joined and the
 * stream is cut into clauses at sentence and clause punctuation.
 */
#include <stdio.h>
#include <string.h>

#include "gr_internal.h"

/* What a keyword speaks of: a row's total, a group's total, or a sum. */
typedef enum target_kind
{
	T_ROW,						/* arg: t3 row code */
	T_GROUP,					/* arg: t3 group code: sum of its members' totals */
	T_EXPR						/* arg: a ready expression */
} target_kind;

typedef struct keyword
{
	const char *phrase;
	bool		specific;		/* names one row/group (not a general verb) */
	target_kind kind;
	const char *arg;
} keyword;

/* Specific phrases first; within a clause the specific one wins over the
 * general verbs (办理, 答复, 收到 …) that every sentence uses. */
static const keyword keywords[] = {
	{"予以公开及部分公开", true, T_EXPR, "t3.granted.total+t3.partly_granted.total"},
	{"上年结转", true, T_ROW, "carried_over"},
	{"上年度结转", true, T_ROW, "carried_over"},
	{"结转下年度", true, T_ROW, "carried_forward"},
	{"结转下一年度", true, T_ROW, "carried_forward"},
	{"转下一年度", true, T_ROW, "carried_forward"},
	{"转入下年度", true, T_ROW, "carried_forward"},
	{"予以公开", true, T_ROW, "granted"},
	{"同意公开", true, T_ROW, "granted"},
	{"部分公开", true, T_ROW, "partly_granted"},
	{"不予公开", true, T_GROUP, "denied"},
	{"无法提供", true, T_GROUP, "unavailable"},
	{"不予处理", true, T_GROUP, "rejected"},
	{"其他处理", true, T_GROUP, "other"},
	{"行政复议", true, T_EXPR, "t4.review.total"},
	{"行政诉讼", true, T_EXPR, "t4.litigation_direct.total+t4.litigation_after_review.total"},
	{"诉讼", true, T_EXPR, "t4.litigation_direct.total+t4.litigation_after_review.total"},
	{"新收", false, T_ROW, "received"},
	{"收到", false, T_ROW, "received"},
	{"受理", false, T_EXPR, "t3.received.total|t3.received.total+t3.carried_over.total"},
	{"办结", false, T_ROW, "concluded"},
	{"办理", false, T_ROW, "concluded"},
	{"答复", false, T_ROW, "concluded"},
	{NULL, false, T_ROW, NULL}
};

static const char *const units[] = {"件", "宗", "起", "个", "次", NULL};

static bool
at(const char *s, const char *lit)
{
	return strncmp(s, lit, strlen(lit)) == 0;
}

/* The expression for a keyword under the report's template, or NULL. */
static char *
target_expr(gr_mem *mem, const gr_template *tpl, const keyword *k)
{
	int			t = gr_template_table(tpl, "t3"),
				r,
				g = -1;
	char		buf[1024];
	size_t		o = 0;

	if (k->kind == T_EXPR)
		return gr_strdup(mem, k->arg);
	if (t < 0)
		return NULL;
	for (r = 0; r < tpl->tables[t].nrows; r++)
		if (strcmp(tpl->tables[t].rows[r].code, k->arg) == 0)
		{
			g = r;
			break;
		}
	if (g < 0)
		return NULL;
	if (tpl->tables[t].rows[g].kind == GR_ROW_DATA)
	{
		snprintf(buf, sizeof(buf), "t3.%s.total", k->arg);
		return gr_strdup(mem, buf);
	}
	buf[0] = '\0';
	for (r = g + 1; r < tpl->tables[t].nrows; r++)
		if (tpl->tables[t].rows[r].group == g && tpl->tables[t].rows[r].kind == GR_ROW_DATA &&
			o + strlen(tpl->tables[t].rows[r].code) + 12 < sizeof(buf))
			o += (size_t) snprintf(buf + o, sizeof(buf) - o, "%st3.%s.total", o ? "+" : "",
								   tpl->tables[t].rows[r].code);
	/* a group printed as one data row (2019 其他处理): the row itself */
	return o ? gr_strdup(mem, buf) : NULL;
}

/* Cuts a copy of s to at most max bytes on a UTF-8 boundary. */
static char *
clip(gr_mem *mem, const char *s, size_t len, size_t max)
{
	if (len > max)
	{
		len = max;
		while (len > 0 && ((unsigned char) s[len] & 0xC0) == 0x80)
			len--;
	}
	return gr_strndup(mem, s, len);
}

#define NKEYWORDS ((int) (sizeof(keywords) / sizeof(keywords[0])) - 1)

/* Keywords by the first two bytes of their first character (every phrase
 * starts with a CJK character, lead byte 0xE4-0xE9): one bit per keyword. */
typedef struct keyword_index
{
	uint32_t	mask[6][64];
} keyword_index;

static void
keyword_index_build(keyword_index *ix)
{
	int			k;

	memset(ix, 0, sizeof(*ix));
	for (k = 0; k < NKEYWORDS; k++)
	{
		unsigned char b0 = (unsigned char) keywords[k].phrase[0],
					b1 = (unsigned char) keywords[k].phrase[1];

		ix->mask[b0 - 0xE4][b1 & 0x3F] |= UINT32_C(1) << k;
	}
}

/* Moves the keyword sweep of a clause on to `to`: last[k] is the last
 * occurrence of keyword k that starts before `to`.  A phrase is all CJK
 * and `to` is a digit, so one that starts before it also ends before it. */
static void
sweep_keywords(const keyword_index *ix, const char **r_io, const char *to, const char *end,
			   const char **last)
{
	const char *r = *r_io;

	for (; r < to && r + 3 <= end; r++)
	{
		unsigned char b0 = (unsigned char) r[0];
		uint32_t	m;

		if (b0 < 0xE4 || b0 > 0xE9)
			continue;
		m = ix->mask[b0 - 0xE4][(unsigned char) r[1] & 0x3F];
		while (m)
		{
			int			k = __builtin_ctz(m);
			size_t		n = strlen(keywords[k].phrase);

			m &= m - 1;
			if (r + n <= end && memcmp(r, keywords[k].phrase, n) == 0)
				last[k] = r;
		}
		r += 2;					/* the rest of this 3-byte character */
	}
	*r_io = r;
}

/* One clause: find a count followed by a unit (or ending the clause) and
 * the keyword that names what it counts. */
static void
scan_clause(gr_mem *mem, gr_report *rep, const keyword_index *ix, const char *s, size_t len)
{
	const char *end = s + len,
			   *p;
	int			mentions_request = -1;	/* -1: not looked yet */
	const char *last[NKEYWORDS];	/* keyword sweep: last occurrence so far */
	const char *swept;

	/* most clauses state no number at all */
	for (p = s; p < end && !(*p >= '0' && *p <= '9'); p++)
		;
	if (p == end)
		return;
	memset(last, 0, sizeof(last));
	swept = s;
	for (; p < end; p++)
	{
		const char *num_start,
				   *q;
		int64_t		value = 0;
		int			digits = 0,
					u;
		bool		unit = false;
		const keyword *best = NULL;
		const char *best_pos = NULL;
		int			k;

		if (*p < '0' || *p > '9' || (p > s && p[-1] >= '0' && p[-1] <= '9') ||
			(p > s && (p[-1] == '.' || p[-1] == '-')))
			continue;
		num_start = p;
		for (q = p; q < end && *q >= '0' && *q <= '9'; q++)
		{
			if (digits < 12)
				value = value * 10 + (*q - '0');
			digits++;
		}
		p = q - 1;
		if (digits > 9 || (q < end && (*q == '.' || *q == '%')))
			continue;
		while (q < end && *q == ' ')
			q++;
		for (u = 0; units[u]; u++)
			if (q + strlen(units[u]) <= end && at(q, units[u]))
				unit = true;
		if (!unit && q != end)
			continue;
		if (mentions_request < 0)
		{
			const char *r;

			mentions_request = 0;
			for (r = s; r + 6 <= end; r++)
				if (r[0] == '\xE7' && at(r, "申请"))
				{
					mentions_request = 1;
					break;
				}
		}
		/* the keyword: a specific one anywhere before, else the nearest
		 * general one before (only when the clause is about requests),
		 * else a specific one after ("有 1 件…行政复议") */
		sweep_keywords(ix, &swept, num_start, end, last);
		for (k = 0; keywords[k].phrase; k++)
		{
			const char *hit = last[k];
			size_t		n = strlen(keywords[k].phrase);

			if (!keywords[k].specific && !mentions_request)
				continue;
			if (hit == NULL)
				continue;
			/* a later phrase wins, but not one inside the phrase found
			 * ("部分公开" inside "予以公开及部分公开") */
			if (best == NULL || (keywords[k].specific && !best->specific) ||
				(keywords[k].specific == best->specific &&
				 (hit >= best_pos + strlen(best->phrase) ||
				  (hit <= best_pos && hit + n >= best_pos + strlen(best->phrase)))))
			{
				best = &keywords[k];
				best_pos = hit;
			}
		}
		if (best == NULL && unit)
		{
			const char *rest = gr_strndup(mem, q, (size_t) (end - q));

			for (k = 0; keywords[k].phrase && best == NULL; k++)
				if (keywords[k].specific && keywords[k].kind == T_EXPR && strstr(rest, keywords[k].phrase))
					best = &keywords[k];
		}
		if (best)
		{
			char	   *expr = target_expr(mem, rep->tpl, best);
			gr_finding *f;

			if (expr == NULL)
				continue;
			f = gr_report_add_finding(mem, rep, "narrative_count", expr, "%s",
									  clip(mem, s, len, 300));
			f->nvalues = 1;
			f->values = gr_alloc(mem, sizeof(gr_num));
			f->values[0].mant = value;
		}
	}
}

/* Clause punctuation after normalisation: full-width ，；！？（） are ASCII
 * by now; 。 and 、 stay (U+3002, U+3001).  A parenthesis opens a clause of
 * its own: "答复805件（含上年度结转申请18件）" states two counts. */
static bool
is_clause_break(const char *s, int *n)
{
	unsigned char c = (unsigned char) s[0];

	if (c == ',' || c == ';' || c == '!' || c == '?' || c == '\n' || c == '(' || c == ')')
	{
		*n = 1;
		return true;
	}
	if (c == 0xE3 && (unsigned char) s[1] == 0x80 &&
		((unsigned char) s[2] == 0x82 || (unsigned char) s[2] == 0x81))
	{
		*n = 3;
		return true;
	}
	return false;
}

/* How the clause sweep treats a byte: 0 may start a clause break, 1 is a
 * digit, 2 moves on one byte, 3 moves past a 3-byte character.  Clause
 * text is normalised, so valid UTF-8. */
#define CB_BREAK 0
#define CB_DIGIT 1
#define CB_BYTE 2
#define CB_CHAR3 3
static int
clause_class(unsigned char c)
{
	if (c >= 0xE0 && c <= 0xEF)
		return c == 0xE3 ? CB_BREAK : CB_CHAR3;
	if (c >= '0' && c <= '9')
		return CB_DIGIT;
	if (c == ',' || c == ';' || c == '!' || c == '?' || c == '\n' || c == '(' || c == ')')
		return CB_BREAK;
	return CB_BYTE;
}

/* A line that belongs to the prose: a line of text outside the tables
 * [skip_from, skip_to), neither a row of numbers nor a lone number from a
 * flattened table.  A sentence wrapped right after a number ("…答复 2")
 * lexes as a label and one value, and stays prose. */
static bool
is_prose(const gr_grid *grid, int li, int skip_from, int skip_to)
{
	const gr_line *line = &grid->lines[li];

	if (line->origin != GR_ORIGIN_LINE || (li >= skip_from && li < skip_to) || line->ncells > 2)
		return false;
	return !(line->ncells == 1 && gr_value_parse(line->cells[0], strlen(line->cells[0])).kind != GR_V_NONE);
}

/* "一、总体情况": numbered, short, without clause punctuation. */
static bool
is_heading(const gr_line *line)
{
	size_t		i;
	int			n;

	if (gr_strip_numbering(line->text) == line->text || line->len > 90)
		return false;
	for (i = 0; i < line->len; i++)
		if (is_clause_break(line->text + i, &n) && line->text[i] != '\n' && strncmp(line->text + i, "、", 3) != 0)
			return false;
	return true;
}

void
gr_extract_narrative(gr_mem *mem, gr_report *rep, const gr_grid *grid, const gr_parse_options *opts,
					 int skip_from, int skip_to)
{
	int			li = 0;
	keyword_index ix;

	if (rep->tpl == NULL)
		return;
	keyword_index_build(&ix);
	while (li < grid->nlines)
	{
		size_t		total = 0,
					o = 0;
		int			first = li,
					j;
		const char *text,
				   *s,
				   *start,
				   *end;
		bool		digit;

		if (opts && opts->check_interrupts && (li & 1023) == 0)
			opts->check_interrupts();
		if (!is_prose(grid, li, skip_from, skip_to))
		{
			li++;
			continue;
		}
		/* a run of prose lines, wrapped lines joined */
		while (li < grid->nlines && is_prose(grid, li, skip_from, skip_to))
			total += grid->lines[li++].len + 1;
		if (li == first + 1)
		{
			/* one line: read in place (the sweep stops at end, not at a NUL) */
			text = grid->lines[first].text;
			o = grid->lines[first].len;
		}
		else
		{
			char	   *joined = gr_alloc(mem, total + 1);

			for (j = first; j < li; j++)
			{
				memcpy(joined + o, grid->lines[j].text, grid->lines[j].len);
				o += grid->lines[j].len;
				/* a heading or list item starts a clause of its own, and a
				 * heading without punctuation ends one */
				if (j + 1 < li && (gr_strip_numbering(grid->lines[j + 1].text) != grid->lines[j + 1].text ||
								   is_heading(&grid->lines[j])))
					joined[o++] = '\n';
			}
			joined[o] = '\0';
			text = joined;
		}
		end = text + o;
		start = text;
		digit = false;
		for (s = text; s < end;)
		{
			const char *lim = end - s > 65536 ? s + 65536 : end;

			/* a prose line can be the whole document: a cancel gets in
			 * every 64 kB */
			if (s > text && opts && opts->check_interrupts)
				opts->check_interrupts();
			while (s < lim)
			{
				int			n;

				switch (clause_class((unsigned char) *s))
				{
					case CB_CHAR3:
						s += 3;
						continue;
					case CB_BYTE:
						s++;
						continue;
					case CB_DIGIT:
						digit = true;
						s++;
						continue;
					default:
						break;
				}
				if (is_clause_break(s, &n))
				{
					/* most clauses state no number at all */
					if (s > start && digit)
						scan_clause(mem, rep, &ix, start, (size_t) (s - start));
					s += n;
					start = s;
					digit = false;
				}
				else
					s += (unsigned char) *s == 0xE3 ? 3 : 1;
			}
		}
		if (s > end)
			s = end;
		if (s > start && digit)
			scan_clause(mem, rep, &ix, start, (size_t) (s - start));
	}
}
