
-- Privileges: the three roles replace table grants; the installer loses
-- TRIGGER and REFERENCES (a trigger of theirs ran as whoever wrote next);
-- PUBLIC lost t3_pending with the table (anyone could lock it and block
-- every load); the queue that replaces it is the writers' only.

-- (an installer who owns the tables, a superuser, keeps an owner's rights)
DO $revoke$
BEGIN
    IF (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = 'govreport.reports'::pg_catalog.regclass)
       <> '@extowner@'::pg_catalog.regrole THEN
        REVOKE TRIGGER, REFERENCES ON ALL TABLES IN SCHEMA govreport FROM @extowner@ CASCADE;
        GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA govreport
            TO @extowner@ WITH GRANT OPTION;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA govreport TO @extowner@ WITH GRANT OPTION;
    ELSE
        -- 0.1.0 granted the owner its own rights again: back to an owner's
        REVOKE ALL ON ALL TABLES IN SCHEMA govreport FROM @extowner@;
        GRANT ALL ON ALL TABLES IN SCHEMA govreport TO @extowner@;
        REVOKE ALL ON ALL SEQUENCES IN SCHEMA govreport FROM @extowner@;
        GRANT ALL ON ALL SEQUENCES IN SCHEMA govreport TO @extowner@;
    END IF;
END
$revoke$;

GRANT USAGE ON SCHEMA govreport TO govreport_reader, govreport_loader, govreport_reviewer;
GRANT USAGE ON SCHEMA govreport TO @extowner@ WITH GRANT OPTION;

GRANT SELECT ON govreport.reports, govreport.t2_rows, govreport.t3_rows, govreport.t4_rows,
    govreport.report_findings, govreport.carry_continuity, govreport.in_force_continuity,
    govreport.rule_summary
    TO govreport_reader, govreport_loader, govreport_reviewer;
GRANT INSERT, DELETE ON govreport.reports, govreport.t2_rows, govreport.t3_rows, govreport.t4_rows,
    govreport.report_findings
    TO govreport_loader;
GRANT USAGE ON SEQUENCE govreport.reports_id_seq TO govreport_loader;
GRANT SELECT, INSERT, DELETE ON govreport.pending_checks TO govreport_loader, govreport_reviewer;

