#!/usr/bin/env bash
# Hostile input (issue 16), timed: every shape that kept a backend busy
# returns within 2 s of a 2 s statement_timeout or is refused at once, a
# pg_cancel_backend / pg_terminate_backend lands within 1 s, the binary
# receive function refuses what out could not print, and a database in
# another encoding cannot install the extension.
#   bash test/load/hostile.sh
# Uses the server in PGHOST/PGPORT (or starts one, as root).  Build and
# install the extension first.  Last line: "hostile: N passed, N failed".
set -uo pipefail
# shellcheck source=test/load/lib.sh
source "$(cd "$(dirname "$0")" && pwd)/lib.sh"

gr_load_cluster || { echo "hostile: 0 passed, 1 failed"; exit 1; }
db=gr_hostile
gr_load_db "$db" || { echo "hostile: 0 passed, 1 failed"; exit 1; }
work="$(mktemp -d /tmp/govreport-hostile.XXXXXX)"
chmod 755 "$work"
GR_LOAD_CLEANUP+=("rm -rf $work")

# ------------------------------------------------------------------ inputs
python3 - "$work" <<'EOF'
import sys
d = sys.argv[1]
def w(name, s):
    with open(f"{d}/{name}", "w") as f:
        f.write(s)
def attrs(n, fmt="a{}=1"):
    return " ".join(fmt.format(i) for i in range(n))
bbox_head = ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head></head><body><doc>'
             '<page width="595" height="842"><flow><block><line>')
bbox_tail = '</line></block></flow></page></doc></body></html>'
w("attr200k.html", "<html><body><a " + attrs(200000) + ">x</a></body></html>")
w("attr2m.html", "<html><body><a " + attrs(2000000) + ">x</a></body></html>")
w("bbox100k.html", bbox_head + '<word xMin="1" yMin="1" xMax="2" yMax="2" ' + attrs(100000, 'a{}="1"')
  + ">x</word>" + bbox_tail)
w("dtd100k.html", '<?xml version="1.0"?><!-- <doc> --><!DOCTYPE html [<!ATTLIST word '
  + " ".join(f'a{i} CDATA "1"' for i in range(100000)) + '>]>' + bbox_head[21:]
  + '<word xMin="1" yMin="1" xMax="2" yMax="2">x</word>' * 5000 + bbox_tail)
w("endp400k.html", "<html><body>" + "</p>" * 400000 + "</body></html>")
w("deep.html", "<html><body>" + "<div>" * 100000 + "</p>" * 400000)
w("amp20m.html", "<html><body>" + "&" * 20000000 + "</body></html>")
# tokens the push parser waits for the end of: an unterminated comment,
# CDATA section, script body; 10 million entity references
w("comment.html", "<html><body><!--" + "x" * 20000000)
w("cdata.html", "<html><body><![CDATA[" + "x" * 20000000)
w("script.html", "<html><body><script>" + "x<" * 10000000)
w("entref.html", "<html><body>" + "&a" * 10000000)
# the worst shapes under the limits: 505 open elements and 5 million end
# tags; 20 MB of tags with 255 attributes each (HTML and XHTML)
w("endtags.html", "<html><body>" + "<div>" * 505 + "</p>" * 5000000)
t = "<a " + attrs(255) + ">x</a>"
w("attrtags.html", "<html><body>" + t * (20000000 // len(t)))
t = '<word xMin="1" yMin="1" xMax="2" yMax="2" ' + attrs(250, 'a{}="1"') + ">x</word>"
w("bboxtags.html", bbox_head + t * (20000000 // len(t)) + bbox_tail)
# a text document that is one pipe row of 15 million cells: its cells
# were read with no cancel let in for 9 s (a row has at most 512 now)
head = "敌意局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
w("pipe1line.txt", head + "| 1 " * 15000000)
EOF
chmod 644 "$work"/*

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# ------------------------------------------- every shape under a timeout
# name, file, what the error must be: returns within 4 s under a 2 s timeout
timed() {
	local name="$1" file="$2" want="$3" t0 out secs
	t0="$(now)"
	out="$(psql -X -At -d "$db" -c "SET statement_timeout = '2s'" \
		-c "SELECT govreport.template(govreport.parse(pg_read_binary_file('$work/$file')))" 2>&1)"
	secs="$(elapsed "$t0")"
	printf '%-14s %6.2f s  %s\n' "$name" "$secs" "$(echo "$out" | grep -m1 ERROR | cut -c1-100)"
	check "$name returns within 2 s of the timeout" lt "$secs" 4
	check "$name: $want" grep -q "$want" <<<"$out"
}
timed attr200k attr200k.html "more than 256 attributes"
timed attr2m attr2m.html "more than 256 attributes"
timed bbox100k bbox100k.html "<word> at byte offset"
timed dtd100k dtd100k.html "<!ATTLIST> declarations"
timed endp400k endp400k.html "ERROR"	# 0.2-0.8 s: read, no report in it
timed deep deep.html "more than 512 HTML elements are open"
timed amp20m amp20m.html "canceling statement due to statement timeout"
timed comment comment.html "ERROR"
timed cdata cdata.html "ERROR"
timed script script.html "ERROR"
timed entref entref.html "ERROR"
timed endtags endtags.html "ERROR"
timed attrtags attrtags.html "ERROR"
timed bboxtags bboxtags.html "ERROR"
timed pipe1line pipe1line.txt "^2021$"	# read as text, in well under a second

# refused at once: under a second without any timeout
quick() {
	local name="$1" file="$2" t0 secs
	t0="$(now)"
	psql -X -At -d "$db" -c "SELECT govreport.parse(pg_read_binary_file('$work/$file'))" >/dev/null 2>&1
	secs="$(elapsed "$t0")"
	printf '%-14s %6.2f s  (no timeout)\n' "$name" "$secs"
	check "$name is refused at once" lt "$secs" 1
}
quick attr2m attr2m.html
quick bbox100k bbox100k.html
quick deep deep.html
quick dtd100k dtd100k.html

# report_in of a 240 MB canonical text (12 s, 4.2 GB and XX000 before):
# 54000 as soon as it is called; building the text takes PostgreSQL a
# second or two
q -d "$db" -c "CREATE TABLE skel AS SELECT regexp_replace(govreport.parse(
	E'敌意局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n')::text,
	'\"findings\":\\[.*\\]\\}\$', '\"findings\":[]}') AS t"
t0="$(now)"
out="$(psql -X -At -d "$db" -c "SET statement_timeout = '10s'" \
	-c "SELECT (replace(t, '\"findings\":[]}', '\"findings\":[{\"code\":\"c\",\"location\":\"\",\"message\":\"'
		|| repeat('m', 240000000) || '\",\"values\":[]}]}'))::govreport.report FROM skel" 2>&1)"
secs="$(elapsed "$t0")"
printf '%-14s %6.2f s  %s\n' report_in240m "$secs" "$(echo "$out" | grep -m1 ERROR)"
check "report_in of 240 MB returns before a 10 s timeout" lt "$secs" 10
check "report_in of 240 MB: 54000" grep -q "the canonical text is 240[0-9]* bytes; the limit is 16777216 bytes" <<<"$out"

# ----------------------------------------------------- cancel, terminate
# how: pg_cancel_backend or pg_terminate_backend; the parse must end within 1 s
stopped() {
	local name="$1" file="$2" how="$3" pid bg t0 secs i
	psql -X -At -d "$db" -c "SELECT 'hostile-$name', govreport.parse(pg_read_binary_file('$work/$file'))" \
		>"$work/$name.out" 2>&1 &
	bg=$!
	pid=""
	for i in $(seq 1 50); do
		pid="$(q -d "$db" -c "SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT ''hostile-$name''%' AND state = 'active'")"
		[ -n "$pid" ] && break
		sleep 0.1
	done
	sleep 1	# well inside libxml2 by now
	t0="$(now)"
	q -d "$db" -c "SELECT $how($pid)" >/dev/null
	wait "$bg"
	secs="$(elapsed "$t0")"
	printf '%-14s %6.2f s after %s  %s\n' "$name" "$secs" "$how" "$(grep -m1 -E 'ERROR|FATAL' "$work/$name.out")"
	check "$name: $how lands within 1 s" lt "$secs" 1
	check "$name: $how ended the statement" grep -qE "canceling statement due to user request|terminating connection" "$work/$name.out"
}
stopped amp-cancel amp20m.html pg_cancel_backend
stopped amp-terminate amp20m.html pg_terminate_backend
stopped endtags-cancel endtags.html pg_cancel_backend
check "the server still answers" test "$(q -d "$db" -c "SELECT 1")" = 1

# ---------------------------------------------- binary values (recv)
# A report's binary form, with findings appended or fields changed, sent
# through COPY ... (FORMAT binary).
q -d "$db" -c "CREATE TABLE v (r govreport.report)" -c "INSERT INTO v SELECT govreport.parse(
	E'敌意局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n')"
psql -X -q -d "$db" -c "\\copy v TO '$work/base.copy' (FORMAT binary)"
python3 - "$work" <<'EOF'
import struct, sys
d = sys.argv[1]
raw = open(f"{d}/base.copy", "rb").read()
head = raw[:19]                  # signature, flags, extension length
n = struct.unpack(">i", raw[21:25])[0]
val = bytearray(raw[25:25 + n])
def copy(name, value):
    with open(f"{d}/{name}.copy", "wb") as f:
        f.write(head + struct.pack(">hi", 1, len(value)) + bytes(value) + struct.pack(">h", -1))
def bstr(s):
    return struct.pack(">I", len(s)) + s
# walk to the finding count
pos = 6
plen = val[pos]; pos += 1 + plen
for _ in range(2):
    ln = struct.unpack(">I", val[pos:pos + 4])[0]; pos += 4 + (0 if ln == 0xFFFFFFFF else ln)
pub_at = 7
ncells = struct.unpack(">H", val[pos:pos + 2])[0]; cells_at = pos + 2; pos = cells_at + 14 * ncells
nf = struct.unpack(">I", val[pos:pos + 4])[0]
def with_findings(msgs):
    v = bytearray(val)
    v[pos:pos + 4] = struct.pack(">I", nf + len(msgs))
    for m in msgs:
        v += bstr(b"c") + bstr(b"") + bstr(m) + struct.pack(">H", 0)
    return v
copy("msg185m", with_findings([b"m" * (185 << 20)]))
copy("msg17m", with_findings([b"m" * (17 << 20)]))
copy("two9m", with_findings([b"m" * (9 << 20), b"m" * (9 << 20)]))
copy("ctl3m", with_findings([b"\x01" * (3 << 20)]))    # 18 MB once escaped
v = bytearray(val)
if plen == 0:                    # give it a date slot to corrupt
    v[6:7] = b"\x0a" + b"2023-01-01"
    pos2 = 7
else:
    pos2 = 7
copy("good_date", v)
for name, date in (("feb31", b"2023-02-31"), ("year0000", b"0000-01-01")):
    w = bytearray(v); w[pos2:pos2 + 10] = date; copy(name, w)
shift = 10 if plen == 0 else 0
w = bytearray(v); c = cells_at + shift; w[c + 10:c + 14] = struct.pack(">I", 0xFFFFFFFF); copy("line", w)
w = bytearray(v); w[1] = 0; copy("tid0", w)
open(f"{d}/fill.txt", "w").write(str(len(val)))
EOF
recv() {	# name, file, expected text in the error (or "ok")
	local out
	out="$(psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "CREATE TEMP TABLE r (r govreport.report)" \
		-c "\\copy r FROM '$work/$2.copy' (FORMAT binary)" 2>&1)"
	if [ "$3" = ok ]; then
		check "recv $1 accepted" test -z "$out"
	else
		check "recv $1: $3" grep -q "$3" <<<"$out"
	fi
	[ -n "$out" ] && echo "  $1: $(echo "$out" | grep -m1 -E 'ERROR|DETAIL')"
}
recv "185 MB message" msg185m "a value's canonical text form is at most 16777216 bytes"
recv "17 MB message" msg17m "a value's canonical text form is at most"
recv "two 9 MB messages" two9m "canonical text form would be"
recv "3 MB of control characters" ctl3m "canonical text form would be"
recv "a date" good_date ok
recv "2023-02-31" feb31 "is not a YYYY-MM-DD date of the calendar"
recv "0000-01-01" year0000 "is not a YYYY-MM-DD date of the calendar"
recv "line 4294967295" line "line 4294967295 exceeds 2147483647"
recv "template id 0" tid0 "template id at byte 1 is 0"

# at the limit: a value whose text form is exactly 16 MB is stored, dumped
# and restored, and its text form reads back
q -d "$db" <<'SQL'
CREATE TABLE big (r govreport.report);
INSERT INTO big
SELECT (replace(t, '"findings":[]}', '"findings":[{"code":"c","location":"","message":"'
        || repeat('m', 16777216 - octet_length(t) - octet_length('{"code":"c","location":"","message":"","values":[]}'))
        || '","values":[]}]}'))::govreport.report
FROM (SELECT regexp_replace(r::text, '"findings":\[.*\]\}$', '"findings":[]}') AS t FROM v) s;
SQL
check "a 16 MB text form is stored" test "$(q -d "$db" -c "SELECT octet_length(r::text) FROM big")" = 16777216
psql -X -q -d "$db" -c "\\copy big TO '$work/big.copy' (FORMAT binary)"
q -d "$db" -c "CREATE TABLE big2 (r govreport.report)"
psql -X -q -d "$db" -c "\\copy big2 FROM '$work/big.copy' (FORMAT binary)"
check "it goes through COPY (FORMAT binary) and back" test "$(q -d "$db" -c "SELECT count(*) FROM big JOIN big2 ON big.r::text = big2.r::text")" = 1
dropdb --if-exists gr_hostile_restore >/dev/null 2>&1
createdb gr_hostile_restore && GR_LOAD_CLEANUP+=("dropdb --if-exists gr_hostile_restore")
q -d gr_hostile_restore -c "CREATE EXTENSION govreport"
pg_dump -d "$db" -t big -f "$work/big.sql"
check "pg_dump of the table holding it succeeds" test -s "$work/big.sql"
check "its dump restores" psql -X -q -o /dev/null -v ON_ERROR_STOP=1 -d gr_hostile_restore -f "$work/big.sql"
check "the restored value is the same" test "$(q -d gr_hostile_restore -c "SELECT md5(r::text) FROM big")" = \
	"$(q -d "$db" -c "SELECT md5(r::text) FROM big")"

# --------------------------------------------------------------- settings
# a non-superuser's SET before the library loads is dropped when it loads
q -d "$db" -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS gr_hostile_user" -c "CREATE ROLE gr_hostile_user LOGIN" \
	-c "GRANT govreport_reader TO gr_hostile_user"
GR_LOAD_CLEANUP+=("psql -X -q -d postgres -c 'DROP ROLE IF EXISTS gr_hostile_user'")
out="$(psql -X -At -d "$db" -U gr_hostile_user -c "SET govreport.max_document_size = '1GB'" \
	-c "SELECT count(*) FROM govreport.rules()" -c "SHOW govreport.max_document_size" 2>&1)"
check "a non-superuser's early SET is refused at load" grep -q 'permission denied to set parameter' <<<"$out"
check "the limit stays 128MB" test "$(tail -n 1 <<<"$out")" = 128MB
out="$(psql -X -At -d "$db" -U gr_hostile_user -c "SELECT count(*) FROM govreport.rules()" \
	-c "SET govreport.max_table_rows = 2000000000" 2>&1)"
check "a non-superuser cannot raise max_table_rows" grep -q 'permission denied to set parameter' <<<"$out"
q -d "$db" -c "DROP OWNED BY gr_hostile_user" -c "DROP ROLE gr_hostile_user"

# ------------------------------------------------------------- encodings
for enc in EUC_CN LATIN1 SQL_ASCII; do
	edb="gr_hostile_$(echo "$enc" | tr 'A-Z' 'a-z')"
	dropdb --if-exists "$edb" >/dev/null 2>&1
	createdb -E "$enc" -T template0 --locale=C "$edb" || { check "createdb $enc" false; continue; }
	GR_LOAD_CLEANUP+=("dropdb --if-exists $edb")
	out="$(psql -X -At -d "$edb" -c "CREATE EXTENSION govreport" 2>&1)"
	echo "  $enc: $(echo "$out" | head -n 1)"
	check "CREATE EXTENSION is refused under $enc" grep -qE "requires a database with encoding UTF8|has no equivalent in encoding" <<<"$out"
	check "nothing is installed under $enc" test "$(q -d "$edb" -c "SELECT count(*) FROM pg_extension WHERE extname = 'govreport'")" = 0
	dropdb "$edb"
done

echo "hostile: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
