//! C-ABI types and constants of `libwebsockets/lws-lejp.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::lejp`.

use core::ffi::*;

pub const LEJP_FLAG_WS_KEEP: c_int = 64;

pub const LEJP_FLAG_WS_COMMENTLINE: c_int = 32;

/// Callback reasons with this bit carry a value in `ctx->buf`.
pub const LEJP_FLAG_CB_IS_VALUE: c_int = 64;

pub const LEJP_MAX_PARSING_STACK_DEPTH: usize = 5;

pub const LEJP_MAX_DEPTH: usize = 12;

pub const LEJP_MAX_INDEX_DEPTH: usize = 5;

pub const LEJP_MAX_PATH: usize = 128;

pub const LEJP_STRING_CHUNK: usize = 254;

/// Parser states (`_lejp_stack.s`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lejp_states {
    LEJP_IDLE = 0,
    LEJP_MEMBERS = 1,
    LEJP_M_P = 2,
    LEJP_MP_STRING = 64 | 3,
    LEJP_MP_STRING_ESC = 64 | 4,
    LEJP_MP_STRING_ESC_U1 = 64 | 5,
    LEJP_MP_STRING_ESC_U2 = 64 | 6,
    LEJP_MP_STRING_ESC_U3 = 64 | 7,
    LEJP_MP_STRING_ESC_U4 = 64 | 8,
    LEJP_MP_DELIM = 9,
    LEJP_MP_VALUE = 10,
    LEJP_MP_VALUE_NUM_INT = 64 | 11,
    LEJP_MP_VALUE_NUM_EXP = 64 | 12,
    LEJP_MP_VALUE_TOK = 64 | 13,
    LEJP_MP_COMMA_OR_END = 14,
    LEJP_MP_ARRAY_END = 15,
}

/// `lejp_parse` results: `LEJP_CONTINUE` or a rejection.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lejp_reasons {
    LEJP_CONTINUE = -1,
    LEJP_REJECT_IDLE_NO_BRACE = -2,
    LEJP_REJECT_MEMBERS_NO_CLOSE = -3,
    LEJP_REJECT_MP_NO_OPEN_QUOTE = -4,
    LEJP_REJECT_MP_STRING_UNDERRUN = -5,
    LEJP_REJECT_MP_ILLEGAL_CTRL = -6,
    LEJP_REJECT_MP_STRING_ESC_ILLEGAL_ESC = -7,
    LEJP_REJECT_ILLEGAL_HEX = -8,
    LEJP_REJECT_MP_DELIM_MISSING_COLON = -9,
    LEJP_REJECT_MP_DELIM_BAD_VALUE_START = -10,
    LEJP_REJECT_MP_VAL_NUM_INT_NO_FRAC = -11,
    LEJP_REJECT_MP_VAL_NUM_FORMAT = -12,
    LEJP_REJECT_MP_VAL_NUM_EXP_BAD_EXP = -13,
    LEJP_REJECT_MP_VAL_TOK_UNKNOWN = -14,
    LEJP_REJECT_MP_C_OR_E_UNDERF = -15,
    LEJP_REJECT_MP_C_OR_E_NOTARRAY = -16,
    LEJP_REJECT_MP_ARRAY_END_MISSING = -17,
    LEJP_REJECT_STACK_OVERFLOW = -18,
    LEJP_REJECT_MP_DELIM_ISTACK = -19,
    LEJP_REJECT_NUM_TOO_LONG = -20,
    LEJP_REJECT_MP_C_OR_E_NEITHER = -21,
    LEJP_REJECT_UNKNOWN = -22,
    LEJP_REJECT_CALLBACK = -23,
}

/// Callback reasons.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lejp_callbacks {
    LEJPCB_CONSTRUCTED = 0,
    LEJPCB_DESTRUCTED = 1,
    LEJPCB_START = 2,
    LEJPCB_COMPLETE = 3,
    LEJPCB_FAILED = 4,
    LEJPCB_PAIR_NAME = 5,
    LEJPCB_VAL_TRUE = 64 | 6,
    LEJPCB_VAL_FALSE = 64 | 7,
    LEJPCB_VAL_NULL = 64 | 8,
    LEJPCB_VAL_NUM_INT = 64 | 9,
    LEJPCB_VAL_NUM_FLOAT = 64 | 10,
    LEJPCB_VAL_STR_START = 11,
    LEJPCB_VAL_STR_CHUNK = 64 | 12,
    LEJPCB_VAL_STR_END = 64 | 13,
    LEJPCB_ARRAY_START = 14,
    LEJPCB_ARRAY_END = 15,
    LEJPCB_OBJECT_START = 16,
    LEJPCB_OBJECT_END = 17,
}

/// What has been seen of the number being parsed (`lejp_ctx.f`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum num_flags {
    LEJP_SEEN_MINUS = 1 << 0,
    LEJP_SEEN_POINT = 1 << 1,
    LEJP_SEEN_POST_POINT = 1 << 2,
    LEJP_SEEN_EXP = 1 << 3,
}

/// A parser callback: returns 0 to continue, nonzero to abort the parse.
pub type lejp_callback = Option<unsafe extern "C" fn(ctx: *mut lejp_ctx, reason: c_char) -> c_schar>;

/// One nesting level of the JSON being parsed.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct _lejp_stack {
    /// State (`enum lejp_states`).
    pub s: c_char,
    /// Path length to restore when the level ends.
    pub p: c_char,
    /// Index-stack depth to restore when the level ends.
    pub i: c_char,
    /// Whether this level is an array.
    pub b: c_char,
}

/// One entry of the stack of (callback, paths) pairs, for delegating a
/// subtree to another parser.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct _lejp_parsing_stack {
    pub user: *mut c_void,
    pub callback: Option<unsafe extern "C" fn(ctx: *mut lejp_ctx, reason: c_char) -> c_schar>,
    pub paths: *const *const c_char,
    pub count_paths: u8,
    /// Length of the path when this entry was pushed.
    pub ppos: u8,
    pub path_match: u8,
}

/// The parser context (caller-allocated).
#[repr(C)]
pub struct lejp_ctx {
    pub user: *mut c_void,
    pub pst: [_lejp_parsing_stack; LEJP_MAX_PARSING_STACK_DEPTH],
    pub st: [_lejp_stack; LEJP_MAX_DEPTH],
    /// Current index of each enclosing array.
    pub i: [u16; LEJP_MAX_INDEX_DEPTH],
    /// Path offsets where each wildcard of the matched path starts.
    pub wild: [u16; LEJP_MAX_INDEX_DEPTH],
    /// The dotted path of the current member (arrays add "[]").
    pub path: [c_char; LEJP_MAX_PATH],
    /// The current name or value chunk, NUL-terminated
    /// (`LEJP_STRING_CHUNK` + 1 bytes).
    pub buf: [c_char; 255],
    /// Distance between entries of `paths` (0: an array of `char *`).
    pub path_stride: usize,
    /// Line number, for error reporting.
    pub line: u32,
    pub uni: u16,
    /// Bytes used in `buf`.
    pub npos: u8,
    pub dcount: u8,
    /// Number flags (`enum num_flags`).
    pub f: u8,
    /// Nesting stack depth.
    pub sp: u8,
    /// Index stack depth.
    pub ipos: u8,
    pub count_paths: u8,
    /// 1 + index of the matched path, or 0.
    pub path_match: u8,
    pub path_match_len: u8,
    pub wildcount: u8,
    /// Parsing stack depth.
    pub pst_sp: u8,
    pub outer_array: u8,
}

