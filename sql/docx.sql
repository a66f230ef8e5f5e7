-- Word documents (.docx) through govreport.parse(bytea): the fixture of the
-- C tests (test/fixtures/docx/report/, our own WordprocessingML), zipped
-- now by containers.py, checked cell by cell; then each hostile container
-- with its SQLSTATE, message, detail and hint.  psql runs from the
-- repository root, where make installcheck runs.
\set VERBOSITY terse
SET datestyle = 'ISO, YMD';
\set fixture `python3 test/fixtures/docx/containers.py fixture`
\set bomb `python3 test/fixtures/docx/containers.py bomb`
\set lying `python3 test/fixtures/docx/containers.py lying`
\set encrypted `python3 test/fixtures/docx/containers.py encrypted`
\set truncated `python3 test/fixtures/docx/containers.py truncated`
\set corrupt `python3 test/fixtures/docx/containers.py corrupt`
\set nodocument `python3 test/fixtures/docx/containers.py nodocument`
\set malformed `python3 test/fixtures/docx/containers.py malformed`
\set doc `python3 test/fixtures/docx/containers.py doc`
CREATE TEMP TABLE word AS SELECT govreport.parse(decode(:'fixture', 'base64')) AS r;

-- recognised by its bytes: a zip holding word/document.xml
SELECT substr(decode(:'fixture', 'base64'), 1, 4) AS magic;

-- the metadata: the title is a content control, the date split over runs
SELECT govreport.template(r), govreport.year(r), govreport.agency(r),
       govreport.published(r), govreport.title(r)
FROM word;

-- every cell: merged headers (w:gridSpan, w:vMerge), labels and numbers
-- split across runs, a tracked correction (41 inserted, 40 deleted), empty
-- cells and a placeholder blank, table 4 inside a layout table
SELECT key, value, state FROM govreport.cells((SELECT r FROM word)) ORDER BY key;

-- the prose: the inserted figure is read, the deleted one is not; the
-- creation date of the properties is kept as evidence
SELECT code, location, message FROM govreport.findings((SELECT r FROM word)) ORDER BY code, location;
SELECT govreport.is_consistent(r) FROM word;

-- hostile containers: each SQLSTATE, message, detail and hint
CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
    hint text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' — ' || nullif(detail, ''), '')
           || coalesce(' — hint: ' || nullif(hint, ''), '');
END $$;
CREATE TEMP TABLE hostile (name text, bytes bytea);
INSERT INTO hostile VALUES
    ('lying size', decode(:'lying', 'base64')),
    ('encrypted', decode(:'encrypted', 'base64')),
    ('truncated', decode(:'truncated', 'base64')),
    ('corrupt data', decode(:'corrupt', 'base64')),
    ('no document.xml', decode(:'nodocument', 'base64')),
    ('malformed xml', decode(:'malformed', 'base64')),
    ('legacy .doc', decode(:'doc', 'base64'));
SELECT name, pg_temp.sqlstate_of(format('SELECT govreport.parse(%L::bytea)', bytes)) FROM hostile ORDER BY name;

-- a zip bomb: 8 MB of document.xml in 12 KB, refused from the central
-- directory under a 1 MB limit, and read (not a report) under the default
SELECT length(decode(:'bomb', 'base64')) < 20000 AS small;
SET govreport.max_document_size = '1MB';
SELECT pg_temp.sqlstate_of(format('SELECT govreport.parse(%L::bytea)', decode(:'bomb', 'base64')));
RESET govreport.max_document_size;
SELECT pg_temp.sqlstate_of(format('SELECT govreport.parse(%L::bytea)', decode(:'bomb', 'base64')));
