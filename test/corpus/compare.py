#!/usr/bin/env python3
"""Corpus suite: parse every corpus document through the installed extension
and compare each cell and the metadata with the hand-verified truth.  Each
HTML document is also re-encoded (GB18030 declared gb2312, GBK undeclared)
into a temporary directory and must parse exactly as the original does.

Connection comes from the usual libpq environment (PGHOST, PGPORT, ...).
The last line is always `corpus: N passed, N failed, N skipped`; scripts/test.sh
reads it, so the exit status is 0 unless the harness itself breaks.
"""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

# Document forms the parser accepts.  A '.pdf' is read through pdftotext:
# '.xhtml' is its -bbox-layout output.
SUPPORTED = ['.txt', '.md', '.xhtml', '.html']

MAX_DIFF_LINES = 40
NULL = '\\N'  # psql's rendering of SQL NULL, set below; no real value looks like it

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get('GR_CORPUS') or REPO.parent / 'shared' / 'corpus')

# One parse per document, of its bytes as they are (parse(bytea) decodes
# them); metadata and cells come back as tagged rows.
QUERY = """
WITH p AS MATERIALIZED (SELECT govreport.parse(pg_read_binary_file(:'path')) AS r)
SELECT 'meta', govreport.template(r)::text, govreport.year(r)::text,
       govreport.agency(r)::text, govreport.published(r)::text FROM p
UNION ALL
SELECT 'cell', c.key::text, c.value::text, c.state::text, NULL
  FROM p, govreport.cells(p.r) AS c
UNION ALL
SELECT 'fail', k.rule || ':' || k.scope, NULL, NULL, NULL
  FROM p, govreport.checks(p.r) AS k
 WHERE k.severity = 'error' AND k.status = 'fail';
"""


def readable_by_others(path):
    """pg_read_file runs as the postgres OS user: the file and every
    directory above it must be open to 'other'."""
    path = path.resolve()
    if not path.stat().st_mode & stat.S_IROTH:
        return False
    return all(d.stat().st_mode & stat.S_IXOTH for d in path.parents)


# pdftotext routes for a PDF: option, suffix of the file it writes.
PDF_ROUTES = [('-layout', '.pdftotext-layout.txt'),
              ('-bbox-layout', '.pdftotext-bbox-layout.xhtml')]


def pdf_renderings(pdf, tmp, counts):
    """Run pdftotext on the PDF once per route, into tmp (readable by the
    server); returns the files made.  A route that cannot run is skipped,
    or failed under CI, where poppler-utils is part of the set-up."""
    made = []
    for option, suffix in PDF_ROUTES:
        out = tmp / (pdf.stem + suffix)
        try:
            proc = subprocess.run(['pdftotext', option, str(pdf), str(out)],
                                  capture_output=True, text=True)
            why = None if proc.returncode == 0 else (proc.stderr.strip() or 'exit %d' % proc.returncode)
        except OSError as exc:
            why = str(exc)
        if why is None:
            out.chmod(0o644)
            made.append(out)
            continue
        print('skip %s (pdftotext %s failed: %s)' % (out.name, option, why))
        counts['failed' if os.environ.get('CI') == 'true' else 'skipped'] += 1
    return made


# Each HTML document is also parsed re-encoded, and must give exactly what
# the original gives: GB18030 declared as gb2312 (libxml2's own GB2312
# decoder would stop at the first GBK-only character), and GBK with its
# declaration removed.  (suffix, codec, charset to declare or None)
ENCODING_VARIANTS = [('.gb18030-declared-gb2312.html', 'gb18030', 'gb2312'),
                     ('.gbk-undeclared.html', 'gbk', None)]
META_CHARSET = re.compile(r'(<meta\b[^>]*?charset\s*=\s*["\']?)[A-Za-z0-9_-]+', re.I)
META_WITH_CHARSET = re.compile(r'<meta\b[^>]*charset[^>]*>', re.I)


def encoding_variants(html, tmp, counts):
    """Write the re-encoded copies of an HTML document into tmp; returns
    the files made.  A document a codec cannot represent is skipped."""
    text = html.read_text(encoding='utf-8')
    made = []
    for suffix, codec, charset in ENCODING_VARIANTS:
        if charset:
            body, n = META_CHARSET.subn(lambda m: m.group(1) + charset, text)
            if n == 0:
                body = '<meta charset="%s">\n' % charset + text
        else:
            body = META_WITH_CHARSET.sub('', text)
        out = tmp / (html.stem + suffix)
        try:
            out.write_bytes(body.encode(codec))
        except UnicodeEncodeError as exc:
            print('skip %s (%s cannot represent %r)' % (out.name, codec, exc.object[exc.start:exc.end]))
            counts['skipped'] += 1
            continue
        out.chmod(0o644)
        made.append(out)
    return made


def run_parse(path):
    """Return (meta dict, {key: (value, state)}, set of failing hard
    identities as 'rule:scope') or raise RuntimeError."""
    proc = subprocess.run(
        ['psql', '-X', '-At', '-q', '-v', 'ON_ERROR_STOP=1', '-F', '\t',
         '-P', 'null=' + NULL, '-v', 'path=' + str(path)],
        input=QUERY, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip() or 'psql exited %d' % proc.returncode)
    meta, cells, failures = None, {}, set()
    for line in proc.stdout.splitlines():
        tag, *fields = line.split('\t')
        if tag == 'meta':
            meta = dict(zip(('template', 'year', 'agency', 'published'), fields))
        elif tag == 'cell':
            key, value, state = fields[:3]
            if key in cells:
                raise RuntimeError('key listed twice by cells(): ' + key)
            cells[key] = (value, state)
        elif tag == 'fail':
            failures.add(fields[0])
    if meta is None:
        raise RuntimeError('no metadata row returned')
    return meta, cells, failures


def same_number(expected, got):
    if expected is None or got == NULL:
        return expected is None and got == NULL
    try:
        return Decimal(got) == Decimal(expected)
    except InvalidOperation:
        return False


def show(value):
    return 'NULL' if value is None or value == NULL else str(value)


def check_differences(truth, failures):
    """The hard identities the document breaks: exactly the truth's list."""
    want = set(truth.get('source_identity_failures', []))
    return (['identity failure not reported: ' + f for f in sorted(want - failures)] +
            ['identity failure reported but not in the truth: ' + f for f in sorted(failures - want)])


def differences(truth, meta, cells, split_inferred=False):
    """split_inferred: a document of corpus/next/, whose truth predates SPEC
    §6's rule that cells split out of a run of digits are `inferred`: there a
    truth `reported` cell may come back `inferred`, with the same value."""
    diffs = []
    for field in ('template', 'year', 'agency', 'published'):
        want = truth.get(field)
        want = None if want is None else str(want)
        got = None if meta[field] == NULL else meta[field]
        if want != got:
            diffs.append('%s: expected %s, got %s' % (field, show(want), show(got)))
    inferred = set(truth.get('inferred', []))
    undetermined = set(truth.get('undetermined', []))
    for key, want in truth['cells'].items():
        want_state = ('inferred' if key in inferred
                      else 'blank' if want is None else 'reported')
        if key not in cells:
            diffs.append('%s: expected %s/%s, missing' % (key, show(want), want_state))
            continue
        got, state = cells[key]
        if key in undetermined:
            # several readings fit: the parser must not pick one
            if state != 'absent':
                diffs.append('%s: undetermined, expected absent, got %s/%s' % (key, show(got), state))
            continue
        if split_inferred and want_state == 'reported' and state == 'inferred':
            state = 'reported'
        if not same_number(want, got) or state != want_state:
            diffs.append('%s: expected %s/%s, got %s/%s'
                         % (key, show(want), want_state, show(got), state))
    # An absent cell is "not in the document", which truth expresses by omission.
    for key, (got, state) in cells.items():
        if key not in truth['cells'] and state != 'absent':
            diffs.append('%s: unexpected key, got %s/%s' % (key, show(got), state))
    return diffs


def same_parse(original, variant):
    """A re-encoded document must parse exactly as its original."""
    (meta, cells, failures), (vmeta, vcells, vfailures) = original, variant
    diffs = ['%s: original %s, re-encoded %s' % (f, show(meta[f]), show(vmeta[f]))
             for f in meta if meta[f] != vmeta.get(f)]
    for key in sorted(set(cells) | set(vcells)):
        if cells.get(key) != vcells.get(key):
            diffs.append('%s: original %s, re-encoded %s' % (key, cells.get(key), vcells.get(key)))
    if failures != vfailures:
        diffs.append('failing identities: original %s, re-encoded %s'
                     % (sorted(failures), sorted(vfailures)))
    return diffs


def report(counts, name, diffs):
    """One test: ok, or FAIL with its differences."""
    if diffs:
        counts['failed'] += 1
        print('FAIL %s' % name)
        for line in diffs[:MAX_DIFF_LINES]:
            print('    ' + line)
        if len(diffs) > MAX_DIFF_LINES:
            print('    ... %d more' % (len(diffs) - MAX_DIFF_LINES))
    else:
        counts['passed'] += 1
        print('ok %s' % name)


def main():
    counts = {'passed': 0, 'failed': 0, 'skipped': 0}

    def finish():
        print('corpus: %(passed)d passed, %(failed)d failed, %(skipped)d skipped' % counts)
        return 0

    if not (CORPUS / 'truth').is_dir():
        print('corpus: %s not found, suite skipped' % CORPUS)
        # CI must never pass by silently losing its corpus.
        counts['failed' if os.environ.get('CI') == 'true' else 'skipped'] += 1
        return finish()

    tmp = Path(tempfile.mkdtemp(prefix='govreport-corpus.'))
    tmp.chmod(0o755)
    try:
        # corpus/next/ holds forms the reader supports as of issue 15
        # (run-together cells); same truth format, `undetermined` absent
        truth_files = ([(f, False) for f in sorted((CORPUS / 'truth').glob('*.json'))] +
                       [(f, True) for f in sorted((CORPUS / 'next' / 'truth').glob('*.json'))])
        for truth_file, in_next in truth_files:
            truth = json.loads(truth_file.read_text(encoding='utf-8'), parse_float=Decimal)
            doc = truth_file.parent.parent / 'docs' / truth['document']
            docs = [doc]
            if doc.suffix == '.pdf':
                # govreport reads a PDF as pdftotext output: the shipped
                # -layout text, and both routes run here on the PDF itself
                docs = [doc.with_name(doc.stem + '.layout.txt')] + pdf_renderings(doc, tmp, counts)
            for path in docs:
                if path.suffix not in SUPPORTED:
                    print('skip %s (%s documents not supported yet)' % (path.name, path.suffix))
                    counts['skipped'] += 1
                    continue
                try:
                    if not readable_by_others(path):
                        copy = tmp / path.name
                        shutil.copyfile(path, copy)
                        copy.chmod(0o644)
                        path = copy
                    meta, cells, failures = run_parse(path)
                    results = [('cells', differences(truth, meta, cells, in_next)),
                               ('checks', check_differences(truth, failures))]
                except (OSError, RuntimeError) as exc:
                    meta = None
                    results = [('cells', ['error: ' + line for line in str(exc).splitlines()])]
                for what, diffs in results:
                    report(counts, '%s %s' % (what, path.name), diffs)
                if path.suffix != '.html':
                    continue
                for variant in encoding_variants(path, tmp, counts):
                    try:
                        if meta is None:
                            raise RuntimeError('the original did not parse')
                        diffs = same_parse((meta, cells, failures), run_parse(variant))
                    except (OSError, RuntimeError) as exc:
                        diffs = ['error: ' + line for line in str(exc).splitlines()]
                    report(counts, 'encoding %s' % variant.name, diffs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return finish()


if __name__ == '__main__':
    sys.exit(main())
