#!/usr/bin/env bash
# Request-head parsing cost: instructions (callgrind Ir) per head for three
# heads (a minimal GET, a browser's GET with 13 headers, a browser's
# WebSocket upgrade), parsed by h1::parse_all (examples/h1_parse_cost.rs):
# a run with N parses minus a run with none, divided by N.
#
# usage: bench/parse.sh [--base REV] [-n N]
#   --base REV   also measure the parser of git revision REV (built in a
#                temporary worktree with this tree's example), and print
#                both columns and their ratio
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=2000
BASE=
while [ $# -gt 0 ]; do
	case "$1" in
	--base) BASE=$2; shift 2 ;;
	-n) N=$2; shift 2 ;;
	-h|--help) sed -n '2,11p' "$0"; exit 0 ;;
	*) echo "parse.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
command -v valgrind >/dev/null || { echo "parse.sh: valgrind missing" >&2; exit 2; }

build() {  # build TREE -> path of the example binary
	(cd "$1" && cargo build -q --release --example h1_parse_cost >&2)
	echo "$1/target/release/examples/h1_parse_cost"
}
ir() {  # ir BIN KIND COUNT -> total Ir
	local f
	f=$(mktemp)
	valgrind --tool=callgrind --callgrind-out-file="$f" "$1" "$2" "$3" >/dev/null 2>&1
	awk '/^(summary|totals):/ {print $2; exit}' "$f"
	rm -f "$f"
}
per_head() {  # per_head BIN KIND
	local a b
	a=$(ir "$1" "$2" 0)
	b=$(ir "$1" "$2" "$N")
	echo $(( (b - a) / N ))
}

CUR=$(build "$ROOT")
if [ -n "$BASE" ]; then
	WT=$(mktemp -d)
	trap 'git -C "$ROOT" worktree remove --force "$WT" >/dev/null 2>&1 || true' EXIT
	git -C "$ROOT" worktree add --detach "$WT" "$BASE" >/dev/null 2>&1
	mkdir -p "$WT/examples"
	cp "$ROOT/examples/h1_parse_cost.rs" "$WT/examples/"
	# share the registry and the dependencies' builds, not the tree's
	OLD=$(CARGO_TARGET_DIR=$WT/target build "$WT")
	echo "| request head | $BASE (Ir/head) | this tree (Ir/head) | ratio |"
	echo "|---|---:|---:|---:|"
	for k in small browser upgrade; do
		o=$(per_head "$OLD" $k)
		n=$(per_head "$CUR" $k)
		echo "| $k | $o | $n | $(awk -v a="$o" -v b="$n" 'BEGIN {printf "%.2f", b / a}') |"
	done
else
	echo "| request head | this tree (Ir/head) |"
	echo "|---|---:|"
	for k in small browser upgrade; do
		echo "| $k | $(per_head "$CUR" $k) |"
	done
fi
