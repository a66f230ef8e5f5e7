/* unit.h — a minimal test harness for the core's C unit tests. */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include "gr.h"

extern int unit_passed;
extern int unit_failed;
extern const char *unit_current;

/* Records one check; prints the failing expression with its place. */
#define CHECK(cond) unit_check((cond) != 0, #cond, __FILE__, __LINE__)
#define CHECK_EQ_INT(a, b) unit_check_int((long long) (a), (long long) (b), #a, #b, __FILE__, __LINE__)
#define CHECK_EQ_STR(a, b) unit_check_str((a), (b), #a, #b, __FILE__, __LINE__)

void		unit_check(int ok, const char *expr, const char *file, int line);
void		unit_check_int(long long a, long long b, const char *ea, const char *eb, const char *file, int line);
void		unit_check_str(const char *a, const char *b, const char *ea, const char *eb, const char *file, int line);

/* Reads a whole file; NULL if it cannot be read. Caller frees. */
char	   *unit_read_file(const char *path, size_t *len);

/* Every test file defines one registration function listed in unit.c. */
typedef void (*unit_fn) (void);
typedef struct unit_case
{
	const char *name;
	unit_fn		fn;
} unit_case;

#endif
