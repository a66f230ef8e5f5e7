/*
 * zipbuild.h — small .docx containers built in memory with libzip, for the
 * unit tests (test_docx.c) and the fuzz harness (fuzz_docx.c), and byte
 * patches that make them hostile (lying sizes, encryption flags, duplicate
 * names).  Each including file gets its own static copies.
 */
#ifndef ZIPBUILD_H
#define ZIPBUILD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

typedef struct zb_entry
{
	const char *name;
	const char *data;
	size_t		len;			/* (size_t) -1: strlen(data) */
	bool		store;			/* no compression */
} zb_entry;

/* A zip of the entries, malloc'd (NULL if libzip fails). */
static inline char *
zb_build(const zb_entry *entries, int n, size_t *out_len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t	   *za;
	zip_int64_t size;
	char	   *out = NULL;
	int			i;

	*out_len = 0;
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (src == NULL)
		return NULL;
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (za == NULL)
	{
		zip_source_free(src);
		zip_source_free(src);
		return NULL;
	}
	for (i = 0; i < n; i++)
	{
		size_t		len = entries[i].len == (size_t) -1 ? strlen(entries[i].data) : entries[i].len;
		zip_source_t *s = zip_source_buffer(za, entries[i].data, len, 0);
		zip_int64_t idx = s ? zip_file_add(za, entries[i].name, s, ZIP_FL_ENC_UTF_8) : -1;

		if (idx < 0)
		{
			if (s)
				zip_source_free(s);
			zip_discard(za);
			zip_source_free(src);
			return NULL;
		}
		zip_set_file_compression(za, (zip_uint64_t) idx, entries[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
		zip_file_set_mtime(za, (zip_uint64_t) idx, 1700000000, 0);
	}
	if (zip_close(za) != 0)
	{
		zip_discard(za);
		zip_source_free(src);
		return NULL;
	}
	if (zip_source_open(src) == 0)
	{
		zip_source_seek(src, 0, SEEK_END);
		size = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		if (size >= 0 && (out = malloc((size_t) size + 1)) != NULL &&
			zip_source_read(src, out, (zip_uint64_t) size) == size)
			*out_len = (size_t) size;
		else
		{
			free(out);
			out = NULL;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	return out;
}

/* A minimal .docx: document.xml (a w:body's content) and, if given, core.xml. */
static inline char *
zb_docx(const char *body_xml, const char *core_xml, size_t *out_len)
{
	static const char head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
		"xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>";
	static const char tail[] = "</w:body></w:document>\n";
	size_t		n = strlen(head) + strlen(body_xml) + strlen(tail);
	char	   *doc = malloc(n + 1),
			   *out;
	zb_entry	e[2];

	if (doc == NULL)
		return NULL;
	strcpy(doc, head);
	strcat(doc, body_xml);
	strcat(doc, tail);
	e[0].name = "word/document.xml";
	e[0].data = doc;
	e[0].len = n;
	e[0].store = false;
	e[1].name = "docProps/core.xml";
	e[1].data = core_xml;
	e[1].len = (size_t) -1;
	e[1].store = false;
	out = zb_build(e, core_xml ? 2 : 1, out_len);
	free(doc);
	return out;
}

static inline uint16_t
zb_u16(const unsigned char *p)
{
	return (uint16_t) (p[0] | (p[1] << 8));
}

static inline void
zb_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char) v;
	p[1] = (unsigned char) (v >> 8);
	p[2] = (unsigned char) (v >> 16);
	p[3] = (unsigned char) (v >> 24);
}

/*
 * Calls patch on the local header (kind 'L') and the central directory
 * header (kind 'C') of every entry named name; returns how many it found.
 */
typedef void (*zb_patch_fn) (unsigned char *header, char kind, void *arg);

static inline int
zb_patch_headers(char *zip, size_t len, const char *name, zb_patch_fn patch, void *arg)
{
	unsigned char *z = (unsigned char *) zip;
	size_t		nlen = strlen(name),
				i;
	int			found = 0;

	for (i = 0; i + 46 <= len; i++)
	{
		if (z[i] != 'P' || z[i + 1] != 'K')
			continue;
		if (z[i + 2] == 3 && z[i + 3] == 4 && zb_u16(z + i + 26) == nlen && i + 30 + nlen <= len &&
			memcmp(z + i + 30, name, nlen) == 0)
		{
			patch(z + i, 'L', arg);
			found++;
		}
		else if (z[i + 2] == 1 && z[i + 3] == 2 && zb_u16(z + i + 28) == nlen && i + 46 + nlen <= len &&
				 memcmp(z + i + 46, name, nlen) == 0)
		{
			patch(z + i, 'C', arg);
			found++;
		}
	}
	return found;
}

/* Patches: the uncompressed size, the encryption flag, the name. */
static inline void
zb_set_size(unsigned char *h, char kind, void *arg)
{
	zb_put32(h + (kind == 'L' ? 22 : 24), *(uint32_t *) arg);
}

static inline void
zb_set_encrypted(unsigned char *h, char kind, void *arg)
{
	(void) arg;
	h[kind == 'L' ? 6 : 8] |= 1;
}

static inline void
zb_rename(unsigned char *h, char kind, void *arg)
{
	const char *to = arg;

	memcpy(h + (kind == 'L' ? 30 : 46), to, strlen(to));
}

#endif
