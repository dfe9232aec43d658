#!/usr/bin/env bash
# ABI conformance check of our libwebsockets headers against Debian's.
#
# Usage: tools/abi/check.sh [OUR_INCLUDE_DIR]     (default: <repo>/include)
#
#   Works from any directory.  Exit status 0 only when everything passes:
#
#   1. self-sufficiency: compiling <libwebsockets.h> with -I OUR_INCLUDE_DIR
#      opens no file under /usr/include/libwebsockets* or
#      /usr/include/lws_config.h;
#   2. layout/value diff: tools/abi/gen.py generates, from OUR headers, a C
#      program printing one line per fact (struct/union size and alignment,
#      every field's offset/size/kind/signedness, each bitfield's bit
#      pattern, typedef sizes, enum type sizes, every enumerator, every
#      integer macro with its type, string macros).  It is compiled and run
#      once against Debian's headers (/usr/include) and once against ours;
#      the sorted outputs must be identical ("<compile error>" marks a fact
#      that does not compile against one side);
#   3. coverage: everything Debian's headers declare in the sub-headers our
#      libwebsockets.h includes (enumerators, LWS_*/LCCSCF_*/LLL_*/
#      WSI_TOKEN_*/HTTP_STATUS_*/PENDING_TIMEOUT_*/LWSMPRO_* integer macros,
#      struct/union tags, typedefs, enum tags, fields) must exist in ours,
#      plus a fixed list of required complete types.  Missing other macros
#      (feature switches, function-like) are listed as warnings.
#
# Needs: python3, clang (JSON AST; installed with apt-get when missing and
# running as root), cc, Debian's libwebsockets-dev 4.1.6.
# Environment: ABI_KEEP=DIR keeps the work files (program, outputs, name
# lists) in DIR; CC / CLANG override the compilers.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
gen="$here/gen.py"

say() { printf 'abi-check: %s\n' "$*"; }
fail() { printf 'abi-check: FAIL: %s\n' "$*" >&2; exit 1; }

our_inc="${1:-$repo/include}"
[ -d "$our_inc" ] || fail "no such directory: $our_inc"
our_inc="$(cd "$our_inc" && pwd -P)"
[ -f "$our_inc/libwebsockets.h" ] || fail "$our_inc has no libwebsockets.h"

# --- tools -----------------------------------------------------------------
command -v python3 >/dev/null || fail "python3 is required"
command -v "${CC:-cc}" >/dev/null || fail "C compiler ${CC:-cc} not found"
if ! command -v "${CLANG:-clang}" >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		say "clang is missing: installing it (apt-get install clang) for its JSON AST"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clang >/dev/null \
			|| fail "apt-get install clang failed"
	else
		fail "clang is required (apt-get install clang)"
	fi
fi
say "using $(command -v "${CLANG:-clang}") ($("${CLANG:-clang}" --version | head -1)), ${CC:-cc}, python3"

# --- Debian's headers --------------------------------------------------------
if ! dpkg-query -W -f='${Status} ${Version}\n' libwebsockets-dev 2>/dev/null | grep -q '^install ok installed'; then
	fail "Debian's libwebsockets-dev is not installed (apt-get install libwebsockets-dev): it is the reference"
fi
debver="$(dpkg-query -W -f='${Version}' libwebsockets-dev)"
[ -f /usr/include/libwebsockets.h ] && [ -f /usr/include/lws_config.h ] \
	|| fail "libwebsockets-dev is installed but /usr/include/libwebsockets.h or lws_config.h is missing"
case "$debver" in
4.1.6*) ;;
*) say "warning: libwebsockets-dev is $debver, the reference is 4.1.6-3" ;;
esac
[ "$our_inc" != /usr/include ] || fail "OUR_INCLUDE_DIR must not be /usr/include"

if [ -n "${ABI_KEEP:-}" ]; then
	work="$ABI_KEEP"; mkdir -p "$work"
else
	work="$(mktemp -d "${TMPDIR:-/tmp}/abi-check.XXXXXX")"
	trap 'rm -rf "$work"' EXIT
fi

say "ours:   $our_inc"
say "Debian: /usr/include (libwebsockets-dev $debver)"
status=0

# --- 1. self-sufficiency -----------------------------------------------------
printf '#include <libwebsockets.h>\n' > "$work/selfcheck.c"
if ! "${CC:-cc}" -M -I "$our_inc" "$work/selfcheck.c" > "$work/deps.txt" 2> "$work/deps.err"; then
	cat "$work/deps.err" >&2
	fail "<libwebsockets.h> from $our_inc does not preprocess"
fi
leaks="$(tr ' \\' '\n\n' < "$work/deps.txt" | grep -E '^/usr/include/(libwebsockets|lws_config\.h)' | sort -u || true)"
if [ -n "$leaks" ]; then
	say "FAIL self-sufficiency: compiling against $our_inc opens Debian's files:"
	printf '    %s\n' $leaks
	status=1
else
	say "ok: self-sufficient (no file under /usr/include/libwebsockets* or lws_config.h opened)"
fi

# --- 2. generate (ours) and list names (both) in parallel --------------------
python3 "$gen" program "$our_inc" -o "$work/abi_prog.c" --names "$work/names-ours.txt" \
	2> "$work/gen-ours.log" & p1=$!
python3 "$gen" names /usr/include -o "$work/names-debian.txt" 2> "$work/gen-debian.log" & p2=$!
wait $p1 || { cat "$work/gen-ours.log" >&2; fail "generating the program from $our_inc failed"; }
wait $p2 || { cat "$work/gen-debian.log" >&2; fail "listing Debian's declarations failed"; }
grep -v '^gen.py: [0-9]* fact lines' "$work/gen-ours.log" >&2 || true

# --- 3. run against both, diff ----------------------------------------------
python3 "$gen" run "$work/abi_prog.c" -o "$work/out-debian.txt" 2> "$work/run-debian.log" \
	|| { cat "$work/run-debian.log" >&2; fail "the program does not build/run against Debian's headers"; }
python3 "$gen" run "$work/abi_prog.c" --cflags "-I $our_inc" -o "$work/out-ours.txt" 2> "$work/run-ours.log" \
	|| { cat "$work/run-ours.log" >&2; fail "the program does not build/run against our headers"; }

if python3 "$gen" compare "$work/out-debian.txt" "$work/out-ours.txt" > "$work/compare.txt"; then
	say "ok: $(tail -n 1 "$work/compare.txt")"
	grep -v '^summary: ' "$work/compare.txt" | head -n -1 | sed 's/^/  /'
else
	say "FAIL: layouts/values differ from Debian's:"
	grep -v '^summary: ' "$work/compare.txt" | sed 's/^/  /'
	status=1
fi
diff -u --label "Debian /usr/include" --label "ours $our_inc" \
	"$work/out-debian.txt" "$work/out-ours.txt" > "$work/abi.diff" || true

# --- 4. coverage -------------------------------------------------------------
if python3 "$gen" coverage --ours "$work/names-ours.txt" --debian "$work/names-debian.txt" \
	--our-include "$our_inc" > "$work/coverage.txt"; then
	cat "$work/coverage.txt"
else
	cat "$work/coverage.txt"
	status=1
fi

say "$(grep '^summary: ' "$work/compare.txt")"
if [ -n "${ABI_KEEP:-}" ]; then
	say "work files kept in $work"
fi
if [ $status = 0 ]; then
	say "PASS"
else
	say "FAIL (see above)"
fi
exit $status
