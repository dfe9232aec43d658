//! Server side: a vhost's rustls config from its creation info.
#![deny(clippy::undocumented_unsafe_blocks)]

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::server::WebPkiClientVerifier;
use rustls::ServerConfig;

use crate::abi::context_vhost::lws_context_creation_info;

use crate::abi::context_vhost::ServerOptions;

/// OpenSSL's names of the suites rustls (ring) offers, by IANA number.
const NAMES: &[(u16, &str)] = &[
    (0x1301, "TLS_AES_128_GCM_SHA256"),
    (0x1302, "TLS_AES_256_GCM_SHA384"),
    (0x1303, "TLS_CHACHA20_POLY1305_SHA256"),
    (0xc02b, "ECDHE-ECDSA-AES128-GCM-SHA256"),
    (0xc02c, "ECDHE-ECDSA-AES256-GCM-SHA384"),
    (0xcca9, "ECDHE-ECDSA-CHACHA20-POLY1305"),
    (0xc02f, "ECDHE-RSA-AES128-GCM-SHA256"),
    (0xc030, "ECDHE-RSA-AES256-GCM-SHA384"),
    (0xcca8, "ECDHE-RSA-CHACHA20-POLY1305"),
];

/// OpenSSL cipher-string keywords that select "everything acceptable":
/// they keep every suite rustls has (all of them are modern AEAD suites).
const KEYWORDS: &[&str] = &[
    "ALL", "DEFAULT", "HIGH", "MEDIUM", "COMPLEMENTOFDEFAULT", "ECDHE", "EECDH", "kECDHE", "AESGCM", "AES", "AES128",
    "AES256", "CHACHA20", "aRSA", "aECDSA", "ECDSA", "RSA", "SHA256", "SHA384", "TLSv1.2", "SECURE128", "SECURE192",
    "SUITEB128", "SUITEB192", "FIPS",
];

/// Applies an OpenSSL cipher list (`ssl_cipher_list`, TLS 1.2 names; or
/// `tls1_3_plus_cipher_list`, TLS 1.3 names) to `p`: the named suites of
/// that version are kept, in the list's order.  Exclusions (`!x`, `-x`)
/// and sorting directives are ignored (rustls has no weak suites to
/// exclude); a name rustls cannot do is logged and skipped; a list that
/// selects nothing is an error.
pub fn apply_cipher_list(p: &mut CryptoProvider, list: &str, tls13: bool) -> Result<(), String> {
    let is13 = |s: &rustls::SupportedCipherSuite| matches!(s, rustls::SupportedCipherSuite::Tls13(_));
    let mut chosen: Vec<rustls::SupportedCipherSuite> = Vec::new();
    let mut all = false;
    for tok in list.split([':', ',', ' ', ';']).filter(|t| !t.is_empty()) {
        if tok.starts_with(['!', '-', '+', '@']) {
            continue;
        }
        if KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(tok)) || tok.contains('+') {
            all = true;
            continue;
        }
        match NAMES.iter().find(|(_, n)| n.eq_ignore_ascii_case(tok)) {
            Some((id, _)) => {
                if let Some(s) = p.cipher_suites.iter().find(|s| u16::from(s.suite()) == *id && is13(s) == tls13) {
                    if !chosen.iter().any(|c| c.suite() == s.suite()) {
                        chosen.push(*s);
                    }
                } else {
                    lwsl_warn!("TLS: cipher '{}' is not a TLS 1.{} suite, ignored\n", tok, if tls13 { 3 } else { 2 });
                }
            }
            None => lwsl_warn!("TLS: cipher '{}' is not available with rustls, ignored\n", tok),
        }
    }
    if all && chosen.is_empty() {
        return Ok(());
    }
    if chosen.is_empty() {
        return Err(format!("no cipher of '{}' is available with rustls", list));
    }
    // keep the other version's suites, replace this version's
    let mut v: Vec<_> = chosen;
    v.extend(p.cipher_suites.iter().copied().filter(|s| is13(s) != tls13));
    p.cipher_suites = v;
    Ok(())
}

/// The crypto provider with the creation info's cipher lists applied.
///
/// # Safety
/// The strings NULL or valid.
pub unsafe fn provider_for(tls12: *const core::ffi::c_char, tls13: *const core::ffi::c_char) -> Result<Arc<CryptoProvider>, String> {
    // SAFETY: NULL or C strings (caller).
    let b12 = unsafe { crate::ffi::cstr_bytes(tls12) };
    // SAFETY: as `tls12`.
    let b13 = unsafe { crate::ffi::cstr_bytes(tls13) };
    if b12.is_none() && b13.is_none() {
        return Ok(super::provider());
    }
    let mut p = (*super::provider()).clone();
    // as the oracle, a list OpenSSL cannot use is logged and the defaults
    // stay (the vhost is still created)
    if let Some(b) = b12 {
        if let Err(e) = apply_cipher_list(&mut p, &String::from_utf8_lossy(b), false) {
            lwsl_err!("TLS: ssl_cipher_list: {}: default TLS 1.2 suites kept\n", e);
        }
    }
    if let Some(b) = b13 {
        if let Err(e) = apply_cipher_list(&mut p, &String::from_utf8_lossy(b), true) {
            lwsl_err!("TLS: tls1_3_plus_cipher_list: {}: default TLS 1.3 suites kept\n", e);
        }
    }
    Ok(Arc::new(p))
}

/// The `len` bytes at `p` (None for NULL or 0).
///
/// # Safety
/// `p` NULL or readable for `len` bytes during `'a`.
unsafe fn mem<'a>(p: *const core::ffi::c_void, len: core::ffi::c_uint) -> Option<&'a [u8]> {
    if p.is_null() || len == 0 {
        None
    } else {
        // SAFETY: not NULL, so `len` readable bytes for `'a` (caller).
        Some(unsafe { core::slice::from_raw_parts(p as *const u8, len as usize) })
    }
}

/// Whether the vhost described by `info` serves TLS: the context was made
/// with `DO_SSL_GLOBAL_INIT` and a certificate is given.
pub fn wants_tls(info: &lws_context_creation_info, ctx_options: ServerOptions) -> bool {
    // without DO_SSL_GLOBAL_INIT on the context the oracle ignores the
    // certificates and serves plain TCP
    ctx_options.contains(ServerOptions::DO_SSL_GLOBAL_INIT)
        && info.port >= 0
        && (!info.ssl_cert_filepath.is_null() || !info.server_ssl_cert_mem.is_null())
}

/// What a TLS vhost's config is made from, kept for
/// `lws_tls_cert_updated` (which swaps the certificate and key only).
#[derive(Clone)]
pub struct ServerSrc {
    /// The vhost's current certificate and signing key (for SNI lookups
    /// from the other vhosts sharing its port).
    pub key: Arc<std::sync::Mutex<Option<Arc<rustls::sign::CertifiedKey>>>>,
    pub cert_path: Option<Vec<u8>>,
    pub key_path: Option<Vec<u8>>,
    options: ServerOptions,
    ca: Option<Vec<u8>>,
    prov: Arc<CryptoProvider>,
}

/// The server config of a TLS vhost, and what it was made from.  None
/// after logging why.
///
/// # Safety
/// `info`'s pointers NULL or valid.
pub unsafe fn config(info: &lws_context_creation_info, ctx_options: ServerOptions) -> Option<(Arc<ServerConfig>, ServerSrc)> {
    // SAFETY: `info`'s pointers are NULL or valid (caller): C strings, and
    // memory blobs of their stated lengths, read (and copied) during this
    // call only.
    unsafe {
        // as the oracle: certificate and key both in memory and a file
        // path missing: both come from memory (and the ECDH lines below)
        let mem_pair = match (
            mem(info.server_ssl_cert_mem, info.server_ssl_cert_mem_len),
            mem(info.server_ssl_private_key_mem, info.server_ssl_private_key_mem_len),
        ) {
            (Some(c), Some(k)) if info.ssl_cert_filepath.is_null() || info.ssl_private_key_filepath.is_null() => Some((c, k)),
            _ => None,
        };
        let curve = match mem_pair {
            Some(_) => Some(ecdh_curve(info.ecdh_curve)?),
            None => None,
        };
        let cert_b = match crate::ffi::cstr_bytes(info.ssl_cert_filepath).filter(|_| mem_pair.is_none()) {
            Some(path) => super::pem::load(path, "problem getting cert")?,
            None => match mem(info.server_ssl_cert_mem, info.server_ssl_cert_mem_len) {
                Some(b) => b.to_vec(),
                None => {
                    lwsl_err!("no server certificate\n");
                    return None;
                }
            },
        };
        let key_b = match crate::ffi::cstr_bytes(info.ssl_private_key_filepath).filter(|_| mem_pair.is_none()) {
            Some(path) => super::pem::load(path, "ssl problem getting key")?,
            None => match mem(info.server_ssl_private_key_mem, info.server_ssl_private_key_mem_len) {
                Some(b) => b.to_vec(),
                // the key may follow the certificate in the same PEM
                None => cert_b.clone(),
            },
        };
        let prov = match provider_for(info.ssl_cipher_list, info.tls1_3_plus_cipher_list) {
            Ok(p) => p,
            Err(e) => {
                lwsl_err!("TLS: {}\n", e);
                return None;
            }
        };
        let ca = match crate::ffi::cstr_bytes(info.ssl_ca_filepath) {
            Some(path) => super::pem::load(path, "problem getting CA"),
            None => mem(info.server_ssl_ca_mem, info.server_ssl_ca_mem_len).map(|b| b.to_vec()),
        };
        if let Some(b) = &ca {
            super::pem::check_ca(b, &super::pem::origin(crate::ffi::cstr_bytes(info.ssl_ca_filepath)), "problem parsing CA");
        }
        let src = ServerSrc {
            key: Arc::new(std::sync::Mutex::new(None)),
            cert_path: crate::ffi::cstr_bytes(info.ssl_cert_filepath).map(|b| b.to_vec()),
            key_path: crate::ffi::cstr_bytes(info.ssl_private_key_filepath).map(|b| b.to_vec()),
            options: ServerOptions::from_bits_retain(info.options),
            ca,
            prov,
        };
        let cfg = src.build(&cert_b, &key_b)?;
        if let Some(curve) = curve {
            // the oracle gives OpenSSL this curve for ECDHE on this path
            // only; rustls keeps its own groups (docs/oracle-tls.md)
            lwsl_notice!(" SSL ECDH curve '{}'\n", curve);
            if ctx_options.contains(ServerOptions::SSL_ECDH) {
                lwsl_notice!(" Using ECDH certificate support\n");
            }
        }
        Some((cfg, src))
    }
}

/// OpenSSL's names of elliptic curves (`openssl ecparam -list_curves`,
/// those of at most 15 characters: the oracle keeps 15).
const EC_CURVES: &[&str] = &[
    "secp112r1", "secp112r2", "secp128r1", "secp128r2", "secp160k1", "secp160r1", "secp160r2", "secp192k1",
    "secp224k1", "secp224r1", "secp256k1", "secp384r1", "secp521r1", "prime192v1", "prime192v2", "prime192v3",
    "prime239v1", "prime239v2", "prime239v3", "prime256v1", "sect113r1", "sect113r2", "sect131r1", "sect131r2",
    "sect163k1", "sect163r1", "sect163r2", "sect193r1", "sect193r2", "sect233k1", "sect233r1", "sect239k1",
    "sect283k1", "sect283r1", "sect409k1", "sect409r1", "sect571k1", "sect571r1", "c2pnb163v1", "c2pnb163v2",
    "c2pnb163v3", "c2pnb176v1", "c2tnb191v1", "c2tnb191v2", "c2tnb191v3", "c2pnb208w1", "c2tnb239v1", "c2tnb239v2",
    "c2tnb239v3", "c2pnb272w1", "c2pnb304w1", "c2tnb359v1", "c2pnb368w1", "c2tnb431r1", "Oakley-EC2N-3",
    "Oakley-EC2N-4", "brainpoolP160r1", "brainpoolP160t1", "brainpoolP192r1", "brainpoolP192t1", "brainpoolP224r1",
    "brainpoolP224t1", "brainpoolP256r1", "brainpoolP256t1", "brainpoolP320r1", "brainpoolP320t1", "brainpoolP384r1",
    "brainpoolP384t1", "brainpoolP512r1", "brainpoolP512t1", "SM2",
];

/// Short names OpenSSL knows that are not curves (a few: OpenSSL knows
/// hundreds): the oracle fails them with "Unable to create curve", any
/// other unknown name with "Unknown curve name".
const NOT_CURVES: &[&str] = &[
    "X25519", "X448", "ED25519", "ED448", "RSA", "RSA-PSS", "DSA", "DH", "DHX", "EC", "SHA1", "SHA224", "SHA256",
    "SHA384", "SHA512", "MD5", "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192",
];

/// The ECDH curve name the oracle logs for a certificate loaded from
/// memory: `ecdh_curve` (first 15 bytes) or `prime256v1`.  None (the vhost
/// fails) after logging, as the oracle, a name that is not a curve (its
/// lines have no newline).
///
/// # Safety
/// `p` NULL or a C string.
unsafe fn ecdh_curve(p: *const core::ffi::c_char) -> Option<String> {
    // SAFETY: NULL or a C string (caller).
    let b = unsafe { crate::ffi::cstr_bytes(p) }.unwrap_or_default();
    let name = if b.is_empty() { "prime256v1".to_string() } else { String::from_utf8_lossy(&b[..b.len().min(15)]).into_owned() };
    if EC_CURVES.contains(&name.as_str()) {
        return Some(name);
    }
    if NOT_CURVES.contains(&name.as_str()) {
        lwsl_err!("SSL: Unable to create curve '{}'", name);
    } else {
        lwsl_err!("SSL: Unknown curve name '{}'", name);
    }
    None
}

impl ServerSrc {
    /// Whether a client certificate chain (leaf first) verifies against
    /// this vhost's CA.
    pub fn verifies_client(&self, chain: &[rustls::pki_types::CertificateDer<'_>]) -> bool {
        let Some(roots) = self.ca.as_ref().and_then(|b| super::pem::roots(b)) else { return false };
        let Ok(v) = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), self.prov.clone()).build() else { return false };
        let Some((leaf, rest)) = chain.split_first() else { return false };
        v.verify_client_cert(leaf, rest, rustls::pki_types::UnixTime::now()).is_ok()
    }

    /// A config with this certificate (chain) and key, PEM or DER.
    pub fn build(&self, cert_b: &[u8], key_b: &[u8]) -> Option<Arc<ServerConfig>> {
        let prov = self.prov.clone();
        let cert_from = super::pem::origin(self.cert_path.as_deref());
        let key_from = super::pem::origin(self.key_path.as_deref().or(self.cert_path.as_deref()));
        let Some(chain) = super::pem::certs(cert_b) else {
            lwsl_err!("problem parsing the server certificate {}: no PEM or DER certificate in it\n", cert_from);
            return None;
        };
        let Some(key) = super::pem::key(key_b) else {
            lwsl_err!("problem parsing the server private key {}: no PEM or DER private key in it\n", key_from);
            return None;
        };
        let builder = match ServerConfig::builder_with_provider(prov.clone()).with_safe_default_protocol_versions() {
            Ok(b) => b,
            Err(e) => {
                lwsl_err!("TLS: {}\n", e);
                return None;
            }
        };
        let builder = if self.options.contains(ServerOptions::REQUIRE_VALID_OPENSSL_CLIENT_CERT) {
            let ca = self.ca.as_ref();
            let cas: Vec<Vec<u8>> = ca.and_then(|b| super::pem::certs(b)).unwrap_or_default().iter().map(|c| c.to_vec()).collect();
            let Some(roots) = ca.and_then(|b| super::pem::roots(b)) else {
                lwsl_err!("TLS: client certificates required but no usable CA (ssl_ca_filepath / server_ssl_ca_mem)\n");
                return None;
            };
            match WebPkiClientVerifier::builder_with_provider(Arc::new(roots), prov.clone()).build() {
                Ok(v) => builder.with_client_cert_verifier(Arc::new(ClientVerifier { inner: v, cas, provider: prov.clone() })),
                Err(e) => {
                    lwsl_err!("TLS: {}\n", e);
                    return None;
                }
            }
        } else {
            builder.with_no_client_auth()
        };
        let signer = match prov.key_provider.load_private_key(key) {
            Ok(k) => k,
            Err(e) => {
                lwsl_err!("TLS: server private key {} refused: {}\n", key_from, super::pem::own_cert_error(&e));
                return None;
            }
        };
        let ck = Arc::new(rustls::sign::CertifiedKey::new(chain, signer));
        if let Err(e) = ck.keys_match() {
            if !matches!(e, rustls::Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) {
                lwsl_err!(
                    "TLS: server certificate {} and key {} refused: {}\n",
                    cert_from,
                    key_from,
                    super::pem::own_cert_error(&e)
                );
                return None;
            }
        }
        *self.key.lock().unwrap_or_else(|e| e.into_inner()) = Some(ck.clone());
        let mut cfg = builder.with_cert_resolver(Arc::new(SniResolver { own: ck }));
        // HTTP/2 is not served: only http/1.1 is advertised
        cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
        Some(Arc::new(cfg))
    }
}

/// The leaf certificate a TLS vhost serves (None without TLS).
///
/// # Safety
/// `vh` valid.
pub unsafe fn vhost_cert(vh: *mut crate::core::lws_vhost) -> Option<x509_cert::Certificate> {
    // SAFETY: `vh` valid (caller).
    let src = unsafe { (*vh).tls_src.as_ref() }?;
    let k = src.key.lock().unwrap_or_else(|e| e.into_inner()).clone()?;
    super::x509::parse(k.cert.first()?)
}

/// Sends `reason` to every protocol of every vhost with a temporary wsi
/// (upstream's `lws_broadcast`).
///
/// # Safety
/// `ctx` valid.
unsafe fn broadcast(ctx: *mut crate::core::lws_context, reason: crate::abi::callbacks::lws_callback_reasons, in_: *mut core::ffi::c_void, len: usize) {
    // SAFETY: `ctx` valid (caller); the borrow ends with the clone.
    let list: Vec<*mut crate::core::lws_vhost> = unsafe { (*ctx).vhosts.borrow().clone() };
    for w in list {
        // SAFETY: `w` is used only while still on the context's list (so
        // live), checked again before each callback; `i <
        // count_protocols`; the temporary wsi outlives its callback.
        unsafe {
            if !(*ctx).vhosts.borrow().contains(&w) {
                continue;
            }
            for i in 0..(*w).count_protocols {
                if !(*ctx).vhosts.borrow().contains(&w) {
                    break;
                }
                let prot = (*w).protocols.as_ptr().add(i);
                // freed also when the callback's thread unwinds
                let p = crate::core::wsi::FakeWsi::new(ctx, w, prot);
                crate::core::wsi::call_protocol(p.0, prot, reason, core::ptr::null_mut(), in_, len);
            }
        }
    }
}

/// Upstream's certificate lifetime check: for each vhost in turn, the days
/// its certificate has left (0 for a vhost without TLS) are logged and
/// broadcast to every protocol of every vhost as
/// `LWS_CALLBACK_VHOST_CERT_AGING` (`in`: a `lws_acme_cert_aging_args`
/// naming the vhost, no overrides; `len`: the days, as an `ssize_t`).
/// Runs when protocols are initialised for a TLS vhost and every 24 hours.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn check_all_cert_lifetimes(ctx: *mut crate::core::lws_context) {
    // time(), as upstream: the coarse clock programs compare against
    // (SystemTime is the precise one and can be a second ahead of it).
    // SAFETY: time() with a NULL argument only returns the time.
    let now = unsafe { libc::time(core::ptr::null_mut()) } as i64;
    if now < 1542933698 {
        // the clock is wrong: certificates cannot be judged
        return;
    }
    // SAFETY: `ctx` valid (caller); the borrow ends with the clone.
    let list: Vec<*mut crate::core::lws_vhost> = unsafe { (*ctx).vhosts.borrow().clone() };
    for v in list {
        // SAFETY: `v` is read only after the check that it is still on
        // the list (live), before the broadcast's callbacks; all-zero
        // aging args are valid (NULL pointers, zero counts).
        unsafe {
            if !(*ctx).vhosts.borrow().contains(&v) {
                continue;
            }
            let mut life: i64 = 0;
            if (*v).tls_src.is_some() {
                let Some(c) = vhost_cert(v) else { continue };
                let t = super::x509::not_after(&c) as i64;
                if t == -1 {
                    continue;
                }
                life = (t - now) / (24 * 3600);
                lwsl_notice!("   vhost {}: cert expiry: {}d\n", (*v).name.to_string_lossy(), life as core::ffi::c_int);
            } else {
                lwsl_info!("   vhost {}: no cert\n", (*v).name.to_string_lossy());
            }
            let mut caa: crate::abi::callbacks::lws_acme_cert_aging_args = core::mem::zeroed();
            caa.vh = v;
            broadcast(
                ctx,
                crate::abi::callbacks::lws_callback_reasons::LWS_CALLBACK_VHOST_CERT_AGING,
                &raw mut caa as *mut core::ffi::c_void,
                life as isize as usize,
            );
        }
    }
}

/// The daily certificate check's timer fired.
///
/// # Safety
/// Called by the timer list only, with a context's `sul_tls`.
unsafe extern "C-unwind" fn aging_timer(sul: *mut crate::abi::timeout_timer::lws_sorted_usec_list_t) {
    let off = core::mem::offset_of!(crate::core::lws_context, sul_tls);
    // SAFETY: only schedule_aging schedules this callback, on a live
    // context's `sul_tls` (its timer lists go with it), so stepping back by
    // the field's offset stays inside that context.
    let ctx = unsafe { (sul as *mut u8).sub(off) } as *mut crate::core::lws_context;
    // called by C (the timer list): a boundary like an entry point
    crate::ffi_guard!((), {
        // SAFETY: `ctx` is live (above).
        unsafe {
            check_all_cert_lifetimes(ctx);
            schedule_aging(ctx);
        }
    })
}

/// (Re)starts the daily certificate lifetime check (upstream: whenever a
/// vhost is created with `DO_SSL_GLOBAL_INIT`).
///
/// # Safety
/// `ctx` valid.
pub unsafe fn schedule_aging(ctx: *mut crate::core::lws_context) {
    // SAFETY: `ctx` valid (caller); the sul is the context's own.
    unsafe {
        crate::core::sul::schedule_rel(ctx, 0, (*ctx).sul_tls.get(), Some(aging_timer), 24 * 3600 * 1_000_000);
    }
}

/// The notice upstream logs when a server handshake completed with a
/// client certificate.
///
/// # Safety
/// `wsi` valid, its TLS state not borrowed.
pub unsafe fn log_client_cert(wsi: *mut crate::core::lws) {
    // SAFETY: `wsi` valid (caller).
    let Some((c, _)) = (unsafe { super::peer_cert(wsi) }) else {
        lwsl_info!("lws_tls_server_accept: no client cert CN\n");
        return;
    };
    // SAFETY: an all-zero union of integers and bytes is valid.
    let mut r: crate::abi::x509::lws_tls_cert_info_results = unsafe { core::mem::zeroed() };
    // SAFETY: `r` is a whole union whose name has its 64 bytes.
    if unsafe { super::x509::cert_info(&c, super::x509::COMMON_NAME, &mut r, 64) } == 0 {
        // SAFETY: cert_info wrote the `ns` member (any bytes are valid).
        let n = unsafe { r.ns.len }.clamp(0, 63) as usize;
        // SAFETY: as above; `n < 64`.
        let b: Vec<u8> = unsafe { r.ns.name[..n].iter().map(|&c| c as u8).collect() };
        lwsl_notice!("lws_tls_server_accept: client cert CN '{}'\n", String::from_utf8_lossy(&b));
    }
}

/// Certificate selection by SNI: a TLS connection accepted on a port
/// several vhosts share gets the certificate of the vhost named like the
/// client's server name (the vhost's name, as the oracle matches it), else
/// the one of the vhost that owns the listening socket.
#[derive(Debug)]
struct SniResolver {
    own: Arc<rustls::sign::CertifiedKey>,
}

impl rustls::server::ResolvesServerCert for SniResolver {
    fn resolve(&self, ch: rustls::server::ClientHello<'_>) -> Option<Arc<rustls::sign::CertifiedKey>> {
        if let Some(name) = ch.server_name() {
            let wsi = CURRENT_WSI.with(|c| c.get());
            if !wsi.is_null() {
                // SAFETY: CURRENT_WSI is set only by io::recv around the
                // rustls call that gets here, to the valid wsi being read.
                if let Some(vh) = unsafe { sni_vhost(wsi, name.as_bytes()) } {
                    // SAFETY: a vhost sni_vhost found on the list is live.
                    if let Some(src) = unsafe { (*vh).tls_src.as_ref() } {
                        if let Some(k) = src.key.lock().unwrap_or_else(|e| e.into_inner()).clone() {
                            return Some(k);
                        }
                    }
                }
            }
        }
        Some(self.own.clone())
    }
}

/// The TLS vhost named `name` that shares `wsi`'s listening port.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn sni_vhost(wsi: *mut crate::core::lws, name: &[u8]) -> Option<*mut crate::core::lws_vhost> {
    // SAFETY: `wsi` valid (caller), its vhost and context live; the
    // vhosts on the list are live; no callback runs under the borrow.
    unsafe {
        let cur = (*wsi).vhost.get();
        let ctx = (*wsi).context;
        let port = (*cur).listen_port.get();
        let vhs = (*ctx).vhosts.try_borrow().ok()?;
        vhs.iter()
            .copied()
            .find(|&v| {
                !(*v).being_destroyed.get()
                    && (*v).listen_port.get() == port
                    && (*v).tls_src.is_some()
                    && (*v).name.as_bytes().eq_ignore_ascii_case(name)
            })
    }
}

/// Client certificates as the oracle checks them: one is required; the
/// chain check's result goes to protocol 0's
/// `LWS_CALLBACK_OPENSSL_PERFORM_CLIENT_CERT_VERIFICATION` (`len` = 1 if
/// the chain verified against the CA, `user` and `in` NULL: there are no
/// OpenSSL objects), and the callback decides: 0 accepts, nonzero refuses.
#[derive(Debug)]
struct ClientVerifier {
    inner: Arc<dyn rustls::server::danger::ClientCertVerifier>,
    /// The CA certificates (DER): a peer may send one along with its own.
    cas: Vec<Vec<u8>>,
    provider: Arc<CryptoProvider>,
}

std::thread_local! {
    /// The connection whose TLS records are being processed (for the
    /// client-certificate callback).
    pub static CURRENT_WSI: core::cell::Cell<*mut crate::core::lws> = const { core::cell::Cell::new(core::ptr::null_mut()) };
}

impl rustls::server::danger::ClientCertVerifier for ClientVerifier {
    fn root_hint_subjects(&self) -> &[rustls::DistinguishedName] {
        self.inner.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::server::danger::ClientCertVerified, rustls::Error> {
        let ok = self.inner.verify_client_cert(end_entity, intermediates, now).is_ok();
        let wsi = CURRENT_WSI.with(|c| c.get());
        // as OpenSSL's verify callback is called: one call per certificate
        // of the built chain (trust anchor, intermediates, leaf) when it
        // verified; else one call for the failure, then one per presented
        // certificate if the application accepted it
        let calls: Vec<bool> = if ok {
            let extra = intermediates.iter().filter(|i| !self.cas.iter().any(|c| c[..] == i[..])).count();
            vec![true; extra + 2]
        } else {
            core::iter::once(false).chain(core::iter::repeat_n(true, intermediates.len() + 1)).collect()
        };
        let mut r = 0;
        if !wsi.is_null() {
            for ok in calls {
                // counted in in_cb: the TLS session is borrowed by the
                // rustls call that got here, so a close asked for inside
                // (LWS_TO_KILL_SYNC) is only marked; the verification then
                // fails and the connection's reader completes the close
                // once rustls returned (io::recv)
                // SAFETY: CURRENT_WSI is the valid wsi io::recv is reading
                // (see `resolve`), its vhost live; protocol 0 of its
                // table; the invoker's count keeps the wsi allocated.
                r = unsafe {
                    let vh = (*wsi).vhost.get();
                    crate::core::wsi::call_protocol_raw(
                        wsi,
                        (*vh).protocols.as_ptr(),
                        crate::abi::callbacks::lws_callback_reasons::LWS_CALLBACK_OPENSSL_PERFORM_CLIENT_CERT_VERIFICATION as core::ffi::c_int,
                        core::ptr::null_mut(),
                        core::ptr::null_mut(),
                        ok as usize,
                    )
                };
                
                // SAFETY: still allocated: a close inside was only marked.
                if unsafe { (*wsi).c.close_req.get() } {
                    r = 1;
                }
                if r != 0 {
                    break;
                }
            }
        } else if !ok {
            r = 1;
        }
        if r != 0 {
            return Err(rustls::Error::InvalidCertificate(rustls::CertificateError::ApplicationVerificationFailure));
        }
        Ok(rustls::server::danger::ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

/// `lws_tls_cert_updated`: every TLS vhost of `ctx` made from `certpath`
/// and `keypath` gets a new config with `mem_cert` / `mem_key` (PEM or
/// DER), or the files read again when no memory copy is given.  New
/// connections use it; established ones keep theirs.  A vhost whose new
/// certificate does not load keeps the old one (logged).
///
/// # Safety
/// `ctx` valid.
pub unsafe fn cert_updated(ctx: *mut crate::core::lws_context, certpath: &[u8], keypath: &[u8], mem_cert: Option<&[u8]>, mem_key: Option<&[u8]>) {
    // SAFETY: `ctx` valid (caller); the vhosts of the snapshot stay live
    // (no callback runs here); each `tls` borrow is momentary.
    unsafe {
        let vhosts = (*ctx).vhosts.borrow().clone();
        for vh in vhosts {
            let Some(src) = (*vh).tls_src.as_ref() else { continue };
            if src.cert_path.as_deref() != Some(certpath) || src.key_path.as_deref() != Some(keypath) {
                continue;
            }
            let cert = match mem_cert {
                Some(b) => Some(b.to_vec()),
                None => super::pem::read_file(certpath),
            };
            let key = match mem_key {
                Some(b) => Some(b.to_vec()),
                None => super::pem::read_file(keypath),
            };
            let (Some(c), Some(k)) = (cert, key) else {
                lwsl_err!("lws_tls_cert_updated: vhost {}: cannot read the new certificate\n", (*vh).name.to_string_lossy());
                continue;
            };
            match src.build(&c, &k) {
                Some(cfg) => {
                    *(*vh).tls.borrow_mut() = Some(cfg);
                    lwsl_info!("lws_tls_cert_updated: vhost {}: certificate updated\n", (*vh).name.to_string_lossy());
                }
                None => lwsl_err!("lws_tls_cert_updated: vhost {}: new certificate refused, keeping the old one\n", (*vh).name.to_string_lossy()),
            }
        }
    }
}



#[cfg(test)]
mod tests {
    use super::*;

    fn ids(p: &CryptoProvider) -> Vec<u16> {
        p.cipher_suites.iter().map(|s| u16::from(s.suite())).collect()
    }

    #[test]
    fn cipher_lists_map_to_rustls_suites() {
        let base = (*crate::tls::provider()).clone();
        let mut p = base.clone();
        apply_cipher_list(&mut p, "ECDHE-RSA-AES128-GCM-SHA256:!aNULL:BOGUS-CIPHER", false).unwrap();
        let v = ids(&p);
        assert!(v.contains(&0xc02f) && !v.contains(&0xc030) && !v.contains(&0xc02b));
        // TLS 1.3 suites untouched by a TLS 1.2 list
        assert!(v.contains(&0x1301) && v.contains(&0x1302));

        let mut p = base.clone();
        apply_cipher_list(&mut p, "TLS_CHACHA20_POLY1305_SHA256", true).unwrap();
        let v = ids(&p);
        assert!(v.contains(&0x1303) && !v.contains(&0x1301) && v.contains(&0xc02f));

        // keywords keep everything
        let mut p = base.clone();
        apply_cipher_list(&mut p, "HIGH:!aNULL:!MD5", false).unwrap();
        assert_eq!(ids(&p), ids(&base));

        // nothing usable: refused
        let mut p = base.clone();
        assert!(apply_cipher_list(&mut p, "RC4-MD5:DES-CBC3-SHA", false).is_err());
        // a TLS 1.3 name in the TLS 1.2 list is not used there
        let mut p = base;
        assert!(apply_cipher_list(&mut p, "TLS_AES_128_GCM_SHA256", false).is_err());
    }
}

