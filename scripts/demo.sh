#!/usr/bin/env bash
# Build, install and load govreport into a throwaway cluster, then show what
# it makes of one report.  Usage: scripts/demo.sh [FILE]
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

# pg_read_file runs as the postgres OS user, which can read the cluster dir.
input="$PGHOST/${file##*/}"
install -o postgres -g postgres -m 644 "$file" "$input"

psql -X -v ON_ERROR_STOP=1 -v file="$input" <<'SQL'
\set QUIET 1
CREATE TEMP TABLE doc AS SELECT govreport.parse(pg_read_file(:'file')) AS r;
\set QUIET 0
SELECT govreport.template(r) AS template, govreport.year(r) AS year,
       govreport.agency(r) AS agency, govreport.published(r) AS published
  FROM doc;
SELECT c.key, c.value, c.state, c.row_label, c.column_label
  FROM doc, govreport.cells(doc.r) AS c;
SELECT f.* FROM doc, govreport.findings(doc.r) AS f;
SQL
