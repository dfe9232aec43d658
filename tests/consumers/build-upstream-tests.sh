#!/usr/bin/env bash
# Builds upstream's 4.1.6 test apps (test-server, test-server-extpoll,
# test-client) from Debian's source package, against Debian's headers and
# linked with -lwebsockets, so the same binaries run on Debian's library and
# on ours.  (Debian's packaged libwebsockets-test-server binaries link the
# library statically: they cannot be pointed at another .so.)
#
#   tests/consumers/build-upstream-tests.sh [CACHE_DIR]
#
# CACHE_DIR (default $CONS_CACHE, else <repo>/build/consumers) gets
#   src/libwebsockets-4.1.6/   apt-get source libwebsockets=4.1.6-3 (needs a
#                              deb-src entry and dpkg-dev: tests/consumers/setup.sh)
#   upstream-tests/bin/        libwebsockets-test-server, -test-server-extpoll,
#                              -test-client
#   upstream-tests/share/libwebsockets-test-server/   the test server's files
# and prints the upstream-tests directory.  LWS_DEBSRC=DIR uses an already
# unpacked source tree instead of fetching one.  Nothing is rebuilt when the
# binaries are newer than the sources.
#
# How test-server.c gets its protocols: it defines LWS_PLUGIN_STATIC and
# #includes ../plugins/protocol_{lws_mirror,lws_status,dumb_increment,
# post_demo}.c, so one translation unit (compiled from test-apps/, for the
# relative includes) is the whole server.  upstream's CMake builds
# test-server-extpoll from the same file with -DEXTERNAL_POLL, but the code
# tests LWS_WITH_EXTERNAL_POLL, which Debian's lws_config.h leaves undefined:
# with Debian's headers the two binaries are the same program (as in
# Debian's own package), built here the same way all the same.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${1:-${CONS_CACHE:-$root/build/consumers}}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
out=$cache/upstream-tests
version=4.1.6-3

log() { echo "build-upstream-tests: $*" >&2; }

[ -e /usr/include/libwebsockets.h ] || { log "Debian's libwebsockets-dev is not installed"; exit 77; }
[ -e /usr/include/openssl/ssl.h ] || { log "libssl-dev is not installed (test-client calls OpenSSL)"; exit 77; }
command -v gcc >/dev/null || { log "gcc is not installed"; exit 77; }

if [ -n "${LWS_DEBSRC:-}" ]; then
	src=$LWS_DEBSRC
else
	src=$cache/src/libwebsockets-4.1.6
	if [ ! -f "$src/test-apps/test-server.c" ]; then
		command -v dpkg-source >/dev/null || { log "dpkg-source (dpkg-dev) is not installed"; exit 77; }
		rm -rf "$cache/src"
		mkdir -p "$cache/src"
		log "apt-get source libwebsockets=$version into $cache/src"
		if ! (cd "$cache/src" && apt-get source --download-only "libwebsockets=$version") >"$cache/src/fetch.log" 2>&1; then
			cat "$cache/src/fetch.log" >&2
			log "apt-get source failed (no deb-src entry? tests/consumers/setup.sh adds one)"
			exit 77
		fi
		(cd "$cache/src" && dpkg-source --no-check -x "libwebsockets_$version.dsc" libwebsockets-4.1.6) \
			>>"$cache/src/fetch.log" 2>&1 || { cat "$cache/src/fetch.log" >&2; log "dpkg-source -x failed"; exit 1; }
	fi
fi
ta=$src/test-apps
[ -f "$ta/test-server.c" ] || { log "no $ta/test-server.c"; exit 1; }

mkdir -p "$out/bin" "$out/share/libwebsockets-test-server"
datadir=$out/share
cflags=(-O1 -g -Wall -Wno-unused -Wno-deprecated-declarations "-DINSTALL_DATADIR=\"$datadir\"")
build() { # NAME SRC EXTRA...
	local name=$1 c=$2 bin=$out/bin/libwebsockets-$1
	shift 2
	if [ -x "$bin" ] && [ "$bin" -nt "$ta/$c" ] && [ "$bin" -nt "$0" ]; then
		return 0
	fi
	log "gcc $c -> $bin"
	(cd "$ta" && gcc "${cflags[@]}" "$@" -o "$bin.tmp" "$c" -lwebsockets -lssl -lcrypto -lpthread) || exit 1
	mv "$bin.tmp" "$bin"
}
build test-server test-server.c
build test-server-extpoll test-server.c -DEXTERNAL_POLL
build test-client test-client.c
for f in favicon.ico leaf.jpg candide.zip libwebsockets.org-logo.svg http2.png \
	wss-over-h2.png lws-common.js test.html test.css test.js; do
	cp -p "$ta/$f" "$out/share/libwebsockets-test-server/"
done
echo "$out"
