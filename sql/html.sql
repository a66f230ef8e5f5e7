-- HTML pages and raw document bytes: govreport.parse(bytea), HTML through
-- govreport.parse(text), encodings, and the undecodable-bytes error.
-- The pages are the fixtures of the C tests (test/fixtures/html/, written
-- for the tests); psql reads them relative to the repository root, where
-- make installcheck runs.
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';
\set word `cat test/fixtures/html/word-export.html`
\set layout `cat test/fixtures/html/layout-tables.html`
\set subtotal `cat test/fixtures/html/subtotal-column.html`
\set trad `cat test/fixtures/html/traditional.html`
\set gb2312 `base64 -w0 test/fixtures/html/gb2312-declared.html`
\set gbk `base64 -w0 test/fixtures/html/gbk-undeclared.html`
\set gbk_utf8 `base64 -w0 test/fixtures/html/gbk-declared-utf8.html`
CREATE TEMP TABLE page (name text PRIMARY KEY, r govreport.report);
INSERT INTO page VALUES
    ('word', govreport.parse(convert_to(:'word', 'UTF8'))),
    ('word as text', govreport.parse(:'word')),
    ('layout', govreport.parse(convert_to(:'layout', 'UTF8'))),
    ('subtotal', govreport.parse(:'subtotal')),
    ('traditional', govreport.parse(:'trad')),
    ('gb2312 declared', govreport.parse(decode(:'gb2312', 'base64'))),
    ('gbk undeclared', govreport.parse(decode(:'gbk', 'base64'))),
    ('gbk declared utf-8', govreport.parse(decode(:'gbk_utf8', 'base64')));

-- metadata from the pages: the title as printed (not the page <title>),
-- 公开日期 from the metadata grid, 发布时间 from the prose; a traditional
-- copy keeps its printed agency
SELECT name, govreport.template(r), govreport.year(r), govreport.agency(r),
       govreport.published(r), govreport.title(r)
FROM page ORDER BY name;

-- the Word export, table 3 as printed: rowspan/colspan headers, numbers
-- split over runs, <o:p>&nbsp;</o:p> and placeholders (/ — 无 -) blank
SELECT key, value, state FROM govreport.cells((SELECT r FROM page WHERE name = 'word'))
WHERE table_code = 't3' AND row_code IN ('received', 'granted', 'denied_state_secret',
                                         'denied_security_stability', 'concluded')
ORDER BY key;

-- table 2: a remark beside a number, a unit inside the cell, a dash
SELECT key, value, state FROM govreport.cells((SELECT r FROM page WHERE name = 'word'))
WHERE table_code = 't2' ORDER BY key;
SELECT code, location FROM govreport.findings((SELECT r FROM page WHERE name = 'word'))
WHERE code IN ('remark_in_cell', 'unit_in_cell', 'too_many_values', 'stray_numbers', 'unplaced_row',
               'row_out_of_order', 'rows_absent', 'table_absent')
ORDER BY code, location;

-- the same page as text and as bytes is the same report
SELECT (SELECT r FROM page WHERE name = 'word')::text = (SELECT r FROM page WHERE name = 'word as text')::text AS same;

-- every other page prints the same figures: the same cells, states included
SELECT p.name, count(*) AS cells,
       count(*) FILTER (WHERE c.value IS DISTINCT FROM l.value OR c.state <> l.state) AS differing
FROM page p, govreport.cells(p.r) c
JOIN govreport.cells((SELECT r FROM page WHERE name = 'layout')) l USING (key)
WHERE p.name NOT LIKE 'word%'
GROUP BY p.name ORDER BY p.name;

-- an added 法人或其他组织 subtotal column is dropped, row by row
SELECT count(*) FROM govreport.findings((SELECT r FROM page WHERE name = 'subtotal'))
WHERE code = 'subtotal_column_dropped';

-- spans expanded into a grid: the 行政复议 header spans five columns, 结果维持
-- two rows; the 15 numbers of table 4 land in order
SELECT key, value FROM govreport.cells(govreport.parse($html$
<html><head><meta charset="gb2312"><title>示例局2023年政府信息公开工作年度报告</title></head><body>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table border=1>
<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>
<tr><td rowspan=2>结果<br>维持</td><td rowspan=2>结果纠正</td><td rowspan=2>其他结果</td>
    <td rowspan=2>尚未审结</td><td rowspan=2>总计</td>
    <td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
    <td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td><span>1</span><span>2</span></td><td>1</td><td>0</td><td>&nbsp;</td><td>13</td>
    <td>2</td><td>0</td><td>0</td><td>1</td><td>3</td>
    <td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p>五、存在的主要问题及改进情况</p>
</body></html>
$html$)) WHERE table_code = 't4' ORDER BY key;

-- errors: bytes that are neither UTF-8 nor GB18030 name their offset
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
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse('\x3c703ec4e3ff3c2f703e'::bytea) $q$);
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(''::bytea) $q$);
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(convert_to('<p>今天天气很好。</p>', 'UTF8')) $q$);
SELECT govreport.parse(NULL::bytea) IS NULL AS strict;
