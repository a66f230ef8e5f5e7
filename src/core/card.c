/*
 * card.c — the report card: a report as one self-contained HTML page, and
 * the corrections a reviewer makes to a report's cells.
 *
 * The tables are drawn from the template data (template.c): labels, row
 * groups, table 2's blocks, table 3's 法人或其他组织 heading and table 4's
 * two-level heading all come from there.  The page has inline CSS and no
 * script; every string that comes from a document (title, agency,
 * findings) goes through gr_html_escape, which is safe in text and in
 * double-quoted attribute values alike.  Hovering or focusing a marked cell
 * shows the messages of the checks it takes part in (a title attribute,
 * and a tooltip element that CSS shows on :hover and :focus).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gr_internal.h"

/* ------------------------------------------------------------ the buffer */

typedef struct hbuf
{
	gr_mem	   *mem;
	char	   *s;
	size_t		len,
				cap;
} hbuf;

static void
hb_reserve(hbuf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap)
	{
		size_t		cap = (b->len + extra + 1) * 2;
		char	   *bigger;

		if (cap < 4096)
			cap = 4096;
		bigger = gr_alloc(b->mem, cap);
		if (b->len)
			memcpy(bigger, b->s, b->len);
		b->s = bigger;
		b->cap = cap;
	}
}

static void
hb_putn(hbuf *b, const char *s, size_t n)
{
	hb_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Markup we write ourselves: never text from a document. */
static void
hb_raw(hbuf *b, const char *s)
{
	hb_putn(b, s, strlen(s));
}

static void hb_rawf(hbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
			__attribute__((format(printf, 2, 3)))
#endif
			;

/* Markup with numbers in it; the arguments are never document text. */
static void
hb_rawf(hbuf *b, const char *fmt, ...)
{
	char		tmp[256];
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		hb_putn(b, tmp, (size_t) n < sizeof(tmp) ? (size_t) n : sizeof(tmp) - 1);
}

/* Text: escaped for both text and attribute contexts. */
static void
hb_escn(hbuf *b, const char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		size_t		valid = gr_utf8_valid_prefix(s + i, len - i);
		size_t		end = i + valid;

		for (; i < end; i++)
		{
			unsigned char c = (unsigned char) s[i];

			switch (c)
			{
				case '&':
					hb_raw(b, "&amp;");
					break;
				case '<':
					hb_raw(b, "&lt;");
					break;
				case '>':
					hb_raw(b, "&gt;");
					break;
				case '"':
					hb_raw(b, "&quot;");
					break;
				case '\'':
					hb_raw(b, "&#39;");
					break;
				case '\n':
					hb_raw(b, "&#10;");
					break;
				case '\t':
					hb_raw(b, " ");
					break;
				default:
					if (c < 0x20 || c == 0x7f)
						break;	/* control characters carry nothing */
					hb_putn(b, s + i, 1);
			}
		}
		if (i < len)
		{
			hb_raw(b, "\xEF\xBF\xBD");	/* U+FFFD for a byte that is not UTF-8 */
			i++;
		}
	}
}

static void
hb_esc(hbuf *b, const char *s)
{
	if (s != NULL)
		hb_escn(b, s, strlen(s));
}

static void
hb_num(hbuf *b, gr_num n)
{
	char		tmp[48];

	gr_num_format(n, tmp, sizeof(tmp));
	hb_raw(b, tmp);
}

char *
gr_html_escape(gr_mem *mem, const char *s, size_t len)
{
	hbuf		b = {mem, NULL, 0, 0};

	hb_reserve(&b, len);
	b.s[0] = '\0';
	hb_escn(&b, s, len);
	return b.s;
}

/* ----------------------------------------------------------- corrections */

gr_report *
gr_report_apply_corrections(gr_mem *mem, const gr_report *rep, const gr_correction *corrections,
							int n, gr_error *err)
{
	gr_report  *out = gr_alloc(mem, sizeof(gr_report));
	int			i;

	*out = *rep;
	out->cells = gr_alloc(mem, (size_t) (rep->ncells > 0 ? rep->ncells : 1) * sizeof(gr_cell));
	if (rep->ncells > 0)
		memcpy(out->cells, rep->cells, (size_t) rep->ncells * sizeof(gr_cell));
	for (i = 0; i < n; i++)
	{
		const gr_correction *c = &corrections[i];
		gr_cell    *cell;

		if (c->cell < 0 || c->cell >= rep->ncells)
		{
			gr_error_set(err, GR_ERR_RANGE, -1, "correction %d names cell %d of %d", i + 1, c->cell,
						 rep->ncells);
			return NULL;
		}
		cell = &out->cells[c->cell];
		if (c->blank)
		{
			cell->state = GR_BLANK;
			cell->value.mant = 0;
			cell->value.scale = 0;
		}
		else
		{
			cell->state = GR_REPORTED;
			cell->value = c->value;
		}
	}
	return out;
}

/* ------------------------------------------------------------- the card */

typedef struct card
{
	hbuf		b;
	gr_mem	   *mem;
	const gr_report *printed;
	const gr_report *rep;		/* with the corrections applied */
	const gr_card_options *opts;
	gr_check   *checks;
	int			nchecks;
	/* per cell: */
	unsigned char *fail;		/* 1 error, 2 warning */
	bool	   *suspect;
	const gr_correction **correction;
} card;

static void
poll(const card *cd)
{
	if (cd->opts && cd->opts->check_interrupts)
		cd->opts->check_interrupts();
}

static const char *
state_label(int state)
{
	switch (state)
	{
		case GR_REPORTED:
			return "填报 reported";
		case GR_BLANK:
			return "空白 blank";
		case GR_INFERRED:
			return "推定 inferred";
		default:
			return "缺失 absent";
	}
}

static const char CARD_CSS[] =
	"body{font-family:'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC',sans-serif;"
	"margin:1.5em;color:#222;font-size:14px}"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}"
	"dl.meta{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.meta dt{color:#666}"
	"dl.meta dd{margin:0}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"th,td{border:1px solid #999;padding:.25em .45em}"
	"th{background:#f1f1f1;font-weight:normal}th.row{text-align:left}"
	"td.v{text-align:right;min-width:3.2em;position:relative;font-variant-numeric:tabular-nums}"
	"td.s-blank{background:repeating-linear-gradient(45deg,#f6f6f6 0 4px,#e4e4e4 4px 8px);color:#777}"
	"td.s-inferred{background:#dcecff;color:#0b3d91;font-style:italic}"
	"td.s-absent{background:#fff;color:#aaa;border:1px dashed #bbb}"
	"td.corrected{background:#fff1c2}"
	"td.corrected del{color:#a33;margin-right:.3em}td.corrected ins{text-decoration:none;font-weight:bold}"
	"td.fail{outline:2px solid #d40000;outline-offset:-2px}"
	"td.warn{outline:2px dashed #e07b00;outline-offset:-2px}"
	"td.suspect{box-shadow:inset 0 0 0 4px #8b0000;background:#ffd4d4}"
	"td.suspect::before{content:'\\25B2';color:#8b0000;font-size:.7em;position:absolute;left:2px;top:1px}"
	"td.v .tip{display:none;position:absolute;z-index:5;left:0;top:100%;width:26em;text-align:left;"
	"background:#222;color:#fff;padding:.4em .6em;font-style:normal;font-size:12px;white-space:pre-wrap}"
	"td.v:hover .tip,td.v:focus .tip,td.v:focus-within .tip,td.v:target .tip{display:block}"
	"td.v:focus{outline:3px solid #1a73e8}"
	".legend td,.legend th{font-size:12px}"
	".status-fail{color:#c00;font-weight:bold}.status-pass{color:#070}.status-not_evaluated{color:#777}"
	".note{color:#555;font-size:12px}";

static void
card_head(card *cd)
{
	const gr_report *rep = cd->rep;
	hbuf	   *b = &cd->b;

	hb_raw(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
		   "<title>");
	if (rep->title)
		hb_esc(b, rep->title);
	else
	{
		hb_raw(b, "报告卡 report card");
		if (rep->agency)
		{
			hb_raw(b, " · ");
			hb_esc(b, rep->agency);
		}
	}
	hb_raw(b, "</title><style>");
	hb_raw(b, CARD_CSS);
	hb_raw(b, "</style></head>\n<body>\n<header><h1 id=\"title\">");
	hb_esc(b, rep->title ? rep->title : "（未找到标题 no title found）");
	hb_raw(b, "</h1><dl class=\"meta\"><dt>机关 agency</dt><dd id=\"agency\">");
	hb_esc(b, rep->agency ? rep->agency : "（未找到 not found）");
	hb_raw(b, "</dd><dt>年度 year</dt><dd id=\"year\">");
	if (rep->year)
		hb_rawf(b, "%d", (int) rep->year);
	else
		hb_raw(b, "（未找到 not found）");
	hb_raw(b, "</dd><dt>模板 template</dt><dd id=\"template\">");
	hb_esc(b, rep->tpl ? rep->tpl->name : "?");
	hb_raw(b, "</dd><dt>发布日期 published</dt><dd id=\"published\">");
	hb_esc(b, rep->published[0] ? rep->published : "（未找到 not found）");
	hb_raw(b, "</dd></dl></header>\n");
}

static void
card_summary(card *cd)
{
	int			i,
				errors = 0,
				warnings = 0,
				suspects = 0;
	hbuf	   *b = &cd->b;

	for (i = 0; i < cd->nchecks; i++)
		if (cd->checks[i].status == GR_CHECK_FAIL)
		{
			if (cd->checks[i].severity == GR_SEV_ERROR)
				errors++;
			else
				warnings++;
		}
	for (i = 0; i < cd->rep->ncells; i++)
		suspects += cd->suspect[i];
	hb_rawf(b, "<p id=\"summary\" data-failing-errors=\"%d\" data-failing-warnings=\"%d\" data-suspects=\"%d\">",
			errors, warnings, suspects);
	if (errors == 0)
		hb_raw(b, "<span class=\"status-pass\">勾稽关系全部成立 every hard identity holds</span>");
	else
		hb_rawf(b, "<span class=\"status-fail\">%d 处勾稽关系不成立 %d failing identity check%s</span>",
				errors, errors, errors == 1 ? "" : "s");
	if (warnings)
		hb_rawf(b, "；%d 条提示 %d warning%s", warnings, warnings, warnings == 1 ? "" : "s");
	if (suspects)
		hb_rawf(b, "；%d 个疑似错误单元格 %d suspect cell%s", suspects, suspects, suspects == 1 ? "" : "s");
	hb_raw(b, "</p>\n");
	if (cd->opts && cd->opts->ncorrections > 0)
		hb_rawf(b, "<p id=\"corrected-note\" class=\"note\">本报告有 %d 处更正；核对基于更正后的数值。"
				"The checks ran on the corrected values (%d correction%s).</p>\n",
				cd->opts->ncorrections, cd->opts->ncorrections, cd->opts->ncorrections == 1 ? "" : "s");
}

static void
card_legend(card *cd)
{
	hb_raw(&cd->b,
		   "<table class=\"legend\" id=\"legend\"><caption>图例 legend</caption><tr>"
		   "<td class=\"v s-reported\">12</td><th class=\"row\">填报：文中印有的数字 reported: printed in the document</th>"
		   "<td class=\"v s-blank\">空</td><th class=\"row\">空白：单元格为空或占位符（按 0 核对）blank: empty or a placeholder (checked as 0)</th></tr><tr>"
		   "<td class=\"v s-inferred\">7</td><th class=\"row\">推定：由勾稽关系确定位置 inferred: placed by the identities</th>"
		   "<td class=\"v s-absent\">缺</td><th class=\"row\">缺失：文中没有该表或该行 absent: not in the document</th></tr><tr>"
		   "<td class=\"v s-reported fail\">5</td><th class=\"row\">参与不成立的勾稽关系 takes part in a failing identity</th>"
		   "<td class=\"v s-reported suspect fail\">9</td><th class=\"row\">疑似错误：更正它即可使勾稽关系成立 suspect: the one cell whose correction would fix it</th></tr><tr>"
		   "<td class=\"v s-reported warn\">3</td><th class=\"row\">参与不成立的提示性规则 takes part in a failing soft rule</th>"
		   "<td class=\"v s-reported corrected\"><del>8</del><ins>6</ins></td><th class=\"row\">已更正：删去的是原文数值 corrected: struck out is the printed value</th>"
		   "</tr></table>\n"
		   "<p class=\"note\">悬停或用 Tab 键聚焦单元格可查看规则说明。Hover over or tab to a marked cell to read the failing rule.</p>\n");
}

/* The messages of the failing checks that use the cell, one per line. */
static void
cell_messages(card *cd, hbuf *out, int cell)
{
	int			i,
				k;

	for (i = 0; i < cd->nchecks; i++)
	{
		const gr_check *c = &cd->checks[i];

		if (c->status != GR_CHECK_FAIL)
			continue;
		for (k = 0; k < c->noperands; k++)
			if (c->operands[k].cell == cell)
			{
				hb_raw(out, "\n");
				hb_esc(out, c->rule);
				if (c->suspect_cell == cell)
					hb_raw(out, " [suspect]");
				hb_raw(out, ": ");
				hb_esc(out, c->message);
				break;
			}
	}
}

static void
cell_value_text(hbuf *b, const gr_cell *c)
{
	if (c->state == GR_REPORTED || c->state == GR_INFERRED)
		hb_num(b, c->value);
	else if (c->state == GR_BLANK)
		hb_raw(b, "空");
	else
		hb_raw(b, "缺");
}

static void
card_cell(card *cd, int cell, int colspan)
{
	hbuf	   *b = &cd->b;
	const gr_cell *pc = &cd->printed->cells[cell];
	const gr_cell *ec = &cd->rep->cells[cell];
	const gr_correction *corr = cd->correction[cell];
	hbuf		msg = {cd->mem, NULL, 0, 0};
	bool		marked = cd->fail[cell] || cd->suspect[cell] || corr != NULL;

	hb_reserve(&msg, 64);
	msg.s[0] = '\0';
	hb_esc(&msg, cd->rep->tpl->cells[cell].key);
	hb_raw(&msg, " · ");
	hb_raw(&msg, state_label(pc->state));
	if (pc->line)
		hb_rawf(&msg, " · 第 %u 行 line %u", (unsigned) pc->line, (unsigned) pc->line);
	if (corr)
	{
		hb_raw(&msg, "\n更正 corrected: ");
		cell_value_text(&msg, pc);
		hb_raw(&msg, " → ");
		cell_value_text(&msg, ec);
		if (corr->note)
		{
			hb_raw(&msg, " · ");
			hb_esc(&msg, corr->note);
		}
	}
	cell_messages(cd, &msg, cell);

	hb_raw(b, "<td class=\"v s-");
	hb_raw(b, gr_state_name((gr_state) pc->state));
	if (cd->fail[cell] == 1)
		hb_raw(b, " fail");
	else if (cd->fail[cell] == 2)
		hb_raw(b, " warn");
	if (cd->suspect[cell])
		hb_raw(b, " suspect");
	if (corr)
		hb_raw(b, " corrected");
	hb_raw(b, "\"");
	if (colspan > 1)
		hb_rawf(b, " colspan=\"%d\"", colspan);
	hb_raw(b, " id=\"");
	hb_esc(b, cd->rep->tpl->cells[cell].key);
	hb_raw(b, "\" data-state=\"");
	hb_raw(b, gr_state_name((gr_state) pc->state));
	hb_raw(b, "\"");
	if (corr)
	{
		hb_raw(b, " data-corrected-state=\"");
		hb_raw(b, gr_state_name((gr_state) ec->state));
		hb_raw(b, "\"");
	}
	if (marked)
		hb_raw(b, " tabindex=\"0\"");
	/* msg holds escaped text already: it goes in as it is */
	hb_raw(b, " title=\"");
	hb_raw(b, msg.s);
	hb_raw(b, "\">");
	if (corr)
	{
		hb_raw(b, "<del>");
		cell_value_text(b, pc);
		hb_raw(b, "</del><ins>");
		cell_value_text(b, ec);
		hb_raw(b, "</ins>");
	}
	else
		cell_value_text(b, pc);
	if (marked)
	{
		hb_raw(b, "<span class=\"tip\" role=\"tooltip\">");
		hb_raw(b, msg.s);
		hb_raw(b, "</span>");
	}
	hb_raw(b, "</td>");
}

static void
th_text(hbuf *b, const char *cls, int colspan, int rowspan, const char *text)
{
	hb_raw(b, "<th");
	if (cls)
		hb_rawf(b, " class=\"%s\"", cls);
	if (colspan > 1)
		hb_rawf(b, " colspan=\"%d\"", colspan);
	if (rowspan > 1)
		hb_rawf(b, " rowspan=\"%d\"", rowspan);
	hb_raw(b, ">");
	hb_esc(b, text);
	hb_raw(b, "</th>");
}

static void
table_open(card *cd, int t)
{
	const gr_table_def *td = &cd->rep->tpl->tables[t];
	static const char *const numbers[] = {"一", "二", "三", "四", "五", "六", "七", "八"};
	int			n = t + 2;		/* the tables are 二、三、四 of the report */

	hb_raw(&cd->b, "<h2>");
	if (n < 8)
	{
		hb_raw(&cd->b, numbers[n - 1]);
		hb_raw(&cd->b, "、");
	}
	hb_esc(&cd->b, td->title);
	hb_raw(&cd->b, "</h2>\n<table class=\"report-table\" id=\"");
	hb_esc(&cd->b, td->code);
	hb_raw(&cd->b, "\">\n");
}

/* Table 2: blocks, each with its heading and a header row of its columns. */
static void
card_table_blocks(card *cd, int t)
{
	const gr_template *tpl = cd->rep->tpl;
	const gr_table_def *td = &tpl->tables[t];
	const gr_table_layout *lay = gr_template_layout(tpl, t);
	int			width = 0,
				r,
				c;

	for (r = 0; r < td->nrows; r++)
		if (td->rows[r].ncols > width)
			width = td->rows[r].ncols;
	for (r = 0; r < td->nrows; r++)
	{
		const gr_row_def *rd = &td->rows[r];
		const char *block = gr_template_block(tpl, t, r);

		if (rd->kind != GR_ROW_DATA)
			continue;
		if (block != NULL || r == 0)
		{
			hb_raw(&cd->b, "<tr class=\"block\">");
			th_text(&cd->b, "block", width + 1, 1, block ? block : td->title);
			hb_raw(&cd->b, "</tr>\n<tr>");
			th_text(&cd->b, NULL, 1, 1, lay->corner ? lay->corner : "");
			for (c = 0; c < rd->ncols; c++)
				th_text(&cd->b, NULL, c == rd->ncols - 1 ? width - rd->ncols + 1 : 1, 1, rd->cols[c].label);
			hb_raw(&cd->b, "</tr>\n");
		}
		hb_raw(&cd->b, "<tr>");
		th_text(&cd->b, "row", 1, 1, rd->label);
		for (c = 0; c < rd->ncols; c++)
			card_cell(cd, gr_template_cell(tpl, t, r, c), c == rd->ncols - 1 ? width - rd->ncols + 1 : 1);
		hb_raw(&cd->b, "</tr>\n");
	}
}

static int
row_depth(const gr_table_def *td, int r)
{
	int			d = 0,
				g = td->rows[r].group;

	while (g >= 0 && g < td->nrows && d < 8)
	{
		d++;
		g = td->rows[g].group;
	}
	return d;
}

/* Is group g an ancestor of row r? */
static bool
under(const gr_table_def *td, int r, int g)
{
	int			x = td->rows[r].group,
				guard = 0;

	while (x >= 0 && x < td->nrows && guard++ < 8)
	{
		if (x == g)
			return true;
		x = td->rows[x].group;
	}
	return false;
}

/* Table 3: the corner, the applicant header with 法人或其他组织 over its
 * columns, then the rows with their groups as rowspanning labels. */
static void
card_table_grouped(card *cd, int t)
{
	const gr_template *tpl = cd->rep->tpl;
	const gr_table_def *td = &tpl->tables[t];
	const gr_table_layout *lay = gr_template_layout(tpl, t);
	const gr_col_def *cols = NULL;
	int			ncols = 0,
				depth = 0,
				r,
				c;
	bool		two_levels;

	for (r = 0; r < td->nrows; r++)
	{
		if (td->rows[r].kind == GR_ROW_DATA && cols == NULL)
			cols = td->rows[r].cols, ncols = td->rows[r].ncols;
		if (td->rows[r].kind == GR_ROW_DATA && row_depth(td, r) > depth)
			depth = row_depth(td, r);
	}
	if (cols == NULL)
		return;
	two_levels = lay->col_group != NULL && lay->col_group_first >= 0 &&
		lay->col_group_first + lay->col_group_count <= ncols && lay->col_group_count > 0;

	/* header */
	hb_raw(&cd->b, "<tr>");
	th_text(&cd->b, "corner", depth + 1, (lay->header ? 1 : 0) + (two_levels ? 2 : 1),
			lay->corner ? lay->corner : "");
	if (lay->header)
	{
		th_text(&cd->b, NULL, ncols, 1, lay->header);
		hb_raw(&cd->b, "</tr>\n<tr>");
	}
	for (c = 0; c < ncols; c++)
	{
		if (two_levels && c == lay->col_group_first)
		{
			hb_raw(&cd->b, "<th class=\"col-group\"");
			hb_rawf(&cd->b, " colspan=\"%d\">", lay->col_group_count);
			hb_esc(&cd->b, lay->col_group);
			hb_raw(&cd->b, "</th>");
		}
		else if (!two_levels || c < lay->col_group_first || c >= lay->col_group_first + lay->col_group_count)
			th_text(&cd->b, NULL, 1, two_levels ? 2 : 1, cols[c].label);
	}
	hb_raw(&cd->b, "</tr>\n");
	if (two_levels)
	{
		hb_raw(&cd->b, "<tr>");
		for (c = lay->col_group_first; c < lay->col_group_first + lay->col_group_count; c++)
			th_text(&cd->b, NULL, 1, 1, cols[c].label);
		hb_raw(&cd->b, "</tr>\n");
	}

	/* rows */
	for (r = 0; r < td->nrows; r++)
	{
		const gr_row_def *rd = &td->rows[r];
		int			chain[8],
					nchain = 0,
					g,
					i;

		if (rd->kind != GR_ROW_DATA)
			continue;
		poll(cd);
		hb_raw(&cd->b, "<tr>");
		/* the group labels this row is the first data row of, outermost first */
		for (g = rd->group; g >= 0 && g < td->nrows && nchain < 8; g = td->rows[g].group)
			chain[nchain++] = g;
		for (i = nchain - 1; i >= 0; i--)
		{
			int			first = -1,
						span = 0,
						x;

			for (x = 0; x < td->nrows; x++)
				if (td->rows[x].kind == GR_ROW_DATA && under(td, x, chain[i]))
				{
					if (first < 0)
						first = x;
					span++;
				}
			if (first == r)
				th_text(&cd->b, "row group", 1, span, td->rows[chain[i]].label);
		}
		th_text(&cd->b, "row", depth + 1 - nchain, 1, rd->label);
		for (c = 0; c < rd->ncols; c++)
			card_cell(cd, gr_template_cell(tpl, t, r, c), 1);
		hb_raw(&cd->b, "</tr>\n");
	}
}

/* Table 4: its rows side by side, with the two-level heading 行政诉讼 over
 * 未经复议直接起诉 and 复议后起诉, and the numbers in one row. */
static void
card_table_transposed(card *cd, int t)
{
	const gr_template *tpl = cd->rep->tpl;
	const gr_table_def *td = &tpl->tables[t];
	const gr_table_layout *lay = gr_template_layout(tpl, t);
	const char *sep = lay->row_group_sep ? lay->row_group_sep : "";
	size_t		seplen = strlen(sep);
	int			r,
				c,
				level;

	for (level = 0; level < 3; level++)
	{
		hb_raw(&cd->b, "<tr>");
		for (r = 0; r < td->nrows; r++)
		{
			const gr_row_def *rd = &td->rows[r];
			const char *split = seplen ? strstr(rd->label, sep) : NULL;

			if (split == NULL)
			{
				/* a row without a group: its label over two levels, then its columns */
				if (level == 0)
					th_text(&cd->b, "row", rd->ncols, 1, rd->label);
				else if (level == 1)
					for (c = 0; c < rd->ncols; c++)
						th_text(&cd->b, NULL, 1, 2, rd->cols[c].label);
				continue;
			}
			if (level == 0)
			{
				/* the group heading, once over its consecutive rows */
				size_t		glen = (size_t) (split - rd->label);
				int			span = 0,
							x;
				const char *prev = r > 0 && seplen ? strstr(td->rows[r - 1].label, sep) : NULL;

				if (prev && (size_t) (prev - td->rows[r - 1].label) == glen &&
					memcmp(td->rows[r - 1].label, rd->label, glen) == 0)
					continue;
				for (x = r; x < td->nrows; x++)
				{
					const char *s = strstr(td->rows[x].label, sep);

					if (s == NULL || (size_t) (s - td->rows[x].label) != glen ||
						memcmp(td->rows[x].label, rd->label, glen) != 0)
						break;
					span += td->rows[x].ncols;
				}
				hb_raw(&cd->b, "<th class=\"row-group\"");
				hb_rawf(&cd->b, " colspan=\"%d\">", span);
				hb_escn(&cd->b, rd->label, glen);
				hb_raw(&cd->b, "</th>");
			}
			else if (level == 1)
				th_text(&cd->b, "row", rd->ncols, 1, split + seplen);
			else
				for (c = 0; c < rd->ncols; c++)
					th_text(&cd->b, NULL, 1, 1, rd->cols[c].label);
		}
		hb_raw(&cd->b, "</tr>\n");
	}
	hb_raw(&cd->b, "<tr>");
	for (r = 0; r < td->nrows; r++)
		for (c = 0; c < td->rows[r].ncols; c++)
			card_cell(cd, gr_template_cell(tpl, t, r, c), 1);
	hb_raw(&cd->b, "</tr>\n");
}

static void
card_tables(card *cd)
{
	const gr_template *tpl = cd->rep->tpl;
	int			t;

	if (tpl == NULL || tpl->ntables == 0)
	{
		hb_raw(&cd->b, "<p id=\"no-tables\">此模板没有统一表格（2008–2018 年度报告）。"
			   "This template has no national tables.</p>\n");
		return;
	}
	for (t = 0; t < tpl->ntables; t++)
	{
		const gr_table_layout *lay = gr_template_layout(tpl, t);

		table_open(cd, t);
		if (lay->transposed)
			card_table_transposed(cd, t);
		else if (lay->header || lay->col_group)
			card_table_grouped(cd, t);
		else
			card_table_blocks(cd, t);
		hb_raw(&cd->b, "</table>\n");
	}
}

/* The source lines of a check's operands, ascending, without repeats. */
static void
check_lines(card *cd, const gr_check *c)
{
	uint32_t	last = 0;
	int			shown = 0;

	for (;;)
	{
		uint32_t	next = 0;
		int			k;

		for (k = 0; k < c->noperands; k++)
		{
			uint32_t	l = cd->rep->cells[c->operands[k].cell].line;

			if (l > last && (next == 0 || l < next))
				next = l;
		}
		if (next == 0)
			break;
		if (shown == 12)
		{
			hb_raw(&cd->b, " …");
			break;
		}
		hb_rawf(&cd->b, "%s%u", shown ? ", " : "", (unsigned) next);
		shown++;
		last = next;
	}
}

static void
card_checks(card *cd)
{
	hbuf	   *b = &cd->b;
	int			nrules,
				r,
				i;
	const gr_rule_info *rules = gr_rules(&nrules);
	int			failing = 0;

	hb_raw(b, "<h2>规则核对 rule statuses</h2>\n<table id=\"rules\"><tr><th>规则 rule</th><th>级别 severity</th>"
		   "<th>结果 status</th><th>不成立 failing</th><th>检查数 instances</th></tr>\n");
	for (r = 0; r < nrules; r++)
	{
		int			instances = 0,
					failed = 0,
					passed = 0;
		const char *status;

		for (i = 0; i < cd->nchecks; i++)
			if (strcmp(cd->checks[i].rule, rules[r].name) == 0)
			{
				instances++;
				failed += cd->checks[i].status == GR_CHECK_FAIL;
				passed += cd->checks[i].status == GR_CHECK_PASS;
			}
		if (instances == 0)
			continue;
		status = failed ? "fail" : passed == instances ? "pass" : "not_evaluated";
		hb_raw(b, "<tr data-rule=\"");
		hb_esc(b, rules[r].name);
		hb_rawf(b, "\" data-status=\"%s\"><td>", status);
		hb_esc(b, rules[r].name);
		hb_raw(b, "</td><td>");
		hb_raw(b, rules[r].severity == GR_SEV_ERROR ? "error" : "warning");
		hb_rawf(b, "</td><td class=\"status-%s\">%s</td><td>%d</td><td>%d</td></tr>\n",
				status, status, failed, instances);
	}
	hb_raw(b, "</table>\n<h2>不成立的检查 failing checks</h2>\n<table id=\"failures\"><tr><th>规则 rule</th>"
		   "<th>范围 scope</th><th>级别 severity</th><th>说明 message</th><th>疑似 suspect</th>"
		   "<th>来源行 source lines</th></tr>\n");
	for (i = 0; i < cd->nchecks; i++)
	{
		const gr_check *c = &cd->checks[i];

		if (c->status != GR_CHECK_FAIL)
			continue;
		poll(cd);
		failing++;
		hb_raw(b, "<tr class=\"failure\"><td>");
		hb_esc(b, c->rule);
		hb_raw(b, "</td><td>");
		hb_esc(b, c->scope);
		hb_raw(b, "</td><td>");
		hb_raw(b, c->severity == GR_SEV_ERROR ? "error" : "warning");
		hb_raw(b, "</td><td>");
		hb_esc(b, c->message);
		if (c->repeat_of)
		{
			hb_raw(b, " <span class=\"note\">(同一错误单元格 the same broken cell as ");
			hb_esc(b, c->repeat_of);
			hb_raw(b, ")</span>");
		}
		hb_raw(b, "</td><td>");
		if (c->suspect_cell >= 0)
		{
			/* a link to the cell, whose tooltip :target shows */
			hb_raw(b, "<a href=\"#");
			hb_esc(b, cd->rep->tpl->cells[c->suspect_cell].key);
			hb_raw(b, "\">");
			hb_esc(b, cd->rep->tpl->cells[c->suspect_cell].key);
			hb_raw(b, "</a>");
		}
		hb_raw(b, "</td><td class=\"lines\">");
		check_lines(cd, c);
		hb_raw(b, "</td></tr>\n");
	}
	if (failing == 0)
		hb_raw(b, "<tr><td colspan=\"6\">无 none</td></tr>\n");
	hb_raw(b, "</table>\n");
}

static void
card_findings(card *cd)
{
	hbuf	   *b = &cd->b;
	const gr_report *rep = cd->printed;
	int			i,
				k;

	hb_raw(b, "<h2>解析发现 findings</h2>\n<table id=\"findings\"><tr><th>代码 code</th>"
		   "<th>位置（含来源行）location</th><th>说明 message</th><th>数值 values</th></tr>\n");
	for (i = 0; i < rep->nfindings; i++)
	{
		const gr_finding *f = &rep->findings[i];

		poll(cd);
		hb_raw(b, "<tr class=\"finding\"><td>");
		hb_esc(b, f->code);
		hb_raw(b, "</td><td>");
		hb_esc(b, f->location);
		hb_raw(b, "</td><td>");
		hb_esc(b, f->message);
		hb_raw(b, "</td><td>");
		for (k = 0; k < f->nvalues; k++)
		{
			if (k)
				hb_raw(b, " ");
			hb_num(b, f->values[k]);
		}
		hb_raw(b, "</td></tr>\n");
	}
	if (rep->nfindings == 0)
		hb_raw(b, "<tr><td colspan=\"4\">无 none</td></tr>\n");
	hb_raw(b, "</table>\n");
}

static void
card_corrections(card *cd)
{
	hbuf	   *b = &cd->b;
	int			i;

	if (cd->opts == NULL || cd->opts->ncorrections == 0)
		return;
	hb_raw(b, "<h2>更正 corrections</h2>\n<table id=\"corrections\"><tr><th>单元格 cell</th>"
		   "<th>原文 printed</th><th>更正为 corrected</th><th>记录 record</th></tr>\n");
	for (i = 0; i < cd->opts->ncorrections; i++)
	{
		const gr_correction *c = &cd->opts->corrections[i];
		const gr_cell *pc = &cd->printed->cells[c->cell];

		if (cd->correction[c->cell] != c)
			continue;			/* a later entry for the same cell wins */
		hb_raw(b, "<tr class=\"correction\"><td>");
		hb_esc(b, cd->rep->tpl->cells[c->cell].key);
		hb_raw(b, "</td><td>");
		cell_value_text(b, pc);
		hb_raw(b, " (");
		hb_raw(b, gr_state_name((gr_state) pc->state));
		hb_raw(b, ")</td><td>");
		cell_value_text(b, &cd->rep->cells[c->cell]);
		hb_raw(b, "</td><td>");
		hb_esc(b, c->note);
		hb_raw(b, "</td></tr>\n");
	}
	hb_raw(b, "</table>\n");
}

char *
gr_report_card(gr_mem *mem, const gr_report *rep, const gr_card_options *opts, size_t *len_out,
			   gr_error *err)
{
	card		cd;
	int			i,
				k;
	size_t		ncells = (size_t) (rep->ncells > 0 ? rep->ncells : 1);

	memset(&cd, 0, sizeof(cd));
	cd.mem = mem;
	cd.b.mem = mem;
	cd.opts = opts;
	cd.printed = rep;
	cd.rep = rep;
	if (opts && opts->ncorrections > 0)
	{
		cd.rep = gr_report_apply_corrections(mem, rep, opts->corrections, opts->ncorrections, err);
		if (cd.rep == NULL)
			return NULL;
	}
	cd.fail = gr_alloc(mem, ncells);
	cd.suspect = gr_alloc(mem, ncells * sizeof(bool));
	cd.correction = gr_alloc(mem, ncells * sizeof(gr_correction *));
	if (opts)
		for (i = 0; i < opts->ncorrections; i++)
			cd.correction[opts->corrections[i].cell] = &opts->corrections[i];
	cd.nchecks = gr_check_report(mem, cd.rep, &cd.checks);
	for (i = 0; i < cd.nchecks; i++)
	{
		const gr_check *c = &cd.checks[i];

		if (c->status != GR_CHECK_FAIL)
			continue;
		for (k = 0; k < c->noperands; k++)
		{
			int			cell = c->operands[k].cell;

			if (cell < 0 || cell >= rep->ncells)
				continue;
			if (c->severity == GR_SEV_ERROR)
				cd.fail[cell] = 1;
			else if (cd.fail[cell] == 0)
				cd.fail[cell] = 2;
		}
		if (c->suspect_cell >= 0 && c->suspect_cell < rep->ncells)
			cd.suspect[c->suspect_cell] = true;
	}

	card_head(&cd);
	card_summary(&cd);
	card_legend(&cd);
	card_tables(&cd);
	card_corrections(&cd);
	card_checks(&cd);
	card_findings(&cd);
	hb_raw(&cd.b, "<footer class=\"note\">govreport 报告卡 report card</footer>\n</body></html>\n");
	if (len_out)
		*len_out = cd.b.len;
	return cd.b.s;
}
