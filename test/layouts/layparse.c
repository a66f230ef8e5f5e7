/*
 * layparse — the layout harness's driver: parses every file named on the
 * command line with the core (gr_parse_document) and prints, per file,
 * "@ PATH" and then one "key<TAB>value<TAB>state" line per cell, or
 * "! message" when the parse failed.  One process for a whole batch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gr.h"

static char *
slurp(const char *path, long *n)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	*n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) *n + 1);
	if (buf == NULL || fread(buf, 1, (size_t) *n, f) != (size_t) *n)
	{
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	return buf;
}

int
main(int argc, char **argv)
{
	int			a;

	for (a = 1; a < argc; a++)
	{
		long		n = 0;
		char	   *buf = slurp(argv[a], &n);
		gr_arena   *arena;
		gr_mem		mem;
		gr_error	err;
		gr_report  *rep;
		int			i;

		printf("@ %s\n", argv[a]);
		if (buf == NULL)
		{
			printf("! cannot read\n");
			continue;
		}
		arena = gr_arena_create();
		mem = gr_arena_mem(arena);
		memset(&err, 0, sizeof(err));
		rep = gr_parse_document(&mem, buf, (size_t) n, NULL, &err);
		if (rep == NULL)
			printf("! %s %s\n", err.message, err.detail);
		else
		{
			printf("= template\t%s\n= agency\t%s\n", rep->tpl->name, rep->agency ? rep->agency : "");
			for (i = 0; i < rep->ncells; i++)
			{
				char		v[48] = "NULL";

				if (rep->cells[i].state == GR_REPORTED || rep->cells[i].state == GR_INFERRED)
					gr_num_format(rep->cells[i].value, v, sizeof(v));
				printf("%s\t%s\t%s\n", rep->tpl->cells[i].key, v, gr_state_name((gr_state) rep->cells[i].state));
			}
		}
		gr_arena_destroy(arena);
		free(buf);
	}
	return 0;
}
