#!/usr/bin/env python3
"""The dependency rule of the crate's layers (docs/architecture.md,
"Layers"), as far as it holds today: each rule names the modules of a layer
and the crate roots they may use (`crate::<root>` or `super::` out of the
layer).  Exit 1, naming file:line, on a reference outside them.

The C ABI (`src/abi`: every repr(C) type, constant and alias of the C API)
is the leaf: it names nothing of the crate but the opaque handles it
points to.

The socket-free protocol modules (h1, ws, http, pmd) must not reach the core,
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
    # the C ABI: uses only itself, the opaque handle types the core
    # implements (checked below: only lws, lws_context, lws_vhost) and
    # ffi's opaque OpenSSL types
    ("the C-ABI leaf", ["src/abi"], {"abi", "core", "ffi"}),
    ("socket-free protocol code", ["src/h1", "src/ws", "src/http", "src/pmd"],
     {"h1", "ws", "http", "pmd", "abi", "log"} | LOG_MACROS),
]

# what of core and ffi the abi leaf may name: the handles it points to
ABI_CORE = re.compile(r"\bcrate::core::(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")
ABI_CORE_OK = {"lws", "lws_context", "lws_vhost"}
ABI_FFI = re.compile(r"\bcrate::ffi::(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")
ABI_FFI_OK = {"SSL_CTX", "SSL", "X509"}


def check_abi_handles():
    bad = 0
    for rel, n, line, code in rust_lines(["src/abi"]):
        for pat, ok in ((ABI_CORE, ABI_CORE_OK), (ABI_FFI, ABI_FFI_OK)):
            for m in pat.finditer(code):
                for r in roots(m.group(1)):
                    if r not in ok:
                        print(f"{rel}:{n}: the C-ABI leaf names {r}, not an opaque handle: {line.strip()}")
                        bad += 1
    return bad

CRATE_PATH = re.compile(r"\bcrate::(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")


def roots(ref):
    """The crate roots a `crate::` path names (a `{a, b::c}` group gives each)."""
    if ref.startswith("{"):
        return [p.strip().split("::")[0] for p in ref[1:-1].split(",") if p.strip()]
    return [ref]


def strip_comments(line):
    i = line.find("//")
    return line if i < 0 else line[:i]


def rust_lines(paths, with_tests=True):
    """(relative path, line number, line, code without comments) of every
    line of the .rs files under `paths` (directories or files), in order.
    Without `with_tests`, a file's unit tests are skipped: a `tests.rs`,
    and what follows a column-0 `#[cfg(test)]`."""
    files = []
    for p in paths:
        full = os.path.join(ROOT, p)
        if os.path.isfile(full):
            files.append(full)
        for dirpath, dirs, fs in os.walk(full):
            dirs.sort()
            files += [os.path.join(dirpath, f) for f in sorted(fs) if f.endswith(".rs")]
    for path in files:
        rel = os.path.relpath(path, ROOT)
        if not with_tests and os.path.basename(path) == "tests.rs":
            continue
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not with_tests and line.startswith("#[cfg(test)]"):
                    break
                yield rel, n, line, strip_comments(line)


INVOKER = "src/core/wsi.rs"
# (pattern, files where it may appear, what it is)
INVOKER_RULES = [
    (re.compile(r"\.callback\b(?!\.(map\(\|f\| f as usize\)|is_none\(\)|is_some\(\)))"),
     {INVOKER, "src/api/lejp.rs"}, "reads a protocol's callback (call it through core::wsi::call_protocol_raw)"),
    (re.compile(r"\bInCb::new\b"), {INVOKER}, "counts a callback in in_cb outside the invoker"),
    (re.compile(r"\bin_cb\.set\("), {"src/core/conn/mod.rs"}, "changes in_cb outside InCb"),
]

# the API layer asks the core to change a connection; it does not write
# the connection's state itself
API_WRITES_CONN = re.compile(r"\.c\.[a-z_]+\.(set|replace|take|borrow_mut)\(")
# a connection's transport is reached through conn::network_wsi (an HTTP/2
# stream has none of its own): the API layer asks conn (socket_fd, ...)
API_READS_TRANSPORT = re.compile(r"\.c\.t\.")


def check_invoker():
    bad = 0
    for rel, n, line, code in rust_lines(["src"]):
        for pat, where, what in INVOKER_RULES:
            if rel not in where and pat.search(code):
                print(f"{rel}:{n}: {what}: {line.strip()}")
                bad += 1
    return bad


# Layers below the exported functions: nothing of them uses the API layer
# (`crate::api`), whose functions sit on top; their unit tests may (a
# `tests.rs` file, or what follows a column-0 `#[cfg(test)]`).
BELOW_API = ["src/core", "src/tls", "src/h1", "src/ws", "src/http", "src/abi",
             "src/log.rs", "src/cancel.rs", "src/buflist.rs", "src/dll2.rs", "src/ffi.rs"]


def check_below_api():
    bad = 0
    for rel, n, line, code in rust_lines(BELOW_API, with_tests=False):
        for m in CRATE_PATH.finditer(code):
            if "api" in roots(m.group(1)):
                print(f"{rel}:{n}: uses the API layer (crate::api), which nothing below it may: {line.strip()}")
                bad += 1
    return bad


def check_api_writes():
    bad = 0
    for rel, n, line, code in rust_lines(["src/api"], with_tests=False):
        if API_WRITES_CONN.search(code):
            print(f"{rel}:{n}: the API layer writes connection state (ask core::conn): {line.strip()}")
            bad += 1
        if API_READS_TRANSPORT.search(code):
            print(f"{rel}:{n}: the API layer reads a transport field (ask core::conn, which goes through network_wsi): {line.strip()}")
            bad += 1
    return bad


def main():
    bad = check_invoker() + check_abi_handles() + check_below_api() + check_api_writes()
    for name, dirs, allowed in RULES:
        layer_roots = {os.path.basename(d) for d in dirs}
        for rel, n, line, code in rust_lines(dirs):
            refs = [r for m in CRATE_PATH.finditer(code) for r in roots(m.group(1))]
            # super:: in a layer's top module (src/h1/mod.rs) is the crate
            # root: treat it as crate::
            if os.path.basename(rel) == "mod.rs" and os.path.dirname(rel) in dirs:
                refs += re.findall(r"\bsuper::([A-Za-z_][A-Za-z0-9_]*)", code)
            for r in refs:
                if r not in allowed:
                    print(f"{rel}:{n}: {name} ({', '.join(sorted(layer_roots))}) uses crate::{r}: {line.strip()}")
                    bad += 1
    if bad:
        print(f"check_layers: {bad} reference(s) against the layer rules", file=sys.stderr)
        return 1
    print("check_layers: the layer rules (abi leaf, socket-free protocol code, nothing below the API layer uses it) and the one-invoker rule hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
