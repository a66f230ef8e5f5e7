#!/usr/bin/env python3
"""Assertions on a report card's DOM as headless Chromium left it (--dump-dom).

Usage: check_dom.py KIND DOM_FILE EXPECT_JSON
Prints one "ok NAME" or "FAIL NAME: why" line per assertion and exits 0.
"""
import json
import sys
from html.parser import HTMLParser


class Dom(HTMLParser):
    """The parts of the card the assertions read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells = {}          # id -> {"class": set, "attrs": dict, "text": str, "tip": bool}
        self.tags = {}           # tag name -> count
        self.title = ""
        self.ids = {}            # element id -> text
        self.rule_status = {}    # rule -> status
        self._stack = []         # open elements: (tag, id or None, is_cell_id)
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "title":
            self._in_title = True
        cell_id = None
        if tag == "td" and "v" in a.get("class", "").split() and a.get("id", "").startswith("t"):
            cell_id = a["id"]
            self.cells[cell_id] = {"class": set(a.get("class", "").split()), "attrs": a, "text": "", "tip": False}
        if tag == "span" and "tip" in a.get("class", "").split():
            for _, _, cid in reversed(self._stack):
                if cid:
                    self.cells[cid]["tip"] = True
                    break
        if tag == "tr" and "data-rule" in a:
            self.rule_status[a["data-rule"]] = a.get("data-status")
        if "id" in a:
            self.ids.setdefault(a["id"], "")
        if tag not in ("meta", "br", "img", "link", "input", "hr"):
            self._stack.append((tag, a.get("id"), cell_id))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        for _, eid, cid in self._stack:
            if eid is not None and eid in self.ids:
                self.ids[eid] += data
            if cid:
                self.cells[cid]["text"] += data


def main():
    kind, dom_file, expect_file = sys.argv[1:4]
    with open(dom_file, encoding="utf-8") as f:
        dom = Dom()
        dom.feed(f.read())
    with open(expect_file, encoding="utf-8") as f:
        expect = json.load(f)

    def check(name, cond, why=""):
        print(("ok " if cond else "FAIL ") + kind + ": " + name + ("" if cond or not why else ": " + why))

    if kind == "control":
        # the detector works: the same payload, not escaped, does run
        check("an unescaped payload runs (the detector sees it)", dom.title == "XSS-RAN", repr(dom.title))
        return

    check("every template cell is on the card", set(dom.cells) == set(expect["states"]),
          f"{len(dom.cells)} cells, {len(expect['states'])} expected")
    wrong = [k for k, s in expect["states"].items() if k in dom.cells and "s-" + s not in dom.cells[k]["class"]]
    check("every cell carries the style of its printed state", not wrong, ", ".join(wrong[:5]))

    failing = {k for k, c in dom.cells.items() if c["class"] & {"fail", "warn"}}
    check("the failure marks are exactly the operands of the failing checks",
          failing == set(expect["failing"]),
          f"marked {sorted(failing)[:6]}, expected {sorted(expect['failing'])[:6]}")
    suspects = {k for k, c in dom.cells.items() if "suspect" in c["class"]}
    check("the suspects are exactly the cells the checks name", suspects == set(expect["suspects"]),
          f"{sorted(suspects)} vs {sorted(expect['suspects'])}")
    unfocusable = [k for k in failing | suspects if dom.cells[k]["attrs"].get("tabindex") != "0" or not dom.cells[k]["tip"]]
    check("every marked cell can take focus and holds its tooltip", not unfocusable, ", ".join(unfocusable[:5]))
    no_message = [k for k in failing if not any(r + ":" in dom.cells[k]["attrs"].get("title", "") or
                                                 r + " [suspect]:" in dom.cells[k]["attrs"].get("title", "")
                                                 for r in expect["failing"][k])]
    check("every marked cell's title names its failing rules", not no_message, ", ".join(no_message[:5]))
    check("the rule statuses are listed", dom.rule_status == expect["rule_status"],
          f"{dom.rule_status} vs {expect['rule_status']}")
    check("no script element, no image", dom.tags.get("script", 0) == 0 and dom.tags.get("img", 0) == 0,
          str(dom.tags))

    if kind == "shanghai":
        check("the real failures are marked", len(failing) > 0 and dom.rule_status.get("t3_row_sum") == "fail")
    if kind == "broken":
        check("one broken total: one suspect, t3.received.total", suspects == {"t3.received.total"}, str(suspects))
        check("the suspect is marked as failing too", "fail" in dom.cells.get("t3.received.total", {}).get("class", set()))
    if kind == "sample":
        inferred = {k for k, c in dom.cells.items() if "s-inferred" in c["class"]}
        check("the sample's inferred cells carry the inferred style",
              inferred == {k for k, s in expect["states"].items() if s == "inferred"} and len(inferred) == 14,
              f"{len(inferred)} inferred")
        check("a consistent report has no failure mark", not failing and not suspects)
    if kind == "corrected":
        corrected = {k for k, c in dom.cells.items() if "corrected" in c["class"]}
        check("the corrected cell is marked corrected", corrected == set(expect["corrected"]), str(corrected))
        check("the corrected report passes its checks", not failing and "corrected-note" in dom.ids)
    if kind == "xss":
        check("no script ran: the page title is the literal text", dom.title == expect["title"], repr(dom.title))
        check("no element was added by a payload", dom.tags.get("xss-ran", 0) == 0 and dom.tags.get("svg", 0) == 0)
        check("the agency is the literal text", dom.ids.get("agency") == expect["agency"], repr(dom.ids.get("agency")))
        check("the heading is the literal text", dom.ids.get("title") == expect["title"])


if __name__ == "__main__":
    main()
