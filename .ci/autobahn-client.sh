#!/usr/bin/env bash
# Run the Autobahn WebSocket testsuite in fuzzingserver mode against a
# client command and check the result.
#
# usage: .ci/autobahn-client.sh [--cases 1.*,2.*,...] [--allow 2.10]
#                               [--timeout SECONDS] [--outdir DIR]
#                               -- CLIENT_CMD...
#
# wstest -m fuzzingserver listens on a free loopback port; CLIENT_CMD is then
# run once with every argument equal to @PORT@ replaced by that port (or
# "-p PORT" appended).  It must run all cases itself (getCaseCount, runCase,
# updateReports with agent "lws-rs"), as examples-c/ws-client --autobahn
# does.  Default cases 1.* to 10.*; pass/fail is rated as in .ci/autobahn.sh
# (OK, NON-STRICT, INFORMATIONAL pass).  wstest is installed as for
# .ci/autobahn.sh (.ci/autobahn-lib.sh).
set -euo pipefail

NAME=autobahn-client.sh
. "$(dirname "$0")/autobahn-lib.sh"
CASES=$AB_DEFAULT_CASES
ALLOW=""
TIMEOUT=900
OUTDIR=""

while [ $# -gt 0 ]; do
	case "$1" in
	--cases) CASES=$2; shift 2 ;;
	--allow) ALLOW=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--outdir) OUTDIR=$2; shift 2 ;;
	--) shift; break ;;
	-h|--help) sed -n '2,16p' "$0"; exit 0 ;;
	*) die "unknown option $1 (client command goes after --)" ;;
	esac
done
[ $# -gt 0 ] || die "no client command given (after --)"

ab_install
PORT=$(ab_free_port)
ab_command "$PORT" "$@"

WORK=$(mktemp -d /tmp/autobahn-client.XXXXXX)
[ -n "$OUTDIR" ] || OUTDIR=$WORK/reports
mkdir -p "$OUTDIR"
# this run's report only (the wait below ends when index.json appears)
rm -f "$OUTDIR/index.json"
WSTEST_PID=""
cleanup() {
	[ -n "$WSTEST_PID" ] && kill "$WSTEST_PID" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

python3 - "$WORK/spec.json" "$OUTDIR" "$PORT" "$CASES" <<'PY'
import json, sys
spec_path, outdir, port, cases = sys.argv[1:5]
json.dump({
    "url": "ws://127.0.0.1:%s" % port,
    "outdir": outdir,
    "cases": [c.strip() for c in cases.split(",") if c.strip()],
    "exclude-cases": [],
    "exclude-agent-cases": {},
}, open(spec_path, "w"), indent=1)
PY

(cd "$WORK" && exec "$WSTEST" -m fuzzingserver -s "$WORK/spec.json") >"$WORK/wstest.log" 2>&1 &
WSTEST_PID=$!
for _ in $(seq 200); do
	if (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null; then break; fi
	kill -0 "$WSTEST_PID" 2>/dev/null || { cat "$WORK/wstest.log" >&2; die "wstest exited early"; }
	sleep 0.1
done

echo "autobahn-client.sh: running: ${CMD[*]} (cases $CASES)" >&2
RC=0
timeout "$TIMEOUT" "${CMD[@]}" >"$WORK/client.log" 2>&1 || RC=$?
if [ $RC -ne 0 ]; then
	echo "autobahn-client.sh: client exited with $RC; its log tail:" >&2
	tail -20 "$WORK/client.log" >&2
fi
# the fuzzingserver writes index.json for the client's updateReports: wait
# (up to 60 s) until it is there and parses, not a fixed second
for _ in $(seq 600); do
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$OUTDIR/index.json" 2>/dev/null && break
	kill -0 "$WSTEST_PID" 2>/dev/null || break
	sleep 0.1
done

ab_rate "$OUTDIR/index.json" "$ALLOW" "$RC" 0 "$CASES" || RC=$?
exit $RC
