/*
 * grparse — runs the core parser outside PostgreSQL and prints what it found:
 *   grparse FILE            cells and findings, one per line
 *   grparse --json FILE     the canonical text form
 *   grparse --checks FILE   every rule instance with its status and message
 * For debugging and for comparing the core with what the server returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gr.h"

int
main(int argc, char **argv)
{
	const char *path = argv[argc - 1];
	int			json = argc > 2 && strcmp(argv[1], "--json") == 0;
	int			checks = argc > 2 && strcmp(argv[1], "--checks") == 0;
	FILE	   *f;
	char	   *buf;
	long		n;
	gr_arena   *arena;
	gr_mem		mem;
	gr_error	err;
	gr_report  *rep;
	int			i;

	if (argc < 2 || !(f = fopen(path, "rb")))
	{
		fprintf(stderr, "usage: grparse [--json] FILE\n");
		return 2;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) n + 1);
	if (!buf || fread(buf, 1, (size_t) n, f) != (size_t) n)
		return 2;
	fclose(f);
	arena = gr_arena_create();
	mem = gr_arena_mem(arena);
	memset(&err, 0, sizeof(err));
	rep = gr_parse_document(&mem, buf, (size_t) n, NULL, &err);
	if (!rep)
	{
		fprintf(stderr, "error: %s\ndetail: %s\n", err.message, err.detail);
		return 1;
	}
	if (json)
		puts(gr_report_to_json(&mem, rep, NULL));
	else if (checks)
	{
		gr_check   *items;
		int			n = gr_check_report(&mem, rep, &items);

		for (i = 0; i < n; i++)
			printf("%s\t%s\t%s\t%s\t%s\t%s\n", items[i].rule, items[i].scope,
				   gr_check_status_name(items[i].status),
				   items[i].suspect_cell >= 0 ? rep->tpl->cells[items[i].suspect_cell].key : "-",
				   items[i].repeat_of ? items[i].repeat_of : "-", items[i].message);
	}
	else
	{
		printf("template\t%s\nyear\t%d\nagency\t%s\npublished\t%s\ntitle\t%s\n",
			   rep->tpl ? rep->tpl->name : "", rep->year, rep->agency ? rep->agency : "",
			   rep->published, rep->title ? rep->title : "");
		for (i = 0; i < rep->ncells; i++)
		{
			char		v[48] = "NULL";

			if (rep->cells[i].state == GR_REPORTED || rep->cells[i].state == GR_INFERRED)
				gr_num_format(rep->cells[i].value, v, sizeof(v));
			printf("%s\t%s\t%s\t%u\n", rep->tpl->cells[i].key, v,
				   gr_state_name((gr_state) rep->cells[i].state), (unsigned) rep->cells[i].line);
		}
		for (i = 0; i < rep->nfindings; i++)
			printf("finding\t%s\t%s\t%s\n", rep->findings[i].code, rep->findings[i].location,
				   rep->findings[i].message);
	}
	gr_arena_destroy(arena);
	free(buf);
	return 0;
}
