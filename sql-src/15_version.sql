-- Which library build serves this database.

CREATE FUNCTION govreport.library_version() RETURNS text
    AS 'MODULE_PATHNAME', 'govreport_library_version'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION govreport.library_version() IS
    'the version of the loaded govreport library; it can be newer than the catalog''s (pg_extension.extversion) until ALTER EXTENSION govreport UPDATE';
