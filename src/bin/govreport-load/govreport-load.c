/*
 * govreport-load: loads report files into the govreport store.
 *
 * Each file is read, its kind found from its bytes (a PDF goes through
 * pdftotext -layout first), and sent as a binary bytea parameter to
 * govreport.load_document() in a transaction of its own.  -j connections
 * work in parallel, each in libpq pipeline mode with two reports in flight,
 * so that a backend never waits for the client between two reports.
 *
 * Outcomes, one per file (the JSON log's "outcome"): loaded, already_present,
 * replaced, rejected (23514), not_a_report, unreadable, empty, unsupported,
 * too_large, pdf_failed, no_text_layer, error (any other SQLSTATE).
 * Exit status: 0 when every file was loaded, replaced or already present;
 * 1 when some were not; 2 on usage or connection errors.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <openssl/evp.h>

#define VERSION "0.2.0"
#define DEPTH 2					/* reports in flight per connection */
#define BYTEAOID 17
#define TEXTOID 25
#define BOOLOID 16
#define INT4OID 23

extern char **environ;

typedef enum
{
	O_PENDING,
	O_LOADED,
	O_ALREADY,
	O_REPLACED,
	O_REJECTED,
	O_NOT_REPORT,
	O_UNREADABLE,
	O_EMPTY,
	O_UNSUPPORTED,
	O_TOO_LARGE,
	O_PDF_FAILED,
	O_NO_TEXT,
	O_ERROR,
	O_COUNT
} outcome;

static const char *const outcome_code[O_COUNT] = {
	"pending", "loaded", "already_present", "replaced", "rejected", "not_a_report", "unreadable",
	"empty", "unsupported", "too_large", "pdf_failed", "no_text_layer", "error"
};
static const char *const outcome_label[O_COUNT] = {
	"not attempted", "loaded", "already present", "replaced", "rejected by identities (23514)",
	"not a report", "unreadable", "empty", "unsupported format", "too large", "pdftotext failed",
	"PDF without a text layer", "other errors"
};

static bool
outcome_ok(outcome o)
{
	return o == O_LOADED || o == O_ALREADY || o == O_REPLACED;
}

typedef struct item
{
	char	   *path;
	outcome		result;
	char	   *message;		/* reason, for a file not loaded */
	char		sqlstate[6];
	const char *kind;
	char		sha[65];		/* hex, "" when not read */
	long long	report_id, document_id;
	char	   *rules;			/* failing rules of a rejected report, "a,b" */
	double		seconds;
	struct timespec started;
	/* while in flight */
	char	   *bytes, *text_layer, *source_name;
	size_t		nbytes, ntext;
} item;

/* ------------------------------------------------------------ options */

static const char *opt_dbname, *opt_host, *opt_port, *opt_user, *opt_agency, *opt_year, *opt_log;
static bool opt_strict = true, opt_replace, opt_dry_run, opt_verbose;
static int	opt_jobs, opt_pdf_timeout = 60;

/* ------------------------------------------------------------ shared state */

static item *items;
static size_t nitems, items_cap;
static size_t next_item;		/* the next to take */
static size_t done_items, failed_items;
static long long max_document_bytes;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;
static bool progress_shown;		/* stderr is a terminal */
static bool progress_dirty;		/* a progress line is on screen */
static struct timespec run_start;

static double
since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double) (now.tv_sec - t->tv_sec) + (double) (now.tv_nsec - t->tv_nsec) / 1e9;
}

static void *
xmalloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (!p)
	{
		fprintf(stderr, "govreport-load: out of memory\n");
		exit(2);
	}
	return p;
}

static char *
xstrdup(const char *s)
{
	size_t		n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static char * __attribute__((format(printf, 1, 2)))
xprintf(const char *fmt,...)
{
	va_list		ap;
	char	   *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
	{
		fprintf(stderr, "govreport-load: out of memory\n");
		exit(2);
	}
	return s;
}

/* The length of the valid UTF-8 sequence at p, or 0. */
static int
utf8_len(const unsigned char *p)
{
	unsigned char c = *p;
	int			len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;

	for (int k = 1; k < len; k++)
		if ((p[k] & 0xC0) != 0x80)
			return 0;
	return len;
}

/*
 * A path as the source name the server stores (text in UTF-8): a byte that
 * is not UTF-8 (a GBK file name, say) is written as \xNN.
 */
static char *
source_name_of(const char *path)
{
	char	   *out = xmalloc(4 * strlen(path) + 1),
			   *q = out;

	for (const unsigned char *p = (const unsigned char *) path; *p;)
	{
		int			len = utf8_len(p);

		if (len == 0)
		{
			q += sprintf(q, "\\x%02X", *p);
			p++;
			continue;
		}
		memcpy(q, p, (size_t) len);
		q += len;
		p += len;
	}
	*q = '\0';
	return out;
}

/* Under the lock: clear the progress line before writing a line of text. */
static void
clear_progress(void)
{
	if (progress_dirty)
	{
		fputs("\r\033[K", stderr);
		progress_dirty = false;
	}
}

/* ------------------------------------------------------------ the file list */

typedef struct
{
	dev_t		dev;
	ino_t		ino;
} file_id;

static file_id *seen;
static size_t nseen, seen_cap;

/* true when (dev, ino) was seen before; records it otherwise */
static bool
seen_before(const struct stat *st)
{
	for (size_t i = 0; i < nseen; i++)
		if (seen[i].dev == st->st_dev && seen[i].ino == st->st_ino)
			return true;
	if (nseen == seen_cap)
	{
		seen_cap = seen_cap ? 2 * seen_cap : 256;
		seen = realloc(seen, seen_cap * sizeof(*seen));
		if (!seen)
			exit(2);
	}
	seen[nseen].dev = st->st_dev;
	seen[nseen].ino = st->st_ino;
	nseen++;
	return false;
}

static item *
add_item(const char *path)
{
	item	   *it;

	if (nitems == items_cap)
	{
		items_cap = items_cap ? 2 * items_cap : 256;
		items = realloc(items, items_cap * sizeof(*items));
		if (!items)
			exit(2);
	}
	it = &items[nitems++];
	memset(it, 0, sizeof(*it));
	it->path = xstrdup(path);
	return it;
}

static void
fail_early(item *it, outcome o, char *message)
{
	it->result = o;
	it->message = message;
}

static const char *
file_type_name(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	return "not a regular file";
}

static void add_path(const char *path);

static void
add_directory(const char *path)
{
	struct dirent **names;
	int			n = scandir(path, &names, NULL, alphasort);

	if (n < 0)
	{
		fail_early(add_item(path), O_UNREADABLE, xprintf("cannot read the directory: %s", strerror(errno)));
		return;
	}
	for (int i = 0; i < n; i++)
	{
		const char *name = names[i]->d_name;

		if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
		{
			size_t		len = strlen(path);
			char	   *child = xprintf("%s%s%s", path, len && path[len - 1] == '/' ? "" : "/", name);

			add_path(child);
			free(child);
		}
		free(names[i]);
	}
	free(names);
}

static void
add_path(const char *path)
{
	struct stat st,
				lst;

	if (stat(path, &st) != 0)
	{
		int			e = errno;

		if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
			fail_early(add_item(path), O_UNREADABLE,
					   xprintf("%s (a symbolic link to nothing readable)", strerror(e)));
		else
			fail_early(add_item(path), O_UNREADABLE, xprintf("%s", strerror(e)));
		return;
	}
	if (S_ISDIR(st.st_mode))
	{
		if (seen_before(&st))
		{
			pthread_mutex_lock(&lock);
			fprintf(stderr, "govreport-load: %s: directory already visited (a symbolic link loop?), skipped\n", path);
			pthread_mutex_unlock(&lock);
			return;
		}
		add_directory(path);
		return;
	}
	if (seen_before(&st))
		return;					/* the same file named twice */
	if (!S_ISREG(st.st_mode))
		fail_early(add_item(path), O_UNREADABLE, xprintf("%s, not a file", file_type_name(st.st_mode)));
	else
		add_item(path);
}

static void
add_stdin_paths(void)
{
	char	   *line = NULL;
	size_t		cap = 0;
	ssize_t		n;

	while ((n = getline(&line, &cap, stdin)) >= 0)
	{
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0)
			add_path(line);
	}
	free(line);
}

/* ------------------------------------------------------------ reading a file */

static bool
starts(const char *b, size_t n, const char *magic, size_t m)
{
	return n >= m && memcmp(b, magic, m) == 0;
}

static bool
has(const char *b, size_t n, const char *needle)
{
	return memmem(b, n, needle, strlen(needle)) != NULL;
}

/* a tag, case-insensitively: only the places after a '<' are compared */
static bool
has_tag(const char *b, size_t n, const char *name)
{
	size_t		m = strlen(name);
	const char *p = b,
			   *end = b + n;

	while ((p = memchr(p, '<', (size_t) (end - p))) != NULL)
	{
		p++;
		if ((size_t) (end - p) >= m && strncasecmp(p, name, m) == 0)
			return true;
	}
	return false;
}

/*
 * The kind of a document, from its bytes; NULL with *why set for what is
 * not a document.  The server reads the encoding itself (byte-order mark,
 * <meta charset>, or detection), so HTML in any encoding is sent as it is.
 */
static const char *
detect_kind(const char *b, size_t n, char **why)
{
	size_t		head = n < 65536 ? n : 65536;
	size_t		i;

	if (starts(b, n, "%PDF-", 5))
		return "pdf";
	if (starts(b, n, "PK\003\004", 4))
	{
		if (has(b, n, "word/document.xml"))
			return "docx";
		*why = xstrdup("a zip archive that is not a Word document (no word/document.xml)");
		return NULL;
	}
	if (starts(b, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return "doc";			/* the server refuses it with a hint */
	if (starts(b, n, "\xFF\xD8\xFF", 3))
		*why = xstrdup("a JPEG image, not a document");
	else if (starts(b, n, "\x89PNG", 4))
		*why = xstrdup("a PNG image, not a document");
	else if (starts(b, n, "GIF8", 4))
		*why = xstrdup("a GIF image, not a document");
	else if (starts(b, n, "II*\0", 4) || starts(b, n, "MM\0*", 4))
		*why = xstrdup("a TIFF image, not a document");
	else if (starts(b, n, "RIFF", 4) && n >= 12 && memcmp(b + 8, "WEBP", 4) == 0)
		*why = xstrdup("a WebP image, not a document");
	if (*why)
		return NULL;
	/* UTF-16 (with its byte-order mark): look at its ASCII characters */
	if (starts(b, n, "\xFF\xFE", 2) || starts(b, n, "\xFE\xFF", 2))
	{
		size_t		lo = b[0] == '\xFF' ? 0 : 1,
					m = 0;
		char	   *ascii = xmalloc(head / 2 + 1);
		const char *kind;

		for (i = 2; i + 1 < head; i += 2)
			if (b[i + 1 - lo] == '\0' && b[i + lo] != '\0')
				ascii[m++] = b[i + lo];
			else
				ascii[m++] = '?';
		kind = m > 0 ? detect_kind(ascii, m, why) : "text";
		free(ascii);
		return kind ? kind : (free(*why), *why = NULL, "text");
	}
	/* anything else with NULs is binary */
	for (i = 0; i < (n < 8192 ? n : 8192); i++)
		if (b[i] == '\0')
		{
			*why = xstrdup("binary data, not a document");
			return NULL;
		}
	/* pdftotext -bbox-layout writes these in lower case */
	if (has(b, head, "<page ") && has(b, head, "xMin="))
		return "bbox";
	if (has_tag(b, head, "html") || has_tag(b, head, "!doctype html") || has_tag(b, head, "body")
		|| has_tag(b, head, "table") || has_tag(b, head, "meta") || has_tag(b, head, "div"))
		return "html";
	/* a Markdown pipe table or heading */
	for (i = 0; i < head; i++)
		if (i == 0 || b[i - 1] == '\n')
		{
			size_t		j = i;

			while (j < head && (b[j] == ' ' || b[j] == '\t'))
				j++;
			if (j < head && b[j] == '|')
			{
				const char *eol = memchr(b + j + 1, '\n', head - j - 1);

				if (eol ? memchr(b + j + 1, '|', (size_t) (eol - b - j - 1)) : memchr(b + j + 1, '|', head - j - 1))
					return "markdown";
			}
			if (j + 1 < head && b[j] == '#' && (b[j + 1] == ' ' || b[j + 1] == '#'))
				return "markdown";
		}
	return "text";
}

static bool
blank_text(const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != ' ' && b[i] != '\n' && b[i] != '\r' && b[i] != '\t' && b[i] != '\f')
			return false;
	return true;
}

/*
 * Runs pdftotext -layout on the file, with a time limit and an output size
 * limit.  Returns O_PENDING with the text in it->text_layer, or the outcome.
 */
static outcome
run_pdftotext(item *it)
{
	int			out[2],
				err[2];
	posix_spawn_file_actions_t fa;
	pid_t		pid;
	char	   *arg_path = it->path[0] == '-' ? xprintf("./%s", it->path) : xstrdup(it->path);
	char	   *argv[] = {"pdftotext", "-layout", "-enc", "UTF-8", arg_path, "-", NULL};
	size_t		cap = 65536,
				len = 0,
				elen = 0;
	char	   *buf,
				ebuf[1024];
	struct timespec t0;
	bool		timed_out = false,
				too_big = false;
	int			status,
				rc;

	if (pipe2(out, O_CLOEXEC) != 0)
	{
		it->message = xprintf("cannot make a pipe: %s", strerror(errno));
		free(arg_path);
		return O_PDF_FAILED;
	}
	if (pipe2(err, O_CLOEXEC) != 0)
	{
		it->message = xprintf("cannot make a pipe: %s", strerror(errno));
		close(out[0]);
		close(out[1]);
		free(arg_path);
		return O_PDF_FAILED;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	rc = posix_spawnp(&pid, "pdftotext", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	close(err[1]);
	free(arg_path);
	if (rc != 0)
	{
		close(out[0]);
		close(err[0]);
		it->message = xprintf("cannot run pdftotext: %s (install poppler-utils)", strerror(rc));
		return O_PDF_FAILED;
	}
	buf = xmalloc(cap);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	{
		struct pollfd p[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
		int			open_fds = 2;

		while (open_fds > 0)
		{
			double		left = opt_pdf_timeout - since(&t0);
			int			k;

			if (left <= 0)
			{
				timed_out = true;
				break;
			}
			k = poll(p, 2, (int) (left * 1000) + 1);
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0)
				break;
			for (int f = 0; f < 2; f++)
			{
				ssize_t		r;

				if (p[f].fd < 0 || !(p[f].revents & (POLLIN | POLLHUP | POLLERR)))
					continue;
				if (f == 0)
				{
					if (len == cap)
					{
						cap *= 2;
						buf = realloc(buf, cap);
						if (!buf)
							exit(2);
					}
					r = read(p[f].fd, buf + len, cap - len);
					if (r > 0 && (len += (size_t) r) > (size_t) max_document_bytes)
					{
						too_big = true;
						open_fds = 0;
						break;
					}
				}
				else
				{
					char		sink[512];

					r = read(p[f].fd, elen < sizeof(ebuf) - 1 ? ebuf + elen : sink,
							 elen < sizeof(ebuf) - 1 ? sizeof(ebuf) - 1 - elen : sizeof(sink));
					if (r > 0 && elen < sizeof(ebuf) - 1)
						elen += (size_t) r;
				}
				if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
				{
					close(p[f].fd);
					p[f].fd = -1;
					open_fds--;
				}
			}
		}
		for (int f = 0; f < 2; f++)
			if (p[f].fd >= 0)
				close(p[f].fd);
	}
	if (timed_out || too_big)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	ebuf[elen] = '\0';
	if (timed_out)
	{
		free(buf);
		it->message = xprintf("pdftotext did not finish within %d s (--pdf-timeout)", opt_pdf_timeout);
		return O_PDF_FAILED;
	}
	if (too_big)
	{
		free(buf);
		it->message = xprintf("the PDF's text is over govreport.max_document_size (%lld bytes)", max_document_bytes);
		return O_TOO_LARGE;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
	{
		char	   *nl = strchr(ebuf, '\n');

		if (nl)
			*nl = '\0';
		free(buf);
		if (WIFEXITED(status))
			it->message = xprintf("pdftotext failed (exit status %d)%s%s", WEXITSTATUS(status),
								  elen ? ": " : "", ebuf);
		else
			it->message = xprintf("pdftotext was killed by signal %d", WTERMSIG(status));
		return O_PDF_FAILED;
	}
	if (blank_text(buf, len))
	{
		free(buf);
		it->message = xstrdup("the PDF has no text layer (a scan?): run OCR first");
		return O_NO_TEXT;
	}
	it->text_layer = buf;
	it->ntext = len;
	return O_PENDING;
}

static void
sha256_hex(const char *b, size_t n, char *hex)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (EVP_Digest(b, n, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
	{
		hex[0] = '\0';
		return;
	}
	for (unsigned i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
}

/*
 * Reads the file and finds its kind.  O_PENDING when it is to be sent;
 * otherwise the outcome, decided on the client.
 */
static outcome
prepare_item(item *it)
{
	int			fd;
	struct stat st;
	size_t		got = 0;
	char	   *why = NULL;

	fd = open(it->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
	{
		it->message = xprintf("%s", strerror(errno));
		return O_UNREADABLE;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
	{
		it->message = xstrdup("not a regular file");
		close(fd);
		return O_UNREADABLE;
	}
	if (st.st_size == 0)
	{
		close(fd);
		it->message = xstrdup("the file is empty");
		return O_EMPTY;
	}
	if ((long long) st.st_size > max_document_bytes)
	{
		close(fd);
		it->message = xprintf("%lld bytes, over govreport.max_document_size (%lld bytes)",
							  (long long) st.st_size, max_document_bytes);
		return O_TOO_LARGE;
	}
	it->bytes = xmalloc((size_t) st.st_size);
	while (got < (size_t) st.st_size)
	{
		ssize_t		r = read(fd, it->bytes + got, (size_t) st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
		{
			it->message = xprintf("read failed: %s", strerror(errno));
			close(fd);
			return O_UNREADABLE;
		}
		if (r == 0)
			break;
		got += (size_t) r;
	}
	close(fd);
	it->nbytes = got;
	sha256_hex(it->bytes, it->nbytes, it->sha);
	if (got == 0)
	{
		it->message = xstrdup("the file is empty");
		return O_EMPTY;
	}
	it->kind = detect_kind(it->bytes, it->nbytes, &why);
	if (!it->kind)
	{
		it->message = why;
		return O_UNSUPPORTED;
	}
	if (blank_text(it->bytes, it->nbytes))
	{
		it->message = xstrdup("the file holds only white space");
		return O_EMPTY;
	}
	it->source_name = source_name_of(it->path);
	if (strcmp(it->kind, "pdf") == 0)
		return run_pdftotext(it);
	return O_PENDING;
}

static void
release_buffers(item *it)
{
	free(it->bytes);
	free(it->text_layer);
	free(it->source_name);
	it->bytes = it->text_layer = it->source_name = NULL;
}

/* ------------------------------------------------------------ results */

static void
json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *) s;

	if (!s)
	{
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*p)
	{
		unsigned char c = *p;
		int			len = utf8_len(p);

		if (len == 0)
		{
			fputs("\\ufffd", f);	/* a file name that is not UTF-8 */
			p++;
			continue;
		}
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7F)
			fprintf(f, "\\u%04x", c);
		else
			fwrite(p, 1, (size_t) len, f);
		p += len;
	}
	fputc('"', f);
}

static void
json_id(FILE *f, long long id)
{
	if (id > 0)
		fprintf(f, "%lld", id);
	else
		fputs("null", f);
}

/* Records a finished item: the per-file line, the log line, the counters. */
static void
finish_item(item *it, outcome o)
{
	it->result = o;
	it->seconds = since(&it->started);
	release_buffers(it);
	pthread_mutex_lock(&lock);
	done_items++;
	if (!outcome_ok(o))
		failed_items++;
	if (!outcome_ok(o) || opt_verbose)
	{
		clear_progress();
		fprintf(stderr, "%s: %s%s%s\n", it->path, outcome_label[o], it->message ? ": " : "",
				it->message ? it->message : "");
	}
	if (log_file)
	{
		time_t		now = time(NULL);
		struct tm	tm;
		char		stamp[32];
		char	   *name = source_name_of(it->path);	/* as stored */

		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
		fputs("{\"path\":", log_file);
		json_string(log_file, name);
		free(name);
		fputs(",\"sha256\":", log_file);
		json_string(log_file, it->sha[0] ? it->sha : NULL);
		fputs(",\"kind\":", log_file);
		json_string(log_file, it->kind);
		fprintf(log_file, ",\"outcome\":\"%s\",\"dry_run\":%s,\"sqlstate\":", outcome_code[o],
				opt_dry_run ? "true" : "false");
		json_string(log_file, it->sqlstate[0] ? it->sqlstate : NULL);
		fputs(",\"message\":", log_file);
		json_string(log_file, it->message);
		fputs(",\"rules\":", log_file);
		json_string(log_file, it->rules);
		fputs(",\"report_id\":", log_file);
		json_id(log_file, it->report_id);
		fputs(",\"document_id\":", log_file);
		json_id(log_file, it->document_id);
		fprintf(log_file, ",\"seconds\":%.6f,\"time\":\"%s\"}\n", it->seconds, stamp);
		fflush(log_file);
	}
	pthread_mutex_unlock(&lock);
}

/* The rules a 23514 names: the constraint, or the detail's "rule:scope:" lines. */
static char *
failing_rules(const PGresult *res)
{
	const char *constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
	const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	char	   *out;
	size_t		len = 0;

	if (constraint)
		return xstrdup(constraint);
	if (!detail)
		return NULL;
	out = xmalloc(strlen(detail) + 1);
	for (const char *line = detail; *line;)
	{
		const char *eol = strchr(line, '\n'),
				   *colon = strchr(line, ':');

		if (!eol)
			eol = line + strlen(line);
		if (colon && colon < eol && colon > line)
		{
			size_t		n = (size_t) (colon - line);
			bool		dup = false;

			/* once per rule */
			for (const char *q = out; !dup && q < out + len;)
			{
				const char *c = memchr(q, ',', (size_t) (out + len - q));
				size_t		m = c ? (size_t) (c - q) : (size_t) (out + len - q);

				dup = m == n && memcmp(q, line, n) == 0;
				q += m + 1;
			}
			if (!dup)
			{
				if (len)
					out[len++] = ',';
				memcpy(out + len, line, n);
				len += n;
			}
		}
		line = *eol ? eol + 1 : eol;
	}
	out[len] = '\0';
	return out;
}

/* Classifies an error result into the item. */
static outcome
error_outcome(item *it, const PGresult *res, PGconn *conn)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);

	snprintf(it->sqlstate, sizeof(it->sqlstate), "%s", state ? state : "08006");
	if (msg)
	{
		/* one line: a short detail joins the message, its lines with "; " */
		char	   *m = detail && strlen(detail) < 400 ? xprintf("%s (%s)", msg, detail) : xstrdup(msg);
		char	   *q = it->message = xmalloc(2 * strlen(m) + 1);

		for (const char *p = m; *p; p++)
			if (*p == '\n')
				*q++ = ';', *q++ = ' ';
			else
				*q++ = *p;
		*q = '\0';
		free(m);
	}
	else
	{
		char	   *m = xstrdup(PQerrorMessage(conn));
		size_t		n = strlen(m);

		while (n > 0 && m[n - 1] == '\n')
			m[--n] = '\0';
		it->message = m;
	}
	if (strcmp(it->sqlstate, "23514") == 0)
	{
		it->rules = failing_rules(res);
		return O_REJECTED;
	}
	if (strcmp(it->sqlstate, "22023") == 0 && msg && strncmp(msg, "document is not a government", 28) == 0)
		return O_NOT_REPORT;
	if (strcmp(it->sqlstate, "54000") == 0 && msg && strstr(msg, "document"))
		return O_TOO_LARGE;
	return O_ERROR;
}

/* ------------------------------------------------------------ connections */

static PGconn *
connect_db(void)
{
	const char *keys[8],
			   *vals[8];
	int			n = 0;

	if (opt_host)
		keys[n] = "host", vals[n++] = opt_host;
	if (opt_port)
		keys[n] = "port", vals[n++] = opt_port;
	if (opt_user)
		keys[n] = "user", vals[n++] = opt_user;
	keys[n] = "fallback_application_name", vals[n++] = "govreport-load";
	/* after those, so that a conninfo string or URI in -d overrides them */
	if (opt_dbname)
		keys[n] = "dbname", vals[n++] = opt_dbname;
	/* last: source names are sent, and messages read, as UTF-8 */
	keys[n] = "client_encoding", vals[n++] = "UTF8";
	keys[n] = NULL;
	vals[n] = NULL;
	return PQconnectdbParams(keys, vals, 1);
}

static const char LOAD_SQL[] =
	"SELECT report_id, document_id, outcome FROM govreport.load_document($1, $2, $3, $4, $5, $6, $7, $8)";

static bool
setup_connection(PGconn *conn, char **err)
{
	static const unsigned int types[8] = {BYTEAOID, TEXTOID, BOOLOID, BOOLOID, TEXTOID, INT4OID, TEXTOID, BYTEAOID};
	PGresult   *res = PQprepare(conn, "gr_load", LOAD_SQL, 8, types);

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		*err = xstrdup(PQresultErrorMessage(res));
		PQclear(res);
		return false;
	}
	PQclear(res);
	if (!PQenterPipelineMode(conn))
	{
		*err = xstrdup(PQerrorMessage(conn));
		return false;
	}
	return true;
}

static bool
send_simple(PGconn *conn, const char *sql)
{
	return PQsendQueryParams(conn, sql, 0, NULL, NULL, NULL, NULL, 0) == 1;
}

static bool
send_item(PGconn *conn, item *it)
{
	const char *vals[8];
	int			lens[8] = {0},
				fmts[8] = {0};

	vals[0] = it->bytes;
	lens[0] = (int) it->nbytes;
	fmts[0] = 1;
	vals[1] = it->source_name;
	vals[2] = opt_strict ? "true" : "false";
	vals[3] = opt_replace ? "true" : "false";
	vals[4] = opt_agency;
	vals[5] = opt_year;
	vals[6] = it->kind;
	vals[7] = it->text_layer;
	lens[7] = (int) it->ntext;
	fmts[7] = 1;
	if (opt_dry_run && !send_simple(conn, "BEGIN"))
		return false;
	if (PQsendQueryPrepared(conn, "gr_load", 8, vals, lens, fmts, 0) != 1)
		return false;
	if (!opt_dry_run)
		return PQpipelineSync(conn) == 1;	/* the implicit transaction commits */

	/*
	 * A dry run checks the commit-time identities too, then rolls back.  The
	 * ROLLBACK goes after a sync of its own: after an error the pipeline
	 * skips to the sync, which leaves an explicit transaction aborted but
	 * open, and only a ROLLBACK ends it (the next report's statements would
	 * fail with 25P02).
	 */
	return send_simple(conn, "SET CONSTRAINTS ALL IMMEDIATE") && PQpipelineSync(conn) == 1
		&& send_simple(conn, "ROLLBACK") && PQpipelineSync(conn) == 1;
}

/*
 * Reads one item's results, up to its sync.  Returns false when the
 * connection is lost.
 */
static bool
receive_item(PGconn *conn, item *it)
{
	outcome		o = O_PENDING;
	bool		got_row = false;
	int			syncs = opt_dry_run ? 2 : 1;	/* as send_item sent them */

	for (;;)
	{
		PGresult   *res = PQgetResult(conn);
		ExecStatusType st;

		if (!res)
		{
			if (PQstatus(conn) == CONNECTION_BAD)
				break;
			continue;
		}
		st = PQresultStatus(res);
		if (st == PGRES_PIPELINE_SYNC)
		{
			PQclear(res);
			if (--syncs == 0)
				break;
			continue;
		}
		if (st == PGRES_TUPLES_OK && PQntuples(res) == 1 && PQnfields(res) == 3)
		{
			const char *oc = PQgetvalue(res, 0, 2);

			it->report_id = PQgetisnull(res, 0, 0) ? 0 : atoll(PQgetvalue(res, 0, 0));
			it->document_id = PQgetisnull(res, 0, 1) ? 0 : atoll(PQgetvalue(res, 0, 1));
			got_row = true;
			o = strcmp(oc, "already_present") == 0 ? O_ALREADY
				: strcmp(oc, "replaced") == 0 ? O_REPLACED : O_LOADED;
		}
		else if (st == PGRES_FATAL_ERROR && (o == O_PENDING || got_row))
		{
			/* the first error wins; an error after the row is the commit's */
			free(it->message);
			it->message = NULL;
			o = error_outcome(it, res, conn);
			got_row = false;
		}
		PQclear(res);
		if (PQstatus(conn) == CONNECTION_BAD)
			break;
	}
	if (PQstatus(conn) == CONNECTION_BAD)
	{
		if (o == O_PENDING || got_row)
		{
			snprintf(it->sqlstate, sizeof(it->sqlstate), "08006");
			free(it->message);
			it->message = xprintf("connection lost before the result (rerun: what was committed is already present): %s",
								  PQerrorMessage(conn));
			o = O_ERROR;
		}
		finish_item(it, o);
		return false;
	}
	if (o == O_PENDING)
	{
		snprintf(it->sqlstate, sizeof(it->sqlstate), "XX000");
		it->message = xstrdup("no result from the server");
		o = O_ERROR;
	}
	finish_item(it, o);
	return true;
}

static item *
take_item(void)
{
	item	   *it = NULL;

	pthread_mutex_lock(&lock);
	while (next_item < nitems && !it)
	{
		it = &items[next_item++];
		if (it->result != O_PENDING)	/* decided while listing */
		{
			item	   *done = it;

			it = NULL;
			pthread_mutex_unlock(&lock);
			clock_gettime(CLOCK_MONOTONIC, &done->started);
			finish_item(done, done->result);
			pthread_mutex_lock(&lock);
		}
	}
	pthread_mutex_unlock(&lock);
	return it;
}

typedef struct
{
	PGconn	   *conn;
	bool		lost;
} worker;

static void *
work(void *arg)
{
	worker	   *w = arg;
	item	   *flight[DEPTH];
	int			head = 0,
				count = 0;
	bool		more = true;

	for (;;)
	{
		while (more && count < DEPTH)
		{
			item	   *it = take_item();
			outcome		o;

			if (!it)
			{
				more = false;
				break;
			}
			clock_gettime(CLOCK_MONOTONIC, &it->started);
			o = prepare_item(it);
			if (o != O_PENDING)
			{
				finish_item(it, o);
				continue;
			}
			if (!send_item(w->conn, it))
			{
				snprintf(it->sqlstate, sizeof(it->sqlstate), "08006");
				it->message = xprintf("could not send: %s", PQerrorMessage(w->conn));
				finish_item(it, O_ERROR);
				w->lost = true;
				break;
			}
			release_buffers(it);
			flight[(head + count) % DEPTH] = it;
			count++;
		}
		if (count == 0 || w->lost)
			break;
		if (!receive_item(w->conn, flight[head]))
			w->lost = true;
		head = (head + 1) % DEPTH;
		count--;
		if (w->lost)
			break;
	}
	/* a lost connection: what was in flight has an unknown fate */
	while (count > 0)
	{
		item	   *it = flight[head];

		snprintf(it->sqlstate, sizeof(it->sqlstate), "08006");
		it->message = xstrdup("connection lost while in flight (rerun: what was committed is already present)");
		finish_item(it, O_ERROR);
		head = (head + 1) % DEPTH;
		count--;
	}
	return NULL;
}

static void
show_progress(void)
{
	double		t = since(&run_start);
	double		rate;

	pthread_mutex_lock(&lock);
	rate = t > 0 ? (double) done_items / t : 0;
	clear_progress();
	if (rate > 0)
		fprintf(stderr, "%zu/%zu  %.0f reports/s  ETA %.0f s  %zu failed", done_items, nitems, rate,
				(double) (nitems - done_items) / rate, failed_items);
	else
		fprintf(stderr, "%zu/%zu  0 reports/s  ETA ?  %zu failed", done_items, nitems, failed_items);
	progress_dirty = true;
	pthread_mutex_unlock(&lock);
}

/* ------------------------------------------------------------ main */

static void
usage(FILE *f)
{
	fputs("govreport-load loads government information-disclosure annual reports into the govreport store.\n"
		  "\n"
		  "Usage:\n"
		  "  govreport-load [OPTION]... PATH...\n"
		  "\n"
		  "PATH is a file, a directory (read recursively), or - for a list of paths on standard input,\n"
		  "one a line.  The kind of each file is found from its bytes: HTML in any supported encoding,\n"
		  "text, Markdown, pdftotext -bbox-layout XHTML, .docx, or PDF (read through pdftotext -layout).\n"
		  "Each file is one transaction; a file whose bytes are already stored is \"already present\"\n"
		  "and nothing is written, so an interrupted run resumes where it stopped.\n"
		  "\n"
		  "Options:\n"
		  "  -j, --jobs=N          N parallel connections (default: the number of cores)\n"
		  "      --strict          reject a report that breaks a hard identity (the default)\n"
		  "      --lenient         store such a report with its failing checks (strict => false)\n"
		  "      --replace         replace a stored report of the same agency and year\n"
		  "      --agency=NAME     store under this agency (a single file only)\n"
		  "      --year=YEAR       store under this year (a single file only)\n"
		  "      --dry-run         parse and check every file in a transaction that is rolled back\n"
		  "      --log=FILE        write one JSON line per file: path, sha256, kind, outcome, dry_run,\n"
		  "                        sqlstate, message, rules, report_id, document_id, seconds, time\n"
		  "      --pdf-timeout=S   time limit for pdftotext on one PDF, in seconds (default 60)\n"
		  "  -v, --verbose         a line for every file, not only for those not loaded\n"
		  "      --help            show this help, then exit\n"
		  "      --version         show the version, then exit\n"
		  "\n"
		  "Connection options (as psql; the PG* environment variables and ~/.pgpass apply):\n"
		  "  -d, --dbname=DBNAME   database name, conninfo string or URI\n"
		  "  -h, --host=HOST       server host or socket directory\n"
		  "  -p, --port=PORT       server port\n"
		  "  -U, --username=USER   user name\n"
		  "\n"
		  "A progress line is shown on standard error when it is a terminal.  Files not loaded are\n"
		  "reported on standard error, one line each with the reason; the summary goes to standard\n"
		  "output.  Exit status: 0 when every file was loaded, replaced or already present, 1 when\n"
		  "some were not, 2 on a usage or connection error.\n", f);
}

static void
print_summary(void)
{
	size_t		count[O_COUNT] = {0};
	double		t = since(&run_start);

	for (size_t i = 0; i < nitems; i++)
		count[items[i].result]++;
	printf("govreport-load: %zu file%s in %.2f s (%.1f files/s)%s\n", nitems, nitems == 1 ? "" : "s", t,
		   t > 0 ? (double) nitems / t : 0.0, opt_dry_run ? "; dry run: nothing was stored" : "");
	for (int o = O_LOADED; o < O_COUNT; o++)
	{
		bool		always = o <= O_NOT_REPORT || o == O_UNREADABLE || o == O_ERROR;

		if (!always && count[o] == 0)
			continue;
		printf("  %-32s %zu", outcome_label[o], count[o]);
		if (o == O_REJECTED || o == O_ERROR)
		{
			/* rejected: per failing rule; errors: per SQLSTATE */
			char	  **keys = xmalloc(nitems * sizeof(char *));
			size_t	   *ns = xmalloc(nitems * sizeof(size_t));
			size_t		nk = 0;

			for (size_t i = 0; i < nitems; i++)
			{
				char	   *list,
						   *tok,
						   *save = NULL;

				if (items[i].result != (outcome) o)
					continue;
				list = xstrdup(o == O_REJECTED ? (items[i].rules ? items[i].rules : "?") : items[i].sqlstate);
				for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
				{
					size_t		k;

					for (k = 0; k < nk && strcmp(keys[k], tok) != 0; k++)
						;
					if (k == nk)
					{
						keys[nk] = xstrdup(tok);
						ns[nk++] = 0;
					}
					ns[k]++;
				}
				free(list);
			}
			for (size_t k = 0; k < nk; k++)
			{
				printf("%s%s %zu", k ? ", " : " (", keys[k], ns[k]);
				free(keys[k]);
			}
			if (nk)
				putchar(')');
			free(keys);
			free(ns);
		}
		putchar('\n');
	}
	if (count[O_PENDING])
		printf("  %-32s %zu\n", outcome_label[O_PENDING], count[O_PENDING]);
}

int
main(int argc, char **argv)
{
	enum
	{
		OPT_STRICT = 256, OPT_LENIENT, OPT_REPLACE, OPT_AGENCY, OPT_YEAR, OPT_DRY, OPT_LOG, OPT_PDF_TIMEOUT,
		OPT_HELP, OPT_VERSION
	};
	static const struct option longopts[] = {
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"jobs", required_argument, NULL, 'j'},
		{"verbose", no_argument, NULL, 'v'},
		{"strict", no_argument, NULL, OPT_STRICT},
		{"lenient", no_argument, NULL, OPT_LENIENT},
		{"replace", no_argument, NULL, OPT_REPLACE},
		{"agency", required_argument, NULL, OPT_AGENCY},
		{"year", required_argument, NULL, OPT_YEAR},
		{"dry-run", no_argument, NULL, OPT_DRY},
		{"log", required_argument, NULL, OPT_LOG},
		{"pdf-timeout", required_argument, NULL, OPT_PDF_TIMEOUT},
		{"help", no_argument, NULL, OPT_HELP},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	int			c,
				njobs;
	PGconn	  **conns;
	worker	   *workers;
	pthread_t  *threads;
	char	   *end;
	bool		broken = false;

	while ((c = getopt_long(argc, argv, "d:h:p:U:j:v", longopts, NULL)) != -1)
	{
		switch (c)
		{
			case 'd':
				opt_dbname = optarg;
				break;
			case 'h':
				opt_host = optarg;
				break;
			case 'p':
				opt_port = optarg;
				break;
			case 'U':
				opt_user = optarg;
				break;
			case 'j':
				opt_jobs = (int) strtol(optarg, &end, 10);
				if (*end || opt_jobs < 1 || opt_jobs > 64)
				{
					fprintf(stderr, "govreport-load: -j must be a number from 1 to 64, not \"%s\"\n", optarg);
					return 2;
				}
				break;
			case 'v':
				opt_verbose = true;
				break;
			case OPT_STRICT:
				opt_strict = true;
				break;
			case OPT_LENIENT:
				opt_strict = false;
				break;
			case OPT_REPLACE:
				opt_replace = true;
				break;
			case OPT_AGENCY:
				opt_agency = optarg;
				break;
			case OPT_YEAR:
				{
					long		y = strtol(optarg, &end, 10);

					if (*end || y < 1900 || y > 2200)
					{
						fprintf(stderr, "govreport-load: --year must be a year, not \"%s\"\n", optarg);
						return 2;
					}
					opt_year = optarg;
					break;
				}
			case OPT_DRY:
				opt_dry_run = true;
				break;
			case OPT_LOG:
				opt_log = optarg;
				break;
			case OPT_PDF_TIMEOUT:
				opt_pdf_timeout = (int) strtol(optarg, &end, 10);
				if (*end || opt_pdf_timeout < 1)
				{
					fprintf(stderr, "govreport-load: --pdf-timeout must be a number of seconds, not \"%s\"\n", optarg);
					return 2;
				}
				break;
			case OPT_HELP:
				usage(stdout);
				return 0;
			case OPT_VERSION:
				printf("govreport-load %s\n", VERSION);
				return 0;
			default:
				fprintf(stderr, "Try \"govreport-load --help\" for more information.\n");
				return 2;
		}
	}
	if (optind >= argc)
	{
		fprintf(stderr, "govreport-load: no files given\nTry \"govreport-load --help\" for more information.\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);

	for (int i = optind; i < argc; i++)
	{
		if (strcmp(argv[i], "-") == 0)
			add_stdin_paths();
		else
			add_path(argv[i]);
	}
	if ((opt_agency || opt_year) && nitems != 1)
	{
		fprintf(stderr, "govreport-load: --agency and --year name the report of a single file; %zu files were given\n",
				nitems);
		return 2;
	}
	if (opt_log && !(log_file = fopen(opt_log, "w")))
	{
		fprintf(stderr, "govreport-load: cannot write the log %s: %s\n", opt_log, strerror(errno));
		return 2;
	}

	njobs = opt_jobs ? opt_jobs : (int) sysconf(_SC_NPROCESSORS_ONLN);
	if (njobs < 1)
		njobs = 1;
	if ((size_t) njobs > nitems)
		njobs = nitems ? (int) nitems : 1;
	conns = xmalloc((size_t) njobs * sizeof(PGconn *));
	for (int i = 0; i < njobs; i++)
	{
		char	   *err = NULL;

		conns[i] = connect_db();
		if (PQstatus(conns[i]) != CONNECTION_OK)
		{
			fprintf(stderr, "govreport-load: %s", PQerrorMessage(conns[i]));
			return 2;
		}
		if (i == 0)
		{
			/* the extension is there; its library is loaded, so its settings are known */
			PGresult   *res = PQexec(conns[0], "SELECT govreport.library_version()");

			if (PQresultStatus(res) == PGRES_TUPLES_OK)
			{
				PQclear(res);
				res = PQexec(conns[0], "SELECT pg_catalog.current_setting('govreport.max_document_size', true)");
			}
			if (PQresultStatus(res) != PGRES_TUPLES_OK)
			{
				fprintf(stderr, "govreport-load: the database has no usable govreport extension: %s",
						PQresultErrorMessage(res));
				return 2;
			}
			{
				const char *v = PQgetvalue(res, 0, 0);
				long long	n = strtoll(v, &end, 10);

				while (*end == ' ')
					end++;
				max_document_bytes = n * (strncasecmp(end, "GB", 2) == 0 ? 1LL << 30
										  : strncasecmp(end, "MB", 2) == 0 ? 1LL << 20
										  : strncasecmp(end, "kB", 2) == 0 ? 1LL << 10 : 1);
				if (max_document_bytes <= 0)
					max_document_bytes = 128LL << 20;
			}
			PQclear(res);
		}
		if (!setup_connection(conns[i], &err))
		{
			fprintf(stderr, "govreport-load: %s", err);
			return 2;
		}
	}

	progress_shown = isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &run_start);
	workers = xmalloc((size_t) njobs * sizeof(worker));
	threads = xmalloc((size_t) njobs * sizeof(pthread_t));
	for (int i = 0; i < njobs; i++)
	{
		workers[i].conn = conns[i];
		workers[i].lost = false;
		if (pthread_create(&threads[i], NULL, work, &workers[i]) != 0)
		{
			fprintf(stderr, "govreport-load: cannot start a thread\n");
			return 2;
		}
	}
	if (progress_shown)
	{
		for (;;)
		{
			struct timespec pause = {0, 200 * 1000 * 1000};
			bool		finished;

			pthread_mutex_lock(&lock);
			finished = done_items == nitems;
			pthread_mutex_unlock(&lock);
			show_progress();	/* the last one shows the run complete */
			if (finished)
				break;
			nanosleep(&pause, NULL);
			/* every connection lost: nobody takes the rest */
			{
				bool		all_lost = true;

				for (int i = 0; i < njobs; i++)
					all_lost = all_lost && workers[i].lost;
				if (all_lost)
					break;
			}
		}
	}
	for (int i = 0; i < njobs; i++)
	{
		pthread_join(threads[i], NULL);
		broken = broken || workers[i].lost;
		PQfinish(conns[i]);
	}
	pthread_mutex_lock(&lock);
	clear_progress();
	pthread_mutex_unlock(&lock);
	print_summary();
	if (log_file)
		fclose(log_file);
	if (broken && done_items < nitems)
	{
		fprintf(stderr, "govreport-load: the connection to the server was lost; %zu files were not attempted\n",
				nitems - done_items);
		return 2;
	}
	return failed_items > 0 ? 1 : 0;
}
