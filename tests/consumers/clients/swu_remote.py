"""A stand-in for the remote SWUpdate that swupdate's swuforward handler
forwards an image to: one TCP port serving what SWUpdate's own webserver
serves to that handler:
  POST /upload   multipart/form-data, the part "swupdate-package"
  GET /  (ws)    subprotocol "swupdate-status-protocol": JSON progress
                 messages {"type": "message"|"status", ...}
Once the upload is complete it sends a message, then the statuses START,
RUN, SUCCESS (or FAILURE with --fail) to every open ws.  What it receives
goes to the transcript.  Runs until STOP_FILE exists (at most 60 s).

usage: swu_remote.py PORT INNER_SWU READY_FILE STOP_FILE [--fail]"""
import asyncio
import base64
import hashlib
import json
import os
import struct
import sys

from consclient import D

# the upload and the ws run concurrently: their lines are kept apart and
# printed at the end, http first
lines = {"http": [], "ws": [], "remote": []}


def T(*parts):
    lines[parts[0].split(":")[0]].append(" ".join(str(p) for p in parts))

port, inner, ready, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
fail = "--fail" in sys.argv
want = open(inner, "rb").read()
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
wss = []
uploaded = asyncio.Event()


async def read_head(r):
    head = await r.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    hdrs = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            hdrs[k.strip().lower()] = v.strip()
    return method, path, hdrs


async def read_chunked(r):
    body = b""
    while True:
        size = int((await r.readuntil(b"\r\n")).split(b";")[0], 16)
        body += await r.readexactly(size)
        await r.readexactly(2)
        if size == 0:
            while (await r.readuntil(b"\r\n")) != b"\r\n":
                pass
            return body


def frame(opcode, payload):
    n = len(payload)
    if n < 126:
        h = struct.pack("!BB", 0x80 | opcode, n)
    elif n < 65536:
        h = struct.pack("!BBH", 0x80 | opcode, 126, n)
    else:
        h = struct.pack("!BBQ", 0x80 | opcode, 127, n)
    return h + payload


async def read_frame(r):
    b0, b1 = await r.readexactly(2)
    n = b1 & 0x7f
    if n == 126:
        n = struct.unpack("!H", await r.readexactly(2))[0]
    elif n == 127:
        n = struct.unpack("!Q", await r.readexactly(8))[0]
    mask = await r.readexactly(4) if b1 & 0x80 else b"\0\0\0\0"
    data = bytes(c ^ mask[i % 4] for i, c in enumerate(await r.readexactly(n)))
    return b0 & 0x0f, bool(b1 & 0x80), data


async def handle_ws(r, w, path, hdrs):
    T("ws: GET", path, "subprotocol offered:", hdrs.get("sec-websocket-protocol"),
      "version:", hdrs.get("sec-websocket-version"))
    T("ws: Host:", hdrs.get("host"), "Origin:", hdrs.get("origin"))
    key = hdrs.get("sec-websocket-key", "")
    acc = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
    w.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
             "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n"
             "Sec-WebSocket-Protocol: swupdate-status-protocol\r\n\r\n" % acc).encode())
    await w.drain()
    wss.append(w)
    try:
        while True:
            op, masked, data = await read_frame(r)
            if op == 8:
                code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else None
                T("ws: client sent close, code", code, "masked:", masked)
                w.write(frame(8, data[:2]))
                await w.drain()
                break
            T("ws: client sent opcode", op, "len", len(data))
    except (asyncio.IncompleteReadError, ConnectionError):
        T("ws: client closed the TCP connection without a close frame")
    finally:
        wss.remove(w)
        w.close()


async def handle_upload(r, w, method, path, hdrs):
    T("http:", method, path, "Content-Type:", hdrs.get("content-type", "").split(";")[0],
      "chunked:", hdrs.get("transfer-encoding") == "chunked",
      "Expect:", hdrs.get("expect"))
    if "content-length" in hdrs:
        body = await r.readexactly(int(hdrs["content-length"]))
    elif hdrs.get("transfer-encoding") == "chunked":
        body = await read_chunked(r)
    else:
        body = await r.read()
    ct = hdrs.get("content-type", "")
    bnd = ct.split("boundary=", 1)[1].strip('"').encode() if "boundary=" in ct else b""
    part = None
    for p in body.split(b"--" + bnd):
        if b"\r\n\r\n" not in p:
            continue
        ph, pdata = p.split(b"\r\n\r\n", 1)
        if b'name="swupdate-package"' in ph:
            T("http: part headers:", " | ".join(
                l for l in ph.decode("latin-1").strip().split("\r\n")))
            part = pdata[:-2] if pdata.endswith(b"\r\n") else pdata
    T("http: swupdate-package is the forwarded image:", part == want,
      "(%s bytes)" % (len(part) if part is not None else None))
    w.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
    await w.drain()
    w.close()
    uploaded.set()


async def handle(r, w):
    try:
        method, path, hdrs = await read_head(r)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
        w.close()
        return
    if hdrs.get("upgrade", "").lower() == "websocket":
        await handle_ws(r, w, path, hdrs)
    elif method == "POST" and path == "/upload":
        await handle_upload(r, w, method, path, hdrs)
    else:
        T("http: unexpected", method, path)
        w.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        w.close()


async def progress():
    await uploaded.wait()
    await asyncio.sleep(0.2)
    msgs = [{"type": "message", "text": "Installing the forwarded image"},
            {"type": "status", "status": "START"},
            {"type": "status", "status": "RUN"},
            {"type": "status", "status": "FAILURE" if fail else "SUCCESS"}]
    T("remote: sending", len(msgs), "progress messages to", len(wss), "ws")
    for m in msgs:
        for w in list(wss):
            w.write(frame(1, json.dumps(m).encode()))
            await w.drain()
        await asyncio.sleep(0.05)


async def main():
    srv = await asyncio.start_server(handle, "127.0.0.1", port)
    open(ready, "w").close()
    asyncio.ensure_future(progress())
    for _ in range(600):
        if os.path.exists(stop):
            break
        await asyncio.sleep(0.1)
    srv.close()
    for k in ("http", "ws", "remote"):
        for line in lines[k]:
            print(line, flush=True)

asyncio.run(main())
