#!/usr/bin/env bash
# The docx suite: real word-processor output.  LibreOffice converts each
# corpus HTML document to .docx ('docx:MS Word 2007 XML': from HTML input a
# bare 'docx' picks the wrong filter), and saves our fixture
# (test/fixtures/docx/report/, zipped here) again; test/docx/compare_docx.py
# then parses them in the server: each converted document must parse exactly
# as its HTML original and equal the corpus truth.  Before that,
# test/docx/memory.sh: 1,000 failing parses of hostile containers in one
# backend, each with its SQLSTATE, and 100 cancelled parses in another,
# with RSS flat.
#
# LibreOffice is given UTF-8 with a matching <meta charset>: it reads a page
# declared gb2312 as strict GB2312, as libxml2 does.  It runs with a profile
# of its own in the work directory.  Uses the server in PGHOST/PGPORT (the
# extension is created in its default database if missing).  Without
# LibreOffice or the corpus the suite is skipped, except under CI=true,
# where that is a failure.  The last line is "docx: N passed, N failed, N skipped".
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT" || exit 1
CORPUS="${GR_CORPUS:-$ROOT/../shared/corpus}"

# first what needs no LibreOffice: memory over 1,000 failing parses and
# 100 cancelled ones
psql -X -q -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS govreport;' >/dev/null || {
	echo "docx: 0 passed, 1 failed, 0 skipped"
	exit 1
}
MEM_PASSED=0 MEM_FAILED=0
for mode in failing cancel; do
	if bash test/docx/memory.sh "$mode"; then MEM_PASSED=$((MEM_PASSED + 1)); else MEM_FAILED=$((MEM_FAILED + 1)); fi
done
export GR_DOCX_EXTRA="$MEM_PASSED $MEM_FAILED"

skip() {
	echo "docx: $1"
	if [ "${CI:-}" = true ]; then
		echo "docx: $MEM_PASSED passed, $((MEM_FAILED + 1)) failed, 0 skipped"
	else
		echo "docx: $MEM_PASSED passed, $MEM_FAILED failed, 1 skipped"
	fi
	exit 0
}
# GR_SOFFICE= (empty) runs the suite as a machine without LibreOffice would
SOFFICE="${GR_SOFFICE-$(command -v soffice || command -v libreoffice || true)}"
[ -n "$SOFFICE" ] || skip "LibreOffice (soffice) not found; install libreoffice-writer-nogui (scripts/lib.sh does)"
[ -d "$CORPUS/docs" ] || skip "corpus $CORPUS not found, the conversions are skipped"

WORK="$(mktemp -d /tmp/govreport-docx.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/html" "$WORK/docx" "$WORK/resaved" "$WORK/profile"
# the server reads the files (pg_read_binary_file runs as postgres)
chmod 755 "$WORK" "$WORK/html" "$WORK/docx" "$WORK/resaved"

# UTF-8 copies with a charset declaration that says so
python3 - "$CORPUS/docs" "$WORK/html" <<'PY' || { echo "docx: $MEM_PASSED passed, $((MEM_FAILED + 1)) failed, 0 skipped"; exit 1; }
import re, sys
from pathlib import Path
src, out = Path(sys.argv[1]), Path(sys.argv[2])
meta = re.compile(r'(<meta\b[^>]*?charset\s*=\s*["\']?)[A-Za-z0-9_-]+', re.I)
for f in sorted(src.glob('*.html')):
    raw = f.read_bytes()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        text = raw.decode('gb18030')
    text, n = meta.subn(lambda m: m.group(1) + 'utf-8', text)
    if n == 0:
        text = '<meta charset="utf-8">\n' + text
    (out / f.name).write_text(text, encoding='utf-8')
PY
python3 - "$WORK/fixture.docx" <<'PY' || { echo "docx: $MEM_PASSED passed, $((MEM_FAILED + 1)) failed, 0 skipped"; exit 1; }
import base64, subprocess, sys
b64 = subprocess.run(['python3', 'test/fixtures/docx/containers.py', 'fixture'], check=True,
                     capture_output=True, text=True).stdout
open(sys.argv[1], 'wb').write(base64.b64decode(b64))
PY

convert() {	# convert OUTDIR FILE...
	local out="$1"
	shift
	timeout 300 "$SOFFICE" --headless --norestore "-env:UserInstallation=file://$WORK/profile" \
		--convert-to 'docx:MS Word 2007 XML' --outdir "$out" "$@" >"$WORK/soffice.log" 2>&1
}
if ! convert "$WORK/docx" "$WORK"/html/*.html || ! convert "$WORK/resaved" "$WORK/fixture.docx"; then
	echo "LibreOffice failed:"
	cat "$WORK/soffice.log"
fi
chmod 644 "$WORK"/docx/* "$WORK"/resaved/* "$WORK/fixture.docx" 2>/dev/null
python3 test/docx/compare_docx.py "$WORK"
