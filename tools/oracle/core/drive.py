#!/usr/bin/env python3
"""Drives cbsrv with raw sockets; prints what the client sees.
usage: drive.py port scenario"""
import socket, sys, time, struct, os

port = int(sys.argv[1]); sc = sys.argv[2]

def conn():
    s = socket.create_connection(("127.0.0.1", port)); s.settimeout(2); return s

def upgrade(s, proto="first", extra=""):
    req = ("GET /chat?a=1 HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-Foo: bar\r\n")
    if proto: req += "Sec-WebSocket-Protocol: %s\r\n" % proto
    req += extra + "\r\n"
    s.sendall(req.encode())
    return rd(s)

def rd(s, t=1.0):
    s.settimeout(t); out = b""
    try:
        while True:
            d = s.recv(65536)
            if not d: out += b"<EOF>"; break
            out += d
    except socket.timeout: pass
    return out

def frame(op, payload, fin=True, mask=b"\x11\x22\x33\x44"):
    b0 = (0x80 if fin else 0) | op
    n = len(payload)
    if n < 126: h = bytes([b0, 0x80 | n])
    elif n < 65536: h = bytes([b0, 0x80 | 126]) + struct.pack(">H", n)
    else: h = bytes([b0, 0x80 | 127]) + struct.pack(">Q", n)
    return h + mask + bytes(c ^ mask[i % 4] for i, c in enumerate(payload))

def show(tag, b):
    print(tag, repr(b[:400]), flush=True)

s = conn()
if sc == "msgclose":
    show("hs", upgrade(s))
    s.sendall(frame(1, b"hi")); show("echo", rd(s, 0.5))
    s.sendall(frame(8, b"\x03\xe8bye")); show("close", rd(s))
elif sc == "srvclose":
    show("hs", upgrade(s, "second"))
    s.sendall(frame(1, b"CLOSE")); show("after", rd(s))
elif sc == "cr":
    show("hs", upgrade(s, None))
    s.sendall(frame(1, b"CR")); show("after", rd(s, 0.5))
    s.sendall(frame(8, b"\x03\xe8")); show("after2", rd(s, 0.5))
elif sc == "get":
    s.sendall(b"GET / HTTP/1.1\r\nHost: h\r\n\r\n"); show("resp", rd(s))
elif sc == "get10":
    s.sendall(b"GET /x HTTP/1.0\r\n\r\n"); show("resp", rd(s))
elif sc == "post":
    s.sendall(b"POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"); show("resp", rd(s))
elif sc == "drop":
    show("hs", upgrade(s))
    s.sendall(frame(1, b"hi")); show("echo", rd(s, 0.5)); s.close()
    time.sleep(0.5)
elif sc == "reject":
    show("hs", upgrade(s, "first", "X-Reject: 1\r\n"))
elif sc == "badproto":
    show("hs", upgrade(s, "zzz"))
elif sc == "silent":
    t = time.time(); show("silent", rd(s, 30)); print("after %.1f s" % (time.time() - t))
elif sc == "half":
    s.sendall(b"GET / HTTP/1.1\r\nHo"); t = time.time(); show("half", rd(s, 30)); print("after %.1f s" % (time.time() - t))
elif sc == "idle":
    show("hs", upgrade(s)); t = time.time(); show("idle", rd(s, 30)); print("after %.1f s" % (time.time() - t))
elif sc == "hold":
    show("hs", upgrade(s)); time.sleep(float(sys.argv[3]))
elif sc == "timer":
    show("hs", upgrade(s)); s.sendall(frame(1, b"TIMER")); show("x", rd(s, 0.5))
elif sc == "to":
    show("hs", upgrade(s)); s.sendall(frame(1, b"TO")); t = time.time(); show("x", rd(s, 5)); print("after %.1f s" % (time.time() - t))
elif sc == "kill":
    show("hs", upgrade(s)); s.sendall(frame(1, b"KILL")); show("x", rd(s, 1))
elif sc == "hdr":
    show("hs", upgrade(s)); s.sendall(frame(1, b"HDR")); show("x", rd(s, 0.5))
elif sc == "big":
    show("hs", upgrade(s)); s.sendall(frame(1, b"BIG")); time.sleep(1); tot = 0
    s.settimeout(1)
    try:
        while True:
            d = s.recv(1 << 20)
            if not d: break
            tot += len(d)
    except socket.timeout: pass
    print("got", tot)
elif sc == "ping":
    show("hs", upgrade(s)); s.sendall(frame(9, b"pp") + frame(10, b"unsol")); show("x", rd(s, 0.5))
elif sc == "raw":
    s.sendall(eval(sys.argv[3])); show("resp", rd(s))
