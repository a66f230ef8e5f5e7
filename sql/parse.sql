-- govreport.parse(text) and what it returns: metadata, cells, findings.
-- The document below is written for these tests (figures modelled on a real
-- 2022 report); one-cell-per-line flattening drops empty cells, so two of
-- its table-3 rows print six numbers for seven columns.
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';
CREATE TABLE doc (name text PRIMARY KEY, body text);
INSERT INTO doc VALUES ('flat', $doc$
某某网站 广告 广告
测试厅2022年政府信息公开工作年度报告
发布时间：2023-01-30
一、总体情况
全年办理政府信息公开申请96件。
二、主动公开政府信息情况
第二十条第（一）项
信息内容
本年制发件数
本年废止件数
现行有效件数
规章
0
0
0
规范性文件
15
0
229
第二十条第（五）项
行政许可
0
第二十条第（六）项
行政处罚
0
行政强制
0
第二十条第（八）项
行政事业性收费
0
三、收到和处理政府信息公开申请情况
申请人情况
自然人
法人或其他组织
总计
商业企业
科研机构
社会公益组织
法律服务机构
其他
一、本年新收政府信息公开申请数量
86
4
0
0
0
0
90
二、上年结转政府信息公开申请数量
6
0
0
0
0
0
6
三、本年度办理结果
（一）予以公开
10
1
0
0
0
11
（二）部分公开（区分处理的，只计这一情形，不计其他情形）
2
0
0
0
0
0
2
（三）不予公开
1.属于国家秘密
1
0
0
0
0
1
2.其他法律行政法规禁止公开
0
0
0
0
0
0
0
3.危及三安全一稳定
0
0
0
0
0
0
0
4.保护第三方合法权益
0
0
0
0
0
0
0
5.属于三类内部事务信息
0
0
0
0
0
0
0
6.属于四类过程性信息
2
0
0
0
0
0
2
7.属于行政执法案卷
0
0
0
0
0
0
0
8.属于行政查询事项
0
0
0
0
0
0
0
（四）无法提供
1.本机关不掌握相关政府信息
56
3
0
0
0
0
59
2.没有现成信息需要另行制作
0
0
0
0
0
0
0
3.补正后申请内容仍不明确
1
0
0
0
0
0
1
（五）不予处理
1.信访举报投诉类申请
1
0
0
0
0
0
1
2.重复申请
0
0
0
0
0
0
0
3.要求提供公开出版物
0
0
0
0
0
0
0
4.无正当理由大量反复申请
0
0
0
0
0
0
0
5.要求行政机关确认或重新出具已获取信息
0
0
0
0
0
0
0
（六）其他处理
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
3
0
0
0
0
0
3
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请
0
0
0
0
0
0
0
3.其他
16
0
0
0
0
0
16
（七）总计
92
4
0
0
0
0
96
四、结转下年度继续办理
0
0
0
0
0
0
0
四、政府信息公开行政复议、行政诉讼情况
行政复议
行政诉讼
1
0
0
0
1
1
0
0
1
2
0
0
0
1
1
五、存在的主要问题及改进情况
从略。
$doc$);

-- metadata
SELECT govreport.template(r), govreport.year(r), govreport.agency(r),
       govreport.published(r), govreport.title(r)
FROM (SELECT govreport.parse(body) AS r FROM doc WHERE name = 'flat') s;

-- every cell the 2021 template defines, by table and state
SELECT table_code, state, count(*), sum(value)
FROM doc, govreport.cells(govreport.parse(body))
WHERE name = 'flat'
GROUP BY 1, 2 ORDER BY 1, 2;

-- the two short rows were placed by the identities: every cell inferred
SELECT key, value, state, row_label, column_label, line
FROM doc, govreport.cells(govreport.parse(body))
WHERE name = 'flat' AND state <> 'reported'
ORDER BY line, key;

-- cells come in table order
SELECT key, value FROM doc, govreport.cells(govreport.parse(body))
WHERE name = 'flat' AND (key LIKE 't2.%' OR key LIKE 't4.review.%');

SELECT code, location, message, "values"
FROM doc, govreport.findings(govreport.parse(body)) WHERE name = 'flat';

-- the same numbers as label-and-numbers lines, with a tab-separated table 3
-- and a 2019-style single （六）其他处理 row whose values are all zero
INSERT INTO doc VALUES ('lines', $doc$
测试局 2023 年政府信息公开工作年度报告
二、主动公开政府信息情况
信息内容　本年制发件数　本年废止件数　现行有效件数
规章　0　0　0
行政规范性文件　3　1　40
行政许可　12
行政处罚　5
行政强制　0
行政事业性收费　１２.５０
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量	20	1	0	0	0	0	21
二、上年结转政府信息公开申请数量	0	0	0	0	0	0	0
（一）予以公开	10	1	0	0	0	0	11
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
（六）其他处理	0	0	0	0	0	0	0
（七）总计	18	1	0	0	0	0	19
四、结转下年度继续办理	2	0	0	0	0	0	2
四、政府信息公开行政复议、行政诉讼情况
0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
$doc$);

SELECT govreport.template(r), govreport.year(r), govreport.agency(r), govreport.published(r)
FROM (SELECT govreport.parse(body) AS r FROM doc WHERE name = 'lines') s;

SELECT key, value, state FROM doc, govreport.cells(govreport.parse(body))
WHERE name = 'lines' AND (key LIKE 't2.%' OR key LIKE 't3.other%' OR key LIKE 't3.carried_forward.%');

SELECT code, location, message, "values"
FROM doc, govreport.findings(govreport.parse(body)) WHERE name = 'lines';

-- Markdown pipe tables, with a cell printed empty and a placeholder
SELECT key, value, state FROM govreport.cells(govreport.parse($doc$
# 测试委员会2024年政府信息公开工作年度报告
## 三、收到和处理政府信息公开申请情况
| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 7 | — |  | 0 | 0 | 0 | 7 |
$doc$)) WHERE key LIKE 't3.received.%';

-- a document that is no annual report, and empty input, are errors
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

SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse('今天天气很好。明天也不错。') $q$);
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse('') $q$);
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.parse(E'  \n\t ') $q$);
SELECT govreport.parse('今天天气很好。');
SELECT govreport.parse(NULL) IS NULL AS strict;

-- the functions are immutable, strict and parallel safe
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'govreport' ORDER BY 1, pg_catalog.pg_get_function_identity_arguments(p.oid);
