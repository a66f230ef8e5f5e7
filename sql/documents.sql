-- The original documents (issue 11): load() and load_document() keep the
-- bytes, a document already stored is "already present" and writes
-- nothing, reparse() names what the parser reads differently and apply
-- restores it.  Leaves the store empty, with its sequences restarted.
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';
\set r22 `cat data/sample-report.txt`
\set r21 `cat data/sample-2021.txt`
\set r23 `cat data/sample-2023.txt`
\set gb2312 `base64 -w0 test/fixtures/html/gb2312-declared.html`

CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN others THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- how much the store holds, to show that nothing was written
CREATE FUNCTION pg_temp.store_size() RETURNS text LANGUAGE sql AS $$
SELECT format('reports %s, documents %s, t3_rows %s, findings %s',
    (SELECT count(*) FROM govreport.reports), (SELECT count(*) FROM govreport.documents),
    (SELECT count(*) FROM govreport.t3_rows), (SELECT count(*) FROM govreport.report_findings)) $$;
-- and whether anything was even tried (a failed insert uses up an id)
CREATE FUNCTION pg_temp.ids_used() RETURNS text LANGUAGE sql AS $$
SELECT format('last report id %s, last document id %s',
    (SELECT last_value FROM govreport.reports_id_seq), (SELECT last_value FROM govreport.documents_id_seq)) $$;

-- the kinds, from the bytes
SELECT k, govreport.document_kind(b) FROM (VALUES
    ('pdf', '\x255044462d312e340a'::bytea),
    ('docx', '\x504b0304'::bytea || convert_to('....word/document.xml....', 'UTF8')),
    ('zip', '\x504b0304'::bytea || convert_to('....other.xml....', 'UTF8')),
    ('bbox', convert_to('<!DOCTYPE html><html><body><doc><page width="595" height="842"><flow><block xMin="1">', 'UTF8')),
    ('html', convert_to(E'\n  <HTML><BODY>报告</BODY></HTML>', 'UTF8')),
    ('markdown', convert_to(E'# 报告\n| a | b |\n|---|---|\n', 'UTF8')),
    ('text', convert_to(:'r22', 'UTF8'))) AS t(k, b);

-- load(text) keeps the document: its UTF-8 bytes, their sha256, kind db_text
SELECT govreport.load(:'r22', 'sample-report.txt') AS id \gset
SELECT d.sha256 = sha256(convert_to(:'r22', 'UTF8')) AS sha256_of_bytes, d.bytes = convert_to(:'r22', 'UTF8') AS bytes_kept,
       d.kind, d.source_name, d.parsed_by = govreport.library_version() AS parsed_by_this_library,
       d.text_layer IS NULL AS no_text_layer, d.loaded_at <= now() AS loaded_at
FROM govreport.reports r JOIN govreport.documents d ON d.id = r.document_id WHERE r.id = :id;

-- the same document again: already present, the same id, nothing written
SELECT pg_temp.store_size() || pg_temp.ids_used() AS before \gset
SELECT govreport.load(:'r22', 'again') = :id AS same_id;
SELECT report_id = :id AS same_id, outcome FROM govreport.load_document(convert_to(:'r22', 'UTF8'), 'again', kind => 'db_text');
-- even with replace => true: these bytes are what is stored
SELECT outcome FROM govreport.load_document(convert_to(:'r22', 'UTF8'), 'again', replace => true, kind => 'db_text');
SELECT pg_temp.store_size() || pg_temp.ids_used() = :'before' AS nothing_written;

-- load(bytea): the bytes as they are; an HTML page in GB2312 is kept in GB2312
SELECT govreport.load(decode(:'gb2312', 'base64'), 'gb2312-declared.html', strict => false) AS gid \gset
SELECT d.kind, d.bytes = decode(:'gb2312', 'base64') AS bytes_kept, d.source_name
FROM govreport.reports r JOIN govreport.documents d ON d.id = r.document_id WHERE r.id = :gid;

-- load_document: outcomes
SELECT outcome, report_id IS NOT NULL AS has_report, document_id IS NOT NULL AS has_document
FROM govreport.load_document(convert_to(:'r21', 'UTF8'), 'sample-2021.txt');
-- another document of the same agency and year: 23505, nothing written
SELECT pg_temp.store_size() AS before \gset
SELECT pg_temp.sqlstate_of(format('SELECT govreport.load_document(convert_to(%L, %L), %L)', :'r21' || E'\n', 'UTF8', 'edited'));
SELECT pg_temp.store_size() = :'before' AS nothing_written;
-- replaced: the old report and its document go, the new document stays
SELECT outcome FROM govreport.load_document(convert_to(:'r21' || E'\n', 'UTF8'), 'edited', replace => true);
SELECT d.source_name, count(*) OVER () AS documents_of_2021
FROM govreport.documents d JOIN govreport.reports r ON r.document_id = d.id WHERE r.year = 2021;
SELECT count(*) AS orphan_documents FROM govreport.documents d
WHERE NOT EXISTS (SELECT FROM govreport.reports r WHERE r.document_id = d.id);
-- a strict load of a broken report: 23514, nothing written, not even the document
SELECT pg_temp.store_size() AS before \gset
SELECT pg_temp.sqlstate_of(format('SELECT govreport.load_document(convert_to(%L, %L), %L)', :'r23', 'UTF8', 'sample-2023.txt'));
SELECT pg_temp.store_size() = :'before' AS nothing_written;
-- no document
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.load_document(NULL, 'nothing') $q$);
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.load(NULL::bytea, 'nothing') $q$);
-- not a report
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.load_document(convert_to('<html><body><h1>招聘公告</h1></body></html>', 'UTF8'), 'job.html') $q$);
-- a PDF is loaded with its text layer, and only a PDF has one
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.load_document('\x255044462d312e340a'::bytea, 'scan.pdf') $q$);
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.load_document(convert_to('报告', 'UTF8'), 'x.txt', text_layer => '\x00'::bytea) $q$);
-- a "PDF" whose text layer is the 2023 sample, loaded lenient; the text on its own is then already present
SELECT outcome FROM govreport.load_document('\x255044462d312e340a25e2e3cfd30a'::bytea, 'sample-2023.pdf', strict => false,
    text_layer => convert_to(:'r23', 'UTF8'));
SELECT outcome, (SELECT kind FROM govreport.documents WHERE id = document_id)
FROM govreport.load_document(convert_to(:'r23', 'UTF8'), 'sample-2023.txt', strict => false);

-- a document over govreport.max_document_size: 54000, a PDF's bytes included
SET govreport.max_document_size = '1kB';
SELECT pg_temp.sqlstate_of($q$ SELECT govreport.load_document('\x255044462d'::bytea || convert_to(repeat('x', 2000), 'UTF8'),
    'big.pdf', text_layer => convert_to('报告', 'UTF8')) $q$);
RESET govreport.max_document_size;

-- reparse: nothing differs while the parser is the same
SELECT count(*) AS differences FROM govreport.reparse();
-- doctor the stored value behind the store's back: a total and its state
-- (the store holds each report's rows to its value, so the doctored value
-- gets the rows it defines, in the same transaction; it breaks t3_row_sum,
-- so the report is made lenient for it, and strict again once repaired)
CREATE FUNCTION pg_temp.doctor(rid bigint, doctored govreport.report) RETURNS void LANGUAGE sql AS $$
    DELETE FROM govreport.t2_rows WHERE report_id = rid;
    DELETE FROM govreport.t3_rows WHERE report_id = rid;
    DELETE FROM govreport.t4_rows WHERE report_id = rid;
    DELETE FROM govreport.report_findings WHERE report_id = rid;
    UPDATE govreport.reports SET strict = false, report = doctored WHERE id = rid;
    SELECT govreport.write_rows(rid, doctored, false);
$$;
BEGIN;
SELECT pg_temp.doctor(:id, replace(report::text,
        '"t3.granted.total":{"value":11,"state":"inferred"', '"t3.granted.total":{"value":12,"state":"reported"')::govreport.report)
FROM govreport.reports WHERE id = :id;
SELECT pg_temp.doctor(:gid, regexp_replace(report::text, '"title":"[^"]*"', '"title":"改过的标题"')::govreport.report)
FROM govreport.reports WHERE id = :gid;
COMMIT;
SELECT r.year, x.item, x.key, x.old_value, x.new_value, x.old_state, x.new_state
FROM govreport.reparse() x JOIN govreport.reports r ON r.id = x.report_id
WHERE x.item <> 'cell' OR x.key LIKE 't3.granted.%' ORDER BY r.year, x.item, x.key;
SELECT item, key, new_state <> old_state AS differs FROM govreport.reparse(ARRAY[:gid]);
-- the filter: only the reports named
SELECT DISTINCT report_id = :id AS only_that_report FROM govreport.reparse(ARRAY[:id]);
-- apply restores the parser's reading: the value, its title, the rows; parsed_by is set
UPDATE govreport.documents SET parsed_by = '0.0.0';
SELECT count(*) > 0 AS applied FROM govreport.reparse(ARRAY[:id, :gid], apply => true);
UPDATE govreport.reports SET strict = true WHERE id = :id;
SELECT count(*) AS differences FROM govreport.reparse();
SELECT govreport.title(report) <> '改过的标题' AS title_restored FROM govreport.reports WHERE id = :gid;
SELECT value, state FROM govreport.cells((SELECT report FROM govreport.reports WHERE id = :id)) WHERE key = 't3.granted.total';
SELECT count(*) AS documents_reparsed FROM govreport.documents WHERE parsed_by = govreport.library_version();
SELECT count(*) AS still_old FROM govreport.documents WHERE parsed_by = '0.0.0';
-- the rows were rewritten from the new value
SELECT t.total FROM govreport.t3_rows t WHERE t.report_id = :id AND t.row_code = 'granted';
-- a strict report whose document now reads as breaking a hard identity:
-- reparse names it, apply is refused with 23514 and changes nothing
UPDATE govreport.documents SET bytes = convert_to(:'r23', 'UTF8')
WHERE id = (SELECT document_id FROM govreport.reports WHERE id = :id);
SELECT item, key, old_state, new_state FROM govreport.reparse(ARRAY[:id]) WHERE item <> 'cell';
SELECT pg_temp.store_size() AS before \gset
SELECT pg_temp.sqlstate_of(format('SELECT count(*) FROM govreport.reparse(ARRAY[%s, %s], apply => true)', :gid, :id));
SELECT pg_temp.store_size() = :'before' AS nothing_written, govreport.year(report) FROM govreport.reports WHERE id = :id;
-- a report without a document (stored by load_report) is not reparsed
SELECT govreport.load_report(govreport.parse(replace(:'r22', '2022年', '2020年')), 'no document') AS nodoc \gset
SELECT count(*) AS differences FROM govreport.reparse(ARRAY[:nodoc]);
SELECT document_id IS NULL AS no_document FROM govreport.reports WHERE id = :nodoc;

-- privileges: everyone reads documents, only the loader writes them
SELECT r, has_table_privilege(r, 'govreport.documents', 'SELECT') AS sel,
       has_table_privilege(r, 'govreport.documents', 'INSERT') AS ins,
       has_table_privilege(r, 'govreport.documents', 'DELETE') AS del,
       has_column_privilege(r, 'govreport.documents', 'parsed_by', 'UPDATE') AS upd_parsed_by,
       has_column_privilege(r, 'govreport.documents', 'bytes', 'UPDATE') AS upd_bytes,
       has_table_privilege(r, 'govreport.documents', 'TRIGGER') AS trig,
       has_table_privilege(r, 'govreport.documents', 'REFERENCES') AS refs
FROM unnest(ARRAY['govreport_reader', 'govreport_loader', 'govreport_reviewer', 'public']) AS r;
-- pg_dump keeps the documents
SELECT c.relname FROM pg_extension e, unnest(e.extconfig) AS t(oid) JOIN pg_class c ON c.oid = t.oid
WHERE e.extname = 'govreport' AND c.relname LIKE 'documents%' ORDER BY 1;

TRUNCATE govreport.reports, govreport.documents, govreport.t2_rows, govreport.t3_rows, govreport.t4_rows,
    govreport.report_findings RESTART IDENTITY;
