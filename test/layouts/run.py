#!/usr/bin/env python3
"""Layout-variant harness: from every corpus truth, generate documents in the
forms of SPEC §8 and their variants, parse each with the core (layparse), and
score every cell:

  exact   the cell's value (or blank) is the truth's
  wrong   a value, or blank, that is not the truth's
  silent  a wrong value stated as `reported` or `blank` (the layout claimed it)
  absent  the parser left the cell absent (never wrong, but not exact)

A cell counts towards the exact rate only where the generated document
determines it (run-together rows with blank cells, or a table-2 run that
splits several ways, do not); silent errors count everywhere.

usage: run.py [--count N] [--seed S] [--keep DIR] [--verbose]
The last line is `layouts: N passed, N failed[, N skipped]`: one test per
form, failed when it has a silent error, and a final test on the totals
(silent = 0 and exact >= 99.5% over at least --min documents).
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get('GR_CORPUS') or REPO.parent / 'shared' / 'corpus')
DRIVER = REPO / 'test' / 'layouts' / 'layparse'

T3_COLS = ['natural_person', 'commercial', 'research', 'social_welfare', 'legal_service', 'other_org', 'total']
T3_COL_LABELS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']
T4_ROWS = [('review', '行政复议'), ('litigation_direct', '未经复议直接起诉'), ('litigation_after_review', '复议后起诉')]
T4_COLS = ['upheld', 'corrected', 'other', 'pending', 'total']
T4_COL_LABELS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']

# (group label or None, label, code); group labels print before their first row
T3_2021 = [
    (None, '一、本年新收政府信息公开申请数量', 'received'),
    (None, '二、上年结转政府信息公开申请数量', 'carried_over'),
    ('三、本年度办理结果', '（一）予以公开', 'granted'),
    ('三、本年度办理结果', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 'partly_granted'),
    ('（三）不予公开', '1.属于国家秘密', 'denied_state_secret'),
    ('（三）不予公开', '2.其他法律行政法规禁止公开', 'denied_prohibited_by_law'),
    ('（三）不予公开', '3.危及“三安全一稳定”', 'denied_security_stability'),
    ('（三）不予公开', '4.保护第三方合法权益', 'denied_third_party'),
    ('（三）不予公开', '5.属于三类内部事务信息', 'denied_internal_affairs'),
    ('（三）不予公开', '6.属于四类过程性信息', 'denied_process_info'),
    ('（三）不予公开', '7.属于行政执法案卷', 'denied_enforcement_file'),
    ('（三）不予公开', '8.属于行政查询事项', 'denied_inquiry_matter'),
    ('（四）无法提供', '1.本机关不掌握相关政府信息', 'unavailable_not_held'),
    ('（四）无法提供', '2.没有现成信息需要另行制作', 'unavailable_needs_creation'),
    ('（四）无法提供', '3.补正后申请内容仍不明确', 'unavailable_unclear'),
    ('（五）不予处理', '1.信访举报投诉类申请', 'rejected_petition'),
    ('（五）不予处理', '2.重复申请', 'rejected_repeat'),
    ('（五）不予处理', '3.要求提供公开出版物', 'rejected_publication'),
    ('（五）不予处理', '4.无正当理由大量反复申请', 'rejected_excessive'),
    ('（五）不予处理', '5.要求行政机关确认或重新出具已获取信息', 'rejected_confirmation'),
    ('（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', 'other_no_correction'),
    ('（六）其他处理', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', 'other_no_fee'),
    ('（六）其他处理', '3.其他', 'other_misc'),
    (None, '（七）总计', 'concluded'),
    (None, '四、结转下年度继续办理', 'carried_forward'),
]
T3_2019 = T3_2021[:20] + [(None, '（六）其他处理', 'other')] + T3_2021[23:]

T2_2021 = [
    ('第二十条第（一）项', ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
     [('规章', 'rules', ['issued', 'repealed', 'in_force']),
      ('行政规范性文件', 'normative_documents', ['issued', 'repealed', 'in_force'])]),
    ('第二十条第（五）项', ['信息内容', '本年处理决定数量'], [('行政许可', 'licensing', ['decisions'])]),
    ('第二十条第（六）项', ['信息内容', '本年处理决定数量'],
     [('行政处罚', 'penalty', ['decisions']), ('行政强制', 'coercion', ['decisions'])]),
    ('第二十条第（八）项', ['信息内容', '本年收费金额（单位：万元）'], [('行政事业性收费', 'fees', ['amount'])]),
]
T2_2019 = [
    ('第二十条第（一）项', ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'],
     [('规章', 'rules', ['newly_made', 'newly_published', 'total_published']),
      ('规范性文件', 'normative_documents', ['newly_made', 'newly_published', 'total_published'])]),
    ('第二十条第（五）项', ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
     [('行政许可', 'licensing', ['previous_items', 'change', 'decisions']),
      ('其他对外管理服务事项', 'other_services', ['previous_items', 'change', 'decisions'])]),
    ('第二十条第（六）项', ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
     [('行政处罚', 'penalty', ['previous_items', 'change', 'decisions']),
      ('行政强制', 'coercion', ['previous_items', 'change', 'decisions'])]),
    ('第二十条第（八）项', ['信息内容', '上一年项目数量', '本年增/减'],
     [('行政事业性收费', 'fees', ['previous_items', 'change'])]),
    ('第二十条第（九）项', ['信息内容', '采购项目数量', '采购总金额'],
     [('政府集中采购', 'procurement', ['items', 'amount'])]),
]

PLACEHOLDERS = ['—', '/', '-', '无']
FULLWIDTH = str.maketrans('0123456789', '０１２３４５６７８９')

# Forms of SPEC §8 and the variants of issue 15.  Each is (name, renderer).
FORMS = ['tabs', 'aligned', 'one_per_line', 'pipes_header', 'pipes_spans', 'pipes_spans_noheader',
         'run_together', 'html', 't4_vertical', 'fullwidth', 'footers', 'wrapped_labels',
         'aligned_blank_spaces', 'split_numbers', 'run_together_lines']


def mutate(truth, rng):
    """A new consistent report from a corpus truth: the five legal-person
    columns permuted, tables 3 and 4 scaled (identities are linear), and some
    zero cells of table 3 printed blank (blank counts as 0).  The same source
    failures survive every step."""
    t = dict(truth)
    cells = dict(truth['cells'])
    perm = T3_COLS[1:6]
    rng.shuffle(perm)
    k = rng.choice([1, 1, 2, 3, 7, 11, 101])
    p_blank = rng.choice([0, 0, 0.3, 0.8])
    out = {}
    for key, v in cells.items():
        tbl, row, col = key.split('.')
        if tbl == 't3' and col in T3_COLS[1:6]:
            src = '%s.%s.%s' % (tbl, row, perm[T3_COLS[1:6].index(col)])
            v = cells.get(src, v) if src in cells else v
        if tbl in ('t3', 't4') and v is not None:
            v = Decimal(v) * k
        if tbl == 't3' and v == 0 and rng.random() < p_blank:
            v = None
        out[key] = v
    t['cells'] = out
    return t


def fmt(v):
    if v is None:
        return None
    return str(v)


class Doc:
    """A generated document and the cells it determines."""

    def __init__(self, truth, form, rng):
        self.truth = truth
        self.form = form
        self.rng = rng
        self.cells = truth['cells']
        self.undecided = set()
        self.template = truth['template']
        self.blank = rng.choice(PLACEHOLDERS)

    def val(self, key):
        return self.cells.get(key)

    def has(self, key):
        return key in self.cells

    # -- pieces ----------------------------------------------------------
    def head(self):
        return ['%s%d年政府信息公开工作年度报告' % (self.truth['agency'], self.truth['year']),
                '发布日期：%s' % (self.truth.get('published') or '2024-01-15'),
                '一、总体情况', '本机关依法做好政府信息公开工作。', '二、主动公开政府信息情况']

    def tail(self):
        return ['五、存在的主要问题及改进情况', '本年度工作仍有不足。', '六、其他需要报告的事项', '无。']

    def t3_rows(self):
        return T3_2021 if self.template == '2021' else T3_2019

    def printed(self, v, empty=False):
        if v is None:
            return '' if empty else self.blank
        return fmt(v)


def t3_printed(doc):
    """Table 3's rows in order: (group label to print first or None, label,
    code), for the rows whose cells the truth has."""
    group = None
    for g, label, code in doc.t3_rows():
        new_group = g if g and g != group else None
        group = g
        if all(doc.has('t3.%s.%s' % (code, c)) for c in T3_COLS):
            yield new_group, label, code
        elif new_group:
            yield new_group, None, None


def row_values(doc, prefix, cols):
    return [doc.val('%s.%s' % (prefix, c)) for c in cols]


def split_number(doc, v):
    """A converter's split: "1 2" for 12, now and then (integers)."""
    text = fmt(v)
    if len(text) >= 2 and text.isdigit() and doc.rng.random() < 0.3:
        cut = doc.rng.randint(1, len(text) - 1)
        return text[:cut] + ' ' + text[cut:]
    return text


def joins(tokens, k):
    """Every way of joining adjacent printed tokens back into k cells, as
    a converter may have split a number ('1 010' is 1010): only plain
    integers join, a token with a leading zero is never a number's start,
    and a number starting with 0 takes no tail."""
    out = []

    def plain(t):
        return t.isdigit()

    def rec(i, cur):
        if len(cur) == k:
            if i == len(tokens):
                out.append(tuple(cur))
            return
        if i == len(tokens):
            return
        t = tokens[i]
        if not (plain(t) and len(t) > 1 and t[0] == '0'):
            rec(i + 1, cur + [t])
        if not plain(t) or t[0] == '0':
            return
        acc = t
        for j in range(i + 1, len(tokens)):
            if not plain(tokens[j]):
                return
            acc += tokens[j]
            rec(j + 1, cur + [str(int(acc))])
    rec(0, [])
    return out


def render_aligned_blanks(doc):
    """pdftotext -layout: fixed columns, a blank cell is only spaces; a CJK
    character is two columns wide."""
    def width(s):
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    def pad(s, w):
        return s + ' ' * max(1, w - width(s))

    def line(label, cells, w0=64, w=14):
        # each cell centred in its column, as a PDF table prints it
        text = pad(label, w0)
        for c in cells:
            left = (w - width(c)) // 2
            text += ' ' * left + pad(c, w - left)
        return text.rstrip()
    out = doc.head()
    for block, hdr, rows in (T2_2021 if doc.template == '2021' else T2_2019):
        out.append(block)
        out.append(line(hdr[0], hdr[1:], w=28))
        for label, code, cols in rows:
            if all(doc.has('t2.%s.%s' % (code, c)) for c in cols):
                out.append(line(label, [doc.printed(v, True) for v in row_values(doc, 't2.' + code, cols)], w=28))
    out.append('三、收到和处理政府信息公开申请情况')
    out.append(line('申请人情况', T3_COL_LABELS))
    for g, label, code in t3_printed(doc):
        if g:
            out.append(g)
        if code:
            out.append(line(label[:30], [doc.printed(v, True) for v in row_values(doc, 't3.' + code, T3_COLS)]))
    out.append('四、政府信息公开行政复议、行政诉讼情况')
    out.append(line('', T4_COL_LABELS * 3, w0=0, w=10))
    if all(doc.has('t4.%s.%s' % (r, c)) for r, _ in T4_ROWS for c in T4_COLS):
        out.append(line('', [doc.printed(doc.val('t4.%s.%s' % (r, c)), True) for r, _ in T4_ROWS for c in T4_COLS],
                        w0=0, w=10))
    return '\n'.join(out + doc.tail()) + '\n'


def render_lines(doc, sep, t4_vertical=False, footers=False, wrap=False, split=False):
    """Label and numbers on one line (tabs or aligned spaces), or one cell
    per line; blanks as a placeholder."""
    out = doc.head()

    def row(label, vals, keys=None):
        cells = [doc.printed(v) if v is None or not split else split_number(doc, v) for v in vals]
        if split and keys and keys[0].startswith('t2.'):
            # table 2 has no identities: the cells its joins disagree on
            # are not determined
            doc.undecided.update(disagreeing(joins(' '.join(cells).split(), len(keys)), keys))
        if sep == '\n':
            out.append(label)
            out.extend(cells)
        else:
            if wrap and len(label) > 12:
                # a label wrapped over two lines, the numbers on the second
                out.append(label[:len(label) // 2])
                label = label[len(label) // 2:]
            out.append(label + sep + sep.join(cells))

    for block, header, rows in (T2_2021 if doc.template == '2021' else T2_2019):
        out.append(block)
        out.append((sep if sep != '\n' else ' ').join(header))
        for label, code, cols in rows:
            if all(doc.has('t2.%s.%s' % (code, c)) for c in cols):
                row(label, row_values(doc, 't2.' + code, cols), ['t2.%s.%s' % (code, c) for c in cols])
    out.append('三、收到和处理政府信息公开申请情况')
    out.append('申请人情况')
    out.append((sep if sep != '\n' else ' ').join(T3_COL_LABELS))
    group = None
    for i, (g, label, code) in enumerate(doc.t3_rows()):
        if g and g != group:
            out.append(g)
        group = g
        if footers and i == 12:
            out.append('- 3 -')
        if all(doc.has('t3.%s.%s' % (code, c)) for c in T3_COLS):
            row(label, row_values(doc, 't3.' + code, T3_COLS))
    out.append('四、政府信息公开行政复议、行政诉讼情况')
    out.append('行政复议 行政诉讼')
    out.append(' '.join(T4_COL_LABELS * 3))
    t4 = [doc.val('t4.%s.%s' % (r, c)) for r, _ in T4_ROWS for c in T4_COLS]
    if all(doc.has('t4.%s.%s' % (r, c)) for r, _ in T4_ROWS for c in T4_COLS):
        if t4_vertical:
            for (code, label) in T4_ROWS:
                row(label, row_values(doc, 't4.' + code, T4_COLS))
        elif sep == '\n':
            out.extend(doc.printed(v) for v in t4)
        else:
            out.append(sep.join(doc.printed(v) for v in t4))
    return '\n'.join(out + doc.tail()) + '\n'


def render_pipes(doc, spans, header):
    """Markdown pipe tables; blanks as empty pipes.  With spans, a row's label
    takes three cells: group label, sub-label, an empty label cell."""
    out = doc.head()
    for block, hdr, rows in (T2_2021 if doc.template == '2021' else T2_2019):
        out.append(block)
        out.append('| ' + ' | '.join(hdr) + ' |')
        out.append('|' + '---|' * len(hdr))
        for label, code, cols in rows:
            if all(doc.has('t2.%s.%s' % (code, c)) for c in cols):
                vals = row_values(doc, 't2.' + code, cols)
                out.append('| ' + label + ' | ' + ' | '.join(doc.printed(v, True) for v in vals) + ' |')
    out.append('三、收到和处理政府信息公开申请情况')
    lead = 3 if spans else 1
    if header:
        if spans:
            out.append('| 申请人情况 | | | 自然人 | 法人或其他组织 | | | | | 总计 |')
            out.append('| | | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |')
        else:
            out.append('| 申请人情况 | ' + ' | '.join(T3_COL_LABELS) + ' |')
    out.append('|' + '---|' * (lead + 7))
    for g, label, code in doc.t3_rows():
        if not all(doc.has('t3.%s.%s' % (code, c)) for c in T3_COLS):
            continue
        vals = ' | '.join(doc.printed(v, True) for v in row_values(doc, 't3.' + code, T3_COLS))
        if spans:
            out.append('| %s | %s | | %s |' % (g or '', label, vals))
        else:
            out.append('| %s | %s |' % (label, vals))
    out.append('四、政府信息公开行政复议、行政诉讼情况')
    if all(doc.has('t4.%s.%s' % (r, c)) for r, _ in T4_ROWS for c in T4_COLS):
        out.append('| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |')
        out.append('| | | | | | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |')
        out.append('| ' + ' | '.join(T4_COL_LABELS * 3) + ' |')
        out.append('|' + '---|' * 15)
        t4 = [doc.val('t4.%s.%s' % (r, c)) for r, _ in T4_ROWS for c in T4_COLS]
        out.append('| ' + ' | '.join(doc.printed(v, True) for v in t4) + ' |')
    return '\n'.join(out + doc.tail()) + '\n'


def splits(run, k):
    """How many ways a digit run splits into k numbers without leading zeros
    (capped at 2: only 'one' or 'several' matters)."""
    def count(i, k):
        if k == 0:
            return 1 if i == len(run) else 0
        n = 0
        for j in range(i + 1, len(run) + 1):
            if run[i] == '0' and j > i + 1:
                break
            n += count(j, k - 1)
            if n >= 2:
                return 2
        return n
    return count(0, k)


def all_splits(run, k, keep=None, lost=False, cap=20000):
    """Every split of a digit run into k cells without leading zeros ('0' is
    a cell of its own) that keep(values) accepts; with lost, cells may also
    be lost (0, printing nothing), at least one of them.  None past cap."""
    out, steps = [], [0]

    def rec(i, cur, nlost):
        steps[0] += 1
        if steps[0] > cap:
            raise OverflowError
        if len(cur) == k:
            if i == len(run) and (nlost > 0 or not lost) and (keep is None or keep(cur)):
                out.append(tuple(cur))
            return
        if lost:
            rec(i, cur + [0], nlost + 1)
        if i == len(run) or (not lost and len(run) - i < k - len(cur)):
            return
        for j in range(i + 1, (i + 2 if run[i] == '0' else len(run) + 1)):
            rec(j, cur + [int(run[i:j])], nlost)
    try:
        rec(0, [], 0)
    except OverflowError:
        return None
    return out


def disagreeing(solutions, keys):
    """The keys (one per position) on which the solutions differ; every key
    when there is no solution or too many to list."""
    if not solutions:
        return set(keys)
    return {k for i, k in enumerate(keys) if len({s[i] for s in solutions}) > 1}


def t3_row_sum(v):
    return sum(v[:6]) == v[6]


def t4_sums(v):
    return all(sum(v[5 * r:5 * r + 4]) == v[5 * r + 4] for r in range(3))


def run_determination(doc, t3_runs, joint_cap=200000):
    """Cells of table 3 the runs leave undetermined: a row whose 7-cell
    splits keeping its row sum disagree, after the column identities
    (balance, outcome sum) over the rows the document determines pick among
    them jointly; and, when a run of the table fits no split into its cells
    (it lost empty cells, which print nothing), a row that a split with lost
    cells fits as well.  t3_runs: code -> (run, read as a run)."""
    cand, unknown = {}, set()
    loss = False
    for code, (run, is_run) in t3_runs.items():
        keys = ['t3.%s.%s' % (code, c) for c in T3_COLS]
        s = all_splits(run, 7, t3_row_sum) if run else []
        if is_run and not s:
            loss = True
        if any(k in doc.undecided for k in keys) or not s:
            unknown.add(code)
            continue
        cand[code] = s
    if loss:
        for code in list(cand):
            run = t3_runs[code][0]
            lost = all_splits(run, 7, t3_row_sum, lost=True)
            if lost is None or set(lost) - set(cand[code]):
                doc.undecided.update('t3.%s.%s' % (code, c) for c in T3_COLS)
                del cand[code]
    rows = [c for _, _, c in doc.t3_rows()]
    outcome = rows[2:-2]
    ids = [[('received', 1), ('carried_over', 1), ('concluded', -1), ('carried_forward', -1)],
           [('concluded', 1)] + [(o, -1) for o in outcome]]
    usable = [idt for idt in ids if all(r in cand for r, _ in idt)]
    multi = [c for c in cand if len(cand[c]) > 1]
    if not multi:
        return
    fixed = {c: cand[c][0] for c in cand if len(cand[c]) == 1}
    sols, steps = [], [0]

    def holds(assign):
        return all(sum(assign[r][col] * w for r, w in idt) == 0
                   for idt in usable if all(r in assign for r, _ in idt) for col in range(7))

    def rec(i, assign):
        steps[0] += 1
        if steps[0] > joint_cap:
            raise OverflowError
        if i == len(multi):
            sols.append(tuple(v for m in multi for v in assign[m]))
            return
        for v in cand[multi[i]]:
            assign[multi[i]] = v
            if holds(assign):
                rec(i + 1, assign)
            del assign[multi[i]]
    keys = ['t3.%s.%s' % (m, c) for m in multi for c in T3_COLS]
    try:
        rec(0, dict(fixed))
    except OverflowError:
        sols = []
    doc.undecided.update(disagreeing(sols, keys))


def render_run_together(doc, sep=''):
    """A crawler's page: header lines, then the body on one line, cells run
    together; a blank cell prints nothing, so its row is not determined."""
    t = doc.truth
    head = ['标题: %s%d年政府信息公开工作年度报告' % (t['agency'], t['year']),
            '发布时间: %s 10:00' % (t.get('published') or '2024-01-15'),
            '发布机构: %s' % t['agency'], '栏目: 政府信息公开年报', '==== 正文 ====']
    body = ['本报告依法编制。 一、总体情况 本机关依法做好政府信息公开工作。 二、主动公开政府信息情况']

    def run_of(prefix, code, cols):
        keys = ['%s.%s.%s' % (prefix, code, c) for c in cols]
        vals = [doc.val(k) for k in keys]
        if any(v is None for v in vals):
            doc.undecided.update(keys)
        if any(v is not None and (Decimal(v) < 0 or Decimal(v) != int(Decimal(v))) for v in vals) and len(cols) > 1:
            doc.undecided.update(keys)
        if prefix == 't3' and None not in vals and sum(Decimal(v) for v in vals[:6]) != Decimal(vals[6]):
            doc.undecided.update(keys)  # the source breaks the row sum: the run cannot tell
        if prefix == 't4' and None not in vals and sum(Decimal(v) for v in vals[:4]) != Decimal(vals[4]):
            doc.undecided.update(keys)
        run = ''.join(fmt(v) for v in vals if v is not None)
        if prefix == 't2' and len(cols) > 1:
            t2_runs[code] = (run, keys)
        return run

    t2_runs, t3_runs = {}, {}

    for block, hdr, rows in (T2_2021 if doc.template == '2021' else T2_2019):
        body.append(block + ''.join(hdr))
        for label, code, cols in rows:
            if all(doc.has('t2.%s.%s' % (code, c)) for c in cols):
                body.append(label + (' ' if sep else '') + run_of('t2', code, cols))
                if sep and len(cols) > 1:
                    # on a line of its own, "规章 000" may as well be one
                    # number with two blanks dropped: table 2 cannot tell
                    doc.undecided.update('t2.%s.%s' % (code, c) for c in cols)
    body.append('三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况'
                '自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他')
    gap = ' ' if sep else ''  # with rows on their own lines, an &nbsp; before the cells
    for g, label, code in t3_printed(doc):
        if g:
            body.append(g)
        if code:
            run = run_of('t3', code, T3_COLS)
            # on a line of its own, fewer digits than cells is a short row
            t3_runs[code] = (run, not sep or len(run) >= 7)
            body.append(label + gap + run)
    body.append('四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼' + ''.join(T4_COL_LABELS) +
                '未经复议直接起诉复议后起诉' + ''.join(T4_COL_LABELS * 2))
    if all(doc.has('t4.%s.%s' % (r, c)) for r, _ in T4_ROWS for c in T4_COLS):
        runs = [run_of('t4', r, T4_COLS) for r, _ in T4_ROWS]
        t4_keys = ['t4.%s.%s' % (r, c) for r, _ in T4_ROWS for c in T4_COLS]
        if not any(k in doc.undecided for k in t4_keys):
            # several splits may keep the three row sums: the cells they
            # disagree on are not determined
            doc.undecided.update(disagreeing(all_splits(''.join(runs), 15, t4_sums), t4_keys))
        if any(k.startswith('t4.') for k in doc.undecided):
            # table 4 is one printed row: one undetermined row leaves all 15
            doc.undecided.update('t4.%s.%s' % (r, c) for r, _ in T4_ROWS for c in T4_COLS)
        body.append(''.join(runs))
    body.append('五、存在的主要问题及改进情况无。六、其他需要报告的事项无。')
    run_determination(doc, t3_runs)
    # table 2 has no identities: a run splitting several ways leaves the
    # cells its splits disagree on; a run that fits no split lost cells,
    # and then a run that a split with lost cells fits is not determined
    t2_loss = not sep and any(not all_splits(run, len(keys)) for run, keys in t2_runs.values())
    for code, (run, keys) in t2_runs.items():
        if sep:
            continue  # on lines of their own, undetermined (above)
        sp = all_splits(run, len(keys))
        doc.undecided.update(disagreeing(sp, keys))
        if t2_loss:
            lost = all_splits(run, len(keys), lost=True)
            if lost is None or set(lost) - set(sp or []):
                doc.undecided.update(keys)
    text = sep.join(body)
    if sep:
        # rows on lines of their own: the crawler kept the line breaks of
        # rows and headings, and ran only the cells together
        for h in ('二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况'):
            text = text.replace(h, '\n' + h + '\n')
    return '\n'.join(head) + '\n' + text + '\n'


def render_html(doc):
    """Word-style HTML tables; blank cells as &nbsp;."""
    def tr(cells):
        return '<tr>' + ''.join('<td><p class=MsoNormal><span>%s</span></p></td>' % c for c in cells) + '</tr>'
    out = ['<html><head><meta charset="utf-8"><title>%s%d年政府信息公开工作年度报告</title></head><body>'
           % (doc.truth['agency'], doc.truth['year'])]
    for line in doc.head():
        out.append('<p>%s</p>' % line)
    out.append('<table>')
    for block, hdr, rows in (T2_2021 if doc.template == '2021' else T2_2019):
        out.append('<tr><td colspan=%d>%s</td></tr>' % (len(hdr), block))
        out.append(tr(hdr))
        for label, code, cols in rows:
            if all(doc.has('t2.%s.%s' % (code, c)) for c in cols):
                out.append(tr([label] + [doc.printed(v, True) or '&nbsp;' for v in row_values(doc, 't2.' + code, cols)]))
    out.append('</table><p>三、收到和处理政府信息公开申请情况</p><table>')
    out.append(tr(['申请人情况'] + T3_COL_LABELS))
    for g, label, code in doc.t3_rows():
        if all(doc.has('t3.%s.%s' % (code, c)) for c in T3_COLS):
            out.append(tr([label] + [doc.printed(v, True) or '&nbsp;' for v in row_values(doc, 't3.' + code, T3_COLS)]))
    out.append('</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>')
    out.append(tr(T4_COL_LABELS * 3))
    if all(doc.has('t4.%s.%s' % (r, c)) for r, _ in T4_ROWS for c in T4_COLS):
        out.append(tr([doc.printed(doc.val('t4.%s.%s' % (r, c)), True) or '&nbsp;' for r, _ in T4_ROWS for c in T4_COLS]))
    out.append('</table>')
    for line in doc.tail():
        out.append('<p>%s</p>' % line)
    return '\n'.join(out) + '</body></html>\n'


def render(doc):
    f = doc.form
    if f == 'tabs':
        return render_lines(doc, '\t')
    if f == 'aligned':
        return render_lines(doc, '    ')
    if f == 'one_per_line':
        return render_lines(doc, '\n')
    if f == 'pipes_header':
        return render_pipes(doc, False, True)
    if f == 'pipes_spans':
        return render_pipes(doc, True, True)
    if f == 'pipes_spans_noheader':
        return render_pipes(doc, True, False)
    if f == 'run_together':
        return render_run_together(doc)
    if f == 'run_together_lines':
        return render_run_together(doc, '\n')
    if f == 'html':
        return render_html(doc)
    if f == 't4_vertical':
        return render_lines(doc, '\t', t4_vertical=True)
    if f == 'fullwidth':
        return render_lines(doc, '  ').translate(FULLWIDTH)
    if f == 'footers':
        return render_lines(doc, '\t', footers=True)
    if f == 'wrapped_labels':
        return render_lines(doc, '    ', wrap=True)
    if f == 'aligned_blank_spaces':
        return render_aligned_blanks(doc)
    if f == 'split_numbers':
        return render_lines(doc, '    ', split=True)
    raise ValueError(f)


def parse_batch(paths):
    proc = subprocess.run([str(DRIVER)] + [str(p) for p in paths], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    results, cur = {}, None
    for line in proc.stdout.splitlines():
        if line.startswith('@ '):
            cur = results.setdefault(line[2:], {'cells': {}, 'error': None})
        elif line.startswith('! '):
            cur['error'] = line[2:]
        elif line.startswith('= '):
            k, _, v = line[2:].partition('\t')
            cur[k] = v
        else:
            key, value, state = line.split('\t')
            cur['cells'][key] = (value, state)
    return results


def score(doc, result, totals, verbose):
    s = totals[doc.form]
    s['docs'] += 1
    if result['error']:
        s['errors'] += 1
        if verbose:
            print('  parse error (%s): %s' % (doc.form, result['error']))
    for key, want in doc.truth['cells'].items():
        if key in doc.truth.get('undetermined', []) and doc.form != 'run_together':
            pass  # the page's own values: every other form prints them plainly
        got = result['cells'].get(key)
        decided = key not in doc.undecided and not (doc.form.startswith('run_together') and key in doc.truth.get('undetermined', []))
        if got is None or got[1] == 'absent':
            if decided:
                s['cells'] += 1
                s['absent'] += 1
            continue
        value, state = got
        # SPEC §6: a short row's lost cells are placed as 0 (inferred), and a
        # blank is one such cell where flattening dropped it
        ok = (want is None and (state == 'blank' or (state == 'inferred' and Decimal(value) == 0))) or \
             (want is not None and state in ('reported', 'inferred') and Decimal(value) == Decimal(str(want)))
        if decided:
            s['cells'] += 1
        if ok:
            if decided:
                s['exact'] += 1
        else:
            s['wrong'] += 1
            if verbose and not (state in ("reported", "blank")):
                print("  wrong (%s, %s): %s want %s got %s/%s" % (doc.form, doc.truth["document"], key, want, value, state))
            if state in ("reported", "blank"):
                s['silent'] += 1
                if verbose:
                    print('  silent (%s, %s): %s want %s got %s/%s' % (doc.form, doc.truth['document'], key,
                                                                     want, value, state))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--count', type=int, default=1200)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--min', type=int, default=1000, help='documents the totals test needs')
    ap.add_argument('--keep', help='write the generated documents here')
    ap.add_argument('--verbose', action='store_true')
    args = ap.parse_args()
    counts = {'passed': 0, 'failed': 0, 'skipped': 0}

    def finish():
        print('layouts: %(passed)d passed, %(failed)d failed, %(skipped)d skipped' % counts)
        return 0

    truth_files = sorted((CORPUS / 'truth').glob('*.json')) + sorted((CORPUS / 'next' / 'truth').glob('*.json'))
    if not truth_files:
        print('layouts: no corpus truth under %s, suite skipped' % CORPUS)
        counts['failed' if os.environ.get('CI') == 'true' else 'skipped'] += 1
        return finish()
    make = ['make', '-s', '-C', str(REPO), 'test/layouts/layparse']
    if os.environ.get('GR_PG_CONFIG'):
        make.append('PG_CONFIG=' + os.environ['GR_PG_CONFIG'])
    if subprocess.run(make).returncode != 0:
        print('layouts: the driver test/layouts/layparse did not build')
        counts['failed'] += 1
        return finish()
    truths = [json.loads(f.read_text(encoding='utf-8'), parse_float=Decimal) for f in truth_files]
    totals = defaultdict(lambda: defaultdict(int))
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix='govreport-layouts.'))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        batch, docs = [], {}
        for i in range(args.count):
            rng = random.Random(args.seed * 1000003 + i)
            truth = mutate(truths[i % len(truths)], rng)
            form = FORMS[(i // len(truths)) % len(FORMS)]
            doc = Doc(truth, form, rng)
            ext = '.html' if form == 'html' else '.txt'
            path = tmp / ('%05d-%s-%s%s' % (i, form, Path(truth['document']).stem, ext))
            path.write_text(render(doc), encoding='utf-8')
            docs[str(path)] = doc
            batch.append(path)
            if len(batch) == 200 or i == args.count - 1:
                for p, result in parse_batch(batch).items():
                    score(docs[p], result, totals, args.verbose)
                batch = []
    finally:
        if not args.keep:
            for p in tmp.iterdir():
                p.unlink()
            tmp.rmdir()
    all_ = defaultdict(int)
    print('%-22s %6s %7s %7s %6s %6s %7s %8s' % ('form', 'docs', 'cells', 'exact', 'absent', 'wrong', 'silent', 'exact%'))
    for form in FORMS:
        s = totals[form]
        if not s['docs']:
            continue
        for k, v in s.items():
            all_[k] += v
        rate = 100.0 * s['exact'] / s['cells'] if s['cells'] else 100.0
        print('%-22s %6d %7d %7d %6d %6d %7d %7.2f%%' % (form, s['docs'], s['cells'], s['exact'], s['absent'],
                                                     s['wrong'], s['silent'], rate))
        if s['silent'] or s['errors']:
            counts['failed'] += 1
            print('FAIL %s: %d silent, %d parse errors' % (form, s['silent'], s['errors']))
        else:
            counts['passed'] += 1
    rate = 100.0 * all_['exact'] / all_['cells'] if all_['cells'] else 100.0
    print('%-22s %6d %7d %7d %6d %6d %7d %7.2f%%' % ('all', all_['docs'], all_['cells'], all_['exact'],
                                                 all_['absent'], all_['wrong'], all_['silent'], rate))
    if all_['silent'] == 0 and rate >= 99.5 and all_['docs'] >= args.min:
        counts['passed'] += 1
        print('ok totals: %d documents, %.2f%% exact, 0 silent' % (all_['docs'], rate))
    else:
        counts['failed'] += 1
        print('FAIL totals: %d documents (need %d), %.2f%% exact (need 99.5%%), %d silent'
              % (all_['docs'], args.min, rate, all_['silent']))
    return finish()


if __name__ == '__main__':
    sys.exit(main())
