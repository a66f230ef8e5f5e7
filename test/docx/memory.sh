#!/usr/bin/env bash
# Memory over failing .docx parses, in a fresh backend each:
#
#   bash test/docx/memory.sh failing [N]   N parses (default 1000) of the hostile
#       containers of test/fixtures/docx/containers.py (a zip bomb under a 1 MB
#       govreport.max_document_size, a lying size, encryption, truncation,
#       damaged data, no document.xml, malformed XML, a legacy .doc), each
#       with its SQLSTATE checked;
#   bash test/docx/memory.sh cancel [N]    N parses (default 100) of a slow
#       container cancelled by statement_timeout at 20 points (inflating,
#       reading the XML, lexing), after a warm-up round of 20.
#
# The backend's resident memory may grow by at most GR_DOCX_RSS_LIMIT_KB
# (default 1024) between the warm-up and the end.  libzip and libxml2
# allocate with malloc: what an error or a cancel left open would show.  The
# measured parses use little memory, so the heap's high-water mark cannot
# hide a leak.  Uses the server in PGHOST/PGPORT; prints "ok ..." or
# "FAIL ..." and exits 0 or 1.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT" || exit 1
mode="${1:-failing}"
limit_kb="${GR_DOCX_RSS_LIMIT_KB:-1024}"
c() { python3 test/fixtures/docx/containers.py "$1"; }
rss='\! echo "rss $(awk '"'"'/^VmRSS/ {print $2}'"'"' /proc/$GR_PID/status)"'

case "$mode" in
	failing)
		n="${2:-1000}"
		what="$n failing .docx parses"
		script="SET govreport.max_document_size = '1MB';
CREATE TEMP TABLE hostile (id int, bytes bytea, want text);
INSERT INTO hostile VALUES
    (0, decode(:'bomb', 'base64'), '54000'), (1, decode(:'lying', 'base64'), '22P02'),
    (2, decode(:'encrypted', 'base64'), '22023'), (3, decode(:'truncated', 'base64'), '22P02'),
    (4, decode(:'corrupt', 'base64'), '22P02'), (5, decode(:'nodocument', 'base64'), '22023'),
    (6, decode(:'malformed', 'base64'), '22P02'), (7, decode(:'doc', 'base64'), '22023');
CREATE FUNCTION pg_temp.fail_parses(times int) RETURNS int LANGUAGE plpgsql AS \$\$
DECLARE
    h record;
    wrong int := 0;
BEGIN
    FOR i IN 1..times LOOP
        SELECT * INTO h FROM hostile WHERE id = i % 8;
        BEGIN
            PERFORM govreport.parse(h.bytes);
            wrong := wrong + 1;
        EXCEPTION WHEN others THEN
            IF SQLSTATE <> h.want THEN
                wrong := wrong + 1;
            END IF;
        END;
    END LOOP;
    RETURN wrong;
END \$\$;
SELECT 'wrong ' || pg_temp.fail_parses($((n / 5)));
$rss
SELECT 'wrong ' || pg_temp.fail_parses($n);
$rss"
		vars=(-v bomb="$(c bomb)" -v lying="$(c lying)" -v encrypted="$(c encrypted)" -v truncated="$(c truncated)"
			-v corrupt="$(c corrupt)" -v nodocument="$(c nodocument)" -v malformed="$(c malformed)" -v doc="$(c doc)")
		;;
	cancel)
		n="${2:-100}"
		what="$n cancelled .docx parses"
		script="CREATE TEMP TABLE slow AS SELECT decode(:'slow', 'base64') AS bytes;
CREATE TEMP TABLE cancels AS
SELECT format('SET statement_timeout = %s', 5 + 4 * (i % 20)) AS timeout,
       'SELECT govreport.parse(bytes) FROM slow' AS parse, i
  FROM generate_series(0, $((n + 19))) AS i;
\\set ON_ERROR_STOP 0
SELECT timeout, parse FROM cancels WHERE i < 20 ORDER BY i \\gexec
RESET statement_timeout;
$rss
SELECT timeout, parse FROM cancels WHERE i >= 20 ORDER BY i \\gexec
RESET statement_timeout;
$rss"
		vars=(-v slow="$(c slow)")
		;;
	*)
		echo "usage: memory.sh failing|cancel [N]" >&2
		exit 2
		;;
esac

out="$(psql -X -q -At -v ON_ERROR_STOP=1 "${vars[@]}" 2>&1 <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govreport;
SELECT pg_backend_pid() AS pid \\gset
\\setenv GR_PID :pid
$script
SQL
)"
rc=$?
mapfile -t rs < <(sed -n 's/^rss \([0-9][0-9]*\)$/\1/p' <<<"$out")
if [ "$rc" -ne 0 ] || [ "${#rs[@]}" -ne 2 ]; then
	echo "FAIL memory over $what: the run broke"
	tail -n 5 <<<"$out"
	exit 1
fi
before="${rs[0]}" after="${rs[1]}"
growth=$((after - before))
if [ "$mode" = failing ]; then
	wrong="$(awk '/^wrong [0-9]+$/ {n += $2} END {print n + 0}' <<<"$out")"
	if [ "$wrong" -ne 0 ]; then
		echo "FAIL memory over $what: $wrong parses did not fail with their SQLSTATE"
		exit 1
	fi
	note="each with its SQLSTATE"
else
	cancels="$(grep -c 'canceling statement due to statement timeout' <<<"$out")"
	# a parse that finishes first fails as no report
	others="$(grep 'ERROR' <<<"$out" | grep -vc -e 'canceling statement due to statement timeout' \
		-e 'document is not a government information disclosure annual report')"
	if [ "$cancels" -lt $(((n + 20) / 2)) ] || [ "$others" -ne 0 ]; then
		echo "FAIL memory over $what: $cancels of $((n + 20)) parses cancelled, $others other errors"
		grep ERROR <<<"$out" | sort | uniq -c | head -n 5
		exit 1
	fi
	note="$cancels of $((n + 20)) cancelled"
fi
if [ "$growth" -gt "$limit_kb" ]; then
	echo "FAIL memory over $what ($note): RSS grew by $growth kB (from $before kB), more than $limit_kb kB"
	exit 1
fi
echo "ok memory over $what ($note): RSS $before kB -> $after kB ($growth kB; limit $limit_kb kB)"
