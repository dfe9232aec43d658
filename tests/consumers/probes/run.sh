#!/usr/bin/env bash
# The measurements behind docs/deviations.md's consumer-suite entries
# (issue 17 item 7): each probe on Debian's library and on ours.
#   tests/consumers/probes/run.sh [OURS_LIBDIR]
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
ours=${1:-${LWS_OURS_LIBDIR:-$root/_install/lib}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for p in vhost_destroy context_time bind_iface; do
	gcc -O2 -o "$tmp/$p" "$here/$p.c" -lwebsockets || exit 1
done
py=${LWS_PY_VENV:-$HOME/.cache/lws-pytest-venv}/bin/python
[ -x "$py" ] || py=python3
for lib in oracle ours; do
	if [ $lib = ours ]; then envp=(env LD_LIBRARY_PATH="$ours"); else envp=(env -u LD_LIBRARY_PATH); fi
	echo "=== $lib"
	unshare -n sh -c 'ip link set lo up; exec "$@"' sh "${envp[@]}" "$tmp/vhost_destroy"
	"${envp[@]}" "$tmp/context_time"
	unshare -n sh -c 'ip link set lo up; exec "$@"' sh "${envp[@]}" "$tmp/bind_iface"
	# plain HTTP to rtpengine's HTTPS listener
	if command -v rtpengine >/dev/null; then
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/key.pem" \
			-out "$tmp/cert.pem" -days 2 -subj /CN=localhost 2>/dev/null
		unshare -n bash -c '
			ip link set lo up
			"$@" rtpengine --foreground --log-stderr -L 3 --table=-1 -i 127.0.0.1 \
				--listen-ng=127.0.0.1:2223 --listen-https=127.0.0.1:8443 \
				--https-cert='"$tmp"'/cert.pem --https-key='"$tmp"'/key.pem >/dev/null 2>&1 &
			pid=$!
			for i in $(seq 50); do ss -Hltn "sport = :8443" | grep -q . && break; sleep 0.1; done
			echo -n "rtpengine https: "; '"$py"' '"$here"'/tls_plain.py 8443
			kill $pid; wait $pid' bash "${envp[@]}"
	fi
done
