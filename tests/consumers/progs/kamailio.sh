#!/usr/bin/env bash
# kamailio with kamailio-lwsc-modules: lwsc is a ws client inside a SIP
# worker process (context made on first use, lws_service in its own
# thread, writes requested from the SIP worker with
# lws_callback_on_writable + lws_cancel_service).  data/kamailio.cfg maps
# SIP OPTIONS requests to lwsc_request / lwsc_notify / lwsc_request_proto
# calls; clients/kamailio.py is both the ws(s) server lwsc talks to and the
# SIP UA, and prints what the server saw and what came back over SIP.
. "$(dirname "$0")/../common.sh"
cons_init
cons_need_pkg kamailio kamailio-lwsc-modules
cons_need_cmd kamailio
cons_enter_netns "$@"

mpath=/usr/lib/x86_64-linux-gnu/kamailio/modules/
[ -e "$mpath/lwsc.so" ] || cons_skip "no $mpath/lwsc.so"
cons_cert "$CONS_TMP/tls"
sed -e 's/@SIP_PORT@/5060/g; s/@WS_PORT@/9001/g; s/@WSS_PORT@/9002/g; s/@DEAD_PORT@/9003/g' \
	-e "s|@MPATH@|$mpath|g" "$CONS_DIR/data/kamailio.cfg" >"$CONS_TMP/kamailio.cfg"
kamailio -c -f "$CONS_TMP/kamailio.cfg" >"$CONS_TMP/check.log" 2>&1 || {
	cat "$CONS_TMP/check.log" >&2
	cons_die "kamailio -c rejects the configuration"
}
cons_start kamailio kamailio -DD -E -f "$CONS_TMP/kamailio.cfg" -P "$CONS_TMP/kamailio.pid" \
	-Y "$CONS_TMP/run" -m 64 -M 16
mkdir -p "$CONS_TMP/run"
cons_wait_port 5060 60 udp || {
	tail -n 30 "$CONS_TMP/kamailio.log" >&2
	cons_die "kamailio does not listen"
}
cons_check_maps kamailio
T "kamailio listening"
cons_timeout 120 cons_py "$CONS_DIR/clients/kamailio.py" 5060 9001 9002 \
	"$CONS_TMP/tls/cert.pem" "$CONS_TMP/tls/key.pem" || cons_die "the client failed (exit $?)"
cons_alive kamailio || cons_die "kamailio died during the run"
cons_stop kamailio 30
T "kamailio after SIGTERM: exit status ${CONS_RC[kamailio]}"
# lws's log lines reach kamailio's log through lwsc's emit function
# (LLL_ERR|LLL_WARN|LLL_NOTICE, "libwebsockets(N): ...")
T "lwslog kamailio's log has $(grep -c 'libwebsockets(' "$CONS_TMP/kamailio.log") lws lines"
grep 'libwebsockets(' "$CONS_TMP/kamailio.log" | head -n 20 >&2
exit 0
