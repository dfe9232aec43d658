"""Scripted peers of kamailio's lwsc module (a ws client living in a SIP
worker process: lws context made on first use, lws_service in a thread of
its own, lws_callback_on_writable + lws_cancel_service from the SIP
worker).  This script is the ws(s) server lwsc connects to and the SIP UA
that makes kamailio.cfg (beside this file, kamailio.cfg) call lwsc:

    kamailio.py SIP_PORT WS_PORT WSS_PORT CERT KEY

It prints what the ws server saw (handshakes, messages) and what the SIP
UA got back, in the order of the scenario.
"""
import asyncio
import os
import socket
import ssl
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
sys.path.insert(0, os.path.dirname(__file__))
from consclient import T, D  # noqa: E402
from websockets.asyncio.server import serve  # noqa: E402

SIP_PORT, WS_PORT, WSS_PORT = (int(x) for x in sys.argv[1:4])
CERT, KEY = sys.argv[4:6]
HOST = "127.0.0.1"

replies = {}      # path -> number of messages answered
events = {}       # path -> what the server saw there, in order (printed
                  # at the end: connections to different paths interleave)


def E(path, *parts):
    events.setdefault(path, []).append(" ".join(str(p) for p in parts))


def show_handshake(tag, request):
    path = request.path
    E(path, tag, "handshake path:", request.path)
    for k, v in request.headers.raw_items():
        kl = k.lower()
        if kl == "sec-websocket-key":
            v = "(%d chars)" % len(v)
        elif kl in ("host", "origin"):
            v = v.replace(str(WS_PORT), "WS_PORT").replace(str(WSS_PORT), "WSS_PORT")
        E(path, tag, "handshake header: %s: %s" % (k, v))


async def handler(ws):
    path = ws.request.path
    tag = "ws-server%s" % ("(tls)" if ws.request.path.startswith("/tls") else "")
    show_handshake(tag, ws.request)
    E(path, tag, "subprotocol chosen:", ws.subprotocol)
    try:
        async for msg in ws:
            if len(msg) > 200:
                E(path, tag, path, "got", type(msg).__name__, "%d bytes" % len(msg),
                  "0123456789 x %d" % (len(msg) // 10)
                  if msg == "0123456789" * (len(msg) // 10) else "other content")
            else:
                E(path, tag, path, "got", type(msg).__name__, repr(msg))
            if path.endswith("/silent"):
                continue
            if path.endswith("/notify"):
                continue
            n = replies.get(path, 0) + 1
            replies[path] = n
            await ws.send("reply %d to [%s]" % (n, msg))
            if path.endswith("/close"):
                # recorded first: lwsc reconnects as soon as it sees the
                # close, and that handshake must come after this line
                E(path, tag, path, "server closes with 1000")
                await ws.close(1000, "bye")
                return
    except Exception as e:  # noqa: BLE001
        E(path, tag, path, "connection ended:", type(e).__name__)
        return
    E(path, tag, path, "closed, code", ws.close_code)


def select_subprotocol(conn, subprotocols):
    for p in subprotocols:
        if p in ("kmsg", "other"):
            return p
    return None


def sip(user, n):
    """One OPTIONS to kamailio; the request-URI user picks the lwsc call in
    kamailio.cfg.  Returns (status line, X-WS-* headers)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((HOST, 0))
    s.settimeout(15)
    lport = s.getsockname()[1]
    msg = ("OPTIONS sip:%s@%s:%d SIP/2.0\r\n"
           "Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK-cons-%d\r\n"
           "Max-Forwards: 70\r\n"
           "From: <sip:tester@%s>;tag=t%d\r\n"
           "To: <sip:%s@%s>\r\n"
           "Call-ID: cons-%d@%s\r\n"
           "CSeq: %d OPTIONS\r\n"
           "Content-Length: 0\r\n\r\n") % (
        user, HOST, SIP_PORT, HOST, lport, n, HOST, n, user, HOST, n, HOST, n)
    s.sendto(msg.encode(), (HOST, SIP_PORT))
    try:
        data, _ = s.recvfrom(65536)
    except socket.timeout:
        return "(no SIP reply)", []
    finally:
        s.close()
    lines = data.decode("latin-1").split("\r\n")
    return lines[0], [h for h in lines[1:] if h.lower().startswith("x-ws")]


async def step(user, n, pause=0.0):
    status, hdrs = await asyncio.to_thread(sip, user, n)
    T("sip", user, "->", status)
    for h in hdrs:
        T("sip", user, "->", h)
    if pause:
        await asyncio.sleep(pause)


async def main():
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(CERT, KEY)
    async with serve(handler, HOST, WS_PORT, select_subprotocol=select_subprotocol), \
            serve(handler, HOST, WSS_PORT, ssl=tls, select_subprotocol=select_subprotocol):
        await step("req", 1)             # first use: connect, send, reply
        await step("req", 2)             # same endpoint, same connection
        await step("notify", 3, 0.5)     # no reply expected
        await step("proto", 4)           # lwsc_request_proto, other subprotocol
        await step("silent", 5)          # server never answers: timeout_read
        await step("dead", 6)            # nothing listens: timeout_init
        await step("tls", 7)             # wss, self-signed certificate
        await step("tls", 8)
        await step("close", 9, 0.5)      # server answers then closes
        await step("close", 10)          # lwsc reconnects (after <= 2 s)
        await step("big", 11)            # 20000-byte message
        await asyncio.sleep(0.3)
    for path in sorted(events):
        for line in events[path]:
            T(line)


asyncio.run(main())
