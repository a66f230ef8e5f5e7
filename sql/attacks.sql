-- Attacks on the trusted extension by the user who installs it, and by the
-- users it is shared with (issue 16).  Each must fail; each failed on 0.1.0.
\set VERBOSITY terse
CREATE ROLE gr_attacker LOGIN;
CREATE ROLE gr_reader LOGIN IN ROLE govreport_reader;
CREATE ROLE gr_loader LOGIN IN ROLE govreport_loader;
CREATE DATABASE gr_attack OWNER gr_attacker;
CREATE DATABASE gr_planted OWNER gr_attacker;

-- 3. an operator planted before the install, in a schema made in advance:
-- the install refuses the schema, whatever it holds
\c gr_planted gr_attacker
\i sql/include/attempt.psql
CREATE SCHEMA govreport;
CREATE FUNCTION public.evil_ge(numeric, integer) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR govreport.>= (FUNCTION = public.evil_ge, LEFTARG = numeric, RIGHTARG = integer);
CREATE EXTENSION govreport;
DROP OPERATOR govreport.>= (numeric, integer);
CREATE EXTENSION govreport;
DROP SCHEMA govreport;
CREATE EXTENSION govreport;
-- no constraint of the store calls an operator or function outside
-- pg_catalog and govreport's own
SELECT count(*) AS foreign_references
FROM pg_constraint c JOIN pg_depend d ON d.classid = 'pg_constraint'::regclass AND d.objid = c.oid
LEFT JOIN pg_operator o ON d.refclassid = 'pg_operator'::regclass AND o.oid = d.refobjid
LEFT JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid
WHERE c.connamespace = 'govreport'::regnamespace
  AND (o.oprnamespace NOT IN ('pg_catalog'::regnamespace, 'govreport'::regnamespace)
       OR p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'govreport'::regnamespace)
       OR (o.oprnamespace = 'govreport'::regnamespace));

-- the installing user's database
\c gr_attack gr_attacker
\i sql/include/attempt.psql
CREATE EXTENSION govreport;
SELECT e.extname, e.extnamespace::regnamespace AS nominal_schema, n.nspowner::regrole AS schema_owner,
       n.nspowner = 'gr_attacker'::regrole AS owned_by_installer
FROM pg_extension e, pg_namespace n WHERE e.extname = 'govreport' AND n.nspname = 'govreport';
SELECT govreport.load(E'攻击局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n（一）予以公开\t1\t0\t0\t0\t0\t0\t1\n（七）总计\t1\t0\t0\t0\t0\t0\t1\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0', 'attack test') > 0 AS loaded;

-- 1. a trigger of the installer's own on the store, which would run as the
-- next user to load
CREATE FUNCTION public.evil() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
SELECT pg_temp.attempt($q$ CREATE TRIGGER evil AFTER INSERT ON govreport.reports
    FOR EACH STATEMENT EXECUTE FUNCTION public.evil() $q$);
SELECT pg_temp.attempt($q$ CREATE TRIGGER evil AFTER INSERT ON govreport.t3_rows
    FOR EACH STATEMENT EXECUTE FUNCTION public.evil() $q$);
SELECT pg_temp.attempt($q$ CREATE TABLE public.hook (id bigint REFERENCES govreport.reports (id)) $q$);
SELECT has_table_privilege('govreport.reports', 'TRIGGER') AS may_trigger,
       has_table_privilege('govreport.reports', 'REFERENCES') AS may_reference,
       has_table_privilege('govreport.reports', 'SELECT WITH GRANT OPTION') AS may_share;

-- 2. the schema renamed and replaced by look-alikes
SELECT pg_temp.attempt($q$ ALTER SCHEMA govreport RENAME TO gr_real $q$);
SELECT pg_temp.attempt($q$ CREATE FUNCTION govreport.load_report(govreport.report, text, boolean, boolean, text, integer)
    RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint' $q$);
SELECT pg_temp.attempt($q$ CREATE FUNCTION govreport.parse(text, text) RETURNS int LANGUAGE sql AS 'SELECT 1' $q$);
SELECT pg_temp.attempt($q$ ALTER FUNCTION govreport.load_report(govreport.report, text, boolean, boolean, text, integer) RENAME TO x $q$);
SELECT pg_temp.attempt($q$ ALTER EXTENSION govreport DROP FUNCTION govreport.parse(text) $q$);
SELECT pg_temp.attempt($q$ ALTER EXTENSION govreport DROP SCHEMA govreport $q$);

-- a reader reads and does nothing else
\c gr_attack gr_reader
\i sql/include/attempt.psql
SELECT count(*) AS readable FROM govreport.reports;
SELECT pg_temp.attempt(format('SELECT govreport.load(%L, %L)', E'读者局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n（一）予以公开\t1\t0\t0\t0\t0\t0\t1\n（七）总计\t1\t0\t0\t0\t0\t0\t1\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0', 'reader'));
SELECT pg_temp.attempt($q$ DELETE FROM govreport.reports $q$);
SELECT pg_temp.attempt($q$ LOCK TABLE govreport.pending_checks IN ACCESS EXCLUSIVE MODE $q$);
SELECT pg_temp.attempt($q$ LOCK TABLE govreport.reports IN ACCESS EXCLUSIVE MODE $q$);

-- a loader loads and replaces, but may not switch enforcement off
\c gr_attack gr_loader
\i sql/include/attempt.psql
SELECT govreport.load(E'装载局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n（一）予以公开\t1\t0\t0\t0\t0\t0\t1\n（七）总计\t1\t0\t0\t0\t0\t0\t1\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0', 'loader test') > 0 AS loaded;
SELECT pg_temp.attempt($q$ UPDATE govreport.reports SET strict = false $q$);
SELECT pg_temp.attempt($q$ UPDATE govreport.t3_rows SET enforce = false $q$);
SELECT count(*) AS loaded_reports FROM govreport.reports;

-- the installer may switch enforcement off and on; on, it is checked again
\c gr_attack gr_attacker
\i sql/include/attempt.psql
SELECT pg_temp.attempt($q$ UPDATE govreport.reports SET strict = false WHERE agency = '装载局' $q$);
SELECT pg_temp.attempt($q$ UPDATE govreport.reports SET strict = true WHERE agency = '装载局' $q$);
-- a report stored with a broken total cannot be switched to strict
SELECT govreport.load(replace(E'破损局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n（一）予以公开\t1\t0\t0\t0\t0\t0\t1\n（七）总计\t1\t0\t0\t0\t0\t0\t1\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0', E'（七）总计\t1', E'（七）总计\t2'), 'broken', strict => false) > 0 AS loaded;
SELECT pg_temp.attempt($q$ UPDATE govreport.reports SET strict = true WHERE agency = '破损局' $q$);
SELECT agency, strict FROM govreport.reports ORDER BY agency;

-- DROP EXTENSION leaves nothing behind in the database; the roles, which
-- belong to the cluster, hold nothing in it
DROP EXTENSION govreport;
\c gr_attack postgres
\i sql/include/attempt.psql
SELECT count(*) AS schemas FROM pg_namespace WHERE nspname = 'govreport';
SELECT count(*) AS privileges_left FROM pg_shdepend
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND refobjid IN (SELECT oid FROM pg_roles WHERE rolname LIKE 'govreport\_%');
SELECT count(*) AS types FROM pg_type WHERE typname = 'report';

\c contrib_regression postgres
DROP DATABASE gr_attack;
DROP DATABASE gr_planted;
DROP ROLE gr_attacker;
DROP ROLE gr_reader;
DROP ROLE gr_loader;
