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

# govreport-load stores the file as it is (its kind found from its bytes: a
# PDF goes through pdftotext -layout) and keeps the document.  Lenient, so
# that a report that breaks an identity is shown with its failures; a
# report whose title names no agency or year is stored under the file name.
out="$GR_CLUSTER/demo-load.out" log="$GR_CLUSTER/demo-load.jsonl"
load() { "$GR_PGBIN/govreport-load" -j 1 --lenient --log "$log" "$@" "$file" >"$out" 2>&1; }
if ! load; then
	grep -q '"sqlstate":"22023","message":"report from .* names no ' "$log" \
		&& load --agency "${file##*/}" --year 1900 \
		|| { cat "$out" >&2; gr_die "govreport-load could not load $file"; }
fi
rid="$(sed -n 's/.*"report_id":\([0-9]*\).*/\1/p' "$log")"
[ -n "$rid" ] || { cat "$out" >&2; gr_die "govreport-load stored no report for $file"; }

psql -X -v ON_ERROR_STOP=1 -v rid="$rid" <<'SQL'
\set QUIET 1
CREATE TEMP TABLE doc AS SELECT report AS r FROM govreport.reports WHERE id = :rid;
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
psql -X -q -At -v ON_ERROR_STOP=1 -v rid="$rid" >"$card" <<'SQL' || gr_die "could not write the report card"
SELECT govreport.report_card(:rid::bigint);
SQL
echo "== the report card: $card (open it in a browser)"
