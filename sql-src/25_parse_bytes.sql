-- Parsing raw document bytes: HTML pages and text in UTF-8, GBK/GB2312/GB18030
-- (declared, wrongly declared or not at all), Big5 when declared, UTF-16 with
-- a byte-order mark; Word .docx files (a zip holding word/document.xml),
-- while a legacy .doc is refused with a hint.

CREATE FUNCTION govreport.parse(document bytea) RETURNS govreport.report
    AS 'MODULE_PATHNAME', 'govreport_parse_bytes'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;

COMMENT ON FUNCTION govreport.parse(bytea) IS
    'parse an annual report given as the bytes of its file (an HTML page, text or pdftotext output, in any encoding a Chinese government site uses, or a Word .docx); undecodable bytes are an error naming the byte offset';
