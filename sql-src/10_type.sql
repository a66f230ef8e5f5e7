-- The report type: canonical text form, binary form, jsonb cast.

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
