#!/usr/bin/env bash
# driftnet (1.4.0): its web display (-w -W PORT: an lws HTTP server of the
# page and the images, and the ws "images-pipe-protocol" that announces each
# image carved from the traffic).  driftnet reads a pcap from a fifo: the
# pcap (clients/mkpcap.py: one HTTP response carrying a PNG) is written once
# the ws client is connected.  Then SIGTERM: driftnet stops its web thread
# with pthread_cancel while it sits in lws_service (issue 17 item 1).
. "$(dirname "$0")/../common.sh"
cons_init
cons_need_pkg driftnet
cons_need_cmd driftnet mkfifo setsid
cons_enter_netns "$@"

port=9090
py=$CONS_DIR/clients
mkdir "$CONS_TMP/img"
python3 "$py/mkpcap.py" "$CONS_TMP/in.pcap" "$CONS_TMP/pic.png" || cons_die "mkpcap failed"
mkfifo "$CONS_TMP/fifo"
# setsid: on SIGTERM driftnet signals its whole process group
cons_start driftnet setsid driftnet -v -w -W $port -d "$CONS_TMP/img" -f "$CONS_TMP/fifo"
# pcap_open_offline blocks until the fifo has its 24-byte file header; the
# web server starts after that
exec 3>"$CONS_TMP/fifo"
head -c 24 "$CONS_TMP/in.pcap" >&3
cons_wait_port $port 60 || { cat "$CONS_TMP/driftnet.log" >&2; cons_die "driftnet's web server did not start"; }
cons_check_maps driftnet
T "driftnet web display listening"
(
	cd "$py" || exit 1
	cons_py driftnet.py $port "$CONS_TMP/img" "$CONS_TMP/go" "$CONS_TMP/pic.png"
) & cpid=$!
for ((i = 0; i < 100; i++)); do
	[ -e "$CONS_TMP/go" ] && break
	kill -0 $cpid 2>/dev/null || break
	sleep 0.1
done
tail -c +25 "$CONS_TMP/in.pcap" >&3
exec 3>&-
wait $cpid || cons_die "the client failed (exit $?)"
cons_alive driftnet || cons_die "driftnet died during the run"
cons_stop driftnet 30
T "driftnet after SIGTERM: exit status ${CONS_RC[driftnet]}"
for re in 'new connection: 192.0.2.1:40000' 'connection closing: 192.0.2.2:80 -> 192.0.2.1:40000' 'caught signal 15'; do
	T "driftnet log has '$re': $(grep -c -- "$re" "$CONS_TMP/driftnet.log")"
done
cat "$CONS_TMP/driftnet.log" >&2
exit 0
