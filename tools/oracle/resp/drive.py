#!/usr/bin/env python3
"""Send raw requests (one connection) to a fresh probe server; print the
response bytes (bodies over 300 bytes summarised) and the callbacks.
Usage: drive.py 'GET /x HTTP/1.1\\r\\n\\r\\n' [more requests...]
Env: SRV (default /tmp/respsrv), LIBDIR (run with LD_LIBRARY_PATH),
WWW (default /tmp/cresp-www), plus the server's own env knobs."""
import os, socket, subprocess, sys, time, random, re

def run(reqs, wait=0.8):
    port = random.randint(20000, 60000)
    e = dict(os.environ)
    if os.environ.get("LIBDIR"):
        e["LD_LIBRARY_PATH"] = os.environ["LIBDIR"]
    p = subprocess.Popen([os.environ.get("SRV", "/tmp/respsrv"), str(port),
                          os.environ.get("WWW", "/tmp/cresp-www")],
                         stdout=subprocess.PIPE, env=e)
    if not p.stdout.readline():
        return run(reqs, wait)
    s = socket.create_connection(("127.0.0.1", port))
    resp = b""
    for r in reqs:
        s.sendall(r)
        s.settimeout(wait)
        try:
            while True:
                d = s.recv(1 << 20)
                if not d:
                    resp += b"<EOF>"
                    break
                resp += d
        except socket.timeout:
            resp += b"<TIMEOUT>"
        if resp.endswith(b"<EOF>"):
            break
    s.close()
    time.sleep(0.1)
    p.terminate()
    out = p.stdout.read().decode(errors="replace")
    return resp, out

def show(resp):
    resp = re.sub(rb"(?i)date: [^\r]*\r\n", b"date: X\r\n", resp)
    if len(resp) > 1500:
        import hashlib
        return repr(resp[:700]) + f" ...[{len(resp)} bytes md5 {hashlib.md5(resp).hexdigest()}]"
    return repr(resp)

if __name__ == "__main__":
    reqs = [a.encode().decode("unicode_escape").encode("latin1") for a in sys.argv[1:]]
    resp, out = run(reqs)
    print(show(resp))
    print(out, end="")
