-- The store: load(), the relational cell tables and their constraints,
-- findings, and the views across reports.
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';

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

-- a consistent report for 2022 and 2023 of one agency, written for these tests
CREATE TABLE store_doc (name text PRIMARY KEY, body text);
INSERT INTO store_doc VALUES ('2023', $doc$
存储局2023年政府信息公开工作年度报告
二、主动公开政府信息情况
规章	0	0	2
行政规范性文件	3	1	40
行政许可	12
行政处罚	5
行政强制	0
行政事业性收费	0
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量	20	1	0	0	0	0	21
二、上年结转政府信息公开申请数量	2	0	0	0	0	0	2
（一）予以公开	9	1	0	0	0	0	10
（二）部分公开（区分处理的，只计这一情形，不计其他情形）	2	0	0	0	0	0	2
1.属于国家秘密	0	0	0	0	0	0	0
2.其他法律行政法规禁止公开	0	0	0	0	0	0	0
3.危及“三安全一稳定”	0	0	0	0	0	0	0
4.保护第三方合法权益	0	0	0	0	0	0	0
5.属于三类内部事务信息	0	0	0	0	0	0	0
6.属于四类过程性信息	0	0	0	0	0	0	0
7.属于行政执法案卷	0	0	0	0	0	0	0
8.属于行政查询事项	0	0	0	0	0	0	0
1.本机关不掌握相关政府信息	5	0	0	0	0	0	5
2.没有现成信息需要另行制作	0	0	0	0	0	0	0
3.补正后申请内容仍不明确	0	0	0	0	0	0	0
1.信访举报投诉类申请	1	0	0	0	0	0	1
2.重复申请	0	0	0	0	0	0	0
3.要求提供公开出版物	0	0	0	0	0	0	0
4.无正当理由大量反复申请	0	0	0	0	0	0	0
5.要求行政机关确认或重新出具已获取信息	0	0	0	0	0	0	0
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请	0	0	0	0	0	0	0
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请	0	0	0	0	0	0	0
3.其他	2	0	0	0	0	0	2
（七）总计	19	1	0	0	0	0	20
四、结转下年度继续办理	3	0	0	0	0	0	3
四、政府信息公开行政复议、行政诉讼情况
1	0	0	0	1	0	0	0	0	0	0	0	0	0	0
$doc$);
-- the year before: carried 2 forward (matching 2023's carried_over) and had 38 documents in force
INSERT INTO store_doc SELECT '2022', replace(replace(replace(replace(body, '存储局2023年', '存储局2022年'),
        E'行政规范性文件\t3\t1\t40', E'行政规范性文件\t5\t0\t38'),
        E'四、结转下年度继续办理\t3\t0\t0\t0\t0\t0\t3', E'四、结转下年度继续办理\t2\t0\t0\t0\t0\t0\t2'),
        E'（七）总计\t19\t1\t0\t0\t0\t0\t20', E'（七）总计\t20\t1\t0\t0\t0\t0\t21')
FROM store_doc WHERE name = '2023';
UPDATE store_doc SET body = replace(body, E'3.其他\t2\t0\t0\t0\t0\t0\t2', E'3.其他\t3\t0\t0\t0\t0\t0\t3') WHERE name = '2022';
-- 2024: breaks t4_sum (a total of 0 over a non-zero row), carry-over does not continue
INSERT INTO store_doc SELECT '2024', replace(replace(body, '存储局2023年', '存储局2024年'),
        E'1\t0\t0\t0\t1\t0\t0', E'1\t0\t0\t0\t0\t0\t0')
FROM store_doc WHERE name = '2023';

SELECT name, govreport.is_consistent(govreport.parse(body)) FROM store_doc ORDER BY name;

-- load: one statement parses and stores; the ids come back
SELECT govreport.load(body, 'test ' || name) > 0 AS loaded FROM store_doc WHERE name IN ('2022', '2023') ORDER BY name;
SELECT agency, year, template, source_name, strict FROM govreport.reports ORDER BY year;
SELECT row_code, natural_person, commercial, total, enforce FROM govreport.t3_rows t
JOIN govreport.reports r ON r.id = t.report_id WHERE r.year = 2023 AND row_code IN ('received', 'granted', 'concluded')
ORDER BY row_code;
SELECT row_code, issued, repealed, in_force, decisions, amount FROM govreport.t2_rows t
JOIN govreport.reports r ON r.id = t.report_id WHERE r.year = 2023 ORDER BY row_code;
SELECT row_code, upheld, total FROM govreport.t4_rows t
JOIN govreport.reports r ON r.id = t.report_id WHERE r.year = 2023 ORDER BY row_code;

-- the same agency and year twice (from another document: the same bytes
-- are already present, documents.sql) is an error unless asked to replace
SELECT pg_temp.sqlstate_of(format('SELECT govreport.load(%L, %L)', body || E'\n', 'again')) FROM store_doc WHERE name = '2023';
SELECT govreport.load(body || E'\n', 'replaced', replace => true) > 0 AS replaced FROM store_doc WHERE name = '2023';
SELECT year, source_name FROM govreport.reports ORDER BY year;

-- strict load of a broken report writes nothing anywhere
CREATE TEMP TABLE counts_before AS
SELECT (SELECT count(*) FROM govreport.reports) AS reports, (SELECT count(*) FROM govreport.t2_rows) AS t2,
       (SELECT count(*) FROM govreport.t3_rows) AS t3, (SELECT count(*) FROM govreport.t4_rows) AS t4,
       (SELECT count(*) FROM govreport.report_findings) AS findings;
SELECT pg_temp.sqlstate_of(format('SELECT govreport.load(%L, %L)', body, 'broken')) FROM store_doc WHERE name = '2024';
SELECT (SELECT count(*) FROM govreport.reports) = reports AND (SELECT count(*) FROM govreport.t2_rows) = t2
   AND (SELECT count(*) FROM govreport.t3_rows) = t3 AND (SELECT count(*) FROM govreport.t4_rows) = t4
   AND (SELECT count(*) FROM govreport.report_findings) = findings AS unchanged
FROM counts_before;

-- non-strict load stores it with its failing findings
SELECT govreport.load(body, 'broken', strict => false) > 0 AS loaded FROM store_doc WHERE name = '2024';
SELECT r.year, f.source, f.code, f.scope, f.severity, f."values", f.message
FROM govreport.report_findings f JOIN govreport.reports r ON r.id = f.report_id
WHERE r.year = 2024 AND f.source = 'check' ORDER BY f.code, f.scope;
SELECT row_code, upheld, total, enforce FROM govreport.t4_rows t
JOIN govreport.reports r ON r.id = t.report_id WHERE r.year = 2024 AND row_code = 'review';

-- a report with no agency or year cannot be keyed, unless told
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.load(E'三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1', 'anonymous') $q$);

-- hand-written rows obey the same identities (23514, naming the rule)
SELECT pg_temp.sqlstate_of($q$
    UPDATE govreport.t3_rows SET total = 11 WHERE row_code = 'granted'
    AND report_id = (SELECT id FROM govreport.reports WHERE year = 2023) $q$);
SELECT pg_temp.sqlstate_of($q$
    UPDATE govreport.t3_rows SET natural_person = -1, commercial = 11
    WHERE row_code = 'granted' AND report_id = (SELECT id FROM govreport.reports WHERE year = 2023) $q$);
SELECT pg_temp.sqlstate_of($q$
    INSERT INTO govreport.t4_rows (report_id, row_code, upheld, corrected, other, pending, total)
    SELECT id, 'extra', 1, 0, 0, 0, 0 FROM govreport.reports WHERE year = 2023 $q$);
SELECT pg_temp.sqlstate_of($q$
    UPDATE govreport.t2_rows SET decisions = 2.5 WHERE row_code = 'licensing'
    AND report_id = (SELECT id FROM govreport.reports WHERE year = 2023) $q$);
-- cross-row identities are checked at commit (deferred constraint triggers)
BEGIN;
UPDATE govreport.t3_rows SET natural_person = 10, total = 11 WHERE row_code = 'granted'
    AND report_id = (SELECT id FROM govreport.reports WHERE year = 2023);
SELECT 'not yet checked' AS inside_transaction;
COMMIT;
BEGIN;
UPDATE govreport.t3_rows SET natural_person = 4, total = 4 WHERE row_code = 'carried_forward'
    AND report_id = (SELECT id FROM govreport.reports WHERE year = 2023);
COMMIT;
-- a transaction that keeps every identity is still refused: a stored
-- report's rows are its value's, and a hand edit makes them differ
BEGIN;
UPDATE govreport.t3_rows SET natural_person = 10, total = 11 WHERE row_code = 'granted'
    AND report_id = (SELECT id FROM govreport.reports WHERE year = 2023);
UPDATE govreport.t3_rows SET natural_person = 1, total = 1 WHERE row_code = 'other_misc'
    AND report_id = (SELECT id FROM govreport.reports WHERE year = 2023);
COMMIT;
SELECT row_code, natural_person, total FROM govreport.t3_rows t JOIN govreport.reports r ON r.id = t.report_id
WHERE r.year = 2023 AND row_code IN ('granted', 'other_misc') ORDER BY row_code;
-- rows of a report loaded non-strict keep enforce = false; a strict report's rows cannot be switched off
SELECT pg_temp.sqlstate_of($q$
    UPDATE govreport.t3_rows SET enforce = false
    WHERE report_id = (SELECT id FROM govreport.reports WHERE year = 2023) $q$);

-- across years
SELECT agency, year, previous_year, column_code, previous_carried_forward, carried_over, status
FROM govreport.carry_continuity WHERE column_code IN ('natural_person', 'total') ORDER BY year, column_code;
SELECT agency, year, row_code, previous_in_force, issued, repealed, in_force, expected_in_force, difference, status
FROM govreport.in_force_continuity ORDER BY year, row_code;
SELECT * FROM govreport.rule_summary ORDER BY rule;

-- deleting a report removes its rows and findings
DELETE FROM govreport.reports WHERE year = 2024;
SELECT (SELECT count(*) FROM govreport.t4_rows t JOIN govreport.reports r ON r.id = t.report_id WHERE r.year = 2024) AS rows_left,
       (SELECT count(*) FROM govreport.report_findings WHERE report_id NOT IN (SELECT id FROM govreport.reports)) AS orphans;

-- raw bytes (an HTML page in GB18030, say) load the same way
SELECT govreport.load(convert_to(replace(body, '存储局2023年', '存储局2025年'), 'GB18030'), 'gb18030 bytes') > 0 AS loaded
FROM store_doc WHERE name = '2023';
SELECT agency, year, source_name FROM govreport.reports WHERE year = 2025;
