-- Documents (issue 11): the original bytes kept in govreport.documents,
-- load_document(), reparse(); load() keeps the bytes too.  Reports stored
-- by 0.1.0 keep document_id NULL: their bytes were never kept.

-- The original documents (issue 11): every loaded document is kept, so
-- that a newer parser can read it again (reparse()).  A document is known
-- by the sha256 of its bytes: loading it again is "already present" and
-- writes nothing, which is what lets an interrupted bulk load resume.

CREATE TABLE govreport.documents (
    id bigserial PRIMARY KEY,
    sha256 bytea NOT NULL,
    bytes bytea COMPRESSION lz4 NOT NULL,
    kind text NOT NULL,
    source_name text,
    loaded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    parsed_by text NOT NULL,
    text_layer bytea COMPRESSION lz4,
    CONSTRAINT documents_sha256_key UNIQUE (sha256),
    CONSTRAINT documents_sha256_length CHECK (pg_catalog.octet_length(sha256) = 32),
    CONSTRAINT documents_kind_check
        CHECK (kind IN ('html', 'text', 'markdown', 'bbox', 'pdf', 'docx', 'db_text')),
    CONSTRAINT documents_text_layer_check CHECK ((kind = 'pdf') = (text_layer IS NOT NULL))
);

-- a PDF is also known by the text the parser reads from it: that text
-- loaded on its own is the same document (and the other way round)
CREATE INDEX documents_text_layer_sha256_idx ON govreport.documents (pg_catalog.sha256(text_layer));

-- Stored compressed in TOAST, with lz4: a typical 110 KB page compresses
-- to about 12 KB, five times faster than with pglz (1 ms a page), which
-- a bulk load would feel
ALTER TABLE govreport.documents ALTER COLUMN bytes SET STORAGE EXTENDED;
ALTER TABLE govreport.documents ALTER COLUMN text_layer SET STORAGE EXTENDED;

COMMENT ON TABLE govreport.documents IS
    'the original bytes of every loaded document, unique by sha256; reports.document_id points here';
COMMENT ON COLUMN govreport.documents.sha256 IS 'sha256 of bytes';
COMMENT ON COLUMN govreport.documents.bytes IS 'the document as it was loaded (a PDF as the PDF file)';
COMMENT ON COLUMN govreport.documents.kind IS
    'the detected kind: html, text, markdown, bbox (pdftotext -bbox-layout), pdf, docx, or db_text (a text value given to load(text), read again as text)';
COMMENT ON COLUMN govreport.documents.parsed_by IS
    'govreport.library_version() of the parser that produced the stored report';
COMMENT ON COLUMN govreport.documents.text_layer IS
    'for a PDF, the pdftotext -layout text the parser reads; NULL for every other kind';

-- Reports loaded before documents were kept (0.1.0) have NULL here.
ALTER TABLE govreport.reports ADD COLUMN document_id bigint REFERENCES govreport.documents (id);
CREATE INDEX reports_document_id_idx ON govreport.reports (document_id);

COMMENT ON COLUMN govreport.reports.document_id IS
    'the document the report was parsed from; NULL for a report loaded by govreport 0.1.0 or by load_report()';

SELECT pg_catalog.pg_extension_config_dump('govreport.documents', '');
SELECT pg_catalog.pg_extension_config_dump('govreport.documents_id_seq', '');

-- The kind of a document, from its bytes (what govreport-load detects on
-- the client; used when load_document is not told).
CREATE FUNCTION govreport.document_kind(document bytea) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
SELECT CASE
    WHEN pg_catalog.substr(document, 1, 5) = '\x255044462d'::bytea THEN 'pdf'
    WHEN pg_catalog.substr(document, 1, 4) = '\x504b0304'::bytea
         AND pg_catalog.position(document, '\x776f72642f646f63756d656e742e786d6c'::bytea) > 0 THEN 'docx'
    WHEN h ~ '<page[^>]*width=' AND h ~ 'xmin=' THEN 'bbox'
    WHEN h ~ '<(!doctype html|html|head|body|meta|table|div|p)[\s>]' THEN 'html'
    WHEN h ~ '(^|\n)[ \t]*\|.*\|[ \t]*(\n|\r|$)' OR h ~ '(^|\n)#{1,6} ' THEN 'markdown'
    ELSE 'text' END
FROM (SELECT pg_catalog.lower(pg_catalog.encode(pg_catalog.substr(document, 1, 65536), 'escape')) AS h) s
$$;

COMMENT ON FUNCTION govreport.document_kind(bytea) IS
    'the kind of a document found from its bytes: pdf, docx, bbox, html, markdown or text';

-- Stores one document and the report parsed from it, in the caller's
-- transaction.  outcome: loaded, replaced, or already_present: the sha256
-- of the bytes is stored (or, for a PDF, that of the text it is read as,
-- stored on its own or as another PDF's text layer) with a report (under
-- the agency and year given, if any), and nothing is written, even with
-- replace (so that a bulk load with replace can resume).  The same
-- document loaded under another agency or year is another report of it.
CREATE FUNCTION govreport.load_document(
        bytes bytea,
        source_name text,
        strict boolean DEFAULT true,
        replace boolean DEFAULT false,
        agency text DEFAULT NULL,
        year integer DEFAULT NULL,
        kind text DEFAULT NULL,
        text_layer bytea DEFAULT NULL,
        OUT report_id bigint,
        OUT document_id bigint,
        OUT outcome text)
    RETURNS record
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    digest bytea := pg_catalog.sha256(bytes);
    text_digest bytea := pg_catalog.sha256(load_document.text_layer);
    the_kind text := coalesce(load_document.kind, govreport.document_kind(bytes));
    parsed govreport.report;
    old_report bigint;
    old_document bigint;
    max_bytes bigint;
BEGIN
    IF bytes IS NULL THEN
        RAISE EXCEPTION 'the document is NULL'
            USING ERRCODE = 'null_value_not_allowed', DETAIL = format('source %s', coalesce(source_name, 'without a name'));
    END IF;
    -- the parser limits what it reads; a PDF's own bytes are kept, not read
    PERFORM govreport.library_version();	-- (loads the library, and so its settings)
    max_bytes := pg_catalog.pg_size_bytes(pg_catalog.current_setting('govreport.max_document_size'));
    IF pg_catalog.octet_length(bytes) > max_bytes THEN
        RAISE EXCEPTION 'document exceeds a govreport limit'
            USING ERRCODE = 'program_limit_exceeded',
                  DETAIL = format('document is %s bytes; the limit is %s bytes', pg_catalog.octet_length(bytes), max_bytes),
                  HINT = 'Documents are limited by the setting govreport.max_document_size.';
    END IF;
    -- these bytes, or the text a PDF's bytes are read as, already stored
    -- as a report (under the agency and year given, when they are given:
    -- the same document under another name is another report of it)
    SELECT d.id, r.id INTO document_id, report_id
    FROM govreport.documents d
    LEFT JOIN govreport.reports r ON r.document_id = d.id
         AND (load_document.agency IS NULL OR r.agency = load_document.agency)
         AND (load_document.year IS NULL OR r.year = load_document.year)
    WHERE d.sha256 IN (digest, text_digest) OR pg_catalog.sha256(d.text_layer) IN (digest, text_digest)
    ORDER BY r.id NULLS LAST LIMIT 1;
    IF report_id IS NOT NULL THEN
        outcome := 'already_present';
        RETURN;
    END IF;
    IF (the_kind = 'pdf') <> (load_document.text_layer IS NOT NULL) THEN
        RAISE EXCEPTION '%', CASE WHEN the_kind = 'pdf' THEN 'a PDF is loaded with its text layer'
                                  ELSE 'only a PDF has a text layer' END
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('document %s, kind %s', coalesce(source_name, 'without a name'), the_kind),
                  HINT = 'Pass text_layer => the output of pdftotext -layout for a PDF (govreport-load does), and NULL otherwise.';
    END IF;
    parsed := CASE WHEN the_kind = 'db_text' THEN govreport.parse(pg_catalog.convert_from(bytes, 'UTF8'))
                   ELSE govreport.parse(coalesce(load_document.text_layer, bytes)) END;
    IF replace THEN
        SELECT r.id, r.document_id INTO old_report, old_document
        FROM govreport.reports r
        WHERE r.agency = coalesce(load_document.agency, govreport.agency(parsed))
          AND r.year = coalesce(load_document.year, govreport.year(parsed));
    END IF;

    BEGIN
        IF document_id IS NULL THEN		-- (else: a document whose report was deleted)
            INSERT INTO govreport.documents AS d (sha256, bytes, kind, source_name, parsed_by, text_layer)
            VALUES (digest, bytes, the_kind, source_name, govreport.library_version(), load_document.text_layer)
            RETURNING d.id INTO document_id;
        END IF;
        report_id := govreport.load_report(parsed, source_name, strict, replace, agency, year);
    EXCEPTION WHEN unique_violation THEN
        -- a concurrent load of the same document (or its text) committed
        -- first: these bytes are already present
        SELECT d.id, r.id INTO document_id, report_id
        FROM govreport.documents d JOIN govreport.reports r ON r.document_id = d.id
         AND (load_document.agency IS NULL OR r.agency = load_document.agency)
         AND (load_document.year IS NULL OR r.year = load_document.year)
        WHERE d.sha256 IN (digest, text_digest) OR pg_catalog.sha256(d.text_layer) IN (digest, text_digest)
        ORDER BY r.id LIMIT 1;
        IF report_id IS NOT NULL THEN
            outcome := 'already_present';
            RETURN;
        END IF;
        RAISE;
    END;
    UPDATE govreport.reports r SET document_id = load_document.document_id WHERE r.id = load_document.report_id;
    -- the replaced report's document goes with it
    DELETE FROM govreport.documents d
    WHERE d.id = old_document AND NOT EXISTS (SELECT FROM govreport.reports r WHERE r.document_id = d.id);
    outcome := CASE WHEN old_report IS NULL THEN 'loaded' ELSE 'replaced' END;
END $$;

COMMENT ON FUNCTION govreport.load_document(bytea, text, boolean, boolean, text, integer, text, bytea) IS
    'stores a document and the report parsed from it (load()''s rules); returns the report id, the document id and loaded, already_present (nothing written) or replaced';

CREATE OR REPLACE FUNCTION govreport.load(
        document text,
        source_name text,
        strict boolean DEFAULT true,
        replace boolean DEFAULT false,
        agency text DEFAULT NULL,
        year integer DEFAULT NULL)
    RETURNS bigint
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT d.report_id FROM govreport.load_document(pg_catalog.convert_to(document, 'UTF8'), source_name,
                                                        strict, replace, agency, year, 'db_text') d $$;

COMMENT ON FUNCTION govreport.load(text, text, boolean, boolean, text, integer) IS
    'parses and stores one report in one statement, keeping the document in govreport.documents; returns its id in govreport.reports (the stored id when the same document is already present)';

CREATE OR REPLACE FUNCTION govreport.load(
        document bytea,
        source_name text,
        strict boolean DEFAULT true,
        replace boolean DEFAULT false,
        agency text DEFAULT NULL,
        year integer DEFAULT NULL)
    RETURNS bigint
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT d.report_id FROM govreport.load_document(document, source_name, strict, replace, agency, year) d $$;

COMMENT ON FUNCTION govreport.load(bytea, text, boolean, boolean, text, integer) IS
    'load() for raw document bytes (HTML pages in any supported encoding, pdftotext output, .docx), keeping them in govreport.documents';

-- Runs the current parser over stored documents and returns, per report,
-- what it reads differently: cells whose value or state changed (item
-- 'cell'), rules whose status changed ('rule'), and the title metadata
-- ('meta': template, agency, year, title, published, in old_state and
-- new_state).  With apply => true it also rewrites those reports in this
-- transaction: the same id, agency and year (a different reading of
-- either goes into the new value as a metadata_given finding), the new
-- value, rows and findings, under load()'s constraints (a strict report
-- that now breaks a hard identity raises 23514 and nothing is applied).
CREATE FUNCTION govreport.reparse(
        report_ids bigint[] DEFAULT NULL,
        apply boolean DEFAULT false,
        OUT report_id bigint,
        OUT item text,
        OUT key text,
        OUT old_value numeric,
        OUT new_value numeric,
        OUT old_state text,
        OUT new_state text)
    RETURNS SETOF record
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    s record;
    fresh govreport.report;
    kept govreport.report;		-- fresh, under the stored agency and year
BEGIN
    FOR s IN
        SELECT r.id, r.report, r.agency, r.year, r.strict AS enforce, d.id AS did, d.kind, d.bytes, d.text_layer
        FROM govreport.reports r JOIN govreport.documents d ON d.id = r.document_id
        WHERE reparse.report_ids IS NULL OR r.id = ANY (reparse.report_ids)
        ORDER BY r.id
    LOOP
        IF apply THEN
            PERFORM FROM govreport.reports r WHERE r.id = s.id FOR UPDATE;
        END IF;
        fresh := CASE WHEN s.kind = 'db_text' THEN govreport.parse(pg_catalog.convert_from(s.bytes, 'UTF8'))
                      ELSE govreport.parse(coalesce(s.text_layer, s.bytes)) END;
        RETURN QUERY
            SELECT s.id, 'meta', m.k, NULL::numeric, NULL::numeric, m.o, m.n
            FROM (VALUES
                (1, 'template', govreport.template(s.report), govreport.template(fresh)),
                (2, 'agency', govreport.agency(s.report), govreport.agency(fresh)),
                (3, 'year', govreport.year(s.report)::text, govreport.year(fresh)::text),
                (4, 'title', govreport.title(s.report), govreport.title(fresh)),
                (5, 'published', govreport.published(s.report)::text, govreport.published(fresh)::text)
            ) AS m(ord, k, o, n)
            WHERE m.o IS DISTINCT FROM m.n;
        RETURN QUERY
            SELECT s.id, 'cell', coalesce(o.key, n.key), o.value, n.value, o.state, n.state
            FROM govreport.cells(s.report) o FULL JOIN govreport.cells(fresh) n ON n.key = o.key
            WHERE o.value IS DISTINCT FROM n.value OR o.state IS DISTINCT FROM n.state
            ORDER BY 3;
        RETURN QUERY
            SELECT s.id, 'rule', coalesce(o.rule, n.rule), NULL::numeric, NULL::numeric, o.status, n.status
            FROM govreport.rule_status(s.report) o FULL JOIN govreport.rule_status(fresh) n ON n.rule = o.rule
            WHERE o.status IS DISTINCT FROM n.status
            ORDER BY 3;
        IF apply THEN
            kept := govreport.with_metadata(fresh, s.agency, s.year);
            IF s.report::text <> kept::text THEN
                IF s.enforce THEN
                    PERFORM govreport.assert_consistent(kept);	-- 23514 with the details
                END IF;
                DELETE FROM govreport.t2_rows t WHERE t.report_id = s.id;
                DELETE FROM govreport.t3_rows t WHERE t.report_id = s.id;
                DELETE FROM govreport.t4_rows t WHERE t.report_id = s.id;
                DELETE FROM govreport.report_findings f WHERE f.report_id = s.id;
                UPDATE govreport.reports r SET report = kept, template = govreport.template(kept)
                WHERE r.id = s.id;
                PERFORM govreport.write_rows(s.id, kept, s.enforce);
            END IF;
            UPDATE govreport.documents d SET parsed_by = govreport.library_version() WHERE d.id = s.did;
        END IF;
    END LOOP;
END $$;

COMMENT ON FUNCTION govreport.reparse(bigint[], boolean) IS
    'parses the stored documents of the given reports (all when NULL) again and returns the cells, rules and metadata read differently; apply => true rewrites those reports in this transaction';

-- ------------------------------------------------------------ privileges

-- everyone reads the documents; the loader stores them, deletes a replaced
-- report's document, and marks what parsed them (reparse)
GRANT SELECT ON govreport.documents TO govreport_reader, govreport_loader, govreport_reviewer;
GRANT INSERT, DELETE ON govreport.documents TO govreport_loader;
GRANT UPDATE (parsed_by) ON govreport.documents TO govreport_loader;
GRANT USAGE ON SEQUENCE govreport.documents_id_seq TO govreport_loader;
-- load_document links a report to its document; reparse(apply) rewrites a report's value
GRANT UPDATE (document_id, report, template) ON govreport.reports TO govreport_loader;
