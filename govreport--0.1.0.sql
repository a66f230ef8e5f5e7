-- govreport 0.1.0: the report type, parsing and the cell listing.
\echo Use "CREATE EXTENSION govreport" to load this file. \quit

-- ------------------------------------------------------------------ the type

CREATE TYPE govreport.report;

CREATE FUNCTION govreport.report_in(cstring) RETURNS govreport.report
    AS 'MODULE_PATHNAME', 'govreport_report_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govreport.report_out(govreport.report) RETURNS cstring
    AS 'MODULE_PATHNAME', 'govreport_report_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govreport.report_recv(internal) RETURNS govreport.report
    AS 'MODULE_PATHNAME', 'govreport_report_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govreport.report_send(govreport.report) RETURNS bytea
    AS 'MODULE_PATHNAME', 'govreport_report_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE govreport.report (
    INPUT = govreport.report_in,
    OUTPUT = govreport.report_out,
    RECEIVE = govreport.report_recv,
    SEND = govreport.report_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);

COMMENT ON TYPE govreport.report IS
    'a parsed government information-disclosure annual report: template, metadata, every template cell with its state, and the parse findings';

CREATE FUNCTION govreport.to_jsonb(govreport.report) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT govreport.report_out($1)::text::jsonb $$;

CREATE CAST (govreport.report AS jsonb) WITH FUNCTION govreport.to_jsonb(govreport.report);

-- ------------------------------------------------------------------ parsing

CREATE FUNCTION govreport.parse(document text) RETURNS govreport.report
    AS 'MODULE_PATHNAME', 'govreport_parse_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION govreport.parse(text) IS
    'parse an annual report given as text (flattened page text, label-and-numbers lines, pipe tables, pdftotext -layout output)';

-- ---------------------------------------------------------------- accessors

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
