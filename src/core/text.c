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
	return gr_normalise_checked(mem, data, len, out_len, NULL, err);
}

char *
gr_normalise_checked(gr_mem *mem, const char *data, size_t len, size_t *out_len,
					 const gr_parse_options *opts, gr_error *err)
{
	const unsigned char *s = (const unsigned char *) data;
	char	   *out = gr_alloc(mem, len + 1);
	size_t		i = 0,
				o = 0,
				next_poll = 65536;

	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3;
	while (i < len)
	{
		uint32_t	cp;
		int			n;
		size_t		j = i,
					lim = len - i > 65536 ? i + 65536 : len;

		/* about every 64 kB: let a statement timeout cancel us */
		if (i >= next_poll)
		{
			if (opts && opts->check_interrupts && i > 0)
				opts->check_interrupts();
			next_poll = i + 65536;
		}
		/* the common case: printable ASCII, line feeds and CJK ideographs
		 * (U+4000-U+9FFF), which need no mapping, copied as they are */
		while (j < lim)
		{
			unsigned char c = s[j];

			if ((c >= 0x20 && c < 0x7F) || c == '\n')
				j++;
			else if (c >= 0xE4 && c <= 0xE9 && j + 2 < len && (s[j + 1] & 0xC0) == 0x80 &&
					 (s[j + 2] & 0xC0) == 0x80)
				j += 3;
			else
				break;
		}
		if (j > i)
		{
			memcpy(out + o, s + i, j - i);
			o += j - i;
			i = j;
			continue;
		}
		/* the commonest of the rest: Chinese punctuation, 、。《》「」 kept,
		 * full-width ，：（）；！？ made ASCII */
		if (i + 2 < len && (s[i + 2] & 0xC0) == 0x80)
		{
			if (s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] >= 0x81)
			{
				memcpy(out + o, s + i, 3);	/* U+3001-U+303F */
				o += 3;
				i += 3;
				continue;
			}
			if (s[i] == 0xEF && ((s[i + 1] == 0xBC && s[i + 2] >= 0x81) || (s[i + 1] == 0xBD && s[i + 2] <= 0x9E)))
			{
				/* U+FF01-U+FF5E */
				out[o++] = (char) (s[i + 1] == 0xBC ? s[i + 2] - 0x60 : s[i + 2] - 0x20);
				i += 3;
				continue;
			}
		}
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
		/* U+FF01-U+FF5E were made ASCII above */
		if (cp == 0x3000 || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F)
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
	/* the commonest cell: a few digits and nothing else */
	if (len > 0 && len <= GR_MAX_DIGITS && IS_DIGIT(s[0]))
	{
		for (i = 0; i < len && IS_DIGIT(s[i]); i++)
			mant = mant * 10 + (s[i] - '0');
		if (i == len)
		{
			v.kind = GR_V_NUMBER;
			v.num.mant = mant;
			v.int_digits = (uint8_t) len;
			return v;
		}
		i = 0;
		mant = 0;
	}
	/* no cell value is this long (a whole table run together is about a
	 * thousand digits): such text is not a value */
	if (len > GR_MAX_VALUE_BYTES)
		return v;
	while (len > 0 && s[0] == ' ')
		s++, len--;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len == 0)
	{
		v.kind = GR_V_BLANK;
		return v;
	}
	/* placeholders never start with a digit, and the longest is 9 bytes */
	if (!IS_DIGIT(s[0]) && len <= 9)
		for (k = 0; placeholders[k]; k++)
			if (placeholders[k][0] == s[0] && span_is(s, len, placeholders[k]))
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
		if (v.int_digits < 255)
			v.int_digits++;
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
	for (k = 0; i < len && units[k]; k++)
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

/*
 * Traditional characters of the labels, with their simplified forms.  Copies
 * on mirror sites convert whole pages to traditional characters (規範性文件,
 * 開, 範); keys are built in simplified characters so those copies match
 * the same rows.  The table holds the traditional form of every character
 * in the template labels (both templates), the headings and the metadata
 * words the recogniser looks for, as OpenCC's s2t, s2tw, s2hk and s2twp
 * conversions write them, each checked against OpenCC's t2s.  Sorted by
 * the traditional code point; every entry is a 3-byte UTF-8 character on
 * both sides, so a key is never longer than its label.
 */
static const uint32_t trad_chars[][2] = {
	{0x4F48, 0x5E03}, {0x4FC2, 0x7CFB}, {0x500B, 0x4E2A}, {0x5167, 0x5185},	/* 佈布 係系 個个 內内 */
	{0x52D5, 0x52A8}, {0x52D9, 0x52A1}, {0x5340, 0x533A}, {0x554F, 0x95EE},	/* 動动 務务 區区 問问 */
	{0x55AE, 0x5355}, {0x570B, 0x56FD}, {0x57F7, 0x6267}, {0x5831, 0x62A5},	/* 單单 國国 執执 報报 */
	{0x5BE9, 0x5BA1}, {0x5C08, 0x4E13}, {0x5C0D, 0x5BF9}, {0x5C6C, 0x5C5E},	/* 審审 專专 對对 屬属 */
	{0x5EE2, 0x5E9F}, {0x5F37, 0x5F3A}, {0x5F8C, 0x540E}, {0x5FA9, 0x590D},	/* 廢废 強强 後后 復复 */
	{0x63A1, 0x91C7}, {0x64DA, 0x636E}, {0x6578, 0x6570}, {0x65BC, 0x4E8E},	/* 採采 據据 數数 於于 */
	{0x6642, 0x65F6}, {0x66AB, 0x6682}, {0x6703, 0x4F1A}, {0x689D, 0x6761},	/* 時时 暫暂 會会 條条 */
	{0x696D, 0x4E1A}, {0x69CB, 0x6784}, {0x6A5F, 0x673A}, {0x6A94, 0x6863},	/* 業业 構构 機机 檔档 */
	{0x6B0A, 0x6743}, {0x6C7A, 0x51B3}, {0x6C92, 0x6CA1}, {0x6CC1, 0x51B5},	/* 權权 決决 沒没 況况 */
	{0x6E1B, 0x51CF}, {0x6FA4, 0x6CFD}, {0x70BA, 0x4E3A}, {0x7121, 0x65E0},	/* 減减 澤泽 為为 無无 */
	{0x7232, 0x4E3A}, {0x7372, 0x83B7}, {0x73FE, 0x73B0}, {0x7576, 0x5F53},	/* 爲为 獲获 現现 當当 */
	{0x767C, 0x53D1}, {0x78BA, 0x786E}, {0x7955, 0x79D8}, {0x7A69, 0x7A33},	/* 發发 確确 祕秘 穩稳 */
	{0x7BC4, 0x8303}, {0x7CFE, 0x7EA0}, {0x7D0D, 0x7EB3}, {0x7D44, 0x7EC4},	/* 範范 糾纠 納纳 組组 */
	{0x7D50, 0x7ED3}, {0x7D93, 0x7ECF}, {0x7DAD, 0x7EF4}, {0x7E3D, 0x603B},	/* 結结 經经 維维 總总 */
	{0x7E54, 0x7EC7}, {0x7E73, 0x7F34}, {0x7E7C, 0x7EE7}, {0x7E8C, 0x7EED},	/* 織织 繳缴 繼继 續续 */
	{0x7F70, 0x7F5A}, {0x8209, 0x4E3E}, {0x842C, 0x4E07}, {0x8655, 0x5904},	/* 罰罚 舉举 萬万 處处 */
	{0x88DC, 0x8865}, {0x88FD, 0x5236}, {0x8907, 0x590D}, {0x898F, 0x89C4},	/* 補补 製制 複复 規规 */
	{0x8A08, 0x8BA1}, {0x8A0A, 0x8BAF}, {0x8A1F, 0x8BBC}, {0x8A2A, 0x8BBF},	/* 計计 訊讯 訟讼 訪访 */
	{0x8A31, 0x8BB8}, {0x8A34, 0x8BC9}, {0x8A62, 0x8BE2}, {0x8A8D, 0x8BA4},	/* 許许 訴诉 詢询 認认 */
	{0x8ACB, 0x8BF7}, {0x8B70, 0x8BAE}, {0x8B77, 0x62A4}, {0x8CBB, 0x8D39},	/* 請请 議议 護护 費费 */
	{0x8CC7, 0x8D44}, {0x8CFC, 0x8D2D}, {0x8F49, 0x8F6C}, {0x8FA6, 0x529E},	/* 資资 購购 轉转 辦办 */
	{0x9019, 0x8FD9}, {0x9032, 0x8FDB}, {0x904E, 0x8FC7}, {0x9069, 0x9002},	/* 這这 進进 過过 適适 */
	{0x91CB, 0x91CA}, {0x958B, 0x5F00}, {0x9593, 0x95F4}, {0x95DC, 0x5173},	/* 釋释 開开 間间 關关 */
	{0x9805, 0x9879}, {0x984C, 0x9898}, {0x984D, 0x989D}, {0x985E, 0x7C7B},	/* 項项 題题 額额 類类 */
	{0x9AD4, 0x4F53},	/* 體体 */
};

/*
 * Words that Taiwan-style conversion (s2twp) replaces as a whole:
 * 规范性文件 becomes 規範性檔案, 信息 becomes 資訊.  Matched on their
 * traditional spelling only, so a simplified 档案局 stays as it is.  Both
 * sides are two 3-byte characters.
 */
static const char *const trad_words[][2] = {
	{"檔案", "文件"}, {"資訊", "信息"}, {"資料", "数据"}, {"專案", "项目"},
	{"釋出", "发布"}, {"反覆", "反复"},
};

/* A filter in front of the two tables above: bit (cp mod 1024) is set for
 * every traditional character there and every first character of a word,
 * so most characters are passed over without a search.  Regenerate it when
 * the tables change; gr_trad_filter_misses() (a unit test) finds a stale
 * one. */
static const uint64_t trad_filter[16] = {
	UINT64_C(0x0006100002002920), UINT64_C(0x0400120040007000),
	UINT64_C(0x0C00000020040000), UINT64_C(0x7000000014000082),
	UINT64_C(0x0000000200002080), UINT64_C(0x0140208000218010),
	UINT64_C(0x1000600000088800), UINT64_C(0x0000000010000800),
	UINT64_C(0x2016040088000700), UINT64_C(0x1008020480300004),
	UINT64_C(0x0000080000103000), UINT64_C(0x0000000402300800),
	UINT64_C(0x0080000000000C08), UINT64_C(0x0085000000000301),
	UINT64_C(0x0000025200001000), UINT64_C(0x4080020000002014)
};

static bool
maybe_traditional(uint32_t cp)
{
	return (trad_filter[(cp & 1023) >> 6] >> (cp & 63)) & 1;
}

int
gr_trad_filter_misses(void)
{
	size_t		i;
	int			misses = 0;

	for (i = 0; i < sizeof(trad_chars) / sizeof(trad_chars[0]); i++)
		misses += !maybe_traditional(trad_chars[i][0]);
	for (i = 0; i < sizeof(trad_words) / sizeof(trad_words[0]); i++)
	{
		uint32_t	cp;

		if (utf8_decode((const unsigned char *) trad_words[i][0], 3, &cp) != 3 || !maybe_traditional(cp))
			misses++;
	}
	return misses;
}

static uint32_t
simplified(uint32_t cp)
{
	int			lo = 0,
				hi = (int) (sizeof(trad_chars) / sizeof(trad_chars[0])) - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (trad_chars[mid][0] == cp)
			return trad_chars[mid][1];
		if (trad_chars[mid][0] < cp)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return cp;
}

static char *
label_key(gr_mem *mem, const char *s, size_t len, bool simplify, const gr_parse_options *opts)
{
	char	   *out = gr_alloc(mem, len + 1);
	size_t		i = 0,
				o = 0,
				next_poll = 65536;

	while (i < len)
	{
		uint32_t	cp;
		int			n,
					w;

		/* a line can be the whole document: let a cancel in every 64 kB */
		if (i >= next_poll)
		{
			if (opts && opts->check_interrupts)
				opts->check_interrupts();
			next_poll = i + 65536;
		}

		/* plain ASCII that is kept: copied as it is */
		if ((unsigned char) s[i] < 0x80 && !label_drop((unsigned char) s[i]))
		{
			out[o++] = s[i++];
			continue;
		}
		n = utf8_decode((const unsigned char *) s + i, len - i, &cp);

		if (n == 0)
		{
			i++;
			continue;
		}
		if (label_drop(cp))
		{
			i += (size_t) n;
			continue;
		}
		if (n == 3 && (!simplify || !maybe_traditional(cp)))
		{
			memcpy(out + o, s + i, 3);
			o += 3;
			i += 3;
			continue;
		}
		for (w = 0; simplify && n == 3 && w < (int) (sizeof(trad_words) / sizeof(trad_words[0])); w++)
			if (s[i] == trad_words[w][0][0] && len - i >= 6 && memcmp(s + i, trad_words[w][0], 6) == 0)
				break;
		if (simplify && n == 3 && w < (int) (sizeof(trad_words) / sizeof(trad_words[0])))
		{
			memcpy(out + o, trad_words[w][1], 6);
			o += 6;
			i += 6;
			continue;
		}
		if (simplify && n == 3 && simplified(cp) != cp)
		{
			cp = simplified(cp);
			out[o++] = (char) (0xE0 | (cp >> 12));
			out[o++] = (char) (0x80 | ((cp >> 6) & 0x3F));
			out[o++] = (char) (0x80 | (cp & 0x3F));
		}
		else
		{
			memcpy(out + o, s + i, (size_t) n);
			o += (size_t) n;
		}
		i += (size_t) n;
	}
	out[o] = '\0';
	return out;
}

char *
gr_label_key(gr_mem *mem, const char *s, size_t len)
{
	return label_key(mem, s, len, true, NULL);
}

char *
gr_label_key_polled(gr_mem *mem, const char *s, size_t len, const gr_parse_options *opts)
{
	return label_key(mem, s, len, true, opts);
}

char *
gr_label_printed(gr_mem *mem, const char *s, size_t len)
{
	return label_key(mem, s, len, false, NULL);
}

char *
gr_label_printed_polled(gr_mem *mem, const char *s, size_t len, const gr_parse_options *opts)
{
	return label_key(mem, s, len, false, opts);
}

/* Bytes of Chinese numerals 一 to 十 at the start of s (all 3-byte
 * characters with lead byte E4 or E5). */
static size_t
cn_numeral_len(const char *s)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		n = 0;

	while ((u[n] == 0xE4 || u[n] == 0xE5) && u[n + 1] != 0 && u[n + 2] != 0)
	{
		switch (((unsigned) u[n] << 16) | ((unsigned) u[n + 1] << 8) | u[n + 2])
		{
			case 0xE4B880:		/* 一 */
			case 0xE4BA8C:		/* 二 */
			case 0xE4B889:		/* 三 */
			case 0xE59B9B:		/* 四 */
			case 0xE4BA94:		/* 五 */
			case 0xE585AD:		/* 六 */
			case 0xE4B883:		/* 七 */
			case 0xE585AB:		/* 八 */
			case 0xE4B99D:		/* 九 */
			case 0xE58D81:		/* 十 */
				n += 3;
				continue;
			default:
				return n;
		}
	}
	return n;
}

/* Strips outline numbering, repeatedly: "三、(一)予以公开" -> "予以公开". */
const char *
gr_strip_numbering(const char *s)
{
	for (;;)
	{
		size_t		n;
		unsigned char c0 = (unsigned char) s[0];

		/* numbering starts with '(', a digit, or a numeral 一…十 (UTF-8 E4/E5) */
		if (c0 != '(' && !IS_DIGIT(c0) && c0 != 0xE4 && c0 != 0xE5)
			return s;

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

static void lex_plain_line(gr_mem *mem, const char *s, size_t len, gr_line *line);

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
			if (n >= GR_MAX_LINE_TOKENS)
			{
				/* no table has rows this wide: the line is text */
				lex_plain_line(mem, s, len, line);
				return true;
			}
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

int
gr_display_width(const char *s, size_t len)
{
	size_t		i;
	int			w = 0;
	bool		cjk = false;

	for (i = 0; i < len && !cjk; i++)
		cjk = (unsigned char) s[i] >= 0xE0;
	for (i = 0; i < len; i++)
	{
		unsigned char b = (unsigned char) s[i];

		/* normalisation made full-width （），：； ASCII; in Chinese text
		 * they were printed two columns wide */
		if (cjk && (b == '(' || b == ')' || b == ',' || b == ':' || b == ';'))
			w += 2;
		else if (b < 0x80)
			w++;
		else if (b >= 0xE0 && b < 0xF0)
			w += 2;				/* a 3-byte character: CJK, full width */
		else if (b >= 0xC0)
			w++;
	}
	return w;
}

/*
 * "label  1  2  3" -> cells "label", "1", "2", "3".  Tokens are split on
 * white space; the trailing run of value tokens becomes cells and the rest
 * is the label (its inner spaces kept, so "商业 企业" stays one label).
 */
static void
lex_plain_line(gr_mem *mem, const char *s, size_t len, gr_line *line)
{
	size_t		tok_start[GR_MAX_LINE_TOKENS],
				tok_end[GR_MAX_LINE_TOKENS];
	int			ntok = 0,
				first_value,
				k;
	size_t		i = 0;

	/* a line holds no '\n': its tokens end at the next space */
	while (i < len && ntok < GR_MAX_LINE_TOKENS)
	{
		const char *sp;

		while (i < len && s[i] == ' ')
			i++;
		if (i >= len)
			break;
		tok_start[ntok] = i;
		sp = memchr(s + i, ' ', len - i);
		i = sp ? (size_t) (sp - s) : len;
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
	if (ntok - first_value >= 1 && first_value > 0)
	{
		/* where the values stand, for rows whose blank cells are spaces;
		 * display columns are worked out only where a header needs them */
		int			j;

		line->cell_at = gr_alloc(mem, (size_t) line->ncells * sizeof(uint32_t));
		for (j = first_value; j < ntok; j++)
			line->cell_at[k + (j - first_value)] = (uint32_t) tok_start[j];
	}
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
	{
		const char *nl = memchr(text + i, '\n', len - i);

		if (nl == NULL)
			break;
		nlines++;
		i = (size_t) (nl - text);
	}
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
		if (opts && opts->check_interrupts && ((lineno & 1023) == 0 || end - i > 65536))
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
				line->indent = (uint16_t) (a - i > 65535 ? 65535 : a - i);
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
