#!/usr/bin/env bash
# HTTP benchmark: wrk against examples-c/http-server on Debian's
# libwebsockets (the oracle) and, when given, on ours, in the same run.
#
# usage: bench/http.sh [--ours DIR] [--runs N] [--secs S] [--conns C]
#   --ours DIR   directory holding our libwebsockets.so.17 (or env OURS_LIB_DIR)
#   --runs N     runs per row and library (default 5); the median is shown,
#                and with --ours the min-max of the per-run ratios ours/oracle
#   --secs S     seconds per run (default 3)
#   --conns C    wrk connections (default 32, one wrk thread)
#
# The server is built once against Debian's headers; "ours" runs the same
# binary with LD_LIBRARY_PATH.  Rows: a static 1 KiB file (LWSMPRO_FILE
# mount, /1k.txt) and a small dynamic JSON answer (/api/status, a callback
# mount), each with keep-alive on and off (wrk -H 'Connection: close').
# Runs alternate between the libraries (order flipped each time) so a load
# change hurts both alike.  A row whose answers are not 2xx/3xx says so:
# requests/s of error answers are not comparable.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${BENCH_BUILD:-$ROOT/target/bench-http}
OURS=${OURS_LIB_DIR:-}
RUNS=5
SECS=3
CONNS=32

while [ $# -gt 0 ]; do
	case "$1" in
	--ours) OURS=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--secs) SECS=$2; shift 2 ;;
	--conns) CONNS=$2; shift 2 ;;
	-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
	*) echo "http.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done

log() { echo "[bench-http] $*" >&2; }
command -v wrk >/dev/null || { log "wrk not found (apt-get install wrk)"; exit 2; }

mkdir -p "$B"
log "building http-server against Debian's libwebsockets into $B/ex"
env -u CMAKE_PREFIX_PATH cmake -S "$ROOT/examples-c" -B "$B/ex" \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$B/ex" --target http-server >/dev/null
SERVER=$B/ex/http-server
WWW=$ROOT/examples-c/www-http

LIBS="oracle"
if [ -n "$OURS" ]; then
	OURS=$(cd "$OURS" && pwd)
	[ -e "$OURS/libwebsockets.so.17" ] || { log "no libwebsockets.so.17 in $OURS"; exit 2; }
	got=$(LD_LIBRARY_PATH=$OURS ldd "$SERVER" | awk '/libwebsockets\.so/ {print $3}')
	case "$got" in
	"$OURS"/*) ;;
	*) log "LD_LIBRARY_PATH=$OURS still resolves libwebsockets to $got"; exit 2 ;;
	esac
	LIBS="oracle ours"
fi

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

declare -A PID PORT M
cleanup() {
	for l in $LIBS; do
		[ -n "${PID[$l]:-}" ] && kill -INT "${PID[$l]}" 2>/dev/null || true
	done
	wait 2>/dev/null || true
}
trap cleanup EXIT

for l in $LIBS; do
	PORT[$l]=$(free_port)
	if [ "$l" = ours ]; then
		LD_LIBRARY_PATH=$OURS "$SERVER" -q -p "${PORT[$l]}" -w "$WWW" &
	else
		env -u LD_LIBRARY_PATH "$SERVER" -q -p "${PORT[$l]}" -w "$WWW" &
	fi
	PID[$l]=$!
done
for l in $LIBS; do
	for _ in $(seq 100); do
		curl -s -o /dev/null "http://127.0.0.1:${PORT[$l]}/1k.txt" && break
		sleep 0.05
	done
	lib=$(awk '/libwebsockets\.so/ {print $6; exit}' "/proc/${PID[$l]}/maps")
	log "$l: pid ${PID[$l]} port ${PORT[$l]} runs on $lib"
done

# one wrk run: prints "<req/s> <non-2xx/3xx count>"
wrk_run() { # lib path keepalive(1/0)
	local out hdr=()
	[ "$3" = 0 ] && hdr=(-H "Connection: close")
	out=$(wrk -t1 -c"$CONNS" -d"${SECS}s" "${hdr[@]}" "http://127.0.0.1:${PORT[$1]}$2" 2>&1)
	awk '/^Requests\/sec:/ {r=$2} /Non-2xx or 3xx responses:/ {e=$5}
	     END {printf "%d %d\n", r, e+0}' <<<"$out"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
. "$ROOT/bench/ratios.sh"

ROWS=("static 1 KiB file, keep-alive|/1k.txt|1"
      "static 1 KiB file, Connection: close|/1k.txt|0"
      "dynamic JSON (/api/status), keep-alive|/api/status?name=b|1"
      "dynamic JSON (/api/status), Connection: close|/api/status?name=b|0")

if [ "$LIBS" = oracle ]; then
	echo "| requests/s (median of $RUNS x ${SECS}s, wrk -t1 -c$CONNS) | oracle |"
	echo "|---|---:|"
else
	echo "| requests/s (median of $RUNS x ${SECS}s, wrk -t1 -c$CONNS) | oracle | ours | ours/oracle | per-run ratios (min-max) |"
	echo "|---|---:|---:|---:|---:|"
fi
for row in "${ROWS[@]}"; do
	IFS='|' read -r name path ka <<<"$row"
	declare -A R=() E=()
	for i in $(seq "$RUNS"); do
		order=$LIBS
		[ $((i % 2)) = 0 ] && order=$(echo "$LIBS" | tr ' ' '\n' | tac | tr '\n' ' ')
		for l in $order; do
			read -r rps err < <(wrk_run "$l" "$path" "$ka")
			R[$l]="${R[$l]:-} $rps"
			E[$l]=$(( ${E[$l]:-0} + err ))
		done
	done
	line="| $name"
	for l in $LIBS; do
		m=$(echo "${R[$l]}" | tr ' ' '\n' | grep . | median)
		M[$l]=$m
		note=""
		[ "${E[$l]}" -gt 0 ] && note=" (${E[$l]} error answers)"
		line="$line | $m$note"
	done
	if [ "$LIBS" != oracle ]; then
		line="$line | $(awk -v a="${M[ours]}" -v b="${M[oracle]}" 'BEGIN {printf "%.2f", b ? a / b : 0}')"
		line="$line | $(run_ratios "${R[oracle]}" "${R[ours]}")"
	fi
	echo "$line |"
	unset R E
done
for l in $LIBS; do
	kill -0 "${PID[$l]}" 2>/dev/null || { log "$l server died"; exit 1; }
done
