/*
 * decode.c — document bytes to UTF-8.
 *
 * Chinese government pages come in UTF-8 or in the GB family (GB2312, GBK,
 * GB18030), declared correctly, wrongly or not at all.  The rules:
 *
 *  1. A byte-order mark decides: UTF-8, UTF-16LE/BE, or GB18030.
 *  2. Bytes that are valid UTF-8 are UTF-8, whatever the page declares: a
 *     page saved again as UTF-8 often keeps its old gb2312 declaration,
 *     while GB-encoded Chinese text of any length is never valid UTF-8
 *     (its lead bytes would need UTF-8 continuation bytes after them).
 *  3. Otherwise the bytes are read as GB18030, the superset of GB2312 and
 *     GBK: every GB-family label (gb2312, gbk, x-gbk, cp936, euc-cn, ...)
 *     means GB18030 here, because pages declared gb2312 routinely use
 *     GBK-only characters.  A page that declares Big5 is tried as Big5
 *     first.  A page that declares UTF-8 but is not is read as GB18030 too.
 *  4. Bytes that none of these decode are an error naming the byte offset;
 *     never a truncated document.
 *
 * GB18030, Big5 and UTF-16 go through iconv, opened and closed within one
 * call (nothing is held across the caller's interrupt hook).
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "gr_internal.h"

/* Length of the longest prefix that is valid UTF-8 (len when all is). */
size_t
gr_utf8_valid_prefix(const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *) data;
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		size_t		n,
					k;
		uint32_t	cp;

		if (c < 0x80)
		{
			/* ASCII: eight bytes at a time while no high bit is set */
			i++;
			while (i + 8 <= len)
			{
				uint64_t	w;

				memcpy(&w, s + i, 8);
				if (w & UINT64_C(0x8080808080808080))
					break;
				i += 8;
			}
			continue;
		}
		if (c >= 0xE4 && c <= 0xE9 && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
		{
			/* a CJK ideograph (U+4000-U+9FFF): never overlong, never a surrogate */
			i += 3;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 4, cp = c & 0x07;
		else
			return i;
		if (len - i < n)
			return i;
		for (k = 1; k < n; k++)
		{
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
			(n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return i;
		i += n;
	}
	return len;
}

/* ----------------------------------------------------- declared charset */

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

static bool
prefix_ci(const char *s, const char *end, const char *lit)
{
	for (; *lit; s++, lit++)
		if (s >= end || lower(*s) != *lit)
			return false;
	return true;
}

/* True when the value after "charset" or "encoding" at p (spaces, '=', an
 * optional quote, then the name) names Big5. */
static bool
names_big5(const char *p, const char *end)
{
	static const char *const big5[] = {"big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5", NULL};
	char		name[32];
	size_t		n = 0;
	int			i;

	while (p < end && *p == ' ')
		p++;
	if (p >= end || *p != '=')
		return false;
	p++;
	while (p < end && (*p == ' ' || *p == '"' || *p == '\''))
		p++;
	while (p < end && n < sizeof(name) - 1 &&
		   ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			*p == '-' || *p == '_'))
		name[n++] = lower(*p++);
	name[n] = '\0';
	for (i = 0; big5[i]; i++)
		if (strcmp(name, big5[i]) == 0)
			return true;
	return false;
}

/*
 * Whether the page declares Big5 in its head: <meta charset=...>, <meta
 * http-equiv content="...; charset=...">, or <?xml ... encoding="..."?>,
 * read inside those tags only.  Every other declaration changes nothing:
 * UTF-8 is recognised by its bytes, and the GB-family labels all mean
 * GB18030 (rule 3 above).
 */
static bool
declares_big5(const char *s, size_t len)
{
	const char *end = s + (len < 65536 ? len : 65536);
	const char *p;

	for (p = s; p < end; p++)
	{
		const char *tag_end,
				   *q,
				   *attr;

		if (*p != '<')
			continue;
		if (prefix_ci(p, end, "<meta"))
			attr = "charset";
		else if (prefix_ci(p, end, "<?xml"))
			attr = "encoding";
		else
			continue;
		tag_end = memchr(p, '>', (size_t) (end - p));
		if (tag_end == NULL)
			tag_end = end;
		for (q = p; q < tag_end; q++)
			if (prefix_ci(q, tag_end, attr) && names_big5(q + strlen(attr), tag_end))
				return true;
		p = tag_end - 1;
	}
	return false;
}

/* ---------------------------------------------------------------- iconv */

/* Converts with iconv; NULL with *bad set to the offset of the first byte
 * it cannot decode. */
static char *
convert(gr_mem *mem, const char *from, const char *data, size_t len, size_t *out_len, size_t *bad)
{
	iconv_t		cd = iconv_open("UTF-8", from);
	size_t		cap,
				inleft = len,
				outleft;
	char	   *out,
			   *in = (char *) data,
			   *o;

	*bad = 0;
	if (cd == (iconv_t) -1)
		return NULL;
	/* no source character takes more than twice its bytes in UTF-8 */
	cap = len * 2 + 16;
	out = gr_alloc(mem, cap);
	o = out;
	outleft = cap - 1;
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t) -1 ||
		iconv(cd, NULL, NULL, &o, &outleft) == (size_t) -1)
	{
		*bad = (size_t) (in - data);
		iconv_close(cd);
		return NULL;
	}
	iconv_close(cd);
	*o = '\0';
	*out_len = (size_t) (o - out);
	return out;
}

static void
encoding_error(gr_error *err, const char *data, size_t off, const char *what)
{
	gr_error_set(err, GR_ERR_ENCODING, (long) off,
				 "%s: byte 0x%02X at byte offset %zu cannot be decoded", what,
				 (unsigned char) data[off], off);
}

const char *
gr_decode_document(gr_mem *mem, const char *data, size_t len, size_t *out_len, gr_error *err)
{
	const unsigned char *u = (const unsigned char *) data;
	size_t		valid,
				bad_gb = 0,
				bad_big5 = 0;
	const char *out;
	bool		big5;

	/* 1. a byte-order mark */
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
	{
		const char *from = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
		size_t		bad;

		out = convert(mem, from, data + 2, len - 2, out_len, &bad);
		if (out == NULL)
			encoding_error(err, data, bad + 2,
						   u[0] == 0xFF ? "the document has a UTF-16LE byte-order mark but is not UTF-16LE"
						   : "the document has a UTF-16BE byte-order mark but is not UTF-16BE");
		return out;
	}
	if (len >= 4 && u[0] == 0x84 && u[1] == 0x31 && u[2] == 0x95 && u[3] == 0x33)
	{
		size_t		bad;

		out = convert(mem, "GB18030", data + 4, len - 4, out_len, &bad);
		if (out == NULL)
			encoding_error(err, data, bad + 4, "the document has a GB18030 byte-order mark but is not GB18030");
		return out;
	}

	/* 2. valid UTF-8, with or without its byte-order mark */
	valid = gr_utf8_valid_prefix(data, len);
	if (valid == len)
	{
		*out_len = len;
		return data;
	}

	/* 3. a legacy Chinese encoding */
	big5 = declares_big5(data, len);
	if (big5)
	{
		out = convert(mem, "BIG5-HKSCS", data, len, out_len, &bad_big5);
		if (out != NULL)
			return out;
	}
	out = convert(mem, "GB18030", data, len, out_len, &bad_gb);
	if (out != NULL)
		return out;

	/* 4. nothing fits */
	if (big5)
		gr_error_set(err, GR_ERR_ENCODING, (long) valid,
					 "the document is neither UTF-8 (byte 0x%02X at byte offset %zu), Big5 as it declares (byte offset %zu), nor GB18030 (byte 0x%02X at byte offset %zu)",
					 u[valid], valid, bad_big5, u[bad_gb], bad_gb);
	else
		gr_error_set(err, GR_ERR_ENCODING, (long) valid,
					 "the document is neither UTF-8 (byte 0x%02X at byte offset %zu) nor GB18030 (byte 0x%02X at byte offset %zu)",
					 u[valid], valid, u[bad_gb], bad_gb);
	return NULL;
}
