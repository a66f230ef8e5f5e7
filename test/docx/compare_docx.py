#!/usr/bin/env python3
"""The docx suite's comparisons (run by test/docx/run.sh, which made the
documents): each corpus HTML document converted to .docx by LibreOffice must
parse in the server exactly as its HTML original does (the same cells,
states, metadata and failing identities) and equal the corpus truth; the
fixture as we wrote it and as LibreOffice saved it again must parse alike.

  compare_docx.py WORKDIR

WORKDIR holds html/NAME.html (the UTF-8 copies LibreOffice read),
docx/NAME.docx (its output), fixture.docx (ours, zipped by run.sh) and
resaved/fixture.docx (LibreOffice's copy).  GR_DOCX_EXTRA="P F" adds the
tests run.sh counted itself.  The last line is
"docx: N passed, N failed, N skipped".
"""
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'corpus'))
import compare  # noqa: E402  (the corpus suite's parse and comparisons)


def parse(path, counts, name):
    try:
        return compare.run_parse(path)
    except (OSError, RuntimeError) as exc:
        compare.report(counts, name, ['error: ' + line for line in str(exc).splitlines()])
        return None


def main(work):
    counts = {'passed': 0, 'failed': 0, 'skipped': 0}
    # what run.sh counted before (the memory test)
    extra = os.environ.get('GR_DOCX_EXTRA', '0 0').split()
    counts['passed'] += int(extra[0])
    counts['failed'] += int(extra[1])
    truths = {}
    for f in sorted((compare.CORPUS / 'truth').glob('*.json')):
        t = json.loads(f.read_text(encoding='utf-8'), parse_float=Decimal)
        truths[Path(t['document']).stem] = t
    converted = sorted((work / 'docx').glob('*.docx'))
    for html in sorted((work / 'html').glob('*.html')):
        docx = work / 'docx' / (html.stem + '.docx')
        if docx not in converted:
            compare.report(counts, 'convert %s' % html.name, ['LibreOffice wrote no %s' % docx.name])
            continue
        original = compare.CORPUS / 'docs' / html.name
        want = parse(original, counts, 'html %s' % html.name)
        got = parse(docx, counts, 'parse %s' % docx.name)
        if want is None or got is None:
            continue
        compare.report(counts, 'same as html %s' % docx.name, compare.same_parse(want, got))
        truth = truths.get(html.stem)
        if truth is None:
            print('skip truth %s (no truth file)' % docx.name)
            counts['skipped'] += 1
            continue
        meta, cells, failures = got
        compare.report(counts, 'cells %s' % docx.name, compare.differences(truth, meta, cells))
        compare.report(counts, 'checks %s' % docx.name, compare.check_differences(truth, failures))
    ours = parse(work / 'fixture.docx', counts, 'parse fixture.docx')
    resaved = parse(work / 'resaved' / 'fixture.docx', counts, 'parse fixture.docx saved by LibreOffice')
    if ours is not None and resaved is not None:
        compare.report(counts, 'same fixture.docx saved by LibreOffice', compare.same_parse(ours, resaved))
        meta, cells, _ = ours
        compare.report(counts, 'fixture.docx metadata',
                       [] if (meta['agency'], meta['year'], meta['published']) == ('样例县统计局', '2023', '2024-01-19')
                       else ['unexpected metadata %s' % meta])
    print('docx: %(passed)d passed, %(failed)d failed, %(skipped)d skipped' % counts)
    return 0


if __name__ == '__main__':
    sys.exit(main(Path(sys.argv[1])))
