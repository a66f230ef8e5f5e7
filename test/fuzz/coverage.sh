#!/usr/bin/env bash
# Source coverage of the core reached by a fuzzing corpus:
#
#   GR_FUZZ_CORPUS=/tmp/gr-fuzz bash test/fuzz/run.sh 3600
#   bash test/fuzz/coverage.sh /tmp/gr-fuzz
#
# Builds each harness with clang's source-based coverage (no sanitizers),
# runs every input of CORPUS/<harness>/ through it once, and prints
# llvm-cov's per-file table for src/core (lines, functions, branches).
# Needs llvm-profdata and llvm-cov (package llvm-14; clang only recommends it).
set -euo pipefail

CORPUS="${1:?usage: coverage.sh CORPUS_DIR (the GR_FUZZ_CORPUS of a run.sh run)}"
CORPUS="$(cd "$CORPUS" && pwd)"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PROFDATA="$(command -v llvm-profdata || command -v llvm-profdata-14)" || { echo "llvm-profdata not found (apt-get install llvm-14)"; exit 1; }
LLVMCOV="$(command -v llvm-cov || command -v llvm-cov-14)" || { echo "llvm-cov not found (apt-get install llvm-14)"; exit 1; }
WORK="$(mktemp -d /tmp/govreport-fuzzcov.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
CFLAGS="-std=c99 -D_POSIX_C_SOURCE=200809L -O1 -g $(xml2-config --cflags) -Isrc/core"
COV="-fsanitize=fuzzer -fprofile-instr-generate -fcoverage-mapping"

bins=()
for dir in "$CORPUS"/fuzz_*; do
	[ -d "$dir" ] || continue
	h="$(basename "$dir")"
	[ -f "test/fuzz/$h.c" ] || continue
	# shellcheck disable=SC2086
	clang $CFLAGS $COV -o "$WORK/$h" "test/fuzz/$h.c" src/core/*.c -lxml2 -lzip
	# one input at a time: -runs=0 over a directory executes each file once
	LLVM_PROFILE_FILE="$WORK/$h.profraw" "$WORK/$h" -runs=0 -max_len=262144 "$dir" >"$WORK/$h.log" 2>&1 \
		|| { echo "$h: an input failed while measuring coverage (see run.sh)"; tail -n 20 "$WORK/$h.log"; exit 1; }
	echo "$h: $(find "$dir" -type f | wc -l) inputs"
	bins+=("$h")
done
[ ${#bins[@]} -gt 0 ] || { echo "no CORPUS/fuzz_* directories in $CORPUS"; exit 1; }

"$PROFDATA" merge -sparse -o "$WORK/all.profdata" "$WORK"/*.profraw
objects=("$WORK/${bins[0]}")
for h in "${bins[@]:1}"; do objects+=(-object "$WORK/$h"); done
"$LLVMCOV" report -instr-profile="$WORK/all.profdata" "${objects[@]}" src/core/*.c
