-- govreport 0.2.0: the report type, parsing, checks and the store.
\echo Use "CREATE EXTENSION govreport" to load this file. \quit
