-- Privileges on the analysis objects of 70_analysis.sql (the roles exist now).
GRANT SELECT ON govreport.report_rates, govreport.year_over_year, govreport.rollup_check,
    govreport.agency_units
    TO govreport_reader, govreport_loader, govreport_reviewer;
GRANT INSERT, UPDATE, DELETE ON govreport.agency_units TO govreport_loader;
