#!/usr/bin/env bash
# The report card in a real browser: headless Chromium renders the cards of
# a report with real failures (corpus shanghai-2019.html), of a fixture with
# one broken total, of the bundled sample (inferred cells), of a stored
# report with a correction, and of a report whose agency, title and findings
# carry script payloads; the DOM it leaves is checked (check_dom.py), hover
# and keyboard focus are tried through the DevTools protocol (cdp.py), and a
# screenshot of each card is taken into the output folder.
#
# Needs a running server (PGHOST/PGPORT/PGUSER as scripts/lib.sh
# gr_start_cluster sets them) with the extension installed.
# Output folder: $GR_BROWSER_OUT, default test/browser/out.
# GR_UPDATE_SCREENSHOT=1 also copies the broken-total card's screenshot to
# doc/report-card.png (the README's picture).
# Last line: "browser: N passed, N failed[, N skipped]".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="${GR_CORPUS:-$root/../shared/corpus}"
out="${GR_BROWSER_OUT:-$root/test/browser/out}"
passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); echo "ok $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
skip() { skipped=$((skipped + 1)); echo "skip $*"; }
finish() { echo "browser: $passed passed, $failed failed, $skipped skipped"; [ "$failed" -eq 0 ]; exit; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d gr_browser "$@"; }

chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$chromium_bin" ]; then
	if [ "${CI:-}" = true ]; then fail "chromium is not installed (CI=true)"; else skip "chromium is not installed: apt-get install chromium"; fi
	finish
fi
mkdir -p "$out" || { fail "cannot create $out"; finish; }
rm -f "$out"/*.html "$out"/*.png "$out"/*.dom "$out"/*.json

dropdb --if-exists gr_browser >/dev/null 2>&1
createdb gr_browser || { fail "createdb gr_browser"; finish; }
q -c "CREATE EXTENSION govreport" || { fail "CREATE EXTENSION govreport"; finish; }

# The card of a report expression (SQL over the temp table doc), and what
# the DOM must show, from the same report's cells and checks.
render() {	# name, SQL expression of the report, SQL expression of the card
	local name="$1" rep="$2" card="$3"
	q -v name="$name" >"$out/$name.html" <<SQL || return 1
SELECT $card FROM (SELECT $rep AS r) s;
SQL
	q >"$out/$name.json" <<SQL || return 1
SELECT json_build_object(
    'states', (SELECT json_object_agg(c.key, c.state) FROM govreport.cells(s.r) c),
    'failing', coalesce((SELECT json_object_agg(o.key, o.rules) FROM (
        SELECT x.value->>'key' AS key, json_agg(DISTINCT k.rule) AS rules
        FROM govreport.checks(s.e) k, jsonb_array_elements(k.operands) x
        WHERE k.status = 'fail' GROUP BY 1) o), '{}'),
    'suspects', coalesce((SELECT json_agg(DISTINCT k.suspect) FROM govreport.checks(s.e) k
                          WHERE k.status = 'fail' AND k.suspect IS NOT NULL), '[]'),
    'rule_status', (SELECT json_object_agg(k.rule, k.status) FROM govreport.rule_status(s.e) k),
    'corrected', coalesce((SELECT json_agg(h.cell_key) FROM govreport.correction_history h
                           WHERE h.status = 'active' AND s.id IS NOT NULL AND h.report_id = s.id), '[]'),
    'title', govreport.title(s.r), 'agency', govreport.agency(s.r))
FROM (SELECT $rep AS r, $4 AS e, ${5:-NULL::bigint} AS id) s;
SQL
}

browse() {	# name: dump the DOM and take a screenshot of out/NAME.html
	local name="$1" height="${2:-3200}"
	# a private profile each time: no state carries over between cards
	local profile
	profile="$(mktemp -d /tmp/govreport-chromium.XXXXXX)"
	timeout 120 "$chromium_bin" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
		--virtual-time-budget=3000 --dump-dom "file://$out/$name.html" >"$out/$name.dom" 2>"$out/$name.log" &&
		timeout 120 "$chromium_bin" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
			--hide-scrollbars --window-size=1280,"$height" --screenshot="$out/$name.png" \
			"file://$out/$name.html" >>"$out/$name.log" 2>&1
	local rc=$?
	rm -rf "$profile"
	[ "$rc" -eq 0 ] && [ -s "$out/$name.dom" ] && [ -s "$out/$name.png" ]
}

tally() {	# command...: counts its "ok ..." and "FAIL ..." lines
	local line
	while IFS= read -r line; do
		case "$line" in
			ok\ *) ok "${line#ok }" ;;
			FAIL\ *) fail "${line#FAIL }" ;;
			*) echo "$line" ;;
		esac
	done < <("$@" 2>&1 || echo "FAIL $*: exit status $?")
}
verify() { tally python3 "$root/test/browser/check_dom.py" "$1" "$out/$2.dom" "$out/$2.json"; }

card_case() {	# kind, name, report SQL, [card SQL, effective SQL, id SQL]
	local kind="$1" name="$2" rep="$3" card="${4:-govreport.report_card(s.r)}" eff="${5:-$3}" id="${6:-}"
	if ! render "$name" "$rep" "$card" "$eff" "$id"; then
		fail "$kind: the card of $name renders"
		return
	fi
	if ! browse "$name"; then
		fail "$kind: chromium renders $name (see $out/$name.log)"
		return
	fi
	ok "$kind: chromium renders $name, screenshot $out/$name.png"
	verify "$kind" "$name"
}

b64() { base64 -w0 "$1"; }

# 1. a real report with real failures
shanghai="$corpus/docs/shanghai-2019.html"
if [ -r "$shanghai" ]; then
	card_case shanghai shanghai-2019 "govreport.parse(decode('$(b64 "$shanghai")', 'base64'))"
elif [ "${CI:-}" = true ]; then
	fail "shanghai: $shanghai is missing (CI=true)"
else
	skip "shanghai: $shanghai is missing"
fi

# 2. our fixture with one broken total (t3.received.total printed 91, not 90)
broken="govreport.parse(convert_from(decode('$(b64 "$root/test/fixtures/review/broken-total.txt")', 'base64'), 'UTF8'))"
card_case broken broken-total "$broken"

# hover and keyboard focus show the failing rule (DevTools protocol over a pipe)
if [ -s "$out/broken-total.html" ]; then
	tally python3 "$root/test/browser/cdp.py" "$chromium_bin" "$out/broken-total.html" t3.received.total t3_row_sum
fi

# 3. the bundled sample: its short rows were placed by the identities
card_case sample sample-report "govreport.parse(convert_from(decode('$(b64 "$root/data/sample-report.txt")', 'base64'), 'UTF8'))"

# 4. the broken fixture stored and corrected: the card of a stored report
id="$(q -c "SELECT govreport.load_report($broken, 'broken total', strict => false)")"
if [ -n "$id" ] && q -c "SELECT govreport.correct($id, 't3.received.total', 90, 'the PDF prints 90; the HTML copy has a typo')" >/dev/null; then
	card_case corrected corrected-card "(SELECT report FROM govreport.reports WHERE id = $id)" \
		"govreport.report_card($id::bigint)" "govreport.effective_report($id)" "$id::bigint"
else
	fail "corrected: load and correct the broken fixture"
fi

# 5. script payloads in the agency, the title and a finding: text, never run
payload_title=$'示例机关2022年报告"><img src=x onerror="document.title=\'XSS-RAN\';document.body.appendChild(document.createElement(\'xss-ran\'))">'
payload_agency=$'<script>document.title=\'XSS-RAN\'</script><svg onload="document.title=\'XSS-RAN\'">机关'
payload_finding=$'</td></tr></table><script>document.title=\'XSS-RAN\'</script>'
xss="replace(replace(replace(govreport.parse(convert_from(decode('$(b64 "$root/data/sample-report.txt")', 'base64'), 'UTF8'))::text,
    '\"agency\":\"示例机关\"', '\"agency\":' || to_json(convert_from(decode('$(printf %s "$payload_agency" | base64 -w0)', 'base64'), 'UTF8'))::text),
    '\"title\":\"示例机关2022年政府信息公开工作年度报告\"', '\"title\":' || to_json(convert_from(decode('$(printf %s "$payload_title" | base64 -w0)', 'base64'), 'UTF8'))::text),
    '\"message\":\"全年办理政府信息公开申请96件\"', '\"message\":' || to_json(convert_from(decode('$(printf %s "$payload_finding" | base64 -w0)', 'base64'), 'UTF8'))::text)::govreport.report"
card_case xss xss-payloads "$xss"
if [ -s "$out/xss-payloads.json" ] && grep -q 'XSS-RAN' "$out/xss-payloads.json"; then
	ok "xss: the payloads reached the report value"
else
	fail "xss: the payloads reached the report value"
fi
# the control: the same payloads pasted into a page unescaped do run, so
# the checks above would see a payload that ran
{
	printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>control</title></head><body>'
	printf '<h1>%s</h1><p>%s</p><p>%s</p></body></html>' "$payload_title" "$payload_agency" "$payload_finding"
} >"$out/control.html"
echo '{}' >"$out/control.json"
if browse control 800; then verify control control; else fail "control: chromium renders the control page"; fi

if [ "${GR_UPDATE_SCREENSHOT:-0}" = 1 ] && [ -s "$out/corrected-card.png" ]; then
	# the top of the corrected card: header, legend, tables 2 and 3
	"$chromium_bin" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1700 \
		--screenshot="$root/doc/report-card.png" "file://$out/broken-total.html" >/dev/null 2>&1 &&
		echo "wrote doc/report-card.png"
fi

dropdb --if-exists gr_browser >/dev/null 2>&1
finish
