/*
 * decode.c — document bytes to UTF-8.  (Issue 4 adds GB-family encodings.)
 */
#include "gr_internal.h"

const char *
gr_decode_document(gr_mem *mem, const char *data, size_t len, size_t *out_len, gr_error *err)
{
	size_t		n;

	/* validate: gr_normalise reports the offset of the first bad byte */
	if (gr_normalise(mem, data, len, &n, err) == NULL)
		return NULL;
	*out_len = len;
	return data;
}
