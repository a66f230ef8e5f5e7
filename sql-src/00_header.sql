-- govreport 0.1.0: the report type, parsing and the cell listing.
\echo Use "CREATE EXTENSION govreport" to load this file. \quit
