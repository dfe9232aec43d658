#!/usr/bin/env bash
# Runs every test of the project, in order, stopping at the first failure.
#
#   tools/run-tests.sh [-k|--keep-going] [-q|--quick]
#
# --quick (a few minutes): only the entry-point check, cargo test, the
# CMake build + install, the C API tests without valgrind and the compat
# check; everything else is listed as skipped.  The full run is what CI does.
#
# Steps:
#   1. entry and layer rules           tools/check_entries.py: every
#                                      #[unsafe(no_mangle)] fn is `pub unsafe
#                                      extern "C-unwind"` and its body is one
#                                      ffi_guard!(..) (docs/architecture.md,
#                                      "Entry points"); tools/check_layers.py:
#                                      no module references a layer above it
#                                      (docs/architecture.md, "Layers")
#   2. cargo test                      unit and integration tests of the crate
#   3. cargo clippy                    --all-targets -- -D warnings
#   4. generated headers committed     build.rs output in include/libwebsockets/gen
#                                      matches what is checked in
#   5. cmake build + install           Release build driven by CMake, installed
#                                      into $LWS_INSTALL_DIR (default _install/)
#   6. consumer tests                  find_package (shared, static) and
#                                      pkg-config builds against the install
#   7. ABI conformance                 tools/abi/check.sh <install>/include
#   8. C API tests                     capi-tests/ (CMake + ctest) against the install
#   9. docs/compat.md up to date       tools/gen-compat.py --check
#  10. real clients (issue 3)          .ci/real-clients-tests.sh: examples-c built
#                                      against the install, Autobahn 1-10,
#                                      tests/python (python-websockets,
#                                      headless Chromium)
#  11. real HTTP clients (issue 4)     .ci/http-tests.sh: examples-c/http-server
#                                      driven by curl, http.client, requests,
#                                      every answer compared with the oracle's
#  12. real servers for the client     .ci/client-peers-tests.sh: examples-c/http-client
#      (issue 5)                       against python http.server, Autobahn
#                                      fuzzingserver 1-10 with examples-c/ws-client
#  13. Debian programs (issue 17)      tests/consumers/run.sh: Debian's programs
#                                      that link libwebsockets.so.17, each run
#                                      unchanged on Debian's library and on the
#                                      install's, scripted clients' transcripts
#                                      compared (docs/consumers.md)
#
# A step whose inputs do not exist yet says "skipped".  The last line is
# "N passed, M failed".
#
# Environment: LWS_BUILD_DIR (default build), LWS_INSTALL_DIR (default
# _install), LWS_CAPI_BUILD_DIR (default build-capi), CARGO,
# LWS_VALGRIND (default ON: the C tests' runs on our library go through
# valgrind memcheck and fail on any error or definite leak).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
root=$(pwd)

keep_going=0
quick=0
for arg in "$@"; do
	case "$arg" in
		-k|--keep-going) keep_going=1 ;;
		-q|--quick) quick=1 ;;
		*) echo "usage: $0 [-k|--keep-going] [-q|--quick]" >&2; exit 2 ;;
	esac
done

build_dir=${LWS_BUILD_DIR:-build}
install_dir=${LWS_INSTALL_DIR:-_install}
capi_build_dir=${LWS_CAPI_BUILD_DIR:-build-capi}
case "$install_dir" in /*) ;; *) install_dir="$root/$install_dir" ;; esac
cargo=${CARGO:-cargo}

passed=0
failed=0
skipped=0
failed_names=()
total=13
n=0

summary() {
	echo
	echo "=== summary: $passed passed, $failed failed, $skipped skipped${failed_names:+ (failed: ${failed_names[*]})}"
	echo "$passed passed, $failed failed"
}

# step <name> <command...>: runs one step.
step() {
	local name=$1
	shift
	n=$((n + 1))
	echo
	echo "=== [$n/$total] $name"
	local t0=$SECONDS rc
	"$@"
	rc=$?
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		echo "=== [$n/$total] $name: passed ($((SECONDS - t0))s)"
	else
		failed=$((failed + 1))
		failed_names+=("$name")
		echo "=== [$n/$total] $name: FAILED (exit $rc, $((SECONDS - t0))s)" >&2
		if [ $keep_going = 0 ]; then
			echo "Stopping at the first failure: $name" >&2
			summary
			exit 1
		fi
	fi
}

skip() {
	n=$((n + 1))
	skipped=$((skipped + 1))
	echo
	echo "=== [$n/$total] $1: skipped ($2)"
}

# full_step <name> <command...>: a step that --quick skips.
full_step() {
	if [ $quick = 1 ]; then
		skip "$1" "--quick"
	else
		step "$@"
	fi
}

gen_headers_clean() {
	# Steps 2 and 3 ran build.rs, which rewrites the generated headers.
	local dirty
	git diff --exit-code --stat -- include/libwebsockets/gen || {
		echo "include/libwebsockets/gen changed when building: commit the regenerated headers" >&2
		git diff -- include/libwebsockets/gen | head -60 >&2
		return 1
	}
	dirty=$(git status --porcelain --untracked-files=all -- include/libwebsockets/gen)
	if [ -n "$dirty" ]; then
		echo "untracked generated headers (commit them):" >&2
		echo "$dirty" >&2
		return 1
	fi
	echo "include/libwebsockets/gen is up to date"
}

cmake_build_install() {
	cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release || return 1
	cmake --build "$build_dir" || return 1
	rm -rf "$install_dir"
	# The list of installed files is long: it goes to a log, shown on failure.
	if ! cmake --install "$build_dir" --prefix "$install_dir" >"$build_dir/install.log" 2>&1; then
		cat "$build_dir/install.log" >&2
		return 1
	fi
	local f
	for f in lib/libwebsockets.so.17 lib/libwebsockets.so lib/libwebsockets.a \
		include/libwebsockets.h include/lws_config.h include/libwebsockets/lws-dll2.h \
		include/libwebsockets/gen/lws-dll2.h lib/pkgconfig/libwebsockets.pc \
		lib/cmake/libwebsockets/libwebsockets-config.cmake \
		lib/cmake/libwebsockets/libwebsockets-config-version.cmake; do
		[ -e "$install_dir/$f" ] || { echo "not installed: $f" >&2; return 1; }
	done
	if [ "$(readlink "$install_dir/lib/libwebsockets.so")" != libwebsockets.so.17 ]; then
		echo "lib/libwebsockets.so is not a symlink to libwebsockets.so.17" >&2
		return 1
	fi
	if ! readelf -d "$install_dir/lib/libwebsockets.so.17" | grep -q 'SONAME.*\[libwebsockets\.so\.17\]'; then
		echo "the installed library's SONAME is not libwebsockets.so.17" >&2
		return 1
	fi
	echo "installed into $install_dir"
}

capi_tests() {
	rm -rf "$capi_build_dir" &&
	cmake -S capi-tests -B "$capi_build_dir" -DLWS_OURS_PREFIX="$install_dir" \
		-DLWS_VALGRIND="${LWS_VALGRIND:-$([ $quick = 1 ] && echo OFF || echo ON)}" &&
	cmake --build "$capi_build_dir" &&
	ctest --test-dir "$capi_build_dir" --output-on-failure -j2
}

static_rules() {
	python3 tools/check_entries.py && python3 tools/check_layers.py
}

step "entry and layer rules" static_rules
step "cargo test" "$cargo" test
full_step "cargo clippy" "$cargo" clippy --all-targets -- -D warnings
full_step "generated headers committed" gen_headers_clean
step "cmake build + install" cmake_build_install
full_step "consumer tests" cmake/test-consumer/run.sh "$install_dir" "$build_dir/consumer"
if [ -f tools/abi/check.sh ]; then
	full_step "ABI conformance" bash tools/abi/check.sh "$install_dir/include"
else
	skip "ABI conformance" "tools/abi/check.sh does not exist yet"
fi
if [ -f capi-tests/CMakeLists.txt ]; then
	step "C API tests" capi_tests
else
	skip "C API tests" "capi-tests/CMakeLists.txt does not exist yet"
fi
step "docs/compat.md up to date" python3 tools/gen-compat.py --check "$install_dir/lib/libwebsockets.so.17"
full_step "real clients (Autobahn, python, chromium)" .ci/real-clients-tests.sh "$install_dir"
full_step "real HTTP clients (curl, http.client, requests)" .ci/http-tests.sh "$install_dir"
full_step "real servers for the client (http.server, Autobahn fuzzingserver)" .ci/client-peers-tests.sh "$install_dir"
if [ -x tests/consumers/run.sh ]; then
	full_step "Debian programs on our library (consumer suite)" env CONS_NO_SKIP="${CONS_NO_SKIP:-1}" tests/consumers/run.sh --ours "$install_dir/lib"
else
	skip "Debian programs on our library (consumer suite)" "tests/consumers/run.sh does not exist yet"
fi

summary
[ $failed -eq 0 ]
