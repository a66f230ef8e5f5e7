
-- The store (issue 16): the cell CHECK constraints are rebuilt with every
-- operator and function qualified (a 0.1.0 install could have bound an
-- operator planted in schema govreport before the install), NaN and
-- ±Infinity are no longer counts, the columns of reports must be those of
-- the value, and a commit-time verification replaces the table-3 queue.

-- What a cell column may hold, for the store's CHECK constraints: never NaN
-- or ±Infinity (numeric has both; neither is a count or an amount).
CREATE FUNCTION govreport.is_count(numeric) RETURNS boolean
    AS 'MODULE_PATHNAME', 'govreport_is_count'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govreport.is_count(numeric) IS
    'integer_count for one cell: a finite non-negative integer';
CREATE FUNCTION govreport.is_signed_count(numeric) RETURNS boolean
    AS 'MODULE_PATHNAME', 'govreport_is_signed_count'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govreport.is_signed_count(numeric) IS
    'integer_count for a signed cell (2019 本年增/减): a finite integer';
CREATE FUNCTION govreport.is_amount(numeric) RETURNS boolean
    AS 'MODULE_PATHNAME', 'govreport_is_amount'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govreport.is_amount(numeric) IS
    'a money cell: a finite non-negative decimal';

-- An agency or year given here becomes the value's (with_metadata).
CREATE FUNCTION govreport.with_metadata(report govreport.report, agency text, year integer)
    RETURNS govreport.report
    AS 'MODULE_PATHNAME', 'govreport_with_metadata'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION govreport.with_metadata(govreport.report, text, integer) IS
    'the report under the agency and year given (NULL keeps the value''s own); what the document printed is kept in a metadata_given finding';

-- Reports loaded under an agency or year of the user's choosing keep it in
-- the value from now on (with a metadata_given finding naming what the
-- document printed), so that the columns and the value agree.
UPDATE govreport.reports r
   SET report = govreport.with_metadata(r.report, r.agency, r.year)
 WHERE r.agency IS DISTINCT FROM govreport.agency(r.report) OR r.year IS DISTINCT FROM govreport.year(r.report);
INSERT INTO govreport.report_findings (report_id, source, code, scope, severity, message, "values")
SELECT r.id, 'parse', f.code, f.location, NULL, f.message, f."values"
FROM govreport.reports r, govreport.findings(r.report) f
WHERE f.code = 'metadata_given'
  AND NOT EXISTS (SELECT FROM govreport.report_findings o
                  WHERE o.report_id = r.id AND o.code = 'metadata_given' AND o.scope = f.location);

ALTER TABLE govreport.reports ADD CONSTRAINT reports_match_value CHECK (
        template OPERATOR(pg_catalog.=) coalesce(govreport.template(report), '')
        AND agency OPERATOR(pg_catalog.=) coalesce(govreport.agency(report), '')
        AND year OPERATOR(pg_catalog.=) coalesce(govreport.year(report), 0));
COMMENT ON TABLE govreport.reports IS
    'one row per stored report, unique per agency and year; template, agency and year are the value''s own (an agency or year given at load is written into the value, with a metadata_given finding keeping what the document printed); strict = false when it was loaded with its failures';

ALTER TABLE govreport.t2_rows
    DROP CONSTRAINT integer_count,
    ADD CONSTRAINT integer_count CHECK (NOT enforce OR (
        govreport.is_count(issued) AND govreport.is_count(repealed) AND govreport.is_count(in_force)
        AND govreport.is_count(decisions) AND govreport.is_count(newly_made)
        AND govreport.is_count(newly_published) AND govreport.is_count(total_published)
        AND govreport.is_count(previous_items) AND govreport.is_signed_count(change)
        AND govreport.is_count(items))),
    ADD CONSTRAINT amount_finite CHECK (govreport.is_amount(amount));
ALTER TABLE govreport.t3_rows
    DROP CONSTRAINT t3_row_sum,
    DROP CONSTRAINT integer_count,
    ADD CONSTRAINT t3_row_sum CHECK (NOT enforce OR
        coalesce(total, 0) OPERATOR(pg_catalog.=) (coalesce(natural_person, 0)
            OPERATOR(pg_catalog.+) coalesce(commercial, 0) OPERATOR(pg_catalog.+) coalesce(research, 0)
            OPERATOR(pg_catalog.+) coalesce(social_welfare, 0) OPERATOR(pg_catalog.+) coalesce(legal_service, 0)
            OPERATOR(pg_catalog.+) coalesce(other_org, 0))),
    ADD CONSTRAINT integer_count CHECK (NOT enforce OR (
        govreport.is_count(natural_person) AND govreport.is_count(commercial) AND govreport.is_count(research)
        AND govreport.is_count(social_welfare) AND govreport.is_count(legal_service)
        AND govreport.is_count(other_org) AND govreport.is_count(total)));
ALTER TABLE govreport.t4_rows
    DROP CONSTRAINT t4_sum,
    DROP CONSTRAINT integer_count,
    ADD CONSTRAINT t4_sum CHECK (NOT enforce OR
        coalesce(total, 0) OPERATOR(pg_catalog.=) (coalesce(upheld, 0) OPERATOR(pg_catalog.+) coalesce(corrected, 0)
            OPERATOR(pg_catalog.+) coalesce(other, 0) OPERATOR(pg_catalog.+) coalesce(pending, 0))),
    ADD CONSTRAINT integer_count CHECK (NOT enforce OR (
        govreport.is_count(upheld) AND govreport.is_count(corrected) AND govreport.is_count(other)
        AND govreport.is_count(pending) AND govreport.is_count(total)));
ALTER TABLE govreport.report_findings
    DROP CONSTRAINT report_findings_source_check,
    DROP CONSTRAINT report_findings_severity_check,
    ADD CONSTRAINT report_findings_source_check CHECK (source OPERATOR(pg_catalog.=) ANY (ARRAY['parse', 'check'])),
    ADD CONSTRAINT report_findings_severity_check CHECK (severity OPERATOR(pg_catalog.=) ANY (ARRAY['error', 'warning']));

-- The table-3 queue gives way to the verification of every changed report.
DROP TRIGGER t3_rows_inserted ON govreport.t3_rows;
DROP TRIGGER t3_rows_updated ON govreport.t3_rows;
DROP TRIGGER t3_rows_deleted ON govreport.t3_rows;
DROP TABLE govreport.t3_pending;
DROP FUNCTION govreport.t3_rows_changed();
DROP FUNCTION govreport.t3_rows_identities();

CREATE OR REPLACE FUNCTION govreport.check_t3_rows(rid bigint) RETURNS void
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
               pg_catalog.count(*) FILTER (WHERE t.row_code IN ('received', 'carried_over', 'concluded', 'carried_forward')) AS balance_rows,
               coalesce(pg_catalog.sum(c.x) FILTER (WHERE t.row_code IN ('received', 'carried_over')), 0) AS lhs,
               coalesce(pg_catalog.sum(c.x) FILTER (WHERE t.row_code IN ('concluded', 'carried_forward')), 0) AS rhs,
               pg_catalog.count(*) FILTER (WHERE t.row_code = 'concluded') AS has_concluded,
               coalesce(pg_catalog.sum(c.x) FILTER (WHERE t.row_code = 'concluded'), 0) AS concluded,
               pg_catalog.count(*) FILTER (WHERE t.row_code NOT IN ('received', 'carried_over', 'concluded', 'carried_forward')) AS outcome_count,
               coalesce(pg_catalog.sum(c.x) FILTER (WHERE t.row_code NOT IN ('received', 'carried_over', 'concluded', 'carried_forward')), 0) AS outcomes
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
                      DETAIL = pg_catalog.format('difference %s', v.lhs - v.rhs);
        END IF;
        IF v.has_concluded = 1 AND v.outcome_count = n_outcome AND v.concluded <> v.outcomes THEN
            RAISE EXCEPTION 't3_outcome_sum: report % column %: concluded % ≠ sum of the % outcome rows = %',
                    rid, v.col, v.concluded, v.outcome_count, v.outcomes
                USING ERRCODE = 'check_violation', CONSTRAINT = 't3_outcome_sum',
                      SCHEMA = 'govreport', TABLE = 't3_rows',
                      DETAIL = pg_catalog.format('difference %s', v.concluded - v.outcomes);
        END IF;
    END LOOP;
END $$;

-- The rows a report's value defines: every table row whose cells are all
-- in the document (a row with an absent cell stays in the value only, and
-- its identities are not evaluated), with its values in the column order of
-- the store's table.
CREATE FUNCTION govreport.report_rows(
        report govreport.report,
        OUT table_code text, OUT row_code text, OUT "values" numeric[])
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'govreport_report_rows'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 40;

COMMENT ON FUNCTION govreport.report_rows(govreport.report) IS
    'the store rows a report defines: each table row whose cells are all in the document, its values in the column order of t2_rows, t3_rows or t4_rows';

-- The findings a report defines in the store: its parse findings, and its
-- failing checks with their messages.
CREATE FUNCTION govreport.report_store_findings(
        report govreport.report,
        OUT source text, OUT code text, OUT scope text, OUT severity text, OUT message text,
        OUT "values" numeric[])
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 10
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT 'parse', f.code, f.location, NULL::text, f.message, f."values"
    FROM govreport.findings(report) f
    UNION ALL
    SELECT 'check', k.rule, k.scope, k.severity, k.message,
           CASE WHEN k.expected IS NULL THEN NULL ELSE ARRAY[k.expected, k.actual] END
    FROM govreport.checks(report) k
    WHERE k.status = 'fail'
      -- most reports fail nothing: skip the messages then
      AND EXISTS (SELECT FROM govreport.rule_status(report) s WHERE s.status = 'fail')
$$;

COMMENT ON FUNCTION govreport.report_store_findings(govreport.report) IS
    'the rows govreport.report_findings holds for a report: its parse findings (source parse) and its failing checks (source check)';

-- At commit, for one report whose stored row, cell rows or findings changed
-- in the transaction: the rows must be exactly those its value defines,
-- with its reviewers' active corrections applied (govreport.corrections), the
-- findings those of the value as printed, and a strict report's cross-row
-- identities must hold.  Raises check_violation (23514) naming what does
-- not match.
CREATE FUNCTION govreport.verify_report(rid bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    rep govreport.report;			-- as printed
    eff govreport.report;			-- with the active corrections (80_review.sql)
    enforced boolean;
    bad record;
BEGIN
    SELECT r.report, r.strict INTO rep, enforced FROM govreport.reports r WHERE r.id = rid;
    IF NOT FOUND THEN
        RETURN;			-- deleted: its rows went with it
    END IF;
    eff := rep;
    IF EXISTS (SELECT FROM govreport.corrections c WHERE c.report_id = rid) THEN
        -- the rows carry the corrected values: write them now (the row
        -- CHECKs judge them), whatever order the commit-time triggers run in
        PERFORM govreport.store_corrected_rows(rid);
        eff := govreport.effective_report(rid);
    END IF;
    WITH w AS MATERIALIZED (
        SELECT x.table_code, x.row_code, x."values" FROM govreport.report_rows(eff) x
    ), s AS MATERIALIZED (
        SELECT x.table_code, x.row_code, x."values" FROM govreport.stored_rows(rid) x
    )
    SELECT CASE WHEN s.row_code IS NULL THEN 'missing' ELSE 'unexpected' END AS what,
           coalesce(w.table_code, s.table_code) AS table_code, coalesce(w.row_code, s.row_code) AS row_code
      INTO bad
    FROM w FULL JOIN s ON s.table_code = w.table_code AND s.row_code = w.row_code
    WHERE w."values" IS DISTINCT FROM s."values"
    ORDER BY 2, 3, 1 LIMIT 1;
    IF FOUND THEN
        -- a broken identity says more than the mismatch: name it first
        IF enforced THEN
            PERFORM govreport.check_t3_rows(rid);
        END IF;
        RAISE EXCEPTION 'rows_match_report: the stored rows of report % differ from its value at %.%',
                rid, bad.table_code, bad.row_code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rows_match_report',
                  SCHEMA = 'govreport', TABLE = bad.table_code || '_rows',
                  DETAIL = CASE bad.what
                      WHEN 'missing' THEN 'The value defines this row (or these values), which the store lacks.'
                      ELSE 'The store holds this row (or these values), which the value does not define.' END,
                  HINT = 'A stored report''s rows are written by govreport.load(); change the value, not the rows. '
                         'Restoring a dump? Restore it in one transaction (pg_restore --single-transaction, psql --single-transaction).';
    END IF;
    -- the rows are the value's: their identities are the value's, which the
    -- core checks at once; the cross-row check on the rows names a failure
    IF enforced AND NOT govreport.is_consistent(eff) THEN
        PERFORM govreport.check_t3_rows(rid);
        PERFORM govreport.assert_consistent(eff);
    END IF;
    WITH w AS MATERIALIZED (
        SELECT f.source, f.code, f.scope, f.severity, f.message, f."values" FROM govreport.report_store_findings(rep) f
    ), s AS MATERIALIZED (
        SELECT f.source, f.code, f.scope, f.severity, f.message, f."values"
        FROM govreport.report_findings f WHERE f.report_id = rid
    )
    SELECT d.* INTO bad FROM (
        (SELECT 'missing' AS what, x.source, x.code FROM (TABLE w EXCEPT ALL TABLE s) x)
        UNION ALL
        (SELECT 'unexpected', x.source, x.code FROM (TABLE s EXCEPT ALL TABLE w) x)
    ) d ORDER BY d.source, d.code, d.what LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'findings_match_report: the stored findings of report % differ from its value (% finding %)',
                rid, bad.source, bad.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'findings_match_report',
                  SCHEMA = 'govreport', TABLE = 'report_findings',
                  DETAIL = CASE bad.what
                      WHEN 'missing' THEN 'The value defines this finding, which the store lacks.'
                      ELSE 'The store holds this finding, which the value does not define.' END;
    END IF;
END $$;

COMMENT ON FUNCTION govreport.verify_report(bigint) IS
    'checks one stored report as commit does: a strict report''s t3_balance and t3_outcome_sum hold, its rows are exactly those its value defines with its active corrections applied (rows_match_report), its findings those of the value as printed (findings_match_report); raises 23514';

-- A stored report's cell rows, each as an array in its table's column order
-- (report_rows' shape).
CREATE FUNCTION govreport.stored_rows(
        rid bigint,
        OUT table_code text, OUT row_code text, OUT "values" numeric[])
    RETURNS SETOF record
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 40
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT 't2', t.row_code, ARRAY[t.issued, t.repealed, t.in_force, t.decisions, t.amount, t.newly_made,
                                   t.newly_published, t.total_published, t.previous_items, t.change, t.items]
    FROM govreport.t2_rows t WHERE t.report_id = rid
    UNION ALL
    SELECT 't3', t.row_code, ARRAY[t.natural_person, t.commercial, t.research, t.social_welfare,
                                   t.legal_service, t.other_org, t.total]
    FROM govreport.t3_rows t WHERE t.report_id = rid
    UNION ALL
    SELECT 't4', t.row_code, ARRAY[t.upheld, t.corrected, t.other, t.pending, t.total]
    FROM govreport.t4_rows t WHERE t.report_id = rid
$$;

COMMENT ON FUNCTION govreport.stored_rows(bigint) IS
    'a stored report''s rows in t2_rows, t3_rows and t4_rows, each as an array in its table''s column order (the shape of report_rows)';

-- Every statement that changes the store queues the reports it touched;
-- at commit a deferred constraint trigger on the queue verifies each once.
CREATE TABLE govreport.pending_checks (report_id bigint NOT NULL);
-- (one transaction's bulk load queues thousands: each is looked up)
CREATE INDEX pending_checks_report_id ON govreport.pending_checks (report_id);

COMMENT ON TABLE govreport.pending_checks IS
    'reports changed in the current transaction, waiting for verify_report at commit; always empty outside a transaction';

CREATE FUNCTION govreport.queue_changed_reports() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    -- each report once: the queue holds only this transaction's rows (the
    -- trigger empties it at commit), so a report already queued is skipped
    -- reports keys its rows by id, the other tables by report_id
    IF TG_TABLE_NAME = 'reports' THEN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO govreport.pending_checks
            SELECT DISTINCT n.id FROM new_rows n
            WHERE NOT EXISTS (SELECT FROM govreport.pending_checks q WHERE q.report_id = n.id);
        ELSE
            INSERT INTO govreport.pending_checks
            SELECT x.id FROM (SELECT n.id FROM new_rows n UNION SELECT o.id FROM old_rows o) x
            WHERE NOT EXISTS (SELECT FROM govreport.pending_checks q WHERE q.report_id = x.id);
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO govreport.pending_checks
        SELECT DISTINCT n.report_id FROM new_rows n
        WHERE NOT EXISTS (SELECT FROM govreport.pending_checks q WHERE q.report_id = n.report_id);
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO govreport.pending_checks
        SELECT x.report_id FROM (SELECT n.report_id FROM new_rows n UNION SELECT o.report_id FROM old_rows o) x
        WHERE NOT EXISTS (SELECT FROM govreport.pending_checks q WHERE q.report_id = x.report_id);
    ELSE
        INSERT INTO govreport.pending_checks
        SELECT DISTINCT o.report_id FROM old_rows o
        WHERE NOT EXISTS (SELECT FROM govreport.pending_checks q WHERE q.report_id = o.report_id);
    END IF;
    RETURN NULL;
END $$;

COMMENT ON FUNCTION govreport.queue_changed_reports() IS
    'statement trigger: queues every report a statement on the store touched, for verify_report at commit';

CREATE TRIGGER reports_inserted AFTER INSERT ON govreport.reports
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER reports_updated AFTER UPDATE ON govreport.reports
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER t2_rows_inserted AFTER INSERT ON govreport.t2_rows
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER t2_rows_updated AFTER UPDATE ON govreport.t2_rows
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER t2_rows_deleted AFTER DELETE ON govreport.t2_rows
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER t3_rows_inserted AFTER INSERT ON govreport.t3_rows
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER t3_rows_updated AFTER UPDATE ON govreport.t3_rows
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER t3_rows_deleted AFTER DELETE ON govreport.t3_rows
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER t4_rows_inserted AFTER INSERT ON govreport.t4_rows
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER t4_rows_updated AFTER UPDATE ON govreport.t4_rows
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER t4_rows_deleted AFTER DELETE ON govreport.t4_rows
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER report_findings_inserted AFTER INSERT ON govreport.report_findings
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER report_findings_updated AFTER UPDATE ON govreport.report_findings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();
CREATE TRIGGER report_findings_deleted AFTER DELETE ON govreport.report_findings
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govreport.queue_changed_reports();

CREATE FUNCTION govreport.verify_queued_report() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    -- a report is queued once per statement that touched it: verify it once
    DELETE FROM govreport.pending_checks q WHERE q.report_id = NEW.report_id;
    IF FOUND THEN
        PERFORM govreport.verify_report(NEW.report_id);
    END IF;
    RETURN NULL;
END $$;

COMMENT ON FUNCTION govreport.verify_queued_report() IS
    'deferred constraint trigger: runs verify_report once for each report queued in pending_checks';

CREATE CONSTRAINT TRIGGER verify_changed_reports
    AFTER INSERT ON govreport.pending_checks
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION govreport.verify_queued_report();

-- Writes a stored report's cell rows and findings: its rows of t2_rows,
-- t3_rows and t4_rows (report_rows: each row whose cells are all in the
-- document; a row with an absent cell stays in the value only, and its
-- identities are not evaluated), its parse findings and its failing checks
-- (report_store_findings).  Shared by load_report and reparse(apply =>
-- true); the report row exists.
CREATE FUNCTION govreport.write_rows(report_id bigint, report govreport.report, strict boolean)
    RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    WITH w AS MATERIALIZED (
        SELECT x.table_code, x.row_code, x."values" AS v FROM govreport.report_rows(write_rows.report) x
    ), t2 AS (
        INSERT INTO govreport.t2_rows (report_id, row_code, issued, repealed, in_force, decisions, amount,
                                       newly_made, newly_published, total_published, previous_items, change, items, enforce)
        SELECT write_rows.report_id, w.row_code, w.v[1], w.v[2], w.v[3], w.v[4], w.v[5], w.v[6], w.v[7], w.v[8],
               w.v[9], w.v[10], w.v[11], write_rows.strict
        FROM w WHERE w.table_code = 't2'
    ), t4 AS (
        INSERT INTO govreport.t4_rows (report_id, row_code, upheld, corrected, other, pending, total, enforce)
        SELECT write_rows.report_id, w.row_code, w.v[1], w.v[2], w.v[3], w.v[4], w.v[5], write_rows.strict
        FROM w WHERE w.table_code = 't4'
    )
    INSERT INTO govreport.t3_rows (report_id, row_code, natural_person, commercial, research, social_welfare,
                                   legal_service, other_org, total, enforce)
    SELECT write_rows.report_id, w.row_code, w.v[1], w.v[2], w.v[3], w.v[4], w.v[5], w.v[6], w.v[7], write_rows.strict
    FROM w WHERE w.table_code = 't3';

    INSERT INTO govreport.report_findings (report_id, source, code, scope, severity, message, "values")
    SELECT write_rows.report_id, f.source, f.code, f.scope, f.severity, f.message, f."values"
    FROM govreport.report_store_findings(write_rows.report) f;
END $$;

COMMENT ON FUNCTION govreport.write_rows(bigint, govreport.report, boolean) IS
    'writes the cell rows and findings a stored report''s value defines (used by load_report and reparse); the identities are enforced as for load';


CREATE OR REPLACE FUNCTION govreport.load_report(
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
    rep govreport.report := govreport.with_metadata(report, load_report.agency, load_report.year);
    the_agency text := govreport.agency(rep);
    the_year integer := govreport.year(rep);
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
    failing := ARRAY(SELECT k.severity FROM govreport.rule_status(rep) k WHERE k.status = 'fail');
    IF strict AND 'error' = ANY (failing) THEN
        PERFORM govreport.assert_consistent(rep);	-- raises 23514 with the details
    END IF;
    -- one load of an agency-year at a time: a concurrent load or replace of
    -- the same one waits here for the first to commit or roll back, and then
    -- sees its row
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('govreport.reports'),
                                             pg_catalog.hashtext(the_agency || '/' || the_year));
    IF replace THEN
        DELETE FROM govreport.reports r WHERE r.agency = the_agency AND r.year = the_year;
    END IF;
    BEGIN
        INSERT INTO govreport.reports (agency, year, template, source_name, report, strict)
        VALUES (the_agency, the_year, govreport.template(rep), source_name, rep, strict)
        RETURNING id INTO rid;
    EXCEPTION WHEN unique_violation THEN
        SELECT r.id INTO existing FROM govreport.reports r WHERE r.agency = the_agency AND r.year = the_year;
        IF existing IS NULL THEN
            -- stored by a transaction this one's snapshot cannot see
            -- (REPEATABLE READ or SERIALIZABLE): retrying the transaction works
            RAISE EXCEPTION 'a report of % for % was stored by a concurrent transaction', the_agency, the_year
                USING ERRCODE = 'serialization_failure',
                      HINT = 'Retry the transaction.';
        END IF;
        RAISE EXCEPTION 'a report of % for % is already stored (id %)', the_agency, the_year, existing
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'reports_agency_year_key',
                  HINT = 'load(..., replace => true) replaces it.';
    END;

    PERFORM govreport.write_rows(rid, rep, strict);

    RETURN rid;
END $$;

COMMENT ON FUNCTION govreport.load_report(govreport.report, text, boolean, boolean, text, integer) IS
    'stores a parsed report and its rows; strict (the default) rejects a report that breaks a hard identity and writes nothing; an agency or year given is written into the value (metadata_given finding); loads of one agency-year are serialised';

