#!/usr/bin/env python3
"""Runs cases.txt (or the names given) through drive.run; prints all."""
import os, sys
sys.path.insert(0, os.path.dirname(__file__))
import drive
only = set(sys.argv[1:])
for line in open(os.path.join(os.path.dirname(__file__), "cases.txt")):
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
    resp, out = drive.run(rs)
    os.environ.clear(); os.environ.update(saved)
    print(f"### {name}")
    print(drive.show(resp))
    print(out, end="")
