#!/usr/bin/env bash
# Issue 4 proof with real HTTP clients, against an installed copy of our
# library: builds examples-c/ against Debian's libwebsockets-dev (the oracle
# build) and against our CMake install, then runs tests/python/test_http_*.py
# (curl, http.client, requests driving examples-c/http-server) on the
# oracle, on our library under the oracle-built binary and on the binary
# built against our install.  Every response on ours is also compared with
# the oracle's answer to the same request.
#
#   .ci/http-tests.sh [INSTALL_DIR]      (default: $LWS_INSTALL_DIR or _install)
#
# Environment: LWS_HTTP_EX_BUILD_DIR (default build-examples-http),
# LWS_PY_VENV (default ~/.cache/lws-pytest-venv, shared with
# .ci/real-clients-tests.sh, which creates it with --setup).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
venv=${LWS_PY_VENV:-$HOME/.cache/lws-pytest-venv}

install_dir=${1:-${LWS_INSTALL_DIR:-_install}}
case "$install_dir" in /*) ;; *) install_dir="$root/$install_dir" ;; esac
ex=${LWS_HTTP_EX_BUILD_DIR:-build-examples-http}
case "$ex" in /*) ;; *) ex="$root/$ex" ;; esac
lib="$install_dir/lib/libwebsockets.so.17"
[ -e "$lib" ] || { echo "http: $lib missing: build and install first" >&2; exit 2; }
command -v curl >/dev/null || { echo "http: curl missing (apt-get install curl)" >&2; exit 2; }

.ci/real-clients-tests.sh --setup

t0=$SECONDS
rm -rf "$ex"
env -u CMAKE_PREFIX_PATH cmake -S examples-c -B "$ex/oracle" -DCMAKE_BUILD_TYPE=Release >"$ex.log" 2>&1 &&
	cmake --build "$ex/oracle" >>"$ex.log" 2>&1 &&
	cmake -S examples-c -B "$ex/ours" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_PREFIX_PATH="$install_dir" >>"$ex.log" 2>&1 &&
	cmake --build "$ex/ours" >>"$ex.log" 2>&1 || {
	cat "$ex.log" >&2
	exit 1
}
got=$(env -u LD_LIBRARY_PATH ldd "$ex/ours/http-server" | awk '/libwebsockets\.so\.17/ {print $3}')
if [ "$(readlink -f "$got")" != "$(readlink -f "$lib")" ]; then
	echo "http: $ex/ours/http-server loads '$got', expected $lib" >&2
	exit 1
fi
echo "http: examples built ($((SECONDS - t0))s)"

t1=$SECONDS
if env -u LD_LIBRARY_PATH \
	LWS_EXAMPLES_ORACLE_BUILD="$ex/oracle" \
	LWS_EXAMPLES_OURS_BUILD="$ex/ours" \
	LWS_OURS_LIBDIR="$install_dir/lib" \
	"$venv/bin/python" -m pytest -q -rxXs -p no:cacheprovider tests/python/test_http_*.py; then
	echo "http: pytest passed ($((SECONDS - t1))s)"
else
	echo "http: pytest FAILED ($((SECONDS - t1))s)" >&2
	exit 1
fi
