
-- The three roles of the privilege model (90_privileges.sql).  Roles
-- belong to the cluster, not to one database: the first install creates
-- them (NOLOGIN, no members), later installs in other databases find them,
-- and DROP EXTENSION leaves them, holding nothing in that database.
DO $roles$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['govreport_reader', 'govreport_loader', 'govreport_reviewer'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$roles$;
