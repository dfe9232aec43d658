#!/usr/bin/env python3
"""Measures how long tosrv keeps a connection open in each waiting state.
usage: drive.py <tosrv binary> [timeout_secs ah_idle keepalive_timeout]...
(configs as comma-separated triples, e.g. 0,0,0 2,0,0). Env LD_LIBRARY_PATH
picks the library."""
import socket, subprocess, sys, threading, time, struct

CAP = 32.0

def frame(op, payload, mask=b"\x11\x22\x33\x44"):
    return bytes([0x80 | op, 0x80 | len(payload)]) + mask + bytes(
        c ^ mask[i % 4] for i, c in enumerate(payload))

UPG = (b"GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
       b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
       b"Sec-WebSocket-Protocol: ws\r\n\r\n")

def wait_eof(s, t0):
    s.settimeout(0.2)
    while time.monotonic() - t0 < CAP:
        try:
            d = s.recv(65536)
            if not d:
                return "EOF after %.1f s" % (time.monotonic() - t0)
        except socket.timeout:
            pass
        except ConnectionResetError:
            return "RST after %.1f s" % (time.monotonic() - t0)
    return "open after %.0f s" % CAP

def read_some(s, n=1):
    s.settimeout(3)
    return s.recv(65536)

def scen(port, name, out):
    s = socket.create_connection(("127.0.0.1", port))
    t0 = time.monotonic()
    if name == "silent":
        pass
    elif name == "half_head":
        s.sendall(b"GET / HTTP/1.1\r\nHost: h\r\n")
    elif name == "ws_silent":
        s.sendall(UPG); read_some(s); t0 = time.monotonic()
    elif name == "ws_close_unacked":
        s.sendall(UPG); read_some(s); s.sendall(frame(1, b"CR")); read_some(s); t0 = time.monotonic()
    elif name == "http_never_answered":
        s.sendall(b"GET /hang HTTP/1.1\r\nHost: h\r\n\r\n"); t0 = time.monotonic()
    elif name == "post_body_stalls":
        s.sendall(b"POST /post HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n0123456789"); t0 = time.monotonic()
    elif name == "post_complete_no_answer":
        s.sendall(b"POST /postnoanswer HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789"); t0 = time.monotonic()
    elif name == "response_head_only":
        s.sendall(b"GET /headonly HTTP/1.1\r\nHost: h\r\n\r\n"); t0 = time.monotonic()
    elif name == "response_streaming":
        s.sendall(b"GET /stream HTTP/1.1\r\nHost: h\r\n\r\n"); t0 = time.monotonic()
    elif name == "keepalive_idle":
        s.sendall(b"GET /ok HTTP/1.1\r\nHost: h\r\n\r\n"); read_some(s); t0 = time.monotonic()
    elif name == "keepalive_idle_404":
        s.sendall(b"GET /nope HTTP/1.1\r\nHost: h\r\n\r\n"); read_some(s); t0 = time.monotonic()
    out[name] = wait_eof(s, t0)

SCEN = ["silent", "half_head", "ws_silent", "ws_close_unacked", "http_never_answered",
        "post_body_stalls", "post_complete_no_answer", "response_head_only",
        "response_streaming", "keepalive_idle", "keepalive_idle_404"]

def run(binary, cfg, results):
    p = subprocess.Popen([binary] + cfg.split(","), stdout=subprocess.PIPE, text=True)
    port = int(p.stdout.readline().split()[1])
    out = {}
    ts = [threading.Thread(target=scen, args=(port, n, out)) for n in SCEN]
    for t in ts: t.start()
    for t in ts: t.join()
    p.terminate(); p.wait()
    results[cfg] = out

binary = sys.argv[1]
cfgs = sys.argv[2:] or ["0,0,0", "2,0,0", "0,3,0", "0,0,2"]
res = {}
ts = [threading.Thread(target=run, args=(binary, c, res)) for c in cfgs]
for t in ts: t.start()
for t in ts: t.join()
print("%-22s" % "timeout_secs,ah_idle,ka" + "".join("%-20s" % c for c in cfgs))
for n in SCEN:
    print("%-22s" % n + "".join("%-20s" % res[c].get(n, "?") for c in cfgs))
