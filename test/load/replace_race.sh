#!/usr/bin/env bash
# Replace under concurrency: two clients load(..., replace => true) the same
# agency-year over and over.  Every load must either replace (READ COMMITTED
# waits for the other and then sees its row) or, under REPEATABLE READ, fail
# with 40001 naming the concurrent transaction; never a spurious 23505 and
# never "(id <NULL>)".  Usage: replace_race.sh [ROUNDS]  (default 60 per
# client and isolation level).  Last line: "replace_race: N passed, N failed".
set -uo pipefail
# shellcheck source=test/load/lib.sh
source "$(dirname "$0")/lib.sh"
rounds="${1:-60}"
gr_load_cluster || { echo "replace_race: 0 passed, 1 failed"; exit 1; }
db=gr_replace_race
gr_load_db "$db" || { echo "replace_race: 0 passed, 1 failed"; exit 1; }
work="$(mktemp -d /tmp/govreport-race.XXXXXX)"
GR_LOAD_CLEANUP+=("rm -rf $work")

doc="$(cat "$GR_ROOT/data/sample-report.txt")"
q -d "$db" -v doc="$doc" >/dev/null <<'SQL'
CREATE TABLE race_doc AS SELECT :'doc'::text AS body;
SELECT govreport.load(body, 'first') FROM race_doc;
SQL

client() {	# isolation, log
	local i
	for i in $(seq 1 "$rounds"); do
		psql -X -q -At -d "$db" -c "BEGIN ISOLATION LEVEL $1" \
			-c "SELECT govreport.load(body, 'race', replace => true) FROM race_doc" -c "COMMIT" 2>&1 \
			| sed -n 's/^ERROR: *//p'
		echo "done $i"
	done >"$2"
}

for level in "READ COMMITTED" "REPEATABLE READ"; do
	tag="${level// /_}"
	client "$level" "$work/$tag.a" &
	client "$level" "$work/$tag.b" &
	wait
	rounds_done="$(cat "$work/$tag".[ab] | grep -c '^done')"
	check "$level: both clients ran every round" test "$rounds_done" -eq $((2 * rounds))
	check "$level: no spurious 23505 (duplicate report)" test "$(cat "$work/$tag".[ab] | grep -c 'already stored')" -eq 0
	check "$level: no message names id <NULL>" test "$(cat "$work/$tag".[ab] | grep -c '<NULL>')" -eq 0
	other="$(cat "$work/$tag".[ab] | grep -v '^done' | grep -vc 'was stored by a concurrent transaction\|could not serialize access')"
	check "$level: the only errors are serialization failures" test "$other" -eq 0
	check "$level: exactly one report stored" test "$(q -d "$db" -c 'SELECT count(*) FROM govreport.reports')" -eq 1
	echo "$level: $(cat "$work/$tag".[ab] | grep -vc '^done') serialization failures in $((2 * rounds)) loads"
done
[ "$(cat "$work/READ_COMMITTED".[ab] | grep -vc '^done')" -eq 0 ]
check "READ COMMITTED: every replace succeeds (they wait for each other)" test $? -eq 0

echo "replace_race: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
