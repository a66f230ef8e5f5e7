/* unit.c — runs every registered test case and prints the closing count. */
#include <stdlib.h>
#include <string.h>
#include "unit.h"

int			unit_passed = 0;
int			unit_failed = 0;
const char *unit_current = "";

void
unit_check(int ok, const char *expr, const char *file, int line)
{
	if (ok)
		unit_passed++;
	else
	{
		unit_failed++;
		printf("FAIL [%s] %s:%d: %s\n", unit_current, file, line, expr);
	}
}

void
unit_check_int(long long a, long long b, const char *ea, const char *eb, const char *file, int line)
{
	if (a == b)
		unit_passed++;
	else
	{
		unit_failed++;
		printf("FAIL [%s] %s:%d: %s == %s (%lld != %lld)\n", unit_current, file, line, ea, eb, a, b);
	}
}

void
unit_check_str(const char *a, const char *b, const char *ea, const char *eb, const char *file, int line)
{
	if (a && b && strcmp(a, b) == 0)
		unit_passed++;
	else
	{
		unit_failed++;
		printf("FAIL [%s] %s:%d: %s == %s (\"%s\" != \"%s\")\n", unit_current, file, line, ea, eb,
			   a ? a : "(null)", b ? b : "(null)");
	}
}

char *
unit_read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) n + 1);
	if (!buf || fread(buf, 1, (size_t) n, f) != (size_t) n)
	{
		free(buf);
		fclose(f);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	*len = (size_t) n;
	return buf;
}

#define UNIT_SUITE(name) void name(void);
#include "suites.h"
#undef UNIT_SUITE

static const unit_case suites[] = {
#define UNIT_SUITE(name) {#name, name},
#include "suites.h"
#undef UNIT_SUITE
};

int
main(int argc, char **argv)
{
	size_t		i;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
	{
		if (argc > 1 && strstr(suites[i].name, argv[1]) == NULL)
			continue;
		unit_current = suites[i].name;
		suites[i].fn();
	}
	printf("unit: %d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed == 0 ? 0 : 1;
}
