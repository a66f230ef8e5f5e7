#!/usr/bin/python3
"""
baseline_lxml.py — what a user would write without govreport: Python 3
with lxml (Debian's python3-lxml, on the same libxml2 as govreport).

For each HTML document of the workload it
  - parses the page with lxml.html,
  - walks every <tr> with XPath and reads its <td>/<th> texts,
  - finds the table 3 rows by keywords in the cell just left of the seven
    numbers (the same phrases govreport's template lists), and the table 4
    row as the fifteen numbers under the 结果维持 … 总计 header,
  - computes the hard identities with blank cells as 0: t3 row sums, the
    column balance, the outcome sum, and the t4 sums.

Usage: baseline_lxml.py MANIFEST CLASSES REPS DUMP_FILE
Prints one JSON object (time, MB/s, cells extracted, identities evaluated
and failed); writes each document's cells to DUMP_FILE in the TSV form of
core_bench dump, so the benchmark can compare the two.
"""
import json
import re
import sys
import time
import unicodedata

import lxml.html

T3_COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
T4_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]

# (row code, keywords any of which identifies the label); order matters:
# the specific phrases before the general ones.
T3_KEYS = [
    ("received", ["本年新收"]), ("carried_over", ["上年结转"]),
    ("partly_granted", ["部分公开"]), ("granted", ["予以公开"]),
    ("denied_state_secret", ["国家秘密"]), ("denied_prohibited_by_law", ["其他法律行政", "法规禁止公开"]),
    ("denied_security_stability", ["三安全一稳定"]), ("denied_third_party", ["第三方合法权益"]),
    ("denied_internal_affairs", ["内部事务"]), ("denied_process_info", ["过程性信息"]),
    ("denied_enforcement_file", ["行政执法案卷"]), ("denied_inquiry_matter", ["行政查询事项"]),
    ("unavailable_not_held", ["不掌握"]), ("unavailable_needs_creation", ["另行制作", "没有现成信息"]),
    ("unavailable_unclear", ["仍不明确", "补正后申请内容"]),
    ("rejected_petition", ["信访举报投诉"]), ("rejected_repeat", ["重复申请"]),
    ("rejected_publication", ["公开出版物"]), ("rejected_excessive", ["大量反复"]),
    ("rejected_confirmation", ["重新出具", "要求行政机关确认"]),
    ("other_no_correction", ["逾期不补正"]), ("other_no_fee", ["缴纳费用", "收费通知"]),
    ("carried_forward", ["结转下年度"]),
]
OUTCOMES = ["granted", "partly_granted", "denied_state_secret", "denied_prohibited_by_law",
            "denied_security_stability", "denied_third_party", "denied_internal_affairs", "denied_process_info",
            "denied_enforcement_file", "denied_inquiry_matter", "unavailable_not_held",
            "unavailable_needs_creation", "unavailable_unclear", "rejected_petition", "rejected_repeat",
            "rejected_publication", "rejected_excessive", "rejected_confirmation", "other_no_correction",
            "other_no_fee", "other_misc"]
BLANKS = {"", "/", "-", "—", "–", "无", "空", "不适用"}
NUMBERING = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）.、．]*")
SPACE = re.compile(r"\s+")


def clean(s):
    return SPACE.sub("", unicodedata.normalize("NFKC", s))


def number(s):
    """A cell's value: int, None for a blank cell, False if not a number."""
    if s in BLANKS:
        return None
    try:
        return int(s)
    except ValueError:
        try:
            return float(s)
        except ValueError:
            return False


def row_code(label):
    for code, keys in T3_KEYS:
        for k in keys:
            if k in label:
                return code
    bare = NUMBERING.sub("", label)
    if bare == "其他":
        return "other_misc"
    if bare == "总计":
        return "concluded"
    return None


def extract(data):
    doc = lxml.html.document_fromstring(data)
    t3, t4 = {}, None
    for tr in doc.xpath("//tr"):
        cells = [clean(td.text_content()) for td in tr.xpath("./td|./th")]
        if len(cells) >= 15 and t4 is None:
            vals = [number(c) for c in cells[-15:]]
            if all(v is not False for v in vals) and any(v is not None for v in vals) and len(cells) == 15:
                t4 = vals
                continue
        if len(cells) < 8:
            continue
        vals = [number(c) for c in cells[-7:]]
        if any(v is False for v in vals) or all(v is None for v in vals):
            continue
        code = row_code(cells[-8])
        if code is not None and code not in t3:
            t3[code] = vals
    return t3, t4


def identities(t3, t4):
    """(evaluated, failed) over the hard identities, blank = 0."""
    z = lambda v: v or 0
    ev, failed = 0, []
    for code, v in t3.items():
        ev += 1
        if z(v[6]) != sum(z(x) for x in v[:6]):
            failed.append("t3_row_sum:" + code)
    for c, col in enumerate(T3_COLS):
        if all(k in t3 for k in ("received", "carried_over", "concluded", "carried_forward")):
            ev += 1
            if z(t3["received"][c]) + z(t3["carried_over"][c]) != z(t3["concluded"][c]) + z(t3["carried_forward"][c]):
                failed.append("t3_balance:" + col)
        if "concluded" in t3 and all(k in t3 for k in OUTCOMES):
            ev += 1
            if z(t3["concluded"][c]) != sum(z(t3[k][c]) for k in OUTCOMES):
                failed.append("t3_outcome_sum:" + col)
    if t4 is not None:
        for g, group in enumerate(T4_GROUPS):
            v = t4[g * 5:g * 5 + 5]
            ev += 1
            if z(v[4]) != sum(z(x) for x in v[:4]):
                failed.append("t4_sum:" + group)
    return ev, failed


def main():
    manifest, classes, reps, dump = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), sys.argv[4]
    docs = []
    for line in open(manifest, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[2] == "html" and f[3] in classes:
            with open(f[1], "rb") as fh:
                docs.append((int(f[0]), fh.read()))
    # CPU time of this process (the machine is shared; see bench/manifest.h)
    best, wall, results = None, None, None
    for _ in range(reps):
        t0, w0 = time.process_time(), time.perf_counter()
        out = []
        for i, data in docs:
            t3, t4 = extract(data)
            out.append((i, t3, t4, identities(t3, t4)))
        t = time.process_time() - t0
        if best is None or t < best:
            best, wall, results = t, time.perf_counter() - w0, out
    nbytes = sum(len(d) for _, d in docs)
    ncells = sum(sum(1 for v in t3.values() for _ in v) + (15 if t4 else 0) for _, t3, t4, _ in results)
    complete = sum(1 for _, t3, t4, _ in results if len(t3) == 25 and t4 is not None)
    evaluated = sum(r[3][0] for r in results)
    failed_docs = sum(1 for r in results if r[3][1])
    with open(dump, "w", encoding="utf-8") as f:
        for i, t3, t4, (_, failed) in results:
            for code, v in t3.items():
                for c, col in enumerate(T3_COLS):
                    f.write("%d\tcell\tt3.%s.%s\t%s\n" % (i, code, col, "NULL" if v[c] is None else v[c]))
            if t4:
                for g, group in enumerate(T4_GROUPS):
                    for c, col in enumerate(T4_COLS):
                        v = t4[g * 5 + c]
                        f.write("%d\tcell\tt4.%s.%s\t%s\n" % (i, group, col, "NULL" if v is None else v))
            for name in failed:
                f.write("%d\tfail\t%s\n" % (i, name))
    print(json.dumps({"prog": "baseline", "mode": "lxml", "classes": sys.argv[2], "docs": len(docs),
                      "bytes": nbytes, "seconds": round(best, 6), "wall_seconds": round(wall, 6), "mb_s": round(nbytes / 1048576 / best, 2),
                      "docs_s": round(len(docs) / best, 1), "cells": ncells, "complete_docs": complete,
                      "identities_evaluated": evaluated, "docs_failing": failed_docs}))


if __name__ == "__main__":
    main()
