use super::*;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Data that compresses somewhat: runs from a small alphabet mixed
    /// with copies of earlier stretches, plus some noise.
    fn data(&mut self, len: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(len);
        while v.len() < len {
            match self.below(3) {
                0 if v.len() > 16 => {
                    let from = self.below(v.len() - 8);
                    let n = 1 + self.below(v.len() - from);
                    for i in 0..n.min(len - v.len()) {
                        v.push(v[from + i]);
                    }
                }
                1 => v.push(self.next() as u8),
                _ => v.push(b'a' + self.below(6) as u8),
            }
        }
        v
    }
    /// `data` cut into random pieces (empty ones included).
    fn pieces<'a>(&mut self, data: &'a [u8]) -> Vec<&'a [u8]> {
        let mut v = Vec::new();
        let mut rest = data;
        while !rest.is_empty() {
            let n = self.below(rest.len().min(3000) + 1);
            let (a, b) = rest.split_at(n);
            v.push(a);
            rest = b;
        }
        v
    }
}

fn deflate_pieces(d: &mut Deflater, pieces: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in pieces {
        d.push(p, false, &mut out).unwrap();
    }
    d.push(&[], true, &mut out).unwrap();
    out
}

fn inflate_pieces(i: &mut Inflater, pieces: &[&[u8]]) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::new();
    for p in pieces {
        i.push(p, false, &mut out, usize::MAX)?;
    }
    i.push(&[], true, &mut out, usize::MAX)?;
    Ok(out)
}

fn inflate(i: &mut Inflater, msg: &[u8]) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::new();
    i.push(msg, true, &mut out, usize::MAX)?;
    Ok(out)
}

/// RFC 7692 section 7.2.3.1 and 7.2.3.2: "Hello" compressed, without and
/// with context takeover.
#[test]
fn rfc_hello_examples() {
    let hello = [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00];
    let mut d = Deflater::new(1, 15, true);
    assert_eq!(d.message(b"Hello").unwrap(), hello);
    assert_eq!(d.message(b"Hello").unwrap(), hello);

    // The RFC's second message is what zlib writes from level 2 up ...
    let mut d = Deflater::new(6, 15, false);
    assert_eq!(d.message(b"Hello").unwrap(), hello);
    assert_eq!(d.message(b"Hello").unwrap(), [0xf2, 0x00, 0x11, 0x00, 0x00]);
    // ... and from libwebsockets' default level 1, which runs as zlib-rs'
    // level 2 (see backend_level), C zlib's writes the same
    let mut d = Deflater::new(1, 15, false);
    assert_eq!(d.message(b"Hello").unwrap(), hello);
    assert_eq!(d.message(b"Hello").unwrap(), [0xf2, 0x00, 0x11, 0x00, 0x00]);

    // And back: the receiver keeps the context for the second one.
    let mut i = Inflater::new(15, false, 1 << 20);
    assert_eq!(inflate(&mut i, &hello).unwrap(), b"Hello");
    assert_eq!(
        inflate(&mut i, &[0xf2, 0x00, 0x11, 0x00, 0x00]).unwrap(),
        b"Hello"
    );
    assert_eq!(
        inflate(&mut i, &[0x02, 0x13, 0x00, 0x00]).unwrap(),
        b"Hello"
    );

    // 7.2.3.1 also shows "Hello" cut into two fragments.
    let mut i = Inflater::new(15, true, 1 << 20);
    assert_eq!(
        inflate_pieces(&mut i, &[&[0xf2, 0x48, 0xcd], &[0xc9, 0xc9, 0x07, 0x00]]).unwrap(),
        b"Hello"
    );
}

/// 7.2.3.3: a stored (uncompressed) block; 7.2.3.5: two DEFLATE blocks in
/// one message.
#[test]
fn rfc_other_block_examples() {
    let mut i = Inflater::new(15, true, 1 << 20);
    let stored = [
        0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00,
    ];
    assert_eq!(inflate(&mut i, &stored).unwrap(), b"Hello");
    let two = [
        0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00,
    ];
    assert_eq!(inflate(&mut i, &two).unwrap(), b"Hello");
}

/// 7.2.3.4: a final (BFINAL) block, after which a new stream starts.
#[test]
fn bfinal_block_restarts_the_stream() {
    let mut i = Inflater::new(15, false, 1 << 20);
    let fin = [0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00];
    assert_eq!(inflate(&mut i, &fin).unwrap(), b"Hello");
    assert_eq!(inflate(&mut i, &fin).unwrap(), b"Hello");
    // Data after the final block inside the same message is invalid.
    let mut junk = fin.to_vec();
    junk.extend_from_slice(&[0xf2, 0x48, 0xcd]);
    assert_eq!(inflate(&mut i, &junk), Err(CodecError::Invalid));
}

/// 7.2.3.6: an empty message is the single byte 00, with or without
/// context takeover, and inflates to nothing.
#[test]
fn empty_message() {
    for takeover in [false, true] {
        let mut d = Deflater::new(1, 15, !takeover);
        let mut i = Inflater::new(15, !takeover, 16);
        for _ in 0..3 {
            let c = d.message(b"").unwrap();
            assert_eq!(c, [0x00]);
            assert_eq!(inflate(&mut i, &c).unwrap(), b"");
            let c = d.message(b"abc").unwrap();
            assert_eq!(inflate(&mut i, &c).unwrap(), b"abc");
        }
    }
    // An empty frame body (no byte at all) is also an empty message.
    let mut i = Inflater::new(15, false, 16);
    assert_eq!(inflate(&mut i, &[]).unwrap(), b"");
}

#[test]
fn random_round_trips_in_random_fragments() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..40 {
        let bits = [8, 9, 12, 15][round % 4];
        let takeover = round % 3 != 0;
        let level = (round % 10) as u32;
        let mut d = Deflater::new(level, bits, !takeover);
        let mut i = Inflater::new(bits, !takeover, 1 << 22);
        for _ in 0..4 {
            let len = match rng.below(4) {
                0 => rng.below(10),
                1 => rng.below(2000),
                _ => rng.below(100_000),
            };
            let msg = rng.data(len);
            let pieces = rng.pieces(&msg);
            let c = deflate_pieces(&mut d, &pieces);
            let cpieces = rng.pieces(&c);
            let back = inflate_pieces(&mut i, &cpieces).unwrap();
            assert!(
                back == msg,
                "round {round}: {} vs {} bytes",
                back.len(),
                msg.len()
            );
        }
    }
}

/// With context takeover a repeated message gets much shorter the second
/// time; without, it compresses the same each time, and an inflater
/// without the context cannot decode a message that needs it.
#[test]
fn context_takeover_across_messages() {
    let mut rng = Rng(7);
    let msg: Vec<u8> = (0..5000).map(|_| rng.next() as u8).collect();
    let mut d = Deflater::new(6, 15, false);
    let first = d.message(&msg).unwrap();
    let second = d.message(&msg).unwrap();
    assert!(
        second.len() * 10 < first.len(),
        "{} vs {}",
        second.len(),
        first.len()
    );
    let mut i = Inflater::new(15, false, 1 << 20);
    assert_eq!(inflate(&mut i, &first).unwrap(), msg);
    assert_eq!(inflate(&mut i, &second).unwrap(), msg);
    // A receiver that (wrongly) resets cannot follow the back-references.
    let mut reset = Inflater::new(15, true, 1 << 20);
    assert_eq!(inflate(&mut reset, &first).unwrap(), msg);
    assert_eq!(inflate(&mut reset, &second), Err(CodecError::Invalid));

    let mut d = Deflater::new(6, 15, true);
    let a = d.message(&msg).unwrap();
    let b = d.message(&msg).unwrap();
    assert_eq!(a, b);
    // (A fresh inflater: one that failed is not used again.)
    let mut reset = Inflater::new(15, true, 1 << 20);
    assert_eq!(inflate(&mut reset, &a).unwrap(), msg);
    assert_eq!(inflate(&mut reset, &b).unwrap(), msg);
}

/// The window bits bound how far back a reference reaches: data repeating
/// at a distance of 3000 compresses well with a 15-bit window and not with
/// a 9-bit (512-byte) one, which is what 8 runs as.
#[test]
fn window_bits_8_and_15() {
    let mut rng = Rng(99);
    let block: Vec<u8> = (0..3000).map(|_| rng.next() as u8).collect();
    let msg: Vec<u8> = block.iter().chain(&block).chain(&block).copied().collect();
    let c15 = Deflater::new(9, 15, true).message(&msg).unwrap();
    let c8 = Deflater::new(9, 8, true).message(&msg).unwrap();
    assert!(c15.len() < 3300, "{}", c15.len());
    assert!(c8.len() > 8900, "{}", c8.len());
    assert_eq!(
        inflate(&mut Inflater::new(8, true, 1 << 20), &c8).unwrap(),
        msg
    );
    assert_eq!(
        inflate(&mut Inflater::new(15, true, 1 << 20), &c8).unwrap(),
        msg
    );
    assert_eq!(
        inflate(&mut Inflater::new(15, true, 1 << 20), &c15).unwrap(),
        msg
    );
    // A 15-bit stream's 3000-byte references are too far for a 9-bit
    // inflater (zlib lets a reference reach into what the same inflate
    // call has already written, so this needs more than one 4 KiB chunk).
    assert_eq!(
        inflate(&mut Inflater::new(8, true, 1 << 20), &c15),
        Err(CodecError::Invalid)
    );
}

/// A zip bomb: 64 MiB of zeros compress to ~64 KiB; inflating it stops at
/// the bound, per push and per message, without allocating past it.
#[test]
fn bomb_is_bounded() {
    let mut d = Deflater::new(9, 15, true);
    let mut bomb = Vec::new();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        d.push(&zeros, false, &mut bomb).unwrap();
    }
    d.push(&[], true, &mut bomb).unwrap();
    assert!(bomb.len() < 100_000, "{}", bomb.len());

    // Per message.
    let mut i = Inflater::new(15, true, 1 << 20);
    let mut out = Vec::new();
    assert_eq!(
        i.push(&bomb, true, &mut out, usize::MAX),
        Err(CodecError::TooBig)
    );
    assert!(out.len() <= 1 << 20);
    assert!(out.capacity() <= 2 << 20, "{}", out.capacity());

    // Per push: the limit is what one push may append.
    let mut i = Inflater::new(15, true, usize::MAX);
    let mut out = Vec::new();
    assert_eq!(
        i.push(&bomb[..1000], false, &mut out, 4096),
        Err(CodecError::TooBig)
    );
    assert!(out.len() <= 4096);

    // The same bound across pushes of one message.
    let mut i = Inflater::new(15, true, 100_000);
    let mut out = Vec::new();
    let r = bomb
        .chunks(10)
        .try_for_each(|c| i.push(c, false, &mut out, usize::MAX));
    assert_eq!(r, Err(CodecError::TooBig));
    assert!(out.len() <= 100_000);

    // Exactly at the bound is fine.
    let mut i = Inflater::new(15, true, 5);
    assert_eq!(
        inflate(&mut i, &[0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]).unwrap(),
        b"Hello"
    );
    let mut i = Inflater::new(15, true, 4);
    assert_eq!(
        inflate(&mut i, &[0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]),
        Err(CodecError::TooBig)
    );
}

/// A receive loop that hands on at most `rx_buf_size` per push by feeding
/// the compressed data in small pieces, as the connection code will.
#[test]
fn bounded_pushes_deliver_everything() {
    let mut rng = Rng(3);
    let msg = rng.data(200_000);
    let c = Deflater::new(1, 15, false).message(&msg).unwrap();
    let mut i = Inflater::new(15, false, 1 << 20);
    let mut got = Vec::new();
    for piece in c.chunks(16) {
        let mut out = Vec::new();
        // 16 compressed bytes never inflate past 258 * 16 * 8 bytes.
        i.push(piece, false, &mut out, 64 * 1024).unwrap();
        got.extend_from_slice(&out);
    }
    i.push(&[], true, &mut got, 64 * 1024).unwrap();
    assert_eq!(got, msg);
    assert_eq!(i.message_len(), 0);
}

#[test]
fn invalid_data_is_an_error() {
    // BTYPE 11 is reserved.
    assert_eq!(
        inflate(&mut Inflater::new(15, true, 1 << 20), &[0xff, 0xff]),
        Err(CodecError::Invalid)
    );
    // A stored block whose NLEN is not the complement of LEN.
    assert_eq!(
        inflate(
            &mut Inflater::new(15, true, 1 << 20),
            &[0x00, 0x05, 0x00, 0x00, 0x00, b'H']
        ),
        Err(CodecError::Invalid)
    );
    // A back-reference before the start of the stream.
    let mut d = Deflater::new(1, 15, false);
    d.message(b"Hello").unwrap();
    let needs_context = d.message(b"Hello").unwrap();
    assert_eq!(
        inflate(&mut Inflater::new(15, true, 1 << 20), &needs_context),
        Err(CodecError::Invalid)
    );
    // Random garbage never panics and never yields more than the bound.
    let mut rng = Rng(12345);
    for _ in 0..500 {
        let junk: Vec<u8> = (0..rng.below(200)).map(|_| rng.next() as u8).collect();
        let mut i = Inflater::new(15, false, 10_000);
        let mut out = Vec::new();
        let _ = i.push(&junk, true, &mut out, usize::MAX);
        assert!(out.len() <= 10_000);
    }
}
/// A real frame of the oracle: the first message Debian's
/// libwebsockets-test-server (4.1.6, protocol lws-status, default
/// pm_deflate options) sends after answering `permessage-deflate` to
/// `permessage-deflate; client_max_window_bits`; one frame, FIN and RSV1
/// set, opcode text, 110 payload bytes.  It is C zlib's level 1 output with
/// the sync flush's tail stripped (Python's zlib, level 1, -15 bits,
/// memLevel 8 writes the same bytes).  zlib-rs codes the same message
/// differently at level 1 (`aa 56 50 2a ...`, 131 bytes), so this crate's
/// compressed frames are not the oracle's bytes; both inflate to the same.
const ORACLE_FRAME: &str = "248bc10a843010437f4572768b159de2fcca22224bc51e6cc571f520febba326a7bc\
    244786cd2f125204a332d6d00779865da44b5a7463a9bcb8d198648dfde4356fd3bb09f7a77ada5f8a51c0df03\
    b3f78b72e641c5b674a6505be458c3f3b6ae21a2c6d5a4ecdfeb16677b5e00";

#[test]
fn inflates_the_oracles_frame() {
    let bytes: Vec<u8> = (0..ORACLE_FRAME.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&ORACLE_FRAME[i..i + 2], 16).unwrap())
        .collect();
    assert_eq!(bytes.len(), 110);
    let mut i = Inflater::new(15, false, 1024);
    let text = inflate(&mut i, &bytes).unwrap();
    assert_eq!(
        text,
        &br#"{ "version":"4.1.6-", "wss_over_h2":"0", "hostname":"vm", "wsi":"440", "conns":[{"peer":"::ffff:127.0.0.1","time":"1796669756","ua":""}]}"#[..]
    );
    // And our own coding of it round-trips, whatever its bytes.
    let ours = Deflater::new(1, 15, false).message(&text).unwrap();
    assert_eq!(
        inflate(&mut Inflater::new(15, false, 1024), &ours).unwrap(),
        text
    );
}

/// Inflates a message given in `pieces` with [`Inflater::step`] into
/// `cap`-byte outputs, checking that no output exceeds `cap`.
fn step_pieces(i: &mut Inflater, pieces: &[&[u8]], cap: usize) -> Result<(Vec<u8>, usize), CodecError> {
    let mut all = Vec::new();
    let mut buf = vec![0u8; cap];
    let mut outputs = 0;
    for (k, p) in pieces.iter().enumerate() {
        let fin = k + 1 == pieces.len();
        let mut rest: &[u8] = p;
        loop {
            let s = i.step(rest, fin, &mut buf)?;
            assert!(s.produced <= cap);
            all.extend_from_slice(&buf[..s.produced]);
            outputs += 1;
            rest = &rest[s.consumed..];
            if s.done {
                assert!(rest.is_empty());
                break;
            }
        }
    }
    Ok((all, outputs))
}

#[test]
fn steps_give_what_pushes_give_in_bounded_outputs() {
    let mut rng = Rng(0x5eed_cafe);
    for round in 0..40 {
        let takeover = round % 2 == 0;
        let mut d = Deflater::new(1 + (round % 9) as u32, 15, !takeover);
        let mut inf = Inflater::new(15, false, usize::MAX);
        for _ in 0..3 {
            let len = rng.below(12_000);
            let msg = rng.data(len);
            let comp = d.message(&msg).unwrap();
            let mut pieces = rng.pieces(&comp);
            pieces.push(&[]);
            let cap = [1, 7, 1024, 4096][rng.below(4)];
            let (got, _) = step_pieces(&mut inf, &pieces, cap).unwrap();
            assert_eq!(got, msg, "round {round} cap {cap}");
        }
    }
}

#[test]
fn steps_of_a_bomb_stay_bounded() {
    // 4 MiB of zeros compress to a few KiB; stepping hands them on in
    // 1 KiB outputs without holding more
    let mut d = Deflater::new(9, 15, false);
    let zeros = vec![0u8; 4 << 20];
    let comp = d.message(&zeros).unwrap();
    assert!(comp.len() < 64 << 10);
    let mut inf = Inflater::new(15, false, usize::MAX);
    let mut buf = [0u8; 1024];
    let (mut rest, mut total, mut steps) = (&comp[..], 0usize, 0usize);
    loop {
        let s = inf.step(rest, true, &mut buf).unwrap();
        total += s.produced;
        steps += 1;
        rest = &rest[s.consumed..];
        if s.done {
            break;
        }
    }
    assert_eq!(total, zeros.len());
    assert!(steps >= zeros.len() / 1024);
    // and a message limit stops it
    let mut inf = Inflater::new(15, false, 1 << 20);
    let mut rest = &comp[..];
    let err = loop {
        match inf.step(rest, true, &mut buf) {
            Ok(s) => rest = &rest[s.consumed..],
            Err(e) => break e,
        }
    };
    assert_eq!(err, CodecError::TooBig);
}

#[test]
fn steps_refuse_bad_data_and_data_after_a_final_block() {
    let mut inf = Inflater::new(15, false, usize::MAX);
    let mut buf = [0u8; 64];
    assert_eq!(inf.step(&[0xff, 0xff, 0xff], true, &mut buf), Err(CodecError::Invalid));
    let mut inf = Inflater::new(15, false, usize::MAX);
    let fin = [0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00];
    let s = inf.step(&fin, true, &mut buf).unwrap();
    assert_eq!((&buf[..s.produced], s.done), (&b"Hello"[..], true));
    let mut junk = fin.to_vec();
    junk.extend_from_slice(&[0xf2, 0x48, 0xcd]);
    let r = (|| {
        let mut rest = &junk[..];
        loop {
            let s = inf.step(rest, true, &mut buf)?;
            rest = &rest[s.consumed..];
            if s.done {
                return Ok(());
            }
        }
    })();
    assert_eq!(r, Err(CodecError::Invalid));
}

#[test]
fn flushed_parts_then_a_final_part_make_one_message() {
    let mut rng = Rng(77);
    let mut d = Deflater::new(1, 15, false);
    let mut inf = Inflater::new(15, false, usize::MAX);
    for _ in 0..5 {
        let parts: Vec<Vec<u8>> = (0..4).map(|_| { let n = rng.below(9000); rng.data(n) }).collect();
        let mut wire = Vec::new();
        for p in &parts[..3] {
            let mut out = Vec::new();
            d.push_flushed(p, &mut out).unwrap();
            // each flushed part is decodable on its own arrival
            assert!(out.ends_with(&TAIL));
            wire.extend_from_slice(&out);
        }
        let mut out = Vec::new();
        d.push(&parts[3], true, &mut out).unwrap();
        wire.extend_from_slice(&out);
        assert_eq!(inflate(&mut inf, &wire).unwrap(), parts.concat());
    }
}
