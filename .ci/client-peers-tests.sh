#!/usr/bin/env bash
# Issue 5 (client) checks beyond capi-tests: Autobahn fuzzingserver cases
# 1-10 against examples-c/ws-client built on our installed library (all must
# pass), and the HTTP client example against Python's http.server.
#
# usage: .ci/client-peers-tests.sh [INSTALL_DIR]   (default _install)
# LWS_AUTOBAHN_ORACLE=1 also runs Autobahn with the client on Debian's
# library (informational).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
install_dir=${1:-${LWS_INSTALL_DIR:-_install}}
case "$install_dir" in /*) ;; *) install_dir="$root/$install_dir" ;; esac
ex=${LWS_EX5_BUILD_DIR:-build-examples-client}
case "$ex" in /*) ;; *) ex="$root/$ex" ;; esac
lib="$install_dir/lib/libwebsockets.so.17"
[ -e "$lib" ] || { echo "client-peers: $lib missing: build and install first" >&2; exit 2; }

rm -rf "$ex"
env -u CMAKE_PREFIX_PATH cmake -S examples-c -B "$ex/oracle" -DCMAKE_BUILD_TYPE=Release >"$ex.log" 2>&1 &&
	cmake --build "$ex/oracle" >>"$ex.log" 2>&1 &&
	cmake -S examples-c -B "$ex/ours" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_PREFIX_PATH="$install_dir" >>"$ex.log" 2>&1 &&
	cmake --build "$ex/ours" >>"$ex.log" 2>&1 || { cat "$ex.log" >&2; exit 1; }
got=$(env -u LD_LIBRARY_PATH ldd "$ex/ours/ws-client" | awk '/libwebsockets\.so\.17/ {print $3}')
[ "$(readlink -f "$got")" = "$(readlink -f "$lib")" ] || { echo "client-peers: ws-client loads $got" >&2; exit 1; }

rc=0
echo "client-peers: HTTP client example against python http.server"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
www=$(mktemp -d)
echo "hello client" >"$www/f.txt"
(cd "$www" && exec python3 -m http.server --bind 127.0.0.1 "$port") >/dev/null 2>&1 &
srv=$!
# python's start-up on a loaded machine: up to 30 s, over as soon as it listens
for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done
for b in oracle ours; do
	out=$(env -u LD_LIBRARY_PATH timeout 10 "$ex/$b/http-client" -p "$port" -P /f.txt 2>/dev/null) || true
	if [ "$out" = "hello client" ]; then echo "client-peers: http-client ($b): ok"; else echo "client-peers: http-client ($b): got '$out'" >&2; rc=1; fi
done
kill "$srv"; rm -rf "$www"

echo "client-peers: Autobahn fuzzingserver 1-10 with the client on our library"
if .ci/autobahn-client.sh -- env -u LD_LIBRARY_PATH "$ex/ours/ws-client" --autobahn; then
	echo "client-peers: Autobahn client on ours: passed"
else
	echo "client-peers: Autobahn client on ours: FAILED" >&2
	rc=1
fi
if [ "${LWS_AUTOBAHN_ORACLE:-0}" = 1 ]; then
	.ci/autobahn-client.sh -- env -u LD_LIBRARY_PATH "$ex/oracle/ws-client" --autobahn ||
		echo "client-peers: Autobahn client on the oracle failed (not counted)" >&2
fi
exit $rc
