#!/usr/bin/env bash
# swupdate (2022.12) with its swuforward handler: an .swu image whose one
# artifact (itself an .swu) has type "swuforward" and url = the remote.  The
# handler POSTs the artifact to <url>/upload with libcurl and, through
# libwebsockets (handlers/swuforward-ws.c: a client-only context, one ws to
# <host>:<port>/ with subprotocol "swupdate-status-protocol",
# lws_service(ctx, 50) polled from the installer thread), waits for the
# remote's JSON status messages.  The remote is a stand-in
# (clients/swu_remote.py) for SWUpdate's own webserver.  Two runs: the
# remote reports SUCCESS, then FAILURE.
#
# Kept reachable on purpose: with an unreachable remote, swupdate's own code
# has a use-after-free that the timing of ours exposes (ours creates the lws
# context in ~0.1 ms, the oracle in ~30 ms, so the connection error arrives
# while swupdate still holds freed state); swupdate is at fault, not the
# library (issue 17).
. "$(dirname "$0")/../common.sh"
cons_init
cons_need_pkg swupdate
cons_need_cmd swupdate openssl
cons_enter_netns "$@"

port=8080
py=$CONS_DIR/clients
python3 "$py/mkswu.py" "$CONS_TMP/outer.swu" "$CONS_TMP/inner.swu" "http://127.0.0.1:$port" \
	"$CONS_TMP/cert.pem" || cons_die "mkswu.py failed"
for result in success fail; do
	rm -f "$CONS_TMP/ready" "$CONS_TMP/stop"
	flag=
	[ $result = fail ] && flag=--fail
	(cd "$py" && cons_timeout 90 cons_py swu_remote.py $port "$CONS_TMP/inner.swu" \
		"$CONS_TMP/ready" "$CONS_TMP/stop" $flag >"$CONS_TMP/remote-$result.out") &
	rpid=$!
	for ((i = 0; i < 100; i++)); do [ -e "$CONS_TMP/ready" ] && break; sleep 0.1; done
	[ -e "$CONS_TMP/ready" ] || cons_die "the remote did not start"
	T "--- remote reports $result"
	# -M -m: no bootloader markers; -H: the hardware revision the image accepts
	cons_start swupdate-$result swupdate -v -M -m -H consumers:1.0 -k "$CONS_TMP/cert.pem" \
		-i "$CONS_TMP/outer.swu"
	cons_check_maps swupdate-$result
	for ((i = 0; i < 300; i++)); do cons_alive swupdate-$result || break; sleep 0.1; done
	cons_stop swupdate-$result 5
	touch "$CONS_TMP/stop"
	wait $rpid || cons_die "the remote failed"
	cat "$CONS_TMP/remote-$result.out"
	log=$CONS_TMP/swupdate-$result.log
	# neither the exit status nor the line "SWUpdate was successful" /
	# "SWUpdate *failed*" (endupdate in core/install_from_file.c): both come
	# from the status swupdate's own IPC client last polled, which is
	# sometimes already IDLE (then it says "successful" and exits 1, after a
	# success or a failure) on either library; the installer's own lines
	# below say what happened
	D "swupdate exit status: ${CONS_RC[swupdate-$result]}"
	for re in 'Found installer for stream inner.swu swuforward' \
		'Connection to http://127.0.0.1:8080: established' \
		'http://127.0.0.1:8080 : Installing the forwarded image' \
		'Change status on http://127.0.0.1:8080 : (START|RUN|SUCCESS|FAILURE)' \
		'Update to http://127.0.0.1:8080 failed' 'WS Client Connection Error' \
		'Installer for swuforward not successful' 'Installation failed' \
		'SWUPDATE successful'; do
		T "swupdate log: $(grep -cE -- "$re" "$log") x /$re/"
	done
	grep -E 'callback_ws_swupdate|ERROR|\] [EW]: ' "$log" | sed 's/^\[20[^]]*\] //' | head -n 20 >&2
done
exit 0
