#!/usr/bin/env bash
# rtpengine (rtpengine-daemon): its HTTP, HTTPS, WS and WSS listeners
# (daemon/websocket.c: one lws context, a vhost per listener, replies built
# by a pool of worker threads that wake the service thread with
# lws_cancel_service).  The client (clients/rtpengine.py) checks GET /ping,
# /cli/..., /metrics, POST /ng and /admin, keep-alive, the ws subprotocols
# echo/cli/ng/janus (ng offer/query/delete of a call), refused subprotocols,
# and 4 ws + 4 wss clients at once; then SIGTERM and the exit status.
. "$(dirname "$0")/../common.sh"
cons_init
cons_need_pkg rtpengine-daemon
cons_need_cmd rtpengine
# listeners on fixed ports: in a namespace of its own
cons_enter_netns "$@"

cons_cert "$CONS_TMP/tls"
cons_start rtpengine rtpengine --foreground --log-stderr --no-log-timestamps \
	-L 6 --log-level-http=7 --table=-1 -i 127.0.0.1 \
	--listen-ng=127.0.0.1:2223 --listen-cli=127.0.0.1:9900 \
	--listen-http=127.0.0.1:8080 --listen-https=127.0.0.1:8443 \
	--https-cert="$CONS_TMP/tls/cert.pem" --https-key="$CONS_TMP/tls/key.pem" \
	--http-threads=3
cons_wait_port 8080 60 && cons_wait_port 8443 30 || {
	tail -n 30 "$CONS_TMP/rtpengine.log" >&2
	cons_die "rtpengine's listeners did not come up"
}
cons_check_maps rtpengine
T "rtpengine listening: http, https"
cons_timeout 120 cons_py "$CONS_DIR/clients/rtpengine.py" 8080 8443 ||
	cons_die "the client failed (exit $?)"
cons_alive rtpengine || cons_die "rtpengine died during the run"
cons_stop rtpengine 30
T "rtpengine after SIGTERM: exit status ${CONS_RC[rtpengine]}"
# lws's own log lines reach rtpengine's log through lws_set_log_level's
# emit function (at LLL_ERR|LLL_WARN): the two refused ws upgrades without
# a known subprotocol each log "User code denied connection" on both
T "lwslog rtpengine's log: $(grep -c 'libwebsockets: User code denied connection' "$CONS_TMP/rtpengine.log") x 'User code denied connection'"
grep 'libwebsockets: ' "$CONS_TMP/rtpengine.log" | head -n 20 >&2
exit 0
