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
# The testsuite needs Python 2.7; it is installed once into
# $AUTOBAHN_CACHE (default ~/.cache/lws-autobahn) and reused.
set -euo pipefail

CACHE=${AUTOBAHN_CACHE:-$HOME/.cache/lws-autobahn}
PY27=${PY27:-$HOME/.pyenv/versions/2.7.18/bin/python}
VERSION=25.10.1
DEFAULT_CASES="1.*,2.*,3.*,4.*,5.*,6.*,7.*,8.*,9.*,10.*"
CASES=$DEFAULT_CASES
ALLOW=""
TIMEOUT=600
OUTDIR=""
STRICT_CLOSE=0
SCHEME=ws

die() { echo "autobahn.sh: $*" >&2; exit 2; }

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

# --- install (idempotent) ---------------------------------------------------
WSTEST=$CACHE/venv/bin/wstest
if ! [ -x "$WSTEST" ] || ! [ -f "$CACHE/.installed-$VERSION" ]; then
	echo "autobahn.sh: installing autobahntestsuite $VERSION into $CACHE" >&2
	[ -x "$PY27" ] || die "python 2.7 not found at $PY27 (set PY27=)"
	mkdir -p "$CACHE"
	"$PY27" -m pip install -q virtualenv >&2
	[ -x "$CACHE/venv/bin/python" ] || "$PY27" -m virtualenv -q "$CACHE/venv" >&2
	"$CACHE/venv/bin/pip" install -q "autobahntestsuite==$VERSION" >&2
	[ -x "$WSTEST" ] || die "wstest missing after install"
	touch "$CACHE/.installed-$VERSION"
fi

# --- server -------------------------------------------------------------------
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CMD=()
SUBST=0
for a in "$@"; do
	if [ "$a" = "@PORT@" ]; then CMD+=("$PORT"); SUBST=1; else CMD+=("$a"); fi
done
[ $SUBST = 1 ] || CMD+=(-p "$PORT")

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
for _ in $(seq 100); do
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
EXPECT=0
[ "$CASES" = "$DEFAULT_CASES" ] && EXPECT=301
python3 - "$OUTDIR/index.json" "$ALLOW" "$RC" "$STRICT_CLOSE" "$EXPECT" <<'PY' || RC=$?
import json, sys, re
path, allow, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
strict_close = sys.argv[4] == "1"
expect = int(sys.argv[5])
allowed = set(a.strip() for a in allow.split(",") if a.strip())
try:
    report = json.load(open(path))
except Exception as e:
    print("autobahn.sh: no usable report at %s: %s" % (path, e))
    sys.exit(rc or 4)
results = {}
for agent, cases in report.items():
    for case, r in cases.items():
        results[case] = r
key = lambda c: [int(x) for x in re.findall(r"\d+", c)]
good = ("OK", "NON-STRICT", "INFORMATIONAL")
passed, failed, bad, notes = 0, 0, [], 0
for case in sorted(results, key=key):
    r = results[case]
    b, bc = r.get("behavior"), r.get("behaviorClose")
    close_ok = bc in good + ("UNIMPLEMENTED",)
    if b in good and (close_ok or not strict_close):
        passed += 1
        if not close_ok:
            notes += 1
            print("%-8s note    behavior=%s close=%s (close behaviour only)" % (case, b, bc))
        continue
    failed += 1
    tag = "allowed" if case in allowed else "FAIL"
    print("%-8s %-7s behavior=%s close=%s" % (case, tag, b, bc))
    if case not in allowed:
        bad.append(case)
if expect and len(results) != expect:
    print("report has %d cases, expected %d" % (len(results), expect))
    bad.append("missing-cases")
print("%d passed, %d failed" % (passed, failed))
if bad:
    print("unexpected failures: %s" % ",".join(bad))
    sys.exit(1)
sys.exit(rc)
PY
exit $RC
