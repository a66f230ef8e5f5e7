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
	GR_ORIGIN_HTML = 2			/* a table row of markup: HTML, or Word's w:tr */
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
	uint8_t		int_digits;		/* integer digits as printed, leading zeros
								 * included ("010": 3), at most 255 */
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
/* For text that may be long: these poll for a cancel every 64 kB. */
char	   *gr_label_key_polled(gr_mem *mem, const char *s, size_t len, const gr_parse_options *opts);
char	   *gr_label_printed_polled(gr_mem *mem, const char *s, size_t len, const gr_parse_options *opts);
/* Cells of one text line, at most: a line with more is text, one cell. */
#define GR_MAX_LINE_TOKENS 512
/* Bytes of one cell value, at most (gr_value_parse: longer text is none). */
#define GR_MAX_VALUE_BYTES 4096
/* Entries of the traditional-character tables that their filter would pass
 * over (0 when the filter is current). */
int			gr_trad_filter_misses(void);
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

/*
 * The grid built from a flow of blocks, tables, rows and cells (flow.c):
 * what the HTML and Word lexers share.  They report what they read, in
 * document order; the flow expands spans, turns layout tables into
 * paragraphs and lexes paragraphs as text lines.  Safe to call from inside
 * libxml2's callbacks unless gr_flow_allow_interrupts was called.
 */
typedef struct gr_flow gr_flow;

typedef enum gr_flow_cell_kind
{
	GR_FLOW_CELL = 0,			/* a cell with text of its own */
	GR_FLOW_MERGED,				/* continues the merge above (w:vMerge): its text */
	GR_FLOW_MERGED_LEFT,		/* continues the merge on its left (w:hMerge): its text */
	GR_FLOW_HOLE				/* no cell at all (w:gridBefore): an empty slot */
} gr_flow_cell_kind;

#define GR_FLOW_MAX_ROWSPAN 1000

gr_flow    *gr_flow_new(gr_mem *mem, gr_grid *grid);
/* Lets the flow call opts->check_interrupts while it lexes paragraphs:
 * only for a lexer that never calls the flow from inside libxml2. */
void		gr_flow_allow_interrupts(gr_flow *f, const gr_parse_options *opts);
/* The source line that text and rows started from now get. */
void		gr_flow_set_line(gr_flow *f, uint32_t line);
/* Text as printed: line breaks and tabs in it are white space. */
void		gr_flow_text(gr_flow *f, const char *s, size_t len);
/* A block boundary: a paragraph or line break (a space inside a cell). */
void		gr_flow_block(gr_flow *f);
void		gr_flow_table_start(gr_flow *f);
void		gr_flow_table_end(gr_flow *f);
void		gr_flow_row_start(gr_flow *f);
void		gr_flow_row_end(gr_flow *f);
void		gr_flow_cell_start(gr_flow *f, int colspan, int rowspan, gr_flow_cell_kind kind);
/* Changes the open cell's span and kind (Word states them after the cell starts). */
void		gr_flow_cell_shape(gr_flow *f, int colspan, gr_flow_cell_kind kind);
void		gr_flow_cell_end(gr_flow *f);
/* Closes what is still open; false (54000) when tables nested too deep. */
bool		gr_flow_finish(gr_flow *f, gr_error *err);

/* Lexers: UTF-8 document -> grid (gr_lex_html: the caller has checked the UTF-8). */
bool		gr_lex_html(gr_mem *mem, const char *utf8, size_t len, gr_grid *grid,
						const gr_parse_options *opts, gr_error *err);
bool		gr_lex_bbox(gr_mem *mem, const char *utf8, size_t len, gr_grid *grid,
						const gr_parse_options *opts, gr_error *err);

/* Containers recognised by their first bytes (docx.c). */
typedef enum gr_container
{
	GR_CONTAINER_NONE = 0,
	GR_CONTAINER_ZIP,			/* PK\3\4 or PK\5\6: read as .docx */
	GR_CONTAINER_OLE			/* D0 CF 11 E0 A1 B1 1A E1: .doc, or an encrypted .docx */
} gr_container;

gr_container gr_detect_container(const char *data, size_t len);
/* Always false, with err naming what the OLE file is and a hint. */
bool		gr_refuse_ole(const char *data, size_t len, const gr_parse_options *opts, gr_error *err);
/* A .docx to the grid; created gets docProps/core.xml's creation date
 * ("YYYY-MM-DD") or "". */
bool		gr_lex_docx(gr_mem *mem, const char *data, size_t len, gr_grid *grid, char created[11],
						const gr_parse_options *opts, gr_error *err);
gr_report  *gr_parse_docx(gr_mem *mem, const char *data, size_t len, const gr_parse_options *opts,
						  gr_error *err);
/* Refuses markup over the GR_MAX_TAG_* limits before libxml2 reads it
 * (markup.c); html selects HTML's raw-text elements (script, style). */
bool		gr_markup_prescan(const char *utf8, size_t len, bool html,
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
	const char *run;			/* a run of digits split into cells, or NULL */
	size_t		runlen;
} gr_reading_row;

void		gr_reading_add(gr_mem *mem, gr_reading_row *row, const gr_reading *r);
/* Adds every split of a digit run (spaces are cell boundaries; no leading
 * zeros) that keeps the identities over the row's own cells.  budget is
 * shared by a table's rows and counts down; false if the run is not digits. */
bool		gr_split_run(gr_mem *mem, gr_report *rep, gr_reading_row *row,
						 const char *run, size_t len, long *budget, const gr_parse_options *opts);
long		gr_split_budget(void);
/* Chooses jointly among the rows' readings with the template's identities;
 * writes inferred cells, or leaves them absent, with a finding per row. */
/*
 * The bounded searches of a parse, and what they did: each search reports
 * its work and its declared bound; `capped` counts the searches that
 * reached their bound (each must leave a reading_search_capped finding),
 * `over` those whose work went past it (never, unless a search is broken).
 */
typedef enum gr_search_kind
{
	GR_SEARCH_SPLIT_ROW,		/* steps of one run's split search */
	GR_SEARCH_SPLIT_TABLE,		/* split steps of one table's runs */
	GR_SEARCH_READINGS,			/* candidate readings kept for one row */
	GR_SEARCH_JOINT,			/* nodes of one table's joint search */
	GR_SEARCH_JOIN,				/* steps joining one row's split numbers */
	GR_SEARCH_PLACE,			/* placements of one table's short rows */
	GR_SEARCH_POSITION,			/* placements tried against an aligned row */
	GR_SEARCH_KINDS
} gr_search_kind;

typedef struct gr_search_work
{
	long		searches[GR_SEARCH_KINDS];
	long		most[GR_SEARCH_KINDS];	/* most work one search did */
	long		bound[GR_SEARCH_KINDS];
	long		capped[GR_SEARCH_KINDS];
	long		over;
} gr_search_work;

void		gr_search_account(gr_report *rep, gr_search_kind kind, long work, long bound, bool capped);

/* The joint search alone (place.c's short rows): every identity must hold.
 * Per row, the reading of the first solution and one of a later solution
 * that differs from it (-1: none); returns how many joint solutions fit,
 * or -1 when the search reached its bound.  Leaves the rows' cells absent. */
long		gr_search_readings(gr_mem *mem, gr_report *rep, gr_reading_row *rows, int n,
							   const gr_parse_options *opts, int *first, int *other, long *nodes);
long		gr_joint_bound(void);
int			gr_readings_bound(void);
void		gr_solve_readings(gr_mem *mem, gr_report *rep, gr_reading_row *rows, int n,
							  const gr_parse_options *opts);

/* Evaluates an identity over the report's cells: 1 holds, 0 fails, -1 a
 * term is absent.  blank counts as 0. */
int			gr_identity_holds(const gr_report *rep, const gr_identity *id);

#endif
