#!/usr/bin/env bash
# A table with govreport.report values survives pg_dump and restore
# unchanged, in the custom and the plain format.  The store checks each
# report's rows against its value at commit, so a dump of the store is
# restored in one transaction (--single-transaction): a restore that commits
# the reports before their rows is refused, and says how to restore.  A
# non-superuser restores with --no-owner --no-privileges into a database of
# their own, where CREATE EXTENSION grants them the store afresh.
# Needs a running server
# (PGHOST/PGPORT/PGUSER as set by scripts/lib.sh gr_start_cluster).
# Last line: "dump: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/govreport-dump.XXXXXX)"
trap 'rm -rf "$work"' EXIT
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

for db in gr_dump_src gr_dump_custom gr_dump_plain; do
	dropdb --if-exists "$db" >/dev/null 2>&1
done
createdb gr_dump_src || { echo "dump: 0 passed, 1 failed"; exit 1; }
q -d gr_dump_src -v doc="$(cat "$root/data/sample-report.txt")" >/dev/null <<'SQL'
CREATE EXTENSION govreport;
CREATE TABLE reports (id int PRIMARY KEY, source text, r govreport.report NOT NULL);
INSERT INTO reports VALUES
    (1, 'sample', govreport.parse(:'doc')),
    (2, 'sample, table 2 cut short', govreport.parse(replace(:'doc', E'行政规范性文件\t15\t0\t229', E'行政规范性文件\t15\t229'))),
    (3, 'sample, no table 4', govreport.parse(regexp_replace(:'doc', '四、政府信息公开行政复议.*', '')));
-- the store's data is the user's and must come back too
SELECT govreport.load(:'doc', 'sample');
SELECT govreport.load(replace(:'doc', '示例机关2022年', '示例机关2023年'), 'sample 2023', strict => false);
-- the review history too: a superseded, a withdrawn and an active correction
SELECT govreport.correct(2, 't3.received.total', 95, 'first reading');
SELECT govreport.correct(2, 't3.received.total', 91, 'second reading');
SELECT govreport.correct(2, 't4.review.upheld', 3, 'taken back');
SELECT govreport.uncorrect(2, 't4.review.upheld');
-- declared agency units are the user's too, and so is a sum of reports
INSERT INTO govreport.agency_units VALUES ('示例市', '示例机关');
INSERT INTO reports SELECT 4, 'sum of 1 and 2', govreport.sum(r) FROM reports WHERE id IN (1, 2);
SQL
snapshot() {	# db -> every value's canonical text and every cell, and the store
	q -d "$1" -c "SELECT id, source, r::text FROM reports ORDER BY id" &&
		q -d "$1" -c "SELECT id, agency, year, source_name, strict, report::text FROM govreport.reports ORDER BY id" &&
		q -d "$1" -c "SELECT * FROM govreport.t3_rows ORDER BY report_id, row_code" &&
		q -d "$1" -c "SELECT * FROM govreport.t2_rows ORDER BY report_id, row_code" &&
		q -d "$1" -c "SELECT * FROM govreport.t4_rows ORDER BY report_id, row_code" &&
		q -d "$1" -c "SELECT report_id, source, code, scope, message FROM govreport.report_findings ORDER BY 1, 2, 3, 4, 5" &&
		q -d "$1" -c "SELECT * FROM govreport.correction_history ORDER BY id" &&
		q -d "$1" -c "SELECT s.* FROM govreport.reports r, govreport.stored_cells(r.id) s WHERE s.corrected ORDER BY r.id, s.key" &&
		q -d "$1" -c "SELECT * FROM govreport.agency_units ORDER BY 1, 2" &&
		q -d "$1" -c "SELECT id, k.* FROM reports, govreport.cell_contributors(r) k ORDER BY id, key" &&
		q -d "$1" -c "SELECT id, c.* FROM reports, govreport.cells(r) c ORDER BY id, key" &&
		q -d "$1" -c "SELECT id, f.* FROM reports, govreport.findings(r) f ORDER BY id, code, location" &&
		q -d "$1" -c "SELECT r.id, d.id, encode(d.sha256, 'hex'), md5(d.bytes), d.kind, d.source_name, d.parsed_by
		              FROM govreport.reports r JOIN govreport.documents d ON d.id = r.document_id ORDER BY r.id"
}
snapshot gr_dump_src >"$work/src.txt"
check "source table has four reports (one a sum) with their cells" test "$(grep -c . "$work/src.txt")" -gt 600
check "the store holds two reports" test "$(q -d gr_dump_src -c 'SELECT count(*) FROM govreport.reports')" = 2
check "the review history holds four records, one active" test \
	"$(q -d gr_dump_src -c "SELECT count(*) || ':' || count(*) FILTER (WHERE status = 'active') FROM govreport.correction_history")" = "4:1"

check "agency_units holds one row" test "$(q -d gr_dump_src -c 'SELECT count(*) FROM govreport.agency_units')" = 1
check "and their two documents" test "$(q -d gr_dump_src -c 'SELECT count(*) FROM govreport.documents')" = 2

pg_dump -Fc -f "$work/dump.custom" gr_dump_src
createdb gr_dump_custom && pg_restore --exit-on-error --single-transaction -d gr_dump_custom "$work/dump.custom"
snapshot gr_dump_custom >"$work/custom.txt"
check "custom-format dump restores every value unchanged" cmp -s "$work/src.txt" "$work/custom.txt"

pg_dump -Fp -f "$work/dump.sql" gr_dump_src
createdb gr_dump_plain && q -d gr_dump_plain --single-transaction -f "$work/dump.sql" >/dev/null
check "the store's id sequence continues after restore" test \
	"$(q -d gr_dump_plain -c "SELECT last_value FROM govreport.reports_id_seq")" -ge 2
snapshot gr_dump_plain >"$work/plain.txt"
check "plain-format dump restores every value unchanged" cmp -s "$work/src.txt" "$work/plain.txt"

# the restored values are real values, not text that happens to match
check "restored values answer queries" test "$(q -d gr_dump_custom -c \
	"SELECT govreport.agency(r) || ':' || (SELECT count(*) FROM govreport.cells(r) WHERE state = 'inferred') FROM reports WHERE id = 1")" = "示例机关:14"

# the restored history goes on: a new correction supersedes the restored one
check "a restored history takes the next correction" test "$(q -d gr_dump_plain -c \
	"SELECT govreport.correct(2, 't3.received.total', 90, 'after restore') > 4; SELECT status FROM govreport.correction_history WHERE reason = 'second reading'" | tail -n 1)" = superseded
check "the restored rows follow the corrections" test "$(q -d gr_dump_plain -c \
	"SELECT total FROM govreport.t3_rows WHERE report_id = 2 AND row_code = 'received'")" = 90

# a restore that commits table by table is refused, with the way to do it
createdb gr_dump_split
out="$(pg_restore --exit-on-error -d gr_dump_split "$work/dump.custom" 2>&1)"
check "a restore outside one transaction is refused" test $? -ne 0
check "... and the error says to restore in one transaction" grep -q -- '--single-transaction' <<<"$out"

# a non-superuser restores into a database of their own
q -c "DROP ROLE IF EXISTS gr_dump_user" >/dev/null 2>&1
q -c "CREATE ROLE gr_dump_user LOGIN" >/dev/null
createdb -O gr_dump_user gr_dump_nonsuper
pg_restore --exit-on-error --single-transaction --no-owner --no-privileges -U gr_dump_user -d gr_dump_nonsuper "$work/dump.custom"
check "a non-superuser restores with --no-owner --no-privileges (rc 0)" test $? -eq 0
snapshot gr_dump_nonsuper >"$work/nonsuper.txt"
check "... every value unchanged" cmp -s "$work/src.txt" "$work/nonsuper.txt"
check "... and the restoring user may use and share the store" test \
	"$(q -d gr_dump_nonsuper -U gr_dump_user -c "SELECT has_table_privilege('govreport.reports', 'SELECT WITH GRANT OPTION') AND has_table_privilege('govreport.reports', 'INSERT')")" = t

for db in gr_dump_src gr_dump_custom gr_dump_plain gr_dump_split gr_dump_nonsuper; do
	dropdb --if-exists "$db" >/dev/null 2>&1
done
q -c "DROP ROLE IF EXISTS gr_dump_user" >/dev/null 2>&1
echo "dump: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
