#!/usr/bin/env python3
"""Peers for the client probes.  usage: peers.py MODE PORT
MODE: echo (python-websockets echo), http (http.server, GET/POST echo),
raw modes answering a ws handshake badly: status403, badaccept, closenow,
silent, garbage, unmaskedclose, masked, bighdr, chunked, hdrsplit"""
import asyncio, base64, hashlib, socket, sys, threading, http.server

mode, port = sys.argv[1], int(sys.argv[2])
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

def accept_key(req):
    for line in req.split(b"\r\n"):
        if line.lower().startswith(b"sec-websocket-key:"):
            k = line.split(b":", 1)[1].strip()
            return base64.b64encode(hashlib.sha1(k + GUID).digest())
    return b"x"

if mode == "echo":
    import websockets.asyncio.server as S
    async def echo(ws):
        async for m in ws:
            await ws.send(m)
    async def main():
        async with S.serve(echo, "127.0.0.1", port, subprotocols=None) as s:
            print("ready", flush=True)
            await asyncio.Future()
    asyncio.run(main())
elif mode == "http":
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def do_GET(self):
            body = b"hello from GET " + self.path.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def do_POST(self):
            n = int(self.headers.get("Content-Length", 0))
            body = b"posted:" + self.rfile.read(n)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def log_message(self, *a):
            pass
    s = http.server.HTTPServer(("127.0.0.1", port), H)
    print("ready", flush=True)
    s.serve_forever()
else:
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(5)
    print("ready", flush=True)
    while True:
        c, _ = ls.accept()
        req = b""
        if mode != "closenow":
            while b"\r\n\r\n" not in req:
                d = c.recv(4096)
                if not d:
                    break
                req += d
        sys.stderr.write(req.decode(errors="replace"))
        ok = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept_key(req) + b"\r\n\r\n"
        if mode == "status403":
            c.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
        elif mode == "badaccept":
            c.sendall(ok.replace(accept_key(req), b"AAAAAAAAAAAAAAAAAAAAAAAAAAA="))
        elif mode == "garbage":
            c.sendall(b"\x00\x01garbage\r\n\r\n")
        elif mode == "unmaskedclose":
            c.sendall(ok + b"\x81\x02hi\x88\x02\x03\xe8")
        elif mode == "masked":
            c.sendall(ok + b"\x81\x82abcd" + bytes(x ^ y for x, y in zip(b"hi", b"ab")))
        elif mode == "truncated":
            c.sendall(ok + b"\x81\x05hi")
        elif mode == "bighdr":
            c.sendall(b"HTTP/1.1 101 Switching Protocols\r\nX-Big: " + b"a" * 8000 + b"\r\n\r\n")
        elif mode == "chunked":
            c.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        elif mode == "silent":
            import time; time.sleep(int(__import__("os").environ.get("SILENT_SECS", "30")))
        c.close()
