#!/usr/bin/env bash
# Memory (issue 6, point 5): one backend parses the corpus documents N times
# (default 100000), a tenth of them inputs that fail midway, and its
# resident memory must grow by less than 10 MB.
#
#   bash test/load/memory.sh [N]        (or GR_MEMORY_ITERATIONS=N)
#
# Every parsed report also goes through cells(), checks(), findings(),
# is_consistent() and a canonical-text round trip.  The failing inputs
# cover each error path a user can reach: invalid canonical text (22P02),
# an unknown format version in the text (22P02) and in the binary form
# through COPY BINARY and the receive function (22P03), a truncated binary
# value (22P03), a number too large (22003), no report (22023), an empty
# document (22023), strict load() of an inconsistent report (23514), and,
# once parse(bytea) exists, undecodable bytes (22021).  HTML documents join
# the parsed ones when parse(bytea) exists.
#
# The backend's VmRSS is read from /proc/<pid>/status, from outside, after
# a warm-up (caches, plans, first allocations) and at the end; the growth
# between the two is the figure.  Uses the server in PGHOST/PGPORT, or
# starts its own (see test/load/lib.sh).  Last line: "memory: N passed, N failed".
set -uo pipefail
# shellcheck source=test/load/lib.sh
source "$(dirname "$0")/lib.sh"

iterations="${1:-${GR_MEMORY_ITERATIONS:-100000}}"
warmup="${GR_MEMORY_WARMUP:-2000}"
limit_mb=10
db=gr_load_memory
[[ $iterations =~ ^[0-9]+$ ]] && [ "$iterations" -ge 10 ] || gr_die "iterations must be a number >= 10, not '$iterations'"

gr_load_cluster || { echo "memory: 0 passed, 1 failed"; exit 1; }
work="$(mktemp -d /tmp/govreport-memory.XXXXXX)"
# the server reads the COPY files in it
chmod 755 "$work"
GR_LOAD_CLEANUP+=("rm -rf '$work'")

setup() {
	gr_load_db "$db" && gr_load_docs_table "$db" "$work" || return 1
	has_bytea=false
	gr_load_has_bytea_parse "$db" && has_bytea=true
	q -d "$db" -v has_bytea="$has_bytea" -v copy_dir="$work" -f "$GR_LOAD_DIR/memory.sql" >/dev/null || return 1
	# A valid binary value, then two broken copies: an unknown format
	# version, and a value cut in half (the COPY framing kept intact, so
	# the receive function, not COPY, is what finds it short).
	q -d "$db" -c "COPY (SELECT govreport.parse(txt) FROM good WHERE form = 'text' ORDER BY id LIMIT 1) TO STDOUT WITH (FORMAT binary)" \
		>"$work/good.bin" || return 1
	python3 - "$work" <<'PY' || return 1
import struct, sys
d = sys.argv[1]
raw = open(d + "/good.bin", "rb").read()
head = 11 + 4 + 4                        # signature, flags, header extension
nfields, = struct.unpack(">h", raw[head:head + 2])
size, = struct.unpack(">i", raw[head + 2:head + 6])
value = raw[head + 6:head + 6 + size]
assert nfields == 1 and value[0] == 1, "unexpected COPY BINARY layout"
trailer = b"\xff\xff"
def write(name, v):
    open(d + "/" + name, "wb").write(raw[:head] + struct.pack(">hi", 1, len(v)) + v + trailer)
write("bad-version.bin", bytes([7]) + value[1:])
write("truncated.bin", value[:size // 2])
PY
	chmod 644 "$work"/*.bin
}
if ! setup; then
	echo "FAIL setup"
	echo "memory: 0 passed, 1 failed"
	exit 1
fi
echo "documents: $(q -d "$db" -c "SELECT string_agg(name, ' ' ORDER BY id) FROM good")"
echo "failing inputs: $(q -d "$db" -c "SELECT count(*) || ' of ' || count(DISTINCT kind) || ' kinds' FROM bad")$( $has_bytea || echo '; parse(bytea) not installed yet: no HTML documents, no undecodable bytes')"

# One psql session kept open as a coprocess, so that the warm-up and the run
# happen in the same backend; each command ends with a marker line.
coproc PSQL { exec psql -X -q -At -d "$db" 2>&1; }
# shellcheck disable=SC2153 # PSQL_PID is set by coproc
psql_pid=$PSQL_PID
session() {	# sql, timeout seconds -> REPLY_OUT; fails on timeout or EOF
	local line
	REPLY_OUT=""
	printf '%s\n\\echo @@end\n' "$1" >&"${PSQL[1]}" || return 1
	while IFS= read -r -t "$2" line <&"${PSQL[0]}"; do
		[ "$line" = @@end ] && return 0
		REPLY_OUT+="$line"$'\n'
	done
	return 1
}
status_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
context_bytes='SELECT sum(total_bytes) FROM pg_backend_memory_contexts;'

session 'SELECT pg_backend_pid();' 30 && pid="${REPLY_OUT%$'\n'}"
if ! [[ ${pid:-} =~ ^[0-9]+$ ]] || [ ! -r "/proc/$pid/status" ]; then
	echo "FAIL backend pid: ${REPLY_OUT:-none}"
	echo "memory: 0 passed, 1 failed"
	exit 1
fi

session "CALL memory_run($warmup);" 600
warm_out="$REPLY_OUT"
grep -qE '^\{' <<<"$warm_out" || printf 'warm-up failed:\n%s' "$warm_out"
rss_warm="$(status_kb VmRSS)" anon_warm="$(status_kb RssAnon)" shmem_warm="$(status_kb RssShmem)"
session "$context_bytes" 30 && ctx_warm="${REPLY_OUT%$'\n'}"
echo "warm-up: $warmup iterations; backend $pid VmRSS $(mb "$rss_warm") MB (RssAnon $(mb "$anon_warm") MB), memory contexts $(mb $((${ctx_warm:-0} / 1024))) MB"

# generous bound: 50 ms an iteration, where a run takes about 2 ms
run_start=$SECONDS
session "CALL memory_run($iterations);" $((120 + iterations / 20))
run_rc=$? run_out="$REPLY_OUT" run_secs=$((SECONDS - run_start))
rss_end="$(status_kb VmRSS)" anon_end="$(status_kb RssAnon)" shmem_end="$(status_kb RssShmem)"
session "$context_bytes" 30 && ctx_end="${REPLY_OUT%$'\n'}"
# end the session: its input closes, psql exits
[ -n "${PSQL[1]:-}" ] && eval "exec ${PSQL[1]}>&-"
wait "$psql_pid" 2>/dev/null

growth=$((rss_end - rss_warm))
echo "run: $iterations iterations in ${run_secs}s; VmRSS $(mb "$rss_end") MB (RssAnon $(mb "$anon_end") MB), memory contexts $(mb $((${ctx_end:-0} / 1024))) MB"
echo "result: ${run_out%$'\n'}"
echo "VmRSS growth over $iterations parses: $(mb "$growth") MB (RssAnon $(mb $((anon_end - anon_warm))) MB, RssShmem $(mb $((shmem_end - shmem_warm))) MB; limit $limit_mb MB)"

json() {	# result json, expression over $1 -> value
	q -d "$db" -v res="$2" <<<"SELECT $1 FROM (SELECT :'res'::jsonb AS j) s"
}
res="$(grep -E '^\{' <<<"$run_out" | tail -n 1)"
check "warm-up and run completed in one backend" \
	test "$run_rc" -eq 0 -a -n "$res" -a -n "$(grep -E '^\{' <<<"$warm_out")" -a "$pid" -gt 0
[ -n "$res" ] || res='{}'
check "every document parsed; cells, checks, findings, round trip on each" \
	test "$(json "(j->>'parsed')::bigint" "$res")" = "$((iterations - iterations / 10))"
check "every failing input failed with its SQLSTATE" \
	test "$(json "(j->>'failed')::bigint = $((iterations / 10)) AND j->'unexpected' = '{}'" "$res")" = t
check "every failing input kind was exercised" \
	test "$(json "(SELECT count(DISTINCT split_part(k, ': ', 1)) FROM jsonb_object_keys(j->'failures') k)
		= (SELECT count(DISTINCT kind) FROM bad)" "$res")" = t
check "resident memory grew by less than $limit_mb MB" test "$growth" -lt $((limit_mb * 1024))

echo "memory: ${SECONDS}s in all"
gr_load_summary memory
