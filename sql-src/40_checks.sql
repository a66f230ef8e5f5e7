-- The accounting identities (SPEC §7): the rules as data, checks on one
-- report, and the pieces for constraints.

CREATE FUNCTION govreport.rules(
        OUT name text, OUT severity text, OUT scope text, OUT formula text,
        OUT description_en text, OUT description_zh text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'govreport_rules'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;

COMMENT ON FUNCTION govreport.rules() IS
    'every rule of SPEC §7: name, severity (error for hard identities, warning for soft rules), scope, formula and descriptions';

CREATE FUNCTION govreport.checks(
        report govreport.report,
        OUT rule text, OUT scope text, OUT severity text, OUT status text,
        OUT expected numeric, OUT actual numeric, OUT difference numeric,
        OUT operands jsonb, OUT message text, OUT suspect text, OUT repeat_of text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'govreport_checks'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5000 ROWS 60;

COMMENT ON FUNCTION govreport.checks(govreport.report) IS
    'one row per rule instance evaluated on the report, passes included: status pass|fail|not_evaluated, the two sides and their difference, the operand cells, a message; suspect names the one cell that would explain a failure, repeat_of the earlier failure it repeats';

CREATE FUNCTION govreport.is_consistent(govreport.report) RETURNS boolean
    AS 'MODULE_PATHNAME', 'govreport_is_consistent'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION govreport.is_consistent(govreport.report) IS
    'true when no error-severity rule fails (usable in a CHECK constraint)';

CREATE FUNCTION govreport.assert_consistent(govreport.report) RETURNS govreport.report
    AS 'MODULE_PATHNAME', 'govreport_assert_consistent'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION govreport.assert_consistent(govreport.report) IS
    'returns the report, or raises check_violation (23514) whose detail lists every failing identity with its numbers';

CREATE FUNCTION govreport.rule_status(
        report govreport.report,
        OUT rule text, OUT severity text, OUT status text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'govreport_rule_status'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 2000 ROWS 8;

COMMENT ON FUNCTION govreport.rule_status(govreport.report) IS
    'one row per rule that applies to the report: fail when any of its instances fails, pass when all pass, not_evaluated otherwise';
