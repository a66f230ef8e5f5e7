-- Integrity: plain DML by a user granted the store cannot leave a report
-- whose columns, rows or findings differ from its value, nor skip a strict
-- report's identities (issue 16).  Each attempt runs in a subtransaction
-- with the deferred checks made immediate, so the commit-time error shows.
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';

CREATE FUNCTION pg_temp.attempt(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    SET CONSTRAINTS ALL IMMEDIATE;
    SET CONSTRAINTS ALL DEFERRED;
    RETURN 'committed';
EXCEPTION WHEN others THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

CREATE TEMP TABLE store_doc (name text PRIMARY KEY, body text);
INSERT INTO store_doc VALUES ('2023', $doc$
完整局2023年政府信息公开工作年度报告
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
-- the same with one broken table-4 total, stored lenient: it keeps its findings
INSERT INTO store_doc SELECT '2024', replace(replace(body, '完整局2023年', '完整局2024年'),
        E'1\t0\t0\t0\t1\t0\t0', E'1\t0\t0\t0\t0\t0\t0')
FROM store_doc WHERE name = '2023';
SELECT govreport.load(body, 'strict 2023') > 0 AS loaded FROM store_doc WHERE name = '2023';
SELECT govreport.load(body, 'lenient 2024', strict => false) > 0 AS loaded FROM store_doc WHERE name = '2024';
CREATE TEMP TABLE ids AS SELECT year, id FROM govreport.reports;

-- a row deleted, then the balance it took part in changed: t3_balance can no
-- longer be skipped
SELECT pg_temp.attempt(format($q$
    DELETE FROM govreport.t3_rows WHERE report_id = %1$s AND row_code = 'received';
    UPDATE govreport.t3_rows SET natural_person = natural_person + 1, total = total + 1
     WHERE report_id = %1$s AND row_code = 'carried_forward' $q$, id)) FROM ids WHERE year = 2023;
-- a row that is not the template's, next to the outcome rows
SELECT pg_temp.attempt(format($q$
    INSERT INTO govreport.t3_rows (report_id, row_code, natural_person, total) VALUES (%s, 'invented', 0, 0) $q$, id))
FROM ids WHERE year = 2023;
-- NaN and ±Infinity are never counts, in any table, strict or not
SELECT pg_temp.attempt(format($q$ UPDATE govreport.t3_rows SET natural_person = 'NaN' WHERE report_id = %s AND row_code = 'granted' $q$, id))
FROM ids WHERE year = 2023;
SELECT pg_temp.attempt(format($q$ UPDATE govreport.t3_rows SET natural_person = 'Infinity', total = 'Infinity' WHERE report_id = %s AND row_code = 'granted' $q$, id))
FROM ids WHERE year = 2023;
SELECT pg_temp.attempt(format($q$ UPDATE govreport.t4_rows SET pending = '-Infinity' WHERE report_id = %s AND row_code = 'review' $q$, id))
FROM ids WHERE year = 2023;
SELECT pg_temp.attempt(format($q$ UPDATE govreport.t2_rows SET amount = 'NaN' WHERE report_id = %s AND row_code = 'fees' $q$, id))
FROM ids WHERE year = 2024;
SELECT govreport.is_count(x) AS count, govreport.is_signed_count(x) AS signed, govreport.is_amount(x) AS amount, x
FROM (VALUES (0::numeric), (3), (-2), (2.5), ('NaN'), ('Infinity'), ('-Infinity')) v(x);
-- switching enforcement off and breaking a total in one transaction
SELECT pg_temp.attempt(format($q$
    UPDATE govreport.reports SET strict = false WHERE id = %1$s;
    UPDATE govreport.t3_rows SET total = 5 WHERE report_id = %1$s AND row_code = 'granted';
    UPDATE govreport.reports SET strict = true WHERE id = %1$s $q$, id)) FROM ids WHERE year = 2023;
-- another report's value under this one's row
SELECT pg_temp.attempt(format($q$
    UPDATE govreport.reports SET report = (SELECT report FROM govreport.reports WHERE id = %s) WHERE id = %s $q$,
    (SELECT id FROM ids WHERE year = 2024), (SELECT id FROM ids WHERE year = 2023)));
-- ... even one with the same year and agency, given by with_metadata
SELECT pg_temp.attempt(format($q$
    UPDATE govreport.reports SET report = govreport.with_metadata((SELECT report FROM govreport.reports WHERE id = %s), NULL, 2023)
     WHERE id = %s $q$, (SELECT id FROM ids WHERE year = 2024), (SELECT id FROM ids WHERE year = 2023)));
-- a strict report with no rows at all
SELECT pg_temp.attempt($q$
    INSERT INTO govreport.reports (agency, year, template, report, strict)
    SELECT agency, 2030, template, govreport.with_metadata(report, NULL, 2030), true FROM govreport.reports WHERE year = 2023 $q$);
-- the template changed by hand, to another one or to nonsense
SELECT pg_temp.attempt($q$ UPDATE govreport.reports SET template = '2019' WHERE year = 2023 $q$);
SELECT pg_temp.attempt($q$ UPDATE govreport.reports SET template = 'bogus' WHERE year = 2023 $q$);
SELECT pg_temp.attempt($q$ UPDATE govreport.reports SET year = 2031 WHERE year = 2023 $q$);
-- the failures of a lenient report cannot be hidden, nor invented
SELECT pg_temp.attempt($q$ DELETE FROM govreport.report_findings f USING govreport.reports r
    WHERE r.id = f.report_id AND r.year = 2024 AND f.source = 'check' $q$);
SELECT pg_temp.attempt($q$ INSERT INTO govreport.report_findings (report_id, source, code, message)
    SELECT id, 'check', 't3_balance', 'invented' FROM govreport.reports WHERE year = 2023 $q$);
-- none of it got through
SELECT r.year, r.template, r.strict, count(t.*) AS t3_rows, govreport.is_consistent(r.report)
FROM govreport.reports r LEFT JOIN govreport.t3_rows t ON t.report_id = r.id GROUP BY r.id ORDER BY r.year;

-- an agency or year given at load goes into the value, and the document's
-- own is kept as evidence
SELECT govreport.load(body, 'given', agency => '别名局', year => 2025) > 0 AS loaded FROM store_doc WHERE name = '2023';
SELECT r.agency, r.year, govreport.agency(r.report), govreport.year(r.report), f.scope, f.message
FROM govreport.reports r JOIN govreport.report_findings f ON f.report_id = r.id AND f.code = 'metadata_given'
ORDER BY f.scope;
SELECT pg_temp.attempt($q$ SELECT govreport.with_metadata(report, '', NULL) FROM govreport.reports LIMIT 1 $q$);
SELECT pg_temp.attempt($q$ SELECT govreport.with_metadata(report, NULL, 0) FROM govreport.reports LIMIT 1 $q$);

-- deleting a report takes its rows and findings with it, and commits
SELECT pg_temp.attempt($q$ DELETE FROM govreport.reports WHERE year = 2025 $q$);
SELECT count(*) AS left_behind FROM govreport.report_findings f
WHERE NOT EXISTS (SELECT FROM govreport.reports r WHERE r.id = f.report_id);

-- a load and a correction of it in one transaction: the rows carry the
-- correction at commit, whichever commit-time check runs first
BEGIN;
SELECT govreport.load(replace(body, '完整局2024年', '更正局2024年'), 'load and correct', strict => false) > 0 AS loaded
FROM store_doc WHERE name = '2024';
SELECT govreport.correct((SELECT id FROM govreport.reports WHERE agency = '更正局'), 't4.review.total', 1,
                         'the total printed as 0 is 1: its cells sum to 1') > 0 AS corrected;
COMMIT;
SELECT t.total AS stored_total, govreport.is_consistent(govreport.effective_report(r.id)) AS consistent_as_corrected
FROM govreport.reports r JOIN govreport.t4_rows t ON t.report_id = r.id AND t.row_code = 'review'
WHERE r.agency = '更正局';
-- a hand edit of a corrected report's rows does not stay: at commit the
-- rows are its corrected value's again
UPDATE govreport.t4_rows t SET total = 7 FROM govreport.reports r
WHERE r.id = t.report_id AND r.agency = '更正局' AND t.row_code = 'review';
SELECT t.total AS stored_total FROM govreport.reports r JOIN govreport.t4_rows t ON t.report_id = r.id AND t.row_code = 'review'
WHERE r.agency = '更正局';

-- leave the store as the other tests expect it: empty
DELETE FROM govreport.reports;
DELETE FROM govreport.corrections;
DELETE FROM govreport.documents;
SELECT setval('govreport.reports_id_seq', 1, false) IS NOT NULL AS reset;
SELECT setval('govreport.corrections_id_seq', 1, false) IS NOT NULL AS reset;
