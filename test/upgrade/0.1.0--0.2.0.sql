-- What 0.2.0 adds, used on rows stored under 0.1.0.  Each row must be 't'.
SELECT govreport.library_version() = (SELECT extversion FROM pg_extension WHERE extname = 'govreport');
-- documents (issue 11): reports stored by 0.1.0 have no document, so there is nothing to reparse
SELECT count(*) > 0 AND bool_and(document_id IS NULL) FROM govreport.reports;
SELECT count(*) = 0 FROM govreport.documents;
SELECT count(*) = 0 FROM govreport.reparse();
SELECT count(*) = 0 FROM govreport.reparse(NULL, apply => true);
SELECT govreport.document_kind(pg_catalog.convert_to('<html><body></body></html>', 'UTF8')) = 'html';
