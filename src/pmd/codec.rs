//! The per-message codec of permessage-deflate (RFC 7692 section 7.2):
//! raw DEFLATE, each message ended by a sync flush whose `00 00 ff ff` the
//! sender strips and the receiver appends again.
//!
//! Both halves are streaming and socket-free: the caller pushes a message's
//! bytes as they come (any fragmentation, the last push with `fin`) and
//! gets the output appended to a `Vec`.  The inflater is bounded twice, per
//! push and per message, and fails rather than grow past either: a small
//! compressed frame may otherwise inflate to gigabytes.

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use super::{zlib_bits, TAIL};

/// How much output the codec asks zlib for at a time.
const CHUNK: usize = 4096;

/// Why a message could not be coded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodecError {
    /// The compressed data is not valid DEFLATE (or has data after a final
    /// block).  The connection should fail with 1007.
    Invalid,
    /// Inflating would exceed the per-push limit or the per-message
    /// maximum.  The connection should fail with 1009.
    TooBig,
    /// zlib refused to compress (not expected with valid settings).
    Compress,
}

/// The zlib-rs level that compresses as C zlib's `level` does.  zlib-rs
/// (like zlib-ng) runs level 1 as its "quick" strategy with static Huffman
/// trees, whose output is 25-60% larger than C zlib's level 1 on text,
/// JSON and hex (measured on 15-20 KB messages); its level 2 comes within
/// 1-3% of C zlib's level 1, the oracle's default.  Other levels map as
/// they are.
fn backend_level(level: u32) -> u32 {
    if level == 1 {
        2
    } else {
        level
    }
}

/// Compressor of one direction's messages.
pub struct Deflater {
    z: Compress,
    level: u32,
    bits: u8,
    no_context_takeover: bool,
}

impl Deflater {
    /// `level` 0..=9 (larger is clamped), `bits` the agreed window 8..=15
    /// (8 runs as 9, which zlib needs; see [`zlib_bits`]),
    /// `no_context_takeover`: forget the history after each message.
    pub fn new(level: u32, bits: u8, no_context_takeover: bool) -> Deflater {
        let level = level.min(9);
        Deflater {
            z: Self::make(level, bits),
            level,
            bits,
            no_context_takeover,
        }
    }

    fn make(level: u32, bits: u8) -> Compress {
        Compress::new_with_window_bits(Compression::new(backend_level(level)), false, zlib_bits(bits))
    }

    /// Compress `input`, part of a message, appending the compressed bytes
    /// to `out`.  With `fin` the message ends: the sync flush is written
    /// and its trailing `00 00 ff ff` left off, so the message's bytes are
    /// complete (an empty message gives the single byte `00`, RFC 7692
    /// section 7.2.3.6).  Before `fin` the output may be short or empty:
    /// zlib keeps what it has not decided on yet.
    pub fn push(&mut self, input: &[u8], fin: bool, out: &mut Vec<u8>) -> Result<(), CodecError> {
        let start = out.len();
        let flush = if fin {
            FlushCompress::Sync
        } else {
            FlushCompress::None
        };
        let mut rest = input;
        loop {
            out.reserve(CHUNK);
            let before_in = self.z.total_in();
            self.z
                .compress_vec(rest, out, flush)
                .map_err(|_| CodecError::Compress)?;
            rest = &rest[(self.z.total_in() - before_in) as usize..];
            // Done when all input is taken and zlib stopped short of the
            // room it had: nothing is pending.
            if rest.is_empty() && out.len() < out.capacity() {
                break;
            }
        }
        if fin {
            // The sync flush ends in an empty stored block, whose header
            // byte stays and whose LEN/NLEN go.  With nothing new since the
            // last flush (an empty message after another), zlib writes no
            // block at all; the message is then the lone header byte of
            // RFC 7692 section 7.2.3.6, which the peer inflates to nothing.
            if out[start..].ends_with(&TAIL) {
                out.truncate(out.len() - TAIL.len());
            } else {
                out.push(0x00);
            }
            if self.no_context_takeover {
                self.z = Self::make(self.level, self.bits);
            }
        }
        Ok(())
    }

    /// Compress `input`, a part of a message that is not its end, and
    /// flush it (a sync flush, whose `00 00 ff ff` stays: only a message's
    /// end strips it), so that the peer can inflate everything written so
    /// far.  This is what a `lws_write(.., LWS_WRITE_NO_FIN)` sends.
    pub fn push_flushed(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), CodecError> {
        let mut rest = input;
        loop {
            out.reserve(CHUNK);
            let before_in = self.z.total_in();
            self.z
                .compress_vec(rest, out, FlushCompress::Sync)
                .map_err(|_| CodecError::Compress)?;
            rest = &rest[(self.z.total_in() - before_in) as usize..];
            // zlib stopped short of its room: the flush is complete
            if rest.is_empty() && out.len() < out.capacity() {
                return Ok(());
            }
        }
    }

    /// Compress a whole message into a new `Vec`.
    pub fn message(&mut self, msg: &[u8]) -> Result<Vec<u8>, CodecError> {
        let mut out = Vec::new();
        self.push(msg, true, &mut out)?;
        Ok(out)
    }
}

/// Decompressor of one direction's messages.
pub struct Inflater {
    z: Decompress,
    bits: u8,
    no_context_takeover: bool,
    max_message: usize,
    /// Inflated so far in the current message.
    message_len: usize,
    /// A final (BFINAL) block ended the DEFLATE stream inside this message.
    ended: bool,
    /// How much of the stripped tail [`Inflater::step`] has fed so far.
    tail_fed: usize,
}

/// What one [`Inflater::step`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Bytes of the input taken.
    pub consumed: usize,
    /// Inflated bytes written to the output.
    pub produced: usize,
    /// All the input is taken (with `fin`, the tail too) and nothing is
    /// pending: a `fin` message is complete.
    pub done: bool,
}

impl Inflater {
    /// `bits` the agreed window of the peer's compressor (8 runs as 9),
    /// `no_context_takeover`: forget the history after each message too
    /// (only right with a peer known to reset its own; `Agreed::inflater`
    /// never asks for it, see there), `max_message`: the most one message
    /// may inflate to.
    pub fn new(bits: u8, no_context_takeover: bool, max_message: usize) -> Inflater {
        Inflater {
            z: Decompress::new_with_window_bits(false, zlib_bits(bits)),
            bits,
            no_context_takeover,
            max_message,
            message_len: 0,
            ended: false,
            tail_fed: 0,
        }
    }

    /// Inflated bytes of the current message so far.
    pub fn message_len(&self) -> usize {
        self.message_len
    }

    /// Inflate `input`, part of a compressed message, appending at most
    /// `limit` bytes to `out`; with `fin` the message ends (the stripped
    /// `00 00 ff ff` is put back) and the next push starts a new one.
    ///
    /// Errors, after which the inflater should not be used again:
    /// [`CodecError::TooBig`] when this push would append more than `limit`
    /// bytes or the message would exceed the maximum given to
    /// [`Inflater::new`] (nothing past either bound is appended: zlib
    /// inflates into a fixed 4 KiB scratch buffer first);
    /// [`CodecError::Invalid`] for bad DEFLATE data.
    pub fn push(
        &mut self,
        input: &[u8],
        fin: bool,
        out: &mut Vec<u8>,
        limit: usize,
    ) -> Result<(), CodecError> {
        let start = out.len();
        let mut buf = [0u8; CHUNK];
        let mut rest = input;
        loop {
            let s = self.step(rest, fin, &mut buf)?;
            if out.len() - start + s.produced > limit {
                return Err(CodecError::TooBig);
            }
            out.extend_from_slice(&buf[..s.produced]);
            rest = &rest[s.consumed..];
            if s.done {
                return Ok(());
            }
        }
    }

    /// One bounded step of inflating a message's bytes: takes what it can
    /// of `input` (with `fin`, then the stripped tail) and writes at most
    /// `out.len()` inflated bytes.  Call again with the rest of the input
    /// (`input[consumed..]`) until [`Step::done`]: the input is taken and
    /// zlib holds no more output.  So the inflated data is handed on in
    /// pieces no larger than `out`, however much one compressed frame
    /// holds, and nothing is buffered beyond zlib's window.
    pub fn step(&mut self, input: &[u8], fin: bool, out: &mut [u8]) -> Result<Step, CodecError> {
        let mut consumed = 0;
        let mut produced = 0;
        loop {
            let tail = consumed == input.len() && fin;
            let src: &[u8] = if !tail { &input[consumed..] } else { &TAIL[self.tail_fed..] };
            if self.ended {
                // after a final block only the tail we append may follow
                if !tail && !src.is_empty() {
                    return Err(CodecError::Invalid);
                }
                if tail {
                    self.tail_fed = TAIL.len();
                }
            }
            if !self.ended && (!src.is_empty() || produced < out.len()) {
                let before_in = self.z.total_in();
                let before_out = self.z.total_out();
                let status = self
                    .z
                    .decompress(src, &mut out[produced..], FlushDecompress::Sync)
                    .map_err(|_| CodecError::Invalid)?;
                let took = (self.z.total_in() - before_in) as usize;
                let n = (self.z.total_out() - before_out) as usize;
                if self.message_len + n > self.max_message {
                    return Err(CodecError::TooBig);
                }
                self.message_len += n;
                produced += n;
                if tail {
                    self.tail_fed += took;
                } else {
                    consumed += took;
                }
                if status == Status::StreamEnd {
                    self.ended = true;
                }
                if took > 0 && produced < out.len() {
                    continue;
                }
                if took == 0 && n == 0 && !src.is_empty() && produced < out.len() {
                    // zlib neither takes input nor gives output though it
                    // has room: the stream cannot go on
                    return Err(CodecError::Invalid);
                }
            }
            let all_in = consumed == input.len() && (!fin || self.tail_fed == TAIL.len());
            // zlib stopped with room to spare: it holds nothing more
            let done = all_in && produced < out.len();
            if done && fin {
                if self.no_context_takeover || self.ended {
                    self.z = Decompress::new_with_window_bits(false, zlib_bits(self.bits));
                }
                self.message_len = 0;
                self.ended = false;
                self.tail_fed = 0;
            }
            return Ok(Step { consumed, produced, done });
        }
    }
}

#[cfg(test)]
mod tests;
