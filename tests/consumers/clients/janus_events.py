"""The ws server janus's event handler libjanus_wsevh (an lws client with a
service thread of its own) sends its events to.  Runs until SIGTERM, then
prints what it saw: the handshake, and the events of sessions and handles
(their type and name, per session).

    janus_events.py PORT
"""
import asyncio
import json
import os
import signal
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
sys.path.insert(0, os.path.dirname(__file__))
from consclient import T  # noqa: E402
from websockets.asyncio.server import serve  # noqa: E402

PORT = int(sys.argv[1])
lines = []
events = []
conns = 0


async def handler(ws):
    global conns
    conns += 1
    if conns == 1:
        lines.append("events handshake path: %s" % ws.request.path)
        lines.append("events handshake subprotocol: %s" % ws.subprotocol)
        lines.append("events handshake header names: %s" % ",".join(
            k.lower() for k, _ in ws.request.headers.raw_items()))
    async for msg in ws:
        try:
            d = json.loads(msg)
        except ValueError:
            lines.append("events: not json %r" % msg[:60])
            continue
        for e in d if isinstance(d, list) else [d]:
            events.append(e)


def select_subprotocol(conn, subprotocols):
    return "janus-events" if "janus-events" in subprotocols else None


async def main():
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with serve(handler, "127.0.0.1", PORT, select_subprotocol=select_subprotocol):
        print("ready", file=sys.stderr, flush=True)
        await stop
    for line in lines:
        T(line)
    # per session: its session (type 1) and handle (type 2) events; sessions
    # of concurrent clients interleave, so sorted
    seq = {}
    for e in events:
        ev = e.get("event", {})
        name = ev.get("name") or "?"
        seq.setdefault(e.get("session_id"), []).append("%s:%s" % (e.get("type"), name))
    T("events: %d sessions seen" % len(seq))
    # (within a session too: Janus queues a handle's "detached" and the
    # session's "destroyed" from different threads)
    for line in sorted(" ".join(sorted(v)) for v in seq.values()):
        T("events: session:", line)


asyncio.run(main())
