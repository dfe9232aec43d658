#!/usr/bin/env bash
# Builds and installs the library, builds the C examples against the
# install (CMake find_package), and starts the echo server with its page:
# open http://localhost:7681 (PORT=... to change).  Ctrl-C stops it.
#
#   tools/demo.sh            echo server (page + ws echo) on :7681
#   tools/demo.sh chat       chat server (lws_ring broadcast) on :7682
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
prefix=${LWS_INSTALL_DIR:-$PWD/_install}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build >/dev/null
cmake --install build --prefix "$prefix" >/dev/null
cmake -S examples-c -B build-examples -DCMAKE_BUILD_TYPE=Release \
	-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_IGNORE_PREFIX_PATH=/usr >/dev/null
cmake --build build-examples >/dev/null
case "${1:-echo}" in
chat) port=${PORT:-7682}; exe=build-examples/ws-chat-server ;;
*) port=${PORT:-7681}; exe=build-examples/ws-echo-server ;;
esac
echo "demo: $exe on our $(ldd "$exe" | awk '/libwebsockets/ {print $3}')"
echo "demo: open http://localhost:$port/"
exec "$exe" -p "$port"
