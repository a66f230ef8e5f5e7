#!/usr/bin/env bash
# Build, install and load govreport into a throwaway cluster, then parse and
# check one report: its cells, findings and identities.  Usage: scripts/demo.sh [FILE]
# (default: data/sample-report.txt).  GR_KEEP_CLUSTER=1 leaves the cluster up.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

file="${1:-$GR_ROOT/data/sample-report.txt}"
# Fail before minutes of set-up, not after.
if [ ! -f "$file" ] || [ ! -r "$file" ]; then gr_die "no such readable file: $file"; fi

gr_install_deps
gr_build_install || gr_die "build failed"
gr_start_cluster || gr_die "could not start a cluster"
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION govreport;' || gr_die "CREATE EXTENSION failed"

# pg_read_binary_file runs as the postgres OS user, which can read the
# cluster dir.  A PDF goes through pdftotext -layout first; every other file
# is passed as it is (text, HTML in any supported encoding, bbox XHTML, a
# Word .docx; a legacy .doc is refused by the server with a hint).
input="$PGHOST/${file##*/}"
case "$file" in
	*.pdf | *.PDF)
		input="$input.txt"
		pdftotext -layout "$file" "$input" || gr_die "pdftotext could not read $file"
		chown postgres:postgres "$input"
		;;
	*) install -o postgres -g postgres -m 644 "$file" "$input" ;;
esac

psql -X -v ON_ERROR_STOP=1 -v file="$input" <<'SQL'
\set QUIET 1
CREATE TEMP TABLE doc AS SELECT govreport.parse(pg_read_binary_file(:'file')) AS r;
\set QUIET 0
\echo '== the report'
SELECT govreport.template(r) AS template, govreport.year(r) AS year,
       govreport.agency(r) AS agency, govreport.published(r) AS published
  FROM doc;
\echo '== its cells'
SELECT c.key, c.value, c.state, c.row_label, c.column_label
  FROM doc, govreport.cells(doc.r) AS c;
\echo '== what the parser noticed'
SELECT f.* FROM doc, govreport.findings(doc.r) AS f;
\echo '== the identities: every rule, then each failing instance'
SELECT k.* FROM doc, govreport.rule_status(doc.r) AS k ORDER BY k.severity, k.rule;
SELECT k.rule, k.scope, k.severity, k.message
  FROM doc, govreport.checks(doc.r) AS k WHERE k.status = 'fail';
SELECT govreport.is_consistent(r) AS consistent FROM doc;
SQL

# The report card: the tables as the format prints them, each cell's state,
# the failing identities marked (GR_CARD names the file).
card="${GR_CARD:-$PWD/report-card.html}"
psql -X -q -At -v ON_ERROR_STOP=1 -v file="$input" >"$card" <<'SQL' || gr_die "could not write the report card"
SELECT govreport.report_card(govreport.parse(pg_read_binary_file(:'file')));
SQL
echo "== the report card: $card (open it in a browser)"
