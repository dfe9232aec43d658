#!/usr/bin/env python3
"""Send raw pieces (with pauses) to a fresh body-probe server, print the
response bytes and what the callbacks saw.
Usage: bdrive.py [--srv /tmp/h1body] [--env K=V]... [--wait S] PIECE...
Each PIECE is a Python bytes-literal body; a PIECE of the form @0.3 pauses."""
import os, socket, subprocess, sys, time, random

def run(pieces, srv="/tmp/h1body", env=None, wait=0.6, srvargs=()):
    for _ in range(5):
        try:
            return run1(pieces, srv, env, wait, srvargs)
        except ConnectionRefusedError:
            pass
    return b"<REFUSED>", ""

def run1(pieces, srv, env, wait, srvargs):
    port = random.randint(20000, 60000)
    e = dict(os.environ); e.update(env or {})
    p = subprocess.Popen([srv, str(port), *srvargs], stdout=subprocess.PIPE, env=e)
    p.stdout.readline()
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    resp = b""
    s.settimeout(0.05)
    for pc in pieces:
        if isinstance(pc, float):
            t = time.time() + pc
            while time.time() < t:
                try:
                    d = s.recv(65536)
                    if not d: break
                    resp += d
                except socket.timeout: pass
                except OSError: break
            continue
        try: s.sendall(pc)
        except OSError as ex: resp += b"<SENDERR>"
        time.sleep(0.02)
    s.settimeout(wait)
    try:
        while True:
            d = s.recv(65536)
            if not d:
                resp += b"<EOF>"; break
            resp += d
    except socket.timeout:
        resp += b"<TIMEOUT>"
    except OSError:
        resp += b"<RESET>"
    s.close(); time.sleep(float(os.environ.get("BD_LINGER", "0.05"))); p.terminate()
    return resp, p.communicate()[0].decode("latin1")

if __name__ == "__main__":
    a = sys.argv[1:]; srv = "/tmp/h1body"; env = {}; wait = 0.6; sargs = []
    pieces = []
    while a:
        x = a.pop(0)
        if x == "--srv": srv = a.pop(0)
        elif x == "--env": k, v = a.pop(0).split("=", 1); env[k] = v
        elif x == "--wait": wait = float(a.pop(0))
        elif x == "--arg": sargs.append(a.pop(0))
        elif x.startswith("@"): pieces.append(float(x[1:]))
        else: pieces.append(eval("b'''" + x + "'''"))
    r, out = run(pieces, srv, env, wait, sargs)
    print("RESPONSE:", repr(r)); print(out, end="")
