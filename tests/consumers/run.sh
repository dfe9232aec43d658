#!/usr/bin/env bash
# The consumer suite (issue 17): Debian programs that link libwebsockets.so.17,
# each run unchanged twice, on Debian's library (the oracle) and on ours,
# driven by the same scripted clients; what the clients saw is compared.
#
#   tests/consumers/run.sh [--ours LIBDIR] [NAME...]
#
# NAME is a script tests/consumers/progs/NAME.sh (default: all of them).
# LIBDIR holds our libwebsockets.so.17 (default $LWS_OURS_LIBDIR, else
# <repo>/_install/lib).  Each program's transcripts and logs are kept in
# $CONS_OUT (default <repo>/build-consumers).
#
# Transcript lines starting "lwslog " (what of lws's own log reached the
# program's log) are compared apart, as a row NAME/lwslog.
#
# Results: PASS (both runs worked, transcripts equal), FAIL (a run broke, or
# the transcripts differ), KNOWN (they differ, or ours broke, and
# tests/consumers/known-differences lists the program: reported, not counted
# as passed nor as failed), SKIP (the program cannot run here).  Exit status
# 1 when anything failed.  The last line is "N passed, N failed".
#
# Environment: CONS_NO_SKIP=1 (a skipped program fails the run),
# CONS_RUN_TIMEOUT (seconds for one run, default 150),
# LWS_PY_VENV (see common.sh), CONS_KEEP=1 (keep each run's tmp dir).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ours=${LWS_OURS_LIBDIR:-$root/_install/lib}
names=()
while [ $# -gt 0 ]; do
	case "$1" in
	--ours) ours=$2; shift 2 ;;
	--ours=*) ours=${1#--ours=}; shift ;;
	-h|--help) sed -n '2,20p' "$0"; exit 0 ;;
	-*) echo "usage: $0 [--ours LIBDIR] [NAME...]" >&2; exit 2 ;;
	*) names+=("$1"); shift ;;
	esac
done
case "$ours" in /*) ;; *) ours="$(pwd)/$ours" ;; esac
[ -e "$ours/libwebsockets.so.17" ] || { echo "consumers: $ours/libwebsockets.so.17 does not exist" >&2; exit 2; }
export LWS_OURS_LIBDIR=$ours
out=${CONS_OUT:-$root/build-consumers}
mkdir -p "$out"
limit=${CONS_RUN_TIMEOUT:-150}

if [ ${#names[@]} = 0 ]; then
	for f in "$here"/progs/*.sh; do
		[ -e "$f" ] && names+=("$(basename "$f" .sh)")
	done
fi

# known_reason NAME: the reason given in known-differences, if listed
known_reason() {
	[ -f "$here/known-differences" ] || return 1
	local line
	line=$(grep -E "^$1:" "$here/known-differences" | head -n1) || return 1
	[ -n "$line" ] || return 1
	echo "${line#*: }"
}

# run_one NAME LIB: one run; sets rc
run_one() {
	local name=$1 lib=$2 t0=$SECONDS
	CONS_LIB=$lib CONS_NAME=$name timeout -k 5 "$limit" bash "$here/progs/$name.sh" \
		>"$out/$name.$lib.out" 2>"$out/$name.$lib.err" </dev/null
	rc=$?
	[ $rc = 124 ] && echo "consumers: $name on $lib: killed after ${limit}s" >>"$out/$name.$lib.err"
	echo "consumers: $name on $lib: exit $rc, $(wc -l <"$out/$name.$lib.out") transcript lines ($((SECONDS - t0))s)"
}

status_word() { # rc
	case "$1" in
	0) echo ok ;;
	77) echo skip ;;
	124) echo timeout ;;
	*) echo "exit $1" ;;
	esac
}

passed=0 failed=0 known=0 skipped=0
rows=()
for name in "${names[@]}"; do
	if [ ! -f "$here/progs/$name.sh" ]; then
		echo "consumers: no program script $here/progs/$name.sh" >&2
		failed=$((failed + 1))
		rows+=("$name|-|-|FAIL (no script)")
		continue
	fi
	echo
	echo "=== consumers: $name"
	run_one "$name" oracle
	orc=$rc
	if [ $orc = 77 ]; then
		reason=$(grep 'skip:' "$out/$name.oracle.err" | tail -n1)
		echo "consumers: $name: SKIP ${reason:-}"
		skipped=$((skipped + 1))
		rows+=("$name|skip|-|SKIP")
		continue
	fi
	run_one "$name" ours
	urc=$rc
	result=PASS
	why=
	if [ $orc != 0 ]; then
		result=FAIL
		why="the oracle run broke"
		echo "--- $name: stderr of the oracle run (last lines):" >&2
		tail -n 25 "$out/$name.oracle.err" >&2
	elif [ $urc != 0 ]; then
		result=FAIL
		why="the run on ours broke"
		echo "--- $name: stderr of the run on ours (last lines):" >&2
		tail -n 25 "$out/$name.ours.err" >&2
	fi
	# lines "lwslog ..." (lws's own log lines in the program's log) are
	# compared on their own, as the row NAME/lwslog
	for lib in oracle ours; do
		grep '^lwslog ' "$out/$name.$lib.out" >"$out/$name.lwslog.$lib.out"
		grep -v '^lwslog ' "$out/$name.$lib.out" >"$out/$name.main.$lib.out"
	done
	if [ $orc = 0 ] && ! cmp -s "$out/$name.main.oracle.out" "$out/$name.main.ours.out"; then
		[ $result = PASS ] && why="the transcripts differ"
		result=FAIL
		echo "--- $name: transcripts differ (oracle -, ours +):"
		diff -u --label "$name.oracle" --label "$name.ours" \
			"$out/$name.main.oracle.out" "$out/$name.main.ours.out" | head -n 100
		# the scripts' diagnostics (a program's log, when it says
		# something went wrong): the why of a difference, also in a CI
		# log where $out is not kept
		for lib in oracle ours; do
			echo "--- $name: stderr of the $lib run (last lines):"
			tail -n 60 "$out/$name.$lib.err"
		done
	fi
	if [ $result = FAIL ] && [ $orc = 0 ] && reason=$(known_reason "$name"); then
		result=KNOWN
		why="known difference: $reason"
	elif [ $result = PASS ] && reason=$(known_reason "$name"); then
		echo "consumers: $name is listed in known-differences ($reason) but both runs agree now"
	fi
	case $result in
	PASS) passed=$((passed + 1)) ;;
	KNOWN) known=$((known + 1)) ;;
	FAIL) failed=$((failed + 1)) ;;
	esac
	echo "consumers: $name: $result${why:+ ($why)}"
	rows+=("$name|$(status_word $orc) ($(wc -l <"$out/$name.main.oracle.out") lines)|$(status_word $urc) ($(wc -l <"$out/$name.main.ours.out") lines)|$result")
	if [ $orc = 0 ] && [ $urc = 0 ] && { [ -s "$out/$name.lwslog.oracle.out" ] || [ -s "$out/$name.lwslog.ours.out" ]; }; then
		sub=$name/lwslog
		if cmp -s "$out/$name.lwslog.oracle.out" "$out/$name.lwslog.ours.out"; then
			result=PASS
			passed=$((passed + 1))
		else
			echo "--- $sub: lws log lines in the program's log differ (oracle -, ours +):"
			diff -u --label "$sub.oracle" --label "$sub.ours" \
				"$out/$name.lwslog.oracle.out" "$out/$name.lwslog.ours.out" | head -n 40
			if reason=$(known_reason "$sub"); then
				result=KNOWN
				known=$((known + 1))
				echo "consumers: $sub: KNOWN (known difference: $reason)"
			else
				result=FAIL
				failed=$((failed + 1))
				echo "consumers: $sub: FAIL"
			fi
		fi
		rows+=("$sub|$(wc -l <"$out/$name.lwslog.oracle.out") lines|$(wc -l <"$out/$name.lwslog.ours.out") lines|$result")
	fi
done

echo
echo "=== consumers: results (oracle: $(readlink -f /usr/lib/x86_64-linux-gnu/libwebsockets.so.17); ours: $(readlink -f "$ours/libwebsockets.so.17"))"
printf '%-16s %-22s %-22s %s\n' program oracle ours result
for r in "${rows[@]}"; do
	IFS='|' read -r a b c d <<<"$r"
	printf '%-16s %-22s %-22s %s\n' "$a" "$b" "$c" "$d"
done
echo "transcripts and logs: $out"
echo "consumers: $passed passed, $failed failed, $known known differences, $skipped skipped"
echo "$passed passed, $failed failed"
# CONS_NO_SKIP=1 (tools/run-tests.sh, after setup.sh installed everything):
# a program that could not run is a failure, not a silent gap
if [ "${CONS_NO_SKIP:-0}" = 1 ] && [ $skipped != 0 ]; then
	echo "consumers: $skipped program(s) skipped with CONS_NO_SKIP=1" >&2
	exit 1
fi
[ $failed = 0 ]
