/*
 * parse.c — the entry points: size limits, containers (.docx, refused .doc),
 * decoding, choosing the lexer for the document's form, and recognition.  Every form reaches the recogniser
 * as the same grid of lines and cells.
 */
#include <string.h>

#include "gr_internal.h"

static bool
starts_with_ci(const char *s, size_t len, const char *lit)
{
	size_t		n = strlen(lit),
				i;

	if (len < n)
		return false;
	for (i = 0; i < n; i++)
	{
		char		c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (c != lit[i])
			return false;
	}
	return true;
}

/* Looks at the head of the document only: markup shows itself early. */
gr_form
gr_detect_form(const char *s, size_t len)
{
	size_t		i = 0,
				head = len < 4096 ? len : 4096;

	if (len >= 3 && (unsigned char) s[0] == 0xEF && (unsigned char) s[1] == 0xBB && (unsigned char) s[2] == 0xBF)
		i = 3;
	while (i < head && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i >= head || s[i] != '<')
		return GR_FORM_TEXT;
	for (; i < head; i++)
		if (s[i] == '<')
		{
			if (starts_with_ci(s + i, len - i, "<doc>") || starts_with_ci(s + i, len - i, "<flow>") ||
				starts_with_ci(s + i, len - i, "<word xmin"))
				return GR_FORM_BBOX;
		}
	return GR_FORM_HTML;
}

static bool
table_absent(const gr_report *rep, const char *table)
{
	int			i;

	for (i = 0; i < rep->nfindings; i++)
		if (strcmp(rep->findings[i].code, "table_absent") == 0 && strcmp(rep->findings[i].location, table) == 0)
			return true;
	return false;
}

static bool
only_white_space(const char *data, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
		if (data[i] != ' ' && data[i] != '\n' && data[i] != '\r' && data[i] != '\t')
			return false;
	return true;
}

/*
 * data should be UTF-8, and is known to be when `checked` (the decoder
 * made or checked it).  `text`, when not NULL, is data already normalised
 * (a text document whose normalisation was its UTF-8 check).
 */
static gr_report *
parse_utf8(gr_mem *mem, const char *data, size_t len, bool checked, char *text, size_t text_len,
		   const gr_parse_options *opts, gr_error *err)
{
	gr_grid		grid;
	gr_report  *rep;

	memset(&grid, 0, sizeof(grid));
	if (only_white_space(data, len))
	{
		gr_error_set(err, GR_ERR_EMPTY, -1, "the document has %zu bytes and no text", len);
		return NULL;
	}
	if (text != NULL)
	{
		if (!gr_lex_text(mem, text, text_len, &grid, opts, err))
			return NULL;
	}
	else
		switch (gr_detect_form(data, len))
	{
		case GR_FORM_HTML:
			if (!checked)
			{
				size_t		bad = gr_utf8_valid_prefix(data, len);

				if (bad < len)
				{
					gr_error_set(err, GR_ERR_ENCODING, (long) bad,
								 "invalid UTF-8 sequence at byte offset %zu (byte 0x%02X)",
								 bad, (unsigned char) data[bad]);
					return NULL;
				}
			}
			if (!gr_lex_html(mem, data, len, &grid, opts, err))
				return NULL;
			break;
		case GR_FORM_BBOX:
			if (!gr_lex_bbox(mem, data, len, &grid, opts, err))
				return NULL;
			break;
		case GR_FORM_TEXT:
			{
				size_t		nlen;
				char	   *norm = gr_normalise_checked(mem, data, len, &nlen, opts, err);

				if (norm == NULL || !gr_lex_text(mem, norm, nlen, &grid, opts, err))
					return NULL;
				break;
			}
	}
	rep = gr_recognise(mem, &grid, opts, err);
	/* a crawler's page with its tables run into one line shows no table 3
	 * heading on a line of its own: only then cut such lines and read again */
	if (rep != NULL && rep->tpl->ntables > 0 && table_absent(rep, "t3") &&
		gr_unglue_runs(mem, &grid, opts))
		rep = gr_recognise(mem, &grid, opts, err);
	return rep;
}

static bool
over_limit(size_t len, const gr_parse_options *opts, gr_error *err)
{
	if (opts && opts->limits.max_document_bytes > 0 && len > opts->limits.max_document_bytes)
	{
		gr_error_set(err, GR_ERR_LIMIT, -1, "document is %zu bytes; the limit is %zu bytes",
					 len, opts->limits.max_document_bytes);
		return true;
	}
	return false;
}

gr_report *
gr_parse_text(gr_mem *mem, const char *data, size_t len, const gr_parse_options *opts, gr_error *err)
{
	if (over_limit(len, opts, err))
		return NULL;
	return parse_utf8(mem, data, len, false, NULL, 0, opts, err);
}

gr_report *
gr_parse_document(gr_mem *mem, const char *data, size_t len, const gr_parse_options *opts, gr_error *err)
{
	size_t		ulen;
	const char *utf8;

	if (over_limit(len, opts, err))
		return NULL;
	if (len == 0)
	{
		gr_error_set(err, GR_ERR_EMPTY, -1, "the document has 0 bytes");
		return NULL;
	}
	/* containers show themselves in their first bytes */
	switch (gr_detect_container(data, len))
	{
		case GR_CONTAINER_ZIP:
			return gr_parse_docx(mem, data, len, opts, err);
		case GR_CONTAINER_OLE:
			(void) gr_refuse_ole(data, len, opts, err);
			return NULL;
		case GR_CONTAINER_NONE:
			break;
	}
	/*
	 * Plain text, by far the commonest form, is normalised in one pass that
	 * also checks its UTF-8: when that pass succeeds the document was UTF-8
	 * and the decoder's own check would only repeat it.  When it fails
	 * (another encoding, a NUL byte), the document takes the general way,
	 * which gives the same result as if this had not been tried.
	 */
	if (gr_detect_form(data, len) == GR_FORM_TEXT)
	{
		gr_error	probe;
		size_t		tlen;
		char	   *text;

		memset(&probe, 0, sizeof(probe));
		text = gr_normalise_checked(mem, data, len, &tlen, opts, &probe);
		if (text != NULL)
			return parse_utf8(mem, data, len, true, text, tlen, opts, err);
	}
	utf8 = gr_decode_document(mem, data, len, &ulen, err);
	if (utf8 == NULL)
		return NULL;
	return parse_utf8(mem, utf8, ulen, true, NULL, 0, opts, err);
}
