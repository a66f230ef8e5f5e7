/*
 * test_decode.c — document bytes to UTF-8 (decode.c).
 *
 * UTF-8 with or without its byte-order mark; the GB family declared
 * correctly, wrongly or not at all; Big5 when declared; UTF-16 and GB18030
 * byte-order marks; and bytes nothing decodes, which must be an error that
 * names the byte offset.
 */
#include <string.h>

#include "unit.h"
#include "gr_internal.h"

/* "规章" and "公开" in GB18030 (and GBK, GB2312) */
#define GB_GUIZHANG "\xB9\xE6\xD5\xC2"
#define GB_GONGKAI "\xB9\xAB\xBF\xAA"
/* "王镕" in GBK: 镕 (E9 46) is not in GB2312, whose decoder stops there */
#define GBK_WANGRONG "\xCD\xF5\xE9\x46"

/* Decodes and returns the result as a NUL-terminated string, or NULL. */
static const char *
decode(gr_mem *mem, const char *data, size_t len, gr_error *err)
{
	size_t		n = 0;
	const char *out = gr_decode_document(mem, data, len, &n, err);

	if (out == NULL)
		return NULL;
	return gr_strndup(mem, out, n);
}

static void
test_valid_prefix(void)
{
	CHECK_EQ_INT(gr_utf8_valid_prefix("abc", 3), 3);
	CHECK_EQ_INT(gr_utf8_valid_prefix("规章", strlen("规章")), strlen("规章"));
	CHECK_EQ_INT(gr_utf8_valid_prefix("a\xF0\x9F\x98\x80" "b", 6), 6);	/* 4-byte */
	CHECK_EQ_INT(gr_utf8_valid_prefix("ab\xC0\x80", 4), 2);	/* overlong NUL */
	CHECK_EQ_INT(gr_utf8_valid_prefix("ab\xE0\x80\x80", 5), 2);	/* overlong */
	CHECK_EQ_INT(gr_utf8_valid_prefix("\xED\xA0\x80", 3), 0);	/* surrogate */
	CHECK_EQ_INT(gr_utf8_valid_prefix("\xF4\x90\x80\x80", 4), 0);	/* past U+10FFFF */
	CHECK_EQ_INT(gr_utf8_valid_prefix("x\xE8\xA7", 3), 1);	/* cut short */
	CHECK_EQ_INT(gr_utf8_valid_prefix("x\x80", 2), 1);	/* lone continuation */
	CHECK_EQ_INT(gr_utf8_valid_prefix(GB_GUIZHANG, 4), 0);
}

static void
test_utf8(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	const char *doc = "<p>规章</p>",
			   *bom = "\xEF\xBB\xBF<p>规章</p>";
	size_t		n = 0;

	/* UTF-8 is returned as it is, not copied */
	CHECK(gr_decode_document(&mem, doc, strlen(doc), &n, &err) == doc);
	CHECK_EQ_INT(n, strlen(doc));
	CHECK(gr_decode_document(&mem, bom, strlen(bom), &n, &err) == bom);
	/* a gb2312 declaration on bytes that are UTF-8 (a page saved again) */
	CHECK_EQ_STR(decode(&mem, "<meta charset=gb2312><p>规章</p>", strlen("<meta charset=gb2312><p>规章</p>"), &err),
				 "<meta charset=gb2312><p>规章</p>");
	gr_arena_destroy(arena);
}

static void
test_gb_family(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	const char *undeclared = "<p>" GB_GUIZHANG "</p><p>" GBK_WANGRONG "</p><p>" GB_GONGKAI "</p>";
	const char *gb2312 = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">"
		"</head><body>" GBK_WANGRONG GB_GONGKAI "</body></html>";
	const char *wrong = "<meta charset='utf-8'><p>" GB_GUIZHANG "</p>";
	const char *xml = "<?xml version=\"1.0\" encoding=\"gbk\"?><p>" GB_GONGKAI "</p>";
	const char *four = "<p>\x95\x32\x82\x36</p>";	/* U+20000, a GB18030 4-byte sequence */

	CHECK_EQ_STR(decode(&mem, undeclared, strlen(undeclared), &err), "<p>规章</p><p>王镕</p><p>公开</p>");
	/* declared gb2312, with a GBK-only character: nothing after it is lost */
	CHECK_EQ_STR(decode(&mem, gb2312, strlen(gb2312), &err),
				 "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">"
				 "</head><body>王镕公开</body></html>");
	/* declared UTF-8, but GBK bytes */
	CHECK_EQ_STR(decode(&mem, wrong, strlen(wrong), &err), "<meta charset='utf-8'><p>规章</p>");
	CHECK_EQ_STR(decode(&mem, xml, strlen(xml), &err), "<?xml version=\"1.0\" encoding=\"gbk\"?><p>公开</p>");
	CHECK_EQ_STR(decode(&mem, four, strlen(four), &err), "<p>\xF0\xA0\x80\x80</p>");
	gr_arena_destroy(arena);
}

static void
test_byte_order_marks(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	/* "规章" after each mark */
	static const char le[] = "\xFF\xFE\xC4\x89\xE0\x7A";
	static const char be[] = "\xFE\xFF\x89\xC4\x7A\xE0";
	static const char gb[] = "\x84\x31\x95\x33" GB_GUIZHANG;
	static const char odd[] = "\xFF\xFE\xC4\x89\xE0";	/* half a character at the end */

	CHECK_EQ_STR(decode(&mem, le, sizeof(le) - 1, &err), "规章");
	CHECK_EQ_STR(decode(&mem, be, sizeof(be) - 1, &err), "规章");
	CHECK_EQ_STR(decode(&mem, gb, sizeof(gb) - 1, &err), "规章");
	memset(&err, 0, sizeof(err));
	CHECK(decode(&mem, odd, sizeof(odd) - 1, &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_ENCODING);
	CHECK_EQ_INT(err.offset, 4);
	gr_arena_destroy(arena);
}

static void
test_big5(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	/* "規範" in Big5; read as GB18030 it would be other characters */
	const char *doc = "<meta charset=\"big5\"><p>\xB3\x57\xBD\x64</p>";
	const char *undeclared = "<p>\xB3\x57\xBD\x64</p>";

	CHECK_EQ_STR(decode(&mem, doc, strlen(doc), &err), "<meta charset=\"big5\"><p>規範</p>");
	CHECK(strcmp(decode(&mem, undeclared, strlen(undeclared), &err), "<p>規範</p>") != 0);
	gr_arena_destroy(arena);
}

static void
test_undecodable(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	/* 0xFF starts nothing in UTF-8 or GB18030 */
	const char *doc = "<p>" GB_GUIZHANG "</p>\xFF\xFF<p>rest</p>";

	memset(&err, 0, sizeof(err));
	CHECK(decode(&mem, doc, strlen(doc), &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_ENCODING);
	CHECK_EQ_INT(err.offset, 3);	/* the first byte that is not UTF-8 */
	CHECK(strstr(err.detail, "byte offset 3") != NULL);
	CHECK(strstr(err.detail, "GB18030 (byte 0xFF at byte offset 11)") != NULL);

	/* through the entry point: an error, never a truncated report */
	memset(&err, 0, sizeof(err));
	CHECK(gr_parse_document(&mem, doc, strlen(doc), NULL, &err) == NULL);
	CHECK_EQ_INT(err.status, GR_ERR_ENCODING);
	CHECK_EQ_INT(err.offset, 3);
	gr_arena_destroy(arena);
}

static void
test_gb_text_document(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	gr_report  *rep;
	int			cell;
	/* a plain-text report in GBK: "二、主动公开政府信息情况 / 规章 1 0 3" */
	const char *doc = "\xB6\xFE\xA1\xA2\xD6\xF7\xB6\xAF" GB_GONGKAI "\xD5\xFE\xB8\xAE\xD0\xC5\xCF\xA2\xC7\xE9\xBF\xF6\n"
		GB_GUIZHANG " 1 0 3\n";

	rep = gr_parse_document(&mem, doc, strlen(doc), NULL, &err);
	CHECK(rep != NULL);
	if (rep)
	{
		cell = gr_template_find_cell(rep->tpl, "t2.rules.in_force", strlen("t2.rules.in_force"));
		CHECK_EQ_INT(rep->cells[cell].state, GR_REPORTED);
		CHECK_EQ_INT(rep->cells[cell].value.mant, 3);
	}
	gr_arena_destroy(arena);
}

void		suite_decode(void);

void
suite_decode(void)
{
	test_valid_prefix();
	test_utf8();
	test_gb_family();
	test_byte_order_marks();
	test_big5();
	test_undecodable();
	test_gb_text_document();
}
