-- Inputs for test/load/concurrency.sh.  Expects table docs (test/load/lib.sh)
-- and psql variables clients and per_client.
--
-- Each input is a template document (a text document of the samples or the
-- corpus) whose title is replaced by one naming a test agency and year.
-- Templates that break a hard identity (the corpus's real source errors,
-- the sample with a misprinted total) are the deliberately broken inputs:
-- strict load() must reject them with 23514.

CREATE TABLE templates AS
SELECT name, convert_from(body, 'UTF8') AS doc FROM docs
WHERE form = 'text' AND strpos(convert_from(body, 'UTF8'), '年度报告') > 0;
ALTER TABLE templates ADD COLUMN valid boolean, ADD COLUMN t2 int, ADD COLUMN t3 int, ADD COLUMN t4 int, ADD COLUMN n int;
-- whether strict load() takes it, and how many rows of each table it stores
-- (rows with an absent cell stay in the report value only)
UPDATE templates t SET valid = govreport.is_consistent(p),
    t2 = (SELECT count(*) FROM (SELECT 1 FROM govreport.cells(p) c WHERE table_code = 't2' GROUP BY row_code HAVING bool_and(state <> 'absent')) x),
    t3 = (SELECT count(*) FROM (SELECT 1 FROM govreport.cells(p) c WHERE table_code = 't3' GROUP BY row_code HAVING bool_and(state <> 'absent')) x),
    t4 = (SELECT count(*) FROM (SELECT 1 FROM govreport.cells(p) c WHERE table_code = 't4' GROUP BY row_code HAVING bool_and(state <> 'absent')) x)
FROM (SELECT name, govreport.parse(doc) AS p FROM templates) s WHERE s.name = t.name;
UPDATE templates t SET n = s.n FROM (
    SELECT name, row_number() OVER (PARTITION BY valid ORDER BY name) - 1 AS n FROM templates) s
WHERE s.name = t.name;

-- Keys: per_client agency-years, agencies 0 .. per_client/5 - 1 times the
-- years 2021-2025.  On even sequence numbers the four clients load the same
-- key at about the same moment (they start together and go at the same
-- pace); on odd ones each client spreads over the keys on its own.  Every
-- seventh input (shifted per client) is a broken template.
CREATE TABLE inputs AS
SELECT c AS client, i AS seq, k AS key,
       '负载测试第' || (k % (:per_client / 5)) || '局' AS agency,
       2021 + k / (:per_client / 5) AS year,
       (i + c) % 7 = 3 AS broken
FROM generate_series(1, :clients) c, generate_series(0, :per_client - 1) i,
     LATERAL (SELECT CASE WHEN i % 2 = 0 THEN i ELSE (i * 7 + c * 13) % :per_client END AS k) kk;
ALTER TABLE inputs ADD COLUMN template text, ADD COLUMN doc text, ADD COLUMN valid boolean;
UPDATE inputs i SET template = t.name, valid = t.valid,
    doc = i.agency || i.year || '年政府信息公开工作年度报告' || E'\n\n' || substr(t.doc, strpos(t.doc, '年度报告') + 4)
FROM templates t
WHERE t.valid = NOT i.broken
  AND t.n = (i.seq + i.client) % (SELECT count(*) FROM templates u WHERE u.valid = NOT i.broken);
ALTER TABLE inputs ADD PRIMARY KEY (client, seq);

-- What the clients saw: one line per load.
CREATE TABLE outcomes (client int, seq int, sqlstate text, id text, message text);
