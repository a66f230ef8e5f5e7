/*
 * serial.c — the canonical text form (JSON) and the binary form of a
 * gr_report.
 *
 * Canonical JSON has no whitespace and a fixed key order:
 *
 *   {"version":1,"template":"2021","year":2022,"published":"2023-01-30",
 *    "agency":"…","title":"…",
 *    "cells":{"t2.rules.issued":{"value":0,"state":"reported","line":57},…},
 *    "findings":[{"code":"…","location":"…","message":"…","values":[10,1,0]}]}
 *
 * A sum of reports (analysis.c) adds one key after the findings, written
 * only for a sum, so every value a parse produces keeps its 0.1.0 form:
 *
 *   …,"findings":[],"sum":{"reports":3,"contributors":[3,3,0,…]}}
 *
 * (contributors: one count per cell, in cell order).
 *
 * The reader accepts only that exact form: a strict parser walks the
 * expected structure and names the first deviation, and a final guard
 * re-serialises the result and compares it byte for byte with the input.
 *
 * The binary form (integers big-endian):
 *   u8 version, u8 template id (0 = none), i32 year,
 *   u8 published length (0 or 10) + bytes,
 *   agency, title: u32 length + bytes (0xFFFFFFFF = NULL),
 *   u16 ncells, per cell: u8 state, u8 scale, i64 mant, u32 line,
 *   u32 nfindings, per finding: code, location, message (u32 length +
 *   bytes), u16 nvalues, per value: u8 scale, i64 mant;
 *   for a sum only: u32 reports, per cell: u32 contributors.
 * The reader validates every field and never reads past the end.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "gr.h"

#define NULL_STRING_LEN		UINT32_C(0xFFFFFFFF)
#define MAX_VALUES			65535	/* u16 in the binary form */
#define MAX_FINDINGS		(INT_MAX / 2)
#define MANT_LIMIT			INT64_C(1000000000000000000)	/* 10^18 */
#define CLIP				80	/* bytes of user text quoted in a detail */

/* ----------------------------------------------------------------- helpers */

/*
 * Offset of the first byte that does not start or continue a well-formed
 * UTF-8 sequence (no overlongs, surrogates or code points above U+10FFFF),
 * or -1 when all of s is valid.
 */
static long
utf8_invalid_at(const unsigned char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		size_t		n;
		unsigned char lo = 0x80,
					hi = 0xBF;
		size_t		k;

		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF)
		{
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		}
		else if (c >= 0xF0 && c <= 0xF4)
		{
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		}
		else
			return (long) i;
		if (len - i - 1 < n)
			return (long) i;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return (long) i;
		for (k = 2; k <= n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return (long) i;
		i += n + 1;
	}
	return -1;
}

/* Length of at most max bytes of s (length n) that does not split a UTF-8 sequence. */
static int
clip_len(const char *s, size_t n)
{
	size_t		m = n;

	if (m > CLIP)
	{
		m = CLIP;
		while (m > 0 && ((unsigned char) s[m] & 0xC0) == 0x80)
			m--;
	}
	return (int) m;
}

/* "YYYY-MM-DD" with a month 01..12 and a day 01..31: what 0.1.0 stored. */
static bool
is_date_shape(const char *s, size_t n)
{
	int			i,
				month,
				day;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* "YYYY-MM-DD", a day of the calendar in years 0001 to 9999 (what
 * PostgreSQL's date reads back: published() never fails on a value). */
static bool
is_date(const char *s, size_t n)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			i,
				year,
				month,
				day;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	if (year < 1 || month < 1 || month > 12 || day < 1 || day > mdays[month - 1])
		return false;
	return month != 2 || day != 29 || (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* The years a report may name (0 is "unknown" in the binary form). */
#define MIN_YEAR 1
#define MAX_YEAR 9999
/* Source lines are int32 in SQL (cells().line). */
#define MAX_LINE INT32_MAX

static bool
num_in_range(gr_num v)
{
	return v.scale <= GR_MAX_SCALE && v.mant > -MANT_LIMIT && v.mant < MANT_LIMIT;
}

/* Output buffer used twice: once with buf NULL to count, once to write. */
typedef struct sbuf
{
	char	   *buf;
	size_t		len;
} sbuf;

static void
put(sbuf *b, const void *s, size_t n)
{
	if (b->buf && n > 0)
		memcpy(b->buf + b->len, s, n);
	b->len += n;
}

static void
puts_(sbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
put_long(sbuf *b, long long v)
{
	char		tmp[32];
	int			n = snprintf(tmp, sizeof(tmp), "%lld", v);

	put(b, tmp, (size_t) n);
}

static void
put_num(sbuf *b, gr_num v)
{
	char		tmp[64];
	int			n = gr_num_format(v, tmp, sizeof(tmp));

	if (n >= (int) sizeof(tmp))
		n = (int) sizeof(tmp) - 1;
	put(b, tmp, (size_t) n);
}

/* A JSON string: the canonical escapes, everything else raw. NULL -> null. */
static void
put_jstr(sbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run;

	if (s == NULL)
	{
		puts_(b, "null");
		return;
	}
	put(b, "\"", 1);
	run = s;
	for (; *s; s++)
	{
		unsigned char c = (unsigned char) *s;
		const char *esc = NULL;
		char		u[7];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(b, run, (size_t) (s - run));
		switch (c)
		{
			case '"':
				esc = "\\\"";
				break;
			case '\\':
				esc = "\\\\";
				break;
			case '\n':
				esc = "\\n";
				break;
			case '\r':
				esc = "\\r";
				break;
			case '\t':
				esc = "\\t";
				break;
			case '\b':
				esc = "\\b";
				break;
			case '\f':
				esc = "\\f";
				break;
			default:
				u[0] = '\\';
				u[1] = 'u';
				u[2] = '0';
				u[3] = '0';
				u[4] = hex[c >> 4];
				u[5] = hex[c & 15];
				u[6] = '\0';
				esc = u;
				break;
		}
		puts_(b, esc);
		run = s + 1;
	}
	put(b, run, (size_t) (s - run));
	put(b, "\"", 1);
}

/* ------------------------------------------------------------ JSON writer */

/* ,"sum":{…} for a sum of reports; nothing for a parsed report. */
static void
write_json_sum(sbuf *b, const gr_report *rep, int ncells)
{
	int			i;

	if (rep->contributors == NULL)
		return;
	puts_(b, ",\"sum\":{\"reports\":");
	put_long(b, rep->summed);
	puts_(b, ",\"contributors\":[");
	for (i = 0; i < ncells; i++)
	{
		if (i > 0)
			put(b, ",", 1);
		put_long(b, (long long) rep->contributors[i]);
	}
	puts_(b, "]}");
}

static void
write_json(sbuf *b, const gr_report *rep)
{
	const gr_template *tpl = rep->tpl;
	int			ncells = 0;
	int			i,
				j;

	puts_(b, "{\"version\":");
	put_long(b, GR_FORMAT_VERSION);
	puts_(b, ",\"template\":");
	put_jstr(b, tpl ? tpl->name : NULL);
	puts_(b, ",\"year\":");
	if (rep->year == 0)
		puts_(b, "null");
	else
		put_long(b, rep->year);
	puts_(b, ",\"published\":");
	if (rep->published[0] == '\0')
		puts_(b, "null");
	else
	{
		char		pub[sizeof(rep->published)];

		memcpy(pub, rep->published, sizeof(pub));
		pub[sizeof(pub) - 1] = '\0';
		put_jstr(b, pub);
	}
	puts_(b, ",\"agency\":");
	put_jstr(b, rep->agency);
	puts_(b, ",\"title\":");
	put_jstr(b, rep->title);

	puts_(b, ",\"cells\":{");
	if (tpl)
		ncells = tpl->ncells < rep->ncells ? tpl->ncells : rep->ncells;
	for (i = 0; i < ncells; i++)
	{
		const gr_cell *c = &rep->cells[i];
		const char *state = gr_state_name((gr_state) c->state);

		if (i > 0)
			put(b, ",", 1);
		put_jstr(b, tpl->cells[i].key);
		puts_(b, ":{\"value\":");
		if (c->state == GR_REPORTED || c->state == GR_INFERRED)
			put_num(b, c->value);
		else
			puts_(b, "null");
		puts_(b, ",\"state\":");
		put_jstr(b, state);
		puts_(b, ",\"line\":");
		put_long(b, (long long) c->line);
		put(b, "}", 1);
	}
	puts_(b, "},\"findings\":[");
	for (i = 0; i < rep->nfindings; i++)
	{
		const gr_finding *f = &rep->findings[i];

		if (i > 0)
			put(b, ",", 1);
		puts_(b, "{\"code\":");
		put_jstr(b, f->code ? f->code : "");
		puts_(b, ",\"location\":");
		put_jstr(b, f->location ? f->location : "");
		puts_(b, ",\"message\":");
		put_jstr(b, f->message ? f->message : "");
		puts_(b, ",\"values\":[");
		for (j = 0; j < f->nvalues; j++)
		{
			if (j > 0)
				put(b, ",", 1);
			put_num(b, f->values[j]);
		}
		puts_(b, "]}");
	}
	put(b, "]", 1);
	write_json_sum(b, rep, ncells);
	put(b, "}", 1);
}

char *
gr_report_to_json(gr_mem *mem, const gr_report *rep, size_t *len_out)
{
	sbuf		b = {NULL, 0};
	size_t		len;

	write_json(&b, rep);
	len = b.len;
	b.buf = gr_alloc(mem, len + 1);
	b.len = 0;
	write_json(&b, rep);
	b.buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return b.buf;
}

/* ------------------------------------------------------------ JSON reader */

typedef struct jp
{
	const char *s;
	size_t		len;
	size_t		pos;
	gr_mem	   *mem;
	gr_error   *err;
	gr_interrupt_fn check;		/* may be NULL */
} jp;

/* The interrupt hook every 'every' steps of a loop (it may jump: the
 * reader holds nothing but gr_mem memory). */
static void
jp_poll(jp *p, unsigned step, unsigned every)
{
	if (p->check != NULL && step % every == 0)
		p->check();
}

#define AT(p) ((p)->pos < (p)->len ? (unsigned char) (p)->s[(p)->pos] : -1)

/* Describes the byte at pos for messages: "'x'" or "end of input". */
static const char *
describe_at(jp *p, char *buf, size_t size)
{
	int			c = AT(p);

	if (c < 0)
		snprintf(buf, size, "end of input");
	else if (c >= 0x21 && c < 0x7F)
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "byte 0x%02x", c);
	return buf;
}

/* Reports that what was expected at pos. */
static bool
fail_expected(jp *p, const char *what)
{
	char		d[32];

	gr_error_set(p->err, GR_ERR_SYNTAX, (long) p->pos, "expected %s at byte %zu, found %s",
				 what, p->pos, describe_at(p, d, sizeof(d)));
	return false;
}

/* Expects the literal lit at pos; what names it in the error. */
static bool
expect(jp *p, const char *lit, const char *what)
{
	size_t		n = strlen(lit);

	if (p->len - p->pos >= n && memcmp(p->s + p->pos, lit, n) == 0)
	{
		p->pos += n;
		return true;
	}
	return fail_expected(p, what);
}

static bool
expect_key(jp *p, const char *key)
{
	size_t		n = strlen(key);
	const char *at = p->s + p->pos;
	char		what[64];

	if (p->len - p->pos >= n + 3 && at[0] == '"' && memcmp(at + 1, key, n) == 0 &&
		at[n + 1] == '"' && at[n + 2] == ':')
	{
		p->pos += n + 3;
		return true;
	}
	snprintf(what, sizeof(what), "key \"%s\"", key);
	return fail_expected(p, what);
}

static bool
at_null(jp *p)
{
	return p->len - p->pos >= 4 && memcmp(p->s + p->pos, "null", 4) == 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * A canonical JSON string at pos, decoded into *out (NUL-terminated) with
 * its length.  Input UTF-8 was validated up front.
 */
static bool
parse_string(jp *p, char **out, size_t *out_len, const char *what)
{
	size_t		start,
				end;
	char	   *buf;
	size_t		n = 0;

	if (AT(p) != '"')
	{
		char		d[32];

		gr_error_set(p->err, GR_ERR_SYNTAX, (long) p->pos, "expected %s (a string) at byte %zu, found %s",
					 what, p->pos, describe_at(p, d, sizeof(d)));
		return false;
	}
	start = ++p->pos;
	/* find the end first so the buffer can be sized */
	for (end = start; end < p->len && p->s[end] != '"'; end++)
		if (p->s[end] == '\\')
			end++;
	if (end >= p->len)
	{
		gr_error_set(p->err, GR_ERR_SYNTAX, (long) (start - 1), "unterminated string at byte %zu",
					 start - 1);
		return false;
	}
	buf = gr_alloc(p->mem, end - start + 1);
	while (p->pos < end)
	{
		unsigned char c = (unsigned char) p->s[p->pos];

		if (c < 0x20)
		{
			gr_error_set(p->err, GR_ERR_SYNTAX, (long) p->pos,
						 "control character 0x%02x in a string at byte %zu must be escaped",
						 c, p->pos);
			return false;
		}
		if (c != '\\')
		{
			/* a run of plain bytes */
			size_t		run = p->pos + 1;

			while (run < end && (unsigned char) p->s[run] >= 0x20 && p->s[run] != '\\')
				run++;
			memcpy(buf + n, p->s + p->pos, run - p->pos);
			n += run - p->pos;
			p->pos = run;
			continue;
		}
		/* an escape; end was found skipping it, so pos + 1 < end or == end - 0 */
		switch (p->s[p->pos + 1])
		{
			case '"':
				buf[n++] = '"';
				break;
			case '\\':
				buf[n++] = '\\';
				break;
			case 'n':
				buf[n++] = '\n';
				break;
			case 'r':
				buf[n++] = '\r';
				break;
			case 't':
				buf[n++] = '\t';
				break;
			case 'b':
				buf[n++] = '\b';
				break;
			case 'f':
				buf[n++] = '\f';
				break;
			case 'u':
				{
					int			v = -1;

					if (end - p->pos >= 6 && p->s[p->pos + 2] == '0' && p->s[p->pos + 3] == '0')
					{
						int			h1 = (unsigned char) p->s[p->pos + 4],
									h2 = (unsigned char) p->s[p->pos + 5];

						/* lowercase hex only */
						if (hexval(h1) >= 0 && hexval(h2) >= 0 &&
							!(h1 >= 'A' && h1 <= 'F') && !(h2 >= 'A' && h2 <= 'F'))
							v = hexval(h1) * 16 + hexval(h2);
					}
					if (v == 0)
					{
						gr_error_set(p->err, GR_ERR_SYNTAX, (long) p->pos,
									 "\\u0000 at byte %zu: strings cannot contain NUL", p->pos);
						return false;
					}
					if (v < 0 || v >= 0x20 || v == '\b' || v == '\t' || v == '\n' ||
						v == '\f' || v == '\r')
					{
						int			m = end - p->pos >= 6 ? 6 : (int) (end - p->pos);

						gr_error_set(p->err, GR_ERR_SYNTAX, (long) p->pos,
									 "escape \"%.*s\" at byte %zu is not canonical "
									 "(only control characters without a short form are written \\u00xx)",
									 m, p->s + p->pos, p->pos);
						return false;
					}
					buf[n++] = (char) v;
					p->pos += 4;
					break;
				}
			default:
				{
					int			m = 2;

					/* quote a whole UTF-8 character after the backslash */
					while (p->pos + m < end && ((unsigned char) p->s[p->pos + m] & 0xC0) == 0x80)
						m++;
					gr_error_set(p->err, GR_ERR_SYNTAX, (long) p->pos,
								 "escape \"%.*s\" at byte %zu is not canonical", m, p->s + p->pos, p->pos);
					return false;
				}
		}
		p->pos += 2;
	}
	buf[n] = '\0';
	p->pos = end + 1;
	*out = buf;
	if (out_len)
		*out_len = n;
	return true;
}

/* The maximal run of number-like characters at pos (for messages too). */
static size_t
number_token(jp *p)
{
	size_t		i = p->pos;

	while (i < p->len)
	{
		char		c = p->s[i];

		if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')
			i++;
		else
			break;
	}
	return i - p->pos;
}

/*
 * A canonical decimal at pos.  Shape errors and leading zeros are
 * GR_ERR_SYNTAX; more than 18 digits or 6 decimals is GR_ERR_RANGE.
 */
static bool
parse_number(jp *p, gr_num *out, const char *what)
{
	size_t		off = p->pos;
	size_t		n = number_token(p);
	const char *t = p->s + off;
	size_t		i = 0,
				int_len = 0,
				frac_len = 0;
	bool		neg = false,
				zero = true;

	if (n == 0)
	{
		char		d[32];

		gr_error_set(p->err, GR_ERR_SYNTAX, (long) off, "expected %s (a number) at byte %zu, found %s",
					 what, off, describe_at(p, d, sizeof(d)));
		return false;
	}
	if (t[0] == '-')
	{
		neg = true;
		i++;
	}
	while (i < n && t[i] >= '0' && t[i] <= '9')
	{
		if (t[i] != '0')
			zero = false;
		i++, int_len++;
	}
	if (i < n && t[i] == '.')
	{
		i++;
		while (i < n && t[i] >= '0' && t[i] <= '9')
		{
			if (t[i] != '0')
				zero = false;
			i++, frac_len++;
		}
		if (frac_len == 0)
			int_len = 0;		/* "1." is malformed */
	}
	if (i != n || int_len == 0 || (int_len > 1 && t[neg ? 1 : 0] == '0') || (neg && zero))
	{
		gr_error_set(p->err, GR_ERR_SYNTAX, (long) off, "number \"%.*s\" at byte %zu is not canonical",
					 clip_len(t, n), t, off);
		return false;
	}
	if (int_len + frac_len > GR_MAX_DIGITS || frac_len > GR_MAX_SCALE)
	{
		gr_error_set(p->err, GR_ERR_RANGE, (long) off,
					 "number \"%.*s\" at byte %zu is out of range (at most %d digits, %d after the point)",
					 clip_len(t, n), t, off, GR_MAX_DIGITS, GR_MAX_SCALE);
		return false;
	}
	if (!gr_num_parse(t, n, out))
	{
		/* cannot happen after the checks above */
		gr_error_set(p->err, GR_ERR_SYNTAX, (long) off, "number \"%.*s\" at byte %zu is not canonical",
					 clip_len(t, n), t, off);
		return false;
	}
	p->pos += n;
	return true;
}

/* A canonical integer at pos within [min, max]; out of it is GR_ERR_RANGE. */
static bool
parse_integer(jp *p, long long min, long long max, long long *out, const char *what)
{
	size_t		off = p->pos;
	gr_num		v;

	if (!parse_number(p, &v, what))
		return false;
	if (v.scale != 0)
	{
		gr_error_set(p->err, GR_ERR_SYNTAX, (long) off, "%s at byte %zu must be an integer",
					 what, off);
		return false;
	}
	if (v.mant < min || v.mant > max)
	{
		/* a field out of its range is malformed text (22P02), not a number
		 * too large for a cell (22003) */
		gr_error_set(p->err, GR_ERR_SYNTAX, (long) off,
					 "%s %lld at byte %zu is out of range (%lld to %lld)",
					 what, (long long) v.mant, off, min, max);
		return false;
	}
	*out = v.mant;
	return true;
}

/* null or a string; *out NULL for null. */
static bool
parse_string_or_null(jp *p, char **out, size_t *out_len, const char *what)
{
	if (at_null(p))
	{
		p->pos += 4;
		*out = NULL;
		if (out_len)
			*out_len = 0;
		return true;
	}
	return parse_string(p, out, out_len, what);
}

static bool
parse_cell(jp *p, const gr_template *tpl, int i, gr_cell *cell)
{
	const char *key = tpl->cells[i].key;
	size_t		value_off,
				state_off;
	bool		has_value = false;
	char	   *state_name;
	size_t		state_len;
	int			state;
	long long	line;

	if (!expect(p, "{", "'{' opening the cell"))
		return false;
	if (!expect_key(p, "value"))
		return false;
	value_off = p->pos;
	if (at_null(p))
		p->pos += 4;
	else
	{
		if (!parse_number(p, &cell->value, "cell value"))
			return false;
		has_value = true;
	}
	if (!expect(p, ",", "',' after the cell value") || !expect_key(p, "state"))
		return false;
	state_off = p->pos;
	if (!parse_string(p, &state_name, &state_len, "cell state"))
		return false;
	state = gr_state_from_name(state_name, state_len);
	if (state < 0)
	{
		gr_error_set(p->err, GR_ERR_SYNTAX, (long) state_off,
					 "unknown state \"%.*s\" at byte %zu (absent, blank, reported or inferred)",
					 clip_len(state_name, state_len), state_name, state_off);
		return false;
	}
	cell->state = (uint8_t) state;
	if (has_value && (state == GR_BLANK || state == GR_ABSENT))
	{
		gr_error_set(p->err, GR_ERR_SYNTAX, (long) value_off,
					 "state \"%s\" cell \"%s\" has a value at byte %zu", state_name, key, value_off);
		return false;
	}
	if (!has_value && (state == GR_REPORTED || state == GR_INFERRED))
	{
		gr_error_set(p->err, GR_ERR_SYNTAX, (long) value_off,
					 "state \"%s\" cell \"%s\" has no value at byte %zu", state_name, key, value_off);
		return false;
	}
	if (!has_value)
	{
		cell->value.mant = 0;
		cell->value.scale = 0;
	}
	if (!expect(p, ",", "',' after the cell state") || !expect_key(p, "line"))
		return false;
	if (!parse_integer(p, 0, (long long) MAX_LINE, &line, "line"))
		return false;
	cell->line = (uint32_t) line;
	return expect(p, "}", "'}' closing the cell");
}

static bool
parse_cells(jp *p, gr_report *rep)
{
	const gr_template *tpl = rep->tpl;
	int			i;

	if (!expect_key(p, "cells") || !expect(p, "{", "'{' opening the cells"))
		return false;
	if (tpl == NULL)
		return expect(p, "}", "'}' (a report without a template has no cells)");

	for (i = 0; i < tpl->ncells; i++)
	{
		size_t		key_off;
		char	   *key;
		size_t		key_len;

		if (i > 0 && AT(p) == ',')
			p->pos++;
		else if (i > 0 || AT(p) == '}')
		{
			if (AT(p) == '}')
				gr_error_set(p->err, GR_ERR_SYNTAX, (long) p->pos,
							 "cell \"%s\" missing at byte %zu (cells must list every cell of template %s in order)",
							 tpl->cells[i].key, p->pos, tpl->name);
			else
				(void) expect(p, ",", "',' between cells");
			return false;
		}
		key_off = p->pos;
		if (!parse_string(p, &key, &key_len, "a cell key"))
			return false;
		if (strlen(tpl->cells[i].key) != key_len || memcmp(tpl->cells[i].key, key, key_len) != 0)
		{
			int			idx = gr_template_find_cell(tpl, key, key_len);

			if (idx < 0)
				gr_error_set(p->err, GR_ERR_SYNTAX, (long) key_off,
							 "unknown cell \"%.*s\" at byte %zu for template %s",
							 clip_len(key, key_len), key, key_off, tpl->name);
			else if (idx < i)
				gr_error_set(p->err, GR_ERR_SYNTAX, (long) key_off,
							 "cell \"%s\" at byte %zu repeated or out of order (cells must list every cell of template %s in order)",
							 key, key_off, tpl->name);
			else
				gr_error_set(p->err, GR_ERR_SYNTAX, (long) key_off,
							 "cell \"%s\" missing at byte %zu (cells must list every cell of template %s in order)",
							 tpl->cells[i].key, key_off, tpl->name);
			return false;
		}
		if (!expect(p, ":", "':' after the cell key"))
			return false;
		if (!parse_cell(p, tpl, i, &rep->cells[i]))
			return false;
	}
	if (AT(p) == ',')
	{
		gr_error_set(p->err, GR_ERR_SYNTAX, (long) p->pos,
					 "more cells than template %s defines at byte %zu", tpl->name, p->pos);
		return false;
	}
	return expect(p, "}", "'}' closing the cells");
}

static bool
parse_finding(jp *p, gr_finding *f)
{
	gr_num	   *vals = NULL;
	int			cap = 0;

	if (!expect(p, "{", "'{' opening a finding"))
		return false;
	if (!expect_key(p, "code") || !parse_string(p, &f->code, NULL, "finding code"))
		return false;
	if (!expect(p, ",", "',' after the finding code") || !expect_key(p, "location") ||
		!parse_string(p, &f->location, NULL, "finding location"))
		return false;
	if (!expect(p, ",", "',' after the finding location") || !expect_key(p, "message") ||
		!parse_string(p, &f->message, NULL, "finding message"))
		return false;
	if (!expect(p, ",", "',' after the finding message") || !expect_key(p, "values") ||
		!expect(p, "[", "'[' opening the finding values"))
		return false;
	f->nvalues = 0;
	if (AT(p) != ']')
	{
		for (;;)
		{
			gr_num		v;

			jp_poll(p, (unsigned) f->nvalues + 1, 4096);
			if (f->nvalues >= MAX_VALUES)
			{
				gr_error_set(p->err, GR_ERR_LIMIT, (long) p->pos,
							 "more than %d values in a finding at byte %zu", MAX_VALUES, p->pos);
				return false;
			}
			if (!parse_number(p, &v, "a finding value"))
				return false;
			if (f->nvalues == cap)
			{
				int			ncap = cap ? cap * 2 : 8;
				gr_num	   *grown = gr_alloc(p->mem, sizeof(gr_num) * (size_t) ncap);

				if (f->nvalues > 0)
					memcpy(grown, vals, sizeof(gr_num) * (size_t) f->nvalues);
				vals = grown;
				cap = ncap;
			}
			vals[f->nvalues++] = v;
			if (AT(p) != ',')
				break;
			p->pos++;
		}
	}
	f->values = vals;
	if (!expect(p, "]", "',' or ']' in the finding values"))
		return false;
	return expect(p, "}", "'}' closing the finding");
}

static bool
parse_findings(jp *p, gr_report *rep)
{
	if (!expect(p, ",", "',' after the cells") || !expect_key(p, "findings") ||
		!expect(p, "[", "'[' opening the findings"))
		return false;
	if (AT(p) != ']')
	{
		for (;;)
		{
			gr_finding *f;

			jp_poll(p, (unsigned) rep->nfindings, 256);
			if (rep->nfindings >= MAX_FINDINGS)
			{
				gr_error_set(p->err, GR_ERR_LIMIT, (long) p->pos,
							 "too many findings at byte %zu", p->pos);
				return false;
			}
			if (rep->nfindings == rep->findings_cap)
			{
				int			ncap = rep->findings_cap ? rep->findings_cap * 2 : 8;
				gr_finding *grown = gr_alloc(p->mem, sizeof(gr_finding) * (size_t) ncap);

				if (rep->nfindings > 0)
					memcpy(grown, rep->findings, sizeof(gr_finding) * (size_t) rep->nfindings);
				rep->findings = grown;
				rep->findings_cap = ncap;
			}
			f = &rep->findings[rep->nfindings];
			memset(f, 0, sizeof(*f));
			if (!parse_finding(p, f))
				return false;
			rep->nfindings++;
			if (AT(p) != ',')
				break;
			p->pos++;
		}
	}
	return expect(p, "]", "',' or ']' in the findings");
}

/* ,"sum":{"reports":N,"contributors":[…]}: one count per cell, each <= N. */
static bool
parse_sum(jp *p, gr_report *rep)
{
	long long	n,
				c;
	int			i;

	if (!expect(p, ",", "','") || !expect_key(p, "sum") || !expect(p, "{", "'{' opening the sum") ||
		!expect_key(p, "reports") || !parse_integer(p, 1, INT32_MAX, &n, "number of reports summed") ||
		!expect(p, ",", "',' after the number of reports") || !expect_key(p, "contributors") ||
		!expect(p, "[", "'[' opening the contributors"))
		return false;
	rep->summed = (int32_t) n;
	rep->contributors = gr_alloc(p->mem, sizeof(uint32_t) * (size_t) (rep->ncells > 0 ? rep->ncells : 1));
	for (i = 0; i < rep->ncells; i++)
	{
		if (i > 0 && !expect(p, ",", "',' between contributors (one per cell)"))
			return false;
		if (!parse_integer(p, 0, n, &c, "contributors of a cell"))
			return false;
		rep->contributors[i] = (uint32_t) c;
	}
	return expect(p, "]", "']' closing the contributors (one per cell)") &&
		expect(p, "}", "'}' closing the sum");
}

static gr_report *
parse_report(jp *p)
{
	gr_report  *rep;
	const gr_template *tpl = NULL;
	size_t		off;
	char	   *str;
	size_t		slen;

	if (!expect(p, "{", "'{' opening the report") || !expect_key(p, "version"))
		return NULL;
	off = p->pos;
	{
		size_t		n = number_token(p);

		if (n == 1 && p->s[off] == '1')
			p->pos++;
		else
		{
			gr_num		v;

			if (!parse_number(p, &v, "the format version"))
				return NULL;
			gr_error_set(p->err, GR_ERR_VERSION, (long) off,
						 "format version %.*s at byte %zu is not supported (this build reads version %d)",
						 clip_len(p->s + off, n), p->s + off, off, GR_FORMAT_VERSION);
			return NULL;
		}
	}

	if (!expect(p, ",", "',' after the version") || !expect_key(p, "template"))
		return NULL;
	off = p->pos;
	if (!parse_string_or_null(p, &str, &slen, "template name"))
		return NULL;
	if (str == NULL)
	{
		/* every report a parse makes has one; without it there are no cells */
		gr_error_set(p->err, GR_ERR_SYNTAX, (long) off, "template at byte %zu is null; a report has a template",
					 off);
		return NULL;
	}
	{
		tpl = gr_template_by_name(str, slen);
		if (tpl == NULL)
		{
			gr_error_set(p->err, GR_ERR_SYNTAX, (long) off, "unknown template \"%.*s\" at byte %zu",
						 clip_len(str, slen), str, off);
			return NULL;
		}
	}
	rep = gr_report_new(p->mem, tpl);

	if (!expect(p, ",", "',' after the template") || !expect_key(p, "year"))
		return NULL;
	if (at_null(p))
		p->pos += 4;
	else
	{
		long long	y;

		off = p->pos;
		if (!parse_integer(p, INT32_MIN, INT32_MAX, &y, "year"))
			return NULL;
		if (y != 0 && (y < MIN_YEAR || y > MAX_YEAR))
		{
			gr_error_set(p->err, GR_ERR_SYNTAX, (long) off,
						 "year %lld at byte %zu is out of range (%d to %d, or null)", y, off, MIN_YEAR, MAX_YEAR);
			return NULL;
		}
		if (y == 0)
		{
			gr_error_set(p->err, GR_ERR_SYNTAX, (long) off,
						 "year 0 at byte %zu is not canonical (an unknown year is null)", off);
			return NULL;
		}
		rep->year = (int32_t) y;
	}

	if (!expect(p, ",", "',' after the year") || !expect_key(p, "published"))
		return NULL;
	off = p->pos;
	if (!parse_string_or_null(p, &str, &slen, "publication date"))
		return NULL;
	if (str)
	{
		if (!is_date(str, slen))
		{
			gr_error_set(p->err, GR_ERR_SYNTAX, (long) off,
						 "published \"%.*s\" at byte %zu is not a YYYY-MM-DD date of the calendar, years 0001 to 9999 (an unknown date is null)",
						 clip_len(str, slen), str, off);
			return NULL;
		}
		memcpy(rep->published, str, 10);
		rep->published[10] = '\0';
	}

	if (!expect(p, ",", "',' after the publication date") || !expect_key(p, "agency") ||
		!parse_string_or_null(p, &rep->agency, NULL, "agency"))
		return NULL;
	if (!expect(p, ",", "',' after the agency") || !expect_key(p, "title") ||
		!parse_string_or_null(p, &rep->title, NULL, "title"))
		return NULL;
	if (!expect(p, ",", "',' after the title"))
		return NULL;
	if (!parse_cells(p, rep))
		return NULL;
	if (!parse_findings(p, rep))
		return NULL;
	if (AT(p) == ',' && !parse_sum(p, rep))
		return NULL;
	if (!expect(p, "}", "'}' closing the report"))
		return NULL;
	if (p->pos != p->len)
	{
		gr_error_set(p->err, GR_ERR_SYNTAX, (long) p->pos,
					 "trailing characters after the report at byte %zu", p->pos);
		return NULL;
	}
	return rep;
}

static void
clear_error(gr_error *err)
{
	err->status = GR_OK;
	err->message[0] = '\0';
	err->detail[0] = '\0';
	err->offset = -1;
}

gr_report *
gr_report_from_json(gr_mem *mem, const char *text, size_t len, gr_error *err)
{
	return gr_report_from_json_checked(mem, text, len, NULL, err);
}

gr_report *
gr_report_from_json_checked(gr_mem *mem, const char *text, size_t len,
							gr_interrupt_fn check_interrupts, gr_error *err)
{
	gr_error	local;
	jp			p;
	long		bad;
	gr_report  *rep;
	char	   *again;
	size_t		again_len,
				i;

	if (err == NULL)
		err = &local;
	clear_error(err);
	if (text == NULL)
		len = 0;
	if (len > GR_MAX_TEXT_FORM_BYTES)
	{
		gr_error_set(err, GR_ERR_LIMIT, -1, "the canonical text is %zu bytes; the limit is %zu bytes",
					 len, GR_MAX_TEXT_FORM_BYTES);
		return NULL;
	}
	bad = utf8_invalid_at((const unsigned char *) text, len);
	if (bad >= 0)
	{
		/* malformed canonical text (22P02), like every other defect of it */
		gr_error_set(err, GR_ERR_SYNTAX, bad, "invalid UTF-8 at byte %ld", bad);
		return NULL;
	}
	if (check_interrupts)
		check_interrupts();
	p.s = text ? text : "";
	p.len = len;
	p.pos = 0;
	p.mem = mem;
	p.err = err;
	p.check = check_interrupts;
	rep = parse_report(&p);
	if (rep == NULL)
		return NULL;

	/* the final guard: the input must be exactly what we would write */
	if (check_interrupts)
		check_interrupts();
	again = gr_report_to_json(mem, rep, &again_len);
	for (i = 0; i < len && i < again_len; i++)
		if (again[i] != text[i])
			break;
	if (i < len || i < again_len)
	{
		gr_error_set(err, GR_ERR_SYNTAX, (long) i,
					 "not in canonical form, first difference at byte %zu", i);
		return NULL;
	}
	return rep;
}

/* ---------------------------------------------------------- binary writer */

static void
put_u8(sbuf *b, unsigned v)
{
	unsigned char c = (unsigned char) v;

	put(b, &c, 1);
}

static void
put_u16(sbuf *b, unsigned v)
{
	unsigned char c[2];

	c[0] = (unsigned char) (v >> 8);
	c[1] = (unsigned char) v;
	put(b, c, 2);
}

static void
put_u32(sbuf *b, uint32_t v)
{
	unsigned char c[4];

	c[0] = (unsigned char) (v >> 24);
	c[1] = (unsigned char) (v >> 16);
	c[2] = (unsigned char) (v >> 8);
	c[3] = (unsigned char) v;
	put(b, c, 4);
}

static void
put_u64(sbuf *b, uint64_t v)
{
	put_u32(b, (uint32_t) (v >> 32));
	put_u32(b, (uint32_t) v);
}

static void
put_bstr(sbuf *b, const char *s)
{
	size_t		n;

	if (s == NULL)
	{
		put_u32(b, NULL_STRING_LEN);
		return;
	}
	n = strlen(s);
	put_u32(b, (uint32_t) n);
	put(b, s, n);
}

static void
write_binary(sbuf *b, const gr_report *rep)
{
	const gr_template *tpl = rep->tpl;
	int			ncells = 0;
	size_t		plen;
	int			i,
				j;

	put_u8(b, GR_FORMAT_VERSION);
	put_u8(b, tpl ? tpl->id : 0);
	put_u32(b, (uint32_t) rep->year);
	plen = 0;
	while (plen < sizeof(rep->published) - 1 && rep->published[plen] != '\0')
		plen++;
	put_u8(b, (unsigned) plen);
	put(b, rep->published, plen);
	put_bstr(b, rep->agency);
	put_bstr(b, rep->title);
	if (tpl)
		ncells = tpl->ncells < rep->ncells ? tpl->ncells : rep->ncells;
	put_u16(b, (unsigned) ncells);
	for (i = 0; i < ncells; i++)
	{
		const gr_cell *c = &rep->cells[i];
		bool		has_value = c->state == GR_REPORTED || c->state == GR_INFERRED;

		put_u8(b, c->state);
		put_u8(b, has_value ? c->value.scale : 0);
		put_u64(b, has_value ? (uint64_t) c->value.mant : 0);
		put_u32(b, c->line);
	}
	put_u32(b, (uint32_t) rep->nfindings);
	for (i = 0; i < rep->nfindings; i++)
	{
		const gr_finding *f = &rep->findings[i];
		int			nv = f->nvalues > MAX_VALUES ? MAX_VALUES : f->nvalues;

		put_bstr(b, f->code ? f->code : "");
		put_bstr(b, f->location ? f->location : "");
		put_bstr(b, f->message ? f->message : "");
		put_u16(b, (unsigned) nv);
		for (j = 0; j < nv; j++)
		{
			put_u8(b, f->values[j].scale);
			put_u64(b, (uint64_t) f->values[j].mant);
		}
	}
	if (rep->contributors != NULL)
	{
		put_u32(b, (uint32_t) rep->summed);
		for (i = 0; i < ncells; i++)
			put_u32(b, rep->contributors[i]);
	}
}

uint8_t *
gr_report_to_binary(gr_mem *mem, const gr_report *rep, size_t *len_out)
{
	sbuf		b = {NULL, 0};
	size_t		len;

	write_binary(&b, rep);
	len = b.len;
	b.buf = gr_alloc(mem, len > 0 ? len : 1);
	b.len = 0;
	write_binary(&b, rep);
	if (len_out)
		*len_out = len;
	return (uint8_t *) b.buf;
}

/* ---------------------------------------------------------- binary reader */

typedef struct br
{
	const uint8_t *d;
	size_t		len;
	size_t		pos;
	gr_mem	   *mem;
	gr_error   *err;
	bool		stored;			/* a stored datum: only the 0.1.0 rules */
} br;

/* Room for n more bytes of the named field, or a truncation error. */
static bool
need(br *b, size_t n, const char *field)
{
	if (b->len - b->pos >= n)
		return true;
	gr_error_set(b->err, GR_ERR_BINARY, (long) b->pos,
				 "truncated: %s at byte %zu needs %zu bytes, %zu left",
				 field, b->pos, n, b->len - b->pos);
	return false;
}

static bool
get_u8(br *b, unsigned *v, const char *field)
{
	if (!need(b, 1, field))
		return false;
	*v = b->d[b->pos++];
	return true;
}

static bool
get_u16(br *b, unsigned *v, const char *field)
{
	if (!need(b, 2, field))
		return false;
	*v = ((unsigned) b->d[b->pos] << 8) | b->d[b->pos + 1];
	b->pos += 2;
	return true;
}

static bool
get_u32(br *b, uint32_t *v, const char *field)
{
	const uint8_t *d;

	if (!need(b, 4, field))
		return false;
	d = b->d + b->pos;
	*v = ((uint32_t) d[0] << 24) | ((uint32_t) d[1] << 16) | ((uint32_t) d[2] << 8) | d[3];
	b->pos += 4;
	return true;
}

static bool
get_i64(br *b, int64_t *v, const char *field)
{
	uint64_t	u = 0;
	int			i;

	if (!need(b, 8, field))
		return false;
	for (i = 0; i < 8; i++)
		u = (u << 8) | b->d[b->pos + i];
	b->pos += 8;
	/* two's complement without implementation-defined conversion */
	if (u <= (uint64_t) INT64_MAX)
		*v = (int64_t) u;
	else
		*v = -(int64_t) (~u) - 1;
	return true;
}

/* u32 length + UTF-8 bytes without NUL; 0xFFFFFFFF is NULL when allowed. */
static bool
get_str(br *b, char **out, bool allow_null, const char *field)
{
	uint32_t	n;
	size_t		start;
	long		bad;

	if (!get_u32(b, &n, field))
		return false;
	if (n == NULL_STRING_LEN)
	{
		if (!allow_null)
		{
			gr_error_set(b->err, GR_ERR_BINARY, (long) (b->pos - 4),
						 "%s at byte %zu cannot be NULL", field, b->pos - 4);
			return false;
		}
		*out = NULL;
		return true;
	}
	if (n > GR_MAX_TEXT_FORM_BYTES && !b->stored)
	{
		/* its text form could never be written: refused before copying it */
		gr_error_set(b->err, GR_ERR_LIMIT, (long) (b->pos - 4),
					 "%s at byte %zu is %lu bytes; a value's canonical text form is at most %zu bytes",
					 field, b->pos - 4, (unsigned long) n, GR_MAX_TEXT_FORM_BYTES);
		return false;
	}
	if (!need(b, n, field))
		return false;
	start = b->pos;
	if (memchr(b->d + start, 0, n) != NULL)
	{
		size_t		z = (size_t) ((const uint8_t *) memchr(b->d + start, 0, n) - b->d);

		gr_error_set(b->err, GR_ERR_BINARY, (long) z, "%s contains a NUL byte at byte %zu", field, z);
		return false;
	}
	bad = utf8_invalid_at(b->d + start, n);
	if (bad >= 0)
	{
		gr_error_set(b->err, GR_ERR_BINARY, (long) start + bad, "%s is not valid UTF-8 at byte %zu",
					 field, start + (size_t) bad);
		return false;
	}
	*out = gr_alloc(b->mem, (size_t) n + 1);
	memcpy(*out, b->d + start, n);
	(*out)[n] = '\0';
	b->pos += n;
	return true;
}

static bool
get_num(br *b, gr_num *v, const char *field)
{
	unsigned	scale;
	size_t		off = b->pos;

	if (!get_u8(b, &scale, field) || !get_i64(b, &v->mant, field))
		return false;
	if (scale > GR_MAX_SCALE)
	{
		gr_error_set(b->err, GR_ERR_BINARY, (long) off, "%s at byte %zu: scale %u exceeds %d",
					 field, off, scale, GR_MAX_SCALE);
		return false;
	}
	v->scale = (uint8_t) scale;
	if (!num_in_range(*v))
	{
		gr_error_set(b->err, GR_ERR_BINARY, (long) off + 1,
					 "%s at byte %zu: mantissa has more than %d digits", field, off + 1, GR_MAX_DIGITS);
		return false;
	}
	return true;
}

/* The section a sum adds after the findings (see the file comment). */
static bool
read_binary_sum(br *b, gr_report *rep)
{
	uint32_t	n,
				c;
	size_t		off = b->pos;
	int			i;

	if (!get_u32(b, &n, "number of reports summed"))
		return false;
	if (n == 0 || n > (uint32_t) INT32_MAX)
	{
		gr_error_set(b->err, GR_ERR_BINARY, (long) off,
					 "number of reports summed %lu at byte %zu is out of range", (unsigned long) n, off);
		return false;
	}
	rep->summed = (int32_t) n;
	rep->contributors = gr_alloc(b->mem, sizeof(uint32_t) * (size_t) (rep->ncells > 0 ? rep->ncells : 1));
	for (i = 0; i < rep->ncells; i++)
	{
		off = b->pos;
		if (!get_u32(b, &c, "contributors"))
			return false;
		if (c > n)
		{
			gr_error_set(b->err, GR_ERR_BINARY, (long) off,
						 "cell \"%s\" at byte %zu: %lu contributors in a sum of %lu reports",
						 rep->tpl->cells[i].key, off, (unsigned long) c, (unsigned long) n);
			return false;
		}
		rep->contributors[i] = c;
	}
	return true;
}

static gr_report *
read_binary(br *b)
{
	unsigned	version,
				tid,
				plen,
				ncells;
	uint32_t	u,
				nfindings;
	const gr_template *tpl = NULL;
	gr_report  *rep;
	size_t		off;
	int			i;
	unsigned	j;

	if (!get_u8(b, &version, "version"))
		return NULL;
	if (version != GR_FORMAT_VERSION)
	{
		gr_error_set(b->err, GR_ERR_VERSION, 0,
					 "format version %u at byte 0 is not supported (this build reads version %d)",
					 version, GR_FORMAT_VERSION);
		return NULL;
	}
	off = b->pos;
	if (!get_u8(b, &tid, "template id"))
		return NULL;
	if (tid == 0 && !b->stored)
	{
		gr_error_set(b->err, GR_ERR_BINARY, (long) off, "template id at byte %zu is 0; a report has a template", off);
		return NULL;
	}
	if (tid != 0)
	{
		tpl = gr_template_by_id((int) tid);
		if (tpl == NULL)
		{
			gr_error_set(b->err, GR_ERR_BINARY, (long) off, "unknown template id %u at byte %zu", tid, off);
			return NULL;
		}
	}
	rep = gr_report_new(b->mem, tpl);
	if (!get_u32(b, &u, "year"))
		return NULL;
	rep->year = u <= (uint32_t) INT32_MAX ? (int32_t) u : -(int32_t) (~u) - 1;
	if (rep->year != 0 && (rep->year < MIN_YEAR || rep->year > MAX_YEAR) && !b->stored)
	{
		gr_error_set(b->err, GR_ERR_BINARY, (long) b->pos - 4, "year %ld at byte %zu is out of range (%d to %d, or 0)",
					 (long) rep->year, b->pos - 4, MIN_YEAR, MAX_YEAR);
		return NULL;
	}

	off = b->pos;
	if (!get_u8(b, &plen, "published length"))
		return NULL;
	if (plen != 0 && plen != 10)
	{
		gr_error_set(b->err, GR_ERR_BINARY, (long) off,
					 "published length %u at byte %zu is neither 0 nor 10", plen, off);
		return NULL;
	}
	if (plen > 0)
	{
		if (!need(b, plen, "published"))
			return NULL;
		if (!(b->stored ? is_date_shape : is_date) ((const char *) b->d + b->pos, plen))
		{
			gr_error_set(b->err, GR_ERR_BINARY, (long) b->pos,
						 "published at byte %zu is not a YYYY-MM-DD date of the calendar, years 0001 to 9999", b->pos);
			return NULL;
		}
		memcpy(rep->published, b->d + b->pos, plen);
		rep->published[plen] = '\0';
		b->pos += plen;
	}
	if (!get_str(b, &rep->agency, true, "agency") || !get_str(b, &rep->title, true, "title"))
		return NULL;

	off = b->pos;
	if (!get_u16(b, &ncells, "cell count"))
		return NULL;
	if ((int) ncells != rep->ncells)
	{
		gr_error_set(b->err, GR_ERR_BINARY, (long) off,
					 "cell count %u at byte %zu does not match template %s (%d cells)",
					 ncells, off, tpl ? tpl->name : "(none)", rep->ncells);
		return NULL;
	}
	for (i = 0; i < rep->ncells; i++)
	{
		gr_cell    *c = &rep->cells[i];
		const char *key = tpl->cells[i].key;
		unsigned	state,
					scale;
		char		field[96];

		snprintf(field, sizeof(field), "cell \"%s\"", key);
		off = b->pos;
		if (!get_u8(b, &state, field) || !get_u8(b, &scale, field) ||
			!get_i64(b, &c->value.mant, field) || !get_u32(b, &c->line, field))
			return NULL;
		if (state > GR_INFERRED)
		{
			gr_error_set(b->err, GR_ERR_BINARY, (long) off, "%s at byte %zu: bad state %u",
						 field, off, state);
			return NULL;
		}
		c->state = (uint8_t) state;
		if (c->line > (uint32_t) MAX_LINE && !b->stored)
		{
			gr_error_set(b->err, GR_ERR_BINARY, (long) off + 10, "%s at byte %zu: line %lu exceeds %ld",
						 field, off + 10, (unsigned long) c->line, (long) MAX_LINE);
			return NULL;
		}
		if (scale > GR_MAX_SCALE)
		{
			gr_error_set(b->err, GR_ERR_BINARY, (long) off + 1, "%s at byte %zu: scale %u exceeds %d",
						 field, off + 1, scale, GR_MAX_SCALE);
			return NULL;
		}
		c->value.scale = (uint8_t) scale;
		if (!num_in_range(c->value))
		{
			gr_error_set(b->err, GR_ERR_BINARY, (long) off + 2,
						 "%s at byte %zu: mantissa has more than %d digits", field, off + 2, GR_MAX_DIGITS);
			return NULL;
		}
		if ((state == GR_BLANK || state == GR_ABSENT) && (scale != 0 || c->value.mant != 0))
		{
			gr_error_set(b->err, GR_ERR_BINARY, (long) off + 1,
						 "%s at byte %zu: a %s cell has a value", field, off + 1,
						 gr_state_name((gr_state) state));
			return NULL;
		}
	}

	off = b->pos;
	if (!get_u32(b, &nfindings, "finding count"))
		return NULL;
	/* each finding takes at least 3 lengths and a value count */
	if (nfindings > (b->len - b->pos) / 14 || nfindings > MAX_FINDINGS)
	{
		gr_error_set(b->err, GR_ERR_BINARY, (long) off,
					 "truncated: finding count %lu at byte %zu exceeds the data left",
					 (unsigned long) nfindings, off);
		return NULL;
	}
	if (nfindings > 0)
	{
		rep->findings = gr_alloc(b->mem, sizeof(gr_finding) * nfindings);
		rep->findings_cap = (int) nfindings;
	}
	for (u = 0; u < nfindings; u++)
	{
		gr_finding *f = &rep->findings[u];
		char		field[64];
		unsigned	nv;

		snprintf(field, sizeof(field), "finding %lu code", (unsigned long) u);
		if (!get_str(b, &f->code, false, field))
			return NULL;
		snprintf(field, sizeof(field), "finding %lu location", (unsigned long) u);
		if (!get_str(b, &f->location, false, field))
			return NULL;
		snprintf(field, sizeof(field), "finding %lu message", (unsigned long) u);
		if (!get_str(b, &f->message, false, field))
			return NULL;
		snprintf(field, sizeof(field), "finding %lu value count", (unsigned long) u);
		if (!get_u16(b, &nv, field))
			return NULL;
		snprintf(field, sizeof(field), "finding %lu values", (unsigned long) u);
		if (!need(b, (size_t) nv * 9, field))
			return NULL;
		if (nv > 0)
			f->values = gr_alloc(b->mem, sizeof(gr_num) * nv);
		for (j = 0; j < nv; j++)
		{
			snprintf(field, sizeof(field), "finding %lu value %u", (unsigned long) u, j);
			if (!get_num(b, &f->values[j], field))
				return NULL;
		}
		f->nvalues = (int) nv;
		rep->nfindings++;
	}
	/* a sum's section has a fixed size; other trailing bytes stay an error */
	if (b->len - b->pos == 4 + (size_t) rep->ncells * 4 && !read_binary_sum(b, rep))
		return NULL;
	if (b->pos != b->len)
	{
		gr_error_set(b->err, GR_ERR_BINARY, (long) b->pos,
					 "%zu trailing bytes after the report at byte %zu", b->len - b->pos, b->pos);
		return NULL;
	}
	return rep;
}

size_t
gr_report_json_length(const gr_report *rep)
{
	sbuf		b = {NULL, 0};

	write_json(&b, rep);
	return b.len;
}

bool
gr_report_check_size(const gr_report *rep, gr_error *err)
{
	size_t		n = gr_report_json_length(rep);

	if (n <= GR_MAX_TEXT_FORM_BYTES)
		return true;
	gr_error_set(err, GR_ERR_LIMIT, -1,
				 "the report's canonical text form would be %zu bytes; the limit is %zu bytes", n,
				 GR_MAX_TEXT_FORM_BYTES);
	return false;
}

static gr_report *
from_binary(gr_mem *mem, const uint8_t *data, size_t len, bool stored, gr_error *err)
{
	gr_error	local;
	br			b;

	if (err == NULL)
		err = &local;
	clear_error(err);
	if (data == NULL)
		len = 0;
	b.d = data;
	b.len = len;
	b.pos = 0;
	b.mem = mem;
	b.err = err;
	b.stored = stored;
	return read_binary(&b);
}

gr_report *
gr_report_from_binary(gr_mem *mem, const uint8_t *data, size_t len, gr_error *err)
{
	return from_binary(mem, data, len, false, err);
}

gr_report *
gr_report_from_stored(gr_mem *mem, const uint8_t *data, size_t len, gr_error *err)
{
	return from_binary(mem, data, len, true, err);
}
