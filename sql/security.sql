-- Security: the extension is trusted (nothing in it reaches the file system
-- or the network), its SQL functions pin search_path, and a non-superuser
-- who installs it can use the store and share it.
\set VERBOSITY terse

SELECT name, version, superuser, trusted FROM pg_available_extension_versions WHERE name = 'govreport';

-- every SQL or PL/pgSQL function pins its search_path
SELECT p.proname, l.lanname, p.proconfig
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
WHERE n.nspname = 'govreport' AND l.lanname IN ('sql', 'plpgsql')
ORDER BY 1, pg_catalog.pg_get_function_identity_arguments(p.oid);

-- no function runs with its owner's rights
SELECT count(*) AS security_definer FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'govreport' AND p.prosecdef;

-- a non-superuser installs it in a database of their own and uses the store
CREATE ROLE govreport_regress_owner LOGIN;
CREATE ROLE govreport_regress_reader LOGIN;
CREATE DATABASE govreport_regress_trusted OWNER govreport_regress_owner;
\c govreport_regress_trusted govreport_regress_owner
SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user;
CREATE EXTENSION govreport;
SELECT govreport.load(E'信任局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n（一）予以公开\t1\t0\t0\t0\t0\t0\t1\n（七）总计\t1\t0\t0\t0\t0\t0\t1\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0', 'trusted test') > 0 AS loaded;
SELECT agency, year FROM govreport.reports;
GRANT USAGE ON SCHEMA govreport TO govreport_regress_reader;
GRANT SELECT ON govreport.reports TO govreport_regress_reader;
\c govreport_regress_trusted govreport_regress_reader
SELECT agency, year FROM govreport.reports;
INSERT INTO govreport.reports (agency, year, template, report) SELECT agency, year + 1, template, report FROM govreport.reports;
\c contrib_regression postgres
DROP DATABASE govreport_regress_trusted;
DROP ROLE govreport_regress_owner;
DROP ROLE govreport_regress_reader;

-- no XML path loads external entities or DTDs: a pdftotext -bbox-layout
-- document whose entity points at a local file parses without it
\set VERBOSITY terse
SELECT code, location FROM govreport.findings(govreport.parse(convert_to($x$<?xml version="1.0"?>
<!DOCTYPE doc [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<doc><page width="595" height="842">
<flow><block><line><word xMin="100" yMin="100" xMax="300" yMax="112">外部局2023年政府信息公开工作年度报告</word></line></block></flow>
<flow><block><line><word xMin="100" yMin="130" xMax="300" yMax="142">&secret;</word></line></block></flow>
</page></doc>$x$, 'UTF8'))) WHERE code NOT IN ('rows_absent', 'table_absent');
-- nothing of the file reaches the report value, anywhere
SELECT strpos(govreport.parse(convert_to($x$<?xml version="1.0"?>
<!DOCTYPE doc [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<doc><page width="595" height="842">
<flow><block><line><word xMin="100" yMin="100" xMax="300" yMax="112">外部局2023年政府信息公开工作年度报告</word></line></block></flow>
<flow><block><line><word xMin="100" yMin="130" xMax="300" yMax="142">&secret;</word></line></block></flow>
</page></doc>$x$, 'UTF8'))::text, 'root:') AS file_content_at;
SELECT govreport.title(govreport.parse(convert_to('<html><head><title>外部局2023年政府信息公开工作年度报告</title></head><body><!DOCTYPE x SYSTEM "file:///etc/passwd"><p>&xxe;</p></body></html>', 'UTF8')));

-- malformed word-box XHTML is an error that names libxml2's complaint
\set VERBOSITY default
SELECT govreport.parse(convert_to('<doc><page><flow><block><line><word xMin="1" yMin="1" xMax="2" yMax="2">未闭合</line></block></flow></page></doc>', 'UTF8'));
