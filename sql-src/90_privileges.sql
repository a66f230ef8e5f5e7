-- Privileges: three roles instead of table grants (README "Privilege model").
--
--   govreport_reader    reads the store;
--   govreport_loader    also loads and replaces reports;
--   govreport_reviewer  also records corrections.
--
-- The roles are made in 06_roles.sql, so that every file may grant to them.
-- Membership is granted by whoever administers roles (a superuser, or a role
-- with CREATEROLE).  The installing user owns
-- the use of the store in this database and may pass it on, but gets no
-- privilege that runs code as another role: no TRIGGER (a trigger of theirs
-- would run as whoever writes next) and no REFERENCES.

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
-- whoever may change the store queues the reports they touched for verify_report
GRANT SELECT, INSERT, DELETE ON govreport.pending_checks TO govreport_loader, govreport_reviewer;

-- (an installer who owns the tables, a superuser, has an owner's rights)
DO $owner$
BEGIN
    IF (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = 'govreport.reports'::pg_catalog.regclass)
       <> '@extowner@'::pg_catalog.regrole THEN
        GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA govreport
            TO @extowner@ WITH GRANT OPTION;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA govreport TO @extowner@ WITH GRANT OPTION;
    END IF;
END
$owner$;
