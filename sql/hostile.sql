-- Hostile input (issue 16): markup that made libxml2 quadratic, values
-- that could be stored but not dumped, fields out of their range, and
-- settings a non-superuser could raise.  Timing and cancels:
-- test/load/hostile.sh.  The timeout only bounds this file on a build
-- without the limits (minutes per statement there); here each takes < 2 s.
\set VERBOSITY terse
SET statement_timeout = '60s';

CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(E'\n' || nullif(detail, ''), '');
END $$;

CREATE TABLE hostile_doc (body text);
INSERT INTO hostile_doc VALUES ($doc$
敌意局2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量	1	0	0	0	0	0	1
二、上年结转政府信息公开申请数量	0	0	0	0	0	0	0
（一）予以公开	1	0	0	0	0	0	1
（七）总计	1	0	0	0	0	0	1
四、结转下年度继续办理	0	0	0	0	0	0	0
$doc$);

-- ---------------------------------------------------------- markup limits
-- 256 attributes on one element are read; 257 are refused (54000)
SELECT govreport.year(govreport.parse(convert_to(
    '<html><body><p ' || (SELECT string_agg('a' || i || '=1', ' ') FROM generate_series(1, 256) i)
    || '>敌意局2023年政府信息公开工作年度报告</p></body></html>', 'UTF8')));
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(convert_to(
    '<html><body><p ' || (SELECT string_agg('a' || i || '=1', ' ') FROM generate_series(1, 257) i)
    || '>敌意局2023年政府信息公开工作年度报告</p></body></html>', 'UTF8')) $q$);
-- 200,000 attributes (45 s before): refused at once, through parse(text) too
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(
    '<html><body><a ' || (SELECT string_agg('a' || i || '=1', ' ') FROM generate_series(1, 200000) i)
    || '>x</a></body></html>') $q$);
-- the pdftotext XHTML path
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(
    '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><doc><page width="595" height="842">'
    || '<flow><block><line><word xMin="1" yMin="1" xMax="2" yMax="2" '
    || (SELECT string_agg('a' || i || '="1"', ' ') FROM generate_series(1, 100000) i)
    || '>x</word></line></block></flow></page></doc></body></html>') $q$);
-- attribute defaults of an internal DTD subset, walked for every element
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(
    '<?xml version="1.0"?><!-- <doc> --><!DOCTYPE html [<!ATTLIST word '
    || (SELECT string_agg('a' || i || ' CDATA "1"', ' ') FROM generate_series(1, 100000) i)
    || '>]><html xmlns="http://www.w3.org/1999/xhtml"><body><doc><page width="595" height="842"><flow><block><line>'
    || repeat('<word xMin="1" yMin="1" xMax="2" yMax="2">x</word>', 5000)
    || '</line></block></flow></page></doc></body></html>') $q$);
-- a start tag over 4 MB (an unterminated quote runs to the end, as in libxml2)
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(
    '<html><body><img src="' || repeat('A', 4200000) || '">x</body></html>') $q$);
-- more than 512 open elements, then unmatched end tags
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(
    '<html><body>' || repeat('<div>', 100000) || repeat('</p>', 400000)) $q$);
-- 400,000 unmatched </p> under a shallow stack: read (no report in it)
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(
    '<html><body>' || repeat('</p>', 400000) || '</body></html>') $q$);

-- ------------------------------------------ the canonical text's size limit
CREATE TABLE hostile_json AS
SELECT regexp_replace(govreport.parse(body)::text, '"findings":\[.*\]\}$', '"findings":[]}') AS j
FROM hostile_doc;
CREATE FUNCTION pg_temp.with_message(j text, total bigint) RETURNS text LANGUAGE sql AS $$
    SELECT replace(j, '"findings":[]}', '"findings":[{"code":"c","location":"","message":"'
        || repeat('m', (total - octet_length(j) - octet_length('{"code":"c","location":"","message":"","values":[]}'))::int)
        || '","values":[]}]}')
$$;
-- exactly 16 MB: in, out and in again give the same text
SELECT octet_length(pg_temp.with_message(j, 16777216)) AS at_limit,
       (pg_temp.with_message(j, 16777216)::govreport.report)::text = pg_temp.with_message(j, 16777216) AS round_trip
FROM hostile_json;
-- one byte more: 54000
SELECT pg_temp.sqlstate_of(format('SELECT %L::govreport.report', pg_temp.with_message(j, 16777217)))
FROM hostile_json;
-- 40 MB: 54000 at once (test/hostile.sh times 240 MB, 12 s and XX000 before)
SELECT pg_temp.sqlstate_of($q$ SELECT repeat('x', 40000000)::govreport.report $q$);

-- ------------------------------------------------------- field validation
SELECT pg_temp.sqlstate_of(format('SELECT %L::govreport.report',
    replace(j, '"published":null', '"published":"' || d || '"'))) AS published
FROM hostile_json, unnest(ARRAY['2023-02-31', '0000-01-01', '2023-02-29', '2024-02-29']) d;
SELECT govreport.published(replace(j, '"published":null', '"published":"2024-02-29"')::govreport.report)
FROM hostile_json;
SELECT pg_temp.sqlstate_of(format('SELECT %L::govreport.report',
    regexp_replace(j, '"year":[0-9]+', '"year":' || y))) AS year
FROM hostile_json, unnest(ARRAY['0', '10000', '-1']) y;
SELECT pg_temp.sqlstate_of(format('SELECT %L::govreport.report',
    regexp_replace(j, '"line":[0-9]+', '"line":' || n))) AS line
FROM hostile_json, unnest(ARRAY['4294967295', '2147483648']) n;
SELECT max(line) FROM hostile_json,
    govreport.cells(regexp_replace(j, '"line":[0-9]+', '"line":2147483647')::govreport.report);
-- a report has a template: null is malformed text (22P02), not a 23502 later
SELECT pg_temp.sqlstate_of(format('SELECT %L::govreport.report',
    '{"version":1,"template":null,"year":null,"published":null,"agency":null,"title":null,"cells":{},"findings":[]}'));

-- ---------------------------------------------------------------- settings
CREATE ROLE hostile_user;
SET ROLE hostile_user;
SELECT pg_temp.sqlstate_of($q$ SET govreport.max_document_size = '1GB' $q$);
SELECT pg_temp.sqlstate_of($q$ SET govreport.max_table_rows = 2000000000 $q$);
SELECT pg_temp.sqlstate_of($q$ SELECT set_config('govreport.max_document_size', '1GB', false) $q$);
SHOW govreport.max_document_size;
SHOW govreport.max_table_rows;
RESET ROLE;
-- a superuser still sets them (and so can ALTER ROLE ... SET for a role)
SET govreport.max_table_rows = 20000;
SHOW govreport.max_table_rows;
RESET govreport.max_table_rows;
SELECT name, context FROM pg_settings WHERE name LIKE 'govreport.%' ORDER BY name;
DROP ROLE hostile_user;
DROP TABLE hostile_doc, hostile_json;
