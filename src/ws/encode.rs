//! Frame encoding, the libwebsockets way: the payload already sits in the
//! caller's buffer with at least `LWS_PRE` writable bytes before it; the
//! header is written immediately before the payload so header and payload
//! go out with a single write, and the payload is never copied (client-side
//! masking happens in place).

use super::frame::apply_mask;
use super::{OpCode, MAX_CONTROL_PAYLOAD};

/// Longest reason `lws_close_reason` keeps (125 - 2 code bytes).
pub const MAX_CLOSE_REASON: usize = 123;


/// Header length for a payload of `len` bytes.
#[inline]
pub fn header_len(len: usize, masked: bool) -> usize {
    let base = if len < 126 {
        2
    } else if len <= 0xffff {
        4
    } else {
        10
    };
    base + if masked { 4 } else { 0 }
}

/// Error: not enough headroom before the payload for the header, or a
/// control payload over 125 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodeError {
    NoHeadroom,
    ControlTooLong,
}

/// Write the header into `out` (at least 14 bytes) and return its length.
pub fn encode_header(
    out: &mut [u8],
    opcode: OpCode,
    fin: bool,
    len: usize,
    mask: Option<[u8; 4]>,
) -> usize {
    out[0] = (if fin { 0x80 } else { 0 }) | opcode as u8;
    let mbit = if mask.is_some() { 0x80 } else { 0 };
    let mut n = if len < 126 {
        out[1] = mbit | len as u8;
        2
    } else if len <= 0xffff {
        out[1] = mbit | 126;
        out[2..4].copy_from_slice(&(len as u16).to_be_bytes());
        4
    } else {
        out[1] = mbit | 127;
        out[2..10].copy_from_slice(&(len as u64).to_be_bytes());
        10
    };
    if let Some(m) = mask {
        out[n..n + 4].copy_from_slice(&m);
        n += 4;
    }
    n
}

/// Frame the payload `buf[payload_start..payload_start + payload_len]` in
/// place: write the header right before it (masking the payload in place
/// when `mask` is given) and return the start index of the frame; the
/// frame is `buf[start..payload_start + payload_len]`.
pub fn frame_in_place(
    buf: &mut [u8],
    payload_start: usize,
    payload_len: usize,
    opcode: OpCode,
    fin: bool,
    mask: Option<[u8; 4]>,
) -> Result<usize, EncodeError> {
    if opcode.is_control() && payload_len > MAX_CONTROL_PAYLOAD {
        return Err(EncodeError::ControlTooLong);
    }
    let hl = header_len(payload_len, mask.is_some());
    if payload_start < hl || payload_start + payload_len > buf.len() {
        return Err(EncodeError::NoHeadroom);
    }
    let start = payload_start - hl;
    let mut h = [0u8; 14];
    let n = encode_header(&mut h, opcode, fin, payload_len, mask);
    debug_assert_eq!(n, hl);
    buf[start..payload_start].copy_from_slice(&h[..n]);
    if let Some(m) = mask {
        apply_mask(&mut buf[payload_start..payload_start + payload_len], m, 0);
    }
    Ok(start)
}

/// Map `lws_write`'s `enum lws_write_protocol` (with `LWS_WRITE_NO_FIN`) to
/// opcode and FIN.  `None` for non-WebSocket values (HTTP writes).
pub fn opcode_for_write(wp: u32) -> Option<(OpCode, bool)> {
    use crate::abi::write::{lws_write_protocol as W, WriteFlags, WRITE_KIND_MASK};
    let wp = wp as core::ffi::c_int;
    let fin = !WriteFlags::from_bits_retain(wp).contains(WriteFlags::NO_FIN);
    let op = match wp & WRITE_KIND_MASK {
        k if k == W::LWS_WRITE_TEXT as core::ffi::c_int => OpCode::Text,
        k if k == W::LWS_WRITE_BINARY as core::ffi::c_int => OpCode::Binary,
        k if k == W::LWS_WRITE_CONTINUATION as core::ffi::c_int => OpCode::Continuation,
        k if k == W::LWS_WRITE_PING as core::ffi::c_int => OpCode::Ping,
        k if k == W::LWS_WRITE_PONG as core::ffi::c_int => OpCode::Pong,
        _ => return None,
    };
    Some((op, fin))
}

/// Build a close payload like `lws_close_reason`: the 2-byte code (always,
/// even code 0) then the reason truncated to 123 bytes.  Returns the length
/// written into `out`.
pub fn close_payload(code: u16, reason: &[u8], out: &mut [u8; MAX_CONTROL_PAYLOAD]) -> usize {
    let r = &reason[..reason.len().min(MAX_CLOSE_REASON)];
    out[..2].copy_from_slice(&code.to_be_bytes());
    out[2..2 + r.len()].copy_from_slice(r);
    2 + r.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ws::frame::{OwnedEvent, Parser, ParserConfig};
    use crate::ws::LWS_PRE;

    #[test]
    fn header_sizes() {
        assert_eq!(header_len(0, false), 2);
        assert_eq!(header_len(125, false), 2);
        assert_eq!(header_len(126, false), 4);
        assert_eq!(header_len(65535, false), 4);
        assert_eq!(header_len(65536, false), 10);
        assert_eq!(header_len(65536, true), 14);
        assert!(header_len(usize::MAX >> 1, true) <= LWS_PRE);
    }

    #[test]
    fn in_place_roundtrip_all_sizes() {
        for &len in &[0usize, 1, 5, 125, 126, 127, 1000, 65535, 65536, 70000] {
            for &masked in &[false, true] {
                let payload: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
                let mut buf = vec![0u8; LWS_PRE + len];
                buf[LWS_PRE..].copy_from_slice(&payload);
                let mask = masked.then_some([9, 8, 7, 6]);
                let start =
                    frame_in_place(&mut buf, LWS_PRE, len, OpCode::Binary, true, mask).unwrap();
                assert_eq!(LWS_PRE - start, header_len(len, masked));
                // parse it back with the matching role
                let mut p = Parser::new(if masked {
                    ParserConfig::server(0)
                } else {
                    ParserConfig::client(0)
                });
                let mut ev = Vec::new();
                p.feed_collect(&mut buf[start..], &mut ev);
                let got: Vec<u8> = ev
                    .iter()
                    .flat_map(|e| match e {
                        OwnedEvent::Data(d, _) => d.clone(),
                        other => panic!("{other:?}"),
                    })
                    .collect();
                assert_eq!(got, payload);
                match ev.last().unwrap() {
                    OwnedEvent::Data(_, piece) => assert!(piece.last),
                    _ => unreachable!(),
                }
            }
        }
    }

    #[test]
    fn headroom_and_control_limits() {
        let mut buf = [0u8; 20];
        assert_eq!(
            frame_in_place(&mut buf, 1, 5, OpCode::Text, true, None),
            Err(EncodeError::NoHeadroom)
        );
        assert_eq!(
            frame_in_place(&mut buf, 5, 5, OpCode::Text, true, Some([1, 2, 3, 4])),
            Err(EncodeError::NoHeadroom)
        );
        let mut big = [0u8; 200];
        assert_eq!(
            frame_in_place(&mut big, 16, 126, OpCode::Ping, true, None),
            Err(EncodeError::ControlTooLong)
        );
        let s = frame_in_place(&mut buf, 2, 3, OpCode::Text, false, None).unwrap();
        assert_eq!(s, 0);
        assert_eq!(buf[0], 0x01);
        assert_eq!(buf[1], 3);
    }

    #[test]
    fn write_protocol_mapping() {
        assert_eq!(opcode_for_write(0), Some((OpCode::Text, true)));
        assert_eq!(opcode_for_write(1 | 0x40), Some((OpCode::Binary, false)));
        assert_eq!(opcode_for_write(2), Some((OpCode::Continuation, true)));
        assert_eq!(
            opcode_for_write(2 | 0x40),
            Some((OpCode::Continuation, false))
        );
        assert_eq!(opcode_for_write(5), Some((OpCode::Ping, true)));
        assert_eq!(opcode_for_write(6), Some((OpCode::Pong, true)));
        assert_eq!(opcode_for_write(3), None);
        assert_eq!(opcode_for_write(1 | 0x80), Some((OpCode::Binary, true)));
    }

    #[test]
    fn close_payload_truncation_matches_oracle() {
        let mut out = [0u8; 125];
        let reason: Vec<u8> = (0..200).map(|i| b'a' + (i % 26) as u8).collect();
        // oracle: reason 200 and 124 bytes -> 125-byte payload
        assert_eq!(close_payload(1000, &reason, &mut out), 125);
        assert_eq!(&out[..4], b"\x03\xe8ab");
        assert_eq!(close_payload(4000, &reason[..124], &mut out), 125);
        assert_eq!(close_payload(4000, &reason[..123], &mut out), 125);
        // oracle: code 0 is still sent as two zero bytes
        assert_eq!(close_payload(0, b"", &mut out), 2);
        assert_eq!(&out[..2], b"\0\0");
        assert_eq!(close_payload(1001, b"abcde", &mut out), 7);
        assert_eq!(&out[..7], b"\x03\xe9abcde");
    }
}
