-- Inputs and the loop for test/load/memory.sh.  Expects table docs(id,
-- name, form, body) (test/load/lib.sh) and psql variables has_bytea (true
-- when govreport.parse(bytea) exists) and copy_dir (where the script puts
-- the binary COPY files, readable by the server).

-- The documents parsed in the run: every text document, and the HTML ones
-- when parse(bytea) can read them.
CREATE TABLE good AS
SELECT id, name, form, body, convert_from(body, 'UTF8') AS txt
FROM docs WHERE form = 'text' OR :has_bytea;

-- Inputs that fail, each with the SQLSTATEs it may raise and the way in
-- (via): the type's text input, parse(text), parse(bytea), strict load(),
-- or the binary receive function through COPY BINARY.
CREATE TABLE bad (
    id serial PRIMARY KEY,
    kind text NOT NULL,
    via text NOT NULL CHECK (via IN ('canonical', 'parse_text', 'parse_bytea', 'load', 'copy')),
    txt text,
    bytes bytea,
    expect text[] NOT NULL
);

CREATE TEMP TABLE canon AS
SELECT name, txt, govreport.parse(txt)::text AS c FROM good WHERE form = 'text';

-- canonical text with one wrong byte: a comma between cells becomes '#'
INSERT INTO bad (kind, via, txt, expect)
SELECT 'canonical wrong byte', 'canonical', overlay(c PLACING '#' FROM strpos(c, ',"t3.')), '{22P02}' FROM canon;
-- canonical text cut in the middle of a cell
INSERT INTO bad (kind, via, txt, expect)
SELECT 'canonical truncated', 'canonical', left(c, length(c) / 2), '{22P02}' FROM canon;
-- canonical text of a format version this build does not read
INSERT INTO bad (kind, via, txt, expect)
SELECT 'canonical bad version', 'canonical', replace(c, '{"version":1,', '{"version":7,'), '{22P02}' FROM canon;
-- a number over 18 digits in the canonical text
INSERT INTO bad (kind, via, txt, expect)
SELECT 'canonical number too large', 'canonical',
       regexp_replace(c, '"value":[0-9]+', '"value":12345678901234567890123'), '{22003}' FROM canon;
-- the prose before table 2, with the title's key words gone: not a report
INSERT INTO bad (kind, via, txt, expect)
SELECT 'not a report', 'parse_text', replace(left(txt, strpos(txt, '二、主动公开') - 1), '年度报告', ''), '{22023}'
FROM canon WHERE strpos(txt, '二、主动公开') > 0;
INSERT INTO bad (kind, via, txt, expect) VALUES ('empty', 'parse_text', E' \n\t \n', '{22023}');
-- a whole report that strict load() rejects after parsing and checking it
INSERT INTO bad (kind, via, txt, expect)
SELECT 'strict load of an inconsistent report', 'load', txt, '{23514}'
FROM canon WHERE NOT govreport.is_consistent(govreport.parse(txt));

-- Bytes: only parse(bytea) can receive undecodable documents.
-- Cut right after the lead byte of a multi-byte character past the middle:
-- not UTF-8 any more, and GB18030 may or may not read it (then it is no
-- report), so either error will do.
INSERT INTO bad (kind, via, bytes, expect)
SELECT 'truncated inside a UTF-8 character', 'parse_bytea', substring(body FROM 1 FOR cut), '{22021,22023}'
FROM good,
     LATERAL (SELECT min(p) AS cut FROM generate_series(length(body) / 2, length(body) - 1) p
              WHERE get_byte(body, p - 1) >= 194) c
WHERE :has_bytea AND cut IS NOT NULL;
-- 0xFF in the middle is neither UTF-8 nor GB18030
INSERT INTO bad (kind, via, bytes, expect)
SELECT 'byte 0xFF in the middle', 'parse_bytea',
       substring(body FROM 1 FOR length(body) / 2) || '\xff'::bytea || substring(body FROM length(body) / 2 + 1), '{22021}'
FROM good WHERE :has_bytea;

-- The binary files are written by the script (COPY ... TO STDOUT, then
-- patched); the rows just name them.
INSERT INTO bad (kind, via, txt, expect) VALUES
    ('binary bad version', 'copy', :'copy_dir' || '/bad-version.bin', '{22P03}'),
    ('binary truncated', 'copy', :'copy_dir' || '/truncated.bin', '{22P03}');

CREATE TABLE sink (r govreport.report);

-- One backend, many parses.  Iteration i parses good document i mod n and
-- reads its cells, checks and findings, and round-trips its canonical text;
-- every tenth iteration instead feeds a failing input inside a BEGIN ...
-- EXCEPTION block (a subtransaction), so the backend goes on.  A failure
-- that raises an unexpected SQLSTATE, or does not fail, is counted; a good
-- document that fails stops the run, as it should.  Commits every 500
-- iterations so no transaction grows for the whole run.
CREATE PROCEDURE memory_run(iterations int, INOUT result jsonb DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    goods good[];
    bads bad[];
    g good;
    b bad;
    r govreport.report;
    st text;
    parsed bigint := 0;
    failed bigint := 0;
    per_kind jsonb := '{}';
    unexpected jsonb := '{}';
    k text;
BEGIN
    SELECT array_agg(x ORDER BY id) INTO goods FROM good x;
    SELECT array_agg(x ORDER BY id) INTO bads FROM bad x;
    FOR i IN 0 .. iterations - 1 LOOP
        IF i % 10 = 9 THEN
            b := bads[1 + (i / 10) % cardinality(bads)];
            BEGIN
                CASE b.via
                    WHEN 'canonical' THEN r := b.txt::govreport.report;
                    WHEN 'parse_text' THEN r := govreport.parse(b.txt);
                    WHEN 'parse_bytea' THEN r := govreport.parse(b.bytes);
                    WHEN 'load' THEN PERFORM govreport.load(b.txt, 'memory test');
                    WHEN 'copy' THEN EXECUTE format('COPY sink FROM %L WITH (FORMAT binary)', b.txt);
                END CASE;
                st := 'no error';
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
            END;
            k := b.kind || ': ' || st;
            IF st = ANY (b.expect) THEN
                failed := failed + 1;
                per_kind := jsonb_set(per_kind, ARRAY[k], to_jsonb(coalesce((per_kind ->> k)::bigint, 0) + 1));
            ELSE
                unexpected := jsonb_set(unexpected, ARRAY[k], to_jsonb(coalesce((unexpected ->> k)::bigint, 0) + 1));
            END IF;
        ELSE
            g := goods[1 + i % cardinality(goods)];
            IF g.form = 'text' THEN
                r := govreport.parse(g.txt);
            ELSE
                r := govreport.parse(g.body);
            END IF;
            PERFORM count(*) FROM govreport.cells(r);
            PERFORM count(*) FROM govreport.checks(r);
            PERFORM count(*) FROM govreport.findings(r);
            PERFORM govreport.is_consistent(r);
            IF r::text::govreport.report::text <> r::text THEN
                RAISE EXCEPTION 'canonical text of % does not round-trip', g.name;
            END IF;
            parsed := parsed + 1;
        END IF;
        IF i % 500 = 499 THEN
            COMMIT;
        END IF;
    END LOOP;
    result := jsonb_build_object('iterations', iterations, 'parsed', parsed, 'failed', failed,
                                 'failures', per_kind, 'unexpected', unexpected);
END $$;
