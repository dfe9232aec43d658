#!/usr/bin/env python3
"""Run many probes in parallel: batch.py CASEFILE, where CASEFILE holds one
Python tuple per line: (name, request_bytes[, srvargs[, env]])."""
import sys, ast
from concurrent.futures import ThreadPoolExecutor
from drive import probe
cases = [ast.literal_eval(l) for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
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
