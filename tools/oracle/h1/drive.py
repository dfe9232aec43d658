#!/usr/bin/env python3
"""Send one raw request to a fresh oracle server and print the response
bytes and what the server's callback saw.
Usage: drive.py 'GET / HTTP/1.1\r\nHost: a\r\n\r\n' [srvargs...]
       drive.py --batch CASEFILE   (many probes in parallel, see batch())
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

def batch(casefile):
    """Runs many probes in parallel: CASEFILE holds one Python tuple per
    line, (name, request_bytes[, srvargs[, env]])."""
    import ast
    from concurrent.futures import ThreadPoolExecutor
    cases = [ast.literal_eval(l) for l in open(casefile) if l.strip() and not l.startswith("#")]

    def run(c):
        name, req = c[0], c[1]
        args = c[2] if len(c) > 2 else ()
        env = c[3] if len(c) > 3 else {}
        return name, req, probe(req, args, env, wait=0.4)
    with ThreadPoolExecutor(8) as ex:
        for name, req, (resp, out) in ex.map(run, cases):
            print("##", name, repr(req))
            print("RESPONSE:", repr(resp))
            print(out, end="")

if __name__ == "__main__" and sys.argv[1:2] == ["--batch"]:
    batch(sys.argv[2])
elif __name__ == "__main__":
    req = eval("b'''" + sys.argv[1] + "'''")
    env = {}
    if os.environ.get("H1_CUSTOM"): env["H1_CUSTOM"] = os.environ["H1_CUSTOM"]
    resp, out = probe(req, sys.argv[2:], env)
    print("RESPONSE:", repr(resp))
    print(out, end="")
