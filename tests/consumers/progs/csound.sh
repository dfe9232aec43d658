#!/usr/bin/env bash
# csound with csound-plugins: the websocket opcode (libwebsocketIO.so) serves
# a ws port per opcode from the orchestra (data/csound.csd: three opcodes,
# three lws contexts with a service thread each, subprotocols named after
# the variables).  Headless (-odac with the dummy rtaudio module).
# clients/csound.py reads the streamed k, a and array variables, writes a
# k variable (csound prints it: checked in its output), and
# waits for the end of the performance.
. "$(dirname "$0")/../common.sh"
cons_init
cons_need_pkg csound csound-plugins
cons_need_cmd csound
[ -e /usr/lib/x86_64-linux-gnu/csound/plugins64-6.0/libwebsocketIO.so ] ||
	cons_skip "csound-plugins has no libwebsocketIO.so"
# the opcode listens on every address: a namespace of its own
cons_enter_netns "$@"

sed 's/@DUR@/6/' "$CONS_DIR/data/csound.csd" >"$CONS_TMP/ws.csd"
cons_start csound csound "$CONS_TMP/ws.csd"
cons_wait_port 9200 60 && cons_wait_port 9201 30 && cons_wait_port 9202 30 || {
	tail -n 30 "$CONS_TMP/csound.log" >&2
	cons_die "the websocket opcodes do not listen"
}
cons_check_maps csound
T "csound listening on the three opcodes' ports"
cons_timeout 90 cons_py "$CONS_DIR/clients/csound.py" || cons_die "the client failed (exit $?)"
# the performance ends by itself (score of 6 s)
for ((i = 0; i < 300; i++)); do cons_alive csound || break; sleep 0.1; done
cons_alive csound && cons_die "csound still runs 30 s after its clients finished"
wait "${CONS_PID[csound]}"
T "csound exit status: $?"
unset 'CONS_PID[csound]'
log=$CONS_TMP/csound.log
# what the orchestra printed of the received values
T "csound printed kRecv 42.5: $(grep -cE 'i1 +42\.50000' "$log"), -7.25: $(grep -cE 'i1 +-7\.25000' "$log")"
T "csound said the 4-byte message was dropped: $(grep -c 'not correct size for variable kRecv' "$log")"
T "csound: connection established lines: $(grep -c 'websocket: connection established' "$log")"
# the opcode sets lws_set_log_level(LLL_DEBUG, NULL): lws's debug lines go
# to stderr with lws's own emitter (Debian's library is built with them)
T "lwslog csound's log has lws debug lines: $(grep -qE '^\[[0-9/: ]+\] D: ' "$log" && echo yes || echo no)"
grep -E 'websocket|closed' "$log" | head -n 20 >&2
exit 0
