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
# (OK, NON-STRICT, INFORMATIONAL pass).  Uses the same Python 2.7 wstest
# install as .ci/autobahn.sh ($AUTOBAHN_CACHE, default ~/.cache/lws-autobahn).
set -euo pipefail

CACHE=${AUTOBAHN_CACHE:-$HOME/.cache/lws-autobahn}
DEFAULT_CASES="1.*,2.*,3.*,4.*,5.*,6.*,7.*,8.*,9.*,10.*"
CASES=$DEFAULT_CASES
ALLOW=""
TIMEOUT=900
OUTDIR=""

die() { echo "autobahn-client.sh: $*" >&2; exit 2; }

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

WSTEST=$CACHE/venv/bin/wstest
if ! [ -x "$WSTEST" ]; then
	# the server-side script knows how to install it: a no-op run does
	"$(dirname "$0")/autobahn.sh" --help >/dev/null
	[ -x "$WSTEST" ] || die "wstest missing: run .ci/autobahn.sh once to install it"
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CMD=()
SUBST=0
for a in "$@"; do
	if [ "$a" = "@PORT@" ]; then CMD+=("$PORT"); SUBST=1; else CMD+=("$a"); fi
done
[ $SUBST = 1 ] || CMD+=(-p "$PORT")

WORK=$(mktemp -d /tmp/autobahn-client.XXXXXX)
[ -n "$OUTDIR" ] || OUTDIR=$WORK/reports
mkdir -p "$OUTDIR"
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
sleep 1

EXPECT=0
[ "$CASES" = "$DEFAULT_CASES" ] && EXPECT=301
python3 - "$OUTDIR/index.json" "$ALLOW" "$RC" "$EXPECT" <<'PY' || RC=$?
import json, sys, re
path, allow, rc, expect = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
allowed = set(a.strip() for a in allow.split(",") if a.strip())
try:
    report = json.load(open(path))
except Exception as e:
    print("autobahn-client.sh: no usable report at %s: %s" % (path, e))
    sys.exit(rc or 4)
results = {}
for agent, cases in report.items():
    for case, r in cases.items():
        results[case] = r
key = lambda c: [int(x) for x in re.findall(r"\d+", c)]
good = ("OK", "NON-STRICT", "INFORMATIONAL")
passed, failed, bad = 0, 0, []
for case in sorted(results, key=key):
    r = results[case]
    b, bc = r.get("behavior"), r.get("behaviorClose")
    if b in good:
        passed += 1
        if bc not in good + ("UNIMPLEMENTED",):
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
