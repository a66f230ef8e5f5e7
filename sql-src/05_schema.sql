-- The schema is created here, by the extension itself, so that it belongs
-- to the extension (DROP EXTENSION removes it) and to the role that runs
-- this script (for a trusted install, the bootstrap superuser), never to
-- the installing user.  A schema govreport that already exists is refused:
-- whoever made it could have put look-alike functions or operators in it.
CREATE SCHEMA govreport;

COMMENT ON SCHEMA govreport IS
    'govreport: parsed government information-disclosure annual reports, their checks and the store';
