//! The form-body parser behind `lws_spa_*`: urlencoded
//! (`a=1&b=2`) and multipart/form-data bodies, fed in pieces of any size.
//!
//! It reproduces Debian's libwebsockets 4.1.6 exactly, quirks included,
//! because what C code sees (values, lengths, file-upload callbacks and
//! their chunk sizes) depends on them.  Observed facts (docs/oracle-http1.md,
//! "Forms"):
//! - Values are decoded into one storage area of `max_storage` bytes.  A
//!   value is written where the free part starts; when the value is done
//!   it is NUL-terminated and the free part begins after it.  A value
//!   longer than the free space is delivered in parts: each part is
//!   stored after the previous one's NUL, so the parameter's string is its
//!   first part while its length counts all of them.  A repeated name
//!   behaves the same way (string = first value, length = sum).
//! - Running out of storage is an error (-1).
//! - urlencoded: `name=value&`; '+' is a space, `%XX` decoded, a bad hex
//!   digit is an error.  `name&` (no '=') passes the name's length as an
//!   empty value and then treats what follows as that name's value.  The
//!   last value is only stored when the parser is finalized in value state.
//! - Names are at most 31 bytes (longer: error); unknown names are ignored.
//! - multipart: parts are separated by `CRLF--boundary`; part headers
//!   `content-disposition` (name=, filename=) and `content-type` are read,
//!   others ignored.  A part with a filename goes to the file callback
//!   (OPEN, CONTENT pieces, FINAL_CONTENT), never to storage; its pieces
//!   are cut whenever the free storage would be full.  `--boundary--`
//!   ends the body (the connection's remaining body is then considered
//!   received).
//! - Finalizing sends CLOSE to the file callback (with the last name).
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::c_int;

/// The body is bad, storage ran out, or a callback refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpaError;

/// File-upload callback states (`enum lws_spa_fileupload_states`).
pub const UFS_CONTENT: c_int = 0;
pub const UFS_FINAL_CONTENT: c_int = 1;
pub const UFS_OPEN: c_int = 2;
pub const UFS_CLOSE: c_int = 3;

const NAME_MAX: usize = 32;
const FILENAME_MAX: usize = 256;
const BOUNDARY_MAX: usize = 128;
/// Part headers recognised in multipart bodies (lowercase).
const PART_HEADERS: [&[u8]; 3] = [b"content-disposition: ", b"content-type: ", b"\r\n"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    UName,
    UIdle,
    UPc1,
    UPc2,
    MBound,
    MHName,
    MDisp,
    MType,
    MIgnore1,
    MIgnore2,
    MIgnore3,
    MDone,
}

/// What the parser needs from its owner.
///
/// # Safety
/// The parser writes through what `ac_alloc` returns: an implementation
/// must return NULL or `len + 1` writable bytes that nothing else uses
/// while the parser's values live.  (It was a safe trait, so a safe impl
/// could have made the parser write anywhere.)
pub unsafe trait Hooks {
    /// The file callback (and CLOSE): `name` and `filename` are
    /// NUL-terminated; `buf` is NULL for CLOSE.  Negative: error.
    fn file(&mut self, name: *const u8, filename: *const u8, buf: *mut u8, len: c_int, state: c_int) -> c_int;
    /// Whether a file callback exists (without one, file parts are dropped).
    fn has_file_cb(&self) -> bool;
    /// Storage of one value when values live in an lwsac: a fresh
    /// `len + 1` bytes, or NULL.
    fn ac_alloc(&mut self, len: usize) -> *mut u8;
    /// Whether values live in an lwsac.
    fn uses_ac(&self) -> bool;
    /// The multipart end marker was seen.
    fn completed(&mut self);
}

/// Where a parameter's string is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    /// Offset into the storage area.
    Storage(usize),
    /// A pointer into the lwsac.
    Ac(*mut u8),
}

/// The parser with its storage and collected parameters.
pub struct Spa {
    names: Vec<Vec<u8>>,
    pub params: Vec<Option<Loc>>,
    pub lengths: Vec<c_int>,
    /// Storage area (grows only if the given size was 0, where the C
    /// library would write past its allocation).
    pub storage: Vec<u8>,
    /// Offset of the free part of the storage.
    out: usize,
    out_len: i64,
    /// Offset past which a value may not end (`max_storage - 1`).
    end: i64,
    name: [u8; NAME_MAX + 1],
    temp: [u8; NAME_MAX + 1],
    content_type: [u8; NAME_MAX + 1],
    content_disp: [u8; NAME_MAX + 1],
    filename: [u8; FILENAME_MAX + 1],
    boundary: Vec<u8>,
    pos: i64,
    mp: i64,
    sum: u8,
    inside_quote: bool,
    subname: bool,
    real_crlf: bool,
    state: St,
    /// The decoder exists (until finalized).
    live: bool,
    pub finalized: bool,
}

fn cstr_len(b: &[u8]) -> usize {
    b.iter().position(|&c| c == 0).unwrap_or(b.len())
}

impl Spa {
    /// A parser for `names`, `max_storage` bytes of storage (0: 512
    /// allocated, but no room counted, as the C library), and the request's
    /// Content-Type as `lws_hdr_copy` gave it into a 205-byte buffer
    /// (`None` when that failed).
    pub fn new(names: Vec<Vec<u8>>, max_storage: c_int, content_type: Option<&[u8]>) -> Spa {
        let alloc = if max_storage == 0 { 512 } else { max_storage.max(1) as usize };
        let n = names.len();
        let mut s = Spa {
            names,
            params: vec![None; n],
            lengths: vec![0; n],
            storage: vec![0; alloc],
            out: 0,
            out_len: i64::from(max_storage),
            end: i64::from(max_storage) - 1,
            name: [0; NAME_MAX + 1],
            temp: [0; NAME_MAX + 1],
            content_type: [0; NAME_MAX + 1],
            content_disp: [0; NAME_MAX + 1],
            filename: [0; FILENAME_MAX + 1],
            boundary: Vec::new(),
            pos: 0,
            mp: 0,
            sum: 0,
            inside_quote: false,
            subname: false,
            real_crlf: false,
            state: St::UName,
            live: true,
            finalized: false,
        };
        let ct = content_type.unwrap_or(b"");
        if ct.starts_with(b"multipart/form-data") || ct.starts_with(b"multipart/related") {
            s.state = St::MBound;
            s.mp = 2;
            if let Some(i) = ct.windows(9).position(|w| w == b"boundary=") {
                s.boundary.extend_from_slice(b"\r\n--");
                for &c in &ct[i + 9..] {
                    if s.boundary.len() >= BOUNDARY_MAX - 1 || c == 0 || c == b' ' || c == b';' {
                        break;
                    }
                    s.boundary.push(c);
                }
                lwsl_debug!("boundary '{}'\n", String::from_utf8_lossy(&s.boundary));
            }
        }
        s
    }

    /// Whether the content type made this a multipart parser.
    pub fn is_multipart(&self) -> bool {
        !matches!(self.state, St::UName | St::UIdle | St::UPc1 | St::UPc2)
    }

    fn bnd(&self, i: i64) -> u8 {
        usize::try_from(i).ok().and_then(|i| self.boundary.get(i)).copied().unwrap_or(0)
    }

    /// The byte at `out + pos + k` of the storage, growing it if needed.
    fn out_at(&mut self, k: i64) -> &mut u8 {
        let i = (self.out as i64 + k).max(0) as usize;
        if i >= self.storage.len() {
            self.storage.resize(i + 1, 0);
        }
        &mut self.storage[i]
    }

    fn put(&mut self, c: u8) {
        let p = self.pos;
        *self.out_at(p) = c;
        self.pos += 1;
    }

    fn lookup(&self) -> Option<usize> {
        let n = &self.name[..cstr_len(&self.name)];
        self.names.iter().position(|x| x[..] == *n)
    }

    /// Hands `len` bytes at the free part (or nothing, `with_buf` false)
    /// to the parameter being read, or to the file callback.
    fn output(&mut self, h: &mut dyn Hooks, with_buf: bool, len: i64, state: c_int) -> Result<(), SpaError> {
        if state == UFS_CLOSE || self.filename[0] != 0 {
            if h.has_file_cb() {
                let buf = if with_buf {
                    let _ = self.out_at(len.max(0));
                    // SAFETY: out_at just made the storage longer than
                    // `out + pos + len >= out`, so the offset is in bounds.
                    unsafe { self.storage.as_mut_ptr().add(self.out) }
                } else {
                    core::ptr::null_mut()
                };
                let r = h.file(self.name.as_ptr(), self.filename.as_ptr(), buf, len as c_int, state);
                if r < 0 {
                    return Err(SpaError);
                }
            }
            return Ok(());
        }
        let Some(n) = self.lookup() else { return Ok(()) };
        if len == 0 {
            return Ok(());
        }
        if !h.uses_ac() {
            if self.params[n].is_none() {
                self.params[n] = Some(Loc::Storage(self.out));
            }
            if self.out as i64 + len >= self.end {
                lwsl_info!("lws_urldecode_spa_cb: exceeded storage\n");
                return Err(SpaError);
            }
            self.out += len as usize;
            *self.out_at(0) = 0;
            self.out += 1;
            self.out_len -= len + 1;
        } else {
            let p = h.ac_alloc(len as usize);
            if p.is_null() {
                return Err(SpaError);
            }
            let _ = self.out_at(len);
            // SAFETY: the storage holds `out + len` bytes (out_at above);
            // `p` has `len + 1` fresh writable bytes (Hooks' contract), so
            // the ranges do not overlap and the NUL fits.
            unsafe {
                core::ptr::copy_nonoverlapping(self.storage.as_ptr().add(self.out), p, len as usize);
                *p.add(len as usize) = 0;
            }
            self.params[n] = Some(Loc::Ac(p));
        }
        self.lengths[n] += len as c_int;
        Ok(())
    }

    /// Feeds body bytes.  Err: the body is bad (or a callback refused).
    pub fn process(&mut self, h: &mut dyn Hooks, data: &[u8]) -> Result<(), SpaError> {
        let mut i = 0;
        while i < data.len() {
            if self.pos == self.out_len - self.mp - 1 {
                let p = self.pos;
                self.output(h, true, p, UFS_CONTENT)?;
                self.pos = 0;
            }
            i += self.byte(h, data[i])?;
        }
        Ok(())
    }

    /// One input byte (always used: returns 1).
    fn byte(&mut self, h: &mut dyn Hooks, c: u8) -> Result<usize, SpaError> {
        match self.state {
            St::UName => {
                self.inside_quote = false;
                if c == b'=' {
                    self.set_name_end();
                    self.pos = 0;
                    self.state = St::UIdle;
                } else if c == b'&' {
                    self.set_name_end();
                    let p = self.pos;
                    self.output(h, true, p, UFS_FINAL_CONTENT)?;
                    self.pos = 0;
                    self.state = St::UIdle;
                } else {
                    if self.pos >= NAME_MAX as i64 - 1 {
                        crate::log::hexdump(crate::log::LLL_NOTICE, &self.name[..self.pos as usize]);
                        lwsl_notice!("Name too long...\n");
                        return Err(SpaError);
                    }
                    self.name[self.pos as usize] = c;
                    self.pos += 1;
                }
            }
            St::UIdle => match c {
                b'%' => self.state = St::UPc1,
                b'&' => {
                    *self.out_at(self.pos) = 0;
                    let p = self.pos;
                    self.output(h, true, p, UFS_FINAL_CONTENT)?;
                    self.pos = 0;
                    self.state = St::UName;
                }
                b'+' => self.put(b' '),
                _ => self.put(c),
            },
            St::UPc1 => {
                let n = hex(c).ok_or(SpaError)?;
                self.sum = n << 4;
                self.state = St::UPc2;
            }
            St::UPc2 => {
                let n = hex(c).ok_or(SpaError)?;
                let v = self.sum | n;
                self.put(v);
                self.state = St::UIdle;
            }
            St::MBound => loop {
                let b = self.bnd(self.mp);
                if b != 0 && c == b {
                    self.mp += 1;
                    if self.bnd(self.mp) == 0 {
                        self.mp = 0;
                        self.state = St::MIgnore1;
                        let p = self.pos;
                        self.output(h, true, p, UFS_FINAL_CONTENT)?;
                        self.pos = 0;
                        self.content_disp[0] = 0;
                        self.name[0] = 0;
                        self.filename[0] = 0;
                        self.real_crlf = true;
                    }
                    break;
                }
                if self.mp != 0 {
                    let n = if self.real_crlf { 0 } else { 2 };
                    if self.mp >= n {
                        // what matched of the boundary was content after
                        // all (the C library advances by the whole match
                        // even when it copied 2 bytes less); then the byte
                        // is looked at again, without the flush check
                        for k in n..self.mp {
                            let v = self.bnd(k);
                            let at = self.pos + (k - n);
                            *self.out_at(at) = v;
                        }
                        self.pos += self.mp;
                        self.mp = 0;
                        continue;
                    }
                }
                self.put(c);
                self.mp = 0;
                break;
            },
            St::MHName => {
                let lc = c.to_ascii_lowercase();
                let mut m = 0;
                let mut hit = 0;
                for (n, hd) in PART_HEADERS.iter().enumerate() {
                    let want = usize::try_from(self.mp).ok().and_then(|i| {
                        if i < hd.len() {
                            Some(hd[i])
                        } else if i == hd.len() {
                            Some(0)
                        } else {
                            None
                        }
                    });
                    if want == Some(lc) {
                        m += 1;
                        hit = n;
                    }
                }
                if m == 0 {
                    self.state = St::MIgnore1;
                    self.mp = 0;
                    return Ok(1);
                }
                self.mp += 1;
                if m != 1 || (self.mp as usize) < PART_HEADERS[hit].len() {
                    return Ok(1);
                }
                self.mp = 0;
                self.temp[0] = 0;
                self.subname = false;
                self.state = match hit {
                    0 => St::MDisp,
                    1 => St::MType,
                    _ => St::MBound,
                };
            }
            St::MDisp => {
                if c == b'\r' {
                    if self.filename[0] != 0 {
                        let p = self.pos;
                        self.output(h, true, p, UFS_OPEN)?;
                    }
                    self.state = St::MIgnore2;
                } else if c == b';' {
                    self.subname = true;
                    self.temp[0] = 0;
                    self.mp = 0;
                } else if c == b'"' {
                    self.inside_quote = !self.inside_quote;
                } else if self.subname {
                    if c == b'=' {
                        self.temp[(self.mp as usize).min(NAME_MAX - 1)] = 0;
                        self.subname = false;
                        self.mp = 0;
                    } else if (self.mp as usize) < NAME_MAX - 1 && (c != b' ' || self.inside_quote) {
                        self.temp[self.mp as usize] = c;
                        self.mp += 1;
                    }
                } else if self.temp[0] == 0 {
                    let m = self.mp as usize;
                    if m < NAME_MAX - 1 {
                        self.content_disp[m] = c;
                        self.mp += 1;
                    }
                    let m = self.mp as usize;
                    if m < NAME_MAX {
                        self.content_disp[m] = 0;
                    }
                } else {
                    let t = &self.temp[..cstr_len(&self.temp)];
                    if t == b"name" {
                        if (self.mp as usize) < NAME_MAX - 1 {
                            self.name[self.mp as usize] = c;
                            self.mp += 1;
                        } else {
                            self.mp = NAME_MAX as i64 - 1;
                        }
                        self.name[(self.mp as usize).min(NAME_MAX - 1)] = 0;
                    } else if t == b"filename" {
                        if (self.mp as usize) < FILENAME_MAX - 1 {
                            self.filename[self.mp as usize] = c;
                            self.mp += 1;
                        }
                        self.filename[(self.mp as usize).min(FILENAME_MAX - 1)] = 0;
                    }
                }
            }
            St::MType => {
                if c == b'\r' {
                    self.state = St::MIgnore2;
                } else {
                    let m = self.mp as usize;
                    if m < NAME_MAX - 1 {
                        self.content_type[m] = c;
                        self.mp += 1;
                    }
                    self.content_type[(self.mp as usize).min(NAME_MAX - 1)] = 0;
                }
            }
            St::MIgnore1 => {
                if c == b'\r' {
                    self.state = St::MIgnore2;
                }
                if c == b'-' {
                    self.state = St::MIgnore3;
                }
            }
            St::MIgnore2 => {
                self.mp = 0;
                if c == b'\n' {
                    self.state = St::MHName;
                }
            }
            St::MIgnore3 => {
                if c == b'\r' {
                    self.state = St::MIgnore1;
                }
                if c == b'-' {
                    self.state = St::MDone;
                    h.completed();
                }
            }
            St::MDone => {}
        }
        Ok(1)
    }

    fn set_name_end(&mut self) {
        let p = (self.pos.max(0) as usize).min(NAME_MAX - 1);
        self.name[p] = 0;
    }

    /// Ends the decoder: the pending value (in value state), then CLOSE to
    /// the file callback.  Err when the body was incomplete or a callback
    /// refused (the C library's finalize ignores it).
    pub fn end(&mut self, h: &mut dyn Hooks) -> Result<(), SpaError> {
        if !self.live {
            return Ok(());
        }
        self.live = false;
        let mut r = if self.state == St::UIdle { Ok(()) } else { Err(SpaError) };
        if r.is_ok() {
            let p = self.pos;
            r = self.output(h, true, p, UFS_FINAL_CONTENT);
        }
        self.output(h, false, 0, UFS_CLOSE)?;
        r
    }

    /// Whether the decoder still exists (not finalized).
    pub fn is_live(&self) -> bool {
        self.live
    }

    /// The NUL-terminated string of parameter `n`.
    pub fn string_ptr(&self, n: usize) -> *const u8 {
        match self.params.get(n).copied().flatten() {
            // SAFETY: a stored offset is where a value was written, inside
            // the storage, which never shrinks.  (A pointer handed out
            // earlier is only good until the storage grows: see out_at.)
            Some(Loc::Storage(off)) => unsafe { self.storage.as_ptr().add(off) },
            Some(Loc::Ac(p)) => p,
            None => core::ptr::null(),
        }
    }

    /// The string of parameter `n` (tests).
    pub fn string(&self, n: usize) -> Option<Vec<u8>> {
        let p = self.string_ptr(n);
        if p.is_null() {
            return None;
        }
        let Some(Loc::Storage(off)) = self.params[n] else {
            // SAFETY: an lwsac value, NUL-terminated when it was stored
            // (`output`), in the lwsac that outlives the parser's values.
            return Some(unsafe { core::ffi::CStr::from_ptr(p as *const core::ffi::c_char) }.to_bytes().to_vec());
        };
        Some(self.storage[off..off + cstr_len(&self.storage[off..])].to_vec())
    }
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
// test code: C strings the parser itself handed to the test's hooks
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Rec {
        ev: Vec<(c_int, String, String, Vec<u8>)>,
        done: bool,
    }
    // SAFETY: ac_alloc always answers NULL.
    unsafe impl Hooks for Rec {
        fn file(&mut self, name: *const u8, filename: *const u8, buf: *mut u8, len: c_int, state: c_int) -> c_int {
            let s = |p: *const u8| unsafe { core::ffi::CStr::from_ptr(p as *const _) }.to_string_lossy().into_owned();
            let data =
                if buf.is_null() { Vec::new() } else { unsafe { core::slice::from_raw_parts(buf, len as usize) }.to_vec() };
            self.ev.push((state, s(name), s(filename), data));
            0
        }
        fn has_file_cb(&self) -> bool {
            true
        }
        fn ac_alloc(&mut self, _: usize) -> *mut u8 {
            core::ptr::null_mut()
        }
        fn uses_ac(&self) -> bool {
            false
        }
        fn completed(&mut self) {
            self.done = true;
        }
    }

    fn names() -> Vec<Vec<u8>> {
        ["a", "b", "file", "c"].iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    fn run(ct: Option<&[u8]>, max: c_int, pieces: &[&[u8]]) -> (Spa, Rec, bool) {
        let mut s = Spa::new(names(), max, ct);
        let mut r = Rec::default();
        let mut ok = true;
        for p in pieces {
            if s.process(&mut r, p).is_err() {
                ok = false;
                break;
            }
        }
        let _ = s.end(&mut r);
        (s, r, ok)
    }

    #[test]
    fn urlencoded() {
        let (s, r, ok) = run(None, 1024, &[b"a=hello+w%41rld&b=2&zz=9&c="]);
        assert!(ok);
        assert_eq!(s.string(0).unwrap(), b"hello wArld");
        assert_eq!(s.lengths[0], 11);
        assert_eq!(s.string(1).unwrap(), b"2");
        assert_eq!(s.string(3), None);
        assert_eq!(r.ev, vec![(UFS_CLOSE, "c".into(), "".into(), vec![])]);
    }

    #[test]
    fn urlencoded_pieces_any_size() {
        let body: &[u8] = b"a=he%6Clo&b=x+y&c=last";
        for cut in 0..body.len() {
            for cut2 in cut..body.len() {
                let (s, _, ok) = run(None, 64, &[&body[..cut], &body[cut..cut2], &body[cut2..]]);
                assert!(ok);
                assert_eq!(s.string(0).unwrap(), b"hello");
                assert_eq!(s.string(1).unwrap(), b"x y");
                assert_eq!(s.string(3).unwrap(), b"last");
            }
        }
    }

    #[test]
    fn urlencoded_quirks() {
        let (s, r, _) = run(None, 1024, &[b"a=1&a=2&b&c=3"]);
        assert_eq!((s.string(0).unwrap(), s.lengths[0]), (b"1".to_vec(), 2));
        assert_eq!((s.string(1).unwrap(), s.lengths[1]), (b"".to_vec(), 4));
        assert_eq!(s.string(3), None);
        assert_eq!(r.ev[0].1, "b");
        let (_, _, ok) = run(None, 1024, &[b"a=%zz&b=1"]);
        assert!(!ok);
        let (_, _, ok) = run(None, 1024, &[b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1"]);
        assert!(!ok);
        // storage exhausted
        let (_, _, ok) = run(None, 8, &[b"a=12345678&"]);
        assert!(!ok);
    }

    const CT: &[u8] = b"multipart/form-data; boundary=XyZ";

    #[test]
    fn multipart_fields_and_file() {
        let body: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n--XyZ\r\n\
content-disposition: form-data; name=\"file\"; filename=\"t.txt\"\r\nContent-Type: text/plain\r\n\r\n\
file data\r\nline2\r\n--XyZ--\r\n";
        for cut in 0..body.len() {
            let (s, r, ok) = run(Some(CT), 1024, &[&body[..cut], &body[cut..]]);
            assert!(ok);
            assert!(r.done);
            assert_eq!(s.string(0).unwrap(), b"hello");
            let states: Vec<c_int> = r.ev.iter().map(|e| e.0).collect();
            assert_eq!(states.first(), Some(&UFS_OPEN));
            assert_eq!(states.last(), Some(&UFS_CLOSE));
            let data: Vec<u8> = r.ev.iter().filter(|e| e.0 <= UFS_FINAL_CONTENT).flat_map(|e| e.3.clone()).collect();
            assert_eq!(data, b"file data\r\nline2");
            let n = r.ev.len();
            assert!(r.ev[..n - 1].iter().all(|e| e.1 == "file" && e.2 == "t.txt"));
            // the final boundary cleared the part's names
            assert_eq!((r.ev[n - 1].1.as_str(), r.ev[n - 1].2.as_str()), ("", ""));
        }
    }

    #[test]
    fn multipart_file_pieces_cut_by_storage() {
        let mut body = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n".to_vec();
        body.extend(core::iter::repeat_n(b'x', 100));
        body.extend_from_slice(b"\r\n--XyZ--\r\n");
        let (_, r, ok) = run(Some(CT), 32, &[&body]);
        assert!(ok);
        let lens: Vec<(c_int, usize)> = r.ev.iter().map(|e| (e.0, e.3.len())).collect();
        // pieces of max_storage - 1 (checked on Debian's library)
        assert_eq!(lens[0], (UFS_OPEN, 0));
        assert_eq!(lens[1], (UFS_CONTENT, 31));
    }
}
