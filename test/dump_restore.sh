#!/usr/bin/env bash
# A table with govreport.report values survives pg_dump and restore
# unchanged, in the custom and the plain format.  Needs a running server
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
SQL
snapshot() {	# db -> every value's canonical text and every cell, and the store
	q -d "$1" -c "SELECT id, source, r::text FROM reports ORDER BY id" &&
		q -d "$1" -c "SELECT id, agency, year, source_name, strict, report::text FROM govreport.reports ORDER BY id" &&
		q -d "$1" -c "SELECT * FROM govreport.t3_rows ORDER BY report_id, row_code" &&
		q -d "$1" -c "SELECT * FROM govreport.t2_rows ORDER BY report_id, row_code" &&
		q -d "$1" -c "SELECT * FROM govreport.t4_rows ORDER BY report_id, row_code" &&
		q -d "$1" -c "SELECT report_id, source, code, scope, message FROM govreport.report_findings ORDER BY 1, 2, 3, 4, 5" &&
		q -d "$1" -c "SELECT id, c.* FROM reports, govreport.cells(r) c ORDER BY id, key" &&
		q -d "$1" -c "SELECT id, f.* FROM reports, govreport.findings(r) f ORDER BY id, code, location" &&
		q -d "$1" -c "SELECT r.id, d.id, encode(d.sha256, 'hex'), md5(d.bytes), d.kind, d.source_name, d.parsed_by
		              FROM govreport.reports r JOIN govreport.documents d ON d.id = r.document_id ORDER BY r.id"
}
snapshot gr_dump_src >"$work/src.txt"
check "source table has three reports with their cells" test "$(grep -c . "$work/src.txt")" -gt 600
check "the store holds two reports" test "$(q -d gr_dump_src -c 'SELECT count(*) FROM govreport.reports')" = 2
check "and their two documents" test "$(q -d gr_dump_src -c 'SELECT count(*) FROM govreport.documents')" = 2

pg_dump -Fc -f "$work/dump.custom" gr_dump_src
createdb gr_dump_custom && pg_restore --exit-on-error -d gr_dump_custom "$work/dump.custom"
snapshot gr_dump_custom >"$work/custom.txt"
check "custom-format dump restores every value unchanged" cmp -s "$work/src.txt" "$work/custom.txt"

pg_dump -Fp -f "$work/dump.sql" gr_dump_src
createdb gr_dump_plain && q -d gr_dump_plain -f "$work/dump.sql" >/dev/null
check "the store's id sequence continues after restore" test \
	"$(q -d gr_dump_plain -c "SELECT last_value FROM govreport.reports_id_seq")" -ge 2
snapshot gr_dump_plain >"$work/plain.txt"
check "plain-format dump restores every value unchanged" cmp -s "$work/src.txt" "$work/plain.txt"

# the restored values are real values, not text that happens to match
check "restored values answer queries" test "$(q -d gr_dump_custom -c \
	"SELECT govreport.agency(r) || ':' || (SELECT count(*) FROM govreport.cells(r) WHERE state = 'inferred') FROM reports WHERE id = 1")" = "示例机关:14"

for db in gr_dump_src gr_dump_custom gr_dump_plain; do
	dropdb --if-exists "$db" >/dev/null 2>&1
done
echo "dump: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
