#!/usr/bin/env python3
"""ABI fact generator for the libwebsockets header trees.

Reads a libwebsockets header tree (the directory holding libwebsockets.h,
lws_config.h and libwebsockets/) through clang's JSON AST and the
preprocessor's -dD output, and either

  program  writes a C program that prints one line per ABI fact (struct and
           union sizes, alignments, field offsets and sizes, bitfield bit
           patterns, typedef sizes, enumerator values, integer and string
           macro values).  Every candidate line is compiled against the tree
           it was generated from; lines that do not compile there (incomplete
           types, macros that are not integer constant expressions...) are
           dropped, so the program compiles cleanly against that tree.

  names    prints the names the tree declares, with the sub-header that
           declares them (used by check.sh for the coverage check).

  run      compiles a generated program with extra compiler flags (e.g.
           against another header tree), replacing every line that fails to
           compile by a "<key> <compile error>" line, runs it and prints its
           sorted output.

Only declarations located in the tree's own libwebsockets files count:
<inc>/libwebsockets.h, <inc>/lws_config.h and <inc>/libwebsockets/**.

Requirements: python3 (stdlib only), clang (for -ast-dump=json), a C
compiler ($CC, default cc).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

CC = os.environ.get("CC", "cc")
CLANG = os.environ.get("CLANG", "clang")


def die(msg):
    sys.stderr.write("gen.py: error: %s\n" % msg)
    sys.exit(2)


def note(msg):
    sys.stderr.write("gen.py: %s\n" % msg)


# --------------------------------------------------------------------------
# Which files belong to the tree


class Tree:
    def __init__(self, inc):
        self.inc = os.path.realpath(inc)
        if not os.path.isfile(os.path.join(self.inc, "libwebsockets.h")):
            die("%s has no libwebsockets.h" % self.inc)
        self._cache = {}

    def rel(self, path):
        """Path relative to the tree if the file is one of its lws files,
        else None."""
        if path is None:
            return None
        r = self._cache.get(path)
        if r is not None or path in self._cache:
            return r
        real = os.path.realpath(path)
        r = None
        if real.startswith(self.inc + os.sep):
            rel = real[len(self.inc) + 1:]
            if rel in ("libwebsockets.h", "lws_config.h") or \
                    rel.startswith("libwebsockets" + os.sep):
                r = rel
        self._cache[path] = r
        return r

    def cflags(self):
        # /usr/include is searched anyway; adding it with -I would demote it
        # from a system directory and change warnings, so leave it out.
        if self.inc == "/usr/include":
            return []
        return ["-I", self.inc]


# --------------------------------------------------------------------------
# clang JSON AST


def clang_ast(tree):
    if shutil.which(CLANG) is None:
        die("clang not found (apt-get install clang); set $CLANG to override")
    cmd = [CLANG, "-x", "c", "-std=gnu11", "-Xclang", "-ast-dump=json",
           "-fsyntax-only", "-w"] + tree.cflags() + ["-"]
    p = subprocess.run(cmd, input=b"#include <libwebsockets.h>\n",
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        die("clang failed to parse <libwebsockets.h> from %s:\n%s" %
            (tree.inc, p.stderr.decode(errors="replace")[-4000:]))
    return json.loads(p.stdout)


class LocTracker:
    """clang's JSON dumper writes a location's "file" only when it differs
    from the previously written one, so the file of a node is known only by
    walking the dump in document order."""

    def __init__(self):
        self.last = None

    def bare(self, loc):
        if "file" in loc:
            self.last = loc["file"]

    def loc(self, loc):
        """Processes a "loc" object; returns the file of its expansion
        location."""
        if not loc:
            return None
        if "spellingLoc" in loc or "expansionLoc" in loc:
            if "spellingLoc" in loc:
                self.bare(loc["spellingLoc"])
            if "expansionLoc" in loc:
                self.bare(loc["expansionLoc"])
            return self.last
        self.bare(loc)
        return self.last

    def rng(self, r):
        for k in ("begin", "end"):
            if k in r:
                self.loc(r[k])


def strip_quals(t):
    t = t.strip()
    while True:
        m = re.match(r"^(const|volatile|restrict)\s+(.*)$", t)
        if not m:
            break
        t = m.group(2)
    return t


ARRAY_RE = re.compile(r"^(.*?)\s*((?:\[\d*\])+)$")


class Model:
    def __init__(self):
        self.records = {}      # id -> record dict
        self.typedefs = []     # dicts: name, file, target(type dict), rec_id
        self.enums = []        # dicts: name (or None), file, consts[(n, v)]
        self.tag_index = {}    # "struct x" -> record id (definition)


def build_model(tree, ast):
    m = Model()
    tr = LocTracker()

    def record_from(node, file, parent_name):
        rec = {
            "id": node["id"],
            "tag": node.get("tagUsed", "struct"),
            "name": node.get("name"),
            "file": file,
            "members": [],   # list of member dicts
        }
        last_anon = None
        for c in node.get("inner", []):
            cfile = tr.loc(c.get("loc", {}))
            tr.rng(c.get("range", {}))
            k = c.get("kind")
            if k == "RecordDecl":
                if c.get("completeDefinition"):
                    sub = record_from(c, cfile, rec["name"])
                    if sub["name"]:
                        # a named struct defined inside another one is a
                        # file-scope tag in C
                        if tree.rel(cfile):
                            sub["rel"] = tree.rel(cfile)
                            m.records[sub["id"]] = sub
                            m.tag_index["%s %s" % (sub["tag"], sub["name"])] = sub["id"]
                    else:
                        last_anon = sub
                else:
                    walk_children(c)
            elif k == "FieldDecl":
                ty = c.get("type", {})
                qt = ty.get("qualType", "")
                dq = ty.get("desugaredQualType", qt)
                mem = {"name": c.get("name"), "qt": qt, "dq": dq,
                       "bitfield": bool(c.get("isBitfield")),
                       "anonrec": None}
                if ("(unnamed" in qt or "(anonymous" in qt) and last_anon:
                    mem["anonrec"] = last_anon
                walk_children(c)
                rec["members"].append(mem)
            else:
                walk_children(c)
        return rec

    def walk_children(node):
        for c in node.get("inner", []):
            tr.loc(c.get("loc", {}))
            tr.rng(c.get("range", {}))
            walk_children(c)

    anon_by_id = {}
    for node in ast.get("inner", []):
        file = tr.loc(node.get("loc", {}))
        tr.rng(node.get("range", {}))
        k = node.get("kind")
        ours = tree.rel(file)
        if k == "RecordDecl":
            if node.get("completeDefinition"):
                rec = record_from(node, file, None)
                if ours:
                    rec["rel"] = ours
                    m.records[rec["id"]] = rec
                    if rec["name"]:
                        m.tag_index["%s %s" % (rec["tag"], rec["name"])] = rec["id"]
                    else:
                        anon_by_id[rec["id"]] = rec
            else:
                walk_children(node)
                if ours and node.get("name"):
                    # forward declaration: remember the tag name exists
                    m.tag_index.setdefault("%s %s" % (node.get("tagUsed", "struct"),
                                                      node["name"]), None)
        elif k == "TypedefDecl":
            target_id = None
            owned = None

            def find_decl(n):
                nonlocal target_id, owned
                if "ownedTagDecl" in n:
                    owned = n["ownedTagDecl"].get("id")
                if n.get("kind") in ("RecordType", "EnumType") and "decl" in n \
                        and target_id is None:
                    target_id = n["decl"].get("id")
                for c in n.get("inner", []):
                    find_decl(c)
            find_decl(node)
            walk_children(node)
            if ours:
                ty = node.get("type", {})
                qt = ty.get("qualType", "")
                m.typedefs.append({
                    "name": node["name"], "rel": ours,
                    "qt": qt, "dq": ty.get("desugaredQualType", qt),
                    "rec_id": target_id, "owned": owned,
                })
        elif k == "EnumDecl":
            consts = []
            for c in node.get("inner", []):
                tr.loc(c.get("loc", {}))
                tr.rng(c.get("range", {}))
                walk_children(c)
                if c.get("kind") == "EnumConstantDecl":
                    consts.append(c["name"])
            if ours:
                m.enums.append({"name": node.get("name"), "rel": ours,
                                "consts": consts, "id": node["id"]})
        else:
            walk_children(node)
    return m


# --------------------------------------------------------------------------
# Macros, from the preprocessor's -dD output


def scan_macros(tree):
    cmd = [CC, "-E", "-dD", "-x", "c", "-std=gnu11"] + tree.cflags() + ["-"]
    p = subprocess.run(cmd, input=b"#include <libwebsockets.h>\n",
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        die("preprocessing <libwebsockets.h> from %s failed:\n%s" %
            (tree.inc, p.stderr.decode(errors="replace")[-4000:]))
    cur = None
    macros = {}   # name -> (rel, body, objectlike)
    for line in p.stdout.decode(errors="replace").splitlines():
        if line.startswith("# ") or line.startswith("#line "):
            mm = re.match(r'^#(?:line)?\s*\d+\s+"([^"]*)"', line)
            if mm:
                cur = mm.group(1)
            continue
        if line.startswith("#define "):
            mm = re.match(r"^#define ([A-Za-z_]\w*)(\(?)(.*)$", line)
            if not mm:
                continue
            name, paren, body = mm.group(1), mm.group(2), mm.group(3)
            rel = tree.rel(cur)
            if rel:
                macros[name] = (rel, body.strip(), paren == "")
            else:
                macros.pop(name, None)
        elif line.startswith("#undef "):
            macros.pop(line.split()[1], None)
    return macros


# --------------------------------------------------------------------------
# Facts


# Our headers' private namespace (include guards, internal switches): these
# are not part of the API and Debian has no counterpart.
PRIVATE_MACRO_RE = re.compile(r"^(LWS_RS_|LWS_GEN_)")


def is_arith(dq):
    t = strip_quals(dq)
    if any(ch in t for ch in "*[("):
        return False
    if t.startswith("struct ") or t.startswith("union "):
        return False
    return True


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Emitter:
    def __init__(self, model, macros):
        self.m = model
        self.macros = macros
        self.lines = []     # (key, C statement on one line)
        self.names = []     # (category, name, rel)

    def add(self, key, stmt):
        assert "\n" not in stmt
        self.lines.append((key, stmt))

    # ---- records

    def record_aliases(self):
        """record id -> list of typedef names that name it exactly."""
        al = {}
        for td in self.m.typedefs:
            t = strip_quals(td["dq"])
            mm = re.match(r"^(struct|union) (\w+)$", t)
            if mm:
                rid = self.m.tag_index.get(t)
            elif re.match(r"^(struct|union) .*\((unnamed|anonymous)[^)]*\)$", t) \
                    or t == td["name"]:
                rid = td["owned"] or td["rec_id"]
            else:
                continue
            if rid is None or rid not in self.m.records:
                continue
            al.setdefault(rid, []).append(td["name"])
        return al

    def emit_records(self):
        aliases = self.record_aliases()
        self.typedef_rec = {}
        for rid, tds in aliases.items():
            for n in tds:
                self.typedef_rec[n] = rid
        # typedef'd anonymous records are listed under the typedef's id
        seen = set()
        for rid in sorted(self.m.records, key=lambda r: (self.m.records[r].get("rel") or "", r)):
            rec = self.m.records[rid]
            rel = rec.get("rel") or rec.get("file")
            names = []
            if rec["name"]:
                names.append("%s %s" % (rec["tag"], rec["name"]))
            names += aliases.get(rid, [])
            if not names:
                continue
            for n in names:
                self.names.append(("record", n, rec.get("rel", "?")))
            # the display name: a typedef if there is one (it also works when
            # the other tree defines the struct anonymously), else the tag
            disp = aliases[rid][0] if aliases.get(rid) else names[0]
            if disp in seen:
                continue
            seen.add(disp)
            self.add(disp + " size",
                     'P("%s size %%zu align %%zu", sizeof(%s), _Alignof(%s));'
                     % (disp, disp, disp))
            for path, mem, via in self.fields(rec, ""):
                self.emit_field(disp, path, mem)
                for n in names:
                    self.names.append(("field-via" if via else "field",
                                       "%s.%s" % (n, path), rec.get("rel", "?")))

    def fields(self, rec, prefix, depth=0, via=False):
        """Yields (member path, member, via_named) for every field,
        recursing into members of record type (via_named: reached through
        a member of a named record type, which is listed on its own)."""
        for mem in rec["members"]:
            name = mem["name"]
            if name is None:
                # anonymous struct/union member: its fields belong here
                if mem["anonrec"]:
                    for x in self.fields(mem["anonrec"], prefix, depth + 1, via):
                        yield x
                continue
            path = prefix + name
            yield path, mem, via
            sub_rec = mem["anonrec"]
            sub_via = via
            t = strip_quals(mem["dq"])
            am = ARRAY_RE.match(t)
            if am:
                elem = strip_quals(am.group(1))
                sub = path + "[0]" * am.group(2).count("[")
            else:
                elem = t
                sub = path
            if sub_rec is None:
                # a member of a named struct/union type defined in the tree:
                # its fields are compared through this path too, so a tree
                # that names an anonymous nested type still matches
                rid = self.m.tag_index.get(elem)
                if rid is None:
                    rid = self.typedef_rec.get(strip_quals(mem["qt"]))
                    if am:
                        mm2 = ARRAY_RE.match(strip_quals(mem["qt"]))
                        rid = self.typedef_rec.get(strip_quals(mm2.group(1))) if mm2 else None
                sub_rec = self.m.records.get(rid) if rid else None
                sub_via = True
                if sub_rec is not None and depth > 8:
                    sub_rec = None
            if sub_rec is not None:
                for x in self.fields(sub_rec, sub + ".", depth + 1, sub_via):
                    yield x

    def emit_field(self, disp, path, mem):
        key = "%s.%s" % (disp, path)
        if mem["bitfield"]:
            self.add(key + " bits",
                     '{ %s v_; memset(&v_, 0, sizeof v_); v_.%s = ~0; '
                     'B("%s", &v_, sizeof v_, (long long)v_.%s); }'
                     % (disp, path, key, path))
            return
        sign = "SG(((%s *)0)->%s)" % (disp, path)
        self.add(key + " offset",
                 'F("%s", offsetof(%s, %s), sizeof(((%s *)0)->%s), '
                 '__builtin_classify_type(((%s *)0)->%s), %s);'
                 % (key, disp, path, disp, path, disp, path, sign))
        t = strip_quals(mem["dq"])
        am = ARRAY_RE.match(t)
        if am:
            # element size as well: pins the array length
            self.add(key + " elem",
                     'P("%s elem %%zu count %%zu", sizeof(((%s *)0)->%s[0]), '
                     'sizeof(((%s *)0)->%s) / sizeof(((%s *)0)->%s[0]));'
                     % (key, disp, path, disp, path, disp, path))

    # ---- typedefs

    def emit_typedefs(self):
        done = set()
        for td in sorted(self.m.typedefs, key=lambda t: t["name"]):
            n = td["name"]
            self.names.append(("typedef", n, td["rel"]))
            if n in done:
                continue
            done.add(n)
            sign = "SG(*(%s *)0)" % n
            self.add("typedef " + n,
                     'T("%s", sizeof(%s), _Alignof(%s), %s);' % (n, n, n, sign))

    # ---- enums

    def emit_enums(self):
        for en in self.m.enums:
            if en["name"]:
                self.names.append(("enumtype", en["name"], en["rel"]))
                n = en["name"]
                self.add("enumtype " + n,
                         'P("enumtype %s size %%zu signed %%d", sizeof(enum %s), '
                         '(int)((enum %s)-1 < 0));' % (n, n, n))
            for c in en["consts"]:
                self.names.append(("enumerator", c, en["rel"]))
                self.add("enum " + c, 'P("enum %s %%lld", (long long)%s);' % (c, c))

    # ---- macros

    def emit_macros(self):
        for name in sorted(self.macros):
            if PRIVATE_MACRO_RE.match(name):
                continue
            rel, body, objlike = self.macros[name]
            if not objlike or body == "":
                self.names.append(("macro-other", name, rel))
                continue
            self.names.append(("macro?", name, rel))
            # integer: a case label needs an integer constant expression
            self.add("macro " + name,
                     'switch (0) { case (%s): ; default: ; } '
                     'P("macro %s %%lld", (long long)(%s));' % (name, name, name))
            self.add("macrotype " + name,
                     'P("macrotype %s size %%zu signed %%d", sizeof(%s), '
                     'SG(%s));' % (name, name, name))
            # string literal(s): only those concatenate with ""
            self.add("macro " + name + "#str",
                     'P("macro %s \\"%%s\\"", "" %s "");' % (name, name))


PROLOGUE = r"""/* Generated by tools/abi/gen.py: do not edit. */
#include <libwebsockets.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static void P(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static void P(const char *fmt, ...) { va_list ap; va_start(ap, fmt); vprintf(fmt, ap); va_end(ap); putchar('\n'); }
#define SG(x) _Generic((x), signed char: 1, short: 1, int: 1, long: 1, long long: 1, char: ((char)-1 < 0), unsigned char: 0, unsigned short: 0, unsigned int: 0, unsigned long: 0, unsigned long long: 0, _Bool: 0, default: -1)
static const char *K(int c) { switch (c) { case 1: return "int"; case 2: return "char"; case 3: return "enum"; case 4: return "bool"; case 5: return "ptr"; case 8: return "real"; case 12: return "struct"; case 13: return "union"; case 14: return "array"; default: return "other"; } }
static void F(const char *k, size_t off, size_t sz, int cls, int sgn) { if (sgn < 0) printf("%s offset %zu size %zu %s\n", k, off, sz, K(cls)); else printf("%s offset %zu size %zu %s signed %d\n", k, off, sz, K(cls), sgn); }
static void T(const char *n, size_t sz, size_t al, int sgn) { if (sgn < 0) printf("typedef %s size %zu align %zu\n", n, sz, al); else printf("typedef %s size %zu align %zu signed %d\n", n, sz, al, sgn); }
static void B(const char *k, const void *p, size_t n, long long v) { const unsigned char *b = p; size_t i; printf("%s bits ", k); for (i = 0; i < n; i++) printf("%02x", b[i]); printf(" value %lld\n", v); }
int main(void)
{
"""
EPILOGUE = "\treturn 0;\n}\n"
FIRST_FACT_LINE = PROLOGUE.count("\n") + 1


def render(lines):
    out = [PROLOGUE]
    for key, stmt in lines:
        out.append("\t%s /*@%s@*/\n" % (stmt, key))
    out.append(EPILOGUE)
    return "".join(out)


def compile_errors(src, cflags, workdir):
    """Compiles src; returns (set of failing fact indexes, compiler stderr,
    ok)."""
    cpath = os.path.join(workdir, "abi_prog.c")
    with open(cpath, "w") as f:
        f.write(src)
    cmd = [CC, "-std=gnu11", "-w", "-ftrack-macro-expansion=0",
           "-fmax-errors=0", "-fsyntax-only"] + cflags + [cpath]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = p.stderr.decode(errors="replace")
    bad = set()
    for mm in re.finditer(r"^%s:(\d+):\d+: error" % re.escape(cpath), err, re.M):
        bad.add(int(mm.group(1)) - FIRST_FACT_LINE)
    return bad, err, p.returncode == 0


def prune(lines, cflags, workdir, replace=False):
    """Compiles the program, dropping (or, with replace, turning into a
    '<key> <compile error>' line) each fact line that fails, until it
    compiles."""
    lines = list(lines)
    dropped = []
    for _ in range(8):
        src = render(lines)
        bad, err, ok = compile_errors(src, cflags, workdir)
        if ok:
            return lines, dropped
        if not bad or any(b < 0 or b >= len(lines) for b in bad):
            die("the generated program fails to compile outside its fact "
                "lines (cflags %s):\n%s" % (" ".join(cflags), err[-6000:]))
        new = []
        for i, (key, stmt) in enumerate(lines):
            if i in bad:
                dropped.append(key)
                if replace:
                    new.append((key, 'P("%%s", %s);' % c_str(key.split("#")[0] + " <compile error>")))
            else:
                new.append((key, stmt))
        lines = new
    die("could not make the generated program compile")


# --------------------------------------------------------------------------


def analyze(inc, workdir):
    tree = Tree(inc)
    ast = clang_ast(tree)
    model = build_model(tree, ast)
    macros = scan_macros(tree)
    em = Emitter(model, macros)
    em.emit_records()
    em.emit_typedefs()
    em.emit_enums()
    em.emit_macros()
    lines, dropped = prune(em.lines, tree.cflags(), workdir)
    kept = set(k for k, _ in lines)
    # a macro is an integer / string macro if its probe line survived
    names = []
    for cat, n, rel in em.names:
        if cat == "macro?":
            if "macro " + n in kept:
                cat = "macro-int"
            elif "macro " + n + "#str" in kept:
                cat = "macro-str"
            else:
                cat = "macro-other"
        names.append((cat, n, rel))
    # drop the type line of macros that are not integers, and the
    # non-macro lines are expected to survive: report those that did not
    lines = [(k, s) for k, s in lines
             if not (k.startswith("macrotype ") and ("macro " + k[10:]) not in kept)]
    # incomplete typedefs are expected; a record fact that does not
    # compile against its own tree means gen.py misread something
    odd = [k for k in dropped if not k.startswith(("macro", "typedef "))]
    return tree, lines, sorted(set(names)), odd


def cmd_program(a):
    with tempfile.TemporaryDirectory(prefix="abi-gen-") as wd:
        tree, lines, names, odd = analyze(a.include, wd)
    for k in odd:
        note("note: dropped (does not compile against %s): %s" % (tree.inc, k))
    src = render(sorted(lines))
    with open(a.output, "w") as f:
        f.write(src)
    if a.names:
        write_names(a.names, names)
    note("%d fact lines written to %s" % (len(lines), a.output))


def write_names(path, names):
    with open(path, "w") as f:
        for cat, n, rel in names:
            f.write("%s\t%s\t%s\n" % (cat, n, rel))


def cmd_names(a):
    with tempfile.TemporaryDirectory(prefix="abi-gen-") as wd:
        _tree, _lines, names, _odd = analyze(a.include, wd)
    write_names(a.output, names)


def cmd_run(a):
    with open(a.program) as f:
        src = f.read()
    head, sep, rest = src.partition("int main(void)\n{\n")
    if not sep or head + sep != PROLOGUE:
        die("%s was not written by this version of gen.py" % a.program)
    body = rest[:-len(EPILOGUE)] if rest.endswith(EPILOGUE) else die("truncated program")
    lines = []
    for ln in body.splitlines():
        mm = re.match(r"^\t(.*) /\*@(.*)@\*/$", ln)
        if not mm:
            die("%s: unexpected line %r" % (a.program, ln))
        lines.append((mm.group(2), mm.group(1)))
    cflags = a.cflags.split() if a.cflags else []
    with tempfile.TemporaryDirectory(prefix="abi-run-") as wd:
        lines, dropped = prune(lines, cflags, wd, replace=True)
        src = render(lines)
        cpath = os.path.join(wd, "prog.c")
        exe = os.path.join(wd, "prog")
        with open(cpath, "w") as f:
            f.write(src)
        p = subprocess.run([CC, "-std=gnu11", "-w", "-o", exe, cpath] + cflags,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            die("compiling the ABI program failed:\n" + p.stderr.decode(errors="replace")[-6000:])
        p = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            die("the ABI program exited with %d" % p.returncode)
    out = sorted(set(p.stdout.decode(errors="replace").splitlines()))
    with open(a.output, "w") as f:
        f.write("".join(l + "\n" for l in out))
    if dropped:
        note("%d fact lines did not compile with %s" % (len(dropped), " ".join(cflags) or "the default include path"))


# --------------------------------------------------------------------------
# Coverage: what Debian declares in the covered sub-headers must exist in ours

REQUIRED_TYPES = [
    "struct lws_protocols", "struct lws_context_creation_info",
    "struct lws_client_connect_info", "struct lws_http_mount",
    "struct lws_protocol_vhost_options", "struct lws_extension",
    "lws_sorted_usec_list_t", "lws_dll2_t", "lws_dll2_owner_t",
    "struct lws_pollargs", "struct lws_pollfd", "lws_retry_bo_t",
    "struct lws_token_limits", "struct lws_tokens", "lws_sockaddr46",
    "lws_adopt_desc_t", "lws_spa_create_info_t", "struct lws_plat_file_ops",
    "lws_system_ops_t",
]

MACRO_PREFIXES = ("LWS_", "LCCSCF_", "LLL_", "WSI_TOKEN_", "HTTP_STATUS_",
                  "PENDING_TIMEOUT_", "LWSMPRO_")


def read_names(path):
    d = {}
    with open(path) as f:
        for line in f:
            cat, name, rel = line.rstrip("\n").split("\t")
            d.setdefault(cat, {})[name] = rel
    return d


def covered_headers(our_inc):
    cov = {"libwebsockets.h", "lws_config.h"}
    with open(os.path.join(our_inc, "libwebsockets.h")) as f:
        for line in f:
            mm = re.match(r'^\s*#\s*include\s*[<"]libwebsockets/(lws-[^/>"]+\.h)[>"]', line)
            if mm:
                cov.add("libwebsockets/" + mm.group(1))
    return cov


def cmd_coverage(a):
    ours = read_names(a.ours)
    deb = read_names(a.debian)
    cov = covered_headers(os.path.realpath(a.our_include))
    failures = 0

    def get(d, *cats):
        r = {}
        for c in cats:
            r.update(d.get(c, {}))
        return r

    def report(title, missing, fatal=True):
        nonlocal failures
        if not missing:
            return
        if fatal:
            failures += len(missing)
        by = {}
        for name, rel in missing:
            by.setdefault(rel, []).append(name)
        print("%s %s (%d):" % ("MISSING" if fatal else "warning: missing", title, len(missing)))
        for rel in sorted(by):
            print("  %s:" % rel)
            for n in sorted(by[rel]):
                print("    %s" % n)

    def deb_cov(*cats):
        return {n: rel for n, rel in get(deb, *cats).items() if rel in cov}

    # required types: must compile against our tree
    tree = Tree(a.our_include)
    lines = [("required " + t, "{ typedef char chk_[sizeof(%s)]; (void)sizeof(chk_); }" % t)
             for t in REQUIRED_TYPES]
    with tempfile.TemporaryDirectory(prefix="abi-cov-") as wd:
        bad, err, ok = compile_errors(render(lines), tree.cflags(), wd)
    report("required complete types (do not compile against %s)" % tree.inc,
           [(REQUIRED_TYPES[i], "(required list)") for i in sorted(bad)])

    # enumerators: every one (a macro of the same name and value also does)
    o_enum = get(ours, "enumerator", "macro-int")
    report("enumerators", [(n, r) for n, r in deb_cov("enumerator").items() if n not in o_enum])
    o_int = get(ours, "macro-int")
    report("integer macros", [(n, r) for n, r in deb_cov("macro-int").items()
                              if n.startswith(MACRO_PREFIXES) and n not in o_int])
    o_rec = get(ours, "record", "typedef")
    report("struct/union types", [(n, r) for n, r in deb_cov("record").items() if n not in o_rec])
    o_td = get(ours, "typedef")
    report("typedefs", [(n, r) for n, r in deb_cov("typedef").items() if n not in o_td])
    o_et = get(ours, "enumtype")
    report("enum types", [(n, r) for n, r in deb_cov("enumtype").items() if n not in o_et])
    # a field of Debian's record itself (not one reached through a member
    # of a named record type) must exist in ours, by any path kind
    o_f = get(ours, "field", "field-via")
    report("fields (of structs that exist in ours)",
           [(n, r) for n, r in deb_cov("field").items()
            if n.rsplit(".", 1)[0].split(".")[0] in o_rec and n not in o_f
            and n.split(".")[0] in o_rec])
    # other macros (empty feature switches, strings, function-like): warn
    o_any = get(ours, "macro-int", "macro-str", "macro-other", "enumerator")
    report("other macros (feature switches, strings, function-like; not fatal)",
           [(n, r) for n, r in deb_cov("macro-str", "macro-other").items()
            if n not in o_any], fatal=False)
    return failures


def cmd_coverage_main(a):
    n = cmd_coverage(a)
    if n:
        print("coverage: %d missing declaration(s)" % n)
        sys.exit(1)
    print("coverage: complete")


# --------------------------------------------------------------------------
# Comparing the outputs

CAT_WORDS = ("enum", "macro", "macrotype", "typedef", "enumtype")
REC_LINE_RE = re.compile(r"^((?:struct |union )?[^ ]+) (size|offset|bits|elem) (.*)$")


def split_fact(line):
    """-> (key, value, record or None)"""
    w = line.split(" ", 2)
    if w[0] in CAT_WORDS and len(w) == 3:
        return w[0] + " " + w[1], w[2], None
    mm = REC_LINE_RE.match(line)
    if not mm:
        return line, "", None
    name = mm.group(1)
    return name + " " + mm.group(2), mm.group(3), name.split(".")[0]


def read_facts(path):
    d = {}
    with open(path) as f:
        for line in f:
            k, v, rec = split_fact(line.rstrip("\n"))
            d[k] = (v, rec)
    return d


def cmd_compare(a):
    deb = read_facts(a.debian)
    ours = read_facts(a.ours)
    CE = "<compile error>"
    only_ours_rec = set()
    for k, (v, rec) in deb.items():
        if rec and k == rec + " size" and v == CE:
            only_ours_rec.add(rec)
    extra, bad = [], []
    for k in sorted(set(deb) | set(ours)):
        dv, rec = deb.get(k, ("<absent>", None))
        ov, orec = ours.get(k, ("<absent>", None))
        rec = rec or orec
        if dv == ov:
            continue
        if dv == CE and ov != CE:
            if rec in only_ours_rec:
                extra.append("%s (type only in ours)" % k)
                continue
            cat = k.split(" ")[0]
            if cat in ("macro", "macrotype", "enum", "typedef", "enumtype"):
                extra.append("%s (only in ours)" % k)
                continue
        bad.append((k, dv, ov))
    if extra:
        print("note: %d fact(s) exist only in our headers (not compared, not fatal):" % len(extra))
        for e in extra:
            print("    " + e)
    if bad:
        print("summary: %d of %d facts differ" % (len(bad), len(set(deb) | set(ours))))
        print("DIFFERENT: %d ABI fact(s) differ:" % len(bad))
        for k, dv, ov in bad:
            print("    %s:\n        Debian: %s\n        ours:   %s" % (k, dv, ov))
        sys.exit(1)
    both = [k for k in ours if k in deb and deb[k][0] != CE and ours[k][0] != CE]
    nrec = sum(1 for k in both if ours[k][1] and k == ours[k][1] + " size")
    nfld = sum(1 for k in both if ours[k][1] and k != ours[k][1] + " size"
               and not k.endswith(" elem"))
    ncon = sum(1 for k in both if k.split(" ")[0] in ("enum", "macro"))
    ntyp = sum(1 for k in both if k.split(" ")[0] in ("typedef", "enumtype", "macrotype"))
    print("summary: compared %d structs/unions, %d fields, %d constants "
          "(enumerators and macros), %d type facts (typedef, enum and macro types)"
          % (nrec, nfld, ncon, ntyp))
    print("ABI facts identical (%d compared)" % len(both))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("program", help="generate the ABI fact program")
    p.add_argument("include")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--names", help="also write the names list here")
    p.set_defaults(fn=cmd_program)
    p = sub.add_parser("names", help="list the names a header tree declares")
    p.add_argument("include")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(fn=cmd_names)
    p = sub.add_parser("run", help="compile and run a generated program")
    p.add_argument("program")
    p.add_argument("--cflags", default="")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(fn=cmd_run)
    p = sub.add_parser("compare", help="compare the outputs of run")
    p.add_argument("debian")
    p.add_argument("ours")
    p.set_defaults(fn=cmd_compare)
    p = sub.add_parser("coverage", help="report what Debian declares and ours lacks")
    p.add_argument("--ours", required=True, help="names list of our tree")
    p.add_argument("--debian", required=True, help="names list of Debian's tree")
    p.add_argument("--our-include", required=True)
    p.set_defaults(fn=cmd_coverage_main)
    a = ap.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
