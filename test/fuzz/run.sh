#!/usr/bin/env bash
# libFuzzer over every entry point of the core, under ASan and UBSan.
#
#   bash test/fuzz/run.sh [SECONDS_PER_HARNESS]     (default 15: about a minute)
#   bash test/fuzz/run.sh 3600                      the long run
#
# Builds the harnesses into test/fuzz/build/ (only what changed), builds the
# seeds into a temporary directory (../shared/corpus/docs, test/fixtures, the
# .docx containers of test/fixtures/docx/containers.py,
# test/fuzz/seeds (the attribute and end-tag shapes of issue 16),
# data/*.txt, the pdftotext -bbox-layout XHTML of the corpus PDFs, and for
# fuzz_json/fuzz_binary the canonical and binary forms of their parses),
# replays every file of test/fuzz/regressions/ through every harness, then
# fuzzes each harness for the time given.  One test per harness for the
# fuzzing and one per harness for the replay; a test fails on any finding
# (crash, sanitizer report, leak, timeout, out-of-memory).  The last line
# is "fuzz: N passed, N failed".
#
# Environment:
#   GR_FUZZ_CORPUS=DIR  keep what the fuzzer finds in DIR/<harness>/ and
#                       start from it next time (default: thrown away)
#   GR_FUZZ_ONLY="fuzz_json fuzz_binary"   run only these harnesses
#   GR_FUZZ_FLAGS="..." more libFuzzer flags (e.g. -jobs=2 -workers=2)
set -uo pipefail
# The body is one block, read whole before it runs, so editing this file
# during an hour-long run cannot change the run halfway.
{

SECONDS_PER_HARNESS="${1:-15}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT" || exit 1
read -r -a HARNESSES <<<"${GR_FUZZ_ONLY:-fuzz_text fuzz_document fuzz_docx fuzz_json fuzz_binary}"
BUILD="$ROOT/test/fuzz/build"
CC="${FUZZ_CC:-clang}"
SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
CFLAGS="-std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O1 -g $(xml2-config --cflags) -Isrc/core"
WORK="$(mktemp -d /tmp/govreport-fuzz.XXXXXX)"
PASSED=0 FAILED=0

say() { printf '%s\n' "$*"; }
finish() {
	say "fuzz: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
	exit $?
}
fail_all() {
	say "error: $*"
	rm -rf "$WORK"
	FAILED=$((${#HARNESSES[@]} * 2))
	finish
}

# ------------------------------------------------------------------ build
# Objects are rebuilt when their source or any core header is newer; each
# file is written under a temporary name and renamed, so two runs at once
# (or a run using the binaries) never see a half-written one.
newer_than() {	# newer_than TARGET FILE...: true if TARGET is missing or older
	local target="$1" f
	shift
	[ -e "$target" ] || return 0
	for f in "$@"; do [ "$f" -nt "$target" ] && return 0; done
	return 1
}

build() {
	local src obj objs=() h headers
	mkdir -p "$BUILD/core" || return 1
	headers=(src/core/*.h)
	for src in src/core/*.c; do
		obj="$BUILD/core/$(basename "${src%.c}").o"
		objs+=("$obj")
		if newer_than "$obj" "$src" "${headers[@]}" test/fuzz/run.sh; then
			say "cc $src"
			# shellcheck disable=SC2086
			$CC $CFLAGS $SAN -c -o "$obj.$$" "$src" && mv -f "$obj.$$" "$obj" || return 1
		fi
	done
	for h in "${HARNESSES[@]}"; do
		if newer_than "$BUILD/$h" "test/fuzz/$h.c" test/fuzz/fuzz_common.h test/unit/zipbuild.h "${objs[@]}"; then
			say "link $h"
			# shellcheck disable=SC2086
			$CC $CFLAGS $SAN -o "$BUILD/$h.$$" "test/fuzz/$h.c" "${objs[@]}" -lxml2 -lzip \
				&& mv -f "$BUILD/$h.$$" "$BUILD/$h" || return 1
		fi
	done
	# the seed generator: the plain core, no instrumentation
	if newer_than "$BUILD/make_seeds" test/fuzz/make_seeds.c src/core/*.c "${headers[@]}"; then
		say "link make_seeds"
		# shellcheck disable=SC2086
		$CC $CFLAGS -o "$BUILD/make_seeds.$$" test/fuzz/make_seeds.c src/core/*.c -lxml2 -lzip \
			&& mv -f "$BUILD/make_seeds.$$" "$BUILD/make_seeds" || return 1
	fi
}

command -v "$CC" >/dev/null || fail_all "$CC not found (scripts/lib.sh installs clang)"
build || fail_all "the harnesses did not build (is libclang-rt-14-dev installed?)"

# ------------------------------------------------------------------ seeds
SEEDS="$WORK/seeds"
mkdir -p "$SEEDS/docs" "$SEEDS/docx" "$SEEDS/json" "$SEEDS/binary" "$WORK/artifacts"
docs=()
[ -d ../shared/corpus/docs ] && docs+=(../shared/corpus/docs/*)
[ -d ../shared/corpus/next/docs ] && docs+=(../shared/corpus/next/docs/*)
# layout variants from the layout harness (issue 15): run-together cells,
# split numbers, label spans, empty-pipe blanks, blanks as spaces, ...
# (90 documents: every form, six truths each)
if python3 test/layouts/run.py --count 90 --min 0 --keep "$WORK/layouts" >/dev/null 2>&1; then
	docs+=("$WORK/layouts"/*)
else
	say "warning: the layout harness made no seeds"
fi
while IFS= read -r -d '' f; do docs+=("$f"); done < <(find test/fixtures test/fuzz/seeds -type f -print0 | sort -z)
docs+=(data/*.txt)
n=0
for f in "${docs[@]}"; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	cp "$f" "$SEEDS/docs/$(printf '%03d' "$n")-$(basename "$f")"
done
# pdftotext -bbox-layout XHTML of the corpus PDFs: the third input form
if command -v pdftotext >/dev/null; then
	for f in "${docs[@]}"; do
		case "$f" in *.pdf)
			pdftotext -q -bbox-layout "$f" "$SEEDS/docs/$(basename "${f%.pdf}").bbox.html" || true ;;
		esac
	done
fi
# the other encodings the decoder reads, made from our own sample and fixtures
to_encoding() {	# to_encoding FILE ENCODING BOM_HEX NAME
	{ printf '%b' "$3"; iconv -c -f UTF-8 -t "$2" "$1"; } >"$SEEDS/docs/$4" 2>/dev/null || rm -f "$SEEDS/docs/$4"
}
to_encoding data/sample-report.txt UTF-16LE '\xFF\xFE' enc-utf16le-bom.txt
to_encoding data/sample-report.txt UTF-16BE '\xFE\xFF' enc-utf16be-bom.txt
to_encoding data/sample-report.txt GB18030 '\x84\x31\x95\x33' enc-gb18030-bom.txt
to_encoding data/sample-report.txt GB18030 '' enc-gb18030.txt
to_encoding test/fixtures/html/word-export.html UTF-16LE '\xFF\xFE' enc-utf16le-bom.html
sed 's/charset="utf-8"/charset="big5"/' test/fixtures/html/traditional.html >"$WORK/big5.html"
to_encoding "$WORK/big5.html" BIG5-HKSCS '' enc-big5-declared.html
# .docx containers for fuzz_docx (and fuzz_document): the fixture zipped now,
# each hostile container, and the fixture's document.xml behind the 0x00
# that asks fuzz_docx to build the container itself
for c in fixture bomb lying encrypted truncated corrupt nodocument malformed doc; do
	python3 test/fixtures/docx/containers.py "$c" | base64 -d >"$SEEDS/docx/$c.docx" 2>/dev/null \
		|| say "warning: no $c.docx seed"
done
cp "$SEEDS/docx/fixture.docx" "$SEEDS/docs/fixture.docx" 2>/dev/null
{ printf '\0'; cat test/fixtures/docx/report/word/document.xml; } >"$SEEDS/docx/document.xml.seed"
"$BUILD/make_seeds" "$SEEDS" "$SEEDS"/docs/* || say "warning: make_seeds could not write every seed"
count() { find "$1" -type f | wc -l; }
say "seeds: $(count "$SEEDS/docs") documents, $(count "$SEEDS/docx") docx, $(count "$SEEDS/json") json, $(count "$SEEDS/binary") binary"

seeds_of() {
	case "$1" in
		fuzz_json) echo "$SEEDS/json" ;;
		fuzz_binary) echo "$SEEDS/binary" ;;
		fuzz_docx) echo "$SEEDS/docx" ;;
		*) echo "$SEEDS/docs" ;;
	esac
}
dict_of() {
	case "$1" in
		fuzz_json | fuzz_binary) echo test/fuzz/json.dict ;;
		fuzz_docx) echo test/fuzz/docx.dict ;;
		*) echo test/fuzz/document.dict ;;
	esac
}

# -------------------------------------------------------------- findings
show_artifacts() {	# show_artifacts DIR LOG
	local a
	grep -E 'ERROR: |INVARIANT BROKEN|SUMMARY: |^==[0-9]+==' "$2" | head -n 20
	for a in "$1"/*; do
		[ -f "$a" ] || continue
		say "artifact: $a ($(stat -c %s "$a") bytes)"
		xxd "$a" | head -n 8
	done
}

FLAGS=(-timeout=10 -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1)

# --------------------------------------------------------------- replay
regressions=()
for f in test/fuzz/regressions/*; do [ -f "$f" ] && regressions+=("$f"); done
for h in "${HARNESSES[@]}"; do
	if [ ${#regressions[@]} -eq 0 ]; then
		say "ok - $h replay: no regression inputs"
		PASSED=$((PASSED + 1))
		continue
	fi
	log="$WORK/$h.replay.log"
	mkdir -p "$WORK/artifacts/$h-replay"
	if "$BUILD/$h" "${FLAGS[@]}" -artifact_prefix="$WORK/artifacts/$h-replay/" \
		"${regressions[@]}" >"$log" 2>&1; then
		say "ok - $h replay: ${#regressions[@]} regression inputs"
		PASSED=$((PASSED + 1))
	else
		say "not ok - $h replay: a regression input fails again (log $log)"
		grep -E '^Running: ' "$log" | tail -n 1
		show_artifacts "$WORK/artifacts/$h-replay" "$log"
		FAILED=$((FAILED + 1))
	fi
done

# ------------------------------------------------------------------ fuzz
for h in "${HARNESSES[@]}"; do
	log="$WORK/$h.log"
	if [ -n "${GR_FUZZ_CORPUS:-}" ]; then
		grown="$GR_FUZZ_CORPUS/$h"
	else
		grown="$WORK/grown/$h"
	fi
	mkdir -p "$grown" "$WORK/artifacts/$h"
	say "fuzzing $h for ${SECONDS_PER_HARNESS}s"
	rc=0
	# shellcheck disable=SC2086
	"$BUILD/$h" "${FLAGS[@]}" -max_total_time="$SECONDS_PER_HARNESS" -dict="$(dict_of "$h")" \
		-artifact_prefix="$WORK/artifacts/$h/" ${GR_FUZZ_FLAGS:-} \
		"$grown" "$(seeds_of "$h")" >"$log" 2>&1 || rc=$?
	stats="$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1 | sed 's/^\(#[0-9]*\)[[:space:]]*[A-Z]*[[:space:]]*/\1 execs, /')"
	execs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')"
	if [ "$rc" -eq 0 ] && [ -z "$(ls -A "$WORK/artifacts/$h")" ]; then
		say "ok - $h: ${execs:-?} executions; $stats"
		PASSED=$((PASSED + 1))
	else
		say "not ok - $h: libFuzzer found something (exit $rc; log $log)"
		show_artifacts "$WORK/artifacts/$h" "$log"
		FAILED=$((FAILED + 1))
	fi
done

# keep the work directory when something failed: the logs and artifacts
if [ "$FAILED" -eq 0 ]; then
	rm -rf "$WORK"
else
	say "logs, artifacts and seeds kept in $WORK"
fi
finish
}
