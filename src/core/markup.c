/*
 * markup.c — a linear pre-scan of HTML and XHTML before libxml2 sees it.
 *
 * libxml2 2.9 checks every attribute of a start tag against all the ones
 * before it (quadratic in the attributes of one element), and it parses a
 * tag only once the whole tag has arrived, inside one call that runs no
 * callback: a single start tag with 200,000 attributes kept a backend busy
 * for minutes with no way to cancel it.  This scan walks the markup once,
 * calling the interrupt hook as it goes, and refuses (GR_ERR_LIMIT) a start
 * tag with more than GR_MAX_TAG_ATTRIBUTES attributes or more than
 * GR_MAX_TAG_BYTES bytes, so that what libxml2 does per tag is bounded.
 *
 * It counts generously: every white-space separated token inside a start
 * tag is an attribute, so libxml2 never sees more than the scan counted.
 *
 * XHTML only: libxml2's XML parser reads the internal DTD subset, and the
 * attribute defaults an <!ATTLIST> declares are walked again for every
 * element of that name (100,000 defaults on <word> kept a parse busy for
 * minutes).  pdftotext never writes an internal subset; the tokens of all
 * <!ATTLIST> declarations together are limited to GR_MAX_TAG_ATTRIBUTES.
 * Quoted values may hold '>' and white space, as in libxml2.  Comments,
 * CDATA sections, declarations and processing instructions are skipped;
 * in HTML the bodies of <script> and <style> are raw text up to their end
 * tag, as libxml2 reads them.
 */
#include <string.h>

#include "gr_internal.h"

#define POLL_BYTES 65536

/* Byte classes of the scan: white space, and what ends a tag name, an
 * attribute name or an unquoted value. */
#define C_SPACE	0x01
#define C_NAME_END 0x02			/* white space, '>', '/' */
#define C_ATTR_END 0x04			/* white space, '>', '=', '/' (when "/>") */
#define C_VALUE_END 0x08		/* white space, '>' */
#define C_ALL_END (C_SPACE | C_NAME_END | C_ATTR_END | C_VALUE_END)
static const unsigned char byte_class[256] = {
	[' '] = C_ALL_END, ['\t'] = C_ALL_END, ['\n'] = C_ALL_END, ['\r'] = C_ALL_END, ['\f'] = C_ALL_END,
	['>'] = C_NAME_END | C_ATTR_END | C_VALUE_END,
	['/'] = C_NAME_END | C_ATTR_END,
	['='] = C_ATTR_END
};

static bool
is_space(unsigned char c)
{
	return (byte_class[c] & C_SPACE) != 0;
}

static bool
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool
prefix_ci(const char *s, size_t len, const char *p)
{
	size_t		i;

	for (i = 0; p[i]; i++)
		if (i >= len || lower((unsigned char) s[i]) != p[i])
			return false;
	return true;
}

/* Offset of needle in s[from, len), or len when absent. */
static size_t
find(const char *s, size_t len, size_t from, const char *needle)
{
	size_t		n = strlen(needle);

	while (from + n <= len)
	{
		const char *p = memchr(s + from, needle[0], len - from - n + 1);

		if (p == NULL)
			break;
		if (memcmp(p, needle, n) == 0)
			return (size_t) (p - s);
		from = (size_t) (p - s) + 1;
	}
	return len;
}

/* Offset just past the end tag </name (any case), or len. */
static size_t
skip_raw_text(const char *s, size_t len, size_t from, const char *name)
{
	size_t		n = strlen(name);

	for (;;)
	{
		size_t		at = find(s, len, from, "</");

		if (at >= len)
			return len;
		if (prefix_ci(s + at + 2, len - at - 2, name) &&
			(at + 2 + n >= len || is_space((unsigned char) s[at + 2 + n]) ||
			 s[at + 2 + n] == '>' || s[at + 2 + n] == '/'))
			return at;
		from = at + 2;
	}
}

/* Whether the start tag s[at, end) is <name ...> (any case). */
static bool
tag_is(const char *s, size_t end, size_t at, const char *name)
{
	size_t		n = strlen(name);

	if (at + 1 + n >= end || !prefix_ci(s + at + 1, end - at - 1, name))
		return false;
	return is_space((unsigned char) s[at + 1 + n]) || s[at + 1 + n] == '>' || s[at + 1 + n] == '/';
}

/*
 * An <!ATTLIST ...> declaration at s[at]: its tokens are added to *tokens.
 * Returns the offset after it, or 0 with err set over the limit.
 */
static size_t
scan_attlist(const char *s, size_t len, size_t at, size_t *tokens, gr_error *err)
{
	size_t		j = at + 9;

	while (j < len && s[j] != '>')
	{
		while (j < len && is_space((unsigned char) s[j]))
			j++;
		if (j >= len || s[j] == '>')
			break;
		if (++*tokens > GR_MAX_TAG_ATTRIBUTES)
		{
			gr_error_set(err, GR_ERR_LIMIT, (long) at,
						 "the <!ATTLIST> declarations reach %d tokens at byte offset %zu; the limit is %d in all",
						 GR_MAX_TAG_ATTRIBUTES, at, GR_MAX_TAG_ATTRIBUTES);
			return 0;
		}
		if (s[j] == '"' || s[j] == '\'')
		{
			const char *q = memchr(s + j + 1, s[j], len - j - 1);

			j = q ? (size_t) (q - s) + 1 : len;
		}
		else
			while (j < len && !(byte_class[(unsigned char) s[j]] & C_VALUE_END))
				j++;
	}
	return j + 1;
}

static void
refuse(gr_error *err, size_t at, const char *name, size_t name_len, const char *what, size_t limit)
{
	gr_error_set(err, GR_ERR_LIMIT, (long) at,
				 "the start tag <%.*s> at byte offset %zu has more than %zu %s; the limit is %zu",
				 (int) (name_len > 40 ? 40 : name_len), name, at, limit, what, limit);
}

/*
 * One start tag at s[at] ('<' then a letter).  Returns the offset after it
 * (len when it never ends), or 0 with err set when it is over a limit.
 */
static size_t
scan_start_tag(const char *s, size_t len, size_t at, gr_error *err)
{
	size_t		j = at + 1,
				name_len,
				nattrs = 0;
	const char *name = s + j;

	while (j < len && !(byte_class[(unsigned char) s[j]] & C_NAME_END))
		j++;
	name_len = (size_t) (s + j - name);
	for (;;)
	{
		if (j - at > GR_MAX_TAG_BYTES)
		{
			refuse(err, at, name, name_len, "bytes", GR_MAX_TAG_BYTES);
			return 0;
		}
		while (j < len && is_space((unsigned char) s[j]))
			j++;
		if (j >= len)
			return len;
		if (s[j] == '>')
			return j + 1;
		if (s[j] == '/' && j + 1 < len && s[j + 1] == '>')
			return j + 2;
		if (s[j] == '/')
		{
			j++;
			continue;
		}
		if (++nattrs > GR_MAX_TAG_ATTRIBUTES)
		{
			refuse(err, at, name, name_len, "attributes", GR_MAX_TAG_ATTRIBUTES);
			return 0;
		}
		while (j < len && (!(byte_class[(unsigned char) s[j]] & C_ATTR_END) ||
						   (s[j] == '/' && !(j + 1 < len && s[j + 1] == '>'))))
			j++;
		while (j < len && is_space((unsigned char) s[j]))
			j++;
		if (j < len && s[j] == '=')
		{
			j++;
			while (j < len && is_space((unsigned char) s[j]))
				j++;
			if (j < len && (s[j] == '"' || s[j] == '\''))
			{
				const char *q = memchr(s + j + 1, s[j], len - j - 1);

				j = q ? (size_t) (q - s) + 1 : len;
			}
			else
				while (j < len && !(byte_class[(unsigned char) s[j]] & C_VALUE_END))
					j++;
		}
	}
}

bool
gr_markup_prescan(const char *s, size_t len, bool html, const gr_parse_options *opts, gr_error *err)
{
	size_t		i = 0,
				polled = 0,
				attlist_tokens = 0;

	while (i < len)
	{
		const char *lt;

		if (i - polled >= POLL_BYTES)
		{
			polled = i;
			if (opts && opts->check_interrupts)
				opts->check_interrupts();
		}
		lt = memchr(s + i, '<', len - i);
		if (lt == NULL)
			break;
		i = (size_t) (lt - s);
		if (i + 1 >= len)
			break;
		if (s[i + 1] == '!')
		{
			if (prefix_ci(s + i, len - i, "<!--"))
				i = find(s, len, i + 4, "-->") + 3;
			else if (prefix_ci(s + i, len - i, "<![cdata["))
				i = find(s, len, i + 9, "]]>") + 3;
			else if (!html && prefix_ci(s + i, len - i, "<!attlist"))
			{
				i = scan_attlist(s, len, i, &attlist_tokens, err);
				if (i == 0)
					return false;
			}
			else
			{
				size_t		gt = find(s, len, i + 2, ">");
				const char *lb = html ? NULL : memchr(s + i + 2, '[', gt - i - 2);

				/* a DOCTYPE's internal subset: its declarations one by one */
				i = lb ? (size_t) (lb - s) + 1 : gt + 1;
			}
		}
		else if (s[i + 1] == '?' || s[i + 1] == '/')
		{
			const char *gt = i + 2 < len ? memchr(s + i + 2, '>', len - i - 2) : NULL;

			i = gt ? (size_t) (gt - s) + 1 : len + 1;
		}
		else if (is_alpha((unsigned char) s[i + 1]))
		{
			size_t		at = i;
			size_t		next = scan_start_tag(s, len, at, err);

			if (next == 0)
				return false;
			i = next;
			if (html && (s[at + 1] == 's' || s[at + 1] == 'S'))
			{
				if (tag_is(s, next, at, "script"))
					i = skip_raw_text(s, len, i, "script");
				else if (tag_is(s, next, at, "style"))
					i = skip_raw_text(s, len, i, "style");
			}
		}
		else
			i++;
		/* i can pass len by the length of a missing terminator */
		if (i > len)
			i = len;
	}
	return true;
}
