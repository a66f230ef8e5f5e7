-- Privileges on the documents (issue 11), after 90_privileges.sql has
-- made the roles: everyone reads them; the loader stores them, deletes a
-- replaced report's document, and marks what parsed them (reparse).
GRANT SELECT ON govreport.documents TO govreport_reader, govreport_loader, govreport_reviewer;
GRANT INSERT, DELETE ON govreport.documents TO govreport_loader;
GRANT UPDATE (parsed_by) ON govreport.documents TO govreport_loader;
GRANT USAGE ON SEQUENCE govreport.documents_id_seq TO govreport_loader;
-- load_document links a report to its document; reparse(apply) rewrites a report's value
GRANT UPDATE (document_id, report, template) ON govreport.reports TO govreport_loader;
