-- Reading a report: metadata, cells, findings.

CREATE FUNCTION govreport.template(govreport.report) RETURNS text
    AS 'MODULE_PATHNAME', 'govreport_template'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govreport.year(govreport.report) RETURNS integer
    AS 'MODULE_PATHNAME', 'govreport_year'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govreport.agency(govreport.report) RETURNS text
    AS 'MODULE_PATHNAME', 'govreport_agency'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govreport.title(govreport.report) RETURNS text
    AS 'MODULE_PATHNAME', 'govreport_title'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govreport.published(govreport.report) RETURNS date
    AS 'MODULE_PATHNAME', 'govreport_published'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION govreport.cells(
        report govreport.report,
        OUT key text, OUT table_code text, OUT row_code text, OUT column_code text,
        OUT value numeric, OUT state text, OUT row_label text, OUT column_label text,
        OUT line integer)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'govreport_cells'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 200;

COMMENT ON FUNCTION govreport.cells(govreport.report) IS
    'one row per cell the report''s template defines, in table order: SPEC §6 key, value (NULL unless reported or inferred), state (reported|blank|inferred|absent), official labels and source line';

CREATE FUNCTION govreport.findings(
        report govreport.report,
        OUT code text, OUT location text, OUT message text, OUT "values" numeric[])
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'govreport_findings'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;

COMMENT ON FUNCTION govreport.findings(govreport.report) IS
    'what the parser noticed: short rows placed or left absent, collapsed rows, stray numbers, missing tables and rows';

CREATE FUNCTION govreport.template_cells(
        template text,
        OUT key text, OUT table_code text, OUT row_code text, OUT column_code text,
        OUT row_label text, OUT column_label text,
        OUT outcome boolean, OUT signed boolean, OUT money boolean)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'govreport_template_cells'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 200;

COMMENT ON FUNCTION govreport.template_cells(text) IS
    'every cell a template defines, in table order, with its official labels; outcome marks the rows summed by t3_outcome_sum, signed the cells that may be negative, money the decimal amounts';

CREATE FUNCTION govreport.template_outcome_rows(template text) RETURNS integer
    AS 'MODULE_PATHNAME', 'govreport_template_outcome_rows'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION govreport.template_outcome_rows(text) IS
    'how many table-3 rows of a template count in t3_outcome_sum (21 for 2021, 19 for 2019)';
