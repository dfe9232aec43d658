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

S = {"BODY_SPA": "1"}
def form(body, ct=b'application/x-www-form-urlencoded', cuts=()):
    h = (b'POST /p HTTP/1.1\r\nHost: a\r\nContent-Type: ' + ct + b'\r\nContent-Length: ' +
         str(len(body)).encode() + b'\r\n\r\n')
    out, last = [h], 0
    for c in cuts:
        out += [body[last:c], .1]; last = c
    out.append(body[last:])
    return out
MCT = b'multipart/form-data; boundary=----XyZ'
MP = (b'------XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello\r\n'
      b'------XyZ\r\nContent-Disposition: form-data; name="zz"\r\n\r\nignored\r\n'
      b'------XyZ\r\ncontent-disposition: form-data; name="file"; filename="t.txt"\r\n'
      b'Content-Type: text/plain\r\n\r\nfile data\r\n--not\r\nline2\r\n'
      b'------XyZ\r\nContent-Disposition: form-data; name="b"\r\n\r\nbee\r\n------XyZ--\r\n')
BIGF = (b'------XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n' +
        bytes((i * 7) % 256 for i in range(9000)) + b'\r\n------XyZ--\r\n')
CASES.update({
    "spa-urlenc": (form(b'a=hello+w%41rld&b=2&zz=9&c='), S),
    "spa-urlenc-split": (form(b'a=hel%41lo&b=x&c=last', cuts=(6, 7, 12)), S),
    "spa-urlenc-dup": (form(b'a=1&a=2&b&c=3'), S),
    "spa-urlenc-badpct": (form(b'a=%zz&b=1'), S),
    "spa-urlenc-longname": (form(b'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1&b=2'), S),
    "spa-urlenc-storage": (form(b'a=' + b'x' * 40 + b'&b=' + b'y' * 40 + b'&c=3'), {**S, "BODY_SPA_MAX": "64"}),
    "spa-urlenc-tiny": (form(b'a=0123456789&b=2'), {**S, "BODY_SPA_MAX": "8"}),
    "spa-mp": (form(MP, MCT), S),
    "spa-mp-split": (form(MP, MCT, cuts=(3, 40, 75, 160, 200, 230, 300)), S),
    "spa-mp-small": (form(MP, MCT), {**S, "BODY_SPA_MAX": "16"}),
    "spa-mp-big": (form(BIGF, MCT), S),
    "spa-mp-big-small": (form(BIGF, MCT, cuts=(100, 5000)), {**S, "BODY_SPA_MAX": "100"}),
    "spa-mp-end-early": (form(MP + b'trailing', MCT, cuts=(len(MP) - 4,)), S),
    "spa-mp-noboundary": (form(MP, b'multipart/form-data'), S),
})

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
