-- The store: reports, their cells as relational rows whose constraints
-- enforce the identities, the findings, and load().
--
-- Row identities (t3_row_sum, t4_sum, integer_count) are CHECK constraints;
-- cross-row identities (t3_balance, t3_outcome_sum) are deferred constraint
-- triggers that run at commit.  Both raise check_violation (23514) naming
-- the rule, for a hand-written INSERT/UPDATE exactly as for load().
-- A report loaded with strict => false keeps its failures: its rows carry
-- enforce = false (tied to the report's strict flag by a foreign key), and
-- its failing checks are listed in govreport.report_findings.

CREATE TABLE govreport.reports (
    id bigserial PRIMARY KEY,
    agency text NOT NULL,
    year integer NOT NULL,
    template text NOT NULL,
    source_name text,
    report govreport.report NOT NULL,
    strict boolean NOT NULL DEFAULT true,
    loaded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reports_agency_year_key UNIQUE (agency, year),
    CONSTRAINT reports_id_strict_key UNIQUE (id, strict)
);

-- Report values live in TOAST, so the heap looks small to the planner
-- (below min_parallel_table_scan_size) while every row costs a parse-sized
-- amount of work in checks() or rule_status(): let scans of it run in
-- parallel anyway (max_parallel_workers_per_gather still caps it).
ALTER TABLE govreport.reports SET (parallel_workers = 8);

COMMENT ON TABLE govreport.reports IS
    'one row per stored report, unique per agency and year; strict = false when it was loaded with its failures';

CREATE TABLE govreport.t2_rows (
    report_id bigint NOT NULL,
    row_code text NOT NULL,
    issued numeric, repealed numeric, in_force numeric,
    decisions numeric, amount numeric,
    newly_made numeric, newly_published numeric, total_published numeric,
    previous_items numeric, change numeric, items numeric,
    enforce boolean NOT NULL DEFAULT true,
    PRIMARY KEY (report_id, row_code),
    FOREIGN KEY (report_id, enforce) REFERENCES govreport.reports (id, strict)
        ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT integer_count CHECK (NOT enforce OR (
        (issued IS NULL OR (issued >= 0 AND issued = trunc(issued))) AND
        (repealed IS NULL OR (repealed >= 0 AND repealed = trunc(repealed))) AND
        (in_force IS NULL OR (in_force >= 0 AND in_force = trunc(in_force))) AND
        (decisions IS NULL OR (decisions >= 0 AND decisions = trunc(decisions))) AND
        (newly_made IS NULL OR (newly_made >= 0 AND newly_made = trunc(newly_made))) AND
        (newly_published IS NULL OR (newly_published >= 0 AND newly_published = trunc(newly_published))) AND
        (total_published IS NULL OR (total_published >= 0 AND total_published = trunc(total_published))) AND
        (previous_items IS NULL OR (previous_items >= 0 AND previous_items = trunc(previous_items))) AND
        (change IS NULL OR change = trunc(change)) AND
        (items IS NULL OR (items >= 0 AND items = trunc(items)))))
);

COMMENT ON TABLE govreport.t2_rows IS
    'table 2 (主动公开政府信息情况), one row per printed row; columns as SPEC §6 column codes; amount is money (万元 or 元)';

CREATE TABLE govreport.t3_rows (
    report_id bigint NOT NULL,
    row_code text NOT NULL,
    natural_person numeric, commercial numeric, research numeric, social_welfare numeric,
    legal_service numeric, other_org numeric, total numeric,
    enforce boolean NOT NULL DEFAULT true,
    PRIMARY KEY (report_id, row_code),
    FOREIGN KEY (report_id, enforce) REFERENCES govreport.reports (id, strict)
        ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT t3_row_sum CHECK (NOT enforce OR
        coalesce(total, 0) = coalesce(natural_person, 0) + coalesce(commercial, 0) + coalesce(research, 0)
            + coalesce(social_welfare, 0) + coalesce(legal_service, 0) + coalesce(other_org, 0)),
    CONSTRAINT integer_count CHECK (NOT enforce OR (
        (natural_person IS NULL OR (natural_person >= 0 AND natural_person = trunc(natural_person))) AND
        (commercial IS NULL OR (commercial >= 0 AND commercial = trunc(commercial))) AND
        (research IS NULL OR (research >= 0 AND research = trunc(research))) AND
        (social_welfare IS NULL OR (social_welfare >= 0 AND social_welfare = trunc(social_welfare))) AND
        (legal_service IS NULL OR (legal_service >= 0 AND legal_service = trunc(legal_service))) AND
        (other_org IS NULL OR (other_org >= 0 AND other_org = trunc(other_org))) AND
        (total IS NULL OR (total >= 0 AND total = trunc(total)))))
);

COMMENT ON TABLE govreport.t3_rows IS
    'table 3 (收到和处理政府信息公开申请情况), one row per report row with its seven applicant columns; NULL is a blank cell, counted as 0 by the identities';

CREATE TABLE govreport.t4_rows (
    report_id bigint NOT NULL,
    row_code text NOT NULL,
    upheld numeric, corrected numeric, other numeric, pending numeric, total numeric,
    enforce boolean NOT NULL DEFAULT true,
    PRIMARY KEY (report_id, row_code),
    FOREIGN KEY (report_id, enforce) REFERENCES govreport.reports (id, strict)
        ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT t4_sum CHECK (NOT enforce OR
        coalesce(total, 0) = coalesce(upheld, 0) + coalesce(corrected, 0) + coalesce(other, 0) + coalesce(pending, 0)),
    CONSTRAINT integer_count CHECK (NOT enforce OR (
        (upheld IS NULL OR (upheld >= 0 AND upheld = trunc(upheld))) AND
        (corrected IS NULL OR (corrected >= 0 AND corrected = trunc(corrected))) AND
        (other IS NULL OR (other >= 0 AND other = trunc(other))) AND
        (pending IS NULL OR (pending >= 0 AND pending = trunc(pending))) AND
        (total IS NULL OR (total >= 0 AND total = trunc(total)))))
);

COMMENT ON TABLE govreport.t4_rows IS
    'table 4 (行政复议、行政诉讼情况): review, litigation_direct, litigation_after_review';

CREATE TABLE govreport.report_findings (
    report_id bigint NOT NULL REFERENCES govreport.reports (id) ON DELETE CASCADE,
    source text NOT NULL CHECK (source IN ('parse', 'check')),
    code text NOT NULL,
    scope text,
    severity text CHECK (severity IN ('error', 'warning')),
    message text,
    "values" numeric[]
);

CREATE INDEX report_findings_report_id ON govreport.report_findings (report_id);

COMMENT ON TABLE govreport.report_findings IS
    'for each stored report: its parse findings (source parse) and its failing checks (source check, code = rule)';

-- The store's data belongs to the user: pg_dump must dump it.
SELECT pg_catalog.pg_extension_config_dump('govreport.reports', '');
SELECT pg_catalog.pg_extension_config_dump('govreport.reports_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('govreport.t2_rows', '');
SELECT pg_catalog.pg_extension_config_dump('govreport.t3_rows', '');
SELECT pg_catalog.pg_extension_config_dump('govreport.t4_rows', '');
SELECT pg_catalog.pg_extension_config_dump('govreport.report_findings', '');

-- ------------------------------------------------- cross-row identities

-- Checks t3_balance and t3_outcome_sum for one stored report, counting NULL
-- as 0.  Like checks(), a rule whose rows are not all stored is not
-- evaluated.  Raises check_violation naming the rule.
CREATE FUNCTION govreport.check_t3_rows(rid bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    tpl text;
    enforced boolean;
    n_outcome integer;
    v record;
BEGIN
    SELECT r.template, r.strict INTO tpl, enforced FROM govreport.reports r WHERE r.id = rid;
    IF NOT FOUND OR NOT enforced THEN
        RETURN;
    END IF;
    n_outcome := govreport.template_outcome_rows(tpl);
    -- every column at once: the outcome rows are all but the four others
    FOR v IN
        SELECT c.col,
               count(*) FILTER (WHERE t.row_code IN ('received', 'carried_over', 'concluded', 'carried_forward')) AS balance_rows,
               coalesce(sum(c.x) FILTER (WHERE t.row_code IN ('received', 'carried_over')), 0) AS lhs,
               coalesce(sum(c.x) FILTER (WHERE t.row_code IN ('concluded', 'carried_forward')), 0) AS rhs,
               count(*) FILTER (WHERE t.row_code = 'concluded') AS has_concluded,
               coalesce(sum(c.x) FILTER (WHERE t.row_code = 'concluded'), 0) AS concluded,
               count(*) FILTER (WHERE t.row_code NOT IN ('received', 'carried_over', 'concluded', 'carried_forward')) AS outcome_count,
               coalesce(sum(c.x) FILTER (WHERE t.row_code NOT IN ('received', 'carried_over', 'concluded', 'carried_forward')), 0) AS outcomes
        FROM govreport.t3_rows t
        CROSS JOIN LATERAL (VALUES
            (1, 'natural_person', coalesce(t.natural_person, 0)), (2, 'commercial', coalesce(t.commercial, 0)),
            (3, 'research', coalesce(t.research, 0)), (4, 'social_welfare', coalesce(t.social_welfare, 0)),
            (5, 'legal_service', coalesce(t.legal_service, 0)), (6, 'other_org', coalesce(t.other_org, 0)),
            (7, 'total', coalesce(t.total, 0))) AS c(ord, col, x)
        WHERE t.report_id = rid
        GROUP BY c.ord, c.col
        ORDER BY c.ord
    LOOP
        IF v.balance_rows = 4 AND v.lhs <> v.rhs THEN
            RAISE EXCEPTION 't3_balance: report % column %: received + carried_over = % ≠ concluded + carried_forward = %',
                    rid, v.col, v.lhs, v.rhs
                USING ERRCODE = 'check_violation', CONSTRAINT = 't3_balance',
                      SCHEMA = 'govreport', TABLE = 't3_rows',
                      DETAIL = format('difference %s', v.lhs - v.rhs);
        END IF;
        IF v.has_concluded = 1 AND v.outcome_count = n_outcome AND v.concluded <> v.outcomes THEN
            RAISE EXCEPTION 't3_outcome_sum: report % column %: concluded % ≠ sum of the % outcome rows = %',
                    rid, v.col, v.concluded, v.outcome_count, v.outcomes
                USING ERRCODE = 'check_violation', CONSTRAINT = 't3_outcome_sum',
                      SCHEMA = 'govreport', TABLE = 't3_rows',
                      DETAIL = format('difference %s', v.concluded - v.outcomes);
        END IF;
    END LOOP;
END $$;

-- A statement that changes t3_rows queues each report it touched, once;
-- the deferred constraint trigger on the queue checks each at commit.
-- (A row-level deferred trigger on t3_rows would check a report once per
-- row: 25 times for every load.)
CREATE TABLE govreport.t3_pending (report_id bigint NOT NULL);

COMMENT ON TABLE govreport.t3_pending IS
    'reports whose table-3 rows changed in the current transaction, waiting for the cross-row identities at commit; always empty outside a transaction';

CREATE FUNCTION govreport.t3_rows_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO govreport.t3_pending SELECT DISTINCT report_id FROM new_rows;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO govreport.t3_pending
        SELECT report_id FROM new_rows UNION SELECT report_id FROM old_rows;
    ELSE
        INSERT INTO govreport.t3_pending SELECT DISTINCT report_id FROM old_rows;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER t3_rows_inserted AFTER INSERT ON govreport.t3_rows
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.t3_rows_changed();
CREATE TRIGGER t3_rows_updated AFTER UPDATE ON govreport.t3_rows
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.t3_rows_changed();
CREATE TRIGGER t3_rows_deleted AFTER DELETE ON govreport.t3_rows
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.t3_rows_changed();

CREATE FUNCTION govreport.t3_rows_identities() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    PERFORM govreport.check_t3_rows(NEW.report_id);
    DELETE FROM govreport.t3_pending WHERE ctid = NEW.ctid;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER t3_cross_row_identities
    AFTER INSERT ON govreport.t3_pending
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION govreport.t3_rows_identities();

-- ------------------------------------------------------------------ load

CREATE FUNCTION govreport.load_report(
        report govreport.report,
        source_name text,
        strict boolean DEFAULT true,
        replace boolean DEFAULT false,
        agency text DEFAULT NULL,
        year integer DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    the_agency text := coalesce(load_report.agency, govreport.agency(report));
    the_year integer := coalesce(load_report.year, govreport.year(report));
    rid bigint;
    existing bigint;
    failing text[];				-- severities of the rules that fail
BEGIN
    IF the_agency IS NULL OR the_year IS NULL THEN
        RAISE EXCEPTION 'report from % names no %', coalesce(source_name, 'an unnamed source'),
                CASE WHEN the_agency IS NULL AND the_year IS NULL THEN 'agency and no year'
                     WHEN the_agency IS NULL THEN 'agency' ELSE 'year' END
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass agency => and year => to load it under a name of your choosing.';
    END IF;
    -- the checks run once, without messages; the messages are built only
    -- for a report that fails something
    failing := ARRAY(SELECT k.severity FROM govreport.rule_status(report) k WHERE k.status = 'fail');
    IF strict AND 'error' = ANY (failing) THEN
        PERFORM govreport.assert_consistent(report);	-- raises 23514 with the details
    END IF;
    IF replace THEN
        DELETE FROM govreport.reports r WHERE r.agency = the_agency AND r.year = the_year;
    END IF;
    BEGIN
        INSERT INTO govreport.reports (agency, year, template, source_name, report, strict)
        VALUES (the_agency, the_year, govreport.template(report), source_name, report, strict)
        RETURNING id INTO rid;
    EXCEPTION WHEN unique_violation THEN
        SELECT r.id INTO existing FROM govreport.reports r WHERE r.agency = the_agency AND r.year = the_year;
        RAISE EXCEPTION 'a report of % for % is already stored (id %)', the_agency, the_year, existing
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'reports_agency_year_key',
                  HINT = 'load(..., replace => true) replaces it.';
    END;

    PERFORM govreport.write_rows(rid, report, strict);

    RETURN rid;
END $$;

COMMENT ON FUNCTION govreport.load_report(govreport.report, text, boolean, boolean, text, integer) IS
    'stores a parsed report and its rows; strict (the default) rejects a report that breaks a hard identity and writes nothing';

-- Writes a stored report's cell rows and findings: its rows of t2_rows,
-- t3_rows and t4_rows, its parse findings and its failing checks.  Shared
-- by load_report and reparse(apply => true); the report row exists.
CREATE FUNCTION govreport.write_rows(report_id bigint, report govreport.report, strict boolean)
    RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    -- rows whose every cell is in the document; a row with an absent cell
    -- stays in the report value only (its identities are not evaluated).
    -- One pass over the cells feeds all three tables.
    WITH c AS MATERIALIZED (
        SELECT table_code, row_code, column_code, value, state FROM govreport.cells(report)
    ), complete AS (
        SELECT table_code, row_code FROM c GROUP BY table_code, row_code HAVING bool_and(state <> 'absent')
    ), r AS (
        SELECT c.* FROM c JOIN complete USING (table_code, row_code)
    ), t2 AS (
        INSERT INTO govreport.t2_rows (report_id, row_code, issued, repealed, in_force, decisions, amount,
                                       newly_made, newly_published, total_published, previous_items, change, items, enforce)
        SELECT write_rows.report_id, r.row_code,
               max(r.value) FILTER (WHERE r.column_code = 'issued'),
               max(r.value) FILTER (WHERE r.column_code = 'repealed'),
               max(r.value) FILTER (WHERE r.column_code = 'in_force'),
               max(r.value) FILTER (WHERE r.column_code = 'decisions'),
               max(r.value) FILTER (WHERE r.column_code = 'amount'),
               max(r.value) FILTER (WHERE r.column_code = 'newly_made'),
               max(r.value) FILTER (WHERE r.column_code = 'newly_published'),
               max(r.value) FILTER (WHERE r.column_code = 'total_published'),
               max(r.value) FILTER (WHERE r.column_code = 'previous_items'),
               max(r.value) FILTER (WHERE r.column_code = 'change'),
               max(r.value) FILTER (WHERE r.column_code = 'items'),
               write_rows.strict
        FROM r WHERE r.table_code = 't2' GROUP BY r.row_code
    ), t4 AS (
        INSERT INTO govreport.t4_rows (report_id, row_code, upheld, corrected, other, pending, total, enforce)
        SELECT write_rows.report_id, r.row_code,
               max(r.value) FILTER (WHERE r.column_code = 'upheld'),
               max(r.value) FILTER (WHERE r.column_code = 'corrected'),
               max(r.value) FILTER (WHERE r.column_code = 'other'),
               max(r.value) FILTER (WHERE r.column_code = 'pending'),
               max(r.value) FILTER (WHERE r.column_code = 'total'),
               write_rows.strict
        FROM r WHERE r.table_code = 't4' GROUP BY r.row_code
    )
    INSERT INTO govreport.t3_rows (report_id, row_code, natural_person, commercial, research, social_welfare,
                                   legal_service, other_org, total, enforce)
    SELECT write_rows.report_id, r.row_code,
           max(r.value) FILTER (WHERE r.column_code = 'natural_person'),
           max(r.value) FILTER (WHERE r.column_code = 'commercial'),
           max(r.value) FILTER (WHERE r.column_code = 'research'),
           max(r.value) FILTER (WHERE r.column_code = 'social_welfare'),
           max(r.value) FILTER (WHERE r.column_code = 'legal_service'),
           max(r.value) FILTER (WHERE r.column_code = 'other_org'),
           max(r.value) FILTER (WHERE r.column_code = 'total'),
           write_rows.strict
    FROM r WHERE r.table_code = 't3' GROUP BY r.row_code;

    INSERT INTO govreport.report_findings (report_id, source, code, scope, severity, message, "values")
    SELECT write_rows.report_id, 'parse', f.code, f.location, NULL, f.message, f."values"
    FROM govreport.findings(report) f;

    -- the failing checks with their messages; most reports have none
    IF EXISTS (SELECT FROM govreport.rule_status(report) k WHERE k.status = 'fail') THEN
        INSERT INTO govreport.report_findings (report_id, source, code, scope, severity, message, "values")
        SELECT write_rows.report_id, 'check', k.rule, k.scope, k.severity, k.message,
               CASE WHEN k.expected IS NULL THEN NULL ELSE ARRAY[k.expected, k.actual] END
        FROM govreport.checks(report) k
        WHERE k.status = 'fail';
    END IF;
END $$;

COMMENT ON FUNCTION govreport.write_rows(bigint, govreport.report, boolean) IS
    'writes the cell rows and findings of a stored report (used by load_report and reparse); the identities are enforced as for load';

-- 60_documents.sql redefines both load() functions to keep the document.
CREATE FUNCTION govreport.load(
        document text,
        source_name text,
        strict boolean DEFAULT true,
        replace boolean DEFAULT false,
        agency text DEFAULT NULL,
        year integer DEFAULT NULL)
    RETURNS bigint
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT govreport.load_report(govreport.parse(document), source_name, strict, replace, agency, year) $$;

COMMENT ON FUNCTION govreport.load(text, text, boolean, boolean, text, integer) IS
    'parses and stores one report in one statement; returns its id in govreport.reports';

CREATE FUNCTION govreport.load(
        document bytea,
        source_name text,
        strict boolean DEFAULT true,
        replace boolean DEFAULT false,
        agency text DEFAULT NULL,
        year integer DEFAULT NULL)
    RETURNS bigint
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT govreport.load_report(govreport.parse(document), source_name, strict, replace, agency, year) $$;

COMMENT ON FUNCTION govreport.load(bytea, text, boolean, boolean, text, integer) IS
    'load() for raw document bytes (HTML pages in any supported encoding, pdftotext output)';

-- ------------------------------------------------------- across reports

CREATE VIEW govreport.carry_continuity AS
SELECT cur.agency, cur.year, prev.year AS previous_year, v.column_code,
       v.previous_carried_forward, v.carried_over,
       coalesce(v.carried_over, 0) - coalesce(v.previous_carried_forward, 0) AS difference,
       CASE WHEN coalesce(v.carried_over, 0) = coalesce(v.previous_carried_forward, 0)
            THEN 'pass' ELSE 'fail' END AS status,
       cur.id AS report_id, prev.id AS previous_report_id
FROM govreport.reports cur
JOIN govreport.reports prev ON prev.agency = cur.agency AND prev.year = cur.year - 1
JOIN govreport.t3_rows co ON co.report_id = cur.id AND co.row_code = 'carried_over'
JOIN govreport.t3_rows cf ON cf.report_id = prev.id AND cf.row_code = 'carried_forward'
CROSS JOIN LATERAL (VALUES
    ('natural_person', cf.natural_person, co.natural_person),
    ('commercial', cf.commercial, co.commercial),
    ('research', cf.research, co.research),
    ('social_welfare', cf.social_welfare, co.social_welfare),
    ('legal_service', cf.legal_service, co.legal_service),
    ('other_org', cf.other_org, co.other_org),
    ('total', cf.total, co.total)) AS v(column_code, previous_carried_forward, carried_over);

COMMENT ON VIEW govreport.carry_continuity IS
    'carry_continuity: this year''s carried_over against the same agency''s carried_forward of the year before, per column';

CREATE VIEW govreport.in_force_continuity AS
SELECT cur.agency, cur.year, prev.year AS previous_year, c.row_code,
       p.in_force AS previous_in_force, c.issued, c.repealed, c.in_force,
       coalesce(p.in_force, 0) + coalesce(c.issued, 0) - coalesce(c.repealed, 0) AS expected_in_force,
       coalesce(c.in_force, 0) - (coalesce(p.in_force, 0) + coalesce(c.issued, 0) - coalesce(c.repealed, 0)) AS difference,
       CASE WHEN coalesce(c.in_force, 0) = coalesce(p.in_force, 0) + coalesce(c.issued, 0) - coalesce(c.repealed, 0)
            THEN 'pass' ELSE 'fail' END AS status,
       cur.id AS report_id, prev.id AS previous_report_id
FROM govreport.reports cur
JOIN govreport.reports prev ON prev.agency = cur.agency AND prev.year = cur.year - 1
JOIN govreport.t2_rows c ON c.report_id = cur.id AND c.row_code IN ('rules', 'normative_documents')
JOIN govreport.t2_rows p ON p.report_id = prev.id AND p.row_code = c.row_code
WHERE cur.template = '2021' AND prev.template = '2021';

COMMENT ON VIEW govreport.in_force_continuity IS
    'in_force_continuity (2021 template): in_force(N) against in_force(N-1) + issued(N) - repealed(N); approximate by nature, a warning';

-- Per rule: how many stored reports it was checked on, passed, failed, or
-- could not evaluate (a rule fails on a report when any instance fails).
-- The single-report rules aggregate on their own, so that part runs as a
-- parallel aggregate over the store.
CREATE VIEW govreport.rule_summary AS
SELECT k.rule, k.severity,
       count(*) AS reports_checked,
       count(*) FILTER (WHERE k.status = 'pass') AS passed,
       count(*) FILTER (WHERE k.status = 'fail') AS failed,
       count(*) FILTER (WHERE k.status = 'not_evaluated') AS not_evaluated
FROM govreport.reports r, govreport.rule_status(r.report) k
GROUP BY k.rule, k.severity
UNION ALL
SELECT 'carry_continuity', 'warning', count(*), count(*) FILTER (WHERE passed),
       count(*) FILTER (WHERE failed), count(*) FILTER (WHERE NOT passed AND NOT failed)
FROM (SELECT bool_or(status = 'fail') AS failed, bool_and(status = 'pass') AS passed
      FROM govreport.carry_continuity GROUP BY report_id) c
HAVING count(*) > 0
UNION ALL
SELECT 'in_force_continuity', 'warning', count(*), count(*) FILTER (WHERE passed),
       count(*) FILTER (WHERE failed), count(*) FILTER (WHERE NOT passed AND NOT failed)
FROM (SELECT bool_or(status = 'fail') AS failed, bool_and(status = 'pass') AS passed
      FROM govreport.in_force_continuity GROUP BY report_id) f
HAVING count(*) > 0;

COMMENT ON VIEW govreport.rule_summary IS
    'per rule over the store: reports checked, passed, failed, not evaluated';
