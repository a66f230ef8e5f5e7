/*
 * core_bench.c — govreport's core (src/core, no PostgreSQL) on the
 * benchmark's documents.
 *
 *   core_bench time MANIFEST KIND CLASSES REPS
 *       parse, and parse + checks, of every document of that kind and
 *       those classes; REPS passes each, the fastest (CPU time, see
 *       manifest.h) kept.  One JSON object per step.
 *   core_bench mem MANIFEST KIND CLASSES
 *       memory per parse (parse + checks) for each document: the arena's
 *       bytes (gr_arena_bytes) and the peak of libxml2's own malloc'd
 *       memory (counted through xmlMemSetup), against the document size.
 *   core_bench scale MANIFEST KIND CLASSES SECONDS
 *       each document on its own, repeated for at least SECONDS: time per
 *       parse + checks, for the size-scaling table.
 *   core_bench dump MANIFEST KIND CLASSES
 *       per document, its table 3 and table 4 cells and its failing hard
 *       identities, as TSV, for comparison with the truth and the baseline.
 *
 * Every parse uses gr_parse_document (raw bytes: decoding, form detection,
 * lexing, recognition), as govreport.parse(bytea) does, with no limits.
 */
#include <stdint.h>

#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

#include "gr.h"
#include "manifest.h"

/* ------------------------------------------------------ libxml2 counting */

static size_t xml_cur,
			xml_peak;

#define HDR 16

static void *
count_malloc(size_t n)
{
	char	   *p = malloc(n + HDR);

	if (p == NULL)
		return NULL;
	*(size_t *) p = n;
	xml_cur += n;
	if (xml_cur > xml_peak)
		xml_peak = xml_cur;
	return p + HDR;
}

static void
count_free(void *q)
{
	char	   *p;

	if (q == NULL)
		return;
	p = (char *) q - HDR;
	xml_cur -= *(size_t *) p;
	free(p);
}

static void *
count_realloc(void *q, size_t n)
{
	char	   *p;
	size_t		old;

	if (q == NULL)
		return count_malloc(n);
	p = (char *) q - HDR;
	old = *(size_t *) p;
	p = realloc(p, n + HDR);
	if (p == NULL)
		return NULL;
	*(size_t *) p = n;
	xml_cur = xml_cur - old + n;
	if (xml_cur > xml_peak)
		xml_peak = xml_cur;
	return p + HDR;
}

static char *
count_strdup(const char *s)
{
	size_t		n = strlen(s) + 1;
	char	   *p = count_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

/* ------------------------------------------------------------ one parse */

typedef struct outcome
{
	int			ok;
	int			nchecks;
	int			failed;			/* failing error-severity checks */
	size_t		arena;
} outcome;

static outcome
run_one(const bench_doc *d, int checks, FILE *dump)
{
	gr_arena   *arena = gr_arena_create();
	gr_mem		mem = gr_arena_mem(arena);
	gr_error	err;
	gr_report  *rep;
	outcome		o = {0, 0, 0, 0};

	memset(&err, 0, sizeof(err));
	rep = gr_parse_document(&mem, d->data, d->len, NULL, &err);
	if (rep != NULL)
	{
		o.ok = 1;
		if (checks)
		{
			gr_check   *items;
			int			i;

			o.nchecks = gr_check_report(&mem, rep, &items);
			for (i = 0; i < o.nchecks; i++)
				if (items[i].status == GR_CHECK_FAIL && items[i].severity == GR_SEV_ERROR)
				{
					o.failed++;
					if (dump)
						fprintf(dump, "%d\tfail\t%s:%s\t\n", d->id, items[i].rule, items[i].scope);
				}
		}
		if (dump)
		{
			int			i;

			fprintf(dump, "%d\tmeta\t%s\t%d\t%s\n", d->id, rep->agency ? rep->agency : "",
					rep->year, rep->tpl ? rep->tpl->name : "");
			for (i = 0; rep->tpl && i < rep->ncells; i++)
			{
				const char *key = rep->tpl->cells[i].key;
				char		v[48] = "NULL";

				if (strncmp(key, "t3.", 3) != 0 && strncmp(key, "t4.", 3) != 0)
					continue;
				if (rep->cells[i].state == GR_REPORTED || rep->cells[i].state == GR_INFERRED)
					gr_num_format(rep->cells[i].value, v, sizeof(v));
				fprintf(dump, "%d\tcell\t%s\t%s\t%s\n", d->id, key, v,
						gr_state_name((gr_state) rep->cells[i].state));
			}
		}
	}
	else if (dump)
		fprintf(dump, "%d\terror\t%s\t%s\n", d->id, err.message, err.detail);
	o.arena = gr_arena_bytes(arena);
	gr_arena_destroy(arena);
	return o;
}

/* ---------------------------------------------------------------- modes */

static void
mode_time(bench_doc *docs, int ndocs, const char *kind, const char *classes, int reps)
{
	int			checks;

	for (checks = 0; checks < 2; checks++)
	{
		double		best = 1e30,
					wall = 0;
		size_t		bytes = 0;
		int			n = 0,
					errors = 0,
					failed = 0,
					r,
					i;

		for (r = 0; r < reps; r++)
		{
			double		t0 = bench_now(),
						w0 = bench_wall();

			bytes = 0;
			n = errors = failed = 0;
			for (i = 0; i < ndocs; i++)
			{
				outcome		o;

				if (!bench_class_in(docs[i].cls, classes))
					continue;
				o = run_one(&docs[i], checks, NULL);
				errors += !o.ok;
				failed += o.failed > 0;
				bytes += docs[i].len;
				n++;
			}
			t0 = bench_now() - t0;
			if (t0 < best)
			{
				best = t0;
				wall = bench_wall() - w0;
			}
		}
		printf("{\"prog\":\"core\",\"mode\":\"%s\",\"kind\":\"%s\",\"classes\":\"%s\",\"docs\":%d,\"bytes\":%zu,"
			   "\"seconds\":%.6f,\"wall_seconds\":%.6f,\"mb_s\":%.2f,\"docs_s\":%.1f,\"errors\":%d,\"inconsistent\":%d}\n",
			   checks ? "parse+checks" : "parse", kind, classes, n, bytes, best, wall,
			   bytes / 1048576.0 / best, n / best, errors, failed);
	}
}

static void
mode_mem(bench_doc *docs, int ndocs, const char *kind, const char *classes)
{
	double		worst = 0,
				sum_ratio = 0;
	int			i,
				n = 0,
				worst_id = 0;
	size_t		worst_len = 0,
				worst_total = 0;

	for (i = 0; i < ndocs; i++)
	{
		outcome		o;
		size_t		total;
		double		budget,
					use;

		if (!bench_class_in(docs[i].cls, classes))
			continue;
		xml_cur = 0;
		xml_peak = 0;
		o = run_one(&docs[i], 1, NULL);
		total = o.arena + xml_peak;
		budget = 4.0 * (double) docs[i].len + 1048576.0;
		use = (double) total / budget;
		printf("{\"prog\":\"core\",\"mode\":\"mem\",\"kind\":\"%s\",\"id\":%d,\"class\":\"%s\",\"label\":\"%s\","
			   "\"bytes\":%zu,\"arena\":%zu,\"libxml2_peak\":%zu,\"per_doc_byte\":%.3f,\"of_budget\":%.3f}\n",
			   kind, docs[i].id, docs[i].cls, docs[i].label, docs[i].len, o.arena, xml_peak,
			   (double) total / (double) docs[i].len, use);
		sum_ratio += (double) total / (double) docs[i].len;
		if (use > worst)
		{
			worst = use;
			worst_id = docs[i].id;
			worst_len = docs[i].len;
			worst_total = total;
		}
		n++;
	}
	printf("{\"prog\":\"core\",\"mode\":\"mem-summary\",\"kind\":\"%s\",\"classes\":\"%s\",\"docs\":%d,"
		   "\"mean_per_doc_byte\":%.3f,\"worst_of_budget\":%.3f,\"worst_id\":%d,\"worst_bytes\":%zu,\"worst_total\":%zu}\n",
		   kind, classes, n, n ? sum_ratio / n : 0, worst, worst_id, worst_len, worst_total);
}

static void
mode_scale(bench_doc *docs, int ndocs, const char *kind, const char *classes, double seconds)
{
	int			i;

	for (i = 0; i < ndocs; i++)
	{
		double		t0,
					t,
					best = 1e30;
		int			reps = 0;

		if (!bench_class_in(docs[i].cls, classes))
			continue;
		t0 = bench_wall();
		do
		{
			double		t1 = bench_now();

			run_one(&docs[i], 1, NULL);
			t = bench_now() - t1;
			if (t < best)
				best = t;
			reps++;
		} while (reps < 5 || bench_wall() - t0 < seconds);
		printf("{\"prog\":\"core\",\"mode\":\"scale\",\"kind\":\"%s\",\"label\":\"%s\",\"bytes\":%zu,\"reps\":%d,"
			   "\"seconds\":%.6f,\"ms_per_mb\":%.3f,\"mb_s\":%.2f}\n",
			   kind, docs[i].label, docs[i].len, reps, best,
			   best * 1000.0 / (docs[i].len / 1048576.0), docs[i].len / 1048576.0 / best);
	}
}

static void
mode_dump(bench_doc *docs, int ndocs, const char *classes)
{
	int			i;

	for (i = 0; i < ndocs; i++)
		if (bench_class_in(docs[i].cls, classes))
			run_one(&docs[i], 1, stdout);
}

int
main(int argc, char **argv)
{
	bench_doc  *docs;
	int			ndocs;
	const char *mode;

	if (argc < 5)
	{
		fprintf(stderr, "usage: core_bench time|mem|scale|dump MANIFEST KIND CLASSES [REPS|SECONDS]\n");
		return 2;
	}
	mode = argv[1];
	if (strcmp(mode, "mem") == 0 &&
		xmlMemSetup(count_free, count_malloc, count_realloc, count_strdup) != 0)
	{
		fprintf(stderr, "xmlMemSetup failed\n");
		return 2;
	}
	xmlInitParser();
	docs = bench_load_manifest(argv[2], argv[3], &ndocs);
	if (strcmp(mode, "time") == 0)
		mode_time(docs, ndocs, argv[3], argv[4], argc > 5 ? atoi(argv[5]) : 3);
	else if (strcmp(mode, "mem") == 0)
		mode_mem(docs, ndocs, argv[3], argv[4]);
	else if (strcmp(mode, "scale") == 0)
		mode_scale(docs, ndocs, argv[3], argv[4], argc > 5 ? atof(argv[5]) : 0.5);
	else if (strcmp(mode, "dump") == 0)
		mode_dump(docs, ndocs, argv[4]);
	else
	{
		fprintf(stderr, "unknown mode %s\n", mode);
		return 2;
	}
	return 0;
}
