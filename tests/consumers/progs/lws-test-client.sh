#!/usr/bin/env bash
# upstream's libwebsockets-test-client 4.1.6 (test-apps/test-client.c), built
# from Debian's source against Debian's headers by ../build-upstream-tests.sh
# and run on each library against upstream's test-server, which always runs
# on Debian's library (a fixed peer: only the client's library changes).
# ws mode: the client opens a dumb-increment and a lws-mirror connection;
# with -d 1039 it logs every dumb-increment message it receives ("rx N
# 'count'"); a python observer on the same mirror instance checks that the
# client's drawing commands arrive.  Then http GET and POST (-o) modes.
. "$(dirname "$0")/../common.sh"
cons_init
cons_need_pkg libwebsockets-dev
cons_need_cmd gcc
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
# the peer: on Debian's library whatever CONS_LIB says
env -u LD_LIBRARY_PATH "$ut/bin/libwebsockets-test-server" -p $port -r "$share" \
	>"$CONS_TMP/server.log" 2>&1 </dev/null &
CONS_PID[server]=$!
cons_wait_port $port 60 || { cat "$CONS_TMP/server.log" >&2; cons_die "the test server did not listen"; }

client=$ut/bin/libwebsockets-test-client
(cd "$CONS_DIR/clients" && cons_timeout 60 cons_py mirror_observer.py $port "$CONS_TMP/ready" "$CONS_TMP/stop") &
obs=$!
for ((i = 0; i < 100; i++)); do [ -e "$CONS_TMP/ready" ] && break; sleep 0.1; done

# ws mode, 4 s, then SIGINT (its handler ends the service loop)
cons_start ws "$client" -d 1039 --port $port 127.0.0.1
cons_check_maps ws
sleep 4
touch "$CONS_TMP/stop"
kill -INT "${CONS_PID[ws]}"
cons_wait_log ws 'Exiting' 30 || true
# "Exiting" comes before lws_context_destroy: let it finish
for ((i = 0; i < 100; i++)); do cons_alive ws || break; sleep 0.1; done
cons_stop ws 30
wait $obs || cons_die "the mirror observer failed"
log=$CONS_TMP/ws.log
T "ws mode after SIGINT: exit status ${CONS_RC[ws]}"
T "ws mode: 'dumb: connecting' x $(grep -c 'dumb: connecting' "$log"), 'mirror: connecting' >= 1: $([ "$(grep -c 'mirror: connecting' "$log")" -ge 1 ] && echo yes || echo no)"
T "ws mode: handshake response 101 logged: $(grep -q 'lws_http_client_http_response 101' "$log" && echo yes || echo no)"
T "ws mode: mirror established: $(grep -q 'mirror: LWS_CALLBACK_CLIENT_ESTABLISHED' "$log" && echo yes || echo no)"
T "ws mode: dumb established: $(grep -q 'dumb: LWS_CALLBACK_CLIENT_ESTABLISHED' "$log" && echo yes || echo no)"
# dumb-increment sends every 50 ms: ~80 in 4 s on an idle machine
rx=$(grep -oE "rx [0-9]+ '[0-9]+'" "$log" | sed -E "s/.*'([0-9]+)'/\1/")
nrx=$(printf '%s\n' "$rx" | grep -c .)
seq_ok=$(printf '%s\n' "$rx" | awk 'NF { n++; if ($1 != n - 1) bad = 1 } END { print (n > 0 && !bad) ? "yes" : "no" }')
D "ws mode: $nrx dumb-increment messages"
T "ws mode: dumb-increment messages received >= 20: $([ "$nrx" -ge 20 ] && echo yes || echo no), counting 0, 1, 2...: $seq_ok"
T "ws mode: 'Exiting' logged: $(grep -c 'Exiting' "$log")"

# http modes: one GET of test.html, one POST to the post-demo form; the
# client sets force_exit on COMPLETED_CLIENT_HTTP, so it ends by itself
for mode in get post; do
	args=(-d 1039 "http://127.0.0.1:$port/test.html")
	[ $mode = post ] && args=(-d 1039 -o "http://127.0.0.1:$port/formtest")
	# the client ends by itself on COMPLETED_CLIENT_HTTP, within a few ms
	# on ours: too soon for /proc/PID/maps; the ws run above proved the
	# mapping of the same binary in the same environment, this checks the
	# loader resolves the same file
	got=$(cons_env env LD_TRACE_LOADED_OBJECTS=1 "$client" | awk '/libwebsockets\.so\.17/ {print $3}')
	[ "$(readlink -f "$got")" = "$(cons_expected_lib)" ] || cons_die "test-client resolves '$got', not $(cons_expected_lib)"
	cons_start $mode "$client" "${args[@]}"
	cons_wait_log $mode 'Exiting' 30 || true
	for ((i = 0; i < 100; i++)); do cons_alive $mode || break; sleep 0.1; done
	cons_stop $mode 30
	log=$CONS_TMP/$mode.log
	T "http $mode: exit status ${CONS_RC[$mode]}, 'http: connecting' x $(grep -c 'http: connecting' "$log"), $(grep -o 'lws_http_client_http_response [0-9]*' "$log" | sort | uniq -c | sed 's/^ *//' | tr '\n' ' ')"
	grep -E 'swallowed read|E: ' "$log" | cut -c27- | head -n 12 >&2
done
rm -f /tmp/post-file
exit 0
