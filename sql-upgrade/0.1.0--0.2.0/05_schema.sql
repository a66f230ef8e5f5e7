
-- Schema govreport passes to the extension.  In 0.1.0 CREATE EXTENSION made
-- it for the installing user, who could rename it, or fill it with
-- look-alikes of our functions before installing.  Refuse to go on if the
-- schema is not the one holding our objects, or holds objects we did not
-- create; then give it to the role running this script (the bootstrap
-- superuser for a trusted extension), make it a member, and let pg_catalog
-- be the extension's nominal schema, as a fresh 0.2.0 install has it.
DO $schema$
DECLARE
    ext oid;
    nsp oid;
    foreign_objects text;
BEGIN
    SELECT e.oid, e.extnamespace INTO ext, nsp FROM pg_catalog.pg_extension e WHERE e.extname = 'govreport';
    IF nsp IS DISTINCT FROM (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = 'govreport')
       OR NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                      WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                        AND d.objid = pg_catalog.to_regtype('govreport.report')
                        AND d.refobjid = ext AND d.deptype = 'e') THEN
        RAISE EXCEPTION 'schema govreport is not the schema that holds the extension govreport'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Rename the extension''s schema back to govreport before updating.';
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid), ', ')
      INTO foreign_objects
    FROM pg_catalog.pg_depend d
    WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.refobjid = nsp
      AND NOT (d.classid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.objid = ext)
      AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend m
                      WHERE m.classid = d.classid AND m.objid = d.objid
                        AND m.refobjid = ext AND m.deptype = 'e');
    IF foreign_objects IS NOT NULL THEN
        RAISE EXCEPTION 'schema govreport holds objects the extension did not create: %', foreign_objects
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Drop them, or move them to another schema, then update again.';
    END IF;
    -- what the installer held as owner goes; the new owner holds an owner's
    EXECUTE pg_catalog.format('REVOKE ALL ON SCHEMA govreport FROM PUBLIC, %I',
                              (SELECT n.nspowner::pg_catalog.regrole::text FROM pg_catalog.pg_namespace n WHERE n.oid = nsp));
    ALTER SCHEMA govreport OWNER TO CURRENT_USER;
    REVOKE ALL ON SCHEMA govreport FROM CURRENT_USER;
    GRANT ALL ON SCHEMA govreport TO CURRENT_USER;
    UPDATE pg_catalog.pg_extension SET extnamespace = 'pg_catalog'::pg_catalog.regnamespace WHERE oid = ext;
    DELETE FROM pg_catalog.pg_depend
    WHERE classid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND objid = ext
      AND refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND refobjid = nsp;
END
$schema$;

ALTER EXTENSION govreport ADD SCHEMA govreport;

COMMENT ON SCHEMA govreport IS
    'govreport: parsed government information-disclosure annual reports, their checks and the store';
