-- The identities of SPEC §7 on single reports: for each rule a report that
-- passes it and one that fails it, with the message.
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
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(E'\n' || nullif(detail, ''), '');
END $$;

SELECT name, severity, scope, formula FROM govreport.rules() ORDER BY severity, name;

-- A consistent 2023 report, written for these tests, and variants of it.
CREATE TABLE check_doc (name text PRIMARY KEY, body text);
INSERT INTO check_doc VALUES ('good', $doc$
检验局2023年政府信息公开工作年度报告
发布日期：2024-01-20
一、总体情况
全年收到政府信息公开申请21件，上年结转2件；予以公开10件，行政复议1件。
二、主动公开政府信息情况
信息内容	本年制发件数	本年废止件数	现行有效件数
规章	0	0	0
行政规范性文件	3	1	40
行政许可	12
行政处罚	5
行政强制	0
行政事业性收费	12.50
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
五、存在的主要问题及改进情况
从略。
$doc$);

CREATE FUNCTION pg_temp.variant(name text, body text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO check_doc VALUES (name, body)
$$;
-- t3_row_sum and t3_outcome_sum: a total that does not add up
SELECT pg_temp.variant('row_sum', replace(body, E'（一）予以公开\t9\t1\t0\t0\t0\t0\t10', E'（一）予以公开\t9\t1\t0\t0\t0\t0\t11')) FROM check_doc WHERE name = 'good';
-- t3_balance: carried forward printed wrong in one column
SELECT pg_temp.variant('balance', replace(body, E'四、结转下年度继续办理\t3\t0\t0\t0\t0\t0\t3', E'四、结转下年度继续办理\t4\t0\t0\t0\t0\t0\t4')) FROM check_doc WHERE name = 'good';
-- t3_outcome_sum: an outcome row moved without the concluded row following
SELECT pg_temp.variant('outcome_sum', replace(body, E'3.其他\t2\t0\t0\t0\t0\t0\t2', E'3.其他\t3\t0\t0\t0\t0\t0\t3')) FROM check_doc WHERE name = 'good';
-- t4_sum: table-4 totals printed as 0 over non-zero cells
SELECT pg_temp.variant('t4_sum', replace(body, E'1\t0\t0\t0\t1\t0\t0', E'1\t0\t0\t0\t0\t0\t0')) FROM check_doc WHERE name = 'good';
-- integer_count: a fractional count and a negative one
SELECT pg_temp.variant('integer_count', replace(body, E'行政许可\t12', E'行政许可\t12.5')) FROM check_doc WHERE name = 'good';
-- narrative_matches_table: the prose says 17 received, the table 21
SELECT pg_temp.variant('narrative', replace(body, '全年收到政府信息公开申请21件', '全年收到政府信息公开申请17件')) FROM check_doc WHERE name = 'good';
-- template_matches_year: a 2020 report printed on the 2021 template
SELECT pg_temp.variant('template_year', replace(body, '检验局2023年', '检验局2020年')) FROM check_doc WHERE name = 'good';
-- a blank total: the row sum counts it as 0 and says so
SELECT pg_temp.variant('blank_total', replace(body, E'四、结转下年度继续办理\t3\t0\t0\t0\t0\t0\t3', E'四、结转下年度继续办理\t3\t0\t0\t0\t0\t0\t—')) FROM check_doc WHERE name = 'good';
-- an absent row: the rules over it are not evaluated, never passed
SELECT pg_temp.variant('absent_row', regexp_replace(body, E'四、结转下年度继续办理[^\n]*\n', '')) FROM check_doc WHERE name = 'good';

-- the good report passes every rule that applies to it
SELECT rule, count(*) AS instances, string_agg(DISTINCT status, ',') AS statuses
FROM check_doc, govreport.checks(govreport.parse(body)) WHERE name = 'good'
GROUP BY rule ORDER BY rule;
SELECT govreport.is_consistent(govreport.parse(body)) FROM check_doc WHERE name = 'good';

-- one instance in full: the two sides, the difference and the operands
SELECT rule, scope, severity, status, expected, actual, difference, message
FROM check_doc, govreport.checks(govreport.parse(body))
WHERE name = 'good' AND rule = 't3_row_sum' AND scope = 'granted';
SELECT jsonb_pretty(operands) FROM check_doc, govreport.checks(govreport.parse(body))
WHERE name = 'good' AND rule = 't4_sum' AND scope = 'review';

-- every variant: what fails, with the numbers
SELECT name, rule, scope, severity, expected, actual, difference, suspect, repeat_of, message
FROM check_doc, govreport.checks(govreport.parse(body)) k
WHERE name <> 'good' AND k.status = 'fail'
ORDER BY name, rule, scope;

SELECT name, govreport.is_consistent(govreport.parse(body)) FROM check_doc ORDER BY name;

-- blank cells count as 0 and the row says so; absent ones are not evaluated
SELECT rule, scope, status, message FROM check_doc, govreport.checks(govreport.parse(body))
WHERE name = 'blank_total' AND scope IN ('carried_forward', 'total') AND rule IN ('t3_row_sum', 't3_balance');
SELECT rule, scope, status, message FROM check_doc, govreport.checks(govreport.parse(body))
WHERE name = 'absent_row' AND status = 'not_evaluated' ORDER BY rule, scope;

-- assert_consistent: returns the report, or raises 23514 listing every failure
SELECT govreport.agency(govreport.assert_consistent(govreport.parse(body))) FROM check_doc WHERE name = 'good';
SELECT pg_temp.sqlstate_of(format('SELECT govreport.assert_consistent(govreport.parse(%L))', body))
FROM check_doc WHERE name = 'row_sum';
SELECT pg_temp.sqlstate_of(format('SELECT govreport.assert_consistent(govreport.parse(%L))', body))
FROM check_doc WHERE name = 'blank_total';

-- usable in a CHECK constraint
CREATE TABLE checked (r govreport.report CHECK (govreport.is_consistent(r)));
INSERT INTO checked SELECT govreport.parse(body) FROM check_doc WHERE name = 'good';
SELECT pg_temp.sqlstate_of(format('INSERT INTO checked VALUES (govreport.parse(%L))', body))
FROM check_doc WHERE name = 't4_sum';
SELECT count(*) FROM checked;

-- rule_status: one row per rule, what a summary over many reports needs
SELECT name, k.rule, k.severity, k.status
FROM check_doc, govreport.rule_status(govreport.parse(body)) k
WHERE name IN ('good', 'row_sum', 'absent_row') ORDER BY name, k.rule;
