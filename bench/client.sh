#!/usr/bin/env bash
# Client benchmark rows: bench/clientbench/clientbench.c (built once against
# Debian's headers) runs on Debian's libwebsockets.so.17 and, with --ours,
# on ours via LD_LIBRARY_PATH, against ONE fixed server: examples-c's
# ws-echo-server on Debian's library.  Rows are measured interleaved
# (oracle, ours, ours, oracle, ...) and the median of the rounds is shown;
# with --ours also the median ratio and the min-max of the per-round
# ratios ours/oracle (a row is a measured win only when all are above 1).
#
# usage: bench/client.sh [--ours DIR] [--secs S] [--rounds N]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${BENCH_BUILD:-$ROOT/target/bench-client}
OURS=${OURS_LIB_DIR:-}
SECS=3
ROUNDS=3
while [ $# -gt 0 ]; do
	case "$1" in
	--ours) OURS=$2; shift 2 ;;
	--secs) SECS=$2; shift 2 ;;
	--rounds) ROUNDS=$2; shift 2 ;;
	-h|--help) sed -n '2,9p' "$0"; exit 0 ;;
	*) echo "client.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
log() { echo "[bench-client] $*" >&2; }

mkdir -p "$B"
env -u CMAKE_PREFIX_PATH cmake -S "$ROOT/examples-c" -B "$B/ex" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$B/ex" --target ws-echo-server >/dev/null
SERVER=$B/ex/ws-echo-server
${CC:-cc} -O2 -g -Wall -o "$B/clientbench" "$ROOT/bench/clientbench/clientbench.c" -lwebsockets
CB=$B/clientbench
ORACLE_DIR=$(dirname "$(env -u LD_LIBRARY_PATH ldd "$CB" | awk '/libwebsockets\.so/ {print $3}')")
LIBS="oracle"
if [ -n "$OURS" ]; then
	OURS=$(cd "$OURS" && pwd)
	got=$(LD_LIBRARY_PATH=$OURS ldd "$CB" | awk '/libwebsockets\.so/ {print $3}')
	case "$got" in "$OURS"/*) ;; *) log "LD_LIBRARY_PATH=$OURS resolves to $got"; exit 2 ;; esac
	LIBS="oracle ours"
fi
libdir() { if [ "$1" = ours ]; then echo "$OURS"; else echo "$ORACLE_DIR"; fi; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env -u LD_LIBRARY_PATH "$SERVER" -p "$PORT" -q >/dev/null 2>&1 &
SRV=$!
trap 'kill $SRV 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done

declare -A R
rows=("conns|-m conns|connections/s (connect, handshake, close handshake)"
      "echo1|-m echo -c 1 -s 20|echo msgs/s, 1 conn, 20 B"
      "echo100|-m echo -c 100 -s 20|echo msgs/s, 100 conns, 20 B"
      "echo16k|-m echo -c 10 -s 16384|echo msgs/s, 10 conns, 16 KiB")
for r in $(seq "$ROUNDS"); do
	order=$LIBS
	[ $((r % 2)) = 0 ] && order=$(echo "$LIBS" | tr ' ' '\n' | tac | tr '\n' ' ')
	for row in "${rows[@]}"; do
		IFS='|' read -r key args _ <<<"$row"
		for lib in $order; do
			# shellcheck disable=SC2086
			out=$(LD_LIBRARY_PATH=$(libdir "$lib") "$CB" -p "$PORT" $args -d "$SECS" || true)
			v=$(sed -n 's/.*per_s=\([0-9]*\).*/\1/p' <<<"$out")
			R[$key.$lib]="${R[$key.$lib]:-} ${v:-0}"
			log "$lib $key: $out"
		done
	done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
. "$ROOT/bench/ratios.sh"
if [ -n "$OURS" ]; then
	echo '| metric | oracle | ours | ours/oracle | per-round ratios (min-max) |'
	echo '|---|---:|---:|---:|---:|'
else
	echo '| metric | oracle |'
	echo '|---|---:|'
fi
for row in "${rows[@]}"; do
	IFS='|' read -r key _ title <<<"$row"
	o=$(median <<<"${R[$key.oracle]}")
	line="| $title | $o |"
	if [ -n "$OURS" ]; then
		u=$(median <<<"${R[$key.ours]}")
		line="$line $u | $(awk -v a="$u" -v b="$o" 'BEGIN {printf "%.2f", b ? a / b : 0}') | $(run_ratios "${R[$key.oracle]}" "${R[$key.ours]}") |"
	fi
	echo "$line"
done
