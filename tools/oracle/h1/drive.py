#!/usr/bin/env python3
"""Send one raw request to a fresh oracle server and print the response
bytes and what the server's callback saw.
Usage: drive.py 'GET / HTTP/1.1\r\nHost: a\r\n\r\n' [srvargs...]
The request is a Python string literal body (escapes allowed)."""
import os, socket, subprocess, sys, time, random

def probe(req: bytes, srvargs=(), env=None, chunk=None, wait=0.6):
    for _ in range(5):
        try:
            return probe1(req, srvargs, env, chunk, wait)
        except ConnectionRefusedError:
            pass
    return b"<REFUSED>", ""

def probe1(req, srvargs, env, chunk, wait):
    port = random.randint(20000, 60000)
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.Popen(["/tmp/h1srv", str(port), *map(str, srvargs)],
                         stdout=subprocess.PIPE, env=e)
    p.stdout.readline()
    s = socket.create_connection(("127.0.0.1", port))
    if chunk:
        for i in range(0, len(req), chunk):
            s.sendall(req[i:i + chunk]); time.sleep(0.01)
    else:
        s.sendall(req)
    s.settimeout(wait)
    resp = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                resp += b"<EOF>"
                break
            resp += d
    except socket.timeout:
        resp += b"<TIMEOUT>"
    s.close()
    time.sleep(0.05)
    p.terminate()
    out = p.communicate()[0].decode("latin1")
    return resp, out

if __name__ == "__main__":
    req = eval("b'''" + sys.argv[1] + "'''")
    env = {}
    if os.environ.get("H1_CUSTOM"): env["H1_CUSTOM"] = os.environ["H1_CUSTOM"]
    resp, out = probe(req, sys.argv[2:], env)
    print("RESPONSE:", repr(resp))
    print(out, end="")
