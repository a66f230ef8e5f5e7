/*
 * gr_internal.h — shared between the core's own files: the grid every input
 * form is reduced to (lines of cells), value tokens and printed rows.
 */
#ifndef GR_INTERNAL_H
#define GR_INTERNAL_H

#include "gr.h"

/* Where a row of cells came from; the recogniser only uses it for layout
 * hints (e.g. a stray number between pipe tables). */
typedef enum gr_origin
{
	GR_ORIGIN_LINE = 0,			/* a line of text split on white space */
	GR_ORIGIN_PIPE = 1,			/* a Markdown/pipe table row */
	GR_ORIGIN_HTML = 2			/* an HTML table row */
} gr_origin;

/* One line of the document as a row of cells. */
typedef struct gr_line
{
	uint32_t	lineno;			/* 1-based */
	uint8_t		origin;
	const char *text;			/* normalised text of the whole line */
	size_t		len;
	int			ncells;
	char	  **cells;			/* normalised cell texts, trimmed */
	uint8_t    *cell_flags;		/* GR_CELL_* per cell, or NULL: none set */
	uint32_t   *cell_at;		/* byte offset of each cell in text (plain
								 * lines with values), or NULL */
	uint16_t	indent;			/* display columns before text */
} gr_line;

/* Display width of UTF-8 text: a CJK (3-byte) character is two columns, as
 * pdftotext -layout places it. */
int			gr_display_width(const char *s, size_t len);

/*
 * A cell that repeats another one because of a rowspan or colspan: HTML
 * tables are expanded into a real grid (every row has a cell in every
 * column), and the copies carry the spanning cell's text but this flag, so
 * the recogniser reads each printed value and label once.
 */
#define GR_CELL_SPAN_COPY	0x01
/* A cell holding a run of digits that ran several table cells together
 * (a crawler stripped the tags between them): split by readings.c. */
#define GR_CELL_RUN			0x02

static inline bool
gr_cell_is_copy(const gr_line *line, int k)
{
	return line->cell_flags != NULL && (line->cell_flags[k] & GR_CELL_SPAN_COPY) != 0;
}

typedef struct gr_grid
{
	int			nlines;
	gr_line    *lines;
} gr_grid;

/* A value token printed in a cell. */
typedef enum gr_vkind
{
	GR_V_NONE = 0,				/* not a value: label text */
	GR_V_NUMBER,
	GR_V_BLANK					/* empty cell or placeholder */
} gr_vkind;

typedef struct gr_value
{
	gr_vkind	kind;
	gr_num		num;
	const char *unit;			/* "元", "万元", ... or NULL */
	bool		has_remark;		/* e.g. "22（其中修订16件）" */
	bool		overflow;		/* digits beyond GR_MAX_DIGITS */
} gr_value;

/* Classifies a cell/token (normalised text). */
gr_value	gr_value_parse(const char *s, size_t len);

/* Normalises UTF-8 input: validates, maps full-width forms to ASCII,
 * unifies line ends and odd spaces.  NULL with err on invalid input. */
char	   *gr_normalise(gr_mem *mem, const char *data, size_t len, size_t *out_len,
						 gr_error *err);
/* The same, calling opts->check_interrupts as it goes (large documents). */
char	   *gr_normalise_checked(gr_mem *mem, const char *data, size_t len, size_t *out_len,
								 const gr_parse_options *opts, gr_error *err);

/* Label form used for matching: no white space, quotes or bullets, and
 * traditional characters of the labels in their simplified form. */
char	   *gr_label_key(gr_mem *mem, const char *s, size_t len);
/* The same with the characters as printed: byte for byte as long as the
 * key, each character at the same offset (for titles and agencies). */
char	   *gr_label_printed(gr_mem *mem, const char *s, size_t len);
/* Strips leading outline numbering ("三、", "(一)", "1.") from a label key. */
const char *gr_strip_numbering(const char *s);

/* Splits normalised text into lines of cells. */
bool		gr_lex_text(gr_mem *mem, const char *text, size_t len, gr_grid *grid,
						const gr_parse_options *opts, gr_error *err);

/* The forms a document can take; see gr_detect_form. */
typedef enum gr_form
{
	GR_FORM_TEXT = 0,			/* plain text: flattened pages, aligned columns, pipes */
	GR_FORM_HTML,				/* an HTML page (Word/WPS export, CMS page) */
	GR_FORM_BBOX				/* pdftotext -bbox-layout XHTML (word boxes) */
} gr_form;

gr_form		gr_detect_form(const char *utf8, size_t len);

/* Length of the longest prefix of data that is valid UTF-8 (len if all). */
size_t		gr_utf8_valid_prefix(const char *data, size_t len);

/* Decodes document bytes to UTF-8: BOM, declared charset (GB2312/GBK read
 * as GB18030), or sniffed.  Returns data itself when it is UTF-8 already. */
const char *gr_decode_document(gr_mem *mem, const char *data, size_t len, size_t *out_len,
							   gr_error *err);

/* Records a resource held outside gr_mem (see gr_held), and forgets it
 * again once the core has freed it itself. */
static inline void
gr_hold(const gr_parse_options *opts, void (*release) (void *), void *resource)
{
	if (opts != NULL && opts->held != NULL)
	{
		opts->held->resource = resource;
		opts->held->release = release;
	}
}

static inline void
gr_unhold(const gr_parse_options *opts)
{
	if (opts != NULL && opts->held != NULL)
	{
		opts->held->release = NULL;
		opts->held->resource = NULL;
	}
}

/* Lexers: UTF-8 document -> grid. */
bool		gr_lex_html(gr_mem *mem, const char *utf8, size_t len, gr_grid *grid,
						const gr_parse_options *opts, gr_error *err);
bool		gr_lex_bbox(gr_mem *mem, const char *utf8, size_t len, gr_grid *grid,
						const gr_parse_options *opts, gr_error *err);

/* Cuts lines where a crawler ran a table together ("规章000行政规范性文件…")
 * into a label and its run of digits each (GR_CELL_RUN); false if there
 * was none (the grid is unchanged). */
bool		gr_unglue_runs(gr_mem *mem, gr_grid *grid, const gr_parse_options *opts);

/* Turns a grid into a report (template detection, tables, metadata). */
gr_report  *gr_recognise(gr_mem *mem, const gr_grid *grid, const gr_parse_options *opts,
						 gr_error *err);

/* Keeps the counts stated in the prose as narrative_count findings; the
 * lines [skip_from, skip_to) hold the tables and are not prose. */
void		gr_extract_narrative(gr_mem *mem, gr_report *rep, const gr_grid *grid,
								 const gr_parse_options *opts, int skip_from, int skip_to);

/* ------------------------------------------------------------ placement */

/* A printed row with fewer numbers than cells, waiting for placement. */
/* The most cells one printed row fills (table 4's 15, with room). */
#define GR_MAX_ROW_CELLS 32

typedef struct gr_short_row
{
	int			ncells;			/* cells of the template row(s) it fills */
	int			cells[GR_MAX_ROW_CELLS];	/* their cell indexes, in order */
	int			nprinted;
	gr_num		printed[GR_MAX_ROW_CELLS];
	uint32_t	line;
	const char *what;			/* human name for findings, e.g. "t3.granted" */
	const char *label;			/* printed/official label */
} gr_short_row;

/* Places every short row of one table, writing inferred cells or findings. */
void		gr_place_short_rows(gr_mem *mem, gr_report *rep, gr_short_row *rows, int nrows,
								const gr_parse_options *opts);

/* ------------------------------------------------------------- readings */

/* One candidate reading of a printed row: a value or a blank per cell. */
typedef struct gr_reading
{
	gr_num		v[GR_MAX_ROW_CELLS];
	uint8_t		blank[GR_MAX_ROW_CELLS];
	int			tag;			/* what the reading assumed (a pipe offset) */
} gr_reading;

/* A printed row whose cells the layout alone does not fix. */
typedef struct gr_reading_row
{
	int			ncells;
	int			cells[GR_MAX_ROW_CELLS];	/* cell indexes, in order */
	int			nread;
	int			capread;
	gr_reading *reads;			/* candidate readings */
	bool		capped;			/* the candidate search hit its bound */
	uint32_t	line;
	const char *what;			/* "t3.granted" */
	const char *how;			/* the kind of reading, for findings */
	const char *printed;		/* what the document printed */
	int			nprinted;
	gr_num	   *printed_nums;
	int			link;			/* pipe rows with the same surplus of empty
								 * cells share one layout: > 0 */
} gr_reading_row;

void		gr_reading_add(gr_mem *mem, gr_reading_row *row, const gr_reading *r);
/* Adds every split of a digit run (spaces are cell boundaries; no leading
 * zeros) that keeps the identities over the row's own cells.  budget is
 * shared by a table's rows and counts down; false if the run is not digits. */
bool		gr_split_run(gr_mem *mem, const gr_template *tpl, gr_reading_row *row,
						 const char *run, size_t len, long *budget, const gr_parse_options *opts);
long		gr_split_budget(void);
/* Chooses jointly among the rows' readings with the template's identities;
 * writes inferred cells, or leaves them absent, with a finding per row. */
void		gr_solve_readings(gr_mem *mem, gr_report *rep, gr_reading_row *rows, int n,
							  const gr_parse_options *opts);

/* Evaluates an identity over the report's cells: 1 holds, 0 fails, -1 a
 * term is absent.  blank counts as 0. */
int			gr_identity_holds(const gr_report *rep, const gr_identity *id);

#endif
