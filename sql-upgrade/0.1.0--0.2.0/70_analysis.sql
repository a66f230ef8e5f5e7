-- Analysis: rates of a report, comparisons of two reports, sums of reports
-- (the sum() aggregate), year over year, and rollups across agency units
-- (doc/analysis.md).  Their privileges are granted at the end of this file.

CREATE FUNCTION govreport.rates(
        report govreport.report,
        operands boolean DEFAULT true,
        OUT rate text, OUT value numeric, OUT numerator numeric, OUT denominator numeric,
        OUT numerator_operands jsonb, OUT denominator_operands jsonb, OUT note text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'govreport_rates'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 15;

COMMENT ON FUNCTION govreport.rates(govreport.report, boolean) IS
    'one row per rate of the report (doc/analysis.md): value = numerator / denominator (times 10000 for requests_per_10000_documents) rounded to 4 places, NULL when the denominator is 0 or an operand is absent; the operand cells of each side (NULL with operands => false, which is faster); note says why a value is NULL and which blank cells counted as 0';

CREATE FUNCTION govreport.rate_definitions(
        OUT rate text, OUT factor integer, OUT numerator text[], OUT denominator text[],
        OUT description_en text, OUT description_zh text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'govreport_rate_definitions'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 15;

COMMENT ON FUNCTION govreport.rate_definitions() IS
    'the rates of rates() as data: value = factor * sum(numerator cells) / sum(denominator cells); a cell its template lacks is left out (other for 2019, other_* for 2021), with descriptions in English and Chinese';

CREATE FUNCTION govreport.cell_contributors(
        report govreport.report,
        OUT key text, OUT contributors integer, OUT reports integer)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'govreport_cell_contributors'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 200;

COMMENT ON FUNCTION govreport.cell_contributors(govreport.report) IS
    'for each cell, how many of the reports added into this value carried a number there (reported or inferred), and how many reports were added; a parsed report counts as a sum of one';

CREATE FUNCTION govreport.sum_step(govreport.report, govreport.report) RETURNS govreport.report
    AS 'MODULE_PATHNAME', 'govreport_sum_step'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION govreport.sum_step(govreport.report, govreport.report) IS
    'the sum of two reports of one template, cell by cell (the step and combine function of govreport.sum): absent + anything = absent, blank + blank = blank, with an inferred operand inferred, otherwise reported; raises 22023 when the templates differ';

CREATE FUNCTION govreport.sum_final(govreport.report) RETURNS govreport.report
    AS 'MODULE_PATHNAME', 'govreport_sum_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION govreport.sum_final(govreport.report) IS
    'the final function of govreport.sum: a single report becomes a sum of one (no agency, title, date or findings; contributor counts per cell)';

CREATE AGGREGATE govreport.sum(govreport.report) (
    SFUNC = govreport.sum_step,
    STYPE = govreport.report,
    COMBINEFUNC = govreport.sum_step,
    FINALFUNC = govreport.sum_final,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE govreport.sum(govreport.report) IS
    'adds reports of one template cell by cell into a new govreport.report; each cell records how many reports carried a number there (cell_contributors); checks() runs on the result like on any report';

-- Two reports cell by cell.  Reports of one template share every cell; a
-- 2019-template report and a 2021 one share table 4, table 3 (2019's one
-- `other` row against the sum of 2021's three other_* rows, under the key
-- t3.other.<column>) and five table-2 cells: newly_made = issued for rules
-- and normative documents (under the 2021 key), and the decisions of
-- licensing, penalty and coercion.
CREATE FUNCTION govreport.compare(
        a govreport.report, b govreport.report,
        OUT key text, OUT a_key text, OUT b_key text,
        OUT a_value numeric, OUT b_value numeric, OUT delta numeric, OUT relative_change numeric,
        OUT a_state text, OUT b_state text)
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 200
    SET search_path = pg_catalog, pg_temp
    AS $$
WITH both_cells AS (
    SELECT 1 AS side, c.ord, c.key, c.table_code, c.row_code, c.column_code, c.value, c.state
    FROM govreport.cells(a) WITH ORDINALITY AS c(key, table_code, row_code, column_code, value, state,
                                                 row_label, column_label, line, ord)
    UNION ALL
    SELECT 2, c.ord, c.key, c.table_code, c.row_code, c.column_code, c.value, c.state
    FROM govreport.cells(b) WITH ORDINALITY AS c(key, table_code, row_code, column_code, value, state,
                                                 row_label, column_label, line, ord)
), mapped AS (
    SELECT x.side, x.ord, x.key, x.value, x.state,
           CASE WHEN govreport.template(a) = govreport.template(b) THEN x.key
                WHEN x.table_code = 't4' THEN x.key
                WHEN x.table_code = 't3' AND x.row_code IN ('other', 'other_no_correction', 'other_no_fee', 'other_misc')
                    THEN 't3.other.' || x.column_code
                WHEN x.table_code = 't3' THEN x.key
                WHEN x.key IN ('t2.rules.newly_made', 't2.rules.issued') THEN 't2.rules.issued'
                WHEN x.key IN ('t2.normative_documents.newly_made', 't2.normative_documents.issued')
                    THEN 't2.normative_documents.issued'
                WHEN x.key IN ('t2.licensing.decisions', 't2.penalty.decisions', 't2.coercion.decisions') THEN x.key
           END AS common_key
    FROM both_cells x
), grouped AS (
    SELECT m.side, m.common_key, pg_catalog.min(m.ord) AS ord,
           pg_catalog.string_agg(m.key, '+' ORDER BY m.ord) AS keys,
           CASE WHEN pg_catalog.bool_or(m.state = 'absent') THEN 'absent'
                WHEN pg_catalog.bool_or(m.state = 'inferred') THEN 'inferred'
                WHEN pg_catalog.bool_or(m.state = 'reported') THEN 'reported'
                ELSE 'blank' END AS state,
           CASE WHEN NOT pg_catalog.bool_or(m.state = 'absent') THEN pg_catalog.sum(m.value) END AS value
    FROM mapped m
    WHERE m.common_key IS NOT NULL
    GROUP BY m.side, m.common_key
)
SELECT x.common_key, x.keys, y.keys, x.value, y.value, y.value - x.value,
       CASE WHEN x.value <> 0 THEN pg_catalog.round((y.value - x.value) / x.value, 4) END,
       x.state, y.state
FROM grouped x
JOIN grouped y ON y.common_key = x.common_key AND y.side = 2
WHERE x.side = 1
ORDER BY x.ord
$$;

COMMENT ON FUNCTION govreport.compare(govreport.report, govreport.report) IS
    'one row per cell both reports'' templates define (2019 against 2021: the cells they share, see doc/analysis.md): the common key, each side''s key(s), values, delta = b - a, relative_change = delta / a (4 places; NULL when a is 0 or NULL), and both states';

-- The operands stay out of the view: building them is most of rates()'s
-- work, and govreport.rates(report) gives them for the reports one wants.
CREATE VIEW govreport.report_rates AS
SELECT r.id AS report_id, r.agency, r.year, r.template, k.rate, k.value, k.numerator, k.denominator, k.note
FROM govreport.reports r, govreport.rates(r.report, false) k;

COMMENT ON VIEW govreport.report_rates IS
    'the rates of every stored report (govreport.rates without the operand cells, which govreport.rates(report) gives)';

CREATE VIEW govreport.year_over_year AS
SELECT cur.agency, prev.year AS previous_year, cur.year, 'cell'::text AS kind, c.key,
       c.a_value AS previous_value, c.b_value AS value, c.delta, c.relative_change,
       c.a_state AS previous_state, c.b_state AS state,
       prev.id AS previous_report_id, cur.id AS report_id
FROM govreport.reports cur
JOIN govreport.reports prev ON prev.agency = cur.agency AND prev.year = cur.year - 1
CROSS JOIN LATERAL govreport.compare(prev.report, cur.report) c
UNION ALL
SELECT cur.agency, prev.year, cur.year, 'rate'::text, rc.rate,
       rp.value, rc.value, rc.value - rp.value,
       CASE WHEN rp.value <> 0 THEN pg_catalog.round((rc.value - rp.value) / rp.value, 4) END,
       NULL, NULL,
       prev.id, cur.id
FROM govreport.reports cur
JOIN govreport.reports prev ON prev.agency = cur.agency AND prev.year = cur.year - 1
CROSS JOIN LATERAL govreport.rates(prev.report, false) rp
JOIN LATERAL govreport.rates(cur.report, false) rc ON rc.rate = rp.rate;

COMMENT ON VIEW govreport.year_over_year IS
    'each agency''s consecutive years (N-1, N) in the store: every cell both reports share (kind cell, through govreport.compare) and every rate (kind rate)';

-- ------------------------------------------------------------ rollups

CREATE TABLE govreport.agency_units (
    parent text NOT NULL,
    child text NOT NULL,
    PRIMARY KEY (parent, child),
    CONSTRAINT agency_units_not_self CHECK (parent <> child)
);

COMMENT ON TABLE govreport.agency_units IS
    'declares that the report of parent (an agency as stored in govreport.reports) covers the reports of child, e.g. a city over its departments; read by the view rollup_check';

SELECT pg_catalog.pg_extension_config_dump('govreport.agency_units', '');

CREATE VIEW govreport.rollup_check AS
WITH kids AS (
    SELECT u.parent, r.year, r.template, r.agency, r.report
    FROM govreport.agency_units u
    JOIN govreport.reports r ON r.agency = u.child
), groups AS (
    SELECT k.parent, k.year, pg_catalog.count(DISTINCT k.template) AS templates,
           pg_catalog.count(*) AS children,
           pg_catalog.array_agg(k.agency ORDER BY k.agency) AS child_agencies,
           pg_catalog.string_agg(DISTINCT k.template, ' and ') AS child_templates
    FROM kids k
    GROUP BY k.parent, k.year
), sums AS (
    SELECT k.parent, k.year, govreport.sum(k.report) AS total
    FROM kids k
    JOIN groups g ON g.parent = k.parent AND g.year = k.year AND g.templates = 1
    GROUP BY k.parent, k.year
), child_cells AS (
    SELECT k.parent, k.year, c.key,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('agency', k.agency, 'key', c.key,
                                                              'value', c.value, 'state', c.state)
                                ORDER BY k.agency) AS operands
    FROM kids k
    JOIN groups g ON g.parent = k.parent AND g.year = k.year AND g.templates = 1
    CROSS JOIN LATERAL govreport.cells(k.report) c
    GROUP BY k.parent, k.year, c.key
)
SELECT g.parent, g.year, 'rollup_matches_children'::text AS rule, 'warning'::text AS severity,
       c.key, c.a_value AS printed, c.b_value AS children_sum,
       coalesce(c.a_value, 0) - coalesce(c.b_value, 0) AS difference,
       CASE WHEN c.key IS NULL OR c.a_state = 'absent' OR c.b_state = 'absent' THEN 'not_evaluated'
            WHEN coalesce(c.a_value, 0) = coalesce(c.b_value, 0) THEN 'pass'
            ELSE 'fail' END AS status,
       cc.operands,
       CASE WHEN c.key IS NULL
                THEN pg_catalog.format('children''s reports are on templates %s: not summed', g.child_templates)
            WHEN c.a_state = 'absent' OR c.b_state = 'absent'
                THEN pg_catalog.format('%s: absent from %s', c.key,
                                       CASE WHEN c.a_state = 'absent' THEN 'the parent''s report' ELSE 'a child''s report' END)
            WHEN coalesce(c.a_value, 0) <> coalesce(c.b_value, 0)
                THEN pg_catalog.format('%s: printed %s ≠ sum of %s children %s (difference %s)', c.key,
                                       coalesce(c.a_value, 0), g.children, coalesce(c.b_value, 0),
                                       coalesce(c.a_value, 0) - coalesce(c.b_value, 0))
       END AS message,
       g.children, g.child_agencies, p.id AS report_id
FROM groups g
JOIN govreport.reports p ON p.agency = g.parent AND p.year = g.year
LEFT JOIN sums s ON s.parent = g.parent AND s.year = g.year
LEFT JOIN LATERAL govreport.compare(p.report, s.total) c ON true
LEFT JOIN child_cells cc ON cc.parent = g.parent AND cc.year = g.year AND cc.key = c.b_key;

COMMENT ON VIEW govreport.rollup_check IS
    'rollup_matches_children (a warning): for each parent in agency_units and year, the parent''s printed report against the sum of its children''s reports of that year, cell by cell; blank counts as 0, an absent cell is not evaluated; operands lists each child''s cell';

-- ------------------------------------------------------------ privileges

GRANT SELECT ON govreport.report_rates, govreport.year_over_year, govreport.rollup_check,
    govreport.agency_units
    TO govreport_reader, govreport_loader, govreport_reviewer;
GRANT INSERT, UPDATE, DELETE ON govreport.agency_units TO govreport_loader;
