#!/usr/bin/env python3
"""Checks the shape of every exported function (docs/architecture.md,
"Entry points").

    tools/check_entries.py [SRC_DIR]      (default: src/ next to tools/)

Every `#[unsafe(no_mangle)]` (or `#[unsafe(export_name = ..)]`) function
under SRC_DIR must be written

    #[unsafe(no_mangle)]
    pub unsafe extern "C-unwind" fn name(..) -> T {
        ffi_guard!(FAIL, { .. })          // or ffi_guard!(leaf, FAIL, { .. })
    }

i.e. its signature is `pub unsafe extern "C-unwind" fn` (a thread
cancellation must be able to unwind through it, src/cancel.rs) and its body
is exactly one `ffi_guard!(..)` (`crate::ffi_guard!` and `$crate::ffi_guard!`
are accepted), so no Rust panic reaches C and the body runs with
cancellation disabled.  The exceptions are listed in EXCEPTIONS below, each
with its reason.  A `ffi_guard!(leaf, ..)` body keeps cancellation enabled,
so it may not log, call out or call libc (LEAF_FORBIDDEN), except where
LEAF_EXCEPTIONS says why that is safe.

This is a check rather than a macro that writes the whole function because
cbindgen, which generates the headers from src/api/, does not expand macros:
a function written inside `entry! { .. }` would vanish from the headers.

Exported statics (`#[unsafe(no_mangle)] pub static ..`) are not functions
and are not checked.  Exits 1 naming file:line and function for each
violation, 0 when there is none.
"""

import os
import re
import sys

# (path relative to the source directory, function name): reason.
# A line here needs a reason that a guard cannot be added, not that it was
# not added yet.
EXCEPTIONS = {
    # The template in `c_variadic_export!` is a naked function: its body is a
    # single `jmp` to the C implementation in csrc/, it has no Rust frame of
    # its own (so nothing to guard, and a naked function cannot contain
    # anything but `naked_asm!`), and it must be `extern "C"` (naked
    # functions take no unwind ABI; the jump leaves the C function's frame
    # as the caller's, so a cancellation unwinds through C only).
    ("ffi.rs", "$exported"): "naked variadic trampoline (c_variadic_export!): one jmp into csrc/, no Rust frame",
}

# What a `ffi_guard!(leaf, ..)` body must not contain: a leaf guard leaves
# cancellation enabled, so its body may run no cancellation point (a log
# line writes to stderr), no application code (`call_out`, the log
# emitter) and no libc call unless it is known not to be one.
LEAF_FORBIDDEN = ("lwsl_", "log::log_str", "log::log_bytes", "call_out(", "libc::")

# (path relative to the source directory, function name): reason a leaf
# body may contain one of LEAF_FORBIDDEN anyway.
LEAF_EXCEPTIONS = {
    ("api/misc/time.rs", "lws_now_secs"): "libc::gettimeofday is no cancellation point (POSIX 2.9.5) and logs nothing",
    ("api/protocols_plugins.rs", "lws_protocol_vh_priv_get"): "its one log line runs under its own cancel::Entry",
}

SIGNATURE = 'pub unsafe extern "C-unwind" fn'
GUARDS = ("ffi_guard!(", "crate::ffi_guard!(", "$crate::ffi_guard!(", "::ffi_guard!(")


class Scanner:
    """Skips Rust comments, string, char and raw-string literals."""

    def __init__(self, text):
        self.t = text
        self.n = len(text)

    def skip_ws_comments(self, i):
        t = self.t
        while i < self.n:
            if t[i].isspace():
                i += 1
            elif t.startswith("//", i):
                j = t.find("\n", i)
                i = self.n if j < 0 else j + 1
            elif t.startswith("/*", i):
                depth = 0
                while i < self.n:
                    if t.startswith("/*", i):
                        depth += 1
                        i += 2
                    elif t.startswith("*/", i):
                        depth -= 1
                        i += 2
                        if depth == 0:
                            break
                    else:
                        i += 1
            else:
                break
        return i

    def skip_literal(self, i):
        """If a literal or comment starts at i, returns the index after it,
        else None."""
        t = self.t
        m = re.compile(r'(?:b|c)?r(#*)"').match(t, i)
        if m and (i == 0 or not (t[i - 1].isalnum() or t[i - 1] == "_")):
            end = '"' + m.group(1)
            j = t.find(end, m.end())
            return self.n if j < 0 else j + len(end)
        c = t[i]
        if c == '"' or (c in "bc" and t.startswith('"', i + 1) and (i == 0 or not (t[i - 1].isalnum() or t[i - 1] == "_"))):
            j = i + 1 if c == '"' else i + 2
            while j < self.n:
                if t[j] == "\\":
                    j += 2
                elif t[j] == '"':
                    return j + 1
                else:
                    j += 1
            return self.n
        if c == "'" or (c == "b" and t.startswith("'", i + 1) and (i == 0 or not (t[i - 1].isalnum() or t[i - 1] == "_"))):
            j = i + 1 if c == "'" else i + 2
            # A char literal ('a', '\n', '\u{..}', '\''), not a lifetime ('a).
            m = re.compile(r"(?:\\u\{[0-9a-fA-F]+\}|\\x[0-9a-fA-F]{2}|\\.|[^\\'])'").match(t, j)
            if m:
                return m.end()
            return None
        if t.startswith("//", i) or t.startswith("/*", i):
            return self.skip_ws_comments(i)
        return None

    def matching(self, i):
        """t[i] is an opening bracket; returns the index of its match."""
        t = self.t
        pairs = {"(": ")", "[": "]", "{": "}"}
        stack = [pairs[t[i]]]
        i += 1
        while i < self.n:
            j = self.skip_literal(i)
            if j is not None:
                i = j
                continue
            c = t[i]
            if c in pairs:
                stack.append(pairs[c])
            elif c in ")]}":
                if not stack or stack[-1] != c:
                    return -1
                stack.pop()
                if not stack:
                    return i
            i += 1
        return -1


def line_of(text, i):
    return text.count("\n", 0, i) + 1


def check_file(path, rel, problems, seen_exceptions):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    sc = Scanner(text)
    count = 0
    for m in re.finditer(r"#\[unsafe\((?:no_mangle|export_name\s*=[^\]]*)\)\]", text):
        # Skip a commented-out attribute.
        ls = text.rfind("\n", 0, m.start()) + 1
        if "//" in text[ls:m.start()]:
            continue
        i = m.end()
        # Further attributes and comments before the item.
        while True:
            i = sc.skip_ws_comments(i)
            if text.startswith("#[", i):
                e = sc.matching(i + 1)
                if e < 0:
                    break
                i = e + 1
            else:
                break
        head_end = text.find("\n", i)
        head = text[i:head_end]
        if re.match(r"(pub(\([^)]*\))?\s+)?static\b", head):
            continue
        fm = re.compile(r"(?P<quals>[^{;]*?)\bfn\s+(?P<name>\$?[A-Za-z_][A-Za-z0-9_]*)").match(text, i)
        line = line_of(text, i)
        if not fm:
            problems.append(f"{rel}:{line}: #[unsafe(no_mangle)] item is neither a fn nor a static: {head.strip()}")
            continue
        name = fm.group("name")
        count += 1
        key = (rel, name)
        if key in EXCEPTIONS:
            seen_exceptions.add(key)
            continue
        where = f"{rel}:{line}: {name}"
        quals = " ".join(fm.group("quals").split())
        if quals + " fn" != SIGNATURE:
            problems.append(f"{where}: signature is `{quals} fn`, must be `{SIGNATURE}`")
        # The body: the first `{` after the parameter list at bracket depth 0.
        j = fm.end()
        j = sc.skip_ws_comments(j)
        if text.startswith("<", j):  # generics (none today; no braces in them)
            depth = 0
            while j < sc.n:
                if text[j] == "<":
                    depth += 1
                elif text[j] == ">":
                    depth -= 1
                    if depth == 0:
                        j += 1
                        break
                j += 1
            j = sc.skip_ws_comments(j)
        if not text.startswith("(", j):
            problems.append(f"{where}: cannot find the parameter list")
            continue
        j = sc.matching(j)
        if j < 0:
            problems.append(f"{where}: unbalanced parameter list")
            continue
        j += 1
        while j < sc.n and text[j] != "{":
            k = sc.skip_literal(j)
            if k is not None:
                j = k
                continue
            if text[j] in "([":
                j = sc.matching(j) + 1
                if j <= 0:
                    break
                continue
            if text[j] == ";":
                break
            j += 1
        if j >= sc.n or text[j] != "{":
            problems.append(f"{where}: cannot find the body")
            continue
        body_open = j
        body_close = sc.matching(body_open)
        if body_close < 0:
            problems.append(f"{where}: unbalanced body")
            continue
        k = sc.skip_ws_comments(body_open + 1)
        guard = next((g for g in GUARDS if text.startswith(g, k)), None)
        if guard is None:
            first = text[k:text.find("\n", k)].strip()
            problems.append(f"{where}: body does not start with `ffi_guard!(` (starts with `{first}`)")
            continue
        p = k + len(guard) - 1
        e = sc.matching(p)
        if e < 0:
            problems.append(f"{where}: unbalanced ffi_guard!(..)")
            continue
        if text.startswith("leaf", sc.skip_ws_comments(p + 1)):
            body = text[p:e]
            bad = [w for w in LEAF_FORBIDDEN if w in body]
            if bad:
                if key in LEAF_EXCEPTIONS:
                    seen_exceptions.add(("leaf",) + key)
                else:
                    problems.append(
                        f"{where}: a leaf guard's body uses {', '.join(bad)}: use a full ffi_guard! "
                        "(or list the export in LEAF_EXCEPTIONS with the reason it is safe)"
                    )
        rest = sc.skip_ws_comments(e + 1)
        if text.startswith(";", rest):
            rest = sc.skip_ws_comments(rest + 1)
        if rest != body_close:
            problems.append(
                f"{where}: the body must be exactly one ffi_guard!(..); "
                f"code follows it at line {line_of(text, rest)}"
            )
    return count


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "src")
    src = os.path.normpath(src)
    problems = []
    seen = set()
    total = 0
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        for fn in sorted(filenames):
            if not fn.endswith(".rs"):
                continue
            path = os.path.join(dirpath, fn)
            rel = os.path.relpath(path, src)
            total += check_file(path, rel, problems, seen)
    for key in sorted(set(LEAF_EXCEPTIONS) - {k[1:] for k in seen if k[0] == "leaf"}):
        problems.append(f"{key[0]}: leaf exception for `{key[1]}` matches no leaf body using one: remove it from {os.path.relpath(__file__)}")
    seen = {k for k in seen if k[0] != "leaf"}
    for key in sorted(set(EXCEPTIONS) - seen):
        problems.append(f"{key[0]}: exception for `{key[1]}` matches no export any more: remove it from {os.path.relpath(__file__)}")
    shown = os.path.relpath(src)
    for p in problems:
        print(os.path.join(shown, p), file=sys.stderr)
    if problems:
        print(
            f"check_entries: {len(problems)} problem(s) in {total} exported functions; "
            "see docs/architecture.md, \"Entry points\"",
            file=sys.stderr,
        )
        return 1
    print(f"check_entries: {total} exported functions, all `{SIGNATURE}` with one ffi_guard!(..) body "
          f"({len(EXCEPTIONS)} listed exception(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
