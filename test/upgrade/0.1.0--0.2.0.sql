-- What 0.2.0 adds, used on rows stored under 0.1.0.  Each row must be 't'.
SELECT govreport.library_version() = (SELECT extversion FROM pg_extension WHERE extname = 'govreport');
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
