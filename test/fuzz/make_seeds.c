/*
 * make_seeds — seeds for fuzz_json and fuzz_binary: parses each document
 * given and writes the report's canonical text form to OUTDIR/json/NAME
 * and its binary form to OUTDIR/binary/NAME.  Documents that do not parse
 * are skipped.  run.sh builds the seeds at run time (never committed: the
 * corpus documents are third-party).
 *
 *   make_seeds OUTDIR FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gr.h"

static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	long		n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
		(buf = malloc((size_t) n + 1)) != NULL && fread(buf, 1, (size_t) n, f) == (size_t) n)
		*len = (size_t) n;
	else
	{
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int
write_file(const char *dir, const char *sub, const char *name, const void *data, size_t len)
{
	char		path[4096];
	FILE	   *f;
	int			ok;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	if ((f = fopen(path, "wb")) == NULL)
	{
		perror(path);
		return 0;
	}
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

int
main(int argc, char **argv)
{
	int			i,
				written = 0,
				failed = 0;

	if (argc < 2)
	{
		fprintf(stderr, "usage: make_seeds OUTDIR FILE...\n");
		return 2;
	}
	for (i = 2; i < argc; i++)
	{
		const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		size_t		len = 0,
					jlen,
					blen;
		char	   *doc = read_file(argv[i], &len);
		gr_arena   *arena;
		gr_mem		mem;
		gr_error	err;
		gr_report  *rep;

		if (doc == NULL)
		{
			perror(argv[i]);
			failed++;
			continue;
		}
		arena = gr_arena_create();
		mem = gr_arena_mem(arena);
		memset(&err, 0, sizeof(err));
		rep = gr_parse_document(&mem, doc, len, NULL, &err);
		if (rep != NULL)
		{
			char	   *json = gr_report_to_json(&mem, rep, &jlen);
			uint8_t    *bin = gr_report_to_binary(&mem, rep, &blen);

			/* the same report as a sum of two (its optional sum section) */
			gr_report  *sum = gr_report_sum(&mem, rep, rep, &err);
			char		sum_base[300];

			snprintf(sum_base, sizeof(sum_base), "sum-%s", base);
			if (write_file(argv[1], "json", base, json, jlen) &&
				write_file(argv[1], "binary", base, bin, blen))
				written++;
			else
				failed++;
			if (sum != NULL)
			{
				json = gr_report_to_json(&mem, sum, &jlen);
				bin = gr_report_to_binary(&mem, sum, &blen);
				if (write_file(argv[1], "json", sum_base, json, jlen) &&
					write_file(argv[1], "binary", sum_base, bin, blen))
					written++;
				else
					failed++;
			}
		}
		gr_arena_destroy(arena);
		free(doc);
	}
	printf("make_seeds: %d reports written\n", written);
	return failed ? 1 : 0;
}
