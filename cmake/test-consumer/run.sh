#!/usr/bin/env bash
# Builds the consumer in this directory against an installed tree and checks
# that headers, libraries and the runtime library all come from that tree,
# never from the system's libwebsockets in /usr.
#
#   cmake/test-consumer/run.sh <install-prefix> [<work-dir>]
#
# Variants: find_package + websockets_shared, find_package + websockets
# (static), pkg-config (shared and static).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 <install-prefix> [<work-dir>]" >&2; exit 2; }
prefix=$(realpath "$1")
work=${2:-$(mktemp -d)}
mkdir -p "$work"
work=$(realpath "$work")
lib="$prefix/lib/libwebsockets.so.17"

fail() { echo "consumer test FAILED: $*" >&2; exit 1; }
step() { echo "--- consumer: $*"; }

[ -f "$lib" ] || fail "$lib does not exist"

have_version=0
if nm -D --defined-only "$lib" | awk '{print $NF}' | grep -qx lws_get_library_version; then
	have_version=1
fi

# Checks the program's output: dll2 worked, and the version (if printed) is
# ours.
check_output() {
	local out=$1
	grep -qx 'dll2: ok' <<<"$out" || fail "program output lacks 'dll2: ok': $out"
	if grep -q '^version: ' <<<"$out"; then
		grep -q '^version: 4\.1\.6' <<<"$out" || fail "unexpected version line: $out"
	elif [ $have_version = 1 ]; then
		fail "lws_get_library_version is exported but the program did not use it"
	fi
}

# The program must load libwebsockets.so.17 from $prefix.
check_resolves_to_prefix() {
	local exe=$1 resolved
	resolved=$(ldd "$exe" | awk '$1 == "libwebsockets.so.17" { print $3 }')
	[ -n "$resolved" ] || fail "$exe does not load libwebsockets.so.17: $(ldd "$exe")"
	[ "$(realpath "$resolved")" = "$(realpath "$lib")" ] ||
		fail "$exe loads $resolved, not $lib"
	echo "    $exe -> $resolved"
}

cmake_variant() {
	local name=$1 static=$2 b="$work/$1"
	step "find_package, $name"
	rm -rf "$b"
	# /usr is ignored, so Debian's own libwebsockets package cannot be found
	# even by accident; ours is found through CMAKE_PREFIX_PATH.
	cmake -S "$here" -B "$b" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_IGNORE_PREFIX_PATH=/usr \
		-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
		-DLWS_CONSUMER_STATIC="$static" >"$b.configure.log" 2>&1 ||
		{ cat "$b.configure.log"; fail "configure ($name)"; }
	local dir
	dir=$(sed -n 's/^libwebsockets_DIR:PATH=//p' "$b/CMakeCache.txt")
	[ "$(realpath "$dir")" = "$prefix/lib/cmake/libwebsockets" ] ||
		fail "find_package found $dir, not $prefix/lib/cmake/libwebsockets"
	grep -i 'warning' -A2 "$b.configure.log" || true
	cmake --build "$b" >"$b.build.log" 2>&1 || { cat "$b.build.log"; fail "build ($name)"; }
	local out
	out=$("$b/app") || fail "$b/app exited with $?"
	echo "$out" | sed 's/^/    /'
	check_output "$out"
	if [ "$static" = ON ]; then
		if readelf -d "$b/app" | grep NEEDED | grep -q libwebsockets; then
			fail "static variant still needs libwebsockets.so"
		fi
		echo "    static: no libwebsockets.so dependency"
	else
		readelf -d "$b/app" | grep -E 'RUNPATH|RPATH' | grep -q "$prefix/lib" ||
			fail "RUNPATH of $b/app does not name $prefix/lib: $(readelf -d "$b/app" | grep -E 'RUNPATH|RPATH')"
		check_resolves_to_prefix "$b/app"
	fi
}

cmake_variant shared OFF
cmake_variant static ON

step "pkg-config"
# PKG_CONFIG_LIBDIR replaces the default search path: /usr is not searched.
export PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
ver=$(pkg-config --modversion libwebsockets) || fail "pkg-config does not find libwebsockets"
[ "$ver" = 4.1.6 ] || fail "pkg-config version is $ver, expected 4.1.6"
cflags=$(pkg-config --cflags libwebsockets | sed "s/ *$//")
libs=$(pkg-config --libs libwebsockets | sed "s/ *$//")
slibs=$(pkg-config --static --libs libwebsockets)
echo "    cflags: $cflags"
echo "    libs: $libs"
echo "    static libs: $slibs"
[ "$cflags" = "-I$prefix/include" ] || fail "unexpected cflags: $cflags"
[ "$libs" = "-L$prefix/lib -lwebsockets" ] || fail "unexpected libs: $libs"
grep -q -- '-lpthread' <<<"$slibs" || fail "--static libs lack the private libraries: $slibs"
if pkg-config --print-requires libwebsockets | grep -q .; then
	fail "the .pc has Requires: $(pkg-config --print-requires libwebsockets)"
fi
defs=()
[ $have_version = 1 ] && defs=(-DLWS_CONSUMER_HAVE_VERSION=1)
cc=${CC:-cc}
# shellcheck disable=SC2086
$cc "${defs[@]}" $cflags -o "$work/app-pc" "$here/main.c" $libs || fail "pkg-config build"
out=$(LD_LIBRARY_PATH="$prefix/lib" "$work/app-pc") || fail "app-pc exited with $?"
check_output "$out"
LD_LIBRARY_PATH="$prefix/lib" check_resolves_to_prefix "$work/app-pc"

step "pkg-config --static"
# shellcheck disable=SC2086
$cc "${defs[@]}" $cflags -o "$work/app-pc-static" "$here/main.c" \
	${slibs/-lwebsockets/-l:libwebsockets.a} || fail "pkg-config static build"
out=$("$work/app-pc-static") || fail "app-pc-static exited with $?"
check_output "$out"
if readelf -d "$work/app-pc-static" | grep NEEDED | grep -q libwebsockets; then
	fail "pkg-config static variant still needs libwebsockets.so"
fi

echo "consumer tests passed ($prefix)"
