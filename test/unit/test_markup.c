/*
 * test_markup.c — the markup limits (issue 16): attributes and bytes per
 * start tag, open HTML elements, and interrupts that reach libxml2's
 * callbacks.  Each hostile shape is refused or stopped at once.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "unit.h"
#include "gr_internal.h"

/* prefix, then n copies of rep (each formatted with its index), then suffix */
static char *
repeat(gr_mem *mem, const char *prefix, const char *rep, int n, const char *suffix, size_t *len)
{
	size_t		cap = strlen(prefix) + (size_t) n * (strlen(rep) + 12) + strlen(suffix) + 1;
	char	   *s = gr_alloc(mem, cap);
	size_t		o = strlen(prefix);
	int			i;

	memcpy(s, prefix, o);
	for (i = 0; i < n; i++)
		o += (size_t) snprintf(s + o, cap - o, rep, i);
	memcpy(s + o, suffix, strlen(suffix) + 1);
	*len = o + strlen(suffix);
	return s;
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
test_attribute_limit(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	gr_grid		g;
	size_t		len;
	char	   *doc;
	double		t0;

	/* at the limit: read */
	doc = repeat(&mem, "<html><body><p ", " a%d=1", GR_MAX_TAG_ATTRIBUTES, ">x</p></body></html>", &len);
	memset(&err, 0, sizeof(err));
	CHECK(gr_markup_prescan(doc, len, true, NULL, &err));
	memset(&g, 0, sizeof(g));
	CHECK(gr_lex_html(&mem, doc, len, &g, NULL, &err));

	/* one more: refused, with the limit named */
	doc = repeat(&mem, "<html><body><p ", " a%d=1", GR_MAX_TAG_ATTRIBUTES + 1, ">x</p></body></html>", &len);
	memset(&err, 0, sizeof(err));
	CHECK(!gr_lex_html(&mem, doc, len, &g, NULL, &err));
	CHECK_EQ_INT(err.status, GR_ERR_LIMIT);
	CHECK(strstr(err.detail, "more than 256 attributes") != NULL);

	/* 200,000 attributes (took 45 s before the limit): refused at once */
	t0 = seconds();
	doc = repeat(&mem, "<html><body><a ", " a%d=1", 200000, ">x</a></body></html>", &len);
	memset(&err, 0, sizeof(err));
	CHECK(!gr_lex_html(&mem, doc, len, &g, NULL, &err));
	CHECK_EQ_INT(err.status, GR_ERR_LIMIT);
	CHECK(seconds() - t0 < 1.0);

	/* the same through the pdftotext XHTML path */
	t0 = seconds();
	doc = repeat(&mem, "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><doc>"
				 "<page width=\"595\" height=\"842\"><flow><block><line>"
				 "<word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\"", " a%d=\"1\"", 100000,
				 ">x</word></line></block></flow></page></doc></body></html>", &len);
	memset(&err, 0, sizeof(err));
	CHECK(!gr_lex_bbox(&mem, doc, len, &g, NULL, &err));
	CHECK_EQ_INT(err.status, GR_ERR_LIMIT);
	CHECK(strstr(err.detail, "<word>") != NULL);
	CHECK(seconds() - t0 < 1.0);

	/* quoted values hold white space and '>' without counting as attributes */
	doc = repeat(&mem, "<html><body><p title=\"", "a >b %d ", 1000, "\">x</p></body></html>", &len);
	memset(&err, 0, sizeof(err));
	CHECK(gr_markup_prescan(doc, len, true, NULL, &err));

	/* script bodies are raw text: "i<n" there is no tag */
	doc = repeat(&mem, "<html><head><script>for(i=0;i<n;i++){", " x%d = 1;", 1000,
				 "}</script></head><body><p>x</p></body></html>", &len);
	memset(&err, 0, sizeof(err));
	CHECK(gr_markup_prescan(doc, len, true, NULL, &err));
	/* ... but not in XHTML, where libxml2 reads them as markup */
	memset(&err, 0, sizeof(err));
	CHECK(!gr_markup_prescan(doc, len, false, NULL, &err));

	/* and comments are skipped */
	doc = repeat(&mem, "<html><body><!-- <p ", " w%d", 1000, " --><p>x</p></body></html>", &len);
	memset(&err, 0, sizeof(err));
	CHECK(gr_markup_prescan(doc, len, true, NULL, &err));
	gr_arena_destroy(arena);
}

static void
test_tag_bytes_limit(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	size_t		n = GR_MAX_TAG_BYTES + 64,
				len;
	char	   *doc = gr_alloc(&mem, n + 64);

	memcpy(doc, "<html><body><img src=\"", 22);
	memset(doc + 22, 'A', n - 22);
	memcpy(doc + n, "\">x</body></html>", 18);
	len = n + 17;
	memset(&err, 0, sizeof(err));
	CHECK(!gr_markup_prescan(doc, len, true, NULL, &err));
	CHECK_EQ_INT(err.status, GR_ERR_LIMIT);
	CHECK(strstr(err.detail, "bytes; the limit is 4194304") != NULL);
	/* an unterminated value runs to the end, as in libxml2, and is refused */
	doc[n] = 'A';
	memset(&err, 0, sizeof(err));
	CHECK(!gr_markup_prescan(doc, len, true, NULL, &err));
	/* a long value under the limit is fine */
	doc[n] = '"';
	memset(&err, 0, sizeof(err));
	CHECK(gr_markup_prescan(doc + GR_MAX_TAG_BYTES / 2, len - GR_MAX_TAG_BYTES / 2, true, NULL, &err));
	gr_arena_destroy(arena);
}

static void
test_open_elements_limit(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	gr_grid		g;
	size_t		len;
	char	   *doc;
	double		t0;

	/* 100,000 open <div> then 400,000 unmatched </p>: refused at the 513th */
	t0 = seconds();
	doc = repeat(&mem, "<html><body>", "<div>", 100000, "", &len);
	memset(&err, 0, sizeof(err));
	memset(&g, 0, sizeof(g));
	CHECK(!gr_lex_html(&mem, doc, len, &g, NULL, &err));
	CHECK_EQ_INT(err.status, GR_ERR_LIMIT);
	CHECK(strstr(err.detail, "more than 512 HTML elements are open") != NULL);
	CHECK(seconds() - t0 < 1.0);

	/* under the limit: read */
	doc = repeat(&mem, "<html><body>", "<div>", 400, "<p>行政许可 0</p></body></html>", &len);
	memset(&err, 0, sizeof(err));
	memset(&g, 0, sizeof(g));
	CHECK(gr_lex_html(&mem, doc, len, &g, NULL, &err));

	/* 400,000 unmatched </p> under a shallow stack: linear, well under a second */
	t0 = seconds();
	doc = repeat(&mem, "<html><body>", "</p>", 400000, "</body></html>", &len);
	memset(&err, 0, sizeof(err));
	memset(&g, 0, sizeof(g));
	CHECK(gr_lex_html(&mem, doc, len, &g, NULL, &err));
	CHECK(seconds() - t0 < 2.0);
	gr_arena_destroy(arena);
}

/* An interrupt pending from the start: the parser stops in its callbacks. */
static int	pending_calls;
static int	hook_calls;
static jmp_buf hook_jump;

static bool
always_pending(void)
{
	pending_calls++;
	return true;
}

static void
jumping_hook(void)
{
	/* the pre-scan and the first chunk run; then the hook cancels */
	if (++hook_calls > 1 && pending_calls > 0)
		longjmp(hook_jump, 1);
}

static void
returning_hook(void)
{
	hook_calls++;
}

static void
test_pending_interrupt_stops_libxml2(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_held		held = {NULL, NULL};
	gr_parse_options opts;
	gr_error	err;
	gr_grid		g;
	size_t		n = 4 << 20;
	char	   *doc = gr_alloc(&mem, n + 40);

	/* 4 MB of '&': one text node, four million parser errors, one chunk call */
	memcpy(doc, "<html><body>", 12);
	memset(doc + 12, '&', n - 12);
	memcpy(doc + n, "</body></html>", 15);
	memset(&opts, 0, sizeof(opts));
	opts.interrupt_pending = always_pending;
	opts.check_interrupts = jumping_hook;
	opts.held = &held;
	pending_calls = hook_calls = 0;
	memset(&g, 0, sizeof(g));
	if (setjmp(hook_jump) == 0)
	{
		gr_lex_html(&mem, doc, n + 14, &g, &opts, &err);
		CHECK(!"the pending interrupt did not stop the parser");
	}
	CHECK(pending_calls > 0);
	CHECK(held.release != NULL);
	gr_release_held(&held);

	/* a hook that returns although the interrupt was pending: no silent
	 * half-parse, a GR_ERR_CANCELED error */
	opts.check_interrupts = returning_hook;
	pending_calls = hook_calls = 0;
	memset(&err, 0, sizeof(err));
	memset(&g, 0, sizeof(g));
	CHECK(!gr_lex_html(&mem, doc, n + 14, &g, &opts, &err));
	CHECK_EQ_INT(err.status, GR_ERR_CANCELED);
	CHECK(held.release == NULL);
	gr_arena_destroy(arena);
}

/* Attribute defaults declared in an internal DTD subset (XHTML only). */
static void
test_attlist_limit(void)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	gr_grid		g;
	size_t		len;
	char	   *doc;
	double		t0;
	const char *body = "><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><doc><page width=\"595\" height=\"842\">"
		"<flow><block><line><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\">x</word></line></block></flow>"
		"</page></doc></body></html>";
	char	   *tail = gr_alloc(&mem, strlen(body) + 8);

	/* 100,000 defaults on <word> (minutes before the limit): refused at once */
	strcpy(tail, ">]");
	strcat(tail, body);
	t0 = seconds();
	doc = repeat(&mem, "<?xml version=\"1.0\"?><!-- <doc> --><!DOCTYPE html [<!ATTLIST word",
				 " a%d CDATA \"1\"", 100000, tail, &len);
	memset(&err, 0, sizeof(err));
	memset(&g, 0, sizeof(g));
	CHECK(!gr_lex_bbox(&mem, doc, len, &g, NULL, &err));
	CHECK_EQ_INT(err.status, GR_ERR_LIMIT);
	CHECK(strstr(err.detail, "<!ATTLIST> declarations") != NULL);
	CHECK(seconds() - t0 < 1.0);
	/* spread over many declarations: counted in all */
	doc = repeat(&mem, "<?xml version=\"1.0\"?><!DOCTYPE html [", "<!ATTLIST word a%d CDATA \"1\">", 100, tail, &len);
	memset(&err, 0, sizeof(err));
	CHECK(!gr_markup_prescan(doc, len, false, NULL, &err));
	/* a few are read; HTML never reads an internal subset */
	doc = repeat(&mem, "<?xml version=\"1.0\"?><!DOCTYPE html [", "<!ATTLIST word a%d CDATA \"1\">", 10, tail, &len);
	memset(&err, 0, sizeof(err));
	CHECK(gr_markup_prescan(doc, len, false, NULL, &err));
	doc = repeat(&mem, "<!DOCTYPE html [", "<!ATTLIST p a%d CDATA \"1\">", 1000, "]><html><body><p>x</p></body></html>", &len);
	memset(&err, 0, sizeof(err));
	CHECK(gr_markup_prescan(doc, len, true, NULL, &err));
	gr_arena_destroy(arena);
}

void		suite_markup(void);

void
suite_markup(void)
{
	test_attribute_limit();
	test_tag_bytes_limit();
	test_open_elements_limit();
	test_attlist_limit();
	test_pending_interrupt_stops_libxml2();
}
