//! Client side: a rustls `ClientConfig` from a vhost's client TLS fields
//! and a connection's `LCCSCF_*` flags.
//!
//! Hook for the client connection code: once the TCP connect completed,
//! `tls::client::client_session(vhost, flags, host)` gives the [`Tls`]
//! state to put in the connection (`ConnState::tls`); from then on
//! `core::conn::io` reads and writes through it and drives the handshake.
//! An `Err` is the reason string for `CLIENT_CONNECTION_ERROR`.
//!
//! The one callback made from here (PERFORM_SERVER_CERT_VERIFICATION,
//! [`server_cert_callbacks`]) runs inside rustls, on the connection that
//! `tls::server::CURRENT_WSI` names: `core::conn::client::tls_handshake`
//! (and `core::conn::io::recv`, for any records after it) sets it to the
//! connection it drives around the rustls call that processes records,
//! with the connection's `tls` cell borrowed.
#![deny(clippy::undocumented_unsafe_blocks)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, Error, SignatureScheme};

use super::Tls;
use crate::abi::context_vhost::lws_context_creation_info;

use crate::abi::client::ClientFlags;
const VERIFY_FLAGS: ClientFlags = ClientFlags::ALLOW_SELFSIGNED
    .union(ClientFlags::SKIP_SERVER_CERT_HOSTNAME_CHECK)
    .union(ClientFlags::ALLOW_EXPIRED)
    .union(ClientFlags::ALLOW_INSECURE);

/// A vhost's client TLS settings (from its creation info), with the
/// configs made from them cached per verification flags.
pub struct ClientSettings {
    ca: Option<Vec<u8>>,
    no_os_cas: bool,
    cert: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
    provider: Arc<rustls::crypto::CryptoProvider>,
    /// Added by `lws_tls_client_vhost_extra_cert_mem`.
    extra: Mutex<Vec<CertificateDer<'static>>>,
    roots: Mutex<Option<Arc<rustls::RootCertStore>>>,
    configs: Mutex<HashMap<ClientFlags, Arc<ClientConfig>>>,
}

/// A copy of the `len` bytes at `p` (None for NULL or empty).
///
/// # Safety
/// `p` NULL or valid for reading `len` bytes.
unsafe fn mem(p: *const core::ffi::c_void, len: core::ffi::c_uint) -> Option<Vec<u8>> {
    if p.is_null() || len == 0 {
        None
    } else {
        // SAFETY: not NULL, so `len` readable bytes (caller); copied out.
        Some(unsafe { core::slice::from_raw_parts(p as *const u8, len as usize) }.to_vec())
    }
}

impl ClientSettings {
    /// From the client fields of `info`.  Problems are logged; a bad
    /// client certificate is left out.
    ///
    /// # Safety
    /// `info`'s pointers NULL or valid.
    pub unsafe fn from_info(info: &lws_context_creation_info) -> ClientSettings {
        // SAFETY: the path and cipher strings of `info` are NULL or
        // NUL-terminated, each `*_mem` NULL or of its `*_mem_len` bytes
        // (caller: the creation info's contract, lws-context-vhost.h); all
        // is copied or read during the call only.
        unsafe {
            let ca = match crate::ffi::cstr_bytes(info.client_ssl_ca_filepath) {
                Some(p) => super::pem::load(p, "TLS: unable to load client CA"),
                None => mem(info.client_ssl_ca_mem, info.client_ssl_ca_mem_len),
            };
            if let Some(b) = &ca {
                let from = super::pem::origin(crate::ffi::cstr_bytes(info.client_ssl_ca_filepath));
                super::pem::check_ca(b, &from, "TLS: unable to use client CA");
            }
            let cert_b = match crate::ffi::cstr_bytes(info.client_ssl_cert_filepath) {
                Some(p) => {
                    lwsl_notice!("TLS client: certificate file {}\n", String::from_utf8_lossy(p));
                    let b = super::pem::load(p, "TLS client: problem getting cert");
                    if b.is_some() {
                        lwsl_notice!("TLS client: loaded certificate {}\n", String::from_utf8_lossy(p));
                    }
                    b
                }
                None => mem(info.client_ssl_cert_mem, info.client_ssl_cert_mem_len),
            };
            let key_b = match crate::ffi::cstr_bytes(info.client_ssl_private_key_filepath) {
                Some(p) => super::pem::load(p, "TLS client: problem getting key"),
                None => mem(info.client_ssl_key_mem, info.client_ssl_key_mem_len),
            };
            let cert = match (cert_b.as_deref().and_then(super::pem::certs), key_b.or(cert_b.clone()).as_deref().and_then(super::pem::key)) {
                (Some(c), Some(k)) => Some((c, k)),
                (None, _) if cert_b.is_none() => None,
                (c, _) => {
                    let cert_from = super::pem::origin(crate::ffi::cstr_bytes(info.client_ssl_cert_filepath));
                    let key_from = super::pem::origin(
                        crate::ffi::cstr_bytes(info.client_ssl_private_key_filepath)
                            .or(crate::ffi::cstr_bytes(info.client_ssl_cert_filepath)),
                    );
                    if c.is_none() {
                        lwsl_err!("TLS: client certificate {}: no PEM or DER certificate in it: not used\n", cert_from);
                    } else {
                        lwsl_err!("TLS: client private key {}: no PEM or DER private key in it: certificate not used\n", key_from);
                    }
                    None
                }
            };
            let provider = match super::server::provider_for(info.client_ssl_cipher_list, info.client_tls_1_3_plus_cipher_list) {
                Ok(p) => p,
                Err(e) => {
                    lwsl_err!("TLS: client: {}\n", e);
                    super::provider()
                }
            };
            ClientSettings {
                ca,
                no_os_cas: crate::abi::context_vhost::ServerOptions::from_bits_retain(info.options).contains(crate::abi::context_vhost::ServerOptions::DISABLE_OS_CA_CERTS),
                cert,
                provider,
                extra: Mutex::new(Vec::new()),
                roots: Mutex::new(None),
                configs: Mutex::new(HashMap::new()),
            }
        }
    }

    fn roots(&self) -> Arc<rustls::RootCertStore> {
        let mut g = self.roots.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = &*g {
            return r.clone();
        }
        let mut rs = if self.no_os_cas { rustls::RootCertStore::empty() } else { super::pem::system_roots() };
        if let Some(c) = self.ca.as_deref().and_then(super::pem::certs) {
            rs.add_parsable_certificates(c);
        }
        rs.add_parsable_certificates(self.extra.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned());
        let r = Arc::new(rs);
        *g = Some(r.clone());
        r
    }

    /// Trusts one more CA certificate (DER) for the connections made from
    /// now on.  False if it is not a usable certificate.
    pub fn add_der(&self, der: &[u8]) -> bool {
        let c = CertificateDer::from(der.to_vec());
        let mut probe = rustls::RootCertStore::empty();
        if probe.add(c.clone()).is_err() {
            return false;
        }
        self.extra.lock().unwrap_or_else(|e| e.into_inner()).push(c);
        *self.roots.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.configs.lock().unwrap_or_else(|e| e.into_inner()).clear();
        true
    }

    /// The config for connections with these `LCCSCF_*` flags.
    pub fn config(&self, flags: ClientFlags) -> Result<Arc<ClientConfig>, String> {
        let key = flags.intersection(VERIFY_FLAGS);
        if let Some(c) = self.configs.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(c.clone());
        }
        let roots = self.roots();
        let inner = if roots.is_empty() {
            None
        } else {
            Some(
                WebPkiServerVerifier::builder_with_provider(roots, self.provider.clone())
                    .build()
                    .map_err(|e| e.to_string())?,
            )
        };
        let verifier = Arc::new(Verifier { inner, flags: key, provider: self.provider.clone() });
        let b = ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let mut cfg = match &self.cert {
            Some((c, k)) => b.with_client_auth_cert(c.clone(), k.clone_key()).map_err(|e| e.to_string())?,
            None => b.with_no_client_auth(),
        };
        cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
        // as the oracle's client (4.1.6 never calls SSL_set_session): a
        // full handshake every time, so the server's certificate is checked
        // and PERFORM_SERVER_CERT_VERIFICATION given on every connection
        cfg.resumption = rustls::client::Resumption::disabled();
        let cfg = Arc::new(cfg);
        self.configs.lock().unwrap_or_else(|e| e.into_inner()).insert(key, cfg.clone());
        Ok(cfg)
    }
}

/// The TLS state for a client connection to `host` (sent as SNI unless it
/// is an IP address).  Err: the reason, for `CLIENT_CONNECTION_ERROR`.
pub fn client_session(settings: &ClientSettings, flags: ClientFlags, host: &str) -> Result<Box<Tls>, String> {
    let cfg = settings.config(flags)?;
    let name = ServerName::try_from(host.to_owned()).map_err(|_| format!("bad server name '{}'", host))?;
    let c = rustls::ClientConnection::new(cfg, name).map_err(|e| e.to_string())?;
    Ok(Tls::new(rustls::Connection::Client(c)))
}

/// The verification failure as OpenSSL's verify callback names it: its
/// error string and X509_V_ERR_* number.  Operators and log watchers
/// match these.
fn openssl_verify_error(e: &CertificateError, ee: &CertificateDer<'_>, chain: &[CertificateDer<'_>], name: &ServerName<'_>) -> (String, i32) {
    match e {
        CertificateError::Other(o) if format!("{:?}", o).contains("CaUsedAsEndEntity") && chain.is_empty() => ("self-signed certificate".into(), 18),
        CertificateError::UnknownIssuer if chain.is_empty() && super::x509::self_issued(ee) => ("self-signed certificate".into(), 18),
        CertificateError::UnknownIssuer if chain.last().is_some_and(|c| super::x509::self_issued(c)) => ("self-signed certificate in certificate chain".into(), 19),
        CertificateError::UnknownIssuer => ("unable to get local issuer certificate".into(), 20),
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => ("certificate has expired".into(), 10),
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => ("certificate is not yet valid".into(), 9),
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => match name {
            ServerName::IpAddress(_) => ("IP address mismatch".into(), 64),
            _ => ("hostname mismatch".into(), 62),
        },
        CertificateError::Revoked => ("certificate revoked".into(), 23),
        CertificateError::BadSignature => ("certificate signature failure".into(), 7),
        other => (format!("{:?}", other), 0),
    }
}

/// ERR line of a refused server certificate (as the oracle's verify
/// callback: "SSL error: <reason> (preverify_ok=0;err=<n>;depth=<d>)").
fn log_refusal(e: &CertificateError, ee: &CertificateDer<'_>, chain: &[CertificateDer<'_>], name: &ServerName<'_>) {
    if !crate::log::visible(crate::log::LLL_ERR) {
        return;
    }
    let (msg, n) = openssl_verify_error(e, ee, chain, name);
    let depth = if matches!(e, CertificateError::UnknownIssuer) && n != 18 { chain.len() } else { 0 };
    lwsl_err!("SSL error: {} (preverify_ok=0;err={};depth={})\n", msg, n, depth);
}

/// NOTICE line of a certificate problem the `LCCSCF_*` flags allow.
fn log_accepted(e: &CertificateError) {
    match e {
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            lwsl_notice!("accepting expired certificate (verify_callback)\n")
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            lwsl_notice!("accepting not yet valid certificate (verify_callback)\n")
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            lwsl_info!("TLS client: server name check skipped\n")
        }
        _ => lwsl_notice!("accepting self-signed certificate (verify_callback)\n"),
    }
}

/// Webpki verification relaxed by the `LCCSCF_*` flags.
#[derive(Debug)]
struct Verifier {
    inner: Option<Arc<WebPkiServerVerifier>>,
    flags: ClientFlags,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

/// `LWS_CALLBACK_OPENSSL_PERFORM_SERVER_CERT_VERIFICATION` as the oracle
/// sends it: to the context's first protocol (first vhost, protocol 0)
/// with the client connection, once per certificate of the verified chain
/// (`len` = preverify_ok); `user` and `in` (OpenSSL's X509_STORE_CTX and
/// SSL) are NULL here.  Returns false if the callback refused (nonzero).
fn server_cert_callbacks(oks: &[bool]) -> bool {
    let wsi = crate::tls::server::CURRENT_WSI.with(|c| c.get());
    if wsi.is_null() {
        return true;
    }
    // SAFETY: a non-NULL CURRENT_WSI is the live client connection whose
    // records are being processed by the rustls call that got here (set
    // around it by tls_handshake or io::recv, module doc); the invoker counts each callback in its `in_cb`,
    // so a close asked for inside only marks it and the wsi stays
    // allocated for the `close_req` read after it.  Its context outlives
    // it.  The `vhosts` borrow ends with the statement; `vh` stays
    // allocated through the loop even if a callback destroys it (a vhost
    // is freed only once no callback is in progress, core/vhost.rs), and
    // `prot` is protocol 0 of its table, which lives as long as the vhost.
    // No borrow of ours is held across the callback but the connection's
    // `tls` cell (the caller's): an API call from the callback that
    // needs the session on this connection finds it borrowed (a RefCell
    // panic, caught by that entry's ffi_guard, or a try_borrow that
    // answers "no session"), not freed memory.
    unsafe {
        let ctx = (*wsi).context;
        let Some(&vh) = (*ctx).vhosts.borrow().first() else { return true };
        let prot = (*vh).protocols.as_ptr();
        if (*vh).count_protocols == 0 {
            return true;
        }
        for &ok in oks {
            // counted in in_cb: rustls holds the TLS session, so a close
            // asked for inside (LWS_TO_KILL_SYNC) is only marked; it
            // refuses the certificate and tls_handshake completes it
            let r = crate::core::wsi::call_protocol_raw(
                wsi,
                prot,
                crate::abi::callbacks::lws_callback_reasons::LWS_CALLBACK_OPENSSL_PERFORM_SERVER_CERT_VERIFICATION as core::ffi::c_int,
                core::ptr::null_mut(),
                core::ptr::null_mut(),
                ok as usize,
            );

            if (*wsi).c.close_req.get() {
                return false;
            }
            if r != 0 || !ok {
                return r == 0 && ok;
            }
        }
    }
    true
}

impl Verifier {
    /// The verification; Ok(true) when a `LCCSCF_*` flag excused an error.
    fn verify_inner(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<(ServerCertVerified, bool), Error> {
        // LCCSCF_ALLOW_INSECURE relaxes nothing on its own: the oracle
        // (OpenSSL) still refuses an unknown CA, a self-signed or expired
        // certificate and a wrong name with it
        let Some(inner) = &self.inner else {
            if self.flags.contains(ClientFlags::ALLOW_SELFSIGNED) && intermediates.is_empty() {
                lwsl_notice!("accepting self-signed certificate (verify_callback)\n");
                return Ok((ServerCertVerified::assertion(), true));
            }
            let e = CertificateError::UnknownIssuer;
            log_refusal(&e, end_entity, intermediates, server_name);
            return Err(Error::InvalidCertificate(e));
        };
        match inner.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Ok(v) => Ok((v, false)),
            Err(Error::InvalidCertificate(e)) => {
                let ok = match &e {
                    CertificateError::UnknownIssuer => self.flags.contains(ClientFlags::ALLOW_SELFSIGNED) && intermediates.is_empty(),
                    // a self-signed certificate made by `openssl req -x509`
                    // is marked CA:TRUE, which webpki refuses as a leaf
                    CertificateError::Other(o) if format!("{:?}", o).contains("CaUsedAsEndEntity") => {
                        self.flags.contains(ClientFlags::ALLOW_SELFSIGNED) && intermediates.is_empty()
                    }
                    CertificateError::Expired | CertificateError::ExpiredContext { .. } => self.flags.contains(ClientFlags::ALLOW_EXPIRED),
                    CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                        self.flags.contains(ClientFlags::SKIP_SERVER_CERT_HOSTNAME_CHECK)
                    }
                    _ => false,
                };
                let name_err = matches!(e, CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. });
                if !ok {
                    log_refusal(&e, end_entity, intermediates, server_name);
                    return Err(Error::InvalidCertificate(e));
                }
                log_accepted(&e);
                // the chain problem is allowed; the name is still checked
                // (webpki stopped before it) unless that is skipped too
                if !name_err && !self.flags.contains(ClientFlags::SKIP_SERVER_CERT_HOSTNAME_CHECK) {
                    let pc = rustls::server::ParsedCertificate::try_from(end_entity)?;
                    if let Err(err) = rustls::client::verify_server_name(&pc, server_name) {
                        if let Error::InvalidCertificate(ce) = &err {
                            log_refusal(ce, end_entity, intermediates, server_name);
                        }
                        return Err(err);
                    }
                }
                Ok((ServerCertVerified::assertion(), true))
            }
            Err(e) => Err(e),
        }
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        // OpenSSL's verify callback runs for each certificate of the
        // chain it built (trust anchor, intermediates, leaf); where one of
        // the LCCSCF_* flags excused an error, lws answers for that
        // certificate without asking the application; an error not
        // excused is reported once (len 0) and fails the handshake
        let r = self.verify_inner(end_entity, intermediates, server_name, ocsp, now);
        // a self-issued certificate among those the server sent is the
        // trust anchor itself, not a link of its own
        let links = intermediates
            .iter()
            .filter(|c| crate::tls::x509::parse(c).is_none_or(|x| x.tbs_certificate.subject != x.tbs_certificate.issuer))
            .count();
        let calls: Vec<bool> = match &r {
            Ok((_, false)) => vec![true; links + 2],
            Ok((_, true)) => vec![true; links + usize::from(!intermediates.is_empty())],
            Err(_) => vec![false],
        };
        if !server_cert_callbacks(&calls) {
            return Err(r.err().unwrap_or(Error::InvalidCertificate(CertificateError::ApplicationVerificationFailure)));
        }
        r.map(|(v, _)| v)
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn sh(dir: &std::path::Path, cmd: &str) -> bool {
        Command::new("sh").arg("-c").arg(cmd).current_dir(dir).output().map(|o| o.status.success()).unwrap_or(false)
    }

    /// Handshake in memory between a rustls server with `cert`/`key` and
    /// our client session; Err is the client's failure.
    fn handshake(settings: &ClientSettings, flags: ClientFlags, host: &str, cert: &[u8], key: &[u8]) -> Result<(), String> {
        let chain = crate::tls::pem::certs(cert).unwrap();
        let key = crate::tls::pem::key(key).unwrap();
        let scfg = rustls::ServerConfig::builder_with_provider(crate::tls::provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap();
        let mut srv = rustls::ServerConnection::new(Arc::new(scfg)).unwrap();
        let mut cli = client_session(settings, flags, host)?;
        for _ in 0..10 {
            let mut buf = Vec::new();
            cli.conn.write_tls(&mut buf).unwrap();
            let mut r = &buf[..];
            while !r.is_empty() {
                srv.read_tls(&mut r).unwrap();
            }
            srv.process_new_packets().map_err(|e| format!("server: {}", e))?;
            let mut buf = Vec::new();
            srv.write_tls(&mut buf).unwrap();
            let mut r = &buf[..];
            while !r.is_empty() {
                cli.conn.read_tls(&mut r).unwrap();
            }
            cli.conn.process_new_packets().map_err(|e| e.to_string())?;
            if !cli.conn.is_handshaking() && !srv.is_handshaking() {
                return Ok(());
            }
        }
        Err("no progress".into())
    }

    #[test]
    fn client_verification_flags() {
        let d = std::env::temp_dir().join(format!("lws-tls-client-test-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        if !sh(&d, "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 3 -subj /CN=t-ca 2>/dev/null && \
            openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out leaf.key && \
            openssl req -new -key leaf.key -subj /CN=localhost -out leaf.csr && \
            printf 'subjectAltName=DNS:localhost\\n' > san.ext && \
            openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3 -extfile san.ext -out leaf.crt 2>/dev/null && \
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout self.key -out self.crt -days 3 -subj /CN=localhost -addext subjectAltName=DNS:localhost 2>/dev/null")
        {
            eprintln!("openssl CLI unavailable: skipped");
            return;
        }
        let rd = |n: &str| std::fs::read(d.join(n)).unwrap();
        let ca = rd("ca.crt");
        // SAFETY: the creation info is plain C data, all-zero is its
        // "nothing set" value.
        let mut info: lws_context_creation_info = unsafe { core::mem::zeroed() };
        info.options = crate::abi::context_vhost::ServerOptions::DISABLE_OS_CA_CERTS.bits(); // only our CA
        info.client_ssl_ca_mem = ca.as_ptr().cast();
        info.client_ssl_ca_mem_len = ca.len() as core::ffi::c_uint;
        // SAFETY: the CA bytes point into `ca`, alive here; the rest is NULL.
        let s = unsafe { ClientSettings::from_info(&info) };
        let (leaf, lkey, selfc, skey) = (rd("leaf.crt"), rd("leaf.key"), rd("self.crt"), rd("self.key"));

        assert_eq!(handshake(&s, ClientFlags::USE_SSL, "localhost", &leaf, &lkey), Ok(()));
        // wrong name
        assert!(handshake(&s, ClientFlags::USE_SSL, "other.test", &leaf, &lkey).is_err());
        assert_eq!(handshake(&s, ClientFlags::USE_SSL | ClientFlags::SKIP_SERVER_CERT_HOSTNAME_CHECK, "other.test", &leaf, &lkey), Ok(()));
        // self-signed
        let e = handshake(&s, ClientFlags::USE_SSL, "localhost", &selfc, &skey).unwrap_err();
        assert!(e.contains("UnknownIssuer") || e.contains("CaUsedAsEndEntity"), "{}", e);
        assert_eq!(handshake(&s, ClientFlags::USE_SSL | ClientFlags::ALLOW_SELFSIGNED, "localhost", &selfc, &skey), Ok(()));
        assert!(handshake(&s, ClientFlags::USE_SSL | ClientFlags::ALLOW_INSECURE, "localhost", &selfc, &skey).is_err());
        // self-signed allowed, but the name still counts
        assert!(handshake(&s, ClientFlags::USE_SSL | ClientFlags::ALLOW_SELFSIGNED, "other.test", &selfc, &skey).is_err());
        assert_eq!(
            handshake(&s, ClientFlags::USE_SSL | ClientFlags::ALLOW_SELFSIGNED | ClientFlags::SKIP_SERVER_CERT_HOSTNAME_CHECK, "other.test", &selfc, &skey),
            Ok(())
        );
        let _ = std::fs::remove_dir_all(&d);
    }
}
