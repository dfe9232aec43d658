#!/usr/bin/env bash
# Janus (janus 1.1.2) with its websockets transport (Janus API over ws and
# wss on ws_ip 127.0.0.1, Admin API over ws on ws_interface "lo", which lws
# resolves to lo's first address, 127.0.0.1: one lws context, three vhosts,
# replies queued by
# Janus's threads that wake the service thread with lws_cancel_service) and
# its wsevh event handler (a second lws context in the same process: a ws
# client with a service thread of its own, sending session/handle events to
# clients/janus_events.py).  clients/janus.py drives the APIs: info, ping,
# create, keepalive, attach echotest + message, errors, a 100 KB message,
# detach, destroy; admin ping/list_sessions/get_status; refused upgrades
# and plain HTTP; 4 clients at once.
. "$(dirname "$0")/../common.sh"
cons_init
cons_need_pkg janus
cons_need_cmd janus
cons_enter_netns "$@"

lib=/usr/lib/x86_64-linux-gnu/janus
j=$CONS_TMP/janus
mkdir -p "$j/conf" "$j/plugins" "$j/transports" "$j/events" "$j/loggers"
for f in plugins/libjanus_echotest.so transports/libjanus_websockets.so events/libjanus_wsevh.so; do
	[ -e "$lib/$f" ] || cons_skip "no $lib/$f"
	ln -s "$lib/$f" "$j/$f"
done
cons_cert "$CONS_TMP/tls"
for f in janus.jcfg janus.transport.websockets.jcfg janus.eventhandler.wsevh.jcfg; do
	sed -e "s|@CONF@|$j/conf|; s|@PLUGINS@|$j/plugins|; s|@TRANSPORTS@|$j/transports|" \
		-e "s|@EVENTS@|$j/events|; s|@LOGGERS@|$j/loggers|" \
		-e "s|@CERT@|$CONS_TMP/tls/cert.pem|; s|@KEY@|$CONS_TMP/tls/key.pem|" \
		"$CONS_DIR/data/janus/$f" >"$j/conf/$f"
done

# the events server first: wsevh connects when Janus starts
cons_need_venv
env -u LD_LIBRARY_PATH "$LWS_PY_VENV/bin/python" "$CONS_DIR/clients/janus_events.py" 9100 \
	>"$CONS_TMP/events.out" 2>"$CONS_TMP/events.log" &
CONS_PID[events]=$!
cons_wait_port 9100 60 || cons_die "the events server did not start"

cons_start janus janus -F "$j/conf" -C "$j/conf/janus.jcfg" -o -e
cons_wait_port 8188 60 && cons_wait_port 8989 30 && cons_wait_port 7188 30 || {
	tail -n 40 "$CONS_TMP/janus.log" >&2
	cons_die "janus's listeners did not come up"
}
cons_check_maps janus
T "janus listening: ws, wss, admin ws"
cons_timeout 120 cons_py "$CONS_DIR/clients/janus.py" 8188 8989 7188 ||
	cons_die "the client failed (exit $?)"
sleep 0.5
cons_alive janus || cons_die "janus died during the run"
cons_stop janus 30
T "janus after SIGTERM: exit status ${CONS_RC[janus]}"
cons_stop events 30
cat "$CONS_TMP/events.out"
# lws's own log lines reach Janus's log through its emit function
# (ws_logging = "err,warn"): the 3 upgrades without a subprotocol each log
# "User code denied connection"
T "lwslog janus's log: $(grep -c '\[libwebsockets\]\[WARN\] User code denied connection' "$CONS_TMP/janus.log") x 'User code denied connection'"
grep -F '[libwebsockets]' "$CONS_TMP/janus.log" | head -n 20 >&2
exit 0
