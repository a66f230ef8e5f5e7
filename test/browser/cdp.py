#!/usr/bin/env python3
"""Hover and keyboard focus on a report card, through the DevTools protocol.

Usage: cdp.py CHROMIUM CARD_HTML CELL_KEY RULE

Starts headless Chromium with --remote-debugging-pipe (JSON messages on file
descriptors 3 and 4, no network port), opens the card, and checks that:
- pressing Tab reaches a marked cell (the page gives failing cells tabindex);
- focusing the cell CELL_KEY shows its tooltip, which names RULE;
- hovering the cell with the mouse shows it too, and no other tooltip is shown.
The evaluation runs in DevTools, not in the page: the page itself has no script.
Prints "ok NAME" / "FAIL NAME: why" lines.
"""
import json
import os
import subprocess
import sys
import tempfile
import time


class Pipe:
    def __init__(self, chromium, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Chromium reads commands from fd 3 and writes replies to fd 4
        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--user-data-dir=" + profile, "--window-size=1280,1600", "about:blank"],
            pass_fds=(3, 4), preexec_fn=lambda: (os.dup2(to_chrome_r, 3), os.dup2(from_chrome_w, 4)),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self.next_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply.get("result", {})
                self.events.append(reply)
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        raise RuntimeError(f"{method}: no reply in {timeout}s")

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main():
    chromium, card, key, rule = sys.argv[1:5]

    def check(name, cond, why=""):
        print(("ok " if cond else "FAIL ") + "focus: " + name + ("" if cond or not why else ": " + str(why)))

    with tempfile.TemporaryDirectory(prefix="govreport-cdp.") as profile:
        pipe = Pipe(chromium, profile)
        try:
            target = pipe.send("Target.createTarget", {"url": "file://" + os.path.abspath(card)})["targetId"]
            session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

            def evaluate(expr):
                r = pipe.send("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session)
                return r.get("result", {}).get("value")

            # the new target starts as about:blank, which is "complete" too
            loaded = ("location.protocol === 'file:' && document.readyState === 'complete' && "
                      f"document.getElementById({json.dumps(key)}) !== null")
            for _ in range(300):
                if evaluate(loaded):
                    break
                time.sleep(0.1)
            check("the card loads", evaluate(loaded))
            shown = ("Array.from(document.querySelectorAll('.tip'))"
                     ".filter(t => getComputedStyle(t).display !== 'none').map(t => t.parentElement.id)")

            check("no tooltip shows before any focus or hover", evaluate(shown) == [], evaluate(shown))

            for _ in range(60):		# Tab through the page to the first marked cell
                for kind in ("keyDown", "keyUp"):
                    pipe.send("Input.dispatchKeyEvent", {"type": kind, "key": "Tab", "code": "Tab",
                                                         "windowsVirtualKeyCode": 9}, session)
                if evaluate("document.activeElement.matches('td.fail, td.warn, td.suspect')"):
                    break
            active = evaluate("document.activeElement.id")
            check("Tab reaches a marked cell", evaluate("document.activeElement.matches('td.fail, td.warn, td.suspect')"),
                  active)
            check("the focused cell shows its tooltip", evaluate(shown) == [active], evaluate(shown))

            evaluate(f"document.getElementById({json.dumps(key)}).focus()")
            check(f"focusing {key} shows its tooltip alone", evaluate(shown) == [key], evaluate(shown))
            tip = evaluate(f"document.getElementById({json.dumps(key)}).querySelector('.tip').innerText") or ""
            check(f"the tooltip names {rule}", rule in tip, tip[:120])

            evaluate("document.activeElement.blur()")
            box = evaluate(f"(() => {{ const r = document.getElementById({json.dumps(key)}).getBoundingClientRect();"
                           " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
            pipe.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": box[0], "y": box[1]}, session)
            check(f"hovering {key} shows its tooltip alone", evaluate(shown) == [key], evaluate(shown))
            check("the page ran no script of its own", evaluate("document.scripts.length") == 0)
        except Exception as e:
            check("the DevTools session", False, e)
        finally:
            pipe.close()


if __name__ == "__main__":
    main()
