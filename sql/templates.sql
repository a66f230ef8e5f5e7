-- Both templates, the mix, and legacy reports, on the hand-made fixtures in
-- test/fixtures/templates/ (pg_regress runs from the repository root).
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';
\set r2020 `cat test/fixtures/templates/2020-on-2019.txt`
\set r2022 `cat test/fixtures/templates/2022-on-2019.txt`
\set mixed `cat test/fixtures/templates/mixed-2023.txt`
\set legacy `cat test/fixtures/templates/legacy-2016.txt`

-- the template each report uses, found from its tables, and its cell count
SELECT name, govreport.template(r), govreport.year(r), govreport.agency(r), govreport.published(r),
       (SELECT count(*) FROM govreport.cells(r)) AS cells
FROM (VALUES ('2020-on-2019', govreport.parse(:'r2020')), ('2022-on-2019', govreport.parse(:'r2022')),
             ('mixed-2023', govreport.parse(:'mixed')), ('legacy-2016', govreport.parse(:'legacy'))) v(name, r);

-- the 2019 table 2: 22 cells, signed changes (减4, +3, -2), money with its unit
SELECT key, value, state, column_label FROM govreport.cells(govreport.parse(:'r2020')) WHERE table_code = 't2';
SELECT key, value FROM govreport.cells(govreport.parse(:'r2020')) WHERE row_code IN ('other', 'concluded') AND column_code = 'total';
SELECT code, location, message FROM govreport.findings(govreport.parse(:'r2020')) WHERE code <> 'narrative_count';

-- template_matches_year: a 2022 report on the 2019 template is a warning
SELECT rule, scope, severity, status, message FROM govreport.checks(govreport.parse(:'r2022'))
WHERE rule IN ('template_matches_year', 'published_le_total') ORDER BY rule, scope;
SELECT govreport.is_consistent(govreport.parse(:'r2022'));

-- the mix: 规范性文件 in a 2021 table 2, and （六）其他处理 as one row
SELECT code, location, message, "values" FROM govreport.findings(govreport.parse(:'mixed'))
WHERE code IN ('label_variant', 'collapsed_group_row', 'template_detected');
SELECT key, value, state FROM govreport.cells(govreport.parse(:'mixed')) WHERE row_code LIKE 'other%' AND column_code = 'total';
SELECT rule, scope, status, message FROM govreport.checks(govreport.parse(:'mixed'))
WHERE rule = 't3_outcome_sum' AND scope = 'total';

-- legacy: recognised, no template cells, its counts kept as findings
SELECT code, location, message, "values" FROM govreport.findings(govreport.parse(:'legacy'));
SELECT rule, status FROM govreport.checks(govreport.parse(:'legacy'));
SELECT count(*) AS template_cells FROM govreport.template_cells('legacy');

-- a bulk load of a mixed archive does not stop at the old report
SELECT govreport.load(d, 'fixture') > 0 AS loaded FROM unnest(ARRAY[:'r2020', :'legacy', :'mixed']) d;
SELECT agency, year, template FROM govreport.reports WHERE source_name = 'fixture' ORDER BY year;
SELECT r.year, t.row_code, t.previous_items, t.change, t.decisions, t.items, t.amount
FROM govreport.t2_rows t JOIN govreport.reports r ON r.id = t.report_id
WHERE r.source_name = 'fixture' AND r.year = 2020 ORDER BY t.row_code;

-- published_le_total fails when more documents were newly published than are published in all
SELECT rule, scope, status, expected, actual, message
FROM govreport.checks(govreport.parse(replace(:'r2020', E'规范性文件\t4\t4\t31', E'规范性文件\t4\t40\t31')))
WHERE rule = 'published_le_total' ORDER BY scope;
