#!/usr/bin/env python3
"""Runs every query of the cookbook and compares its output with the document.

The cookbook (doc/cookbook.md, and doc/cookbook-compare.md) is a sequence of
fenced blocks.  A ```sql block followed by a ```text block is a query and
the output psql prints for it; a ```sql block with no ```text block after it
is set-up, which must succeed.  Each block runs in its own psql session, in
one fresh database, from the repository root, in document order.

    python3 test/cookbook/run.py            compare (the suite)
    python3 test/cookbook/run.py --update   rewrite the text blocks from the output

Needs a running server (PGHOST/PGPORT/PGUSER, as scripts/lib.sh sets them)
and the corpus at ../shared/corpus: without it every query is skipped, or
failed under CI=true.  Last line: "cookbook: N passed, N failed[, N skipped]".
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCS = ["doc/cookbook.md", "doc/cookbook-compare.md"]
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "docs")
DB = "gr_cookbook"
FENCE = re.compile(r"^```(\w*)\s*$")


def blocks(text):
    """(kind, start line, end line, body) for each fenced block."""
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m and m.group(1):
            j = i + 1
            while j < len(lines) and lines[j] != "```":
                j += 1
            out.append((m.group(1), i, j, "\n".join(lines[i + 1:j])))
            i = j + 1
        else:
            i += 1
    return out


def steps(text):
    """(sql block, its text block or None) in document order."""
    bs = blocks(text)
    out = []
    for k, b in enumerate(bs):
        if b[0] != "sql":
            continue
        nxt = bs[k + 1] if k + 1 < len(bs) else None
        out.append((b, nxt if nxt is not None and nxt[0] == "text" else None))
    return out


def psql(sql):
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-P", "pager=off", "-d", DB],
                       input=sql, capture_output=True, text=True, cwd=ROOT)
    return r.returncode, r.stdout, r.stderr


def normal(s):
    lines = [ln.rstrip() for ln in s.split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


def main():
    update = "--update" in sys.argv[1:]
    docs = [(p, open(os.path.join(ROOT, p), encoding="utf-8").read()) for p in DOCS]
    queries = sum(1 for _, t in docs for _, out in steps(t) if out is not None)
    if not os.path.isdir(CORPUS):
        failed = os.environ.get("CI") == "true"
        print("corpus not found at %s: %s" % (CORPUS, "a failure under CI" if failed else "skipped"))
        print("cookbook: 0 passed, %d failed%s" % (queries if failed else 0, "" if failed else ", %d skipped" % queries))
        return 1 if failed else 0
    for cmd in (["dropdb", "--if-exists", DB], ["createdb", DB]):
        if subprocess.run(cmd, capture_output=True).returncode != 0:
            print("cannot create the database %s" % DB)
            print("cookbook: 0 passed, 1 failed")
            return 1
    passed = failed = 0
    for path, text in docs:
        edits = []
        for (kind, start, end, sql), out in steps(text):
            rc, stdout, stderr = psql(sql)
            where = "%s:%d" % (path, start + 1)
            if out is None:
                if rc != 0:
                    failed += 1
                    print("FAIL %s set-up: %s" % (where, stderr.strip()))
                continue
            got = normal(stdout + (stderr if rc != 0 else ""))
            if rc == 0 and got == normal(out[3]):
                passed += 1
                print("ok %s" % where)
            elif update and rc == 0:
                edits.append((out[1], out[2], got))
                passed += 1
                print("updated %s" % where)
            else:
                failed += 1
                print("FAIL %s" % where)
                want, have = normal(out[3]).split("\n"), got.split("\n")
                for n in range(max(len(want), len(have))):
                    w = want[n] if n < len(want) else "<none>"
                    h = have[n] if n < len(have) else "<none>"
                    if w != h:
                        print("  line %d of the output\n    document: %s\n    psql:     %s" % (n + 1, w, h))
                        break
                if stderr.strip():
                    print("  " + stderr.strip())
        if edits:
            lines = text.split("\n")
            for s, e, got in sorted(edits, reverse=True):
                lines[s + 1:e] = got.split("\n")
            with open(os.path.join(ROOT, path), "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
    subprocess.run(["dropdb", "--if-exists", DB], capture_output=True)
    print("cookbook: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
