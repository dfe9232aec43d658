# Shared by .ci/autobahn.sh (fuzzingclient: our server under test) and
# .ci/autobahn-client.sh (fuzzingserver: our client under test); sourced,
# not run.  The caller sets NAME (for messages) and may set AUTOBAHN_CACHE
# and PY27.
#
# The testsuite needs Python 2.7; it is installed once into
# $AUTOBAHN_CACHE (default ~/.cache/lws-autobahn) and reused.

AB_CACHE=${AUTOBAHN_CACHE:-$HOME/.cache/lws-autobahn}
AB_PY27=${PY27:-$HOME/.pyenv/versions/2.7.18/bin/python}
AB_VERSION=25.10.1
WSTEST=$AB_CACHE/venv/bin/wstest
AB_DEFAULT_CASES="1.*,2.*,3.*,4.*,5.*,6.*,7.*,8.*,9.*,10.*"

die() { echo "$NAME: $*" >&2; exit 2; }

# Installs wstest into the cache unless this version is there already.
ab_install() {
	if [ -x "$WSTEST" ] && [ -f "$AB_CACHE/.installed-$AB_VERSION" ]; then
		return 0
	fi
	echo "$NAME: installing autobahntestsuite $AB_VERSION into $AB_CACHE" >&2
	[ -x "$AB_PY27" ] || die "python 2.7 not found at $AB_PY27 (set PY27=)"
	mkdir -p "$AB_CACHE"
	"$AB_PY27" -m pip install -q virtualenv >&2
	[ -x "$AB_CACHE/venv/bin/python" ] || "$AB_PY27" -m virtualenv -q "$AB_CACHE/venv" >&2
	"$AB_CACHE/venv/bin/pip" install -q "autobahntestsuite==$AB_VERSION" >&2
	[ -x "$WSTEST" ] || die "wstest missing after install"
	touch "$AB_CACHE/.installed-$AB_VERSION"
}

ab_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# ab_command PORT ARGS...: sets CMD to ARGS with every @PORT@ replaced by
# PORT, or with "-p PORT" appended if there is none.
ab_command() {
	local port=$1 a subst=0
	shift
	CMD=()
	for a in "$@"; do
		if [ "$a" = "@PORT@" ]; then CMD+=("$port"); subst=1; else CMD+=("$a"); fi
	done
	[ $subst = 1 ] || CMD+=(-p "$port")
}

# ab_rate INDEX_JSON ALLOW RC STRICT_CLOSE CASES: rates a report.  A case
# passes when Autobahn rates its behaviour OK, NON-STRICT or INFORMATIONAL;
# a deviating close behaviour is a note, or a failure with STRICT_CLOSE=1.
# With the default cases all 301 must be in the report.  Returns non-zero
# on a failure outside ALLOW (comma-separated case ids), else RC.
ab_rate() {
	local expect=0
	[ "$5" = "$AB_DEFAULT_CASES" ] && expect=301
	python3 - "$1" "$2" "$3" "$4" "$expect" "$NAME" <<'PY'
import json, sys, re
path, allow, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
strict_close = sys.argv[4] == "1"
expect = int(sys.argv[5])
name = sys.argv[6]
allowed = set(a.strip() for a in allow.split(",") if a.strip())
try:
    report = json.load(open(path))
except Exception as e:
    print("%s: no usable report at %s: %s" % (name, path, e))
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
    close_ok = bc in good + ("UNIMPLEMENTED",)
    if b in good and (close_ok or not strict_close):
        passed += 1
        if not close_ok:
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
}
