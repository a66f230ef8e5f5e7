#!/usr/bin/env bash
# Concurrency (issue 6, point 6): four clients load M reports each (default
# 500) into the store at the same time, in strict mode, over overlapping
# agency-years; some reports are broken on purpose.
#
#   bash test/load/concurrency.sh [M]       (or GR_CONCURRENCY_PER_CLIENT=M)
#
# Each client is a psql process running its loads as separate statements
# (autocommit, as an application would) and logging, after each one, its
# SQLSTATE and the id it got or the error message.  Then: every report is
# stored exactly once or rejected with a clear error (23505 duplicate,
# 23514 broken identity), nothing else; no deadlock (40P01); the counts add
# up, against the store's tables too.  Uses the server in PGHOST/PGPORT, or
# starts its own (test/load/lib.sh).  Last line: "concurrency: N passed, N failed".
set -uo pipefail
# shellcheck source=test/load/lib.sh
source "$(dirname "$0")/lib.sh"

per_client="${1:-${GR_CONCURRENCY_PER_CLIENT:-500}}"
clients=4
db=gr_load_concurrency
[[ $per_client =~ ^[0-9]+$ ]] && [ "$per_client" -ge 10 ] && [ $((per_client % 5)) -eq 0 ] \
	|| gr_die "reports per client must be a multiple of 5, at least 10, not '$per_client'"
total=$((clients * per_client))

gr_load_cluster || { echo "concurrency: 0 passed, 1 failed"; exit 1; }
work="$(mktemp -d /tmp/govreport-concurrency.XXXXXX)"
GR_LOAD_CLEANUP+=("rm -rf '$work'")

if ! { gr_load_db "$db" && gr_load_docs_table "$db" "$work" &&
	q -d "$db" -v clients=$clients -v per_client="$per_client" -f "$GR_LOAD_DIR/concurrency.sql" >/dev/null; }; then
	echo "FAIL setup"
	echo "concurrency: 0 passed, 1 failed"
	exit 1
fi
echo "templates: $(q -d "$db" -c "SELECT string_agg(name || CASE WHEN valid THEN '' ELSE ' (broken)' END, ', ' ORDER BY name) FROM templates")"
echo "inputs: $total, over $(q -d "$db" -c "SELECT count(DISTINCT key) FROM inputs") agency-years; $(q -d "$db" -c "SELECT count(*) FROM inputs WHERE NOT valid") broken"

# One script per client: each load is its own statement (its own
# transaction, deferred identity triggers included); after it, one line
# "@@|client|seq|SQLSTATE|id|last error message" (id and message only mean
# something for 00000 and for an error respectively).
for c in $(seq 1 $clients); do
	{
		echo '\set VERBOSITY default'
		echo "SELECT extract(epoch FROM clock_timestamp()) AS t0 \\gset"
		for i in $(seq 0 $((per_client - 1))); do
			printf "SELECT govreport.load(doc, format('client %%s seq %%s %%s', client, seq, template), strict => true) AS id FROM inputs WHERE client = %d AND seq = %d \\\\gset\n" "$c" "$i"
			printf '\\echo @@|%d|%d|:SQLSTATE|:id|:LAST_ERROR_MESSAGE\n' "$c" "$i"
		done
		# when the client started and ended, to see that they overlapped
		echo "SELECT extract(epoch FROM clock_timestamp()) AS t1 \\gset"
		printf '%s\n' '\echo @T|:t0|:t1'
	} >"$work/client$c.sql"
done

start=$SECONDS
pids=()
for c in $(seq 1 $clients); do
	# bounded: a client that hangs (a lock never granted) is killed
	PGAPPNAME="gr_load_client$c" timeout 600 psql -X -q -At -d "$db" -f "$work/client$c.sql" \
		>"$work/client$c.out" 2>"$work/client$c.err" &
	pids+=($!)
done
client_rc=0
for p in "${pids[@]}"; do
	wait "$p" || client_rc=$?
done
secs=$((SECONDS - start))

grep -h '^@@|' "$work"/client*.out | cut -c4- >"$work/outcomes"
q -d "$db" -c "\\copy outcomes FROM '$work/outcomes' WITH (DELIMITER '|')" >/dev/null \
	|| echo "error: the client logs did not load"

# the figures, then the checks
qq() { q -d "$db" -c "$1"; }
# A load of bytes already stored (another client's identical input) is
# "already present": load() returns the stored report's id and writes
# nothing; the stored report names the load that stored it.
qq "ALTER TABLE outcomes ADD COLUMN already boolean;
    UPDATE outcomes o SET already = o.sqlstate = '00000' AND NOT EXISTS (
        SELECT FROM inputs i JOIN govreport.reports r ON r.id::text = o.id
        WHERE i.client = o.client AND i.seq = o.seq
          AND r.source_name = format('client %s seq %s %s', i.client, i.seq, i.template))" >/dev/null
stored=$(qq "SELECT count(*) FROM outcomes WHERE sqlstate = '00000' AND NOT already")
already=$(qq "SELECT count(*) FROM outcomes WHERE already")
dup=$(qq "SELECT count(*) FROM outcomes WHERE sqlstate = '23505'")
ident=$(qq "SELECT count(*) FROM outcomes WHERE sqlstate = '23514'")
deadlocks=$(qq "SELECT count(*) FROM outcomes WHERE sqlstate = '40P01'")
other=$(qq "SELECT count(*) FROM outcomes WHERE sqlstate NOT IN ('00000', '23505', '23514')")
echo "$clients clients x $per_client loads in ${secs}s: stored $stored, already present $already, duplicates (23505) $dup, identity rejections (23514) $ident, deadlocks (40P01) $deadlocks, other errors $other; total $((stored + already + dup + ident + other)) of $total"
echo "store: $(qq "SELECT format('reports %s, t2_rows %s, t3_rows %s, t4_rows %s, report_findings %s',
	(SELECT count(*) FROM govreport.reports), (SELECT count(*) FROM govreport.t2_rows), (SELECT count(*) FROM govreport.t3_rows),
	(SELECT count(*) FROM govreport.t4_rows), (SELECT count(*) FROM govreport.report_findings))")"
if [ "$other" -gt 0 ]; then
	qq "SELECT sqlstate, count(*), min(message) FROM outcomes WHERE sqlstate NOT IN ('00000', '23505', '23514') GROUP BY 1" | head -n 10
fi

is_t() { [ "$(qq "$1")" = t ]; }
check "all $clients clients ran to the end" test "$client_rc" -eq 0
# latest start before earliest end: all four were loading at the same time
check "the $clients clients ran at the same time" \
	test "$(grep -h '^@T|' "$work"/client*.out | awk -F'|' '
		NR == 1 || $2 > s { s = $2 } NR == 1 || $3 < e { e = $3 } END { print (NR == n && s < e) ? "yes" : "no" }' n=$clients)" = yes
check "one outcome for each of the $total loads" \
	is_t "SELECT count(*) = $total AND count(DISTINCT (client, seq)) = $total FROM outcomes o JOIN inputs USING (client, seq)"
check "no deadlock, no error but 23505 and 23514" test "$deadlocks" -eq 0 -a "$other" -eq 0
check "stored + already present + duplicates + identity rejections = $total" test $((stored + already + dup + ident)) -eq "$total"
check "already present: the very bytes stored, and the id of their report" \
	is_t "SELECT coalesce(bool_and(d.sha256 = sha256(convert_to(i.doc, 'UTF8')) AND r.agency = i.agency AND r.year = i.year), true)
	      FROM outcomes o JOIN inputs i USING (client, seq) JOIN govreport.reports r ON r.id::text = o.id
	      JOIN govreport.documents d ON d.id = r.document_id WHERE o.already"
check "the errors are clear: 23505 names the stored report, 23514 the broken identities" \
	is_t "SELECT bool_and(CASE sqlstate
	            WHEN '23505' THEN message ~ ('^a report of ' || agency || ' for ' || year || ' is already stored \\(id [0-9]+\\)$')
	            WHEN '23514' THEN message ~ ('^report of ' || agency || ' ' || year || ' breaks [0-9]+ accounting identit')
	            ELSE true END) FROM outcomes JOIN inputs USING (client, seq)"
check "every broken report rejected with 23514, no valid one" \
	is_t "SELECT bool_and((sqlstate = '23514') = NOT valid) FROM outcomes JOIN inputs USING (client, seq)"
check "stored = distinct valid agency-years = rows in reports" \
	is_t "SELECT $stored = (SELECT count(DISTINCT key) FROM inputs WHERE valid)
	             AND $stored = (SELECT count(*) FROM govreport.reports)"
check "each valid agency-year stored exactly once, by the load that got its id" \
	is_t "SELECT count(*) = 0 FROM (
	          SELECT i.agency, i.year FROM inputs i JOIN outcomes o USING (client, seq) WHERE i.valid
	          GROUP BY i.agency, i.year
	          HAVING count(*) FILTER (WHERE o.sqlstate = '00000' AND NOT o.already) <> 1
	              OR count(*) FILTER (WHERE o.sqlstate = '23505' OR o.already) <> count(*) - 1
	              OR NOT EXISTS (SELECT 1 FROM govreport.reports r JOIN outcomes w ON w.id = r.id::text AND w.sqlstate = '00000'
	                             JOIN inputs wi ON wi.client = w.client AND wi.seq = w.seq
	                             WHERE r.agency = i.agency AND r.year = i.year
	                               AND wi.agency = i.agency AND wi.year = i.year
	                               AND r.source_name = format('client %s seq %s %s', wi.client, wi.seq, wi.template))) x"
check "duplicates name the id that was stored" \
	is_t "SELECT coalesce(bool_and(substring(o.message FROM '\\(id ([0-9]+)\\)$') = r.id::text), true)
	      FROM outcomes o JOIN inputs i USING (client, seq) JOIN govreport.reports r ON r.agency = i.agency AND r.year = i.year
	      WHERE o.sqlstate = '23505'"
# each stored report with the template it was made from, through the id its client got
stored_by_template="SELECT r.id, r.report, t.* FROM govreport.reports r
	JOIN outcomes o ON o.id = r.id::text AND o.sqlstate = '00000' AND NOT o.already
	JOIN inputs i USING (client, seq) JOIN templates t ON t.name = i.template"
check "every stored report has all its rows (t3: 25 each) and findings, no orphan" \
	is_t "WITH s AS ($stored_by_template)
	      SELECT (SELECT count(*) FROM s) = $stored
	         AND (SELECT count(*) FROM govreport.t3_rows) = 25 * $stored
	         AND (SELECT count(*) FROM govreport.t3_rows) = (SELECT sum(t3) FROM s)
	         AND (SELECT count(*) FROM govreport.t2_rows) = (SELECT sum(t2) FROM s)
	         AND (SELECT count(*) FROM govreport.t4_rows) = (SELECT sum(t4) FROM s)
	         AND NOT EXISTS (SELECT 1 FROM s WHERE t3 <> (SELECT count(*) FROM govreport.t3_rows x WHERE x.report_id = s.id)
	                                            OR t2 <> (SELECT count(*) FROM govreport.t2_rows x WHERE x.report_id = s.id)
	                                            OR t4 <> (SELECT count(*) FROM govreport.t4_rows x WHERE x.report_id = s.id))
	         AND (SELECT count(*) FROM govreport.report_findings) = (SELECT sum((SELECT count(*) FROM govreport.findings(s.report))
	                 + (SELECT count(*) FROM govreport.checks(s.report) WHERE status = 'fail')) FROM s)
	         AND NOT EXISTS (SELECT 1 FROM govreport.t3_rows x WHERE NOT EXISTS (SELECT 1 FROM s WHERE s.id = x.report_id))"
check "every stored report is consistent" \
	is_t "SELECT bool_and(govreport.is_consistent(report)) AND bool_and(strict) FROM govreport.reports"

echo "concurrency: ${SECONDS}s in all"
gr_load_summary concurrency
