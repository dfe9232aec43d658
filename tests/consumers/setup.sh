#!/usr/bin/env bash
# Installs what the consumer suite (tests/consumers/run.sh) needs on a Debian
# bookworm machine: the Debian programs that link libwebsockets.so.17, the
# tools the scripts use, deb-src entries (for `apt-get source` of upstream's
# test apps), and the python venv (websockets, requests) of tests/python.
# Safe to run again: nothing installed is reinstalled.  Run as root (or with
# sudo available).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
export DEBIAN_FRONTEND=noninteractive
sudo=
[ "$(id -u)" != 0 ] && sudo=sudo
log=${TMPDIR:-/tmp}/lws-consumers-setup.log
: >"$log"

quietly() {
	if ! "$@" >>"$log" 2>&1; then
		echo "consumers setup: '$*' failed; its log ($log):" >&2
		tail -n 60 "$log" >&2
		exit 1
	fi
}

packages=(
	iproute2 util-linux openssl curl python3 python3-venv
	# upstream's test apps, built from Debian's source package against
	# Debian's headers (build-upstream-tests.sh: apt-get source, dpkg-source)
	dpkg-dev gcc libc6-dev libwebsockets-dev libssl-dev
	# the programs (see docs/consumers.md)
	rtpengine-daemon
	kamailio kamailio-lwsc-modules
	janus
	csound csound-plugins
	driftnet
	swupdate
	ardour
)

# deb-src: `apt-get source` needs it; a fresh bookworm image has only deb lines
src=/etc/apt/sources.list.d/debian-src.sources
need_update=0
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ &&
	! grep -qs '^deb-src' /etc/apt/sources.list; then
	echo "consumers setup: adding $src"
	$sudo tee "$src" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	need_update=1
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] || [ $need_update = 1 ]; then
	quietly $sudo apt-get -o DPkg::Lock::Timeout=900 update
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "consumers setup: apt-get install ${missing[*]} (log: $log)"
	# the daemons' packages start their services when installed: not wanted
	# here (they would hold the ports the tests use)
	policy=/usr/sbin/policy-rc.d
	made_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
		$sudo chmod +x "$policy"
		made_policy=1
	fi
	rc=0
	$sudo apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1 || rc=$?
	[ $made_policy = 1 ] && $sudo rm -f "$policy"
	if [ $rc != 0 ]; then
		echo "consumers setup: apt-get install failed; its log ($log):" >&2
		tail -n 60 "$log" >&2
		exit 1
	fi
fi

# the daemons must not run as services (a package's postinst may have
# started one before this script existed)
for svc in rtpengine-daemon kamailio janus swupdate; do
	if command -v systemctl >/dev/null && systemctl is-active -q "$svc" 2>/dev/null; then
		$sudo systemctl stop "$svc" || true
	fi
done

# python venv of tests/python (websockets, pytest, requests)
quietly "$root/.ci/real-clients-tests.sh" --setup

# upstream's test apps: fetched (apt-get source) and built here, where the
# network is reachable; the program scripts run in a network namespace
# with only loopback and use the cached build
echo "consumers setup: upstream's test apps (build-upstream-tests.sh)"
quietly bash "$here/build-upstream-tests.sh"
echo "consumers setup: done"
