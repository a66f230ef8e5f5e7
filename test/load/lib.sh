# shellcheck shell=bash
# Shared by test/load/*.sh; source it, don't run it.
#
# The load scripts use the server in PGHOST/PGPORT/PGUSER (scripts/test.sh
# provides its throwaway cluster).  Run on their own with no PGHOST, they
# start a throwaway cluster of their own (scripts/lib.sh, needs root) and
# remove it when they end.

GR_LOAD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/lib.sh
source "$GR_LOAD_DIR/../../scripts/lib.sh"

passed=0 failed=0
check() {	# name, command...
	local name="$1"
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
	fi
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# Cleanup to run on exit, before the cluster (if we started one) goes.
GR_LOAD_CLEANUP=()
gr_load_exit() {
	local c
	for c in "${GR_LOAD_CLEANUP[@]}"; do eval "$c" >/dev/null 2>&1; done
	gr_stop_cluster
}

# Use the given server, or start one when none is given.
gr_load_cluster() {
	if [ -z "${PGHOST:-}" ]; then
		gr_start_cluster || return 1
	fi
	trap gr_load_exit EXIT
	export PGUSER="${PGUSER:-postgres}"
	pg_isready -q -t 10
}

# A fresh database with the extension; dropped when the script ends.
gr_load_db() {	# name
	dropdb --if-exists "$1" >/dev/null 2>&1
	createdb "$1" || return 1
	GR_LOAD_CLEANUP+=("dropdb --if-exists $1")
	q -d "$1" -c 'CREATE EXTENSION govreport'
}

# Wait up to $1 seconds for the server to accept queries again (after a
# crash the postmaster restarts every backend and replays WAL first).
gr_load_wait_ready() {	# seconds
	local deadline=$((SECONDS + $1))
	while [ "$SECONDS" -lt "$deadline" ]; do
		if pg_isready -q -t 1 && psql -X -q -At -c 'SELECT 1' >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.2
	done
	return 1
}

# The text documents the load tests parse: the bundled samples, and the
# corpus's text documents when the corpus is there.
GR_CORPUS="${GR_CORPUS:-$GR_ROOT/../shared/corpus}"
gr_load_text_docs() {
	local f
	for f in "$GR_ROOT"/data/*.txt "$GR_CORPUS"/docs/*.txt "$GR_CORPUS"/docs/*.md; do
		[ -f "$f" ] && echo "$f"
	done
}
gr_load_html_docs() {
	local f
	for f in "$GR_CORPUS"/docs/*.html "$GR_CORPUS"/docs/*.htm; do
		[ -f "$f" ] && echo "$f"
	done
}

# Table docs(name, form, body bytea) in database $1: form is 'text' or
# 'html'.  The files are read here and sent through COPY, base64-encoded
# (no tab, no backslash): the server's user may not be able to read them,
# and a psql variable on the command line is capped at 128 kB.
gr_load_docs_table() {	# db, work dir
	local f copy="$2/docs.copy"
	: >"$copy"
	while read -r f; do
		printf '%s\ttext\t%s\n' "$(basename "$f")" "$(base64 -w0 "$f")" >>"$copy"
	done < <(gr_load_text_docs)
	while read -r f; do
		printf '%s\thtml\t%s\n' "$(basename "$f")" "$(base64 -w0 "$f")" >>"$copy"
	done < <(gr_load_html_docs)
	q -d "$1" <<SQL
CREATE TABLE docs_b64 (name text, form text, b64 text);
\\copy docs_b64 FROM '$copy'
CREATE TABLE docs AS SELECT row_number() OVER (ORDER BY form DESC, name)::int AS id, name, form, decode(b64, 'base64') AS body FROM docs_b64;
DROP TABLE docs_b64;
SQL
}

# Whether the server has parse(bytea), which reads HTML (issue 4).
gr_load_has_bytea_parse() {	# db
	[ "$(q -d "$1" -c "SELECT to_regprocedure('govreport.parse(bytea)') IS NOT NULL")" = t ]
}

gr_load_summary() {	# suite name; the last line of output
	echo "$1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
