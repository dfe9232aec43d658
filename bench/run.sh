#!/usr/bin/env bash
# Benchmark the echo server against Debian's libwebsockets (the oracle) and,
# when given, our libwebsockets.so.17, and print a markdown comparison table.
#
# usage: bench/run.sh [--ours DIR] [--quick] [--runs N] [--secs S] [--tls-only]
#   --ours DIR   directory holding our libwebsockets.so.17 (or env OURS_LIB_DIR);
#                without it only the oracle is measured
#   --quick      shorter runs (1 run of 1 s each, 2000 idle connections,
#                fewer callgrind messages), for smoke testing
#
# The echo server (examples-c/ws-echo-server.c) is built once against
# Debian's headers; "ours" runs that same binary with LD_LIBRARY_PATH set.
# Everything runs on 127.0.0.1.  Measured, per library:
#   - messages/s (closed loop, bench/loadgen) for 1, 100, 1000 connections
#     with 20 B and 16 KiB binary messages: median of N runs
#   - memory per idle connection: server RSS growth after opening 10,000
#     idle ws connections, divided by 10,000
#   - instructions per echoed message: server under callgrind, total Ir of a
#     run echoing M messages on one connection minus a run echoing none,
#     divided by M
#   - TLS (when OpenSSL's development files and CLI are there, for the
#     client side): full handshakes/s (openssl s_time -new) and wss echo
#     messages/s for 100 connections, 20 B and 16 KiB; --tls-only measures
#     just these rows
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${BENCH_BUILD:-$ROOT/target/bench}
OURS=${OURS_LIB_DIR:-}
RUNS=3
SECS=3
WARM=1
IDLE_CONNS=10000
CG_MSGS=5000
CONNS_LIST="1 100 1000"
SIZES="20 16384"
TLS_ONLY=0

while [ $# -gt 0 ]; do
	case "$1" in
	--ours) OURS=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--secs) SECS=$2; shift 2 ;;
	--tls-only) TLS_ONLY=1; shift ;;
	--quick) RUNS=1; SECS=1; WARM=0.3; IDLE_CONNS=2000; CG_MSGS=1000; shift ;;
	-h|--help) sed -n '2,21p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done

log() { echo "[bench] $*" >&2; }

# 10k idle connections need 10k+ descriptors in both server and loadgen
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((IDLE_CONNS + 100)) ]; then
	log "open-file limit $(ulimit -n) too low for $IDLE_CONNS connections"; exit 2
fi

# --- build --------------------------------------------------------------------
mkdir -p "$B"
log "building echo server against Debian's libwebsockets into $B/ex"
cmake -S "$ROOT/examples-c" -B "$B/ex" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$B/ex" --target ws-echo-server >/dev/null
SERVER=$B/ex/ws-echo-server
log "building loadgen"
TLS_OK=0
if pkg-config --exists openssl 2>/dev/null && command -v openssl >/dev/null; then
	TLS_OK=1
	# shellcheck disable=SC2046
	${CC:-cc} -O2 -g -Wall -DLOADGEN_TLS -o "$B/loadgen" "$ROOT/bench/loadgen/loadgen.c" $(pkg-config --libs openssl)
	mkdir -p "$B/tls"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$B/tls/key.pem" \
		-out "$B/tls/cert.pem" -days 2 -subj /CN=localhost 2>/dev/null
else
	log "no OpenSSL development files: TLS rows skipped"
	${CC:-cc} -O2 -g -Wall -o "$B/loadgen" "$ROOT/bench/loadgen/loadgen.c"
fi
LOADGEN=$B/loadgen

ORACLE_DIR=$(dirname "$(ldd "$SERVER" | awk '/libwebsockets\.so/ {print $3}')")
LIBS="oracle"
if [ -n "$OURS" ]; then
	OURS=$(cd "$OURS" && pwd)
	if ! [ -e "$OURS/libwebsockets.so.17" ]; then
		log "no libwebsockets.so.17 in $OURS"; exit 2
	fi
	got=$(LD_LIBRARY_PATH=$OURS ldd "$SERVER" | awk '/libwebsockets\.so/ {print $3}')
	case "$got" in
	"$OURS"/*) ;;
	*) log "LD_LIBRARY_PATH=$OURS still resolves libwebsockets to $got"; exit 2 ;;
	esac
	LIBS="oracle ours"
else
	log "OURS_LIB_DIR / --ours not given: measuring the oracle only"
fi
libdir() { if [ "$1" = ours ]; then echo "$OURS"; else echo "$ORACLE_DIR"; fi; }

# --- helpers ------------------------------------------------------------------
SERVER_PID=""
HELPER_PID=""
SERVER_ARGS=""
stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill -INT "$SERVER_PID" 2>/dev/null || true
		for _ in $(seq 300); do
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=""
	fi
}
cleanup() {
	[ -n "$HELPER_PID" ] && kill "$HELPER_PID" 2>/dev/null || true
	for p in $THR_PIDS; do kill -INT "$p" 2>/dev/null || true; done
	stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_server LIB [wrapper...]: sets SERVER_PID and PORT
start_server() {
	local lib=$1 c; shift
	PORT=$(free_port)
	# no subshell: $! must be the server itself (env and valgrind exec)
	# shellcheck disable=SC2086
	env LD_LIBRARY_PATH="$(libdir "$lib")" "$@" "$SERVER" -q -p "$PORT" $SERVER_ARGS \
		>"$B/server-$lib.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 600); do
		if (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null; then
			# some sandboxes interpose a shell; measure the real server
			case "$(readlink "/proc/$SERVER_PID/exe" 2>/dev/null)" in
			*/bash|*/sh|*/dash)
				c=$(pgrep -P "$SERVER_PID" | head -1)
				[ -z "$c" ] || SERVER_PID=$c ;;
			esac
			return 0
		fi
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	log "server ($lib) failed to start:"; tail -5 "$B/server-$lib.log" >&2
	exit 1
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p; s/^$1=\([^ ]*\).*/\1/p" | head -1; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "n/a"}'; }
# run_ratios: the per-run ratios ours/oracle as "min-max"
. "$ROOT/bench/ratios.sh"

declare -A R

# --- throughput -----------------------------------------------------------------
# Interleaved: both servers run side by side (an idle one costs nothing) and
# every run of a row measures each library in turn, alternating which goes
# first, so a change in background load hits both alike.  (Measuring one
# library after the other swung the ratio of one row from 0.7 to 2.0
# between two runs on a shared 2-core machine.)
THR_PIDS=""
measure_throughput() {
	local c s i lib order out v
	declare -A tport tpid vals
	for lib in $LIBS; do
		start_server "$lib"
		tport[$lib]=$PORT; tpid[$lib]=$SERVER_PID
		THR_PIDS="$THR_PIDS $SERVER_PID"; SERVER_PID=""
	done
	for c in $CONNS_LIST; do
		for s in $SIZES; do
			for lib in $LIBS; do vals[$lib]=""; done
			for i in $(seq "$RUNS"); do
				order=$LIBS
				[ $((i % 2)) = 0 ] && order=$(echo $LIBS | tr ' ' '\n' | tac | tr '\n' ' ')
				for lib in $order; do
					out=$("$LOADGEN" -p "${tport[$lib]}" -c "$c" -s "$s" -d "$SECS" -w "$WARM" 2>>"$B/loadgen.log") || {
						log "$lib c=$c s=$s run $i failed: $out"; out="msgs_per_s=FAIL"; }
					log "$lib: $out"
					v=$(echo "$out" | field msgs_per_s)
					vals[$lib]="${vals[$lib]} $v"
					R[$lib,p99,$c,$s]=$(echo "$out" | field p99_us)
				done
			done
			for lib in $LIBS; do
				R[$lib,tput,$c,$s]=$(echo ${vals[$lib]} | tr ' ' '\n' | grep -v FAIL | median)
			done
			R[spread,tput,$c,$s]=$(run_ratios "${vals[oracle]:-}" "${vals[ours]:-}")
		done
	done
	for lib in $LIBS; do
		SERVER_PID=${tpid[$lib]}; stop_server
	done
	THR_PIDS=""
}

# --- memory per idle connection ---------------------------------------------------
# TLS (ECDSA P-256 certificate, TLS 1.3): full handshakes per second
# (openssl s_time, one new session per connection) and wss echo with loadgen
# -S, both libraries interleaved as above
measure_tls() {
	local lib i order out v n t s
	declare -A tport tpid hs vals
	SERVER_ARGS="-c $B/tls/cert.pem -k $B/tls/key.pem"
	for lib in $LIBS; do
		start_server "$lib"
		tport[$lib]=$PORT; tpid[$lib]=$SERVER_PID
		THR_PIDS="$THR_PIDS $SERVER_PID"; SERVER_PID=""
		hs[$lib]=""
	done
	SERVER_ARGS=""
	for i in $(seq "$RUNS"); do
		order=$LIBS
		[ $((i % 2)) = 0 ] && order=$(echo $LIBS | tr ' ' '\n' | tac | tr '\n' ' ')
		for lib in $order; do
			out=$(openssl s_time -connect "127.0.0.1:${tport[$lib]}" -new -time "$SECS" 2>/dev/null | grep 'real seconds' | head -1)
			n=$(echo "$out" | awk '{print $1}'); t=$(echo "$out" | awk '{print $4}')
			v=$(awk -v n="$n" -v t="$t" 'BEGIN { if (t > 0) printf "%.0f", n / t; else print "FAIL" }')
			log "$lib: TLS handshakes: $out -> $v/s"
			hs[$lib]="${hs[$lib]} $v"
		done
	done
	for lib in $LIBS; do
		R[$lib,tls_hs]=$(echo ${hs[$lib]} | tr ' ' '\n' | grep -v FAIL | median)
	done
	R[spread,tls_hs]=$(run_ratios "${hs[oracle]:-}" "${hs[ours]:-}")
	for s in $SIZES; do
		for lib in $LIBS; do vals[$lib]=""; done
		for i in $(seq "$RUNS"); do
			order=$LIBS
			[ $((i % 2)) = 0 ] && order=$(echo $LIBS | tr ' ' '\n' | tac | tr '\n' ' ')
			for lib in $order; do
				out=$("$LOADGEN" -S -p "${tport[$lib]}" -c 100 -s "$s" -d "$SECS" -w "$WARM" 2>>"$B/loadgen.log") || {
					log "$lib wss s=$s run $i failed: $out"; out="msgs_per_s=FAIL"; }
				log "$lib wss: $out"
				vals[$lib]="${vals[$lib]} $(echo "$out" | field msgs_per_s)"
			done
		done
		for lib in $LIBS; do
			R[$lib,tls_tput,$s]=$(echo ${vals[$lib]} | tr ' ' '\n' | grep -v FAIL | median)
		done
		R[spread,tls_tput,$s]=$(run_ratios "${vals[oracle]:-}" "${vals[ours]:-}")
	done
	for lib in $LIBS; do
		SERVER_PID=${tpid[$lib]}; stop_server
	done
	THR_PIDS=""
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
measure_memory() {
	local lib=$1 before after n
	start_server "$lib"
	sleep 0.3
	before=$(rss_kb "$SERVER_PID")
	"$LOADGEN" -p "$PORT" -I -c "$IDLE_CONNS" -d 0 >"$B/idle.out" 2>>"$B/loadgen.log" &
	HELPER_PID=$!
	for _ in $(seq 1200); do
		grep -q '^ready' "$B/idle.out" 2>/dev/null && break
		kill -0 "$HELPER_PID" 2>/dev/null || break
		sleep 0.1
	done
	if grep -q "^ready conns=$IDLE_CONNS errors=0" "$B/idle.out"; then
		sleep 1
		after=$(rss_kb "$SERVER_PID")
		R[$lib,mem]=$(( (after - before) * 1024 / IDLE_CONNS ))
		log "$lib: RSS ${before} kB -> ${after} kB with $IDLE_CONNS idle connections"
	else
		log "$lib: idle connections failed: $(cat "$B/idle.out")"
		R[$lib,mem]=FAIL
	fi
	kill -INT "$HELPER_PID" 2>/dev/null || true
	wait "$HELPER_PID" 2>/dev/null || true
	HELPER_PID=""
	stop_server
}

# --- callgrind instructions per message ---------------------------------------------
callgrind_ir() {   # callgrind_ir LIB NMSGS SIZE -> total Ir of the server
	local lib=$1 n=$2 s=$3 f
	f=$B/callgrind.$lib.$n.$s.out
	rm -f "$f"
	start_server "$lib" valgrind --tool=callgrind --callgrind-out-file="$f" \
		--dump-instr=no --compress-strings=no
	"$LOADGEN" -p "$PORT" -c 1 -s "$s" -n "$n" >/dev/null 2>>"$B/loadgen.log" || {
		log "$lib: callgrind loadgen run failed"; stop_server; echo FAIL; return; }
	stop_server
	awk '/^(summary|totals):/ {print $2; exit}' "$f"
}
measure_instr() {
	local lib=$1 s base full
	command -v valgrind >/dev/null || { log "valgrind missing"; return; }
	for s in 20 16384; do
		base=$(callgrind_ir "$lib" 0 "$s")
		full=$(callgrind_ir "$lib" "$CG_MSGS" "$s")
		if [[ "$base" =~ ^[0-9]+$ && "$full" =~ ^[0-9]+$ ]]; then
			R[$lib,ir,$s]=$(( (full - base) / CG_MSGS ))
			log "$lib: callgrind size $s: baseline $base Ir, $CG_MSGS msgs $full Ir"
		else
			R[$lib,ir,$s]=FAIL
		fi
	done
}

T0=$(date +%s)
LOAD0=$(cut -d' ' -f1 /proc/loadavg)
log "load average at start: $LOAD0 (throughput needs an otherwise idle machine)"
log "=== throughput: $LIBS, interleaved ==="
[ "$TLS_ONLY" = 1 ] || measure_throughput
if [ "$TLS_OK" = 1 ]; then
	log "=== TLS: $LIBS, interleaved ==="
	measure_tls
fi
[ "$TLS_ONLY" = 1 ] && LIBS_DETAIL="" || LIBS_DETAIL=$LIBS
for lib in $LIBS_DETAIL; do
	log "=== $lib ($(libdir "$lib")) ==="
	measure_memory "$lib"
	measure_instr "$lib"
done
log "done in $(( $(date +%s) - T0 )) s"

# --- table --------------------------------------------------------------------------
ratio() {
	if [[ "$1" =~ ^[0-9.]+$ && "$2" =~ ^[0-9.]+$ ]] && [ "$1" != 0 ]; then
		awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b / a}'
	else
		echo "-"
	fi
}
row() {  # row LABEL KEY
	local o=${R[oracle,$2]:-n/a} u=${R[ours,$2]:-n/a}
	echo "| $1 | $o | $u | $(ratio "$o" "$u") | ${R[spread,$2]:-} |"
}
hsize() { if [ "$1" = 16384 ]; then echo "16 KiB"; else echo "$1 B"; fi; }

echo
echo "| metric | oracle (Debian 4.1.6) | ours | ours/oracle | per-run ratios (min-max) |"
echo "|---|---:|---:|---:|---:|"
if [ "$TLS_ONLY" = 0 ]; then
for c in $CONNS_LIST; do
	for s in $SIZES; do
		row "msgs/s, $c conn, $(hsize "$s") (higher is better)" "tput,$c,$s"
	done
done
for c in $CONNS_LIST; do
	for s in $SIZES; do
		row "p99 latency us, $c conn, $(hsize "$s") (last run)" "p99,$c,$s"
	done
done
fi
if [ "$TLS_OK" = 1 ]; then
	row "TLS full handshakes/s, ECDSA P-256 (higher is better)" tls_hs
	for s in $SIZES; do
		row "wss msgs/s, 100 conn, $(hsize "$s") (higher is better)" "tls_tput,$s"
	done
fi
if [ "$TLS_ONLY" = 0 ]; then
	row "bytes RSS per idle connection ($IDLE_CONNS conns, lower is better)" mem
	row "instructions per echoed message, 20 B (lower is better)" "ir,20"
	row "instructions per echoed message, 16 KiB (lower is better)" "ir,16384"
fi
echo
echo "load average at start $LOAD0, at end $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores;" \
	"msgs/s and latency are only comparable on an idle machine, instruction" \
	"counts and memory are not affected by load."
[ -n "$OURS" ] || echo "
(ours not measured: pass --ours DIR or OURS_LIB_DIR=DIR with our libwebsockets.so.17)"
