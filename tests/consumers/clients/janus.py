"""Scripted clients of Janus's websockets transport (janus_websockets.c:
one lws context, vhosts for the Janus API over ws and wss and the Admin
API over ws; replies are queued by Janus's threads, which wake the lws
service thread with lws_cancel_service).

    janus.py WS_PORT WSS_PORT ADMIN_WS_PORT
"""
import json
import sys
import threading
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
sys.path.insert(0, __import__("os").path.dirname(__file__))
from consclient import (T, D, http_request, show_http, ws_try, ws_recv,  # noqa: E402
                        ws_close, ws_connect)

HOST = "127.0.0.1"
SECRET = "janusoverlord"


class Janus:
    def __init__(self, ws, tag):
        self.ws = ws
        self.tag = tag
        self.n = 0
        self.pending = []     # messages received while waiting for another

    def send(self, msg):
        self.n += 1
        msg.setdefault("transaction", "%s-%d" % (self.tag.replace(" ", "-"), self.n))
        self.ws.send(json.dumps(msg))
        return msg["transaction"]

    def recv(self, want=None, timeout=10):
        """The next message (with transaction `want` if given)."""
        for i, m in enumerate(self.pending):
            if want is None or m.get("transaction") == want:
                return self.pending.pop(i)
        while True:
            raw = ws_recv(self.ws, self.tag, timeout)
            if raw is None:
                return None
            try:
                m = json.loads(raw)
            except ValueError:
                T(self.tag, "not json:", repr(raw[:60]))
                return None
            if want is None or m.get("transaction") == want:
                return m
            self.pending.append(m)

    def call(self, msg, timeout=10):
        return self.recv(self.send(msg), timeout)


def shape(v, depth=0):
    """A JSON value with ids and other run-dependent values replaced by their
    type: what the client can compare between runs."""
    if isinstance(v, dict):
        out = {}
        for k in sorted(v):
            if k in ("id", "session_id", "sender", "handle_id", "opaque_id",
                     "transaction") and not isinstance(v[k], (dict, list)):
                out[k] = "<%s>" % type(v[k]).__name__
            else:
                out[k] = shape(v[k], depth + 1)
        return out
    if isinstance(v, list):
        return [shape(x, depth + 1) for x in v]
    return v


def show(tag, m, keys=None):
    if m is None:
        T(tag, "-> nothing")
        return
    if keys is not None:
        m = {k: m.get(k) for k in keys}
    T(tag, "->", json.dumps(shape(m), sort_keys=True))


def janus_api(url, tag):
    ws = ws_try(tag, url, ["janus-protocol"])
    if not ws:
        return
    j = Janus(ws, tag)
    m = j.call({"janus": "info"})
    show(tag + " info", m, ["janus", "name", "version_string", "api_secret",
                            "auth_token", "event_handlers"])
    if m:
        T(tag, "info transports:", sorted(m.get("transports", {})))
        T(tag, "info plugins:", sorted(m.get("plugins", {})))
        T(tag, "info events:", sorted(m.get("events", {})))
    show(tag + " ping", j.call({"janus": "ping"}))
    m = j.call({"janus": "create"})
    show(tag + " create", m)
    sid = (m or {}).get("data", {}).get("id")
    show(tag + " keepalive", j.call({"janus": "keepalive", "session_id": sid}))
    m = j.call({"janus": "attach", "session_id": sid, "plugin": "janus.plugin.echotest"})
    show(tag + " attach echotest", m)
    hid = (m or {}).get("data", {}).get("id")
    t = j.send({"janus": "message", "session_id": sid, "handle_id": hid,
                "body": {"audio": True}})
    # the ack (from the transport's thread) and the plugin's event (from
    # the plugin's thread) race: shown in a fixed order
    got = [j.recv(t), j.recv(t)]
    for m in sorted(got, key=lambda m: (m or {}).get("janus", "")):
        show(tag + " message", m)
    show(tag + " attach unknown plugin",
         j.call({"janus": "attach", "session_id": sid, "plugin": "janus.plugin.nope"}))
    show(tag + " unknown request", j.call({"janus": "frobnicate", "session_id": sid}))
    show(tag + " no such session", j.call({"janus": "keepalive", "session_id": 12345}))
    # a 100 KB transaction comes back in the ack: a large message both ways
    big = "x" * 100000
    m = j.call({"janus": "keepalive", "session_id": sid, "transaction": big})
    T(tag, "100 KB keepalive ->", (m or {}).get("janus"),
      "transaction echoed" if (m or {}).get("transaction") == big else "transaction differs")
    ws.send("this is not json")
    show(tag + " not json", j.recv())
    show(tag + " detach", j.call({"janus": "detach", "session_id": sid, "handle_id": hid}))
    show(tag + " destroy", j.call({"janus": "destroy", "session_id": sid}))
    ws_close(ws, tag)


def admin_api(url, tag):
    ws = ws_try(tag, url, ["janus-admin-protocol"])
    if not ws:
        return
    j = Janus(ws, tag)
    show(tag + " ping", j.call({"janus": "ping"}))
    show(tag + " list_sessions without secret", j.call({"janus": "list_sessions"}))
    m = j.call({"janus": "list_sessions", "admin_secret": SECRET})
    T(tag, "list_sessions ->", (m or {}).get("janus"), "sessions:", len((m or {}).get("sessions", [])))
    m = j.call({"janus": "get_status", "admin_secret": SECRET})
    T(tag, "get_status ->", (m or {}).get("janus"), "keys:", sorted((m or {}).get("status", {})))
    m = j.call({"janus": "query_eventhandler", "admin_secret": SECRET,
                "handler": "janus.eventhandler.wsevh", "request": {}})
    show(tag + " query_eventhandler wsevh", m, ["janus", "error"])
    ws_close(ws, tag)


def refusals(port, tls, tag):
    url = "%s://%s:%d/" % ("wss" if tls else "ws", HOST, port)
    ws = ws_try(tag + " no subprotocol", url)
    if ws:
        ws_close(ws, tag + " no subprotocol")
    ws = ws_try(tag + " unknown subprotocol", url, ["nope"])
    if ws:
        ws_close(ws, tag + " unknown subprotocol")
    try:
        r = http_request(HOST, port, "GET", "/", tls=tls)
    except OSError as e:
        T(tag, "plain GET /: connection failed:", type(e).__name__)
        return
    show_http(tag + " plain GET /", r)


def parallel(url, clients=4, rounds=10):
    results = [0] * clients

    def one(i):
        try:
            ws = ws_connect(url, ["janus-protocol"])
            j = Janus(ws, "p%d" % i)
            m = j.call({"janus": "create"})
            sid = m["data"]["id"]
            ok = 0
            for n in range(rounds):
                if (j.call({"janus": "keepalive", "session_id": sid}) or {}).get("janus") == "ack":
                    ok += 1
            m = j.call({"janus": "attach", "session_id": sid, "plugin": "janus.plugin.echotest"})
            hid = m["data"]["id"]
            j.call({"janus": "detach", "session_id": sid, "handle_id": hid})
            if (j.call({"janus": "destroy", "session_id": sid}) or {}).get("janus") == "success":
                ok += 1
            ws.close()
            results[i] = ok
        except Exception as e:  # noqa: BLE001
            D("parallel client", i, "failed:", repr(e))

    ts = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    T("parallel: %d clients x (create, %d keepalives, attach, detach, destroy), right:"
      % (clients, rounds), results)


def main():
    ws_port, wss_port, admin_port = (int(x) for x in sys.argv[1:4])
    janus_api("ws://%s:%d/" % (HOST, ws_port), "ws")
    janus_api("wss://%s:%d/" % (HOST, wss_port), "wss")
    admin_api("ws://%s:%d/" % (HOST, admin_port), "admin")
    refusals(ws_port, False, "ws")
    refusals(wss_port, True, "wss")
    refusals(admin_port, False, "admin")
    parallel("ws://%s:%d/" % (HOST, ws_port))


if __name__ == "__main__":
    main()
