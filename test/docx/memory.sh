#!/usr/bin/env bash
# Memory over failing .docx parses: one backend parses the hostile
# containers of test/fixtures/docx/containers.py (a zip bomb under a 1 MB
# govreport.max_document_size, a lying size, encryption, truncation, damaged
# data, no document.xml, malformed XML, a legacy .doc) N times (default
# 1000), each with its SQLSTATE checked, and its resident memory may grow by
# at most LIMIT_KB (default 1024) between a warm-up and the end.  libzip and
# libxml2 allocate with malloc: anything an error path left open would show.
#
#   bash test/docx/memory.sh [N]        (uses the server in PGHOST/PGPORT)
#
# Prints "ok ..." or "FAIL ..." and exits 0 or 1.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT" || exit 1
n="${1:-1000}"
warmup=$((n / 5))
limit_kb="${GR_DOCX_RSS_LIMIT_KB:-1024}"
c() { python3 test/fixtures/docx/containers.py "$1"; }

out="$(psql -X -q -At -v ON_ERROR_STOP=1 -v n="$n" -v warmup="$warmup" \
	-v bomb="$(c bomb)" -v lying="$(c lying)" -v encrypted="$(c encrypted)" -v truncated="$(c truncated)" \
	-v corrupt="$(c corrupt)" -v nodocument="$(c nodocument)" -v malformed="$(c malformed)" -v doc="$(c doc)" <<'SQL' 2>&1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govreport;
SET govreport.max_document_size = '1MB';
CREATE TEMP TABLE hostile (id int, bytes bytea, want text);
INSERT INTO hostile VALUES
    (0, decode(:'bomb', 'base64'), '54000'), (1, decode(:'lying', 'base64'), '22P02'),
    (2, decode(:'encrypted', 'base64'), '22023'), (3, decode(:'truncated', 'base64'), '22P02'),
    (4, decode(:'corrupt', 'base64'), '22P02'), (5, decode(:'nodocument', 'base64'), '22023'),
    (6, decode(:'malformed', 'base64'), '22P02'), (7, decode(:'doc', 'base64'), '22023');
CREATE FUNCTION pg_temp.fail_parses(times int) RETURNS int LANGUAGE plpgsql AS $$
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
END $$;
SELECT pg_backend_pid() AS pid \gset
\setenv GR_PID :pid
SELECT 'warmup wrong ' || pg_temp.fail_parses(:warmup);
\! echo "rss before $(awk '/^VmRSS/ {print $2}' /proc/$GR_PID/status)"
SELECT 'run wrong ' || pg_temp.fail_parses(:n);
\! echo "rss after $(awk '/^VmRSS/ {print $2}' /proc/$GR_PID/status)"
SQL
)"
rc=$?
before="$(sed -n 's/^rss before \([0-9]*\)$/\1/p' <<<"$out")"
after="$(sed -n 's/^rss after \([0-9]*\)$/\1/p' <<<"$out")"
wrong="$(sed -n 's/^run wrong \([0-9]*\)$/\1/p' <<<"$out")"
if [ "$rc" -ne 0 ] || [ -z "$before" ] || [ -z "$after" ] || [ -z "$wrong" ]; then
	echo "FAIL memory over $n failing .docx parses: the run broke"
	echo "$out" | tail -n 5
	exit 1
fi
growth=$((after - before))
if [ "$wrong" -ne 0 ]; then
	echo "FAIL memory over $n failing .docx parses: $wrong parses did not fail with their SQLSTATE"
	exit 1
fi
if [ "$growth" -gt "$limit_kb" ]; then
	echo "FAIL memory over $n failing .docx parses: RSS grew by $growth kB (from $before kB), more than $limit_kb kB"
	exit 1
fi
echo "ok memory over $n failing .docx parses (each SQLSTATE as expected): RSS $before kB -> $after kB ($growth kB; limit $limit_kb kB)"
