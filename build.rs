//! Build script.
//!
//! 1. Compiles the C shim (`csrc/*.c`): the variadic entry points of the API
//!    (`_lws_log`, `lws_snprintf`, ...) cannot be defined in stable Rust, so
//!    they are written in C, format with `vsnprintf` and hand the result to
//!    Rust.  Rust exports them through naked trampolines (see
//!    `src/ffi.rs::c_variadic_export!`), because a cdylib only exports symbols
//!    that Rust itself defines.
//! 2. Gives the shared object the SONAME `libwebsockets.so.17`.
//! 3. Runs cbindgen once per C API group: `src/abi/<group>.rs` (its
//!    types and constants) with `src/api/<group>.rs` (its functions) become
//!    `include/libwebsockets/gen/lws-<group>.h` (underscores turn into
//!    dashes).  The hand-written `include/libwebsockets/lws-<group>.h`
//!    includes it and adds what cbindgen cannot express (macros, static
//!    inline helpers, variadic prototypes).  The generated headers are
//!    checked in; CI fails if a build changes them.
//!
//! Conventions the header generation relies on (see docs/architecture.md):
//! - `#[repr(C)]` types are named with their C tag name (`lws_protocols`).
//!   A type defined in one group and used in another is written as
//!   `struct X` / `enum X` / `union X` in the other group's header; the kind
//!   is found by scanning every `pub struct|enum|union` in `src/`.
//! - `pub type E_<name> = c_int;` is the by-value integer form of
//!   `enum <name>`: C may pass any value (flags or'ed together, out of range
//!   values), which a Rust enum must never receive.  In headers it is written
//!   `enum <name>`.
//! - A struct whose C form has bitfields is defined twice: the Rust view
//!   inside `rust_only! { ... }` (cbindgen does not expand macros), and the C
//!   view under `#[cfg(cbindgen)]` with `/// cbindgen:bitfield=N` fields
//!   (rustc never sees it).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Types from system headers that appear in API signatures.
const SYSTEM_TYPES: &[(&str, &str)] = &[
    ("pollfd", "struct pollfd"),
    ("sockaddr", "struct sockaddr"),
    ("sockaddr_in", "struct sockaddr_in"),
    ("sockaddr_in6", "struct sockaddr_in6"),
    ("sockaddr_un", "struct sockaddr_un"),
    ("addrinfo", "struct addrinfo"),
    ("timeval", "struct timeval"),
    ("stat", "struct stat"),
    ("va_list", "va_list"),
    ("socklen_t", "socklen_t"),
    ("uid_t", "uid_t"),
    ("gid_t", "gid_t"),
    ("time_t", "time_t"),
    ("off_t", "off_t"),
    ("ssize_t", "ssize_t"),
    ("FILE", "FILE"),
    ("SSL", "SSL"),
    ("SSL_CTX", "SSL_CTX"),
    ("X509", "X509"),
];

fn ident_prefix(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Maps every C-named type defined anywhere in `src/` to its C kind.
fn scan_kinds(files: &[PathBuf]) -> (BTreeMap<String, &'static str>, Vec<String>) {
    let mut kinds = BTreeMap::new();
    let mut enum_args = Vec::new();
    for f in files {
        let src = fs::read_to_string(f).unwrap();
        for line in src.lines() {
            let t = line.trim_start();
            for (kw, kind) in [("pub struct ", "struct"), ("pub enum ", "enum"), ("pub union ", "union")] {
                if let Some(rest) = t.strip_prefix(kw) {
                    let name = ident_prefix(rest);
                    if name.starts_with("lws") || name.starts_with("lejp") {
                        kinds.insert(name, kind);
                    }
                }
            }
            if let Some(rest) = t.strip_prefix("pub type E_") {
                enum_args.push(ident_prefix(rest));
            }
        }
    }
    (kinds, enum_args)
}

/// Names of the types and type aliases a group file defines for C.
fn local_items(src: &str) -> Vec<String> {
    let mut v = Vec::new();
    for line in src.lines() {
        let t = line.trim_start();
        for kw in ["pub struct ", "pub enum ", "pub union ", "pub type "] {
            if let Some(rest) = t.strip_prefix(kw) {
                let name = ident_prefix(rest);
                if !name.starts_with("E_") && !v.contains(&name) {
                    v.push(name);
                }
            }
        }
    }
    v
}

fn write_if_changed(path: &Path, contents: &[u8]) {
    if fs::read(path).ok().as_deref() != Some(contents) {
        fs::write(path, contents).unwrap();
    }
}

/// The source files of an API group: the file itself, or a directory's
/// `mod.rs` then the files its `mod <name>;` lines name (whose items
/// count as the group's own).
fn group_files(g: &Path) -> Vec<PathBuf> {
    if !g.is_dir() {
        return vec![g.to_path_buf()];
    }
    let m = g.join("mod.rs");
    let text = fs::read_to_string(&m).unwrap();
    let mut out = vec![m];
    for line in text.lines() {
        let l = line.trim();
        if let Some(name) = l.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
            out.push(g.join(format!("{name}.rs")));
        }
    }
    out
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=csrc");
    println!("cargo:rerun-if-changed=include");

    // 1. C shim for the variadic functions.
    let mut shim = cc::Build::new();
    shim.include(root.join("include")).warnings(true).flag_if_supported("-fvisibility=hidden");
    let mut csrcs: Vec<_> = fs::read_dir(root.join("csrc"))
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "c")).collect())
        .unwrap_or_default();
    csrcs.sort();
    if !csrcs.is_empty() {
        shim.files(&csrcs).compile("lwsshim");
    }

    // 2. SONAME.
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libwebsockets.so.17");

    // 3. Headers, one cbindgen run per API group.
    let mut all = Vec::new();
    rust_files(&root.join("src"), &mut all);
    let (kinds, enum_args) = scan_kinds(&all);
    // a group is a file src/api/<group>.rs or a directory src/api/<group>/
    // (its mod.rs, then the files of its `mod` lines in their order)
    let mut groups: Vec<PathBuf> = fs::read_dir(root.join("src/api"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| (p.extension().is_some_and(|e| e == "rs") && p.file_stem().is_some_and(|s| s != "mod")) || p.is_dir())
        .collect();
    groups.sort();
    let gen_dir = root.join("include/libwebsockets/gen");
    fs::create_dir_all(&gen_dir).unwrap();
    for g in groups {
        let stem_us = g.file_stem().unwrap().to_string_lossy().to_string();
        let api_files = group_files(&g);
        // the group's C-ABI types and constants (src/abi/<group>.rs), then
        // its functions (src/api/<group>.rs or src/api/<group>/)
        let abi = root.join("src/abi").join(format!("{stem_us}.rs"));
        let abi = abi.exists().then_some(abi);
        let mut src = abi.as_ref().map(|a| fs::read_to_string(a).unwrap()).unwrap_or_default();
        for f in &api_files {
            src.push_str(&fs::read_to_string(f).unwrap());
        }
        let stem = stem_us.replace('_', "-");
        let local = local_items(&src);

        let mut cfg = cbindgen::Config {
            language: cbindgen::Language::C,
            style: cbindgen::Style::Tag,
            no_includes: true,
            cpp_compat: true,
            include_guard: Some(format!("LWS_GEN_{}_H", stem.to_uppercase().replace('-', "_"))),
            autogen_warning: Some(format!(
                "/* Generated by build.rs (cbindgen) from src/{}/{}: do not edit. */",
                if abi.is_some() { "{abi,api}" } else { "api" },
                if g.is_dir() { format!("{stem_us}/") } else { format!("{stem_us}.rs") }
            )),
            ..Default::default()
        };
        cfg.enumeration.prefix_with_name = false;
        cfg.usize_is_size_t = true;
        for (name, kind) in &kinds {
            if !local.contains(name) {
                cfg.export.rename.insert(name.clone(), format!("{kind} {name}"));
            }
        }
        for (name, c) in SYSTEM_TYPES {
            cfg.export.rename.insert((*name).to_string(), (*c).to_string());
        }
        for e in &enum_args {
            cfg.export.rename.insert(format!("E_{e}"), format!("enum {e}"));
            cfg.export.exclude.push(format!("E_{e}"));
        }
        cfg.export.include = local;

        let mut b = cbindgen::Builder::new().with_config(cfg);
        if let Some(a) = &abi {
            b = b.with_src(a);
        }
        // (cbindgen follows a directory's `mod` lines itself)
        let bindings = b
            .with_src(&api_files[0])
            .generate()
            .unwrap_or_else(|e| panic!("cbindgen failed on {}: {e}", g.display()));
        let mut out = Vec::new();
        bindings.write(&mut out);
        write_if_changed(&gen_dir.join(format!("lws-{stem}.h")), &out);
    }
}
