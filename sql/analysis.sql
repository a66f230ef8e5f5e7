-- Analysis: rates(), compare(), the sum() aggregate and cell_contributors(),
-- the views report_rates, year_over_year and rollup_check, and the
-- agency_units table.  Reports are the bundled samples (our text, real
-- figures: 示例机关 2021, 2022, 2023), a 2020 report on the 2019 template,
-- and fixtures made from the 2022 sample by editing its figures.
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';
SET extra_float_digits = 0;

\set s2021 `cat data/sample-2021.txt`
\set s2022 `cat data/sample-report.txt`
\set s2023 `cat data/sample-2023.txt`
\set r2020 `cat test/fixtures/templates/2020-on-2019.txt`

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

-- A report with every number of its tables (the tab-separated fields)
-- multiplied by k, and the prose count with them: the identities still hold.
CREATE FUNCTION pg_temp.scaled(doc text, k integer) RETURNS text LANGUAGE sql AS $$
SELECT string_agg(
         CASE WHEN line ~ E'\t' THEN
              (SELECT string_agg(CASE WHEN f ~ '^[0-9]+$' THEN (f::bigint * k)::text ELSE f END, E'\t' ORDER BY n)
               FROM regexp_split_to_table(line, E'\t') WITH ORDINALITY AS t(f, n))
         ELSE replace(line, '申请96件', '申请' || 96 * k || '件') END,
         E'\n' ORDER BY ln)
FROM regexp_split_to_table(doc, E'\n') WITH ORDINALITY AS l(line, ln) $$;

CREATE TABLE fx (name text PRIMARY KEY, r govreport.report);
INSERT INTO fx VALUES
    ('2021', govreport.parse(:'s2021')),
    ('2022', govreport.parse(:'s2022')),
    ('2023', govreport.parse(:'s2023')),
    ('2020 on 2019', govreport.parse(:'r2020')),
    -- every count 0: every share has a zero denominator
    ('zeros', govreport.parse(pg_temp.scaled(:'s2022', 0))),
    -- table 4 left out: its cells are absent
    ('no table 4', govreport.parse(regexp_replace(:'s2022', E'四、政府信息公开行政复议.*?\n1\t0[^\n]*\n', '', 's'))),
    -- blanks: four legal-person columns of received, review.corrected
    ('blanks', govreport.parse(replace(replace(:'s2022',
        E'数量\t86\t4\t0\t0\t0\t0\t90', E'数量\t86\t4\t/\t/\t/\t/\t90'),
        E'\n1\t0\t0\t0\t1\t1', E'\n1\t/\t0\t0\t1\t1'))),
    ('2022 x2', govreport.parse(pg_temp.scaled(:'s2022', 2)));

SELECT name, govreport.template(r), govreport.year(r),
       (SELECT string_agg(state || ' ' || n, ', ' ORDER BY state)
        FROM (SELECT state, count(*) AS n FROM govreport.cells(r) GROUP BY state) s) AS states
FROM fx ORDER BY name;

-- ---------------------------------------------------------------- rates

-- the rates as data
SELECT rate, factor, array_length(numerator, 1) AS numerator_cells, denominator, description_zh
FROM govreport.rate_definitions();

-- every rate of a corpus-like report, with its operands' count and states
SELECT rate, value, numerator, denominator, note,
       jsonb_array_length(numerator_operands) AS n_num, jsonb_array_length(denominator_operands) AS n_den
FROM fx, govreport.rates(r) WHERE name = '2022';

-- the same rates on the 2019 template: other_share reads the single other
-- row, requests_per_10000_documents the documents published in total
SELECT rate, value, numerator, denominator, note,
       (SELECT string_agg(o->>'key', ' + ') FROM jsonb_array_elements(numerator_operands) o) AS numerator_cells,
       (SELECT string_agg(o->>'key', ' + ') FROM jsonb_array_elements(denominator_operands) o) AS denominator_cells
FROM fx, govreport.rates(r) WHERE name = '2020 on 2019';

-- edge cases: zero denominators, absent cells, blanks
SELECT name, rate, value, numerator, denominator, note
FROM fx, govreport.rates(r)
WHERE name IN ('zeros', 'no table 4', 'blanks')
  AND (value IS NULL OR note IS NOT NULL)
ORDER BY name, rate;

-- operands carry value and state, as checks() shows them
SELECT jsonb_pretty(numerator_operands) AS numerator, jsonb_pretty(denominator_operands) AS denominator
FROM fx, govreport.rates(r) WHERE name = 'blanks' AND rate = 'review_correction_rate';

-- never a division error: every rate of every fixture, counted by outcome
SELECT name, count(*) AS rates, count(value) AS with_value,
       count(*) FILTER (WHERE value IS NULL AND denominator = 0) AS zero_denominator,
       count(*) FILTER (WHERE value IS NULL AND denominator IS NULL) AS not_evaluated
FROM fx, govreport.rates(r) GROUP BY name ORDER BY name;

-- operands => false: the same rates without the operand cells (what the views use)
SELECT count(*) AS rates,
       bool_and(a.value IS NOT DISTINCT FROM b.value AND a.numerator IS NOT DISTINCT FROM b.numerator
                AND a.denominator IS NOT DISTINCT FROM b.denominator AND a.note IS NOT DISTINCT FROM b.note) AS same,
       bool_and(b.numerator_operands IS NULL AND b.denominator_operands IS NULL) AS no_operands
FROM fx, govreport.rates(r) a JOIN govreport.rates(r, operands => false) b USING (rate);

-- a scaled report has the same shares
SELECT a.rate, a.value, b.value AS doubled
FROM fx x, govreport.rates(x.r) a, fx y, govreport.rates(y.r) b
WHERE x.name = '2022' AND y.name = '2022 x2' AND a.rate = b.rate AND a.value IS DISTINCT FROM b.value;

-- ---------------------------------------------------------------- compare

-- one template: every cell, 2021 against 2022 of the same agency
SELECT key, a_value, b_value, delta, relative_change, a_state, b_state, key = a_key AND key = b_key AS same_key
FROM govreport.compare((SELECT r FROM fx WHERE name = '2021'), (SELECT r FROM fx WHERE name = '2022'));

-- 2019 template against 2021: only the shared cells; 2019's other row
-- against the sum of the three other_* rows
SELECT key, a_key, b_key, a_value, b_value, delta, relative_change, a_state, b_state
FROM govreport.compare((SELECT r FROM fx WHERE name = '2020 on 2019'), (SELECT r FROM fx WHERE name = '2021'));

-- and the other way round: same keys, the signs of delta reversed
SELECT count(*) AS cells,
       bool_and(f.delta IS NOT DISTINCT FROM -g.delta) AS deltas_opposite,
       bool_and(f.a_key = g.b_key AND f.b_key = g.a_key) AS keys_swapped
FROM govreport.compare((SELECT r FROM fx WHERE name = '2020 on 2019'), (SELECT r FROM fx WHERE name = '2021')) f
JOIN govreport.compare((SELECT r FROM fx WHERE name = '2021'), (SELECT r FROM fx WHERE name = '2020 on 2019')) g
  USING (key);

-- absent and blank cells: no delta
SELECT key, a_value, b_value, delta, a_state, b_state
FROM govreport.compare((SELECT r FROM fx WHERE name = 'blanks'), (SELECT r FROM fx WHERE name = 'no table 4'))
WHERE a_state IN ('blank', 'absent') OR b_state IN ('blank', 'absent')
ORDER BY key;

-- zero base: relative change is NULL
SELECT key, a_value, b_value, delta, relative_change
FROM govreport.compare((SELECT r FROM fx WHERE name = 'zeros'), (SELECT r FROM fx WHERE name = '2022'))
WHERE key IN ('t3.received.total', 't3.granted.total');

-- ---------------------------------------------------------------- sum

-- the state rules, cell by cell: blank + reported = reported, absent + anything = absent,
-- blank + blank = blank, inferred + reported = inferred; contributors per cell
WITH s AS (SELECT govreport.sum(r) AS total FROM fx WHERE name IN ('2022', 'blanks', 'no table 4'))
SELECT c.key, c.value, c.state, k.contributors, k.reports
FROM s, govreport.cells(total) c JOIN govreport.cell_contributors(total) k USING (key)
WHERE c.key IN ('t3.received.natural_person', 't3.received.research', 't3.received.total',
                't3.granted.total', 't4.review.upheld', 't4.review.corrected', 't2.rules.issued');

WITH s AS (SELECT govreport.sum(r) AS total FROM fx WHERE name IN ('blanks', 'blanks'))
SELECT c.key, c.value, c.state, k.contributors
FROM s, govreport.cells(total) c JOIN govreport.cell_contributors(total) k USING (key)
WHERE c.key IN ('t3.received.research', 't4.review.corrected');

-- blank + blank stays blank: two blank reports
SELECT c.key, c.value, c.state, k.contributors, k.reports
FROM govreport.cells(govreport.sum_step((SELECT r FROM fx WHERE name = 'blanks'), (SELECT r FROM fx WHERE name = 'blanks'))) c
JOIN govreport.cell_contributors(govreport.sum_step((SELECT r FROM fx WHERE name = 'blanks'), (SELECT r FROM fx WHERE name = 'blanks'))) k
  USING (key)
WHERE c.key IN ('t3.received.research', 't4.review.corrected', 't3.received.total');

-- a sum of the same report twice equals the report with every figure doubled
SELECT count(*) AS cells, count(*) FILTER (WHERE c.value IS NOT DISTINCT FROM d.value AND c.state = d.state) AS equal
FROM govreport.cells(govreport.sum_step((SELECT r FROM fx WHERE name = '2022'), (SELECT r FROM fx WHERE name = '2022'))) c
JOIN govreport.cells((SELECT r FROM fx WHERE name = '2022 x2')) d USING (key);

-- metadata: the year when all share it, no agency, title, date or findings
SELECT govreport.template(s), govreport.year(s), govreport.agency(s), govreport.title(s), govreport.published(s),
       (SELECT count(*) FROM govreport.findings(s)) AS findings
FROM (SELECT govreport.sum(r) AS s FROM fx WHERE name IN ('2022', '2022 x2')) x;
SELECT govreport.year(s) FROM (SELECT govreport.sum(r) AS s FROM fx WHERE name IN ('2021', '2022')) x;

-- a sum of one report: every cell with a number has one contributor
SELECT k.contributors, k.reports, count(*)
FROM fx, govreport.cell_contributors(govreport.sum_final(r)) k WHERE name = 'blanks'
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT k.contributors, k.reports, count(*)
FROM fx, govreport.cell_contributors(r) k WHERE name = 'blanks'
GROUP BY 1, 2 ORDER BY 1, 2;

-- checks() on a sum like on any report: the doubled sample passes, a sum
-- with a table left out cannot evaluate t4_sum
SELECT rule, status FROM govreport.rule_status((SELECT govreport.sum(r) FROM fx WHERE name IN ('2022', '2022 x2')));
SELECT rule, scope, status FROM govreport.checks((SELECT govreport.sum(r) FROM fx WHERE name IN ('2022', 'no table 4')))
WHERE rule = 't4_sum';

-- a template mismatch is an error naming both templates
SELECT pg_temp.sqlstate_of($$SELECT govreport.sum(r) FROM fx WHERE name IN ('2021', '2020 on 2019')$$);
SELECT pg_temp.sqlstate_of($$SELECT govreport.sum_step((SELECT r FROM fx WHERE name = '2020 on 2019'), (SELECT r FROM fx WHERE name = '2022'))$$);
-- no rows: NULL
SELECT govreport.sum(r) IS NULL AS empty_sum FROM fx WHERE false;

-- the text form of a sum: the parsed report's form plus a "sum" key; both read back
SELECT substr(s::text, strpos(s::text, '"findings"'), 60) AS tail_start, right(s::text, 12) AS tail_end,
       s::text::govreport.report::text = s::text AS round_trip
FROM (SELECT govreport.sum(r) AS s FROM fx WHERE name IN ('2022', 'blanks')) x;
SELECT r::text = (SELECT r::text::govreport.report::text) AS parsed_unchanged, strpos(r::text, '"sum"') AS sum_key
FROM fx WHERE name = '2022';
-- a contributor count above the number of reports summed is refused
SELECT pg_temp.sqlstate_of($$SELECT replace(s::text, '"contributors":[2', '"contributors":[3')::govreport.report
    FROM (SELECT govreport.sum(r) AS s FROM fx WHERE name IN ('2022', 'blanks')) x$$);

-- in parallel: the combine function gives the same sum
CREATE TABLE many AS SELECT g, r FROM fx, generate_series(1, 300) g WHERE name IN ('2022', 'blanks');
ANALYZE many;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT govreport.sum(r) FROM many;
SELECT c.key, c.value, c.state, k.contributors, k.reports
FROM (SELECT govreport.sum(r) AS s FROM many) x, govreport.cells(s) c JOIN govreport.cell_contributors(s) k USING (key)
WHERE c.key IN ('t3.received.total', 't3.received.research', 't4.review.corrected');
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE many;

-- ---------------------------------------------------------------- the store

SELECT govreport.load(:'s2021', 'sample-2021.txt');
SELECT govreport.load(:'s2022', 'sample-report.txt');
SELECT govreport.load(:'s2023', 'sample-2023.txt', strict => false);
SELECT govreport.load(:'r2020', '2020-on-2019.txt', agency => '示例机关', year => 2020);

SELECT agency, year, rate, value, numerator, denominator FROM govreport.report_rates
WHERE rate IN ('granted_in_whole_or_part_share', 'review_correction_rate') ORDER BY year, rate;

-- year over year: 2020 (2019 template) -> 2021 -> 2022 -> 2023
SELECT previous_year, year, kind, count(*) AS rows, count(delta) AS with_delta
FROM govreport.year_over_year WHERE agency = '示例机关' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
SELECT previous_year, year, key, previous_value, value, delta, relative_change
FROM govreport.year_over_year
WHERE agency = '示例机关' AND key IN ('t3.received.total', 't3.other.total', 'denied_share', 't2.rules.issued')
ORDER BY key, year;

-- rollups: 示例市 prints the sum of its two departments (all figures x1
-- and x2, the city x3); 示例省 prints twice one department's figures over
-- two such departments, but one cell of table 2 differs
INSERT INTO govreport.agency_units VALUES
    ('示例市', '示例市甲局'), ('示例市', '示例市乙局'),
    ('示例省', '示例省丙局'), ('示例省', '示例省丁局');
SELECT govreport.load(pg_temp.scaled(:'s2022', 1), 'fixture', agency => '示例市甲局', year => 2022);
SELECT govreport.load(pg_temp.scaled(:'s2022', 2), 'fixture', agency => '示例市乙局', year => 2022);
SELECT govreport.load(pg_temp.scaled(:'s2022', 3), 'fixture', agency => '示例市', year => 2022);
SELECT govreport.load(pg_temp.scaled(:'s2022', 1), 'fixture', agency => '示例省丙局', year => 2022);
SELECT govreport.load(pg_temp.scaled(:'s2022', 1), 'fixture', agency => '示例省丁局', year => 2022);
SELECT govreport.load(replace(pg_temp.scaled(:'s2022', 2), E'行政规范性文件\t30\t0\t458', E'行政规范性文件\t30\t0\t460'),
                      'fixture', agency => '示例省', year => 2022);

SELECT parent, year, count(*) AS cells, count(*) FILTER (WHERE status = 'pass') AS pass,
       count(*) FILTER (WHERE status = 'fail') AS fail, count(*) FILTER (WHERE status = 'not_evaluated') AS not_evaluated,
       min(children) AS children, min(child_agencies::text) AS child_agencies
FROM govreport.rollup_check GROUP BY parent, year ORDER BY parent;
SELECT parent, rule, severity, key, printed, children_sum, difference, status, message, jsonb_pretty(operands) AS operands
FROM govreport.rollup_check WHERE status <> 'pass';
SELECT parent, key, printed, children_sum, status, operands
FROM govreport.rollup_check WHERE parent = '示例市' AND key = 't3.received.total';

-- children on two templates are not summed
INSERT INTO govreport.agency_units VALUES ('示例区', '示例机关'), ('示例区', '示例区戊局');
SELECT govreport.load(:'r2020', 'fixture', agency => '示例区', year => 2020);
SELECT govreport.load(pg_temp.scaled(:'s2021', 1), 'fixture', agency => '示例区戊局', year => 2020);
SELECT parent, year, key, status, message FROM govreport.rollup_check WHERE parent = '示例区';

-- the rule is listed with the others
SELECT name, severity, scope, formula FROM govreport.rules() WHERE name = 'rollup_matches_children';

-- privileges: everyone reads, the loader declares units
SELECT r AS role, has_table_privilege(r, 'govreport.report_rates', 'SELECT') AS rates,
       has_table_privilege(r, 'govreport.year_over_year', 'SELECT') AS yoy,
       has_table_privilege(r, 'govreport.rollup_check', 'SELECT') AS rollup,
       has_table_privilege(r, 'govreport.agency_units', 'SELECT') AS units_read,
       has_table_privilege(r, 'govreport.agency_units', 'INSERT') AS units_write
FROM unnest(ARRAY['govreport_reader', 'govreport_loader', 'govreport_reviewer']) r;

-- volatility and parallel safety of what this file covers
SELECT p.oid::regprocedure AS function, p.provolatile, p.proparallel, p.prokind
FROM pg_proc p
WHERE p.pronamespace = 'govreport'::regnamespace
  AND p.proname IN ('rates', 'rate_definitions', 'compare', 'sum', 'sum_step', 'sum_final', 'cell_contributors')
ORDER BY 1::text;

-- leave the store as it was for the tests after this one
DELETE FROM govreport.reports WHERE agency LIKE '示例%';
-- (their documents stay until deleted: a document outlives its report)
DELETE FROM govreport.documents d WHERE NOT EXISTS (SELECT FROM govreport.reports r WHERE r.document_id = d.id);
DELETE FROM govreport.agency_units;
SELECT setval('govreport.reports_id_seq', 1, false);
