-- What 0.2.0 adds, used on rows stored under 0.1.0.  Each row must be 't'.
SELECT govreport.library_version() = (SELECT extversion FROM pg_extension WHERE extname = 'govreport');
-- review (80_review.sql): the card and corrections on reports stored under 0.1.0
SELECT bool_and(govreport.report_card(r.id) LIKE '<!DOCTYPE html>%' AND strpos(govreport.report_card(r.id), '<script') = 0)
FROM govreport.reports r;
SELECT bool_and(govreport.effective_report(r.id)::text = r.report::text) FROM govreport.reports r;
SELECT count(*) = 0 FROM govreport.corrections;
BEGIN;
-- (the upgrade test loads every report with strict => false: refusals are in sql/review.sql)
SELECT govreport.correct(r.id, 't4.review.upheld', 1000, 'upgrade test') > 0
FROM govreport.reports r JOIN govreport.t4_rows t ON t.report_id = r.id AND t.row_code = 'review'
ORDER BY r.id LIMIT 1;
SET CONSTRAINTS ALL IMMEDIATE;
SELECT count(*) = 1 AND bool_and(t.upheld = 1000) FROM govreport.corrections c
JOIN govreport.t4_rows t ON t.report_id = c.report_id AND t.row_code = 'review';
SELECT bool_and(s.printed_value IS DISTINCT FROM 1000 AND s.value = 1000 AND s.corrected)
FROM govreport.corrections c, govreport.stored_cells(c.report_id) s WHERE s.key = 't4.review.upheld';
SELECT bool_and(k.on_corrected_values) AND bool_or(k.corrected_operands = '{t4.review.upheld}')
FROM govreport.corrections c, govreport.checks(c.report_id) k;
SELECT bool_and(strpos(govreport.report_card(c.report_id), '<ins>1000</ins>') > 0) FROM govreport.corrections c;
SELECT govreport.uncorrect(c.report_id, c.cell_key) > 0 FROM govreport.corrections c;
SET CONSTRAINTS ALL IMMEDIATE;
SELECT count(*) = 1 AND bool_and(t.upheld IS DISTINCT FROM 1000)
FROM govreport.corrections c
JOIN govreport.t4_rows t ON t.report_id = c.report_id AND t.row_code = 'review' WHERE c.action = 'correct';
ROLLBACK;
-- analysis (issue 12) on reports stored by 0.1.0: every report has its 15
-- rates, none raises; a stored report is a sum of one; the sum of every
-- 2021-template report counts each of them; compare of a report with itself
-- has no delta but 0; the views read the old rows
SELECT count(*) = 15 * (SELECT count(*) FROM govreport.reports WHERE template IN ('2019', '2021'))
FROM govreport.reports r, govreport.rates(r.report);
SELECT bool_and(k.reports = 1 AND k.contributors <= 1) FROM govreport.reports r, govreport.cell_contributors(r.report) k;
SELECT max(k.reports) = (SELECT count(*) FROM govreport.reports WHERE template = '2021')
FROM (SELECT govreport.sum(report) AS s FROM govreport.reports WHERE template = '2021') x,
     govreport.cell_contributors(x.s) k;
SELECT bool_and(c.delta IS NULL OR c.delta = 0) AND count(*) > 0
FROM govreport.reports r, govreport.compare(r.report, r.report) c;
SELECT count(*) = (SELECT count(*) FROM govreport.reports r, govreport.rates(r.report)) FROM govreport.report_rates;
SELECT count(*) >= 0 FROM govreport.year_over_year;
SELECT count(*) = 0 FROM govreport.rollup_check;
-- a value stored by 0.1.0 prints and reads back byte for byte as before
SELECT bool_and(r.report::text::govreport.report::text = r.report::text AND strpos(r.report::text, '"sum"') = 0)
FROM govreport.reports r;
SELECT bool_and(govreport.report_send(r.report) = govreport.report_send(r.report::text::govreport.report))
FROM govreport.reports r;
-- documents (issue 11): reports stored by 0.1.0 have no document, so there is nothing to reparse
SELECT count(*) > 0 AND bool_and(document_id IS NULL) FROM govreport.reports;
SELECT count(*) = 0 FROM govreport.documents;
SELECT count(*) = 0 FROM govreport.reparse();
SELECT count(*) = 0 FROM govreport.reparse(NULL, apply => true);
SELECT govreport.document_kind(pg_catalog.convert_to('<html><body></body></html>', 'UTF8')) = 'html';
