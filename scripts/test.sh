#!/usr/bin/env bash
# The whole test suite, set-up included.  Every suite runs even when an
# earlier one fails; the very last line is the verdict CI reads:
# "N passed, N failed" (", N skipped" when some were skipped).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$GR_ROOT"

gr_install_deps

SUITES=() PASSED=() FAILED=() SKIPPED=() NOTES=()
record() { SUITES+=("$1") PASSED+=("$2") FAILED+=("$3") SKIPPED+=("$4") NOTES+=("${5:-}"); }

# Show a command's output live and keep a copy in OUT to read its summary
# from; RC is its exit status.  (tee to a /dev/fd path would reopen, and so
# truncate, a log file that stdout is redirected to.)
run_logged() {
	local log
	log="$(mktemp /tmp/govreport-test.XXXXXX)"
	RC=0
	"$@" 2>&1 | tee "$log" || RC=$?
	OUT="$(<"$log")"
	rm -f "$log"
}

header() { printf '\n==== %s\n' "$*"; }

# Suites whose last summary line reads "<prefix>: N passed, N failed[, N skipped]".
# A non-zero exit with no failure counted (a crash after the summary, a
# sanitizer report at exit) still counts as one failure.
record_counted() {
	local name="$1" prefix="$2" line p f s=0 note=""
	line="$(grep -E "^$prefix: [0-9]+ passed, [0-9]+ failed" <<<"$OUT" | tail -n 1 || true)"
	if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)? ]]; then
		p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} s=${BASH_REMATCH[4]:-0}
	else
		p=0 f=1 note="no summary line"
	fi
	if [ "$RC" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 note="exit status $RC"
	fi
	record "$name" "$p" "$f" "$s" "$note"
}

# pg_regress 15 ends with one of:
#   All N tests passed. | P of N tests passed, I failed test(s) ignored.
#   F of N tests failed. | F of N tests failed, I of these failures ignored.
# Ignored failures are reported as skipped.
record_regress() {
	local line p=0 f=0 s=0 note=""
	line="$(grep -E 'tests (passed|failed)' <<<"$OUT" | tail -n 1 || true)"
	if [[ $line =~ All\ ([0-9]+)\ tests\ passed ]]; then
		p=${BASH_REMATCH[1]}
	elif [[ $line =~ ([0-9]+)\ of\ ([0-9]+)\ tests\ passed,\ ([0-9]+)\ failed ]]; then
		p=${BASH_REMATCH[1]} s=${BASH_REMATCH[3]}
	elif [[ $line =~ ([0-9]+)\ of\ ([0-9]+)\ tests\ failed(,\ ([0-9]+)\ of\ these)? ]]; then
		s=${BASH_REMATCH[4]:-0}
		f=$((BASH_REMATCH[1] - s)) p=$((BASH_REMATCH[2] - BASH_REMATCH[1]))
	else
		f=1 note="no pg_regress summary"
	fi
	if [ "$RC" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 note="exit status $RC"
	fi
	record regress "$p" "$f" "$s" "$note"
}

header "unit: make unit"
run_logged make unit PG_CONFIG="$GR_PG_CONFIG"
record_counted unit unit

header "unit-asan: make unit-asan"
run_logged make unit-asan PG_CONFIG="$GR_PG_CONFIG"
record_counted unit-asan unit

header "fuzz: test/fuzz/run.sh"
run_logged bash test/fuzz/run.sh
record_counted fuzz fuzz

header "layouts: test/layouts/run.py"
# the layout-variant harness (issue 15): 1,200 generated documents, the
# bench runs 12,000
run_logged env GR_PG_CONFIG="$GR_PG_CONFIG" python3 test/layouts/run.py --count 1200
record_counted layouts layouts

header "build and install"
run_logged gr_build_install
if [ "$RC" -ne 0 ]; then
	for suite in regress corpus dump upgrade browser cookbook docx hostile loader load; do record "$suite" 0 1 0 "not run: build failed"; done
elif ! gr_start_cluster; then
	for suite in regress corpus dump upgrade browser cookbook docx hostile loader load; do record "$suite" 0 1 0 "not run: cluster did not start"; done
else
	header "regress: make installcheck"
	run_logged make installcheck PG_CONFIG="$GR_PG_CONFIG"
	record_regress
	if [ "${FAILED[-1]}" -ne 0 ] && [ -f regression.diffs ]; then
		header "regression.diffs"
		cat regression.diffs
	fi

	header "corpus: test/corpus/compare.py"
	# pg_regress loaded the extension into its own database; the corpus uses the default one.
	if psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION govreport;'; then
		run_logged python3 test/corpus/compare.py
		record_counted corpus corpus
	else
		record corpus 0 1 0 "not run: CREATE EXTENSION failed"
	fi

	header "docx: test/docx/run.sh"
	run_logged bash test/docx/run.sh
	record_counted docx docx

	header "dump: test/dump_restore.sh"
	run_logged bash test/dump_restore.sh
	record_counted dump dump

	header "upgrade: test/upgrade.sh"
	run_logged bash test/upgrade.sh
	record_counted upgrade upgrade

	header "browser: test/browser/run.sh"
	run_logged bash test/browser/run.sh
	record_counted browser browser
	header "cookbook: test/cookbook/run.py"
	run_logged python3 test/cookbook/run.py
	record_counted cookbook cookbook
	header "hostile: test/load/hostile.sh"
	run_logged bash test/load/hostile.sh
	record_counted hostile hostile
	header "loader: test/loader/run.sh"
	run_logged bash test/loader/run.sh
	record_counted loader loader

	# last: its crash test restarts every backend of the cluster
	header "load: test/load/run_short.sh"
	run_logged bash test/load/run_short.sh
	record_counted load load
fi

header "summary"
total_p=0 total_f=0 total_s=0
for i in "${!SUITES[@]}"; do
	line="${PASSED[i]} passed, ${FAILED[i]} failed"
	[ "${SKIPPED[i]}" -eq 0 ] || line+=", ${SKIPPED[i]} skipped"
	printf '%-10s %s%s\n' "${SUITES[i]}" "$line" "${NOTES[i]:+  (${NOTES[i]})}"
	total_p=$((total_p + PASSED[i])) total_f=$((total_f + FAILED[i])) total_s=$((total_s + SKIPPED[i]))
done
final="$total_p passed, $total_f failed"
[ "$total_s" -eq 0 ] || final+=", $total_s skipped"
echo "$final"
[ "$total_f" -eq 0 ]
