"""Joins the default lws-mirror instance of a test server and reports what
another client (upstream's test-client) draws there.

usage: mirror_observer.py PORT READY_FILE STOP_FILE"""
import os
import re
import sys
import time

from consclient import T, D, ws_try, ConnectionClosed

port, ready, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ws = ws_try("observer", "ws://127.0.0.1:%d/" % port, ["lws-mirror-protocol"])
open(ready, "w").close()
if ws is None:
    sys.exit(0)
n = bad = 0
end = time.monotonic() + 30
while time.monotonic() < end and not os.path.exists(stop):
    try:
        m = ws.recv(timeout=0.2)
    except TimeoutError:
        continue
    except ConnectionClosed:
        T("observer: closed by the server")
        break
    n += 1
    # test-client draws "c #RRGGBB x y r;" (x < 512, y < 256, 1 <= r <= 32)
    mm = re.fullmatch(r"c #([0-9A-F]{6}) (\d+) (\d+) (\d+);", m)
    if not mm or int(mm.group(2)) > 511 or int(mm.group(3)) > 255 or not 1 <= int(mm.group(4)) <= 32:
        bad += 1
        if bad < 5:
            D("unexpected mirror message %r" % m[:80])
D("observer: %d messages" % n)
T("observer: test-client's drawing reached the mirror:", n > 0, "all well-formed:", bad == 0)
try:
    ws.close()
except Exception:
    pass
