#!/usr/bin/env python3
"""Send raw requests (one connection) to a fresh probe server; print the
response bytes (bodies over 300 bytes summarised) and the callbacks.
Usage: drive.py 'GET /x HTTP/1.1\\r\\n\\r\\n' [more requests...]
       drive.py --cases [NAMES...]   (the cases of cases.txt)
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

def cases(only):
    """Runs the cases of cases.txt (all, or the names in `only`); prints
    each response and what the server saw."""
    for line in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases.txt")):
        if line.startswith("#") or not line.strip():
            continue
        name, env, reqs = [x.strip() for x in line.split("|", 2)]
        if only and name not in only:
            continue
        saved = dict(os.environ)
        for kv in filter(None, env.split(",")):
            k, v = kv.split("=", 1)
            os.environ[k] = v.encode().decode("unicode_escape")
        rs = [r.strip().encode().decode("unicode_escape").encode("latin1") for r in reqs.split(" || ")]
        resp, out = run(rs)
        os.environ.clear()
        os.environ.update(saved)
        print(f"### {name}")
        print(show(resp))
        print(out, end="")

if __name__ == "__main__" and sys.argv[1:2] == ["--cases"]:
    cases(set(sys.argv[2:]))
elif __name__ == "__main__":
    reqs = [a.encode().decode("unicode_escape").encode("latin1") for a in sys.argv[1:]]
    resp, out = run(reqs)
    print(show(resp))
    print(out, end="")
