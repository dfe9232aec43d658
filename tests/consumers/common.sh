# tests/consumers/common.sh: sourced by every tests/consumers/progs/<name>.sh.
#
# A program script runs one Debian program, unchanged, on one library:
#
#   CONS_LIB=oracle   Debian's /usr/lib/x86_64-linux-gnu/libwebsockets.so.17
#   CONS_LIB=ours     $LWS_OURS_LIBDIR/libwebsockets.so.17 (LD_LIBRARY_PATH)
#
# and prints on stdout a transcript of what its scripted clients saw (no
# times, ports, pids), diagnostics on stderr.  Exit 0: the run worked (the
# transcript says what happened); 77: the program cannot run here (skip,
# reason on stderr); anything else: the run itself broke.
#
# Provided:
#   cons_init                  set up (tmp dir, traps); call first
#   cons_enter_netns "$@"      re-exec the calling script in a new network
#                              namespace with only lo up (for servers that
#                              bind every address); no-op once inside
#   cons_netns CMD...          run CMD in a new network namespace, lo up
#   cons_need_pkg PKG...       skip (77) unless the Debian packages are installed
#   cons_need_cmd CMD...       skip (77) unless the commands exist
#   cons_skip REASON           exit 77 with the reason on stderr
#   cons_die REASON            exit 1 with the reason on stderr
#   cons_env CMD...            run CMD in the foreground with the library
#                              environment of $CONS_LIB
#   cons_start NAME CMD...     start CMD in the background with that
#                              environment; stdout+stderr to $CONS_TMP/NAME.log;
#                              pid in CONS_PID[NAME] and $CONS_LAST_PID
#   cons_stop NAME [SECS]      SIGTERM, wait up to SECS (default 5), then SIGKILL;
#                              sets CONS_RC[NAME] (exit status, 128+sig if killed)
#   cons_alive NAME            true while it runs
#   cons_check_maps NAME [SECS]  wait up to SECS (default 30) for the process
#                              to map libwebsockets.so.17, then require that
#                              exactly the expected real path is mapped (and
#                              no other libwebsockets); fails the run otherwise
#   cons_wait_port PORT [SECS] [tcp|udp]  wait for a listener on PORT (default 30 s)
#   cons_wait_log NAME REGEX [SECS]  wait for REGEX (grep -E) in NAME's log (default 30 s)
#   cons_timeout SECS CMD...   CMD bounded in time (SIGKILL 2 s after SIGTERM);
#                              CMD may be cons_py
#   cons_py ARGS...            the python3 of the venv (websockets, requests);
#                              clients/consclient.py has transcript helpers
#   cons_cert DIR              self-signed cert DIR/cert.pem DIR/key.pem
#                              (CN=localhost, SAN localhost/127.0.0.1/::1)
#   cons_free_port             a TCP port free now on 127.0.0.1
#   T "fact"                   one transcript line on stdout
#   D "text"                   a diagnostic line on stderr
#
# Environment: CONS_LIB (oracle|ours, required), LWS_OURS_LIBDIR (dir of our
# libwebsockets.so.17; default <repo>/_install/lib), LWS_PY_VENV (default
# ~/.cache/lws-pytest-venv, made by tests/consumers/setup.sh),
# CONS_KEEP=1 keeps $CONS_TMP.

CONS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONS_ROOT=$(cd "$CONS_DIR/../.." && pwd)
CONS_ORACLE_LIB=/usr/lib/x86_64-linux-gnu/libwebsockets.so.17
: "${LWS_OURS_LIBDIR:=$CONS_ROOT/_install/lib}"
: "${LWS_PY_VENV:=$HOME/.cache/lws-pytest-venv}"
export LWS_OURS_LIBDIR LWS_PY_VENV

declare -A CONS_PID=() CONS_RC=()
CONS_LAST_PID=
CONS_TMP=

T() { printf '%s\n' "$*"; }
D() { printf '%s: %s\n' "${CONS_NAME:-consumers}" "$*" >&2; }
cons_skip() { D "skip: $*"; exit 77; }
cons_die() { D "error: $*"; exit 1; }

cons_expected_lib() {
	case "${CONS_LIB:-}" in
	oracle) readlink -f "$CONS_ORACLE_LIB" ;;
	ours) readlink -f "$LWS_OURS_LIBDIR/libwebsockets.so.17" ;;
	*) return 1 ;;
	esac
}

cons_cleanup() {
	local name pid
	for name in "${!CONS_PID[@]}"; do
		pid=${CONS_PID[$name]}
		kill -0 "$pid" 2>/dev/null || continue
		kill -TERM "$pid" 2>/dev/null
	done
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		local any=0
		for name in "${!CONS_PID[@]}"; do
			kill -0 "${CONS_PID[$name]}" 2>/dev/null && any=1
		done
		[ $any = 0 ] && break
		sleep 0.2
	done
	for name in "${!CONS_PID[@]}"; do
		pid=${CONS_PID[$name]}
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	done
	if [ -n "$CONS_TMP" ] && [ -d "$CONS_TMP" ]; then
		if [ "${CONS_KEEP:-0}" = 1 ]; then
			D "kept $CONS_TMP"
		else
			rm -rf "$CONS_TMP"
		fi
	fi
}

cons_init() {
	CONS_NAME=${CONS_NAME:-$(basename "$0" .sh)}
	case "${CONS_LIB:-}" in
	oracle|ours) ;;
	*) echo "$0: set CONS_LIB=oracle or CONS_LIB=ours" >&2; exit 2 ;;
	esac
	[ -e "$CONS_ORACLE_LIB" ] || cons_skip "Debian's libwebsockets17 is not installed"
	if [ "$CONS_LIB" = ours ] && [ ! -e "$LWS_OURS_LIBDIR/libwebsockets.so.17" ]; then
		cons_die "$LWS_OURS_LIBDIR/libwebsockets.so.17 does not exist"
	fi
	CONS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lws-cons-$CONS_NAME-$CONS_LIB.XXXXXX")
	trap cons_cleanup EXIT
	trap 'exit 130' INT TERM
}

cons_enter_netns() {
	[ "${CONS_IN_NETNS:-0}" = 1 ] && return 0
	command -v unshare >/dev/null && command -v ip >/dev/null ||
		cons_skip "unshare/ip (util-linux, iproute2) missing"
	# the trap of this (outer) shell must not remove anything: nothing started yet
	trap - EXIT
	[ -n "$CONS_TMP" ] && rm -rf "$CONS_TMP"
	CONS_IN_NETNS=1 exec unshare -n -- bash -c 'ip link set lo up || exit 1; exec "$@"' \
		bash bash "$0" "$@"
}

cons_netns() {
	unshare -n -- bash -c 'ip link set lo up || exit 1; exec "$@"' bash "$@"
}

cons_need_pkg() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			cons_skip "Debian package $p is not installed (tests/consumers/setup.sh installs it)"
	done
}

cons_need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || cons_skip "command $c not found"
	done
}

cons_env() {
	if [ "$CONS_LIB" = ours ]; then
		env LD_LIBRARY_PATH="$LWS_OURS_LIBDIR" "$@"
	else
		env -u LD_LIBRARY_PATH "$@"
	fi
}

cons_start() {
	local name=$1
	shift
	# env execs CMD: $! is the program's own pid
	if [ "$CONS_LIB" = ours ]; then
		env LD_LIBRARY_PATH="$LWS_OURS_LIBDIR" "$@" >"$CONS_TMP/$name.log" 2>&1 </dev/null &
	else
		env -u LD_LIBRARY_PATH "$@" >"$CONS_TMP/$name.log" 2>&1 </dev/null &
	fi
	CONS_LAST_PID=$!
	CONS_PID[$name]=$CONS_LAST_PID
	D "started $name (pid $CONS_LAST_PID): $*"
}

cons_alive() {
	local pid=${CONS_PID[$1]:-}
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

cons_stop() {
	local name=$1 secs=${2:-5} pid i rc
	pid=${CONS_PID[$name]:-}
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < secs * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		D "$name did not exit within ${secs}s of SIGTERM: SIGKILL"
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	rc=$?
	CONS_RC[$name]=$rc
	unset "CONS_PID[$name]"
	return 0
}

# the distinct real paths of every libwebsockets object mapped by PID
cons_mapped_lws() {
	awk '$6 ~ /libwebsockets[^\/]*\.so/ {print $6}' "/proc/$1/maps" 2>/dev/null |
		sort -u | while read -r p; do readlink -f "$p" || echo "$p"; done | sort -u
}

cons_check_maps() {
	local name=$1 secs=${2:-30} pid want got i
	pid=${CONS_PID[$name]:-}
	[ -n "$pid" ] || cons_die "cons_check_maps: $name was not started"
	want=$(cons_expected_lib)
	# the program may be a wrapper (env, a shell) or load the library late
	# (dlopen of a plugin): look at the process and its descendants
	for ((i = 0; i < secs * 10; i++)); do
		got=$(for p in $pid $(cons_descendants "$pid"); do cons_mapped_lws "$p"; done |
			grep -v 'libwebsockets-evlib' | sort -u)
		[ -n "$got" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ -z "$got" ]; then
		D "--- $name log:"; tail -n 30 "$CONS_TMP/$name.log" >&2
		cons_die "$name (pid $pid) has no libwebsockets mapped after ${secs}s"
	fi
	if [ "$got" != "$want" ]; then
		cons_die "$name maps '$(echo $got)', expected exactly $want (CONS_LIB=$CONS_LIB)"
	fi
	D "$name maps $got"
}

cons_descendants() {
	local c
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		echo "$c"
		cons_descendants "$c"
	done
}

cons_wait_port() {
	local port=$1 secs=${2:-30} proto=${3:-tcp} i flag=-ltnH
	[ "$proto" = udp ] && flag=-lunH
	for ((i = 0; i < secs * 10; i++)); do
		if ss $flag "sport = :$port" 2>/dev/null | grep -q .; then
			return 0
		fi
		sleep 0.1
	done
	D "nothing listens on $proto port $port after ${secs}s"
	return 1
}

cons_wait_log() {
	local name=$1 re=$2 secs=${3:-30} i
	for ((i = 0; i < secs * 10; i++)); do
		grep -qE -- "$re" "$CONS_TMP/$name.log" 2>/dev/null && return 0
		sleep 0.1
	done
	D "no /$re/ in $name's log after ${secs}s"
	return 1
}

cons_timeout() {
	local secs=$1
	shift
	if [ "$1" = cons_py ]; then
		shift
		cons_need_venv
		timeout -k 2 "$secs" env -u LD_LIBRARY_PATH "$LWS_PY_VENV/bin/python" "$@"
	else
		timeout -k 2 "$secs" "$@"
	fi
}

cons_need_venv() {
	[ -x "$LWS_PY_VENV/bin/python" ] &&
		"$LWS_PY_VENV/bin/python" -c 'import websockets' 2>/dev/null ||
		cons_skip "no python venv with websockets at $LWS_PY_VENV (run tests/consumers/setup.sh)"
}

# python3 of the venv; the clients never load a libwebsockets
cons_py() {
	cons_need_venv
	env -u LD_LIBRARY_PATH "$LWS_PY_VENV/bin/python" "$@"
}

cons_cert() {
	local dir=$1
	mkdir -p "$dir"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$dir/key.pem" -out "$dir/cert.pem" -days 2 -subj /CN=localhost \
		-addext 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1' 2>/dev/null ||
		cons_die "openssl req failed"
}

cons_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
