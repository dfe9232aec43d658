"""Scripted clients of csound's websocket opcode (csound-plugins,
websockets/WebSocketOpcode.c): each opcode serves a ws port whose
subprotocols are named after the opcode's variables; the first input
variable is streamed as binary messages of doubles, output variables are
written by messages of the right size.  See data/csound.csd.

    csound.py
"""
import struct
import sys
import threading
import time
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
sys.path.insert(0, __import__("os").path.dirname(__file__))
from consclient import T, D, ws_try, http_request  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

HOST = "127.0.0.1"


def collect(ws, secs, limit=100000):
    """Binary messages for secs seconds."""
    out = []
    end = time.monotonic() + secs
    while time.monotonic() < end and len(out) < limit:
        try:
            m = ws.recv(timeout=max(0.05, end - time.monotonic()))
        except TimeoutError:
            break
        out.append(m)
    return out


def doubles(m):
    return struct.unpack("<%dd" % (len(m) // 8), m)


ends = {}


def wait_close(ws, tag, secs):
    """Reads until the server ends the connection (csound's performance
    ends and the opcode destroys its lws context)."""
    end = time.monotonic() + secs
    n = 0
    while time.monotonic() < end:
        try:
            ws.recv(timeout=end - time.monotonic())
            n += 1
        except TimeoutError:
            ends[tag] = "still open after %d s" % secs
            return
        except ConnectionClosed as e:
            ends[tag] = "ended by the server: close frame received: %s code %s" % (
                e.rcvd is not None, e.rcvd.code if e.rcvd else None)
            return
    ends[tag] = "still open after %d s" % secs


def main():
    url = "ws://%s:%%d/" % HOST
    # port 9200: the k-cycle counter
    count = ws_try("kCount", url % 9200, ["kCount"])
    msgs = collect(count, 1.0) if count else []
    vals = [doubles(m)[0] for m in msgs if len(m) == 8]
    T("kCount: messages:", "many" if len(msgs) >= 20 else len(msgs),
      "all binary" if all(isinstance(m, bytes) for m in msgs) else "not all binary",
      "sizes:", sorted({len(m) for m in msgs}))
    T("kCount: values are integers:", all(v == int(v) for v in vals),
      "strictly increasing:", all(b > a for a, b in zip(vals, vals[1:])))
    # kRecv: an 8-byte double goes into the variable, another size is dropped
    recv = ws_try("kRecv", url % 9200, ["kRecv"])
    if recv:
        recv.send(struct.pack("<d", 42.5))
        time.sleep(0.3)
        recv.send(b"abcd")
        time.sleep(0.3)
        recv.send(struct.pack("<d", -7.25))
        time.sleep(0.3)
    # no subprotocol: bound to the first protocol (kCount)
    anon = ws_try("no subprotocol", url % 9200)
    if anon:
        m = collect(anon, 0.5, 5)
        T("no subprotocol: got", "messages" if m else "nothing",
          "of sizes", sorted({len(x) for x in m}))
        anon.close()
    bad = ws_try("unknown subprotocol", url % 9200, ["nope"])
    if bad:
        bad.close()
    # plain HTTP: the opcode's callback ignores LWS_CALLBACK_HTTP
    try:
        r = http_request(HOST, 9200, "GET", "/", timeout=1.5)
        T("plain GET /:", r.status_line)
    except (TimeoutError, OSError) as e:
        T("plain GET /: no answer within 1.5 s (%s)" % type(e).__name__)

    # port 9201: a-rate ramp
    ramp = ws_try("aRamp", url % 9201, ["aRamp"])
    msgs = collect(ramp, 0.5) if ramp else []
    T("aRamp: messages:", "many" if len(msgs) >= 10 else len(msgs),
      "sizes:", sorted({len(m) for m in msgs}))
    ok = True
    for m in msgs:
        v = doubles(m)
        if any(b < a for a, b in zip(v, v[1:])) or not all(0 <= x <= 1 for x in v):
            ok = False
    T("aRamp: every message a non-decreasing run of samples in [0, 1]:", ok)

    # port 9202: the k array
    arr = ws_try("kArr", url % 9202, ["kArr"])
    msgs = collect(arr, 0.5) if arr else []
    T("kArr: messages:", "many" if len(msgs) >= 10 else len(msgs),
      "distinct contents:", sorted({doubles(m) for m in msgs}))

    # everything stays open until the score ends: what each client sees
    # when the opcode destroys its context
    T("waiting for the end of the performance")
    ts = []
    for ws, tag in ((count, "kCount"), (recv, "kRecv"), (ramp, "aRamp"),
                    (arr, "kArr")):
        if ws:
            t = threading.Thread(target=wait_close, args=(ws, tag, 40))
            t.start()
            ts.append(t)
    for t in ts:
        t.join(45)
    for tag in sorted(ends):
        T(tag, ends[tag])


if __name__ == "__main__":
    main()
