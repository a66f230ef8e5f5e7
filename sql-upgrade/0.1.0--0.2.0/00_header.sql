-- govreport 0.1.0 -> 0.2.0.  Written by hand, one file per concern; the
-- upgrade test (test/upgrade.sh) proves the result equals a fresh 0.2.0
-- install.  Every statement here is one a user's data survives.
\echo Use "ALTER EXTENSION govreport UPDATE TO '0.2.0'" to load this file. \quit
