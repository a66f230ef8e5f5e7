-- Inputs for test/load/crash.sh.  Expects table docs (test/load/lib.sh) and
-- psql variable per_phase.  Only templates that strict load() takes, so
-- every input of a phase would be stored: the phases' agency-years differ.

CREATE TABLE templates AS
SELECT name, convert_from(body, 'UTF8') AS doc FROM docs
WHERE form = 'text' AND strpos(convert_from(body, 'UTF8'), '年度报告') > 0
  AND govreport.is_consistent(govreport.parse(convert_from(body, 'UTF8')));
ALTER TABLE templates ADD COLUMN n int;
UPDATE templates t SET n = s.n
FROM (SELECT name, row_number() OVER (ORDER BY name) - 1 AS n FROM templates) s WHERE s.name = t.name;

-- phase a: autocommit, one transaction per load; phase b: all in one
-- transaction; phase after: one load once the server has recovered
CREATE TABLE inputs AS
SELECT p.phase, i AS seq, p.label || '第' || (i / 5) || '局' AS agency, 2021 + i % 5 AS year,
       t.name AS template, t.doc
FROM (VALUES ('a', '崩溃测试甲'), ('b', '崩溃测试乙'), ('after', '崩溃测试丙')) p(phase, label),
     generate_series(0, :per_phase - 1) i,
     templates t
WHERE t.n = i % (SELECT count(*) FROM templates) AND (p.phase <> 'after' OR i = 0);
UPDATE inputs SET doc = agency || year || '年政府信息公开工作年度报告' || E'\n\n' || substr(doc, strpos(doc, '年度报告') + 4);
ALTER TABLE inputs ADD PRIMARY KEY (phase, seq);
