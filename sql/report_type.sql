-- The govreport.report type: canonical text form, binary form, jsonb cast.
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';
-- runs a statement and shows how it failed: SQLSTATE, message, detail
CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' — ' || nullif(detail, ''), '');
END $$;

CREATE TABLE reports (id int PRIMARY KEY, r govreport.report);
INSERT INTO reports VALUES (1, govreport.parse($doc$
样例局2021年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量	3	0	0	0	0	0	3
二、上年结转政府信息公开申请数量	0	0	0	0	0	0	0
（一）予以公开	2	0	0	0	0	2
（七）总计	3	0	0	0	0	0	3
四、结转下年度继续办理	0	0	0	0	0	0	0
$doc$));

-- the canonical text form round-trips exactly
SELECT r::text = (r::text)::govreport.report::text AS text_round_trip FROM reports;
SELECT length(r::text) AS text_length, left(r::text, 120) AS text_head FROM reports;

-- the jsonb cast
SELECT (r::jsonb)->>'template' AS template, (r::jsonb)->'year' AS year,
       (r::jsonb)->'cells'->'t3.received.total' AS received_total,
       jsonb_array_length((r::jsonb)->'findings') AS findings
FROM reports;

-- the input function takes only the canonical form
SELECT pg_temp.sqlstate_of($q$ SELECT 'hello'::govreport.report $q$);
SELECT pg_temp.sqlstate_of($q$ SELECT '{}'::govreport.report $q$);
SELECT pg_temp.sqlstate_of($q$ SELECT '{"version":2}'::govreport.report $q$);
SELECT pg_temp.sqlstate_of(format('SELECT %L::govreport.report', ' ' || r::text)) FROM reports;
SELECT pg_temp.sqlstate_of(format('SELECT %L::govreport.report', replace(r::text, '"year":2021', '"year": 2021'))) FROM reports;
SELECT pg_temp.sqlstate_of(format('SELECT %L::govreport.report', replace(r::text, '"template":"2021"', '"template":"2018"'))) FROM reports;
SELECT pg_temp.sqlstate_of(format('SELECT %L::govreport.report', replace(r::text, '"state":"reported"', '"state":"guessed"'))) FROM reports;
SELECT pg_temp.sqlstate_of(format('SELECT %L::govreport.report', replace(r::text, ',"t4.litigation_after_review.total":{"value":null,"state":"absent","line":0}', ''))) FROM reports;
SELECT pg_temp.sqlstate_of(format('SELECT %L::govreport.report', replace(r::text, '{"value":3,"state":"reported","line":4}', '{"value":3000000000000000000000,"state":"reported","line":4}'))) FROM reports;

-- binary send/receive: COPY in binary format round-trips every value
COPY reports TO '/tmp/govreport_regress_reports.bin' (FORMAT binary);
CREATE TABLE reports_copy (LIKE reports);
COPY reports_copy FROM '/tmp/govreport_regress_reports.bin' (FORMAT binary);
SELECT a.r::text = b.r::text AS binary_round_trip FROM reports a JOIN reports_copy b USING (id);

-- the binary form starts with its format version byte
SELECT get_byte(govreport.report_send(r), 0) AS format_version FROM reports;

-- a binary value of an unknown version, or truncated, is rejected
CREATE FUNCTION pg_temp.copy_file(payload bytea) RETURNS bytea LANGUAGE sql AS $$
    SELECT '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
        || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea
$$;
CREATE TEMP TABLE files AS
SELECT 'badversion' AS name, lo_from_bytea(0, pg_temp.copy_file(set_byte(govreport.report_send(r), 0, 9))) AS lo
FROM reports
UNION ALL
SELECT 'truncated', lo_from_bytea(0, pg_temp.copy_file(substr(govreport.report_send(r), 1, 40)))
FROM reports;
SELECT name, lo_export(lo, '/tmp/govreport_regress_' || name || '.bin') AS exported FROM files ORDER BY name;
CREATE TABLE bad (r govreport.report);
SELECT pg_temp.sqlstate_of($q$ COPY bad FROM '/tmp/govreport_regress_badversion.bin' (FORMAT binary) $q$);
SELECT pg_temp.sqlstate_of($q$ COPY bad FROM '/tmp/govreport_regress_truncated.bin' (FORMAT binary) $q$);
SELECT count(*) AS rows_loaded FROM bad;
SELECT count(lo_unlink(lo)) AS unlinked FROM files;
