#!/usr/bin/env bash
# Issue 3 proof with real clients, against an installed copy of our library:
#
#   1. builds examples-c/ twice: against Debian's libwebsockets-dev (the
#      oracle build) and against our CMake install (find_package);
#   2. Autobahn|Testsuite cases 1-10 (301) on the echo example built against
#      our install, UTF-8 validation on: every case must pass, none allowed
#      to fail (.ci/autobahn.sh), over ws and wss; then a share of cases
#      12-13 (permessage-deflate) on the echo example with -d;
#   3. the pytest suite tests/python/ (python-websockets and headless
#      Chromium) on the oracle, on our library under the oracle-built
#      binaries, and on the binaries built against our install.
#
#   .ci/real-clients-tests.sh [INSTALL_DIR]      (default: $LWS_INSTALL_DIR or _install)
#   .ci/real-clients-tests.sh --setup            only create the Python venv
#
# The HTTP tests (tests/python/test_http_*.py) run in .ci/http-tests.sh.
#
# Environment: LWS_EX_BUILD_DIR (default build-examples), LWS_PY_VENV
# (default ~/.cache/lws-pytest-venv), AUTOBAHN_CACHE / PY27 (see
# .ci/autobahn.sh), LWS_AUTOBAHN_ORACLE=1 to also run Autobahn on Debian's
# library (with 2.10 and 2.11 allowed: it fails them by design).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
venv=${LWS_PY_VENV:-$HOME/.cache/lws-pytest-venv}

setup_venv() {
	if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import websockets, pytest, requests' 2>/dev/null; then
		return 0
	fi
	echo "real-clients: creating $venv (websockets, pytest, requests)"
	python3 -m venv "$venv"
	"$venv/bin/pip" install -q --disable-pip-version-check 'websockets>=15' pytest requests
}

if [ "${1:-}" = "--setup" ]; then
	setup_venv
	exit 0
fi

install_dir=${1:-${LWS_INSTALL_DIR:-_install}}
case "$install_dir" in /*) ;; *) install_dir="$root/$install_dir" ;; esac
ex=${LWS_EX_BUILD_DIR:-build-examples}
case "$ex" in /*) ;; *) ex="$root/$ex" ;; esac
lib="$install_dir/lib/libwebsockets.so.17"
[ -e "$lib" ] || { echo "real-clients: $lib missing: build and install first" >&2; exit 2; }

t0=$SECONDS
echo "real-clients: building examples-c against Debian's package and against $install_dir"
rm -rf "$ex"
# a CMAKE_PREFIX_PATH from the environment must not send the oracle build
# to our install
env -u CMAKE_PREFIX_PATH cmake -S examples-c -B "$ex/oracle" -DCMAKE_BUILD_TYPE=Release >"$ex.log" 2>&1 &&
	cmake --build "$ex/oracle" >>"$ex.log" 2>&1 &&
	cmake -S examples-c -B "$ex/ours" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_PREFIX_PATH="$install_dir" >>"$ex.log" 2>&1 &&
	cmake --build "$ex/ours" >>"$ex.log" 2>&1 || {
	cat "$ex.log" >&2
	exit 1
}
# the loader must pick the right library for each build
check_lib() { # <binary> <expected library>
	local got want
	got=$(env -u LD_LIBRARY_PATH ldd "$1" | awk '/libwebsockets\.so\.17/ {print $3}')
	want=$2
	if [ "$(readlink -f "$got")" != "$(readlink -f "$want")" ]; then
		echo "real-clients: $1 loads '$got', expected $want" >&2
		exit 1
	fi
}
check_lib "$ex/oracle/ws-echo-server" /usr/lib/x86_64-linux-gnu/libwebsockets.so.17
check_lib "$ex/ours/ws-echo-server" "$lib"
check_lib "$ex/ours/ws-chat-server" "$lib"
echo "real-clients: examples built ($((SECONDS - t0))s)"

rc=0
echo
echo "real-clients: Autobahn 1-10 on our library (examples built against the install)"
t1=$SECONDS
if .ci/autobahn.sh -- env -u LD_LIBRARY_PATH "$ex/ours/ws-echo-server" -q; then
	echo "real-clients: Autobahn on ours: passed ($((SECONDS - t1))s)"
else
	echo "real-clients: Autobahn on ours: FAILED ($((SECONDS - t1))s)" >&2
	rc=1
fi
echo
echo "real-clients: Autobahn 1-10 over wss on our library (certificate made now)"
tlsdir=$(mktemp -d /tmp/lws-wss.XXXXXX)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tlsdir/key.pem" \
	-out "$tlsdir/cert.pem" -days 2 -subj /CN=localhost 2>/dev/null
t1=$SECONDS
if .ci/autobahn.sh --wss -- env -u LD_LIBRARY_PATH "$ex/ours/ws-echo-server" -q \
	-c "$tlsdir/cert.pem" -k "$tlsdir/key.pem"; then
	echo "real-clients: Autobahn over wss on ours: passed ($((SECONDS - t1))s)"
else
	echo "real-clients: Autobahn over wss on ours: FAILED ($((SECONDS - t1))s)" >&2
	rc=1
fi
rm -rf "$tlsdir"
echo
# permessage-deflate (the echo server with -d): a share of Autobahn's 12.*
# and 13.* (12.1: text messages of each size with the plain offer; 13.7:
# offers with and without context takeover and window bits); all 216 cases
# of 12-13 take about 18 minutes (LWS_AUTOBAHN_PMD_CASES='12.*,13.*')
pmd_cases=${LWS_AUTOBAHN_PMD_CASES:-12.1.*,13.7.*}
echo "real-clients: Autobahn permessage-deflate ($pmd_cases) on our library"
t1=$SECONDS
if .ci/autobahn.sh --cases "$pmd_cases" -- env -u LD_LIBRARY_PATH "$ex/ours/ws-echo-server" -q -d; then
	echo "real-clients: Autobahn permessage-deflate on ours: passed ($((SECONDS - t1))s)"
else
	echo "real-clients: Autobahn permessage-deflate on ours: FAILED ($((SECONDS - t1))s)" >&2
	rc=1
fi
if [ "${LWS_AUTOBAHN_ORACLE:-0}" = 1 ]; then
	echo
	echo "real-clients: Autobahn 1-10 on Debian's library (2.10, 2.11 allowed)"
	.ci/autobahn.sh --allow 2.10,2.11 -- env -u LD_LIBRARY_PATH "$ex/oracle/ws-echo-server" -q ||
		echo "real-clients: Autobahn on the oracle failed (not counted)" >&2
fi

echo
echo "real-clients: pytest tests/python (oracle, ours, ours-built)"
setup_venv
t2=$SECONDS
if env -u LD_LIBRARY_PATH \
	LWS_EXAMPLES_ORACLE_BUILD="$ex/oracle" \
	LWS_EXAMPLES_OURS_BUILD="$ex/ours" \
	LWS_OURS_LIBDIR="$install_dir/lib" \
	LWS_REQUIRE_CHROMIUM=1 \
	"$venv/bin/python" -m pytest -q -rxXs -p no:cacheprovider \
		--ignore-glob='tests/python/test_http_*' tests/python; then
	echo "real-clients: pytest passed ($((SECONDS - t2))s)"
else
	echo "real-clients: pytest FAILED ($((SECONDS - t2))s)" >&2
	rc=1
fi
exit $rc
