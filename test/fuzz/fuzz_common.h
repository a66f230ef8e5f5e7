/*
 * fuzz_common.h — what the libFuzzer harnesses share: an allocator
 * that ASan can see through, the post-conditions every accepted report must
 * meet, cancelled-parse replays (from the interrupt hook, and pending
 * inside libxml2's callbacks), and a guard that no XML path loads an
 * external entity or DTD.
 *
 * Each harness includes this file once (the functions are static).
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "gr.h"
#include "gr_internal.h"			/* gr_search_work */

/* ------------------------------------------------------------- reporting */

/* A broken invariant: say which and abort, so libFuzzer keeps the input. */
static inline void
fz_fail(const char *fmt,...)
#if defined(__GNUC__)
			__attribute__((format(printf, 1, 2), noreturn))
#endif
			;

static inline void
fz_fail(const char *fmt,...)
{
	va_list		ap;

	fprintf(stderr, "\n==fuzz== INVARIANT BROKEN: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

/* The first bytes of a buffer, escaped, for a failure message. */
static inline const char *
fz_head(const void *data, size_t len)
{
	static char out[512];
	const unsigned char *s = data;
	size_t		i,
				o = 0;

	for (i = 0; i < len && o + 8 < sizeof(out); i++)
	{
		if (s[i] >= 0x20 && s[i] < 0x7F && s[i] != '\\')
			out[o++] = (char) s[i];
		else
			o += (size_t) snprintf(out + o, sizeof(out) - o, "\\x%02X", s[i]);
	}
	if (i < len)
		o += (size_t) snprintf(out + o, sizeof(out) - o, "...");
	out[o] = '\0';
	return out;
}

/* Where two byte strings first differ, for a failure message. */
static inline size_t
fz_first_diff(const void *a, size_t alen, const void *b, size_t blen)
{
	const unsigned char *x = a,
			   *y = b;
	size_t		i;

	for (i = 0; i < alen && i < blen; i++)
		if (x[i] != y[i])
			break;
	return i;
}

/* -------------------------------------------------------------- allocator */

/*
 * gr_arena carves small requests out of 64 KB chunks, so an overrun inside
 * a chunk lands in a neighbour's memory where ASan cannot see it.  The
 * harnesses hand the core this allocator instead: every request is its own
 * calloc (its own redzones), and everything is freed after the input, as a
 * memory context or gr_arena would.  What LeakSanitizer still reports is
 * memory held outside gr_mem: libxml2 parsers, iconv descriptors.
 */
typedef struct fz_mem
{
	void	  **blocks;
	size_t		n;
	size_t		cap;
	size_t		bytes;
} fz_mem;

static inline void *
fz_alloc(void *ctx, size_t size)
{
	fz_mem	   *m = ctx;
	void	   *p;

	if (m->n == m->cap)
	{
		size_t		cap = m->cap ? m->cap * 2 : 256;
		void	  **blocks = realloc(m->blocks, cap * sizeof(void *));

		if (blocks == NULL)
			fz_fail("harness out of memory");
		m->blocks = blocks;
		m->cap = cap;
	}
	/* calloc(0) may return NULL; the core may ask for 0 bytes */
	p = calloc(1, size ? size : 1);
	if (p == NULL)
		fz_fail("core asked for %zu bytes and calloc failed", size);
	m->blocks[m->n++] = p;
	m->bytes += size;
	return p;
}

static inline gr_mem
fz_mem_begin(fz_mem *m)
{
	gr_mem		mem;

	memset(m, 0, sizeof(*m));
	mem.alloc = fz_alloc;
	mem.ctx = m;
	return mem;
}

static inline void
fz_mem_end(fz_mem *m)
{
	size_t		i;

	for (i = 0; i < m->n; i++)
		free(m->blocks[i]);
	free(m->blocks);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------ XML guard */

/*
 * Issue 6, point 8: no XML path loads external entities or DTDs.  libxml2
 * funnels every external load (DTD subset, external parsed entity, XInclude)
 * through the external entity loader; this one aborts, so any input that
 * makes the core reach outside the document is a finding.
 */
static inline xmlParserInputPtr
fz_no_external_loads(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void) ctxt;
	fz_fail("libxml2 was asked to load an external resource: URL \"%s\", ID \"%s\"",
			url ? url : "(null)", id ? id : "(null)");
}

static inline void
fz_init_libxml2(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(fz_no_external_loads);
}

/* ------------------------------------------------------- post-conditions */

/*
 * Every bounded search (readings.c, runs.c, place.c and the readings part
 * of recognise.c) kept within its declared bound, and a search that
 * reached its bound left a reading_search_capped finding: no input makes
 * the parser give up silently.
 */
static inline void
fz_check_search_work(const gr_report *rep, const char *what)
{
	static const char *const kinds[GR_SEARCH_KINDS] = {
		"split steps per run", "split steps per table", "readings per row", "joint search nodes",
		"join steps per row", "short-row placements", "placements by position"
	};
	const gr_search_work *w = rep->work;
	long		capped = 0;
	int			k,
				i;
	bool		said = false;

	if (w == NULL)
		fz_fail("%s: a parsed report without its search work", what);
	for (k = 0; k < GR_SEARCH_KINDS; k++)
	{
		if (w->searches[k] > 0 && w->most[k] > w->bound[k])
			fz_fail("%s: a search did %ld %s, over its bound %ld", what, w->most[k], kinds[k], w->bound[k]);
		capped += w->capped[k];
	}
	if (w->over != 0)
		fz_fail("%s: %ld searches went past their bounds", what, w->over);
	for (i = 0; i < rep->nfindings && !said; i++)
		said = strcmp(rep->findings[i].code, "reading_search_capped") == 0;
	if (capped > 0 && !said)
		fz_fail("%s: %ld searches reached their bound and no reading_search_capped finding says so", what, capped);
}

/* Every rule instance evaluated, every string it hands out readable. */
static inline void
fz_run_checks(gr_mem *mem, const gr_report *rep)
{
	gr_check   *items = NULL;
	int			n = gr_check_report(mem, rep, &items),
				i;
	size_t		sum = 0;

	if (n < 0 || (n > 0 && items == NULL))
		fz_fail("gr_check_report returned %d checks and items %p", n, (void *) items);
	for (i = 0; i < n; i++)
	{
		const gr_check *c = &items[i];
		int			k;

		if (c->rule == NULL || c->scope == NULL || c->message == NULL)
			fz_fail("check %d has a NULL rule, scope or message", i);
		sum += strlen(c->rule) + strlen(c->scope) + strlen(c->message);
		if (c->repeat_of)
			sum += strlen(c->repeat_of);
		if (c->status > GR_CHECK_NOT_EVALUATED)
			fz_fail("check %s:%s has status %d", c->rule, c->scope, (int) c->status);
		if (c->suspect_cell < -1 || (c->suspect_cell >= 0 && (rep->tpl == NULL || c->suspect_cell >= rep->tpl->ncells)))
			fz_fail("check %s:%s names suspect cell %d", c->rule, c->scope, c->suspect_cell);
		for (k = 0; k < c->noperands; k++)
			if (rep->tpl == NULL || c->operands[k].cell < 0 || c->operands[k].cell >= rep->tpl->ncells)
				fz_fail("check %s:%s has operand cell %d", c->rule, c->scope, c->operands[k].cell);
	}
	(void) gr_report_consistent(mem, rep);
	/* keep the reads from being optimised away */
	if (sum == (size_t) -1)
		abort();
}

/*
 * A report the core built (by parsing, or read from either form) must be
 * accepted back by both of the type's input functions, and both must give
 * the same bytes again: to_json(from_json(J)) == J, to_binary(from_binary(B))
 * == B, and the two forms agree with each other.
 */
static inline void
fz_round_trip(gr_mem *mem, const gr_report *rep, const char *what)
{
	size_t		jlen = 0,
				blen = 0,
				len2 = 0;
	char	   *json,
			   *json2;
	uint8_t    *bin,
			   *bin2;
	gr_report  *back;
	gr_error	err;

	json = gr_report_to_json(mem, rep, &jlen);
	if (json == NULL)
		fz_fail("%s: gr_report_to_json returned NULL", what);
	if (strlen(json) != jlen)
		fz_fail("%s: to_json length %zu but strlen %zu", what, jlen, strlen(json));
	memset(&err, 0, sizeof(err));
	back = gr_report_from_json(mem, json, jlen, &err);
	if (back == NULL)
		fz_fail("%s: from_json rejects to_json's output: %s (%s) at %ld; json: %s",
				what, err.message, err.detail, err.offset, fz_head(json, jlen));
	json2 = gr_report_to_json(mem, back, &len2);
	if (len2 != jlen || memcmp(json, json2, jlen) != 0)
		fz_fail("%s: to_json(from_json(J)) != J (lengths %zu, %zu; first difference at %zu)",
				what, jlen, len2, fz_first_diff(json, jlen, json2, len2));

	bin = gr_report_to_binary(mem, rep, &blen);
	if (bin == NULL)
		fz_fail("%s: gr_report_to_binary returned NULL", what);
	memset(&err, 0, sizeof(err));
	back = gr_report_from_binary(mem, bin, blen, &err);
	if (back == NULL)
		fz_fail("%s: from_binary rejects to_binary's output: %s (%s) at %ld",
				what, err.message, err.detail, err.offset);
	bin2 = gr_report_to_binary(mem, back, &len2);
	if (len2 != blen || memcmp(bin, bin2, blen) != 0)
		fz_fail("%s: to_binary(from_binary(B)) != B (lengths %zu, %zu; first difference at %zu)",
				what, blen, len2, fz_first_diff(bin, blen, bin2, len2));
	json2 = gr_report_to_json(mem, back, &len2);
	if (len2 != jlen || memcmp(json, json2, jlen) != 0)
		fz_fail("%s: to_json(from_binary(to_binary(R))) != to_json(R) (first difference at %zu)",
				what, fz_first_diff(json, jlen, json2, len2));
}

/* ------------------------------------------------------- parsing entry */

typedef gr_report *(*fz_parse_fn) (gr_mem *mem, const char *data, size_t len,
								   const gr_parse_options *opts, gr_error *err);

static int	fz_interrupts;		/* calls of the hook in this parse */
static int	fz_cancel_at;		/* jump out at this call; 0 = never */
static jmp_buf fz_cancel_jmp;

static int	fz_polls;			/* calls of interrupt_pending in this parse */
static int	fz_pending_at;		/* pending from this poll on; 0 = never */

static inline void
fz_interrupt_hook(void)
{
	fz_interrupts++;
	if ((fz_cancel_at > 0 && fz_interrupts == fz_cancel_at) ||
		(fz_pending_at > 0 && fz_polls >= fz_pending_at))
		longjmp(fz_cancel_jmp, 1);
}

/* The server's QueryCancelPending: libxml2's callbacks stop the parser,
 * and the hook jumps once libxml2 has returned. */
static inline bool
fz_interrupt_pending(void)
{
	fz_polls++;
	return fz_pending_at > 0 && fz_polls >= fz_pending_at;
}

/* The server's defaults (src/pg/glue.c), so the limit paths are reached. */
static inline void
fz_options(gr_parse_options *opts, gr_held *held)
{
	memset(opts, 0, sizeof(*opts));
	memset(held, 0, sizeof(*held));
	opts->limits.max_document_bytes = (size_t) 131072 * 1024;
	opts->limits.max_table_rows = 10000;
	opts->check_interrupts = fz_interrupt_hook;
	opts->held = held;
	opts->interrupt_pending = fz_interrupt_pending;
}

static inline uint32_t
fz_hash(const uint8_t *data, size_t size)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

/*
 * Parses the input with gr_parse_text or gr_parse_document and holds the
 * result to every post-condition; then parses it again and cancels the
 * parse from inside the interrupt hook, as statement_timeout does in the
 * server: after gr_release_held, nothing may leak (LeakSanitizer checks).
 */
static inline void
fz_parse_input(fz_parse_fn parse, const char *what, const uint8_t *data, size_t size)
{
	fz_mem		m;
	gr_mem		mem;
	gr_parse_options opts;
	gr_held		held;
	gr_error	err;
	gr_report  *rep;
	int			calls,
				polls;

	mem = fz_mem_begin(&m);
	fz_options(&opts, &held);
	memset(&err, 0, sizeof(err));
	fz_interrupts = 0;
	fz_cancel_at = 0;
	fz_polls = 0;
	fz_pending_at = 0;
	rep = parse(&mem, (const char *) data, size, &opts, &err);
	calls = fz_interrupts;
	polls = fz_polls;
	if (held.release != NULL || held.resource != NULL)
		fz_fail("%s returned with a resource still in the gr_held slot", what);
	if (rep == NULL)
	{
		if (err.status == GR_OK || err.message[0] == '\0')
			fz_fail("%s failed without an error status and message (status %d)", what, (int) err.status);
		if (strnlen(err.detail, sizeof(err.detail)) == sizeof(err.detail))
			fz_fail("%s: error detail is not NUL-terminated", what);
	}
	else
	{
		if (rep->tpl == NULL || rep->ncells != rep->tpl->ncells)
			fz_fail("%s: report with template %p and %d cells", what, (void *) rep->tpl, rep->ncells);
		fz_check_search_work(rep, what);
		fz_run_checks(&mem, rep);
		fz_round_trip(&mem, rep, what);
	}
	fz_mem_end(&m);

	/* the cancelled replay (static: the core changes them before the jump) */
	if (calls > 0)
	{
		static fz_mem cm;
		static gr_mem cmem;
		static gr_parse_options copts;
		static gr_held cheld;
		static gr_error cerr;

		cmem = fz_mem_begin(&cm);
		fz_options(&copts, &cheld);
		memset(&cerr, 0, sizeof(cerr));
		fz_interrupts = 0;
		fz_cancel_at = (int) (fz_hash(data, size) % (uint32_t) calls) + 1;
		if (setjmp(fz_cancel_jmp) == 0)
			(void) parse(&cmem, (const char *) data, size, &copts, &cerr);
		/* the server's PG_CATCH: free what the core holds outside gr_mem */
		gr_release_held(&cheld);
		fz_cancel_at = 0;
		fz_mem_end(&cm);
	}

	/* the replay with a cancel pending from inside libxml2's callbacks */
	if (polls > 0)
	{
		static fz_mem pm;
		static gr_mem pmem;
		static gr_parse_options popts;
		static gr_held pheld;
		static gr_error perr;

		pmem = fz_mem_begin(&pm);
		fz_options(&popts, &pheld);
		memset(&perr, 0, sizeof(perr));
		fz_interrupts = 0;
		fz_polls = 0;
		fz_pending_at = (int) (fz_hash(data, size) % (uint32_t) polls) + 1;
		if (setjmp(fz_cancel_jmp) == 0)
			(void) parse(&pmem, (const char *) data, size, &popts, &perr);
		gr_release_held(&pheld);
		fz_pending_at = 0;
		fz_mem_end(&pm);
	}
}

#endif							/* FUZZ_COMMON_H */
