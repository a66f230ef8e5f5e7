-- Parsing documents into reports.

CREATE FUNCTION govreport.parse(document text) RETURNS govreport.report
    AS 'MODULE_PATHNAME', 'govreport_parse_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;

COMMENT ON FUNCTION govreport.parse(text) IS
    'parse an annual report given as text (an HTML page, flattened page text, label-and-numbers lines, pipe tables, pdftotext output)';
