-- Review: the report card, and corrections that keep the printed evidence.
--
-- A correction never overwrites the stored report value (the document as
-- printed).  It is a row of govreport.corrections, an append-only history:
-- a later correction of the same cell supersedes the earlier one, and
-- uncorrect() appends a withdrawal; both stay.  The report's effective
-- value is the stored value with its active corrections applied
-- (effective_report); the store's rows carry the effective values, written
-- at commit by a deferred trigger, so the rows' constraints judge a
-- correction exactly as they judge a load (23514 for a strict report).

CREATE FUNCTION govreport.apply_corrections(report govreport.report, keys text[], "values" numeric[])
    RETURNS govreport.report
    AS 'MODULE_PATHNAME', 'govreport_apply_corrections'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION govreport.apply_corrections(govreport.report, text[], numeric[]) IS
    'a copy of the report with cell keys[i] set to values[i] (state reported; a NULL value makes the cell blank); a later entry for the same key wins; the source line stays';

CREATE FUNCTION govreport.report_card(report govreport.report) RETURNS text
    AS 'MODULE_PATHNAME', 'govreport_report_card'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5000;

COMMENT ON FUNCTION govreport.report_card(govreport.report) IS
    'the report as one self-contained HTML page (inline CSS, no script): tables 2-4 in the official layout with every cell''s value and state, the cells of failing identities and the suspects marked, the rule statuses and findings with their source lines';

CREATE FUNCTION govreport.report_card(report govreport.report, keys text[], "values" numeric[], notes text[])
    RETURNS text
    AS 'MODULE_PATHNAME', 'govreport_report_card_corrected'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5000;

COMMENT ON FUNCTION govreport.report_card(govreport.report, text[], numeric[], text[]) IS
    'the report card with corrections shown over the printed values (keys[i] corrected to values[i], notes[i] saying who, when and why); its checks run on the corrected values';

-- ------------------------------------------------------------ the history

CREATE TABLE govreport.corrections (
    id bigserial PRIMARY KEY,
    report_id bigint NOT NULL,
    cell_key text NOT NULL,
    action text NOT NULL DEFAULT 'correct'
        CHECK (action OPERATOR(pg_catalog.=) ANY (ARRAY['correct', 'uncorrect'])),
    printed_value numeric,
    printed_state text NOT NULL
        CHECK (printed_state OPERATOR(pg_catalog.=) ANY (ARRAY['reported', 'blank', 'inferred', 'absent'])),
    value numeric,
    reason text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    who text NOT NULL,
    recorded_at timestamptz NOT NULL,
    supersedes bigint UNIQUE,  -- (no foreign key: pg_dump would warn of a cycle)
    withdraws bigint UNIQUE,
    CONSTRAINT corrections_action_links CHECK (
        (action OPERATOR(pg_catalog.=) 'correct' AND withdraws IS NULL) OR
        (action OPERATOR(pg_catalog.=) 'uncorrect' AND withdraws IS NOT NULL AND supersedes IS NULL AND value IS NULL))
);

CREATE INDEX corrections_report_cell ON govreport.corrections (report_id, cell_key);

COMMENT ON TABLE govreport.corrections IS
    'append-only history of reviewers'' corrections: who, when, the cell''s printed value and state, the new value (NULL: blank) and the reason; supersedes points at the correction a later one replaced, withdraws at the one uncorrect() took back; a row outlives a replaced report';

SELECT pg_catalog.pg_extension_config_dump('govreport.corrections', '');
SELECT pg_catalog.pg_extension_config_dump('govreport.corrections_id_seq', '');

-- Fills in what a correction records about itself: who, when, what was
-- printed, and which earlier correction it replaces or withdraws.  Nothing
-- the inserting statement says about those is kept, except on a restore by
-- the table's or the extension's owner (pg_dump's data: the record as it
-- was written).  A reviewer cannot name them at all (nor the id): the
-- INSERT privilege covers the other columns only.
CREATE FUNCTION govreport.corrections_record() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    rep govreport.report;
    active bigint;
    found_cell boolean;
BEGIN
    IF NEW.who IS NOT NULL AND NEW.recorded_at IS NOT NULL AND NEW.printed_state IS NOT NULL
       AND (pg_catalog.pg_has_role(current_user,
                (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID), 'USAGE')
            OR pg_catalog.pg_has_role(current_user,
                (SELECT e.extowner FROM pg_catalog.pg_extension e WHERE e.extname = 'govreport'), 'USAGE')) THEN
        RETURN NEW;
    END IF;
    NEW.who := current_user;
    NEW.recorded_at := pg_catalog.now();
    -- one correction of a report at a time, so that "the active one" is one
    PERFORM pg_catalog.pg_advisory_xact_lock(1735288182, pg_catalog.hashint8(NEW.report_id));
    SELECT r.report INTO rep FROM govreport.reports r WHERE r.id = NEW.report_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no stored report has id %', NEW.report_id
            USING ERRCODE = 'foreign_key_violation', TABLE = 'corrections', SCHEMA = 'govreport';
    END IF;
    SELECT true, c.value, c.state INTO found_cell, NEW.printed_value, NEW.printed_state
    FROM govreport.cells(rep) c WHERE c.key = NEW.cell_key;
    IF found_cell IS NULL THEN
        RAISE EXCEPTION 'template % has no cell %', govreport.template(rep), NEW.cell_key
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Correction of report %s.', NEW.report_id),
                  HINT = pg_catalog.format('govreport.template_cells(%L) lists the cells.', govreport.template(rep));
    END IF;
    SELECT h.id INTO active FROM govreport.correction_history h
    WHERE h.report_id = NEW.report_id AND h.cell_key = NEW.cell_key AND h.status = 'active';
    IF NEW.action = 'correct' THEN
        NEW.supersedes := active;
        NEW.withdraws := NULL;
        -- a value no cell can hold is refused now, not at commit
        PERFORM govreport.apply_corrections(rep, ARRAY[NEW.cell_key], ARRAY[NEW.value]);
    ELSE
        IF active IS NULL THEN
            RAISE EXCEPTION 'cell % of report % has no correction to withdraw', NEW.cell_key, NEW.report_id
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        NEW.withdraws := active;
        NEW.supersedes := NULL;
        NEW.value := NULL;
    END IF;
    RETURN NEW;
END $$;

COMMENT ON FUNCTION govreport.corrections_record() IS
    'trigger: fills in who, when, the printed value and state, and the correction a new one supersedes or withdraws';

CREATE TRIGGER corrections_record BEFORE INSERT ON govreport.corrections
    FOR EACH ROW EXECUTE FUNCTION govreport.corrections_record();

CREATE VIEW govreport.correction_history AS
SELECT c.id, c.report_id, c.cell_key, c.action, c.printed_value, c.printed_state, c.value, c.reason,
       c.who, c.recorded_at, c.supersedes, c.withdraws,
       CASE WHEN c.action = 'uncorrect' THEN 'withdrawal'
            WHEN w.id IS NOT NULL THEN 'withdrawn'
            WHEN s.id IS NOT NULL THEN 'superseded'
            ELSE 'active' END AS status,
       s.id AS superseded_by, w.id AS withdrawn_by
FROM govreport.corrections c
LEFT JOIN govreport.corrections s ON s.supersedes = c.id
LEFT JOIN govreport.corrections w ON w.withdraws = c.id;

COMMENT ON VIEW govreport.correction_history IS
    'every correction with its status: active, superseded (by a later correction of the cell), withdrawn (by uncorrect), or withdrawal (the uncorrect itself)';

CREATE FUNCTION govreport.effective_report(report_id bigint) RETURNS govreport.report
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
SELECT govreport.apply_corrections(r.report, coalesce(a.keys, '{}'::text[]), coalesce(a.vals, '{}'::numeric[]))
FROM govreport.reports r
LEFT JOIN LATERAL (
    SELECT pg_catalog.array_agg(h.cell_key ORDER BY h.id), pg_catalog.array_agg(h.value ORDER BY h.id)
    FROM govreport.correction_history h
    WHERE h.report_id = r.id AND h.status = 'active') AS a(keys, vals) ON true
WHERE r.id = effective_report.report_id
$$;

COMMENT ON FUNCTION govreport.effective_report(bigint) IS
    'a stored report''s value with its active corrections applied (the stored value itself keeps what was printed); NULL when no report has the id';

-- Writes a stored report's rows from its effective value: a row whose cells
-- are all in the document is inserted or updated, any other is deleted,
-- as load_report stores them.  One statement per table, so the row CHECKs
-- see each row's final values and table 3 is queued once.
CREATE FUNCTION govreport.store_corrected_rows(report_id bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    eff govreport.report;
    is_strict boolean;
    tpl text;
    t record;
BEGIN
    SELECT r.strict, r.template INTO is_strict, tpl FROM govreport.reports r WHERE r.id = store_corrected_rows.report_id;
    IF NOT FOUND THEN
        RETURN;					-- a restore writes corrections before their reports
    END IF;
    eff := govreport.effective_report(store_corrected_rows.report_id);
    FOR t IN
        SELECT c.table_code,
               pg_catalog.string_agg(pg_catalog.quote_ident(c.column_code), ', ') AS cols,
               pg_catalog.string_agg('p.' || pg_catalog.quote_ident(c.column_code), ', ') AS pcols,
               pg_catalog.string_agg('t.' || pg_catalog.quote_ident(c.column_code), ', ') AS tcols,
               pg_catalog.string_agg('EXCLUDED.' || pg_catalog.quote_ident(c.column_code), ', ') AS xcols
        FROM (SELECT DISTINCT k.table_code, k.column_code FROM govreport.template_cells(tpl) k) c
        GROUP BY c.table_code
    LOOP
        EXECUTE pg_catalog.format($sql$
            WITH e AS (
                SELECT c.row_code, pg_catalog.jsonb_object_agg(c.column_code, c.value) AS j,
                       pg_catalog.bool_and(c.state <> 'absent') AS complete
                FROM govreport.cells($1) c WHERE c.table_code = %L GROUP BY c.row_code
            ), gone AS (
                DELETE FROM govreport.%I t USING e
                WHERE t.report_id = $2 AND t.row_code = e.row_code AND NOT e.complete
            )
            INSERT INTO govreport.%I AS t (report_id, row_code, enforce, %s)
            SELECT $2, e.row_code, $3, %s
            FROM e, pg_catalog.jsonb_populate_record(NULL::govreport.%I, e.j) p
            WHERE e.complete
            ON CONFLICT (report_id, row_code) DO UPDATE SET (%s) = ROW(%s)
            WHERE ROW(%s) IS DISTINCT FROM ROW(%s)$sql$,
            t.table_code, t.table_code || '_rows', t.table_code || '_rows', t.cols, t.pcols,
            t.table_code || '_rows', t.cols, t.xcols, t.tcols, t.xcols)
        USING eff, store_corrected_rows.report_id, is_strict;
    END LOOP;
END $$;

COMMENT ON FUNCTION govreport.store_corrected_rows(bigint) IS
    'writes a stored report''s t2/t3/t4 rows from its effective value (its active corrections applied); corrections call it at commit';

CREATE FUNCTION govreport.corrections_apply() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    PERFORM govreport.store_corrected_rows(NEW.report_id);
    RETURN NULL;
END $$;

COMMENT ON FUNCTION govreport.corrections_apply() IS
    'constraint trigger: writes the corrected report''s rows at commit, where the store''s constraints judge them';

-- At commit, like the cross-row identities of a load: every correction of
-- the transaction is in the history by then, so one that is only valid
-- together with another passes.
CREATE CONSTRAINT TRIGGER corrections_apply
    AFTER INSERT ON govreport.corrections
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION govreport.corrections_apply();

-- ---------------------------------------------------------- the functions

CREATE FUNCTION govreport.correct(report_id bigint, key text, value numeric, reason text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    new_id bigint;
BEGIN
    IF correct.report_id IS NULL OR correct.key IS NULL THEN
        RAISE EXCEPTION 'a correction needs a report id and a cell key'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF correct.reason IS NULL OR pg_catalog.btrim(correct.reason) = '' THEN
        RAISE EXCEPTION 'a correction needs a reason'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Correction of cell %s of report %s.', correct.key, correct.report_id),
                  HINT = 'Say where the right number comes from (the PDF page, the publisher''s erratum).';
    END IF;
    INSERT INTO govreport.corrections AS c (report_id, cell_key, action, value, reason)
    VALUES (correct.report_id, correct.key, 'correct', correct.value, correct.reason)
    RETURNING c.id INTO new_id;
    RETURN new_id;
END $$;

COMMENT ON FUNCTION govreport.correct(bigint, text, numeric, text) IS
    'records a correction of one cell of a stored report (NULL value: the cell is blank) with who, when, the printed value and the reason; returns its id; the store''s rows take it at commit, under their constraints';

CREATE FUNCTION govreport.uncorrect(report_id bigint, key text, reason text DEFAULT 'correction withdrawn')
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    new_id bigint;
BEGIN
    IF uncorrect.report_id IS NULL OR uncorrect.key IS NULL THEN
        RAISE EXCEPTION 'uncorrect needs a report id and a cell key'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    INSERT INTO govreport.corrections AS c (report_id, cell_key, action, value, reason)
    VALUES (uncorrect.report_id, uncorrect.key, 'uncorrect', NULL,
            coalesce(NULLIF(pg_catalog.btrim(uncorrect.reason), ''), 'correction withdrawn'))
    RETURNING c.id INTO new_id;
    RETURN new_id;
END $$;

COMMENT ON FUNCTION govreport.uncorrect(bigint, text, text) IS
    'withdraws the active correction of a cell (the cell goes back to its printed value); the correction and the withdrawal stay in the history; returns the withdrawal''s id';

CREATE FUNCTION govreport.stored_cells(
        report_id bigint,
        OUT key text, OUT table_code text, OUT row_code text, OUT column_code text,
        OUT printed_value numeric, OUT printed_state text, OUT value numeric, OUT state text,
        OUT corrected boolean, OUT correction_id bigint, OUT reason text, OUT who text,
        OUT recorded_at timestamptz, OUT row_label text, OUT column_label text, OUT line integer)
    RETURNS SETOF record
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 200
    SET search_path = pg_catalog, pg_temp
    AS $$
SELECT x.key, x.table_code, x.row_code, x.column_code, x.value, x.state, x.e_value, x.e_state,
       h.id IS NOT NULL, h.id, h.reason, h.who, h.recorded_at, x.row_label, x.column_label, x.line
FROM govreport.reports r
CROSS JOIN LATERAL ROWS FROM (govreport.cells(r.report), govreport.cells(govreport.effective_report(r.id)))
    WITH ORDINALITY AS x(key, table_code, row_code, column_code, value, state, row_label, column_label, line,
                         e_key, e_table_code, e_row_code, e_column_code, e_value, e_state, e_row_label,
                         e_column_label, e_line, ord)
LEFT JOIN govreport.correction_history h
    ON h.report_id = r.id AND h.cell_key = x.key AND h.status = 'active'
WHERE r.id = stored_cells.report_id
ORDER BY x.ord
$$;

COMMENT ON FUNCTION govreport.stored_cells(bigint) IS
    'the cells of a stored report: the printed value and state, the value and state after its active corrections, corrected, and the correction''s id, reason, author and time';

CREATE FUNCTION govreport.checks(
        report_id bigint,
        OUT rule text, OUT scope text, OUT severity text, OUT status text,
        OUT expected numeric, OUT actual numeric, OUT difference numeric,
        OUT operands jsonb, OUT message text, OUT suspect text, OUT repeat_of text,
        OUT corrected_operands text[], OUT on_corrected_values boolean)
    RETURNS SETOF record
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 60
    SET search_path = pg_catalog, pg_temp
    AS $$
WITH a AS (
    SELECT pg_catalog.array_agg(h.cell_key) AS keys
    FROM govreport.correction_history h
    WHERE h.report_id = checks.report_id AND h.status = 'active'
)
SELECT k.rule, k.scope, k.severity, k.status, k.expected, k.actual, k.difference, k.operands, k.message,
       k.suspect, k.repeat_of,
       ARRAY(SELECT o.value OPERATOR(pg_catalog.->>) 'key'
             FROM pg_catalog.jsonb_array_elements(k.operands) AS o(value)
             WHERE (o.value OPERATOR(pg_catalog.->>) 'key') = ANY (a.keys)),
       a.keys IS NOT NULL
FROM a, govreport.checks(govreport.effective_report(checks.report_id)) k
$$;

COMMENT ON FUNCTION govreport.checks(bigint) IS
    'checks() of a stored report, run on its corrected values: on_corrected_values is true when it has active corrections, corrected_operands names the corrected cells each check used';

CREATE FUNCTION govreport.report_card(report_id bigint) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
SELECT govreport.report_card(r.report, coalesce(a.keys, '{}'::text[]), coalesce(a.vals, '{}'::numeric[]),
                             coalesce(a.notes, '{}'::text[]))
FROM govreport.reports r
LEFT JOIN LATERAL (
    SELECT pg_catalog.array_agg(h.cell_key ORDER BY h.id), pg_catalog.array_agg(h.value ORDER BY h.id),
           pg_catalog.array_agg(pg_catalog.format('#%s, %s, %s: %s', h.id, h.who,
                   pg_catalog.to_char(h.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), h.reason)
               ORDER BY h.id)
    FROM govreport.correction_history h
    WHERE h.report_id = r.id AND h.status = 'active') AS a(keys, vals, notes) ON true
WHERE r.id = report_card.report_id
$$;

COMMENT ON FUNCTION govreport.report_card(bigint) IS
    'the report card of a stored report: the printed values with its active corrections over them (who, when, why), checks on the corrected values';

-- ------------------------------------------------------------ privileges

GRANT SELECT ON govreport.corrections, govreport.correction_history
    TO govreport_reader, govreport_loader, govreport_reviewer;
-- a reviewer appends; the trigger writes who, when and what was printed
GRANT INSERT (report_id, cell_key, action, value, reason) ON govreport.corrections TO govreport_reviewer;
GRANT USAGE ON SEQUENCE govreport.corrections_id_seq TO govreport_reviewer;
-- the rows follow the corrections at commit, as the reviewer
GRANT INSERT, DELETE ON govreport.t2_rows, govreport.t3_rows, govreport.t4_rows TO govreport_reviewer;
GRANT UPDATE (issued, repealed, in_force, decisions, amount, newly_made, newly_published, total_published,
              previous_items, change, items) ON govreport.t2_rows TO govreport_reviewer;
GRANT UPDATE (natural_person, commercial, research, social_welfare, legal_service, other_org, total)
    ON govreport.t3_rows TO govreport_reviewer;
GRANT UPDATE (upheld, corrected, other, pending, total) ON govreport.t4_rows TO govreport_reviewer;
