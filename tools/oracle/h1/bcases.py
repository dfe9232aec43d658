#!/usr/bin/env python3
"""Body/form cases run on the oracle and (with OURS=dir) on a library in
that dir; prints DIFF for each case whose output differs.
Usage: bcases.py [filter]"""
import os, sys
sys.path.insert(0, os.path.dirname(__file__))
from bdrive import run

H = b'POST /p HTTP/1.1\r\nHost: a\r\n'
G = b'GET /x HTTP/1.1\r\n\r\n'
W = {"BODY_WAITALL": "1"}
A = {"BODY_ANSWER": "1"}
BIG = bytes((i % 26) + 97 for i in range(10000))
CASES = {
    "cl5": ([H + b'Content-Length: 5\r\n\r\nhello'], {}),
    "cl10-split": ([H + b'Content-Length: 10\r\n\r\nhel', .2, b'lo', .2, b'world'], {}),
    "pipelined-after-body": ([H + b'Content-Length: 5\r\n\r\nhello' + G + G], {}),
    "later-get": ([H + b'Content-Length: 5\r\n\r\nhello', .2, G], {}),
    "big-one-write": ([H + b'Content-Length: 10000\r\n\r\n' + BIG], {}),
    "big-after-head": ([H + b'Content-Length: 10000\r\n\r\n', .1, BIG], {}),
    "chunked": ([H + b'Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n'], {}),
    "nocl": ([H + b'\r\nhello', .2, G], {}),
    "nocl-answered": ([H + b'\r\nhello', .2, G], A),
    "expect100": ([H + b'Content-Length: 5\r\nExpect: 100-continue\r\n\r\n', .2, b'hello'], {}),
    "longer-than-cl": ([H + b'Content-Length: 5\r\n\r\nhelloXYZ\r\n\r\n'], {}),
    "answered-skip": ([H + b'Content-Length: 5\r\n\r\nhello' + G], A),
    "answered-skip-later": ([H + b'Content-Length: 10\r\n\r\nhello', .2, b'world', .2, G], A),
    "get-cl0": ([b'GET /p HTTP/1.1\r\nContent-Length: 0\r\n\r\n'], W),
    "get-cl5": ([b'GET /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello'], W),
    "delete-nocl": ([b'DELETE /p HTTP/1.1\r\n\r\n', .2, G], A),
    "put-nocl": ([b'PUT /p HTTP/1.1\r\n\r\nhello', .2, G], A),
    "cl-abc": ([H + b'Content-Length: abc\r\n\r\nhello'], {}),
    "cl-neg": ([H + b'Content-Length: -5\r\n\r\nhello'], {}),
    "cl-huge": ([H + b'Content-Length: 99999999999999\r\n\r\nhello'], {}),
    "cl-twice": ([H + b'Content-Length: 3\r\nContent-Length: 5\r\n\r\nhello'], {}),
    "cl0": ([H + b'Content-Length: 0\r\n\r\n' + G], {}),
    "get-get-404": ([G + G], {"BODY_404": "1"}),
    "get-get": ([G + G], {}),
}

def main():
    flt = sys.argv[1] if len(sys.argv) > 1 else ""
    ours = os.environ.get("OURS")
    for name, (pieces, env) in CASES.items():
        if flt not in name:
            continue
        r1, o1 = run(pieces, env=env)
        if not ours:
            print("==", name); print(repr(r1)); print(o1); continue
        e2 = dict(env); e2["LD_LIBRARY_PATH"] = ours
        r2, o2 = run(pieces, env=e2)
        if (r1, o1) == (r2, o2):
            print("same", name)
        else:
            print("DIFF", name); print(" oracle:", repr(r1)[:300]); print(o1); print(" ours:  ", repr(r2)[:300]); print(o2)

if __name__ == "__main__":
    main()
