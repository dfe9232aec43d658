"""Scripted clients of rtpengine's HTTP/HTTPS/WS/WSS listeners (its
daemon/websocket.c): GET /ping, /cli/..., /metrics, POST /ng, POST /admin,
and the ws subprotocols echo.rtpengine.com, cli.rtpengine.com,
ng.rtpengine.com, janus-protocol; several ws clients at once (the replies
are written by rtpengine's worker threads, which wake the service thread
with lws_cancel_service).

    rtpengine.py HTTP_PORT HTTPS_PORT
"""
import json
import sys
import threading
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

sys.path.insert(0, __import__("os").path.dirname(__file__))
from consclient import (T, D, http_request, show_http, show_body, ws_try,  # noqa: E402
                        ws_recv, ws_close, ws_connect, open_socket,
                        read_response, mask_numbers)

HOST = "127.0.0.1"


def benc(v):
    if isinstance(v, int):
        return b"i%de" % v
    if isinstance(v, str):
        v = v.encode()
    if isinstance(v, bytes):
        return b"%d:%s" % (len(v), v)
    if isinstance(v, list):
        return b"l" + b"".join(benc(x) for x in v) + b"e"
    if isinstance(v, dict):
        return b"d" + b"".join(benc(k) + benc(v[k]) for k in sorted(v)) + b"e"
    raise TypeError(v)


def bdec(b, i=0):
    c = b[i:i + 1]
    if c == b"i":
        j = b.index(b"e", i)
        return int(b[i + 1:j]), j + 1
    if c == b"l":
        i += 1
        out = []
        while b[i:i + 1] != b"e":
            x, i = bdec(b, i)
            out.append(x)
        return out, i + 1
    if c == b"d":
        i += 1
        out = {}
        while b[i:i + 1] != b"e":
            k, i = bdec(b, i)
            v, i = bdec(b, i)
            out[k.decode()] = v
        return out, i + 1
    j = b.index(b":", i)
    n = int(b[i:j])
    return b[j + 1:j + 1 + n], j + 1 + n


def show_ng(tag, raw):
    """An ng reply 'COOKIE BENCODE': the cookie and the decoded dict, with
    the numbers of an SDP masked."""
    if isinstance(raw, str):
        raw = raw.encode()
    cookie, _, rest = raw.partition(b" ")
    try:
        d, _ = bdec(rest)
    except Exception as e:  # noqa: BLE001
        T(tag, "ng reply not bencode:", repr(raw[:60]), type(e).__name__)
        return
    T(tag, "ng cookie:", cookie.decode())
    for k in sorted(d):
        v = d[k]
        if k == "sdp":
            for line in v.decode().splitlines():
                T(tag, "ng sdp:", mask_numbers(line))
        elif isinstance(v, bytes):
            T(tag, "ng %s: %s" % (k, v.decode()))
        else:
            T(tag, "ng %s: (%s)" % (k, type(v).__name__))


SDP = ("v=0\r\no=- 1545997027 1 IN IP4 127.0.0.1\r\ns=tester\r\n"
       "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 2000 RTP/AVP 0\r\n"
       "a=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n")


def http_part(port, tls, scheme):
    r = http_request(HOST, port, "GET", "/ping", tls=tls)
    show_http(scheme + " GET /ping", r)
    r = http_request(HOST, port, "GET", "/nothing-here", tls=tls)
    show_http(scheme + " GET /nothing-here", r)
    r = http_request(HOST, port, "GET", "/cli/list/numsessions", tls=tls)
    show_http(scheme + " GET /cli/list/numsessions", r)
    r = http_request(HOST, port, "GET", "/metrics", tls=tls)
    show_http(scheme + " GET /metrics", r, body=False,
              skip_headers=["content-length"])
    T(scheme, "GET /metrics: has rtpengine_ metric types:",
      any(line.startswith("# TYPE rtpengine_") for line in r.body.decode().splitlines()))
    body = b"c1 " + benc({"command": "ping"})
    r = http_request(HOST, port, "POST", "/ng", tls=tls,
                     headers=[("Content-Type", "application/x-rtpengine-ng")],
                     body=body)
    show_http(scheme + " POST /ng ping", r, body=False)
    show_ng(scheme + " POST /ng ping", r.body)
    r = http_request(HOST, port, "POST", "/ng", tls=tls,
                     headers=[("Content-Type", "text/plain")], body=b"x")
    show_http(scheme + " POST /ng text/plain", r)
    r = http_request(HOST, port, "POST", "/admin", tls=tls,
                     headers=[("Content-Type", "application/json")],
                     body=json.dumps({"janus": "ping", "transaction": "t1"}).encode())
    show_http(scheme + " POST /admin janus ping", r, body=False)
    show_json(scheme + " POST /admin janus ping", r.body)
    # two requests on one connection (keep-alive)
    s = open_socket(HOST, port, tls)
    s.sendall(b"GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n")
    r1, rest = read_response(s)
    s.sendall(b"GET /cli/list/totals HTTP/1.1\r\nHost: localhost\r\n\r\n")
    r2, _ = read_response(s)
    s.close()
    T(scheme, "keep-alive: first", r1.status_line, repr(r1.body),
      "second", r2.status_line, "body lines", len(r2.body.splitlines()))


def show_json(tag, raw):
    try:
        d = json.loads(raw)
    except ValueError:
        T(tag, "not json:", repr(raw[:80]))
        return
    for k in sorted(d):
        v = d[k]
        T(tag, "json %s: %s" % (k, v if isinstance(v, (str, bool)) else type(v).__name__))


def ws_part(port, scheme):
    url = "%s://%s:%d/" % (scheme, HOST, port)
    ws = ws_try(scheme + " echo", url, ["echo.rtpengine.com"])
    if ws:
        ws.send("hello rtpengine")
        m = ws_recv(ws, scheme + " echo")
        T(scheme, "echo text ->", type(m).__name__, repr(m))
        big = bytes(range(256)) * 400
        ws.send(big)
        m = ws_recv(ws, scheme + " echo")
        T(scheme, "echo %d bytes binary ->" % len(big), type(m).__name__,
          len(m or b""), "equal" if m == big else "different")
        ws_close(ws, scheme + " echo")
    ws = ws_try(scheme + " cli", url, ["cli.rtpengine.com"])
    if ws:
        ws.send("list numsessions")
        m = ws_recv(ws, scheme + " cli")
        show_body(scheme + " cli list numsessions", m or b"")
        ws.send("no-such-command")
        m = ws_recv(ws, scheme + " cli")
        show_body(scheme + " cli no-such-command", m or b"")
        ws_close(ws, scheme + " cli")
    ws = ws_try(scheme + " ng", url, ["ng.rtpengine.com"])
    if ws:
        ws.send(b"p1 " + benc({"command": "ping"}))
        show_ng(scheme + " ng ping", ws_recv(ws, scheme + " ng") or b"")
        call = "call-" + scheme
        ws.send(b"o1 " + benc({"command": "offer", "call-id": call,
                               "from-tag": "ft1", "sdp": SDP}))
        show_ng(scheme + " ng offer", ws_recv(ws, scheme + " ng") or b"")
        ws.send(b"q1 " + benc({"command": "query", "call-id": call}))
        m = ws_recv(ws, scheme + " ng") or b""
        d, _ = bdec(m.partition(b" ")[2])
        T(scheme, "ng query: result", d.get("result", b"").decode(),
          "tags", sorted(d.get("tags", {})))
        ws.send(b"d1 " + benc({"command": "delete", "call-id": call,
                               "from-tag": "ft1"}))
        m = ws_recv(ws, scheme + " ng") or b""
        d, _ = bdec(m.partition(b" ")[2])
        T(scheme, "ng delete: result", d.get("result", b"").decode())
        ws.send(b"e1 " + benc({"command": "query", "call-id": "no-such-call"}))
        show_ng(scheme + " ng query unknown", ws_recv(ws, scheme + " ng") or b"")
        ws_close(ws, scheme + " ng")
    ws = ws_try(scheme + " janus", url, ["janus-protocol"])
    if ws:
        ws.send(json.dumps({"janus": "ping", "transaction": "t2"}))
        show_json(scheme + " janus ping", ws_recv(ws, scheme + " janus") or "{}")
        ws_close(ws, scheme + " janus")
    # refused: unknown subprotocol, and none (the first protocol, http-only,
    # refuses every ws connection)
    ws = ws_try(scheme + " unknown-protocol", url, ["no.such.protocol"])
    if ws:
        ws_close(ws, scheme + " unknown-protocol")
    ws = ws_try(scheme + " no-protocol", url)
    if ws:
        ws_close(ws, scheme + " no-protocol")


def parallel_part(port, scheme, clients=4, rounds=25):
    """clients ws connections at once, each rounds ng pings: every reply
    comes from a worker thread."""
    url = "%s://%s:%d/" % (scheme, HOST, port)
    results = [None] * clients

    def one(i):
        ok = 0
        try:
            ws = ws_connect(url, ["ng.rtpengine.com"])
            for n in range(rounds):
                cookie = b"c%d-%d" % (i, n)
                ws.send(cookie + b" " + benc({"command": "ping"}))
                m = ws.recv(timeout=10)
                if m == cookie + b" " + benc({"result": "pong"}):
                    ok += 1
            ws.close()
        except Exception as e:  # noqa: BLE001
            D("parallel client", i, "failed:", repr(e))
        results[i] = ok

    ts = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    T(scheme, "parallel: %d clients x %d ng pings, replies right:" % (clients, rounds),
      results)


def main():
    http_port, https_port = int(sys.argv[1]), int(sys.argv[2])
    http_part(http_port, False, "http")
    http_part(https_port, True, "https")
    ws_part(http_port, "ws")
    ws_part(https_port, "wss")
    parallel_part(http_port, "ws")
    parallel_part(https_port, "wss")


if __name__ == "__main__":
    main()
