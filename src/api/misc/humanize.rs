//! `lws_humanize` and its unit schemas (`humanize_schema_*`).
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

// SAFETY: the tables only point at static string literals.
unsafe impl Sync for lws_humanize_unit {}

const fn hu(name: &'static CStr, factor: u64) -> lws_humanize_unit {
    lws_humanize_unit { name: name.as_ptr(), factor }
}
const HU_END: lws_humanize_unit = lws_humanize_unit { name: core::ptr::null(), factor: 0 };

const KI: u64 = 1024;

/// Binary multiples, no unit suffix.
#[unsafe(no_mangle)]
pub static humanize_schema_si: [lws_humanize_unit_t; 7] = [
    hu(c"Pi ", KI * KI * KI * KI * KI),
    hu(c"Ti ", KI * KI * KI * KI),
    hu(c"Gi ", KI * KI * KI),
    hu(c"Mi ", KI * KI),
    hu(c"Ki ", KI),
    hu(c"   ", 1),
    HU_END,
];

/// Binary multiples of bytes.
#[unsafe(no_mangle)]
pub static humanize_schema_si_bytes: [lws_humanize_unit_t; 7] = [
    hu(c"PiB", KI * KI * KI * KI * KI),
    hu(c"TiB", KI * KI * KI * KI),
    hu(c"GiB", KI * KI * KI),
    hu(c"MiB", KI * KI),
    hu(c"KiB", KI),
    hu(c"B  ", 1),
    HU_END,
];

/// Durations given in microseconds.
#[unsafe(no_mangle)]
pub static humanize_schema_us: [lws_humanize_unit_t; 8] = [
    hu(c"y  ", 365 * 24 * 3600 * 1_000_000),
    hu(c"d  ", 24 * 3600 * 1_000_000),
    hu(c"hr ", 3600 * 1_000_000),
    hu(c"min", 60 * 1_000_000),
    hu(c"s  ", 1_000_000),
    hu(c"ms ", 1000),
    hu(c"us ", 1),
    HU_END,
];

/// Appends the 4-place integer field of `lws_humanize` (blank instead of
/// leading zeros, '!' for a place that overflows).
fn digits(out: &mut Vec<u8>, mut v: u64, places: u32, blank_leading: bool) {
    let mut leading = blank_leading;
    for k in (0..places).rev() {
        let q = 10u64.pow(k);
        let d = v / q;
        v %= q;
        if leading && d == 0 {
            out.push(b' ');
            continue;
        }
        leading = false;
        out.push(if d > 9 { b'!' } else { b'0' + d as u8 });
    }
}

/// Renders `value` with the first unit of `schema` it reaches: returns the
/// fixed-width numeric part and the unit part (`name` plus, for the unit
/// of factor 1, four spaces).
pub fn humanize(value: u64, schema: &[(&[u8], u64)]) -> Option<(Vec<u8>, Vec<u8>)> {
    for &(name, factor) in schema {
        if factor == 0 {
            break;
        }
        if value >= factor || factor == 1 {
            let mut num = vec![b' '];
            if factor == 1 {
                digits(&mut num, value, 4, true);
                let mut unit = name.to_vec();
                unit.extend_from_slice(b"    ");
                return Some((num, unit));
            }
            digits(&mut num, value / factor, 4, true);
            num.push(b'.');
            digits(&mut num, (value % factor) / (factor / 1000).max(1), 3, false);
            return Some((num, name.to_vec()));
        }
    }
    None
}

/// Formats `value` into `buf` (`len` bytes) with a unit from `schema`.
/// Returns what `lws_snprintf` returns for the unit part after the
/// 5- or 9-character numeric part (so, as in libwebsockets 4.1, not the
/// total length).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_humanize(buf: *mut c_char, len: c_int, value: u64, schema: *const lws_humanize_unit_t) -> c_int {
    ffi_guard!(0, {
        if schema.is_null() {
            return 0;
        }
        let mut units: Vec<(&[u8], u64)> = Vec::new();
        let mut s = schema;
        // SAFETY: `schema` is an array ended by an entry with a NULL name, the
        // names C strings (the C contract, as humanize_schema_*).
        unsafe {
            while !(*s).name.is_null() {
                units.push((CStr::from_ptr((*s).name).to_bytes(), (*s).factor));
                s = s.add(1);
            }
        }
        let Some((num, unit)) = humanize(value, &units) else { return 0 };
        let rem = len - num.len() as c_int;
        let mut all = num;
        all.extend_from_slice(&unit);
        if !buf.is_null() && len > 0 {
            // SAFETY: `buf` has `len > 0` bytes (the C contract), apart from `all`.
            unsafe { crate::ffi::copy_to_c_buf(buf, len as usize, &all) };
        }
        if unit.len() as c_int >= rem {
            rem
        } else {
            unit.len() as c_int
        }
    })
}
