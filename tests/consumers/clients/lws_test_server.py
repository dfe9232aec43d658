"""Client of upstream's libwebsockets-test-server (test-apps/test-server.c
with the statically included plugins dumb-increment, lws-mirror,
lws-status and post-demo).

usage: lws_test_server.py PORT SHARE_DIR [http|ws|all]
  SHARE_DIR  the server's resource path (to compare the files served)
"""
import hashlib
import json
import os
import re
import sys
import time

from consclient import (T, D, http_request, show_http, ws_connect, ws_try,
                        ws_recv, ConnectionClosed)

port, share = int(sys.argv[1]), sys.argv[2]
what = sys.argv[3] if len(sys.argv) > 3 else "all"
H = "127.0.0.1"
url = "ws://%s:%d" % (H, port)


def http_part():
    for path, fname in (("/", "test.html"), ("/test.html", "test.html"),
                        ("/test.js", "test.js"), ("/test.css", "test.css"),
                        ("/lws-common.js", "lws-common.js"),
                        ("/favicon.ico", "favicon.ico"),
                        ("/leaf.jpg", "leaf.jpg"),
                        ("/libwebsockets.org-logo.svg", "libwebsockets.org-logo.svg"),
                        ("/http2.png", "http2.png")):
        r = http_request(H, port, "GET", path)
        show_http("GET " + path, r, body=False)
        want = open(os.path.join(share, fname), "rb").read()
        T("GET " + path, "body is %s:" % fname, r.body == want)
    # not a file: the server's own HTTP callback dumps the headers, 404s
    # the mount of a file: lws redirects to the directory form
    for path in ("/no-such-file", "/dir/x?a=1&b=2", "/ziptest"):
        r = http_request(H, port, "GET", path)
        show_http("GET " + path, r)
    r = http_request(H, port, "HEAD", "/test.css")
    show_http("HEAD /test.css", r, body=False)
    r = http_request(H, port, "GET", "/test.css",
                     headers=[("If-None-Match", "*")])
    D("If-None-Match: *:", r.status_line)
    # post-demo: urlencoded, then multipart with a file (written to
    # /tmp/post-file by the plugin)
    body = b"text=hello+world%21&send=Send"
    r = http_request(H, port, "POST", "/formtest",
                     headers=[("Content-Type", "application/x-www-form-urlencoded")],
                     body=body)
    show_http("POST /formtest urlencoded", r)
    bnd = "----consb0123456789"
    fdata = b"line one\nline two\n" * 50
    mp = ("--%s\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nmultipart text\r\n"
          "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"up.txt\"\r\n"
          "Content-Type: text/plain\r\n\r\n" % (bnd, bnd)).encode() + fdata + \
        ("\r\n--%s--\r\n" % bnd).encode()
    r = http_request(H, port, "POST", "/formtest",
                     headers=[("Content-Type", "multipart/form-data; boundary=" + bnd)],
                     body=mp)
    show_http("POST /formtest multipart", r)
    # keep-alive: two requests on one connection
    from consclient import open_socket, read_response
    s = open_socket(H, port)
    for p in ("/test.css", "/test.js"):
        s.sendall(("GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n" % p).encode())
        r, _ = read_response(s)
        T("keep-alive GET", p, r.status_line, len(r.body))
    s.close()


def numbers(ws, n, tag):
    got = []
    for _ in range(n):
        m = ws_recv(ws, tag, timeout=5)
        if m is None:
            break
        got.append(m)
    return got


def dumb_part():
    for comp in ("deflate", None):
        tag = "dumb(%s)" % (comp or "no-ext")
        kw = {} if comp else {"compression": None}
        ws = ws_try(tag, url + "/", ["dumb-increment-protocol"], **kw)
        if ws is None:
            continue
        T(tag, "extensions:", ws.response.headers.get("Sec-WebSocket-Extensions"))
        got = numbers(ws, 10, tag)
        T(tag, "first 10 messages:", " ".join(got))
        ws.send("reset\n")
        # messages already on the way are still counting up: the count
        # drops back to a small number within a few messages
        last = int(got[-1]) if got else -1
        restarted = None
        for _ in range(40):
            m = ws_recv(ws, tag, timeout=5)
            if m is None:
                break
            if int(m) < last:
                restarted = int(m)
                break
            last = int(m)
        T(tag, "after reset the count restarts:", restarted is not None and restarted <= 2)
        more = numbers(ws, 5, tag)
        T(tag, "then counts up by one:",
          all(int(b) == int(a) + 1 for a, b in zip(more, more[1:])) and len(more) == 5)
        ws.send("closeme\n")
        code = reason = None
        try:
            for _ in range(100):
                ws.recv(timeout=5)
        except ConnectionClosed as e:
            if e.rcvd:
                code, reason = e.rcvd.code, e.rcvd.reason
        except TimeoutError:
            T(tag, "closeme: no close within 5 s")
        T(tag, "closeme: server closed with", code, repr(reason))
    # binary frame, too short and too long commands: ignored
    ws = ws_try("dumb(other)", url + "/", ["dumb-increment-protocol"])
    if ws:
        ws.send(b"\x00\x01\x02")
        ws.send("closeme")     # no newline: not the command
        got = numbers(ws, 3, "dumb(other)")
        T("dumb(other) still counting:", len(got) == 3)
        ws.close()
        T("dumb(other) closed by us: code", ws.close_code)


def mirror_part():
    a = ws_try("mirror A", url + "/?mirror=consb", ["lws-mirror-protocol"])
    b = ws_try("mirror B", url + "/?mirror=consb", ["lws-mirror-protocol"])
    c = ws_try("mirror C", url + "/?mirror=other", ["lws-mirror-protocol"])
    if not (a and b and c):
        return
    time.sleep(0.2)
    a.send("c #FF0000 10 20 5;")
    T("mirror A got own:", ws_recv(a, "mirror A", 5))
    T("mirror B got A's:", ws_recv(b, "mirror B", 5))
    b.send("c #00FF00 30 40 6;")
    T("mirror A got B's:", ws_recv(a, "mirror A", 5))
    T("mirror B got own:", ws_recv(b, "mirror B", 5))
    big = "x" * 3000 + ";"
    a.send(big)
    ma, mb = ws_recv(a, "mirror A", 5), ws_recv(b, "mirror B", 5)
    T("mirror 3001-byte message to A, B intact:", ma == big, mb == big)
    # less than the mirror's ring (32 messages): none is dropped
    burst = ["c #%06X %d %d 1;" % (n, n, n) for n in range(20)]
    for m in burst:
        a.send(m)
    gb = [ws_recv(b, "mirror B", 5) for _ in burst]
    ga = [ws_recv(a, "mirror A", 5) for _ in burst]
    T("mirror burst of 20 from A: B got all in order:", gb == burst,
      "A got all in order:", ga == burst)
    try:
        m = c.recv(timeout=0.5)
        T("mirror C (other instance) got:", m)
    except TimeoutError:
        T("mirror C (other instance) got nothing")
    c.send("c #0000FF 1 1 1;")
    T("mirror C got own:", ws_recv(c, "mirror C", 5))
    for w, n in ((a, "A"), (b, "B"), (c, "C")):
        w.close()
        T("mirror", n, "closed: code", w.close_code)


def status_msg(ws, tag):
    m = ws_recv(ws, tag, 5)
    if m is None:
        return None
    try:
        j = json.loads(m)
    except ValueError:
        T(tag, "not JSON:", m[:100])
        return None
    conns = j.get("conns", [])
    T(tag, "version: %s wss_over_h2: %s hostname set: %s wsi: %s" % (
        j.get("version"), j.get("wss_over_h2"), bool(j.get("hostname")), j.get("wsi")))
    T(tag, "conns:", len(conns), " ".join(
        "%s/%s/%s" % (c.get("peer"), c.get("ua"), bool(re.match(r"^\d+$", c.get("time", ""))))
        for c in conns))
    return j


def status_part():
    s1 = ws_try("status 1", url + "/", ["lws-status"],
                user_agent_header="consb-status-1")
    if not s1:
        return
    status_msg(s1, "status 1")
    s2 = ws_try("status 2", url + "/", ["lws-status"],
                user_agent_header="consb-status-2")
    status_msg(s2, "status 2")
    status_msg(s1, "status 1 update")
    s2.close()
    status_msg(s1, "status 1 after 2 left")
    s1.send("hello status")
    s1.close()
    T("status 1 closed: code", s1.close_code)


def other_ws_part():
    ws = ws_try("no subprotocol", url + "/")
    if ws:
        try:
            m = ws.recv(timeout=1)
            T("no subprotocol: got", m[:40])
        except TimeoutError:
            T("no subprotocol: nothing within 1 s")
        except ConnectionClosed as e:
            T("no subprotocol: closed", e.rcvd.code if e.rcvd else None)
        ws.close()
    ws_try("unknown subprotocol", url + "/", ["no-such-protocol"])


if what in ("http", "all"):
    http_part()
if what in ("ws", "all"):
    dumb_part()
    mirror_part()
    status_part()
    other_ws_part()
