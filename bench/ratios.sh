# Sourced by bench/run.sh, http.sh and client.sh.
#
# run_ratios "ORACLE_VALUES" "OUR_VALUES": the per-run ratios ours/oracle
# (values in run order, FAIL or other non-numbers skipped) as "min-max", the
# spread a single median hides: a row is a measured win only when its whole
# range is above 1.
run_ratios() {
	paste <(echo $1 | tr ' ' '\n') <(echo $2 | tr ' ' '\n') |
		awk '$1 ~ /^[0-9.]+$/ && $2 ~ /^[0-9.]+$/ && $1 > 0 {r = $2 / $1;
			if (n == 0 || r < lo) lo = r; if (n == 0 || r > hi) hi = r; n++}
			END {if (n) printf "%.2f-%.2f", lo, hi; else print "-"}'
}
