#!/usr/bin/env bash
# Upgrade test: a database installed at every released version and filled
# with reports, then brought to the current version by ALTER EXTENSION
# UPDATE, must keep its data and equal a fresh install of the current
# version.  Run once as the superuser and once as a non-superuser who
# installs the (trusted) extension.
#
# For each released version OLD (sql-released/govreport--OLD.sql):
#   1. CREATE EXTENSION govreport VERSION 'OLD', with the current library:
#      every C symbol the OLD script names must still be in the library,
#      and every OLD function must work (the library serves an old catalog);
#   2. load the bundled sample, the template fixtures and the corpus;
#   3. ALTER EXTENSION govreport UPDATE;
#   4. the stored reports, rows, cells, findings and checks are unchanged;
#      the functions new since OLD work on the old rows (test/upgrade/*.sql);
#      pg_dump --schema-only of the upgraded database equals that of a fresh
#      install, object by object (the extension's members are detached from
#      it first in both, since pg_dump never dumps an extension's members).
#
# Needs a running server (scripts/lib.sh gr_start_cluster) and the extension
# installed.  Last line: "upgrade: N passed, N failed[, N skipped]".
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/govreport-upgrade.XXXXXX)"
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
corpus="${GR_CORPUS:-$root/../shared/corpus}"
passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); echo "ok $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
check() {	# name, command...
	local name="$1"
	shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

current="$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$root/govreport.control")"
libdir="$(pg_config --pkglibdir)"

# Documents every database is filled with: ours always, the corpus when it
# is there (PDFs through their shipped -layout text).
docs=("$root/data/sample-report.txt" "$root"/test/fixtures/templates/*.txt)
if [ -d "$corpus/docs" ]; then
	for f in "$corpus"/docs/*; do
		case "$f" in *.pdf) ;; *) docs+=("$f") ;; esac
	done
elif [ "${CI:-}" = true ]; then
	fail "corpus: $corpus is missing (CI=true)"
else
	echo "skip corpus documents: $corpus is missing"
	skipped=$((skipped + 1))
fi

# One SQL file that loads every document as bytes, lenient (the corpus holds
# real source failures) and under agency/year overrides where a fixture
# names none.  Literals are written with printf: no argument-length limit.
{
	i=0
	for f in "${docs[@]}"; do
		i=$((i + 1))
		printf "SELECT govreport.load(decode('%s', 'base64'), '%s', strict => false, agency => coalesce(govreport.agency(govreport.parse(decode('%s', 'base64'))), 'fixture %s'), year => coalesce(govreport.year(govreport.parse(decode('%s', 'base64'))), 2000 + %s));\n" \
			"$(base64 -w0 "$f")" "$(basename "$f")" "$(base64 -w0 "$f")" "$i" "$(base64 -w0 "$f")" "$i"
	done
} >"$work/load.sql"

# Everything a user's data is: stored in the store, and read back through
# the old functions.  Only columns that exist at every version are named.
snapshot() {	# db
	q -d "$1" <<'SQL'
SELECT 'report', id, agency, year, template, source_name, strict, report::text FROM govreport.reports ORDER BY id;
SELECT 't2', * FROM govreport.t2_rows ORDER BY report_id, row_code;
SELECT 't3', * FROM govreport.t3_rows ORDER BY report_id, row_code;
SELECT 't4', * FROM govreport.t4_rows ORDER BY report_id, row_code;
SELECT 'finding', report_id, source, code, scope, severity, message, "values" FROM govreport.report_findings
 ORDER BY report_id, source, code, scope, message;
SELECT 'cell', r.id, c.* FROM govreport.reports r, govreport.cells(r.report) c ORDER BY r.id, c.key;
SELECT 'check', r.id, k.* FROM govreport.reports r, govreport.checks(r.report) k ORDER BY r.id, k.rule, k.scope;
SELECT 'status', r.id, s.* FROM govreport.reports r, govreport.rule_status(r.report) s ORDER BY r.id, s.rule;
SELECT 'meta', r.id, govreport.template(r.report), govreport.year(r.report), govreport.agency(r.report),
       govreport.title(r.report), govreport.published(r.report), govreport.is_consistent(r.report),
       govreport.to_jsonb(r.report) = (r.report::text)::jsonb
  FROM govreport.reports r ORDER BY r.id;
SELECT 'summary', * FROM govreport.rule_summary ORDER BY 2, 3;
SELECT 'carry', * FROM govreport.carry_continuity ORDER BY 2, 3, 5;
SELECT 'in_force', * FROM govreport.in_force_continuity ORDER BY 2, 3, 5;
SQL
}

# The extension's objects as pg_dump would show them were they not members:
# detach every member (in a scratch copy), dump the schema, and cut the dump
# into its objects, sorted.  The registration of configuration tables for
# pg_dump goes with them, read before detaching.
schema_dump() {	# db -> file
	local db="$1" out="$2" scratch="$1_scratch"
	dropdb --if-exists "$scratch" >/dev/null 2>&1
	createdb -T "$db" "$scratch" || return 1
	{
		echo "-- extension $(q -d "$scratch" -c "SELECT extname || ' ' || extversion || ' ' || extnamespace::regnamespace || ' relocatable=' || extrelocatable FROM pg_extension WHERE extname = 'govreport'")"
		q -d "$scratch" -c "SELECT '-- config ' || c::regclass::text || ' where ' || coalesce(w, '') FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS u(c, w) WHERE e.extname = 'govreport' ORDER BY 1"
	} >"$out.head" || return 1
	q -d "$scratch" -c "
		SELECT format('ALTER EXTENSION govreport DROP %s %s;', o.type, o.identity)
		FROM pg_depend d, pg_identify_object(d.classid, d.objid, d.objsubid) o
		WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
		  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'govreport')" >"$work/detach.sql" \
		&& q -d "$scratch" -f "$work/detach.sql" \
		&& pg_dump --schema-only -d "$scratch" >"$out.raw" || return 1
	dropdb "$scratch" >/dev/null 2>&1
	python3 - "$out.raw" "$out.head" "$out" <<'PY'
import re, sys
raw, head, out = sys.argv[1:]
text = open(raw, encoding='utf-8').read()
# pg_dump's own lines that say nothing about the objects
# (and the random key of \restrict, pg_dump's guard against psql meta-commands)
text = re.sub(r'^(-- (Dumped (from|by) .*|PostgreSQL database dump( complete)?)|\\(un)?restrict \S+)$', '', text, flags=re.M)
blocks = re.split(r'\n(?=--\n-- (?:Name|Data for Name): )', text)
def normal(block):
    # an ACL's entries are a set: their order is the order of the grants
    lines = block.split('\n')
    if len(lines) > 3 and '; Type: ACL;' in lines[1]:
        return '\n'.join(lines[:3] + sorted(l for l in lines[3:] if l))
    return block
blocks = sorted(normal(b.strip()) + '\n' for b in blocks if b.strip())
with open(out, 'w', encoding='utf-8') as f:
    f.write(open(head, encoding='utf-8').read())
    f.write('\n'.join(blocks))
PY
}

run_upgrade() {	# label, role to install as (empty: the superuser), old version
	local label="$1" role="$2" old="$3" tag db fresh as=()
	tag="$(echo "$label $old" | tr -c 'a-z0-9\n' '_')"
	db="gr_up_${tag}" fresh="gr_fresh_${tag}"
	[ -z "$role" ] || as=(-U "$role")
	for d in "$db" "$fresh"; do
		dropdb --if-exists "$d" >/dev/null 2>&1
		createdb ${role:+-O "$role"} "$d" || { fail "$label: createdb $d"; return; }
	done

	if ! q -d "$db" "${as[@]}" -c "CREATE EXTENSION govreport VERSION '$old'"; then
		fail "$label: CREATE EXTENSION govreport VERSION '$old'"
		return
	fi
	ok "$label: $old installs with the $current library"
	if q -d "$db" "${as[@]}" -f "$work/load.sql" >/dev/null; then
		ok "$label: ${#docs[@]} documents load under the $old catalog"
	else
		fail "$label: loading under the $old catalog"
	fi
	check "$label: every report stored" test "$(q -d "$db" -c 'SELECT count(*) FROM govreport.reports')" = "${#docs[@]}"
	snapshot "$db" >"$work/$tag.before" || fail "$label: snapshot before the update"
	check "$label: the snapshot holds cells and checks" \
		test "$(grep -c '^cell|' "$work/$tag.before")" -gt 1000

	if q -d "$db" "${as[@]}" -c "ALTER EXTENSION govreport UPDATE"; then
		ok "$label: ALTER EXTENSION govreport UPDATE from $old"
	else
		fail "$label: ALTER EXTENSION govreport UPDATE from $old"
		return
	fi
	check "$label: the catalog is at $current" test "$(q -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'govreport'")" = "$current"
	snapshot "$db" >"$work/$tag.after" || fail "$label: snapshot after the update"
	if cmp -s "$work/$tag.before" "$work/$tag.after"; then
		ok "$label: stored reports, rows, cells, findings and checks unchanged"
	else
		fail "$label: the update changed the data"
		diff "$work/$tag.before" "$work/$tag.after" | head -n 20
	fi

	# what is new since OLD, on the old rows: one file per step, each
	# printing 't' for each assertion that holds
	local f rows
	for f in "$root"/test/upgrade/*.sql; do
		[ -e "$f" ] || continue
		if rows="$(q -d "$db" "${as[@]}" -f "$f" 2>&1)" && [ -n "$rows" ] && ! grep -qv '^t$' <<<"$rows"; then
			ok "$label: $(basename "$f") on the upgraded rows"
		else
			fail "$label: $(basename "$f") on the upgraded rows"
			head -n 20 <<<"$rows"
		fi
	done

	if ! q -d "$fresh" "${as[@]}" -c "CREATE EXTENSION govreport"; then
		fail "$label: fresh CREATE EXTENSION govreport"
		return
	fi
	if schema_dump "$db" "$work/$tag.upgraded.sql" && schema_dump "$fresh" "$work/$tag.fresh.sql"; then
		if [ "$(grep -c 'CREATE FUNCTION' "$work/$tag.fresh.sql")" -lt 20 ]; then
			fail "$label: the schema dump of a fresh install shows the extension's functions"
		elif diff -u "$work/$tag.fresh.sql" "$work/$tag.upgraded.sql" >"$work/$tag.diff"; then
			ok "$label: pg_dump --schema-only of the upgraded database equals a fresh $current install"
		else
			fail "$label: pg_dump --schema-only of the upgraded database differs from a fresh $current install"
			head -n 60 "$work/$tag.diff"
		fi
	else
		fail "$label: pg_dump --schema-only"
	fi
	dropdb "$db" >/dev/null 2>&1
	dropdb "$fresh" >/dev/null 2>&1
}

# The library must still export every symbol an old catalog names.
symbols_ok() {	# old script
	local sym missing=0 exported
	# read once: grep -q closing the pipe early would kill nm (SIGPIPE) and,
	# under pipefail, count a symbol that is there as missing
	exported="$(nm -D --defined-only "$libdir/govreport.so")"
	for sym in $(grep -o "'MODULE_PATHNAME', '[a-z_0-9]*'" "$1" | sed "s/.*, '\(.*\)'/\1/" | sort -u); do
		if ! grep -q " T $sym\$" <<<"$exported"; then
			echo "missing symbol $sym"
			missing=1
		fi
	done
	[ "$missing" -eq 0 ]
}

q -c "DROP ROLE IF EXISTS gr_upgrader" >/dev/null 2>&1
q -c "CREATE ROLE gr_upgrader LOGIN" >/dev/null
for script in "$root"/sql-released/govreport--*.sql; do
	old="$(basename "$script" .sql)"
	old="${old#govreport--}"
	[ "$old" != "$current" ] || continue
	check "every C function of $old is in the $current library" symbols_ok "$script"
	run_upgrade "superuser" "" "$old"
	run_upgrade "non-superuser" gr_upgrader "$old"
done
q -c "DROP ROLE IF EXISTS gr_upgrader" >/dev/null 2>&1 || true

echo "upgrade: $passed passed, $failed failed, $skipped skipped"
