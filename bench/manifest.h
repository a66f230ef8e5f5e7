/*
 * manifest.h — what the benchmark's C programs share: reading the
 * workload manifest (written by gen_workload.py) into memory, and a clock.
 * Header-only so that floor.c and core_bench.c stay one file each.
 */
#ifndef BENCH_MANIFEST_H
#define BENCH_MANIFEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct bench_doc
{
	int			id;
	char		kind[8];		/* html | text */
	char		cls[32];		/* corpus | typical | typical_text | large | scale */
	char		label[256];
	char	   *data;
	size_t		len;
} bench_doc;

/*
 * The clock: CPU time of the calling thread.  This machine is shared
 * (builds, fuzzers), so wall-clock time would charge other processes' time
 * slices to whatever is being measured; a single-threaded parse's CPU time
 * does not.  bench_wall is there for the record.
 */
static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static double
bench_wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static char *
bench_read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	long		n;
	char	   *buf;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) n + 1);
	if (buf == NULL || fread(buf, 1, (size_t) n, f) != (size_t) n)
	{
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t) n;
	return buf;
}

/* Loads the documents whose kind matches (NULL = any); exits on error. */
static bench_doc *
bench_load_manifest(const char *path, const char *kind, int *ndocs)
{
	FILE	   *f = fopen(path, "r");
	char		line[4096];
	bench_doc  *docs = NULL;
	int			n = 0,
				cap = 0;

	if (f == NULL)
	{
		fprintf(stderr, "cannot open manifest %s\n", path);
		exit(2);
	}
	while (fgets(line, sizeof(line), f))
	{
		char	   *fields[6];
		char	   *p = line;
		int			k;

		line[strcspn(line, "\n")] = '\0';
		for (k = 0; k < 6; k++)
		{
			fields[k] = p;
			p = strchr(p, '\t');
			if (p == NULL)
				break;
			*p++ = '\0';
		}
		if (k < 5)
			continue;
		if (kind && strcmp(fields[2], kind) != 0)
			continue;
		if (n == cap)
		{
			cap = cap ? cap * 2 : 256;
			docs = realloc(docs, (size_t) cap * sizeof(bench_doc));
		}
		memset(&docs[n], 0, sizeof(bench_doc));
		docs[n].id = atoi(fields[0]);
		snprintf(docs[n].kind, sizeof(docs[n].kind), "%s", fields[2]);
		snprintf(docs[n].cls, sizeof(docs[n].cls), "%s", fields[3]);
		snprintf(docs[n].label, sizeof(docs[n].label), "%s", fields[5]);
		docs[n].data = bench_read_file(fields[1], &docs[n].len);
		if (docs[n].data == NULL)
		{
			fprintf(stderr, "cannot read %s\n", fields[1]);
			exit(2);
		}
		n++;
	}
	fclose(f);
	*ndocs = n;
	return docs;
}

/* Whether class cls is in the comma-separated list (NULL or "" = all). */
static int
bench_class_in(const char *cls, const char *list)
{
	size_t		n = strlen(cls);
	const char *p = list;

	if (list == NULL || *list == '\0')
		return 1;
	while (p && *p)
	{
		const char *e = strchr(p, ',');
		size_t		m = e ? (size_t) (e - p) : strlen(p);

		if (m == n && strncmp(p, cls, n) == 0)
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

#endif
