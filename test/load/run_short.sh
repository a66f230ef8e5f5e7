#!/usr/bin/env bash
# The short versions of the robustness tests, for scripts/test.sh:
# memory (5000 parses), concurrency (4 clients x 100 loads), replace races
# (2 clients x 60 replaces at two isolation levels) and crash.
# Each counts one test per assertion group; a script that ends without its
# summary line counts as one failure.  Uses the server in PGHOST/PGPORT.
# Last line: "load: N passed, N failed".
set -uo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"
total_p=0 total_f=0

run() {	# name, script, args...
	local name="$1" script="$2" log rc line
	shift 2
	log="$(mktemp /tmp/govreport-load.XXXXXX)"
	printf '\n== %s\n' "$name"
	rc=0
	bash "$dir/$script" "$@" 2>&1 | tee "$log" || rc=$?
	line="$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)"
	rm -f "$log"
	if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
		total_p=$((total_p + BASH_REMATCH[1])) total_f=$((total_f + BASH_REMATCH[2]))
		[ "$rc" -eq 0 ] || [ "${BASH_REMATCH[2]}" -gt 0 ] || total_f=$((total_f + 1))
	else
		echo "FAIL $name: no summary line (exit status $rc)"
		total_f=$((total_f + 1))
	fi
}

run memory memory.sh "${GR_MEMORY_SHORT:-5000}"
run concurrency concurrency.sh "${GR_CONCURRENCY_SHORT:-100}"
run replace_race replace_race.sh "${GR_RACE_SHORT:-60}"
run crash crash.sh

echo "load: $total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
