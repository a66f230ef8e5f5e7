/*
 * value.c — the core's small building blocks: allocation through gr_mem,
 * a malloc-backed arena for code outside PostgreSQL, errors, cell states,
 * decimal numbers and the report object itself.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gr.h"

/* ------------------------------------------------------------------ memory */

void *
gr_alloc(gr_mem *mem, size_t size)
{
	return mem->alloc(mem->ctx, size);
}

/* Copies at most n bytes of s, stopping at a NUL; NULL stays NULL. */
char *
gr_strndup(gr_mem *mem, const char *s, size_t n)
{
	char	   *p;
	size_t		len = 0;

	if (s == NULL)
		return NULL;
	{
		const char *nul = memchr(s, '\0', n);

		len = nul ? (size_t) (nul - s) : n;
	}
	p = gr_alloc(mem, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
gr_strdup(gr_mem *mem, const char *s)
{
	if (s == NULL)
		return NULL;
	return gr_strndup(mem, s, strlen(s));
}

/*
 * The arena: a list of calloc'ed chunks.  Small requests are carved from
 * the newest ordinary chunk; a request larger than a quarter of a chunk
 * gets a chunk of its own on a second list, so the current chunk's free
 * space is not lost.
 */
#define ARENA_CHUNK		(64 * 1024)
#define ARENA_ALIGN		16

typedef struct gr_chunk
{
	struct gr_chunk *next;
	size_t		size;			/* usable bytes after the header */
	size_t		used;
} gr_chunk;

/* the header is padded so the usable area starts aligned */
#define CHUNK_HEADER	((sizeof(gr_chunk) + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1))

struct gr_arena
{
	gr_chunk   *head;			/* current chunk for small requests */
	gr_chunk   *big;			/* chunks holding one large request each */
	size_t		bytes;			/* total bytes handed out */
};

static void *
arena_malloc(size_t size)
{
	void	   *p = calloc(1, size);

	if (p == NULL)
	{
		fprintf(stderr, "govreport: out of memory (requested %lu bytes)\n",
				(unsigned long) size);
		abort();
	}
	return p;
}

static gr_chunk *
arena_new_chunk(size_t size)
{
	gr_chunk   *c;

	if (size > (size_t) -1 - CHUNK_HEADER)
	{
		fprintf(stderr, "govreport: allocation size overflow\n");
		abort();
	}
	c = arena_malloc(CHUNK_HEADER + size);
	c->size = size;
	c->used = 0;
	c->next = NULL;
	return c;
}

static void *
arena_alloc(void *ctx, size_t size)
{
	gr_arena   *a = ctx;
	size_t		need;
	gr_chunk   *c;

	if (size > (size_t) -1 - ARENA_ALIGN)
	{
		fprintf(stderr, "govreport: allocation size overflow\n");
		abort();
	}
	need = (size + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	a->bytes += size;

	if (need > ARENA_CHUNK / 4)
	{
		/* a chunk of its own, on the list of big chunks */
		c = arena_new_chunk(need);
		c->used = need;
		c->next = a->big;
		a->big = c;
		return (char *) c + CHUNK_HEADER;
	}

	if (a->head == NULL || a->head->size - a->head->used < need)
	{
		c = arena_new_chunk(ARENA_CHUNK);
		c->next = a->head;
		a->head = c;
	}
	c = a->head;
	c->used += need;
	return (char *) c + CHUNK_HEADER + (c->used - need);
}

gr_arena *
gr_arena_create(void)
{
	return arena_malloc(sizeof(gr_arena));
}

void
gr_arena_destroy(gr_arena *arena)
{
	gr_chunk   *c,
			   *next;

	if (arena == NULL)
		return;
	for (c = arena->head; c != NULL; c = next)
	{
		next = c->next;
		free(c);
	}
	for (c = arena->big; c != NULL; c = next)
	{
		next = c->next;
		free(c);
	}
	free(arena);
}

gr_mem
gr_arena_mem(gr_arena *arena)
{
	gr_mem		m;

	m.alloc = arena_alloc;
	m.ctx = arena;
	return m;
}

/* The sum of the sizes requested from the arena so far. */
size_t
gr_arena_bytes(const gr_arena *arena)
{
	return arena ? arena->bytes : 0;
}

/* ------------------------------------------------------------------ errors */

static const char *
status_message(gr_status status)
{
	switch (status)
	{
		case GR_OK:
			return "no error";
		case GR_ERR_EMPTY:
			return "document is empty";
		case GR_ERR_ENCODING:
			return "document is not valid UTF-8";
		case GR_ERR_NOT_REPORT:
			return "document is not a government information disclosure annual report";
		case GR_ERR_SYNTAX:
			return "invalid govreport.report text";
		case GR_ERR_BINARY:
			return "invalid govreport.report binary data";
		case GR_ERR_VERSION:
			return "unsupported govreport.report format version";
		case GR_ERR_LIMIT:
			return "document exceeds a govreport limit";
		case GR_ERR_RANGE:
			return "number out of range";
		case GR_ERR_MISMATCH:
			return "cannot add reports of different templates";
		case GR_ERR_CORRUPT:
			return "document container is corrupt";
		case GR_ERR_UNSUPPORTED:
			return "document is in a form govreport does not read";
		case GR_ERR_CANCELED:
			return "the parse was stopped by an interrupt";
	}
	return "unknown govreport error";
}

/* A string vsnprintf may have cut must not end inside a UTF-8 sequence. */
static void
trim_partial_utf8(char *s)
{
	size_t		len = strlen(s),
				lead = len;

	while (lead > 0 && ((unsigned char) s[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead > 0 && ((unsigned char) s[lead - 1] & 0x80))
	{
		unsigned char b = (unsigned char) s[lead - 1];
		size_t		need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;

		if (len - (lead - 1) < need)
			s[lead - 1] = '\0';
	}
}

void
gr_error_set(gr_error *err, gr_status status, long offset, const char *detail_fmt, ...)
{
	va_list		ap;

	if (err == NULL)
		return;
	err->status = status;
	err->offset = offset;
	snprintf(err->message, sizeof(err->message), "%s", status_message(status));
	err->detail[0] = '\0';
	err->hint[0] = '\0';
	if (detail_fmt != NULL)
	{
		va_start(ap, detail_fmt);
		vsnprintf(err->detail, sizeof(err->detail), detail_fmt, ap);
		va_end(ap);
		trim_partial_utf8(err->detail);
	}
}

void
gr_error_message(gr_error *err, const char *fmt, ...)
{
	va_list		ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	trim_partial_utf8(err->message);
}

void
gr_error_hint(gr_error *err, const char *hint)
{
	if (err == NULL)
		return;
	snprintf(err->hint, sizeof(err->hint), "%s", hint);
	trim_partial_utf8(err->hint);
}

/* ------------------------------------------------------------------ states */

static const char *const state_names[] = {"absent", "blank", "reported", "inferred"};

const char *
gr_state_name(gr_state state)
{
	if ((unsigned) state < sizeof(state_names) / sizeof(state_names[0]))
		return state_names[state];
	return NULL;
}

int
gr_state_from_name(const char *name, size_t len)
{
	int			i;

	if (name == NULL)
		return -1;
	for (i = 0; i < (int) (sizeof(state_names) / sizeof(state_names[0])); i++)
		if (strlen(state_names[i]) == len && memcmp(state_names[i], name, len) == 0)
			return i;
	return -1;
}

/* ----------------------------------------------------------------- numbers */

static const int64_t pow10_tab[19] = {
	INT64_C(1), INT64_C(10), INT64_C(100), INT64_C(1000), INT64_C(10000),
	INT64_C(100000), INT64_C(1000000), INT64_C(10000000), INT64_C(100000000),
	INT64_C(1000000000), INT64_C(10000000000), INT64_C(100000000000),
	INT64_C(1000000000000), INT64_C(10000000000000), INT64_C(100000000000000),
	INT64_C(1000000000000000), INT64_C(10000000000000000),
	INT64_C(100000000000000000), INT64_C(1000000000000000000)
};

/*
 * Canonical decimal: [-]int[.frac] with exactly `scale` fraction digits and
 * no leading zeros in int (a lone "0" when the integer part is zero).
 * Behaves like snprintf: returns the full length, writes at most size-1
 * characters plus a NUL when size > 0.
 */
int
gr_num_format(gr_num num, char *buf, size_t size)
{
	char		digits[32];
	char		out[48];
	int			nd = 0;
	int			n = 0;
	int			i;
	uint64_t	mag;
	int			scale = num.scale;

	if (num.mant < 0)
		mag = (uint64_t) 0 - (uint64_t) num.mant;
	else
		mag = (uint64_t) num.mant;
	/* digits, least significant first */
	do
	{
		digits[nd++] = (char) ('0' + (int) (mag % 10));
		mag /= 10;
	} while (mag != 0);
	/* a scale beyond what fits in the buffer is clamped (invalid anyway) */
	if (scale > 24)
		scale = 24;
	while (nd <= scale)
		digits[nd++] = '0';

	if (num.mant < 0)
		out[n++] = '-';
	for (i = nd - 1; i >= 0; i--)
	{
		out[n++] = digits[i];
		if (i == scale && scale > 0)
			out[n++] = '.';
	}
	out[n] = '\0';

	if (size > 0)
	{
		size_t		copy = (size_t) n < size - 1 ? (size_t) n : size - 1;

		memcpy(buf, out, copy);
		buf[copy] = '\0';
	}
	return n;
}

/*
 * Strict: optional '-', 1..18 digits in all, optional '.' followed by
 * 1..GR_MAX_SCALE digits; no leading zero except a lone "0" before the
 * point; no negative zero.  Exactly what gr_num_format writes.
 */
bool
gr_num_parse(const char *s, size_t len, gr_num *out)
{
	size_t		i = 0;
	size_t		int_start,
				int_len,
				frac_len = 0;
	bool		neg = false;
	int64_t		mant = 0;

	if (s == NULL || len == 0)
		return false;
	if (s[0] == '-')
	{
		neg = true;
		i++;
	}
	int_start = i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	int_len = i - int_start;
	if (int_len == 0)
		return false;
	if (int_len > 1 && s[int_start] == '0')
		return false;
	if (i < len && s[i] == '.')
	{
		size_t		frac_start = ++i;

		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		frac_len = i - frac_start;
		if (frac_len == 0 || frac_len > GR_MAX_SCALE)
			return false;
	}
	if (i != len)
		return false;
	if (int_len + frac_len > GR_MAX_DIGITS)
		return false;
	for (i = int_start; i < len; i++)
		if (s[i] != '.')
			mant = mant * 10 + (s[i] - '0');
	if (neg)
	{
		if (mant == 0)
			return false;
		mant = -mant;
	}
	if (out)
	{
		out->mant = mant;
		out->scale = (uint8_t) frac_len;
	}
	return true;
}

/*
 * Exact comparison of mant_a/10^sa with mant_b/10^sb: compare the integer
 * parts, then the fraction parts brought to the larger scale (which stay
 * below 10^18 and so cannot overflow).
 */
int
gr_num_cmp(gr_num a, gr_num b)
{
	int			sa = a.scale,
				sb = b.scale,
				s;
	int64_t		qa,
				qb,
				ra,
				rb;

	if (sa > 18 || sb > 18)
	{
		/* outside the representable range: approximate */
		long double x = (long double) a.mant,
					y = (long double) b.mant;
		int			i;

		for (i = 0; i < sa; i++)
			x /= 10;
		for (i = 0; i < sb; i++)
			y /= 10;
		return x < y ? -1 : x > y ? 1 : 0;
	}
	qa = a.mant / pow10_tab[sa];
	ra = a.mant % pow10_tab[sa];
	qb = b.mant / pow10_tab[sb];
	rb = b.mant % pow10_tab[sb];
	if (qa != qb)
		return qa < qb ? -1 : 1;
	s = sa > sb ? sa : sb;
	/* |ra| < 10^sa, so |ra| * 10^(s - sa) < 10^s <= 10^18 */
	ra *= pow10_tab[s - sa];
	rb *= pow10_tab[s - sb];
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return 0;
}

/* ------------------------------------------------------------------ report */

gr_report *
gr_report_new(gr_mem *mem, const gr_template *tpl)
{
	gr_report  *rep = gr_alloc(mem, sizeof(gr_report));
	int			i;

	rep->tpl = tpl;
	rep->ncells = tpl ? tpl->ncells : 0;
	if (rep->ncells > 0)
	{
		rep->cells = gr_alloc(mem, sizeof(gr_cell) * (size_t) rep->ncells);
		for (i = 0; i < rep->ncells; i++)
		{
			rep->cells[i].state = GR_ABSENT;
			rep->cells[i].value.mant = 0;
			rep->cells[i].value.scale = 0;
			rep->cells[i].line = 0;
		}
	}
	return rep;
}

gr_finding *
gr_report_add_finding(gr_mem *mem, gr_report *rep, const char *code,
					  const char *location, const char *fmt, ...)
{
	gr_finding *f;
	va_list		ap;
	int			n;

	if (rep->nfindings >= rep->findings_cap)
	{
		int			cap = rep->findings_cap > 0 ? rep->findings_cap * 2 : 8;
		gr_finding *grown = gr_alloc(mem, sizeof(gr_finding) * (size_t) cap);

		if (rep->nfindings > 0)
			memcpy(grown, rep->findings, sizeof(gr_finding) * (size_t) rep->nfindings);
		rep->findings = grown;
		rep->findings_cap = cap;
	}
	f = &rep->findings[rep->nfindings++];
	memset(f, 0, sizeof(*f));
	f->code = gr_strdup(mem, code ? code : "");
	f->location = gr_strdup(mem, location ? location : "");

	if (fmt == NULL)
		fmt = "";
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	f->message = gr_alloc(mem, (size_t) n + 1);
	va_start(ap, fmt);
	vsnprintf(f->message, (size_t) n + 1, fmt, ap);
	va_end(ap);
	f->nvalues = 0;
	f->values = NULL;
	return f;
}
