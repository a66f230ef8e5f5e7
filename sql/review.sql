-- Review: the report card, corrections with provenance, their history,
-- the store's constraints at commit, and who may correct.
\set VERBOSITY terse
\set sample `cat data/sample-report.txt`

-- runs q and its commit-time checks (SET CONSTRAINTS fires them now)
CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    SET CONSTRAINTS ALL IMMEDIATE;
    RETURN 'no error';
EXCEPTION WHEN others THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- the card of a report value: a page, no script, the states and the layout
WITH c AS (SELECT govreport.report_card(govreport.parse(:'sample')) AS html)
SELECT left(html, 15) AS starts, strpos(html, '<script') AS script_at,
       (SELECT count(*) FROM regexp_matches(html, '<td class="v s-inferred" id="t', 'g')) AS inferred_cells,
       strpos(html, '<th class="col-group" colspan="5">法人或其他组织</th>') > 0 AS org_header,
       strpos(html, 'data-failing-errors="0"') > 0 AS consistent
FROM c;
-- hostile text from a document is text on the card
WITH p AS (SELECT '<script>alert(1)</script>"><img src=x onerror=''alert(2)''>机关' AS payload),
h AS (SELECT govreport.report_card(replace(govreport.parse(:'sample')::text, '"agency":"示例机关"',
                                           '"agency":' || to_json(payload)::text)::govreport.report) AS h FROM p)
SELECT strpos(h, '<script>') AS raw_script, strpos(h, '<img') AS raw_img,
       strpos(h, '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=&#39;alert(2)&#39;&gt;机关') > 0 AS escaped
FROM h;

-- the store: a strict report and a non-strict copy
SELECT govreport.load(:'sample', 'sample') AS strict_id \gset
SELECT govreport.load(replace(:'sample', '示例机关2022年', '示例机关2023年'), 'sample 2023', strict => false) AS loose_id \gset

-- refused under strict: the row sum of t4.review breaks at commit
SELECT pg_temp.sqlstate_of(format($$SELECT govreport.correct(%s, 't4.review.upheld', 2, 'misread')$$, :strict_id));
SELECT govreport.correct(:strict_id, 't4.review.upheld', 2, 'misread');
SELECT count(*) AS history_after_refusal FROM govreport.corrections;
-- a cross-row identity (t3_balance) is refused at commit too
BEGIN;
SELECT govreport.correct(:strict_id, 't3.received.natural_person', 87, 'PDF page 4') > 0 AS recorded;
SELECT govreport.correct(:strict_id, 't3.received.total', 91, 'PDF page 4') > 0 AS recorded;
COMMIT;
SELECT natural_person, total FROM govreport.t3_rows WHERE report_id = :strict_id AND row_code = 'received';
-- and integer_count: a count of 0.5, even with the total agreeing
BEGIN;
SELECT govreport.correct(:strict_id, 't4.review.upheld', 0.5, 'x') > 0 AS recorded;
SELECT govreport.correct(:strict_id, 't4.review.total', 0.5, 'x') > 0 AS recorded;
COMMIT;

-- accepted with the fix in the same transaction
BEGIN;
SELECT govreport.correct(:strict_id, 't4.review.upheld', 2, 'PDF page 5 prints 2') > 0 AS recorded;
SELECT govreport.correct(:strict_id, 't4.review.total', 2, 'PDF page 5 prints 2') > 0 AS recorded;
COMMIT;
SELECT row_code, upheld, total FROM govreport.t4_rows WHERE report_id = :strict_id AND row_code = 'review';
-- the printed value stays in the stored report; the cells show both
SELECT value AS printed FROM govreport.reports r, govreport.cells(r.report) c
WHERE r.id = :strict_id AND c.key = 't4.review.upheld';
SELECT key, printed_value, printed_state, value, state, corrected, reason, who = current_user AS by_me
FROM govreport.stored_cells(:strict_id) WHERE table_code = 't4' AND row_code = 'review';
SELECT count(*) AS cells, count(*) FILTER (WHERE corrected) AS corrected FROM govreport.stored_cells(:strict_id);
-- the effective value is a report of its own
SELECT govreport.is_consistent(govreport.effective_report(:strict_id)) AS consistent,
       (SELECT value FROM govreport.cells(govreport.effective_report(:strict_id)) WHERE key = 't4.review.total') AS total;

-- supersede: a second correction of the cell replaces the first; both stay
BEGIN;
SELECT govreport.correct(:strict_id, 't4.review.upheld', 3, 'second reading') > 0 AS recorded;
SELECT govreport.correct(:strict_id, 't4.review.total', 3, 'second reading') > 0 AS recorded;
COMMIT;
SELECT cell_key, action, printed_value, value, reason, status, supersedes IS NOT NULL AS supersedes_one
FROM govreport.correction_history WHERE report_id = :strict_id ORDER BY id;
SELECT upheld, total FROM govreport.t4_rows WHERE report_id = :strict_id AND row_code = 'review';

-- the card of the stored report shows the correction over the printed value
SELECT strpos(h, '<del>1</del><ins>3</ins>') > 0 AS struck_out, strpos(h, 'second reading') > 0 AS reason_shown,
       strpos(h, 'id="corrected-note"') > 0 AS says_corrected
FROM (SELECT govreport.report_card(:strict_id) AS h) s;

-- uncorrect: back to the printed values, the history keeps everything
BEGIN;
SELECT govreport.uncorrect(:strict_id, 't4.review.upheld') > 0 AS withdrawn;
SELECT govreport.uncorrect(:strict_id, 't4.review.total', 'the first reading was right') > 0 AS withdrawn;
COMMIT;
SELECT upheld, total FROM govreport.t4_rows WHERE report_id = :strict_id AND row_code = 'review';
SELECT cell_key, action, value, reason, status FROM govreport.correction_history
WHERE report_id = :strict_id ORDER BY id;
SELECT count(*) FILTER (WHERE corrected) AS corrected FROM govreport.stored_cells(:strict_id);
-- a withdrawal alone breaks a strict report, like any correction
BEGIN;
SELECT govreport.correct(:strict_id, 't4.review.upheld', 2, 'again') > 0 AS recorded;
SELECT govreport.correct(:strict_id, 't4.review.total', 2, 'again') > 0 AS recorded;
COMMIT;
SELECT govreport.uncorrect(:strict_id, 't4.review.total');
SELECT upheld, total FROM govreport.t4_rows WHERE report_id = :strict_id AND row_code = 'review';

-- a report loaded with its failures takes any correction; its checks run
-- on the corrected values and say so
SELECT govreport.correct(:loose_id, 't3.received.total', 95, 'typo in the PDF') > 0 AS recorded;
SELECT total FROM govreport.t3_rows WHERE report_id = :loose_id AND row_code = 'received';
SELECT rule, scope, status, corrected_operands, on_corrected_values, suspect
FROM govreport.checks(:loose_id::bigint) WHERE status = 'fail' OR corrected_operands <> '{}' ORDER BY rule, scope;
SELECT count(*) AS checks, bool_and(on_corrected_values) AS all_on_corrected
FROM govreport.checks(:strict_id::bigint);
-- a blank correction (NULL) of a cell
SELECT govreport.correct(:loose_id, 't3.carried_over.research', NULL, 'the PDF leaves it empty') > 0 AS recorded;
SELECT printed_value, printed_state, value, state, corrected FROM govreport.stored_cells(:loose_id)
WHERE key = 't3.carried_over.research';
SELECT research FROM govreport.t3_rows WHERE report_id = :loose_id AND row_code = 'carried_over';

-- cells the document does not have: correcting a whole absent row stores
-- it, withdrawing one of its corrections takes it out again
SELECT govreport.load(regexp_replace(replace(:'sample', '示例机关2022年', '示例机关2021年'), '四、政府信息公开行政复议.*', ''),
                      'no table 4', strict => false) AS cut_id \gset
SELECT count(*) AS t4_rows FROM govreport.t4_rows WHERE report_id = :cut_id;
BEGIN;
SELECT count(govreport.correct(:cut_id, 't4.review.' || c, v, 'table 4 from the PDF')) AS corrections
FROM (VALUES ('upheld', 1), ('corrected', 0), ('other', 0), ('pending', 0), ('total', 1)) AS x(c, v);
COMMIT;
SELECT row_code, upheld, total, enforce FROM govreport.t4_rows WHERE report_id = :cut_id;
SELECT printed_state, state, count(*) FROM govreport.stored_cells(:cut_id) WHERE table_code = 't4'
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT govreport.uncorrect(:cut_id, 't4.review.other') > 0 AS withdrawn;
SELECT count(*) AS t4_rows FROM govreport.t4_rows WHERE report_id = :cut_id;

-- what a correction must say, and what it may not
SELECT pg_temp.sqlstate_of(format($$SELECT govreport.correct(%s, 't4.review.upheld', 2, '  ')$$, :loose_id));
SELECT pg_temp.sqlstate_of(format($$SELECT govreport.correct(%s, 't4.review.upheld', 2, NULL)$$, :loose_id));
SELECT pg_temp.sqlstate_of(format($$SELECT govreport.correct(%s, 't9.nothing.here', 2, 'x')$$, :loose_id));
SELECT pg_temp.sqlstate_of($$SELECT govreport.correct(999999, 't4.review.upheld', 2, 'x')$$);
SELECT pg_temp.sqlstate_of(format($$SELECT govreport.uncorrect(%s, 't4.review.other')$$, :loose_id));
SELECT pg_temp.sqlstate_of(format($$SELECT govreport.correct(%s, 't4.review.upheld', 1e20, 'x')$$, :loose_id));
SELECT pg_temp.sqlstate_of(format($$SELECT govreport.correct(%s, 't4.review.upheld', 0.0000001, 'x')$$, :loose_id));
SELECT pg_temp.sqlstate_of($$SELECT govreport.apply_corrections(govreport.parse('示例机关2022年政府信息公开工作年度报告'), '{a,b}', '{1}')$$);
-- a value with trailing zeros is the same number
SELECT govreport.correct(:loose_id, 't4.review.other', 0.000, 'zero') > 0 AS recorded;
SELECT value FROM govreport.stored_cells(:loose_id) WHERE key = 't4.review.other';

-- privileges: a reader reads; a reviewer appends, through the rules
CREATE ROLE govreport_regress_reviewer IN ROLE govreport_reviewer;
CREATE ROLE govreport_regress_reader2 IN ROLE govreport_reader;
SET ROLE govreport_regress_reader2;
SELECT count(*) > 0 AS reader_sees_history FROM govreport.correction_history;
SELECT length(govreport.report_card(:strict_id)) > 0 AS reader_sees_card;
SELECT pg_temp.sqlstate_of(format($$SELECT govreport.correct(%s, 't4.review.other', 0, 'x')$$, :loose_id));
SELECT pg_temp.sqlstate_of(format($$INSERT INTO govreport.corrections (report_id, cell_key, value, reason) VALUES (%s, 't4.review.other', 0, 'x')$$, :loose_id));
SELECT pg_temp.sqlstate_of($$UPDATE govreport.corrections SET reason = 'rewritten'$$);
SELECT pg_temp.sqlstate_of($$DELETE FROM govreport.corrections$$);
RESET ROLE;
SET ROLE govreport_regress_reviewer;
SELECT govreport.correct(:loose_id, 't4.review.other', 1, 'reviewer''s reading') > 0 AS reviewer_corrects;
SELECT who, printed_value, value FROM govreport.correction_history WHERE reason = 'reviewer''s reading';
-- by hand: who, when and what was printed cannot be written, only appended
SELECT pg_temp.sqlstate_of(format($$INSERT INTO govreport.corrections (report_id, cell_key, value, reason, who, recorded_at, printed_state) VALUES (%s, 't4.review.other', 5, 'forged', 'someone_else', '2000-01-01', 'blank')$$, :loose_id));
INSERT INTO govreport.corrections (report_id, cell_key, value, reason) VALUES (:loose_id, 't4.review.other', 2, 'by hand');
SELECT who, printed_value, printed_state, value, recorded_at > now() - interval '1 hour' AS recent, supersedes IS NOT NULL AS supersedes_one,
       status FROM govreport.correction_history WHERE reason = 'by hand';
SELECT pg_temp.sqlstate_of($$UPDATE govreport.corrections SET reason = 'rewritten'$$);
SELECT pg_temp.sqlstate_of($$DELETE FROM govreport.corrections$$);
SELECT pg_temp.sqlstate_of($$TRUNCATE govreport.corrections$$);
SELECT pg_temp.sqlstate_of($$UPDATE govreport.t3_rows SET total = 0$$) LIKE '23514%' AS rows_still_checked;
-- a reviewer's correction of a strict report is refused like anyone's
SELECT pg_temp.sqlstate_of(format($$SELECT govreport.correct(%s, 't4.review.upheld', 7, 'x')$$, :strict_id));
RESET ROLE;
DROP ROLE govreport_regress_reviewer;
DROP ROLE govreport_regress_reader2;

-- history outlives a replaced report; the new report starts clean
SELECT govreport.load(:'sample' || E'\n', 'sample again', replace => true) AS new_id \gset
SELECT count(*) > 0 AS old_history_kept FROM govreport.corrections WHERE report_id = :strict_id;
SELECT count(*) FILTER (WHERE corrected) AS corrected FROM govreport.stored_cells(:new_id);
SELECT govreport.effective_report(:strict_id) IS NULL AS no_such_report;

-- the tests after this one start from an empty store
TRUNCATE govreport.reports, govreport.corrections RESTART IDENTITY CASCADE;
