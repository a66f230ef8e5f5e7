#!/usr/bin/env bash
# Crash safety (issue 6, point 7): a backend killed with SIGKILL in the
# middle of a bulk load leaves the store with whole reports only.
#
#   bash test/load/crash.sh [N]      (N loads per phase, default 1000)
#
# Phase a loads in autocommit, one transaction per report; phase b loads
# everything in one transaction.  Once a fifth of a phase's loads are done,
# the backend running it is killed (kill -9) while it is inside a load; the
# postmaster then restarts every backend and replays the WAL.  Afterwards:
# every load the client saw commit is stored (phase a), at most the one in
# flight besides; nothing of phase b is visible; every stored report has all
# its rows and findings, no row is orphaned, every report passes its
# identities; amcheck finds the store's tables and indexes sound; and the
# store takes new loads.  The server is left running and healthy.
#
# Killing a backend restarts every session of the server, so the script
# refuses to run while other sessions are connected.  Uses the server in
# PGHOST/PGPORT (scripts/test.sh's throwaway one), or starts its own
# (test/load/lib.sh).  Last line: "crash: N passed, N failed".
set -uo pipefail
# shellcheck source=test/load/lib.sh
source "$(dirname "$0")/lib.sh"

per_phase="${1:-${GR_CRASH_PER_PHASE:-1000}}"
kill_after=$((per_phase / 5))
db=gr_load_crash
[[ $per_phase =~ ^[0-9]+$ ]] && [ "$per_phase" -ge 20 ] || gr_die "loads per phase must be a number >= 20, not '$per_phase'"

gr_load_cluster || { echo "crash: 0 passed, 1 failed"; exit 1; }
work="$(mktemp -d /tmp/govreport-crash.XXXXXX)"
GR_LOAD_CLEANUP+=("rm -rf '$work'")

others() { q -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() ${1:+AND application_name <> '$1'}"; }
if [ "$(q -c 'SHOW restart_after_crash')" != on ] || [ "$(others)" != 0 ]; then
	echo "FAIL preconditions: restart_after_crash must be on and no other session connected (killing a backend restarts them all)"
	echo "crash: 0 passed, 1 failed"
	exit 1
fi
if ! { gr_load_db "$db" && gr_load_docs_table "$db" "$work" &&
	q -d "$db" -v per_phase="$per_phase" -f "$GR_LOAD_DIR/crash.sql" >/dev/null &&
	q -d "$db" -c 'CREATE EXTENSION amcheck' >/dev/null; }; then
	echo "FAIL setup"
	echo "crash: 0 passed, 1 failed"
	exit 1
fi
qq() { q -d "$db" -c "$1"; }
is_t() { [ "$(qq "$1")" = t ]; }
echo "templates: $(qq "SELECT string_agg(name, ', ' ORDER BY name) FROM templates"); $per_phase loads per phase, killed after $kill_after"

# A client script: each load its own statement, and after it the line
# "@@|seq|id" on stderr (unbuffered, so the log is current when the
# backend dies).  Phase b wraps them all in one transaction.
client_script() {	# phase, file
	{
		echo '\set ON_ERROR_STOP 1'
		[ "$1" = b ] && echo 'BEGIN;'
		for i in $(seq 0 $((per_phase - 1))); do
			printf "SELECT govreport.load(doc, '%s ' || seq) AS id FROM inputs WHERE phase = '%s' AND seq = %d \\\\gset\n" "$1" "$1" "$i"
			printf '\\warn @@|%d|:id\n' "$i"
		done
		[ "$1" = b ] && printf 'COMMIT;\n\\warn @@commit\n'
	} >"$2"
}

logged() {	# log file -> loads it records (0 before the client has written)
	local n
	n="$(grep -c '^@@|' "$1" 2>/dev/null)"
	echo "${n:-0}"
}

# Run phase $1's client, kill its backend once kill_after loads are logged
# and the backend is inside a load, then wait for the server to recover.
crash_phase() {	# phase
	local app="gr_crash_$1" log="$work/$1.log" deadline client victim=""
	client_script "$1" "$work/$1.sql"
	: >"$log"
	PGAPPNAME="$app" timeout 300 psql -X -q -At -d "$db" -f "$work/$1.sql" >"$work/$1.out" 2>"$log" &
	client=$!
	deadline=$((SECONDS + 120))
	while [ "$SECONDS" -lt "$deadline" ] && kill -0 "$client" 2>/dev/null; do
		if [ "$(logged "$log")" -ge "$kill_after" ]; then
			victim="$(q -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$app' AND state = 'active' AND query LIKE '%govreport.load%'")"
			[ -n "$victim" ] && break
		fi
		sleep 0.02
	done
	# the victim is the client's own backend, a postgres process, and
	# nothing else is connected that the restart would cut off
	if [ -n "$victim" ] && [ "$(cat "/proc/$victim/comm" 2>/dev/null)" = postgres ] && [ "$(others "$app")" = 0 ]; then
		kill -KILL "$victim"
		echo "phase $1: killed backend $victim after $(logged "$log") acknowledged loads"
	else
		echo "phase $1: no backend to kill (client log: $(logged "$log") loads)"
		victim=""
	fi
	wait "$client"
	client_rc=$?
	[ -n "$victim" ] || return 1
	start=$(date +%s%N)
	gr_load_wait_ready 120 || return 1
	echo "phase $1: server accepting queries again $((($(date +%s%N) - start) / 1000000)) ms after the kill"
}

# The store after a crash: whole reports only.
verify_store() {	# label
	check "$1: every stored report has all its rows (t3: 25) and findings" \
		is_t "SELECT count(*) = 0 FROM govreport.reports r
		      WHERE (SELECT count(*) FROM govreport.t3_rows x WHERE x.report_id = r.id) <> 25
		         OR (SELECT count(*) FROM govreport.t2_rows x WHERE x.report_id = r.id)
		            <> (SELECT count(*) FROM (SELECT 1 FROM govreport.cells(r.report) WHERE table_code = 't2'
		                                      GROUP BY row_code HAVING bool_and(state <> 'absent')) s)
		         OR (SELECT count(*) FROM govreport.t4_rows x WHERE x.report_id = r.id)
		            <> (SELECT count(*) FROM (SELECT 1 FROM govreport.cells(r.report) WHERE table_code = 't4'
		                                      GROUP BY row_code HAVING bool_and(state <> 'absent')) s)
		         OR (SELECT count(*) FROM govreport.report_findings x WHERE x.report_id = r.id)
		            <> (SELECT count(*) FROM govreport.findings(r.report))
		               + (SELECT count(*) FROM govreport.checks(r.report) WHERE status = 'fail')"
	check "$1: no orphan rows" \
		is_t "SELECT NOT EXISTS (SELECT report_id FROM govreport.t2_rows UNION SELECT report_id FROM govreport.t3_rows
		                         UNION SELECT report_id FROM govreport.t4_rows UNION SELECT report_id FROM govreport.report_findings
		                         EXCEPT SELECT id FROM govreport.reports)"
	# check_t3_rows is what the deferred triggers run: it raises on a break
	check "$1: every stored report passes its identities, in its value and in its rows" \
		is_t "SELECT coalesce(bool_and(govreport.is_consistent(report)), true)
		             AND count(*) = count(govreport.check_t3_rows(id)::text) FROM govreport.reports"
	check "$1: amcheck finds the store's tables and indexes sound" \
		is_t "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, verify_heapam(c.oid)
		              WHERE n.nspname = 'govreport' AND c.relkind = 'r') = 0
		         AND (SELECT count(bt_index_check(c.oid, true)::text) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		              JOIN pg_am a ON a.oid = c.relam WHERE n.nspname = 'govreport' AND c.relkind = 'i' AND a.amname = 'btree') > 0"
}

# ---- phase a: autocommit
crash_phase a
recovered=$?
acked="$(grep '^@@|' "$work/a.log" | cut -d'|' -f3 | paste -sd, -)"
check "phase a: the backend was killed in the middle of the load and the server recovered" \
	test "$recovered" -eq 0 -a "$client_rc" -ne 0 -a "$(logged "$work/a.log")" -lt "$per_phase"
stored_a=$(qq "SELECT count(*) FROM govreport.reports WHERE source_name LIKE 'a %'")
echo "phase a: $(logged "$work/a.log") loads acknowledged, $stored_a reports stored after recovery"
check "phase a: every acknowledged load is stored" \
	is_t "SELECT count(*) = $(logged "$work/a.log") FROM govreport.reports WHERE id = ANY ('{${acked}}'::bigint[])"
# a commit can land just before the kill with its answer lost: that one
# load, the next in order, may be stored too; nothing else
check "phase a: nothing else stored but the load in flight" \
	is_t "SELECT count(*) = 0 FROM govreport.reports
	      WHERE source_name LIKE 'a %' AND id <> ALL ('{${acked}}'::bigint[])
	        AND source_name <> 'a ' || $(logged "$work/a.log")"
verify_store "phase a"

# ---- phase b: one transaction
before="$(qq "SELECT (SELECT count(*) FROM govreport.reports) || ' ' || (SELECT count(*) FROM govreport.t2_rows) || ' '
	|| (SELECT count(*) FROM govreport.t3_rows) || ' ' || (SELECT count(*) FROM govreport.t4_rows) || ' '
	|| (SELECT count(*) FROM govreport.report_findings)")"
crash_phase b
recovered=$?
check "phase b: the backend was killed in the middle of the transaction and the server recovered" \
	test "$recovered" -eq 0 -a "$client_rc" -ne 0 -a "$(logged "$work/b.log")" -ge "$kill_after" \
	-a "$(grep -c '^@@commit' "$work/b.log")" -eq 0
after="$(qq "SELECT (SELECT count(*) FROM govreport.reports) || ' ' || (SELECT count(*) FROM govreport.t2_rows) || ' '
	|| (SELECT count(*) FROM govreport.t3_rows) || ' ' || (SELECT count(*) FROM govreport.t4_rows) || ' '
	|| (SELECT count(*) FROM govreport.report_findings)")"
echo "phase b: $(logged "$work/b.log") loads done in the transaction; reports, t2, t3, t4, findings before: $before; after: $after"
check "phase b: nothing of the transaction is visible" \
	test "$before" = "$after" -a "$(qq "SELECT count(*) FROM govreport.reports WHERE source_name LIKE 'b %'")" = 0
verify_store "phase b"

# ---- after: the store works and the server is healthy
id="$(qq "SELECT govreport.load(doc, 'after') FROM inputs WHERE phase = 'after'")"
check "after recovery the store takes a new report, whole" \
	is_t "SELECT count(*) = 25 FROM govreport.t3_rows WHERE report_id = ${id:-0}"
dropdb "$db" 2>/dev/null
check "the server is up and answers" eval 'pg_isready -q && [ "$(q -c "SELECT 1")" = 1 ]'

echo "crash: ${SECONDS}s in all"
gr_load_summary crash
