-- Limits: the largest document and the largest table (SQLSTATE 54000),
-- and a statement timeout that cancels a long parse.
\set VERBOSITY terse

CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
    hint text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN query_canceled OR others THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(E'\n' || nullif(detail, ''), '')
        || coalesce(E'\n' || nullif(hint, ''), '');
END $$;

-- the settings exist once the library is loaded (any govreport call loads it)
SELECT count(*) AS rules FROM govreport.rules();
SHOW govreport.max_document_size;
SHOW govreport.max_table_rows;

CREATE TABLE limit_doc (body text);
INSERT INTO limit_doc VALUES ($doc$
限额局2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量	1	0	0	0	0	0	1
二、上年结转政府信息公开申请数量	0	0	0	0	0	0	0
（一）予以公开	1	0	0	0	0	0	1
（七）总计	1	0	0	0	0	0	1
四、结转下年度继续办理	0	0	0	0	0	0	0
$doc$);

SELECT octet_length(body) FROM limit_doc;
SET govreport.max_document_size = '1kB';
SELECT pg_temp.sqlstate_of(format('SELECT govreport.parse(%L)', body || repeat(' ', 1000))) FROM limit_doc;
SELECT govreport.year(govreport.parse(body)) FROM limit_doc;
RESET govreport.max_document_size;

SET govreport.max_table_rows = 4;
SELECT pg_temp.sqlstate_of(format('SELECT govreport.parse(%L)', body)) FROM limit_doc;
SET govreport.max_table_rows = 5;
SELECT govreport.year(govreport.parse(body)) FROM limit_doc;
RESET govreport.max_table_rows;

-- settings are checked: unknown ones in the reserved prefix are refused
SELECT pg_temp.sqlstate_of($q$ SET govreport.no_such_setting = 1 $q$);

-- a statement timeout cancels a parse of a large document (about 50 MB here)
SET statement_timeout = '200ms';
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(repeat(body, 150000)) FROM limit_doc $q$);
RESET statement_timeout;

-- tables nested more than 32 deep: no report does that
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(convert_to(
    '<html><body><p>深层局2023年政府信息公开工作年度报告</p>' || repeat('<table><tr><td>', 40) || 'x'
    || repeat('</td></tr></table>', 40) || '</body></html>', 'UTF8')) $q$);
SELECT govreport.year(govreport.parse(convert_to(
    '<html><body><p>浅层局2023年政府信息公开工作年度报告</p>' || repeat('<table><tr><td>', 30) || 'x'
    || repeat('</td></tr></table>', 30) || '</body></html>', 'UTF8')));
