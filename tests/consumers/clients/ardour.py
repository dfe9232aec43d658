"""Client of Ardour's "WebSockets Server (Experimental)" control surface
(port 3818): the web surfaces over HTTP (the "/" file mount and the
dynamic /surfaces.json), then the ws protocol: the state dump a new client
gets, and a change made by one client reaching another.

usage: ardour.py PORT WEB_SURFACES_DIR"""
import json
import os
import socket
import sys
import time

from consclient import T, D, http_request, show_http, ws_try, ConnectionClosed

port, web = int(sys.argv[1]), sys.argv[2]
H = "127.0.0.1"


def get(path):
    try:
        return http_request(H, port, "GET", path, timeout=5)
    except (socket.timeout, TimeoutError):
        T("GET", path, "no response within 5 s")
        return None


r = get("/")
if r is None:
    T("the surface does not answer: the rest is not tried")
    sys.exit(0)
show_http("GET /", r, body=False)
T("GET / body is index.html:", r.body == open(os.path.join(web, "index.html"), "rb").read())
for path, f in (("/index/main.js", "index/main.js"), ("/index/logo.png", "index/logo.png"),
                ("/builtin/mixer/index.html", "builtin/mixer/index.html"),
                ("/builtin/mixer/expand.svg", "builtin/mixer/expand.svg")):
    r = get(path)
    if r is None:
        continue
    show_http("GET " + path, r, body=False)
    T("GET", path, "body is the file:", r.body == open(os.path.join(web, f), "rb").read())
r = get("/surfaces.json")
if r is not None:
    show_http("GET /surfaces.json", r, body=False)
    try:
        for group in json.loads(r.body):
            T("surfaces.json:", group.get("path"), group.get("filesystemPath"),
              " ".join(s.get("path", "?") for s in group.get("surfaces", [])))
    except ValueError:
        T("surfaces.json: not JSON:", r.body[:80])
r = get("/no-such-surface/x.html")
if r is not None:
    show_http("GET /no-such-surface/x.html", r, body=False)


def drain(ws, tag, quiet=1.0, limit=200):
    """messages until `quiet` s pass without one; meters (periodic) left out"""
    got = []
    for _ in range(limit):
        try:
            m = ws.recv(timeout=quiet)
        except TimeoutError:
            break
        except ConnectionClosed as e:
            T(tag, "closed by Ardour", e.rcvd.code if e.rcvd else None)
            break
        if '"strip_meter"' in m:
            continue
        got.append(m)
    return got


a = ws_try("ws A", "ws://%s:%d/" % (H, port))
if a is None:
    sys.exit(0)
for m in drain(a, "ws A"):
    T("ws A initial:", m)
b = ws_try("ws B", "ws://%s:%d/" % (H, port))
if b is None:
    sys.exit(0)
T("ws B initial: %d messages" % len(drain(b, "ws B")))
for msg in ({"node": "transport_tempo", "val": [130]},
            {"node": "strip_gain", "addr": [0], "val": [-6]},
            {"node": "strip_mute", "addr": [0], "val": [True]},
            {"node": "strip_pan", "addr": [1], "val": [0.25]}):
    a.send(json.dumps(msg))
    T("ws A sent", json.dumps(msg), "-> ws B got:", " ".join(drain(b, "ws B", quiet=1.5)) or "nothing")
    T("ws A got back:", " ".join(drain(a, "ws A", quiet=0.3)) or "nothing")
a.send("not json")
time.sleep(0.3)
T("after a non-JSON message ws A gets:", " ".join(drain(a, "ws A", quiet=0.5)) or "nothing")
for w, n in ((a, "A"), (b, "B")):
    w.close()
    T("ws", n, "closed: code", w.close_code)
