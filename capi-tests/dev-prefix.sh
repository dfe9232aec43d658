#!/bin/sh
# Development only: builds a fake install prefix of our library from a cargo
# build tree, until the real CMake install exists.
#   capi-tests/dev-prefix.sh <prefix> [<repo root>] [debug|release]
set -e
prefix=${1:?usage: dev-prefix.sh <prefix> [repo] [profile]}
repo=$(cd "${2:-$(dirname "$0")/..}" && pwd)
profile=${3:-debug}
so="$repo/target/$profile/libwebsockets.so"
[ -f "$so" ] || { echo "no $so: run cargo build first" >&2; exit 1; }
rm -rf "$prefix/include" "$prefix/lib"
mkdir -p "$prefix/include" "$prefix/lib"
cp -r "$repo/include/." "$prefix/include/"
ln -s "$so" "$prefix/lib/libwebsockets.so.17"
ln -s libwebsockets.so.17 "$prefix/lib/libwebsockets.so"
echo "fake prefix ready: $prefix"
