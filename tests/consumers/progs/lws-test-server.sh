#!/usr/bin/env bash
# upstream's libwebsockets-test-server 4.1.6 (test-apps/test-server.c with
# the plugins dumb-increment, lws-mirror, lws-status and post-demo compiled
# in), built from Debian's source against Debian's headers by
# ../build-upstream-tests.sh, the same binary run on both libraries.
# The client (clients/lws_test_server.py) checks the files served by the
# "/" mount, the 404 path of the server's own HTTP callback, HEAD,
# keep-alive, the post-demo form (urlencoded and multipart upload), the
# dumb-increment ws (with and without permessage-deflate: the count, the
# "reset\n" and "closeme\n" commands), lws-mirror between two clients and a
# third on another instance, lws-status (the JSON of connections as clients
# come and go), ws without or with an unknown subprotocol.  Then SIGUSR1
# twice (the server creates, then destroys, a vhost on port+1) and SIGINT
# (clean exit), and the server's own log lines.
# LWS_TS_VARIANT=extpoll runs libwebsockets-test-server-extpoll instead.
. "$(dirname "$0")/../common.sh"
cons_init
cons_need_pkg libwebsockets-dev
cons_need_cmd gcc curl
variant=${LWS_TS_VARIANT:-}
bin=libwebsockets-test-server${variant:+-$variant}
cons_enter_netns "$@"

ut=$(bash "$CONS_DIR/build-upstream-tests.sh" 2>"$CONS_TMP/build.log")
rc=$?
# setup.sh builds them (with the network this namespace does not have):
# their absence is a broken setup, never a skip
[ $rc = 0 ] || { cat "$CONS_TMP/build.log" >&2; cons_die "upstream's test apps are not built: run tests/consumers/setup.sh first"; }
[ $rc = 0 ] || { cat "$CONS_TMP/build.log" >&2; cons_die "build-upstream-tests.sh failed"; }
share=$ut/share/libwebsockets-test-server
port=7681
rm -f /tmp/post-file
cons_start server "$ut/bin/$bin" -p $port -r "$share"
cons_wait_port $port 60 || { cat "$CONS_TMP/server.log" >&2; cons_die "the test server did not listen"; }
cons_check_maps server
T "$bin listening"
(cd "$CONS_DIR/clients" && cons_timeout 90 cons_py lws_test_server.py $port "$share") ||
	cons_die "the client failed (exit $?)"
if [ -f /tmp/post-file ]; then
	T "post-demo wrote /tmp/post-file: $(wc -c </tmp/post-file) bytes, sha256 $(sha256sum </tmp/post-file | cut -c1-16)"
	rm -f /tmp/post-file
else
	T "post-demo wrote no /tmp/post-file"
fi

# dynamic vhost on port+1: SIGUSR1 toggles it (created/destroyed from the
# service loop after lws_cancel_service wakes it)
curl_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$@"; }
T "port+1 before SIGUSR1: $(curl_code http://127.0.0.1:$((port + 1))/test.css)"
kill -USR1 "${CONS_PID[server]}"
cons_wait_port $((port + 1)) 10 || true
T "port+1 after SIGUSR1: $(curl_code http://127.0.0.1:$((port + 1))/test.css)"
T "port after SIGUSR1: $(curl_code http://127.0.0.1:$port/test.css)"
kill -USR1 "${CONS_PID[server]}"
for ((i = 0; i < 20; i++)); do
	ss -ltnH "sport = :$((port + 1))" | grep -q . || break
	sleep 0.1
done
# not in the transcript: Debian's lws_vhost_destroy never closes the
# destroyed vhost's own listen socket (4.1.6 never sets vh->being_destroyed,
# so lws_check_deferred_free skips it): port+1 goes on accepting and serving
# with the destroyed vhost until the context ends; ours closes it
# (docs/deviations.md)
D "port+1 after 2nd SIGUSR1: $(curl_code http://127.0.0.1:$((port + 1))/test.css) (oracle: 200, ours: 000)"
T "port after 2nd SIGUSR1: $(curl_code http://127.0.0.1:$port/test.css)"
# a third: the vhost is created again on port+1 (the oracle's shares the
# destroyed vhost's still-open listen socket, ours binds a new one)
kill -USR1 "${CONS_PID[server]}"
for ((i = 0; i < 200; i++)); do
	[ "$(grep -c 'creating dynamic vhost' "$CONS_TMP/server.log")" -ge 2 ] && break
	sleep 0.1
done
# the line comes before lws_create_vhost binds: wait for the listener
# (the oracle's old one never went away), not a fixed time
cons_wait_port $((port + 1)) 10 || true
T "port+1 after 3rd SIGUSR1: $(curl_code http://127.0.0.1:$((port + 1))/test.css)"

cons_alive server || cons_die "the server died during the run"
kill -INT "${CONS_PID[server]}"
cons_wait_log server 'exited cleanly' 30 || true
cons_stop server 30
T "$bin after SIGINT: exit status ${CONS_RC[server]}"
# the program's own log lines (lwsl_* from test-server.c and the plugins)
log=$CONS_TMP/server.log
for re in 'dumb_inc: closing as requested' 'ERROR [0-9-]+ writing to di socket' \
	'Created new mi' 'pmd test: RX len 12' 'URI Arg 1: a=1' 'URI Arg 2: b=2' \
	'creating dynamic vhost' 'destroying dynamic vhost' \
	'Received chunk size' 'libwebsockets-test-server exited cleanly'; do
	T "server log: $(grep -cE -- "$re" "$log") x /$re/"
done
grep -E 'E: |ERROR' "$log" | cut -c1-200 | head -n 20 >&2
exit 0
