#!/usr/bin/python3
"""
report.py — turns one benchmark run's measurements into the results table.

Usage: report.py WORKDIR OUT_MD COMMAND

Reads WORKDIR/results.jsonl (every measurement of the run, one JSON object
a line), WORKDIR/w/manifest.tsv, WORKDIR/w/truth.jsonl and the cell dumps
of govreport's core and of the Python baseline; prints the table and the
PASS/FAIL line of each target of issue 7, and writes the same as Markdown
to OUT_MD.
"""
import collections
import datetime
import json
import os
import platform
import sys

HARD = ("t3_row_sum", "t3_balance", "t3_outcome_sum", "t4_sum")


def load_jsonl(path):
    out = []
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line.startswith("{"):
                out.append(json.loads(line))
    return out


def find(results, **kw):
    for r in results:
        if all(r.get(k) == v for k, v in kw.items()):
            return r
    return None


def best(results, **kw):
    """The fastest of the matching timing entries (several rounds ran)."""
    found = [r for r in results if all(r.get(k) == v for k, v in kw.items())]
    return min(found, key=lambda r: r["seconds"]) if found else None


def read_dump(path):
    """id -> {"cells": {key: value or None}, "fails": set of hard rule:scope}"""
    docs = collections.defaultdict(lambda: {"cells": {}, "fails": set(), "error": None})
    if not os.path.exists(path):
        return docs
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        i = int(f[0])
        if f[1] == "cell":
            docs[i]["cells"][f[2]] = None if f[3] == "NULL" else float(f[3])
        elif f[1] == "fail" and f[2].split(":")[0] in HARD:
            docs[i]["fails"].add(f[2])
        elif f[1] == "error":
            docs[i]["error"] = f[2]
    return docs


def same(a, b):
    """Cell values agree; a blank cell (None) counts as 0 for the baseline."""
    return (a or 0) == (b or 0)


def mb(n):
    return n / 1048576.0


def fmt_s(s):
    return "%.3f s" % s if s >= 0.1 else "%.1f ms" % (s * 1000)


def main():
    work, out_md, command = sys.argv[1], sys.argv[2], sys.argv[3]
    res = load_jsonl(os.path.join(work, "results.jsonl"))
    manifest = {}
    for line in open(os.path.join(work, "w", "manifest.tsv"), encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        manifest[int(f[0])] = {"path": f[1], "kind": f[2], "cls": f[3], "bytes": int(f[4]), "label": f[5]}
    truth = {t["id"]: t["cells"] for t in load_jsonl(os.path.join(work, "w", "truth.jsonl"))}
    core = read_dump(os.path.join(work, "core_dump.tsv"))
    base = read_dump(os.path.join(work, "baseline_dump.tsv"))
    info = find(res, prog="info") or {}

    lines = []
    say = lines.append
    targets = []

    def target(name, ok, detail):
        targets.append((name, ok, detail))

    end = find(res, prog="load-end") or {}
    say("Run: %s, %s; %s; %s; load average %s at the start, %s at the end." % (
        datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), info.get("cpu", platform.processor()),
        info.get("postgres", "PostgreSQL 15"), "quick run" if info.get("quick") else "full run",
        info.get("load_start", "?"), end.get("load_end", "?")))
    try:
        if float(info.get("load_start", "0").split()[0]) > 0.5:
            say("")
            say("Other processes were using the CPU during this run (see the load average). Throughput is "
                "measured in CPU time, the fastest of several passes, with the floor and the core in alternating "
                "rounds; the wall-clock figures (bulk load, the summary) are pessimistic.")
    except ValueError:
        pass
    say("")

    # ------------------------------------------------------------ workload
    groups = collections.OrderedDict()
    for d in manifest.values():
        key = (d["kind"], d["cls"])
        n, b, lo, hi = groups.get(key, (0, 0, 1 << 62, 0))
        groups[key] = (n + 1, b + d["bytes"], min(lo, d["bytes"]), max(hi, d["bytes"]))
    say("**Workload** (generated with seed %s; the corpus read from ../shared/corpus/docs):" % info.get("seed", "?"))
    say("")
    say("| kind | class | documents | total | sizes |")
    say("|---|---|---:|---:|---|")
    for (kind, cls), (n, b, lo, hi) in sorted(groups.items()):
        say("| %s | %s | %d | %.1f MB | %.1f – %.1f KB |" % (kind, cls, n, mb(b), lo / 1024, hi / 1024))
    say("")

    # ---------------------------------------------------------- throughput
    say("**Throughput** (one core each; the fastest of several passes over the same bytes; times are CPU time — "
        "`CLOCK_THREAD_CPUTIME_ID` in C, `time.process_time()` in Python, the backend's `/proc/PID/schedstat` for "
        "SQL — so that other processes on this shared machine are not charged to govreport; bulk load and the "
        "summary below are wall-clock):")
    say("")
    say("| what | documents | MB | CPU time | MB/s | reports/s |")
    say("|---|---:|---:|---:|---:|---:|")

    def row(label, r):
        if r is None:
            say("| %s | – | – | – | – | – |" % label)
            return
        say("| %s | %d | %.1f | %s | %.1f | %.0f |" % (
            label, r["docs"], mb(r["bytes"]), fmt_s(r["seconds"]), mb(r["bytes"]) / r["seconds"],
            r["docs"] / r["seconds"]))

    sax = best(res, prog="floor", mode="sax")
    tree = best(res, prog="floor", mode="tree")
    ch_parse = best(res, prog="core", mode="parse", kind="html")
    ch_full = best(res, prog="core", mode="parse+checks", kind="html")
    ct_parse = best(res, prog="core", mode="parse", kind="text")
    ct_full = best(res, prog="core", mode="parse+checks", kind="text")
    base_r = find(res, prog="baseline")
    bh = {m: find(res, prog="backend", kind="html", mode=m) for m in ("parse bytea", "parse text", "parse+checks")}
    bt = {m: find(res, prog="backend", kind="text", mode=m) for m in ("parse bytea", "parse text", "parse+checks")}
    row("HTML: libxml2 SAX, empty handlers (floor)", sax)
    row("HTML: libxml2 htmlReadMemory + xmlFreeDoc", tree)
    row("HTML: govreport core, parse", ch_parse)
    row("HTML: govreport core, parse + checks", ch_full)
    row("HTML: govreport backend, `parse(bytea)`", bh["parse bytea"])
    row("HTML: govreport backend, `parse(text)`", bh["parse text"])
    row("HTML: govreport backend, `checks(parse(bytea))`", bh["parse+checks"])
    row("HTML: Python 3 + lxml baseline (extract t3/t4, identities)", base_r)
    row("text: govreport core, parse", ct_parse)
    row("text: govreport core, parse + checks", ct_full)
    row("text: govreport backend, `parse(bytea)`", bt["parse bytea"])
    row("text: govreport backend, `parse(text)`", bt["parse text"])
    row("text: govreport backend, `checks(parse(bytea))`", bt["parse+checks"])
    say("")

    ratios = []
    if sax and ch_full:
        r = ch_full["seconds"] / sax["seconds"]
        ratios.append("govreport core parse+recognise+check ÷ SAX floor (HTML, same bytes): **%.2f×**" % r)
        target("HTML parse + recognise + check within 1.5× the libxml2 SAX floor", r <= 1.5,
               "%.2f× (core %s, floor %s)" % (r, fmt_s(ch_full["seconds"]), fmt_s(sax["seconds"])))
    if sax and ch_parse:
        ratios.append("govreport core parse only ÷ SAX floor: %.2f×" % (ch_parse["seconds"] / sax["seconds"]))
    if sax and bh["parse+checks"]:
        ratios.append("govreport backend `checks(parse(bytea))` ÷ SAX floor: %.2f×" % (
            bh["parse+checks"]["seconds"] / sax["seconds"]))
    if ct_full:
        v = mb(ct_full["bytes"]) / ct_full["seconds"]
        target("text parse + check ≥ 100 MB/s per core", v >= 100, "%.1f MB/s (core, one thread)" % v)
    if base_r and bh["parse+checks"]:
        r = base_r["seconds"] / bh["parse+checks"]["seconds"]
        ratios.append("Python baseline ÷ govreport backend parse+checks (end to end, same HTML): **%.2f×**" % r)
        target("≥ 3× faster than the Python + lxml baseline, end to end", r >= 3,
               "%.2f× (baseline %s, `checks(parse(doc))` in the server %s)" % (
                   r, fmt_s(base_r["seconds"]), fmt_s(bh["parse+checks"]["seconds"])))
    if base_r and ch_full:
        ratios.append("Python baseline ÷ govreport core parse+checks: %.2f×" % (base_r["seconds"] / ch_full["seconds"]))
    for r in ratios:
        say("- " + r)
    say("")

    # --------------------------------------------------------- correctness
    say("**The same cells** (table 3 and table 4 of each HTML document; blank counts as 0 for the baseline):")
    say("")

    gen_html = [i for i in truth if manifest[i]["kind"] == "html" and manifest[i]["cls"] != "scale"]
    gen_text = [i for i in truth if manifest[i]["kind"] == "text" and manifest[i]["cls"] != "scale"]
    tr = {i: truth[i] for i in truth}

    def vs_truth(dump, ids):
        n = agree = 0
        for i in ids:
            for k, v in tr[i].items():
                n += 1
                got = dump[i]["cells"].get(k, "missing")
                if got != "missing" and ((v is None and got is None) or (v is not None and got == v)):
                    agree += 1
        return agree, n

    a, n = vs_truth(core, gen_html)
    say("- govreport core vs the generator's truth, generated HTML: %d of %d cells" % (a, n))
    a2, n2 = vs_truth(core, gen_text)
    say("- govreport core vs the generator's truth, generated text: %d of %d cells" % (a2, n2))
    a3, n3 = vs_truth(base, gen_html)
    say("- Python baseline vs the generator's truth, generated HTML: %d of %d cells" % (a3, n3))
    html_ids = [i for i in manifest if manifest[i]["kind"] == "html" and manifest[i]["cls"] != "scale"]
    n = agree = fails_same = 0
    differ = []
    for i in html_ids:
        for k, v in base[i]["cells"].items():
            n += 1
            if k in core[i]["cells"] and same(core[i]["cells"][k], v):
                agree += 1
        if base[i]["fails"] == core[i]["fails"]:
            fails_same += 1
        else:
            differ.append("%s: govreport %d, baseline %d" % (manifest[i]["label"], len(core[i]["fails"]),
                                                             len(base[i]["fails"])))
    say("- Python baseline vs govreport on every HTML document (corpus included): %d of %d baseline cells agree; "
        "the failing hard identities are the same on %d of %d documents%s" % (
            agree, n, fails_same, len(html_ids), " (not on %s failing)" % "; ".join(differ) if differ else ""))
    if base_r:
        incomplete = [manifest[i]["label"] for i in html_ids
                      if sum(1 for k in base[i]["cells"] if k.startswith("t3.")) != 25 * 7
                      or sum(1 for k in base[i]["cells"] if k.startswith("t4.")) != 15]
        say("- the baseline extracted %d cells, all 25 table 3 rows and table 4 on %d of %d documents%s, "
            "and evaluated %d identity instances" % (
                base_r["cells"], base_r["complete_docs"], base_r["docs"],
                " (not on %s)" % ", ".join(incomplete) if incomplete else "", base_r["identities_evaluated"]))
    errors = [i for i in core if core[i]["error"]]
    if errors:
        say("- govreport core errors: %s" % ", ".join("%s (%s)" % (manifest[i]["label"], core[i]["error"]) for i in errors))
    say("")

    # ------------------------------------------------------------- memory
    say("**Memory per parse** (parse + checks in the core: arena bytes plus libxml2's peak malloc'd bytes; "
        "budget = 4 × document + 1 MB):")
    say("")
    say("| kind | documents | mean bytes per document byte | worst document | its size | its memory | of budget |")
    say("|---|---:|---:|---|---:|---:|---:|")
    worst_all = 0
    for kind in ("html", "text"):
        m = find(res, prog="core", mode="mem-summary", kind=kind)
        if not m:
            continue
        worst_all = max(worst_all, m["worst_of_budget"])
        w = manifest.get(m["worst_id"], {"label": "?"})
        say("| %s | %d | %.2f | %s | %.1f KB | %.1f KB | %.0f%% |" % (
            kind, m["docs"], m["mean_per_doc_byte"], w["label"], m["worst_bytes"] / 1024,
            m["worst_total"] / 1024, 100 * m["worst_of_budget"]))
    mems = [r for r in res if r.get("prog") == "core" and r.get("mode") == "mem"]
    big = [r for r in mems if r["class"] in ("scale", "large")]
    if big:
        say("")
        say("| document | size | arena | libxml2 peak | total ÷ size | of budget |")
        say("|---|---:|---:|---:|---:|---:|")
        for r in sorted(big, key=lambda r: (r["kind"], r["bytes"])):
            say("| %s %s | %.1f KB | %.1f KB | %.1f KB | %.2f | %.0f%% |" % (
                r["kind"], r["label"], r["bytes"] / 1024, r["arena"] / 1024, r["libxml2_peak"] / 1024,
                r["per_doc_byte"], 100 * r["of_budget"]))
    if mems:
        target("memory per parse ≤ 4 × document size + 1 MB", worst_all <= 1.0,
               "worst document uses %.0f%% of its budget" % (100 * worst_all))
    say("")

    # ---------------------------------------------------------------- bulk
    say("**Bulk load into the store** (`govreport.load(document, name)`, one statement and transaction per report, "
        "documents sent by psql):")
    say("")
    say("| clients | reports | stored | errors | time | reports/s |")
    say("|---:|---:|---:|---:|---:|---:|")
    b2 = None
    for c in (1, 2):
        b = find(res, prog="bulk", clients=c)
        if b:
            say("| %d | %d | %d | %d | %s | %.1f |" % (c, b["reports"], b["stored"], b["errors"], fmt_s(b["seconds"]),
                                                     b["reports"] / b["seconds"]))
            if c == 2:
                b2 = b
    if b2:
        v = b2["reports"] / b2["seconds"]
        target("bulk load ≥ 300 reports/s with two clients", v >= 300 and b2["errors"] == 0,
               "%.1f reports/s (%d typical HTML reports)" % (v, b2["reports"]))
    say("")

    ld = find(res, prog="loader")
    if ld:
        n = ld["reports"]
        v = n / ld["seconds"]
        srv, cli = ld["server_cpu_seconds"], ld["client_cpu_seconds"]
        say("**Bulk load with `govreport-load -j 2`** (the same reports from their files; binary parameters, pipeline "
            "mode, one transaction per report; the documents are kept in `govreport.documents`):")
        say("")
        say("| connections | reports | stored | not loaded | time | reports/s | server CPU / report | loader CPU / report "
            "| CPU-bound rate on 2 cores |")
        say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        bound = 2 * n / (srv + cli) if srv + cli > 0 else 0
        say("| %d | %d | %d | %d | %s | %.1f | %.2f ms | %.2f ms | %.0f/s |" % (
            ld["clients"], n, ld["stored"], ld["errors"], fmt_s(ld["seconds"]), v, 1000 * srv / n, 1000 * cli / n, bound))
        say("")
        say("Server CPU is what the backends used (the postmaster's children's time); the CPU-bound rate is the rate "
            "two otherwise idle cores would reach at that cost. Where wall time exceeds it, other processes on the "
            "machine had the cores.")
        say("")
        target("govreport-load ≥ 700 reports/s with -j 2", v >= 700 and ld["errors"] == 0,
               "%.1f reports/s; server %.2f ms + loader %.2f ms CPU per report bound two cores at %.0f/s"
               % (v, 1000 * srv / n, 1000 * cli / n, bound))

    # ------------------------------------------------------------- summary
    sums = [r for r in res if r.get("prog") == "summary"]
    if sums:
        st = find(res, prog="store") or {}
        say("**Per-rule summary over %s stored reports** (`max_parallel_workers_per_gather = 2`; the store filled "
            "by the fast path in %s):" % (st.get("reports", "?"), fmt_s(st.get("seconds", 0))))
        say("")
        say("| query | planner settings | workers launched | EXPLAIN ANALYZE | plain run |")
        say("|---|---|---:|---:|---:|")
        ok_any = None
        for r in sums:
            say("| %s | %s | %s | %s | %s |" % (r["query"], r["settings"], r["workers"], fmt_s(r["explain_ms"] / 1000),
                                               fmt_s(r["ms"] / 1000) if r.get("ms") else "–"))
            if r["query"] == "`rule_summary`" and r["workers"] > 0:
                t = r.get("ms") or r["explain_ms"]
                if ok_any is None or t < ok_any[0]:
                    ok_any = (t, r)
        rs = [r for r in sums if r["query"] == "`rule_summary`"]
        if ok_any:
            t, r = ok_any
            target("summary over %s stored reports uses parallel workers and answers in < 1 s" % st.get("reports", "?"),
                   t < 1000, "%d workers launched (%s), %.0f ms" % (r["workers"], r["settings"], t))
        elif rs:
            target("summary over %s stored reports uses parallel workers and answers in < 1 s" % st.get("reports", "?"), False,
                   "no parallel workers in any setting tried; best %.0f ms" % min(r.get("ms") or r["explain_ms"] for r in rs))
        rates = [r for r in sums if "report_rates" in r["query"]]
        if rates:
            fast = [r for r in rates if r["workers"] > 0]
            quickest = min(fast or rates, key=lambda r: r.get("ms") or r["explain_ms"])
            t = quickest.get("ms") or quickest["explain_ms"]
            target("rates over %s stored reports run in parallel in < 1 s (issue 12)" % st.get("reports", "?"),
                   bool(fast) and t < 1000,
                   "%d workers launched (%s), %.0f ms" % (quickest["workers"], quickest["settings"], t))
        notes = [r for r in res if r.get("prog") == "summary-note"]
        for n in notes:
            say("")
            say(n["text"])
        say("")

    # ------------------------------------------------------------- scaling
    sc = [r for r in res if r.get("prog") == "core" and r.get("mode") == "scale"]
    if sc:
        say("**How time grows with size** (core, parse + checks, one document repeated; time per MB should stay flat):")
        say("")
        say("| size | HTML bytes | HTML time | HTML ms/MB | text bytes | text time | text ms/MB |")
        say("|---|---:|---:|---:|---:|---:|---:|")
        by = collections.OrderedDict()
        for r in sc:
            by.setdefault(r["label"], {})[r["kind"]] = r
        flags = []
        prev = {}
        for label, d in by.items():
            cells = []
            for kind in ("html", "text"):
                r = d.get(kind)
                if r is None:
                    cells += ["–", "–", "–"]
                    continue
                note = ""
                if kind in prev:
                    growth = r["ms_per_mb"] / prev[kind]["ms_per_mb"]
                    if growth > 1.5:
                        note = " ⚠"
                        flags.append("%s %s→%s: time per MB × %.2f" % (kind, prev[kind]["label"], label, growth))
                prev[kind] = r
                cells += ["%.1f KB" % (r["bytes"] / 1024), fmt_s(r["seconds"]), "%.1f%s" % (r["ms_per_mb"], note)]
            say("| %s | %s |" % (label, " | ".join(cells)))
        say("")
        if flags:
            say("Super-linear steps (time per MB grew by more than 1.5× from one size to the next): " + "; ".join(flags) + ".")
        else:
            say("No super-linear step: time per MB never grew by more than 1.5× from one size to the next.")
        target("time grows linearly with document size (10 KB → 10 MB)", not flags,
               "; ".join(flags) if flags else "no step grew time per MB by more than 1.5×")
        say("")

    ps = find(res, prog="parallel-safe")
    if ps:
        say("Functions not marked PARALLEL SAFE: %s." % (ps["unsafe"] or "none"))
        say("")

    # ------------------------------------------------------------- targets
    say("**Targets of issue 7:**")
    say("")
    for name, ok, detail in targets:
        say("- %s %s — %s" % ("PASS" if ok else "FAIL", name, detail))
    say("")
    say("Command: `%s`" % command)

    text = "\n".join(lines) + "\n"
    print(text)
    print("\n".join("%s: %s — %s" % ("PASS" if ok else "FAIL", n, d) for n, ok, d in targets))
    os.makedirs(os.path.dirname(os.path.abspath(out_md)), exist_ok=True)
    with open(out_md, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
