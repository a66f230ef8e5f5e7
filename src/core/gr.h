/*
 * gr.h — the govreport core: parsing, recognition, placement and
 * serialisation of government information-disclosure annual reports.
 *
 * Plain C99 with no PostgreSQL headers, so that it can be unit-tested,
 * fuzzed and benchmarked outside the server.  The caller hands in the
 * allocator (gr_mem); every function reports failure through gr_error
 * instead of jumping out, so the caller decides how to raise it.
 */
#ifndef GR_H
#define GR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ memory */

/*
 * All core allocations go through this hook and are released together by
 * the caller (PostgreSQL: a memory context; tests: gr_arena).  alloc must
 * return zeroed memory or not return at all (abort / longjmp on OOM).
 */
typedef struct gr_mem
{
	void	   *(*alloc) (void *ctx, size_t size);
	void	   *ctx;
} gr_mem;

void	   *gr_alloc(gr_mem *mem, size_t size);
char	   *gr_strndup(gr_mem *mem, const char *s, size_t n);
char	   *gr_strdup(gr_mem *mem, const char *s);

/* A simple malloc-backed arena for code running outside PostgreSQL. */
typedef struct gr_arena gr_arena;
gr_arena   *gr_arena_create(void);
void		gr_arena_destroy(gr_arena *arena);
gr_mem		gr_arena_mem(gr_arena *arena);
size_t		gr_arena_bytes(const gr_arena *arena);

/* ------------------------------------------------------------------ errors */

typedef enum gr_status
{
	GR_OK = 0,
	GR_ERR_EMPTY,				/* no content at all */
	GR_ERR_ENCODING,			/* bytes that are not valid text */
	GR_ERR_NOT_REPORT,			/* text, but not an annual report */
	GR_ERR_SYNTAX,				/* canonical text that is not canonical */
	GR_ERR_BINARY,				/* binary form that is malformed */
	GR_ERR_VERSION,				/* binary/canonical form of an unknown version */
	GR_ERR_LIMIT,				/* input over a configured limit */
	GR_ERR_RANGE,				/* a number too large for its cell */
	GR_ERR_MISMATCH,			/* reports that cannot be combined (templates differ) */
	GR_ERR_CORRUPT,				/* a container (.docx zip) that is truncated or corrupt */
	GR_ERR_UNSUPPORTED,			/* a file govreport does not read (.doc, encrypted .docx) */
	GR_ERR_CANCELED				/* stopped by a pending interrupt that did not jump */
} gr_status;

typedef struct gr_error
{
	gr_status	status;
	char		message[256];
	char		detail[512];
	long		offset;			/* byte offset in the input, or -1 */
	char		hint[256];		/* what the user can do, or "" */
} gr_error;

void		gr_error_set(gr_error *err, gr_status status, long offset,
						 const char *detail_fmt, ...)
#if defined(__GNUC__)
			__attribute__((format(printf, 4, 5)))
#endif
			;
/* After gr_error_set: a message more precise than the status's own, and a hint. */
void		gr_error_message(gr_error *err, const char *fmt, ...)
#if defined(__GNUC__)
			__attribute__((format(printf, 2, 3)))
#endif
			;
void		gr_error_hint(gr_error *err, const char *hint);

/* ------------------------------------------------------------------ values */

typedef enum gr_state
{
	GR_ABSENT = 0,				/* the table or row is not in the document */
	GR_BLANK = 1,				/* cell printed empty or with a placeholder */
	GR_REPORTED = 2,			/* a number was printed */
	GR_INFERRED = 3				/* placed by the identities (short row) */
} gr_state;

const char *gr_state_name(gr_state state);
int			gr_state_from_name(const char *name, size_t len);	/* -1 if unknown */

/* A decimal number: mant / 10^scale.  Counts have scale 0. */
typedef struct gr_num
{
	int64_t		mant;
	uint8_t		scale;
} gr_num;

#define GR_MAX_SCALE 6
#define GR_MAX_DIGITS 18

/* Writes the canonical decimal form ("7730.28", "-8", "0"); returns length. */
int			gr_num_format(gr_num num, char *buf, size_t size);
/* Parses [-]digits[.digits]; false (with err) on syntax or range error. */
bool		gr_num_parse(const char *s, size_t len, gr_num *out);
int			gr_num_cmp(gr_num a, gr_num b);

typedef struct gr_cell
{
	gr_num		value;			/* meaningful for reported/inferred */
	uint8_t		state;			/* gr_state */
	uint32_t	line;			/* 1-based source line, 0 = unknown */
} gr_cell;

/* ---------------------------------------------------------------- template */

typedef enum gr_row_kind
{
	GR_ROW_DATA = 0,			/* a row with cells */
	GR_ROW_GROUP = 1			/* a group label; no cells of its own */
} gr_row_kind;

#define GR_ROW_OUTCOME		0x01	/* counted in t3_outcome_sum */
#define GR_ROW_SIGNED		0x02	/* may be negative (2019 本年增/减) */
#define GR_ROW_MONEY		0x04	/* decimal amount */
#define GR_ROW_COLLAPSIBLE	0x08	/* group that some reports print as one row */

typedef struct gr_col_def
{
	const char *code;
	const char *label;
	unsigned	flags;			/* GR_ROW_SIGNED / GR_ROW_MONEY for this column only */
} gr_col_def;

typedef struct gr_row_def
{
	const char *code;			/* SPEC §6 row code; group code for groups */
	const char *label;			/* the official label */
	gr_row_kind kind;
	unsigned	flags;
	const char *const *keys;	/* normalised phrases that identify the row */
	const char *exact;			/* whole label (numbering stripped), or NULL */
	int			ncols;
	const gr_col_def *cols;
	int			group;			/* index of the group row it belongs to, -1 */
} gr_row_def;

typedef struct gr_table_def
{
	const char *code;			/* "t2", "t3", "t4" */
	const char *title;
	int			nrows;
	const gr_row_def *rows;
} gr_table_def;

typedef struct gr_cell_def
{
	char		key[64];		/* "t3.received.total" */
	int			table;
	int			row;
	int			col;
	const char *table_code;
	const char *row_code;
	const char *col_code;
	const char *row_label;
	const char *col_label;
	unsigned	flags;			/* the row's flags and the column's */
} gr_cell_def;

#define GR_MAX_CELLS 256
#define GR_MAX_TERMS 32
#define GR_MAX_IDENTITIES 96

typedef struct gr_term
{
	int			cell;
	int			weight;
} gr_term;

/* An identity instance: sum(weight * cell) == 0. */
typedef struct gr_identity
{
	const char *rule;			/* SPEC §7 rule name */
	char		scope[48];		/* row or column it runs over */
	int			nterms;
	gr_term		terms[GR_MAX_TERMS];
} gr_identity;

typedef struct gr_template
{
	const char *name;			/* "2021" */
	uint8_t		id;				/* stable id used in the binary form */
	int			ntables;
	const gr_table_def *tables;
	/* derived at first use by gr_template_get */
	int			ncells;
	gr_cell_def cells[GR_MAX_CELLS];
	int			first_cell[8][40];	/* [table][row] -> first cell index or -1 */
	int			nidentities;
	gr_identity identities[GR_MAX_IDENTITIES];
} gr_template;

const gr_template *gr_template_by_name(const char *name, size_t len);
const gr_template *gr_template_by_id(int id);
int			gr_template_find_cell(const gr_template *tpl, const char *key, size_t len);
/* cell index of table t, row r, column c (-1 if none) */
int			gr_template_cell(const gr_template *tpl, int t, int r, int c);
int			gr_template_table(const gr_template *tpl, const char *code);

/*
 * The official layout of a table, beyond its rows and columns: what the
 * report card (card.c) needs to draw the tables as the format prints them.
 */
typedef struct gr_table_layout
{
	const char *corner;			/* the corner cell's text, or NULL */
	const char *header;			/* a heading over every value column, or NULL */
	const char *col_group;		/* a heading over some columns, or NULL */
	int			col_group_first;	/* the first column under col_group */
	int			col_group_count;
	const char *row_group_sep;	/* splits a row label into group and row, or NULL */
	bool		transposed;		/* rows are printed side by side as column groups */
} gr_table_layout;

/* Layout of table t; never NULL (an empty layout for unknown tables). */
const gr_table_layout *gr_template_layout(const gr_template *tpl, int t);
/* The heading of the block that row r of table t opens (table 2's
 * 第二十条第（一）项 …), or NULL when the row continues a block. */
const char *gr_template_block(const gr_template *tpl, int t, int r);

/* ------------------------------------------------------------------ report */

typedef struct gr_finding
{
	char	   *code;			/* e.g. "short_row_inferred" */
	char	   *location;		/* e.g. "t3.granted, line 123" */
	char	   *message;		/* English, with the numbers */
	int			nvalues;		/* numbers printed, where the finding keeps them */
	gr_num	   *values;
} gr_finding;

typedef struct gr_report
{
	const gr_template *tpl;
	int32_t		year;			/* 0 = not found */
	char		published[11];	/* "YYYY-MM-DD" or "" */
	char	   *agency;			/* NULL = not found */
	char	   *title;			/* NULL = not found */
	int			ncells;
	gr_cell    *cells;
	int			nfindings;
	int			findings_cap;
	gr_finding *findings;
	/* A sum of reports (analysis.c): how many were added, and per cell how
	 * many of them carried a number there.  summed = 0 and contributors =
	 * NULL for a parsed report. */
	int32_t		summed;
	uint32_t   *contributors;
	/* A parsed report: the work its bounded searches did (gr_internal.h),
	 * for the tests and harnesses; NULL otherwise. */
	struct gr_search_work *work;
} gr_report;

gr_report  *gr_report_new(gr_mem *mem, const gr_template *tpl);
gr_finding *gr_report_add_finding(gr_mem *mem, gr_report *rep, const char *code,
								  const char *location, const char *fmt, ...)
#if defined(__GNUC__)
			__attribute__((format(printf, 5, 6)))
#endif
			;

/*
 * Gives the report the agency (unless NULL) and the year (when set_year)
 * a user chose at load time, recording what the document printed in a
 * metadata_given finding.  Returns whether anything changed.
 */
bool		gr_report_override_metadata(gr_mem *mem, gr_report *rep, const char *agency,
										int32_t year, bool set_year);

/* ----------------------------------------------------------------- parsing */

typedef struct gr_limits
{
	size_t		max_document_bytes;	/* 0 = no limit */
	int			max_table_rows;		/* 0 = no limit */
} gr_limits;

/*
 * A hook the parser calls in every loop that grows with the input, so the
 * server can cancel a long parse.  May longjmp; the core holds no resources
 * other than gr_mem memory, except what it records in gr_held below.
 */
typedef void (*gr_interrupt_fn) (void);

/*
 * A resource the core holds outside gr_mem while it runs: libxml2 keeps its
 * parser state in malloc'd memory, which a longjmp out of check_interrupts
 * would leak for the life of the process.  The core fills the slot when it
 * creates such a resource and empties it after freeing it; a caller whose
 * check_interrupts can jump calls gr_release_held on its error path.
 */
typedef struct gr_held
{
	void		(*release) (void *resource);
	void	   *resource;
} gr_held;

/* Frees what the slot holds, if anything, and empties it. */
static inline void
gr_release_held(gr_held *held)
{
	if (held != NULL && held->release != NULL)
	{
		void		(*release) (void *) = held->release;
		void	   *resource = held->resource;

		held->release = NULL;
		held->resource = NULL;
		release(resource);
	}
}

/*
 * Whether an interrupt that will end the statement is pending, without
 * acting on it: libxml2's callbacks call it (they must not jump out of
 * libxml2) and stop the parser, and check_interrupts then runs outside.
 */
typedef bool (*gr_pending_fn) (void);

typedef struct gr_parse_options
{
	gr_limits	limits;
	gr_interrupt_fn check_interrupts;
	gr_held    *held;			/* NULL when check_interrupts never jumps */
	gr_pending_fn interrupt_pending;	/* NULL: libxml2 runs each chunk to its end */
} gr_parse_options;

/*
 * Fixed limits on markup (HTML and pdftotext XHTML), refused with
 * GR_ERR_LIMIT: they keep libxml2's work per tag and per end tag bounded.
 */
#define GR_MAX_TAG_ATTRIBUTES	256		/* attributes of one start tag */
#define GR_MAX_TAG_BYTES		(4u << 20)	/* bytes of one start tag, values included */
#define GR_MAX_OPEN_ELEMENTS	512		/* HTML elements open at once */

/*
 * Parses a document into a report; NULL and err set on failure.
 * gr_parse_text takes text already known to be UTF-8 (a PostgreSQL text
 * value); gr_parse_document takes raw bytes in any supported encoding.
 * Both accept every form: plain text, HTML, pdftotext -bbox-layout XHTML.
 */
gr_report  *gr_parse_text(gr_mem *mem, const char *data, size_t len,
						  const gr_parse_options *opts, gr_error *err);
gr_report  *gr_parse_document(gr_mem *mem, const char *data, size_t len,
							  const gr_parse_options *opts, gr_error *err);

/* ------------------------------------------------------------------ checks */

typedef enum gr_severity
{
	GR_SEV_ERROR = 0,			/* a hard identity: its failure is a defect */
	GR_SEV_WARNING = 1			/* a soft rule: usually holds */
} gr_severity;

/* A rule of SPEC §7, as data. */
typedef struct gr_rule_info
{
	const char *name;
	gr_severity severity;
	const char *scope;			/* what one instance runs over */
	const char *formula;
	const char *description_en;
	const char *description_zh;
} gr_rule_info;

const gr_rule_info *gr_rules(int *n);

typedef enum gr_check_status
{
	GR_CHECK_PASS = 0,
	GR_CHECK_FAIL = 1,
	GR_CHECK_NOT_EVALUATED = 2
} gr_check_status;

const char *gr_check_status_name(gr_check_status status);

/* One rule instance evaluated on a report. */
typedef struct gr_check
{
	const char *rule;
	char	   *scope;			/* row or column code, table code, "report", or a cell expression */
	gr_severity severity;
	gr_check_status status;
	bool		has_numbers;	/* expected/actual/difference are meaningful */
	gr_num		expected;		/* the computed side */
	gr_num		actual;			/* the printed side */
	gr_num		difference;		/* actual - expected */
	int			noperands;
	gr_term    *operands;		/* cells with their weights */
	char	   *message;		/* English, naming the cells and numbers */
	int			suspect_cell;	/* the one cell that would explain a failure, or -1 */
	char	   *repeat_of;		/* "rule:scope" of the failure this one repeats, or NULL */
} gr_check;

/* Evaluates every rule instance that applies to a single report. */
int			gr_check_report(gr_mem *mem, const gr_report *rep, gr_check **out);
/* The same without messages (statuses and numbers only): for summaries. */
int			gr_check_report_brief(gr_mem *mem, const gr_report *rep, gr_check **out);
/* True when no error-severity check fails. */
bool		gr_report_consistent(gr_mem *mem, const gr_report *rep);

/* ---------------------------------------------------------------- analysis */

/*
 * Sums (analysis.c).  a + b cell by cell: absent + anything is absent,
 * blank + blank is blank, a sum with an inferred operand is inferred,
 * otherwise reported.  A parsed report counts as a sum of one.  The result
 * has the template, the year when both share it, no agency, title, date or
 * findings.  NULL with err set when the templates differ (GR_ERR_MISMATCH)
 * or a value overflows (GR_ERR_RANGE).
 */
gr_report  *gr_report_sum(gr_mem *mem, const gr_report *a, const gr_report *b, gr_error *err);
/* A report as a sum of itself alone (what sum() of one report returns). */
gr_report  *gr_report_as_sum(gr_mem *mem, const gr_report *a);
/* How many reports carried a number in cell i (a parsed report: 0 or 1). */
uint32_t	gr_report_contributors(const gr_report *rep, int cell);

/* A rate of a report: factor * sum(numerator cells) / sum(denominator cells). */
#define GR_RATE_MAX_TERMS 16

typedef struct gr_rate_def
{
	const char *name;
	int			factor;			/* 1 for shares, 10000 for "per 10,000" */
	const char *numerator[GR_RATE_MAX_TERMS];	/* cell keys; a key the template lacks is skipped */
	const char *denominator[GR_RATE_MAX_TERMS];
	const char *description_en;
	const char *description_zh;
} gr_rate_def;

const gr_rate_def *gr_rate_defs(int *n);

typedef struct gr_rate
{
	const gr_rate_def *def;
	bool		evaluated;		/* no operand absent, no overflow */
	gr_num		numerator;		/* blank cells count as 0 */
	gr_num		denominator;
	int			nnumerator;		/* operands: numerator cells, then denominator cells */
	int			noperands;
	int			operands[2 * GR_RATE_MAX_TERMS];
	int			nblank;			/* operands that are blank */
} gr_rate;

/* Every rate the report's template allows; returns how many. */
int			gr_report_rates(gr_mem *mem, const gr_report *rep, gr_rate **out);

/* ----------------------------------------------------------- serialisation */

#define GR_FORMAT_VERSION 1

/* Canonical JSON text.  Returns a NUL-terminated string. */
char	   *gr_report_to_json(gr_mem *mem, const gr_report *rep, size_t *len_out);
/* Accepts only the exact canonical form produced by gr_report_to_json. */
gr_report  *gr_report_from_json(gr_mem *mem, const char *text, size_t len, gr_error *err);
/* The same, calling check_interrupts (may be NULL) as it reads. */
gr_report  *gr_report_from_json_checked(gr_mem *mem, const char *text, size_t len,
										gr_interrupt_fn check_interrupts, gr_error *err);

/*
 * The largest canonical text form a value may have: in, recv and parse
 * refuse a report whose text form would be longer (GR_ERR_LIMIT), so that
 * out always succeeds and its result is always accepted back by in.
 */
#define GR_MAX_TEXT_FORM_BYTES	((size_t) 16 << 20)
/* Length of the canonical text form, without building it. */
size_t		gr_report_json_length(const gr_report *rep);
/* GR_ERR_LIMIT when the report's text form is over GR_MAX_TEXT_FORM_BYTES. */
bool		gr_report_check_size(const gr_report *rep, gr_error *err);

/* Binary form: a leading version byte, then the fields. */
uint8_t    *gr_report_to_binary(gr_mem *mem, const gr_report *rep, size_t *len_out);
/* The receive function's reader: every field validated as in from_json. */
gr_report  *gr_report_from_binary(gr_mem *mem, const uint8_t *data, size_t len, gr_error *err);
/*
 * A stored datum: the same form, read under the rules 0.1.0 stored values
 * under (no template, any year, a day up to 31 in any month, a line up to
 * 2^32-1, strings of any length), so values stored before the input
 * checks of issue 16 stay readable.
 */
gr_report  *gr_report_from_stored(gr_mem *mem, const uint8_t *data, size_t len, gr_error *err);

/* ------------------------------------------------------------- review */

/* A reviewer's correction of one cell (card.c). */
typedef struct gr_correction
{
	int			cell;			/* template cell index */
	bool		blank;			/* the cell is corrected to blank (value unused) */
	gr_num		value;
	const char *note;			/* who, when and why, for the card; may be NULL */
} gr_correction;

/*
 * A copy of rep with the corrections applied: a corrected cell is reported
 * (or blank) with the new value and keeps its source line; later entries
 * for the same cell win.  rep itself is not changed.  NULL with err set
 * when a correction names no cell of the template.
 */
gr_report  *gr_report_apply_corrections(gr_mem *mem, const gr_report *rep,
										const gr_correction *corrections, int n, gr_error *err);

typedef struct gr_card_options
{
	const gr_correction *corrections;	/* shown over the printed values */
	int			ncorrections;
	gr_interrupt_fn check_interrupts;	/* may be NULL */
} gr_card_options;

/*
 * The report card: one self-contained HTML page (inline CSS, no script, no
 * external resource) with the tables in the official layout, every cell's
 * value and state, the cells of failing checks and the suspects marked,
 * and the findings and rule statuses.  The checks run on the corrected
 * values when there are corrections.  Every string from the document is
 * HTML-escaped.  NULL with err set when a correction names no cell.
 */
char	   *gr_report_card(gr_mem *mem, const gr_report *rep, const gr_card_options *opts,
						   size_t *len_out, gr_error *err);

/* Appends s (len bytes) HTML-escaped for text and attribute contexts:
 * & < > " ' become references, control characters are dropped and bytes
 * that are not UTF-8 become U+FFFD.  Returns the escaped string. */
char	   *gr_html_escape(gr_mem *mem, const char *s, size_t len);

#endif							/* GR_H */
