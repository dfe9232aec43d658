#!/usr/bin/env python3
"""The dependency rule of the crate's layers (docs/architecture.md,
"Layers"), as far as it holds today: each rule names the modules of a layer
and the crate roots they may use (`crate::<root>` or `super::` out of the
layer).  Exit 1, naming file:line, on a reference outside them.

The socket-free protocol modules (h1, ws, http) must not reach the core,
the API layer or TLS: they take bytes and give events, and are tested and
fuzzed without a socket.  Rules for the other layers join this list as the
back-references of the core to the API layer are removed (issue 12).

Also the one callback invoker: only `core::wsi::call_protocol_raw` reads a
protocol's `callback` to call it (elsewhere it may only be compared or
tested for NULL), and only it counts a connection's callbacks in `in_cb`
(through `conn::InCb`, whose own impl is the other place that touches the
count), so that no path calls C without the count that keeps its wsi
allocated.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

LOG_MACROS = {"lwsl_err", "lwsl_warn", "lwsl_notice", "lwsl_info", "lwsl_debug",
              "lwsl_user", "lwsl_parser", "lwsl_header", "lwsl_ext", "lwsl_client",
              "lwsl_latency", "lwsl_thread"}

RULES = [
    ("socket-free protocol code", ["src/h1", "src/ws", "src/http"],
     {"h1", "ws", "http", "log"} | LOG_MACROS),
]

CRATE_PATH = re.compile(r"\bcrate::(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")


def roots(ref):
    """The crate roots a `crate::` path names (a `{a, b::c}` group gives each)."""
    if ref.startswith("{"):
        return [p.strip().split("::")[0] for p in ref[1:-1].split(",") if p.strip()]
    return [ref]


def strip_comments(line):
    i = line.find("//")
    return line if i < 0 else line[:i]


INVOKER = "src/core/wsi.rs"
# (pattern, files where it may appear, what it is)
INVOKER_RULES = [
    (re.compile(r"\.callback\b(?!\.(map\(\|f\| f as usize\)|is_none\(\)|is_some\(\)))"),
     {INVOKER, "src/api/lejp.rs"}, "reads a protocol's callback (call it through core::wsi::call_protocol_raw)"),
    (re.compile(r"\bInCb::new\b"), {INVOKER}, "counts a callback in in_cb outside the invoker"),
    (re.compile(r"\bin_cb\.set\("), {"src/core/conn/mod.rs"}, "changes in_cb outside InCb"),
]


def check_invoker():
    bad = 0
    for dirpath, _, files in os.walk(os.path.join(ROOT, "src")):
        for f in sorted(files):
            if not f.endswith(".rs"):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, ROOT)
            with open(path, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    code = strip_comments(line)
                    for pat, where, what in INVOKER_RULES:
                        if rel not in where and pat.search(code):
                            print(f"{rel}:{n}: {what}: {line.strip()}")
                            bad += 1
    return bad


def main():
    bad = check_invoker()
    for name, dirs, allowed in RULES:
        layer_roots = {os.path.basename(d) for d in dirs}
        for d in dirs:
            for dirpath, _, files in os.walk(os.path.join(ROOT, d)):
                for f in sorted(files):
                    if not f.endswith(".rs"):
                        continue
                    path = os.path.join(dirpath, f)
                    rel = os.path.relpath(path, ROOT)
                    # super:: in a layer's top module (src/h1/mod.rs) is the
                    # crate root: treat it as crate::
                    top = f == "mod.rs" and os.path.dirname(rel) in dirs
                    with open(path, encoding="utf-8") as fh:
                        for n, line in enumerate(fh, 1):
                            code = strip_comments(line)
                            refs = [r for m in CRATE_PATH.finditer(code) for r in roots(m.group(1))]
                            if top:
                                refs += re.findall(r"\bsuper::([A-Za-z_][A-Za-z0-9_]*)", code)
                            for r in refs:
                                if r not in allowed:
                                    print(f"{rel}:{n}: {name} ({', '.join(sorted(layer_roots))}) "
                                          f"uses crate::{r}: {line.strip()}")
                                    bad += 1
    if bad:
        print(f"check_layers: {bad} reference(s) against the layer rules", file=sys.stderr)
        return 1
    print("check_layers: the layer rules and the one-invoker rule hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
