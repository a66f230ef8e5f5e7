/*
 * text.c — decoding and lexing of text documents into the grid.
 *
 * Layouts handled: one cell per line (flattened web pages), a label
 * followed by its numbers on one line (space or tab separated, including
 * `pdftotext -layout` column alignment), and pipe-separated rows
 * (Markdown).  Every form becomes lines of cells; the recogniser never
 * knows which one it got.
 */
#include <string.h>

#include "gr_internal.h"

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

/* --------------------------------------------------------------- UTF-8 */

/* Decodes one code point; returns its byte length, 0 if invalid. */
static int
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	if (len == 0)
		return 0;
	if (s[0] < 0x80)
	{
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
	{
		if (len < 2 || (s[1] & 0xC0) != 0x80)
			return 0;
		*cp = ((uint32_t) (s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (s[0] >= 0xE0 && s[0] <= 0xEF)
	{
		if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		*cp = ((uint32_t) (s[0] & 0x0F) << 12) | ((uint32_t) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if (*cp < 0x800 || (*cp >= 0xD800 && *cp <= 0xDFFF))
			return 0;
		return 3;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4)
	{
		if (len < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		*cp = ((uint32_t) (s[0] & 0x07) << 18) | ((uint32_t) (s[1] & 0x3F) << 12) |
			((uint32_t) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		if (*cp < 0x10000 || *cp > 0x10FFFF)
			return 0;
		return 4;
	}
	return 0;
}

/*
 * One pass over the input: validate UTF-8, drop a BOM and zero-width
 * characters, map full-width ASCII forms (（）０-９：，) to ASCII, odd spaces
 * to ' ', and CR/CRLF to LF.  The output is never longer than the input.
 */
char *
gr_normalise(gr_mem *mem, const char *data, size_t len, size_t *out_len, gr_error *err)
{
	const unsigned char *s = (const unsigned char *) data;
	char	   *out = gr_alloc(mem, len + 1);
	size_t		i = 0,
				o = 0;

	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3;
	while (i < len)
	{
		uint32_t	cp;
		int			n;

		if (s[i] < 0x80)
		{
			if (s[i] == 0)
			{
				gr_error_set(err, GR_ERR_ENCODING, (long) i, "NUL byte at byte offset %zu", i);
				return NULL;
			}
			if (s[i] == '\r')
			{
				out[o++] = '\n';
				i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
				continue;
			}
			out[o++] = (char) (s[i] == '\t' || s[i] == '\f' || s[i] == '\v' ? ' ' : s[i]);
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0)
		{
			gr_error_set(err, GR_ERR_ENCODING, (long) i,
						 "invalid UTF-8 sequence at byte offset %zu (byte 0x%02X)", i, s[i]);
			return NULL;
		}
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			out[o++] = (char) (cp - 0xFEE0);
		else if (cp == 0x3000 || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F)
			out[o++] = ' ';
		else if (cp == 0x200B || cp == 0xFEFF || cp == 0x200C || cp == 0x200D)
			;					/* zero-width: drop */
		else if (cp == 0x2028 || cp == 0x2029 || cp == 0x85)
			out[o++] = '\n';
		else
		{
			memcpy(out + o, s + i, (size_t) n);
			o += (size_t) n;
		}
		i += (size_t) n;
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

/* ---------------------------------------------------------------- values */

static bool
span_is(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

static bool
starts_with(const char *s, size_t len, const char *lit)
{
	size_t		n = strlen(lit);

	return len >= n && memcmp(s, lit, n) == 0;
}

static const char *const placeholders[] = {
	"/", "\\", "-", "--", "---", "—", "——", "–", "－", "无", "空", "不适用", "暂无", "×", "*", NULL
};

static const char *const units[] = {"万元", "元", "件", "个", "项", "条", "次", "人", "%", NULL};

/*
 * A cell value: a placeholder, or a number with an optional sign (+, -, 增,
 * 减), thousands commas, a decimal part, a unit, and a parenthesised remark.
 */
gr_value
gr_value_parse(const char *s, size_t len)
{
	gr_value	v;
	size_t		i = 0;
	bool		neg = false;
	int			digits = 0,		/* significant digits kept in mant */
				seen = 0,		/* integer digits read */
				scale = 0;
	int64_t		mant = 0;
	int			k;

	memset(&v, 0, sizeof(v));
	while (len > 0 && s[0] == ' ')
		s++, len--;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len == 0)
	{
		v.kind = GR_V_BLANK;
		return v;
	}
	for (k = 0; placeholders[k]; k++)
		if (span_is(s, len, placeholders[k]))
		{
			v.kind = GR_V_BLANK;
			return v;
		}

	if (s[i] == '+')
		i++;
	else if (s[i] == '-')
		neg = true, i++;
	else if (starts_with(s, len, "增"))
		i += 3;
	else if (starts_with(s, len, "减"))
		neg = true, i += 3;

	if (i >= len || !IS_DIGIT(s[i]))
		return v;
	while (i < len && (IS_DIGIT(s[i]) || s[i] == ','))
	{
		if (s[i] == ',')
		{
			/* a thousands separator: digits before, exactly three after */
			if (seen == 0 || i + 3 >= len || !IS_DIGIT(s[i + 1]) || !IS_DIGIT(s[i + 2]) ||
				!IS_DIGIT(s[i + 3]) || (i + 4 < len && IS_DIGIT(s[i + 4])))
				return v;
			i++;
			continue;
		}
		seen++;
		if (mant != 0 || s[i] != '0')
		{
			if (digits >= GR_MAX_DIGITS)
				v.overflow = true;
			else
			{
				mant = mant * 10 + (s[i] - '0');
				digits++;
			}
		}
		i++;
	}
	if (i < len && s[i] == '.')
	{
		i++;
		if (i >= len || !IS_DIGIT(s[i]))
			return v;
		while (i < len && IS_DIGIT(s[i]))
		{
			if (scale >= GR_MAX_SCALE || digits >= GR_MAX_DIGITS)
				v.overflow = true;
			else
			{
				mant = mant * 10 + (s[i] - '0');
				scale++;
				digits++;
			}
			i++;
		}
	}
	for (k = 0; units[k]; k++)
		if (starts_with(s + i, len - i, units[k]))
		{
			v.unit = units[k];
			i += strlen(units[k]);
			break;
		}
	if (i < len && s[i] == '(')
	{
		/* a remark such as "(其中修订16件)" runs to the closing parenthesis */
		const char *close = memchr(s + i, ')', len - i);

		if (close == NULL || (size_t) (close - s) != len - 1)
			return v;
		v.has_remark = true;
		i = len;
	}
	if (i != len)
		return v;
	v.kind = GR_V_NUMBER;
	v.num.mant = neg ? -mant : mant;
	v.num.scale = (uint8_t) scale;
	return v;
}

/* ---------------------------------------------------------------- labels */

/* Characters dropped from labels before matching: white space, quotes and
 * decorative marks that vary between copies of the same label. */
static bool
label_drop(uint32_t cp)
{
	switch (cp)
	{
		case ' ':
		case '\n':
		case '"':
		case '\'':
		case '`':
		case 0x201C:			/* “ */
		case 0x201D:			/* ” */
		case 0x2018:			/* ‘ */
		case 0x2019:			/* ’ */
		case 0x300C:			/* 「 */
		case 0x300D:			/* 」 */
		case 0x300E:
		case 0x300F:
		case 0x00B7:			/* · */
		case 0x2022:			/* • */
		case '*':
		case '#':
		case '|':
			return true;
		default:
			return false;
	}
}

char *
gr_label_key(gr_mem *mem, const char *s, size_t len)
{
	char	   *out = gr_alloc(mem, len + 1);
	size_t		i = 0,
				o = 0;

	while (i < len)
	{
		uint32_t	cp;
		int			n = utf8_decode((const unsigned char *) s + i, len - i, &cp);

		if (n == 0)
		{
			i++;
			continue;
		}
		if (!label_drop(cp))
		{
			memcpy(out + o, s + i, (size_t) n);
			o += (size_t) n;
		}
		i += (size_t) n;
	}
	out[o] = '\0';
	return out;
}

static const char *const cn_digits[] = {
	"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", NULL
};

static size_t
cn_numeral_len(const char *s)
{
	size_t		n = 0;
	bool		found;

	do
	{
		int			k;

		found = false;
		for (k = 0; cn_digits[k]; k++)
			if (strncmp(s + n, cn_digits[k], 3) == 0)
			{
				n += 3;
				found = true;
				break;
			}
	} while (found);
	return n;
}

/* Strips outline numbering, repeatedly: "三、(一)予以公开" -> "予以公开". */
const char *
gr_strip_numbering(const char *s)
{
	for (;;)
	{
		size_t		n;

		if (s[0] == '(')
		{
			n = cn_numeral_len(s + 1);
			if (n == 0)
			{
				n = 0;
				while (s[1 + n] >= '0' && s[1 + n] <= '9')
					n++;
			}
			if (n > 0 && s[1 + n] == ')')
			{
				s += n + 2;
				continue;
			}
			return s;
		}
		n = cn_numeral_len(s);
		if (n > 0 && strncmp(s + n, "、", 3) == 0)
		{
			s += n + 3;
			continue;
		}
		if (s[0] >= '0' && s[0] <= '9')
		{
			n = 0;
			while (s[n] >= '0' && s[n] <= '9')
				n++;
			if (s[n] == '.' && !(s[n + 1] >= '0' && s[n + 1] <= '9'))
			{
				s += n + 1;
				continue;
			}
			if (strncmp(s + n, "、", 3) == 0)
			{
				s += n + 3;
				continue;
			}
		}
		return s;
	}
}

/* ----------------------------------------------------------------- lexer */

static bool
is_space(char c)
{
	return c == ' ' || c == '\n';
}

/* "-3-", "- 3 -", "第 3 页", "3/12": page furniture from PDF conversion. */
static bool
is_page_furniture(const char *s, size_t len)
{
	size_t		i = 0,
				digits = 0;
	bool		dash_before = false,
				dash_after = false;

	while (i < len && s[i] == ' ')
		i++;
	if (i < len && s[i] == '-')
		dash_before = true, i++;
	while (i < len && s[i] == ' ')
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		digits++, i++;
	while (i < len && s[i] == ' ')
		i++;
	if (i < len && s[i] == '-')
		dash_after = true, i++;
	while (i < len && s[i] == ' ')
		i++;
	return i == len && digits > 0 && digits <= 4 && dash_before && dash_after;
}

static char *
trimmed_copy(gr_mem *mem, const char *s, size_t len)
{
	while (len > 0 && is_space(s[0]))
		s++, len--;
	while (len > 0 && is_space(s[len - 1]))
		len--;
	return gr_strndup(mem, s, len);
}

static bool
is_separator_cell(const char *s)
{
	bool		dash = false;

	for (; *s; s++)
	{
		if (*s == '-')
			dash = true;
		else if (*s != ':' && *s != ' ')
			return false;
	}
	return dash;
}

/* "| a | b |" -> cells a, b.  Returns false for separator rows. */
static bool
lex_pipe_row(gr_mem *mem, const char *s, size_t len, gr_line *line)
{
	size_t		i,
				start,
				n = 0,
				cap = 8;
	char	  **cells = gr_alloc(mem, cap * sizeof(char *));
	bool		all_sep = true;

	while (len > 0 && is_space(s[len - 1]))
		len--;
	i = 0;
	while (i < len && s[i] != '|')
		i++;
	i++;						/* past the leading pipe */
	start = i;
	for (; i <= len; i++)
	{
		if (i == len || s[i] == '|')
		{
			char	   *cell;

			if (i == len && i == start)
				break;			/* closing pipe already consumed the last cell */
			cell = trimmed_copy(mem, s + start, i - start);
			if (n == cap)
			{
				char	  **bigger = gr_alloc(mem, cap * 2 * sizeof(char *));

				memcpy(bigger, cells, cap * sizeof(char *));
				cells = bigger;
				cap *= 2;
			}
			cells[n++] = cell;
			if (!is_separator_cell(cell))
				all_sep = false;
			start = i + 1;
		}
	}
	if (all_sep)
		return false;
	line->origin = GR_ORIGIN_PIPE;
	line->ncells = (int) n;
	line->cells = cells;
	return true;
}

/*
 * "label  1  2  3" -> cells "label", "1", "2", "3".  Tokens are split on
 * white space; the trailing run of value tokens becomes cells and the rest
 * is the label (its inner spaces kept, so "商业 企业" stays one label).
 */
static void
lex_plain_line(gr_mem *mem, const char *s, size_t len, gr_line *line)
{
	size_t		tok_start[512],
				tok_end[512];
	int			ntok = 0,
				first_value,
				k;
	size_t		i = 0;

	while (i < len && ntok < 512)
	{
		while (i < len && is_space(s[i]))
			i++;
		if (i >= len)
			break;
		tok_start[ntok] = i;
		while (i < len && !is_space(s[i]))
			i++;
		tok_end[ntok] = i;
		ntok++;
	}
	if (i < len)
	{
		/* an absurdly long line: keep it as one label cell */
		ntok = 0;
	}
	first_value = ntok;
	while (first_value > 0)
	{
		gr_value	v = gr_value_parse(s + tok_start[first_value - 1],
									   tok_end[first_value - 1] - tok_start[first_value - 1]);

		if (v.kind == GR_V_NONE)
			break;
		first_value--;
	}
	line->origin = GR_ORIGIN_LINE;
	line->ncells = (first_value > 0 ? 1 : 0) + (ntok - first_value);
	if (ntok == 0)
		line->ncells = 1;
	line->cells = gr_alloc(mem, (size_t) (line->ncells > 0 ? line->ncells : 1) * sizeof(char *));
	k = 0;
	if (ntok == 0)
		line->cells[k++] = trimmed_copy(mem, s, len);
	else if (first_value > 0)
		line->cells[k++] = trimmed_copy(mem, s + tok_start[0], tok_end[first_value - 1] - tok_start[0]);
	for (; first_value < ntok; first_value++)
		line->cells[k++] = gr_strndup(mem, s + tok_start[first_value],
									  tok_end[first_value] - tok_start[first_value]);
}

bool
gr_lex_text(gr_mem *mem, const char *text, size_t len, gr_grid *grid,
			const gr_parse_options *opts, gr_error *err)
{
	size_t		i = 0,
				nlines = 1,
				cap;
	uint32_t	lineno = 0;

	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			nlines++;
	cap = nlines;
	grid->lines = gr_alloc(mem, cap * sizeof(gr_line));
	grid->nlines = 0;
	i = 0;
	while (i <= len)
	{
		const char *nl = memchr(text + i, '\n', len - i);
		size_t		end = nl ? (size_t) (nl - text) : len;
		size_t		a = i,
					b = end;
		gr_line    *line;

		lineno++;
		if (opts && opts->check_interrupts && (lineno & 1023) == 0)
			opts->check_interrupts();
		while (a < b && is_space(text[a]))
			a++;
		while (b > a && is_space(text[b - 1]))
			b--;
		if (b > a && !is_page_furniture(text + a, b - a))
		{
			line = &grid->lines[grid->nlines];
			memset(line, 0, sizeof(*line));
			line->lineno = lineno;
			line->text = text + a;
			line->len = b - a;
			if (text[a] == '|')
			{
				if (lex_pipe_row(mem, text + a, b - a, line))
					grid->nlines++;
			}
			else
			{
				lex_plain_line(mem, text + a, b - a, line);
				grid->nlines++;
			}
		}
		if (!nl)
			break;
		i = end + 1;
	}
	(void) err;
	return true;
}
