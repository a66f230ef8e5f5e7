#!/usr/bin/env bash
# The bulk loader, govreport-load (issue 11), against a running server
# (PGHOST/PGPORT/PGUSER as scripts/lib.sh gr_start_cluster sets them) with
# the extension and the loader installed.  In a database of its own:
#   - the corpus: every report stored once, the PDF included; a second run
#     finds every file already present and writes nothing;
#   - kill -9 in the middle of a 400-report run, then a rerun: every report
#     exactly once, nothing half-written;
#   - a directory of bad files (empty, JPEG, 200 MB sparse, broken PDF, PDF
#     without text, not a report, dangling symlink, FIFO, a symlink loop):
#     one line each with its reason, and the good files load;
#   - exit statuses, --dry-run, --log (JSON), --agency/--year, --replace,
#     stdin lists, -d URIs, the progress line only on a terminal.
# Last line: "loader: N passed, N failed[, N skipped]".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="${GR_CORPUS:-$root/../shared/corpus}"
work="$(mktemp -d /tmp/govreport-loader.XXXXXX)"
db=gr_loader
loader_pid=
cleanup() {
	[ -z "$loader_pid" ] || kill -9 "$loader_pid" 2>/dev/null
	rm -rf "$work"
	dropdb --if-exists "$db" >/dev/null 2>&1
}
trap cleanup EXIT
passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); echo "ok $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
skip() { skipped=$((skipped + 1)); echo "skip $1"; }
check() {	# name, command...
	local name="$1"
	shift
	if "$@"; then ok "$name"; else fail "$name"; return 1; fi
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
summary() {
	local line="loader: $passed passed, $failed failed"
	[ "$skipped" -eq 0 ] || line+=", $skipped skipped"
	echo "$line"
}

LOADER="$(pg_config --bindir)/govreport-load"
if [ ! -x "$LOADER" ]; then
	fail "govreport-load is not installed in $(pg_config --bindir) (make install)"
	summary
	exit 1
fi
load() { "$LOADER" -d "$db" "$@"; }	# stdout and stderr as they are
# RC, OUT (stdout) and ERR (stderr) of one run
run() {
	RC=0
	"$LOADER" -d "$db" "$@" >"$work/out" 2>"$work/err" || RC=$?
	OUT="$(<"$work/out")" ERR="$(<"$work/err")"
}
show() { printf '%s\n%s\n' "$OUT" "$ERR" | sed 's/^/    /'; }
# the line of the summary for one outcome: "  loaded   5" -> 5
count_of() { sed -n "s/^  $1  *\([0-9][0-9]*\).*/\1/p" <<<"$OUT"; }
# what the store holds, ids included: equal snapshots mean nothing was written
snapshot() {
	q -c "SELECT count(*), coalesce(max(id), 0), (SELECT last_value FROM govreport.reports_id_seq),
	             coalesce(md5(string_agg(id || agency || year || report::text || document_id, ',' ORDER BY id)), '')
	      FROM govreport.reports" \
	  -c "SELECT count(*), (SELECT last_value FROM govreport.documents_id_seq),
	             coalesce(md5(string_agg(id || encode(sha256, 'hex') || parsed_by, ',' ORDER BY id)), '')
	      FROM govreport.documents" \
	  -c "SELECT (SELECT count(*) FROM govreport.t2_rows), (SELECT count(*) FROM govreport.t3_rows),
	             (SELECT count(*) FROM govreport.t4_rows), (SELECT count(*) FROM govreport.report_findings)"
}
empty_store() {
	q -c "TRUNCATE govreport.reports, govreport.documents, govreport.t2_rows, govreport.t3_rows,
	      govreport.t4_rows, govreport.report_findings RESTART IDENTITY" >/dev/null
}
# nothing half-written: every report has its document and the rows and
# findings its value calls for; every document belongs to one report
whole_store() {
	[ "$(q <<'SQL'
SELECT count(*) FROM govreport.reports r
WHERE r.document_id IS NULL
   OR (SELECT count(*) FROM govreport.t3_rows t WHERE t.report_id = r.id)
      <> (SELECT count(*) FROM (SELECT c.row_code FROM govreport.cells(r.report) c WHERE c.table_code = 't3'
                                GROUP BY c.row_code HAVING bool_and(c.state <> 'absent')) x)
   OR (SELECT count(*) FROM govreport.t4_rows t WHERE t.report_id = r.id)
      <> (SELECT count(*) FROM (SELECT c.row_code FROM govreport.cells(r.report) c WHERE c.table_code = 't4'
                                GROUP BY c.row_code HAVING bool_and(c.state <> 'absent')) x)
   OR (SELECT count(*) FROM govreport.report_findings f WHERE f.report_id = r.id AND f.source = 'parse')
      <> (SELECT count(*) FROM govreport.findings(r.report))
UNION ALL
SELECT count(*) FROM govreport.documents d
WHERE (SELECT count(*) FROM govreport.reports r WHERE r.document_id = d.id) <> 1
SQL
)" = "$(printf '0\n0')" ]
}
# every line of a --log file is JSON with the fields, of the right types
valid_log() {	# file, expected number of lines
	python3 - "$1" "$2" <<'PY'
import json, sys
keys = {"path": str, "sha256": (str, type(None)), "kind": (str, type(None)), "outcome": str,
        "dry_run": bool, "sqlstate": (str, type(None)), "message": (str, type(None)),
        "rules": (str, type(None)), "report_id": (int, type(None)), "document_id": (int, type(None)),
        "seconds": (int, float), "time": str}
outcomes = {"loaded", "already_present", "replaced", "rejected", "not_a_report", "unreadable", "empty",
            "unsupported", "too_large", "pdf_failed", "no_text_layer", "error"}
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == int(sys.argv[2]), "%d lines, expected %s" % (len(lines), sys.argv[2])
for line in lines:
    j = json.loads(line)
    assert set(j) == set(keys), sorted(set(j) ^ set(keys))
    for k, t in keys.items():
        assert isinstance(j[k], t), (k, j[k])
    assert j["outcome"] in outcomes, j["outcome"]
    assert j["sha256"] is None or len(j["sha256"]) == 64
    ok = j["outcome"] in ("loaded", "already_present", "replaced")
    assert ok == (j["report_id"] is not None), line
    assert (j["sqlstate"] is not None) == (j["outcome"] in ("rejected", "not_a_report", "error")) or j["outcome"] == "too_large", line
PY
}
outcomes_in_log() {	# file -> "outcome count" lines, sorted
	python3 -c '
import json, sys, collections
c = collections.Counter(json.loads(l)["outcome"] for l in open(sys.argv[1], encoding="utf-8"))
print(" ".join("%s=%d" % kv for kv in sorted(c.items())))' "$1"
}

dropdb --if-exists "$db" >/dev/null 2>&1
if ! createdb "$db" || ! q -c 'CREATE EXTENSION govreport' >/dev/null; then
	fail "a database with the extension"
	summary
	exit 1
fi

# ------------------------------------------------------------------ help, usage
run --help
check "--help documents every option" bash -c '[ '"$RC"' = 0 ] && for o in --jobs --strict --lenient --replace --agency --year --dry-run --log --pdf-timeout --dbname --host --port --username; do grep -q -- "$o" "$0" || exit 1; done' "$work/out"
run --no-such-option "$root/data"
check "an unknown option: exit status 2" test "$RC" = 2
run --agency X --year 2020 "$root/data/sample-report.txt" "$root/data/sample-2021.txt"
check "--agency with two files: exit status 2" test "$RC" = 2
run
check "no files: exit status 2" test "$RC" = 2
RC=0
"$LOADER" -d "host=$work/nowhere port=1 dbname=$db" "$root/data/sample-report.txt" >/dev/null 2>"$work/err" || RC=$?
check "no server: exit status 2, libpq's message" bash -c '[ '"$RC"' = 2 ] && grep -q "nowhere" "$0"' "$work/err"
RC=0
"$LOADER" -d template1 "$root/data/sample-report.txt" >/dev/null 2>"$work/err" || RC=$?
check "a database without the extension: exit status 2" bash -c '[ '"$RC"' = 2 ] && grep -q "govreport" "$0"' "$work/err"

# ------------------------------------------------------------------ the corpus
if [ -d "$corpus/docs" ]; then
	# The PDF first, on one connection: hongze-2023.layout.txt is that PDF's
	# pdftotext text, so it is then already present (the PDF named again
	# inside the directory is the same file and is read once).
	run -j 1 --lenient --log "$work/corpus1.jsonl" "$corpus/docs/hongze-2023.pdf" "$corpus/docs"
	check "corpus: exit status 0" test "$RC" = 0 || show
	check "corpus: 5 loaded, 1 already present (the PDF's own text)" \
		test "$(outcomes_in_log "$work/corpus1.jsonl")" = "already_present=1 loaded=5"
	check "corpus: the layout text is the one already present" \
		grep -q '"path":"[^"]*hongze-2023.layout.txt","sha256":"[0-9a-f]*","kind":"text","outcome":"already_present"' "$work/corpus1.jsonl"
	truth="$(python3 -c '
import json, glob, sys
print("\n".join(sorted("%s|%s" % (t["agency"], t["year"]) for t in (json.load(open(f)) for f in glob.glob(sys.argv[1] + "/*.json")))))' "$corpus/truth")"
	check "corpus: each report of the truth files stored exactly once" \
		test "$(q -c "SELECT agency || '|' || year FROM govreport.reports ORDER BY 1")" = "$truth"
	check "corpus: the PDF is stored as a PDF with its text layer" \
		test "$(q -c "SELECT d.kind, d.text_layer IS NOT NULL, substr(d.bytes, 1, 5) = '%PDF-'::bytea FROM govreport.documents d JOIN govreport.reports r ON r.document_id = d.id WHERE r.agency = '洪泽区人民政府'")" = "pdf|t|t"
	check "corpus: the kinds found from the bytes" \
		test "$(q -c "SELECT string_agg(kind, ',' ORDER BY source_name) FROM govreport.documents")" = "pdf,markdown,html,html,text"
	check "corpus: the stored documents are the files' bytes" \
		test "$(q -c "SELECT string_agg(encode(sha256, 'hex'), ',' ORDER BY source_name) FROM govreport.documents")" \
		= "$(cd "$corpus/docs" && sha256sum hongze-2023.pdf kewei-2024.md shanghai-2019.html shuyang-drc-2023.html xinjiang-2022.txt | cut -c1-64 | paste -sd,)"
	check "corpus: nothing half-written" whole_store
	check "corpus: the log is JSON, one line per file" valid_log "$work/corpus1.jsonl" 6
	before="$(snapshot)"
	run -j 2 --lenient --log "$work/corpus2.jsonl" "$corpus/docs"
	check "corpus, second run: exit status 0" test "$RC" = 0 || show
	check "corpus, second run: every file already present" \
		test "$(outcomes_in_log "$work/corpus2.jsonl")" = "already_present=6"
	check "corpus, second run: the summary says so" test "$(count_of 'already present')" = 6
	check "corpus, second run: nothing written (rows, ids, values)" test "$(snapshot)" = "$before"
	check "corpus, second run: the report ids are those stored" \
		test "$(python3 -c 'import json,sys; print(",".join(sorted(str(json.loads(l)["report_id"]) for l in open(sys.argv[1]))))' "$work/corpus2.jsonl")" \
		= "$(q -c "SELECT string_agg(id::text, ',' ORDER BY id::text) FROM govreport.reports r, generate_series(1, CASE WHEN agency = '洪泽区人民政府' THEN 2 ELSE 1 END)")"
elif [ "${CI:-}" = true ]; then
	fail "corpus: $corpus/docs is missing (CI=true)"
else
	skip "corpus: $corpus/docs is missing"
fi

# ------------------------------------------------------------------ kill -9, then resume
empty_store
python3 "$root/bench/gen_workload.py" "$work/w" --seed 7 >/dev/null 2>&1 || fail "bench/gen_workload.py"
mkdir -p "$work/typical"
ln -s "$work"/w/docs/*-typical-*.html "$work/typical/" 2>/dev/null
ntyp="$(find "$work/typical" -name '*.html' | wc -l)"
check "400 typical generated reports" test "$ntyp" = 400
"$LOADER" -d "$db" -j 2 "$work/typical" >"$work/killed.out" 2>&1 &
loader_pid=$!
disown "$loader_pid"	# (no "Killed" line from the shell)
stored=0
for _ in $(seq 1 600); do
	stored="$(q -c 'SELECT count(*) FROM govreport.reports')"
	[ "$stored" -ge 40 ] && break
	kill -0 "$loader_pid" 2>/dev/null || break
	sleep 0.02
done
kill -9 "$loader_pid" 2>/dev/null
while kill -0 "$loader_pid" 2>/dev/null; do sleep 0.05; done
loader_pid=
sleep 0.5	# the backends notice their client is gone and roll back
stored="$(q -c 'SELECT count(*) FROM govreport.reports')"
check "kill -9: killed in the middle ($stored of 400 stored)" test "$stored" -gt 0 -a "$stored" -lt 400
check "kill -9: what was stored is whole" whole_store
run -j 2 --log "$work/resume.jsonl" "$work/typical"
check "resume: exit status 0" test "$RC" = 0 || show
check "resume: every report exactly once" \
	test "$(q -c "SELECT count(*), count(DISTINCT (agency, year)), count(DISTINCT document_id) FROM govreport.reports")" = "400|400|400"
check "resume: the reports stored before the kill are already present, the rest loaded" \
	test "$(outcomes_in_log "$work/resume.jsonl")" = "already_present=$stored loaded=$((400 - stored))"
check "resume: nothing half-written" whole_store
check "resume: the log is JSON" valid_log "$work/resume.jsonl" 400
check "resume: no loader session left on the server" \
	test "$(q -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'govreport-load'")" = 0

# ------------------------------------------------------------------ bad files
bad="$work/bad"
mkdir -p "$bad/sub"
cp "$root/data/sample-report.txt" "$root/data/sample-2021.txt" "$bad/"
: >"$bad/empty.txt"
printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00' >"$bad/photo.jpg"
head -c 2000 /dev/urandom >>"$bad/photo.jpg"
truncate -s 200M "$bad/huge.html"	# sparse: costs nothing, and is never read
printf '%%PDF-1.4\nthis is not a PDF at all\n' >"$bad/broken.pdf"
python3 - "$bad/scan.pdf" <<'PY'
# a valid PDF of one empty page: no text layer
import sys
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
out, offs = bytearray(b"%PDF-1.4\n"), []
for i, o in enumerate(objs, 1):
    offs.append(len(out))
    out += b"%d 0 obj\n%s\nendobj\n" % (i, o)
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
PY
printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>招聘公告</title></head><body><h1>招聘公告</h1><p>本单位招聘工作人员三名。</p></body></html>\n' >"$bad/job.html"
ln -s "$bad/gone.txt" "$bad/dangling.txt"
mkfifo "$bad/pipe.txt"
ln -s .. "$bad/sub/loop"
run -j 2 --log "$work/bad.jsonl" "$bad"
check "bad files: exit status 1" test "$RC" = 1 || show
check "bad files: the two reports load" test "$(count_of loaded)" = 2
expect_line() {	# file name, what its line says
	grep -q -- "^$bad/$1: $2" <<<"$ERR" || { echo "    no line \"$1: $2\" in:"; sed 's/^/      /' <<<"$ERR"; return 1; }
}
check "bad files: empty" expect_line empty.txt "empty: the file is empty"
check "bad files: a JPEG" expect_line photo.jpg "unsupported format: a JPEG image"
check "bad files: 200 MB over govreport.max_document_size" \
	expect_line huge.html "too large: 209715200 bytes, over govreport.max_document_size (134217728 bytes)"
check "bad files: pdftotext fails" expect_line broken.pdf "pdftotext failed: pdftotext failed (exit status 1)"
check "bad files: a PDF without text" expect_line scan.pdf "PDF without a text layer: "
check "bad files: not a report" expect_line job.html "not a report: document is not a government information disclosure annual report"
check "bad files: a dangling symlink is unreadable" expect_line dangling.txt "unreadable: No such file or directory"
check "bad files: a FIFO is unreadable (and is not opened)" expect_line pipe.txt "unreadable: a FIFO, not a file"
check "bad files: the symlink loop is noticed, not followed" grep -q "sub/loop: directory already visited" <<<"$ERR"
check "bad files: one line per bad file, nothing else" test "$(grep -c "^$bad/" <<<"$ERR")" = 8
check "bad files: the summary counts them" \
	bash -c '[ "$(sed -n "s/^  not a report  *//p" <<<"$0")" = 1 ] && [ "$(sed -n "s/^  unreadable  *//p" <<<"$0")" = 2 ]' "$OUT"
check "bad files: the log is JSON" valid_log "$work/bad.jsonl" 10
check "bad files: the log names the outcomes" \
	test "$(outcomes_in_log "$work/bad.jsonl")" = "empty=1 loaded=2 no_text_layer=1 not_a_report=1 pdf_failed=1 too_large=1 unreadable=2 unsupported=1"

# pdftotext's limits, with stand-ins on PATH: one that never finishes, one
# whose text never ends (under a 1 MB govreport.max_document_size)
mkdir -p "$work/fake/hang" "$work/fake/flood"
printf '#!/bin/sh\nexec sleep 30\n' >"$work/fake/hang/pdftotext"
printf '#!/bin/sh\nexec yes 政府信息公开工作年度报告\n' >"$work/fake/flood/pdftotext"
chmod +x "$work/fake/hang/pdftotext" "$work/fake/flood/pdftotext"
cp "$bad/broken.pdf" "$work/fake/a.pdf"
t0=$SECONDS
RC=0
PATH="$work/fake/hang:$PATH" "$LOADER" -d "$db" --pdf-timeout 1 "$work/fake/a.pdf" >/dev/null 2>"$work/err" || RC=$?
check "pdftotext that never finishes: killed after --pdf-timeout, reported" \
	bash -c '[ '"$RC"' = 1 ] && [ '"$((SECONDS - t0))"' -lt 10 ] && grep -q "a.pdf: pdftotext failed: pdftotext did not finish within 1 s" "$0"' "$work/err"
check "pdftotext that never finishes: no process left" bash -c '! pgrep -f "^sleep 30$" >/dev/null'
RC=0
PATH="$work/fake/flood:$PATH" PGOPTIONS="-c govreport.max_document_size=1MB" "$LOADER" -d "$db" "$work/fake/a.pdf" >/dev/null 2>"$work/err" || RC=$?
check "pdftotext whose text never ends: stopped at govreport.max_document_size" \
	bash -c '[ '"$RC"' = 1 ] && grep -q "a.pdf: too large: the PDF.s text is over govreport.max_document_size (1048576 bytes)" "$0"' "$work/err"
check "pdftotext whose text never ends: no process left" bash -c '! pgrep -x yes >/dev/null'

# a report that breaks an identity: rejected, with its rule counted
run "$root/data/sample-2023.txt"
check "strict: a broken report is rejected (23514), exit status 1" \
	bash -c '[ '"$RC"' = 1 ] && grep -q "rejected by identities (23514)  *1 (t4_sum 1)" <<<"$0"' "$OUT"

# ------------------------------------------------------------------ --dry-run
ls "$work"/w/docs/*-text-*.txt | head -5 >"$work/five"
before="$(q -c 'SELECT count(*) FROM govreport.reports UNION ALL SELECT count(*) FROM govreport.documents UNION ALL SELECT count(*) FROM govreport.t3_rows')"
# the rejected one first: a dry run's failed transaction must not take the next ones with it
run --dry-run --log "$work/dry.jsonl" "$root/data/sample-2023.txt" - <"$work/five"
check "--dry-run: exit status 1 (one rejected)" test "$RC" = 1 || show
check "--dry-run: the five would load, the broken one is rejected" \
	test "$(outcomes_in_log "$work/dry.jsonl")" = "loaded=5 rejected=1"
check "--dry-run: the log says dry_run" bash -c '[ "$(grep -c "\"dry_run\":true" "$0")" = 6 ]' "$work/dry.jsonl"
check "--dry-run: nothing stored" \
	test "$(q -c 'SELECT count(*) FROM govreport.reports UNION ALL SELECT count(*) FROM govreport.documents UNION ALL SELECT count(*) FROM govreport.t3_rows')" = "$before"
check "--dry-run: the summary says so" grep -q "dry run: nothing was stored" <<<"$OUT"

# ------------------------------------------------------------------ kinds from the bytes, not the names
kinds="$work/kinds"
mkdir -p "$kinds"
python3 - "$kinds" "$root/data/sample-2021.txt" <<'PY'
import sys, zipfile
d, sample = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
page = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><pre>%s</pre></body></html>" % sample
open(d + "/a.bin", "wb").write(b"\xff\xfe" + page.encode("utf-16-le"))   # UTF-16 HTML
open(d + "/b.bin", "wb").write(page.encode("gb18030"))                    # GB18030 HTML
with zipfile.ZipFile(d + "/c.bin", "w") as z:                              # .docx
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("word/document.xml", "<w:document/>")
with zipfile.ZipFile(d + "/d.bin", "w") as z:                              # another zip
    z.writestr("x.txt", "x")
open(d + "/e.bin", "wb").write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # legacy .doc
open(d + "/f.bin", "w", encoding="utf-8").write("| 项目 | 数量 |\n|---|---|\n| 收到 | 1 |\n")  # Markdown
open(d + "/g.bin", "w", encoding="utf-8").write(sample)                     # text
PY
if [ -f "$corpus/docs/hongze-2023.pdf" ]; then
	pdftotext -bbox-layout "$corpus/docs/hongze-2023.pdf" "$kinds/h.bin"
	expect_kinds="html html docx - doc markdown text bbox"
else
	expect_kinds="html html docx - doc markdown text"
fi
run --dry-run --log "$work/kinds.jsonl" "$kinds"
check "kinds from the bytes: UTF-16 and GB18030 HTML, .docx, not a zip, .doc, Markdown, text, bbox XHTML" \
	test "$(python3 -c '
import json, sys
print(" ".join(j["kind"] or "-" for j in sorted((json.loads(l) for l in open(sys.argv[1])), key=lambda j: j["path"])))' "$work/kinds.jsonl")" = "$expect_kinds"
check "a zip that is not a Word document is refused on the client" \
	grep -q "d.bin: unsupported format: a zip archive that is not a Word document" <<<"$ERR"

# ------------------------------------------------------------------ stdin, URI, --lenient, --agency/--year, --replace
run - <"$work/five"
check "a list on standard input: 5 loaded" test "$RC:$(count_of loaded)" = "0:5"
RC=0
env -u PGHOST -u PGPORT -u PGUSER "$LOADER" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$db" -v "$(head -n 1 "$work/five")" \
	>/dev/null 2>"$work/err" || RC=$?
check "-h -p -U without PG* variables; -v: a line for a file already present too" \
	bash -c '[ '"$RC"' = 0 ] && grep -q ": already present$" "$0"' "$work/err"
run -d "postgresql:///$db?host=$PGHOST&port=$PGPORT" --lenient "$root/data/sample-2023.txt"
check "-d URI, --lenient: the broken report is stored with its failures" \
	test "$RC:$(q -c "SELECT r.strict, count(*) FROM govreport.reports r JOIN govreport.report_findings f ON f.report_id = r.id AND f.source = 'check' WHERE r.year = 2023 AND r.agency = '示例机关' GROUP BY r.strict")" = "0:f|1"
sed 's/示例机关/另一机关/' "$root/data/sample-2023.txt" >"$work/other.txt"
run --lenient --agency 覆盖机关 --year 2031 "$work/other.txt"
check "--agency/--year: stored under the names given" \
	test "$RC:$(q -c "SELECT count(*) FROM govreport.reports WHERE agency = '覆盖机关' AND year = 2031")" = "0:1"
n_docs="$(q -c 'SELECT count(*) FROM govreport.documents')"
{ cat "$root/data/sample-report.txt"; echo "（本报告已更正）"; } >"$work/corrected.txt"
run --replace --log "$work/replace.jsonl" "$work/corrected.txt"
check "--replace: replaced, the old document gone with its report" \
	test "$RC:$(outcomes_in_log "$work/replace.jsonl"):$(q -c 'SELECT count(*) FROM govreport.documents')" = "0:replaced=1:$n_docs"
check "--replace: the report's document is the new file" \
	test "$(q -c "SELECT d.source_name FROM govreport.reports r JOIN govreport.documents d ON d.id = r.document_id WHERE r.agency = '示例机关' AND r.year = 2022")" = "$work/corrected.txt"
run "$root/data/sample-report.txt"
check "without --replace: another document of a stored agency-year is an error (23505)" \
	bash -c '[ '"$RC"' = 1 ] && grep -q "other errors  *1 (23505 1)" <<<"$0"' "$OUT"
# a file name that is not UTF-8 (GBK 报告.txt): stored and logged with \xNN escapes
gbk="$work/$(printf '\xb1\xa8\xb8\xe6').txt"
cp "$(ls "$work"/w/docs/*-text-*.txt | tail -n 1)" "$gbk"
run --log "$work/gbk.jsonl" "$gbk"
check "a file name in GBK: loaded, its name stored with \\xNN escapes" \
	test "$RC:$(q -c "SELECT count(*) FROM govreport.documents WHERE source_name = '$work/\\xB1\\xA8\\xB8\\xE6.txt'")" = "0:1"
check "a file name in GBK: the log has the same name" \
	test "$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["path"])' "$work/gbk.jsonl")" = "$work/\xB1\xA8\xB8\xE6.txt"
check "everything stored is whole" whole_store

# ------------------------------------------------------------------ two loaders on the same files at once
ls "$work"/w/docs/*-text-*.txt | sed -n 10,69p >"$work/sixty"
"$LOADER" -d "$db" -j 2 --log "$work/twin1.jsonl" - <"$work/sixty" >/dev/null 2>&1 &
twin=$!
RC=0
"$LOADER" -d "$db" -j 2 --log "$work/twin2.jsonl" - <"$work/sixty" >/dev/null 2>&1 || RC=$?
wait "$twin" || RC=$?
check "two loaders at once: both exit 0, each file loaded by one and already present for the other" \
	test "$RC:$(cat "$work/twin1.jsonl" "$work/twin2.jsonl" >"$work/twins.jsonl"; outcomes_in_log "$work/twins.jsonl")" \
	= "0:already_present=60 loaded=60"
check "two loaders at once: nothing stored twice, nothing half-written" whole_store

# ------------------------------------------------------------------ the progress line
RC=0
script -qec "$LOADER -d $db -j 2 $work/typical" "$work/tty.txt" >/dev/null 2>&1 || RC=$?
check "on a terminal: a progress line (done/total, reports/s, ETA, failed)" \
	grep -qE '[0-9]+/400  [0-9]+ reports/s  ETA [0-9]+ s  0 failed' "$work/tty.txt"
run -j 2 "$work/typical"
check "not on a terminal: no progress line" bash -c '! grep -q "reports/s" "$0" && ! grep -q $'"'"'\r'"'"' "$0"' "$work/err"
check "not on a terminal: 400 already present" test "$(count_of 'already present')" = 400

summary
[ "$failed" -eq 0 ]
