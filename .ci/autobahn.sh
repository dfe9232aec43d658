#!/usr/bin/env bash
# Run the Autobahn WebSocket testsuite (fuzzingclient mode) against an echo
# server command and check the result.
#
# usage: .ci/autobahn.sh [--cases 1.*,2.*,...] [--allow 2.10,2.11]
#                        [--timeout SECONDS] [--outdir DIR] [--strict-close]
#                        [--wss] -- SERVER_CMD...
#
# SERVER_CMD is started on a free loopback port: every argument equal to
# @PORT@ is replaced by the port number; if there is none, "-p PORT" is
# appended.  Default cases: 1.* to 10.* (301 cases).  A case counts as passed
# when Autobahn rates its behaviour OK, NON-STRICT or INFORMATIONAL (as in
# Autobahn's own report); a deviating close behaviour (e.g. "FAILED BY CLIENT":
# the server did not drop TCP after its close frame) is printed as a note, or
# counted as a failure with --strict-close.  --outdir keeps the reports.
# --wss: the server speaks TLS (wss://; the test suite does not check its
# certificate).  Exit
# status is non-zero when any case not in the --allow list fails (or is
# missing from the report), or when wstest/the server misbehaves.
#
# The testsuite (Python 2.7) is installed by .ci/autobahn-lib.sh.
set -euo pipefail

NAME=autobahn.sh
. "$(dirname "$0")/autobahn-lib.sh"
CASES=$AB_DEFAULT_CASES
ALLOW=""
TIMEOUT=600
OUTDIR=""
STRICT_CLOSE=0
SCHEME=ws

while [ $# -gt 0 ]; do
	case "$1" in
	--cases) CASES=$2; shift 2 ;;
	--allow) ALLOW=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--outdir) OUTDIR=$2; shift 2 ;;
	--strict-close) STRICT_CLOSE=1; shift ;;
	--wss) SCHEME=wss; shift ;;
	--) shift; break ;;
	-h|--help) sed -n '2,22p' "$0"; exit 0 ;;
	*) die "unknown option $1 (server command goes after --)" ;;
	esac
done
[ $# -gt 0 ] || die "no server command given (after --)"

ab_install

# --- server -------------------------------------------------------------------
PORT=$(ab_free_port)
ab_command "$PORT" "$@"

WORK=$(mktemp -d /tmp/autobahn.XXXXXX)
[ -n "$OUTDIR" ] || OUTDIR=$WORK/reports
mkdir -p "$OUTDIR"
SERVER_PID=""
WSTEST_PID=""
cleanup() {
	[ -n "$WSTEST_PID" ] && kill "$WSTEST_PID" 2>/dev/null || true
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		for _ in $(seq 50); do
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "autobahn.sh: starting: ${CMD[*]}" >&2
"${CMD[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 300); do
	if (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null; then break; fi
	kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "server exited early"; }
	sleep 0.1
done
(exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null || die "server not listening on $PORT"

# --- wstest ---------------------------------------------------------------------
python3 - "$WORK/spec.json" "$OUTDIR" "$PORT" "$CASES" "$SCHEME" <<'PY'
import json, sys
spec_path, outdir, port, cases, scheme = sys.argv[1:6]
json.dump({
    "outdir": outdir,
    "servers": [{"agent": "lws", "url": "%s://127.0.0.1:%s" % (scheme, port)}],
    "cases": [c.strip() for c in cases.split(",") if c.strip()],
    "exclude-cases": [],
    "exclude-agent-cases": {},
}, open(spec_path, "w"), indent=1)
PY

echo "autobahn.sh: running wstest (cases $CASES, timeout ${TIMEOUT}s)" >&2
(cd "$WORK" && exec timeout "$TIMEOUT" "$WSTEST" -m fuzzingclient -s "$WORK/spec.json") \
	>"$WORK/wstest.log" 2>&1 &
WSTEST_PID=$!
RC=0
wait "$WSTEST_PID" || RC=$?
# a wstest killed by a signal still leaves no report; treat as failure below
WSTEST_PID=""
if [ $RC -ne 0 ]; then
	tail -20 "$WORK/wstest.log" >&2
	[ $RC -eq 124 ] && echo "autobahn.sh: wstest timed out after ${TIMEOUT}s" >&2
	echo "autobahn.sh: wstest exited with $RC; server log tail:" >&2
	tail -20 "$WORK/server.log" >&2
	[ $RC -ne 0 ] || RC=5
fi
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
	echo "autobahn.sh: server died during the run; its log:" >&2
	tail -20 "$WORK/server.log" >&2
	RC=3
fi

# --- report -----------------------------------------------------------------------
ab_rate "$OUTDIR/index.json" "$ALLOW" "$RC" "$STRICT_CLOSE" "$CASES" || RC=$?
exit $RC
