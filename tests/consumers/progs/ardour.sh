#!/usr/bin/env bash
# Ardour 7 (ardour), headless: ardour7-lua (luasession) with the "None
# (Dummy)" audio backend loads a session made here (ardour7-new_empty_session,
# one audio track added by a first luasession run) whose control surface
# "WebSockets Server (Experimental)" is active: libardour_websockets.so, an
# lws context on port 3818 with a "/" file mount of the web surfaces, the
# dynamic /surfaces.json and a ws protocol of JSON state messages.  On
# Debian it asks for LWS_SERVER_OPTION_GLIB with Ardour's GMainLoop as the
# foreign loop (Debian's library dlopens libwebsockets-evlib_glib.so) and
# never calls lws_service itself.  The client is clients/ardour.py.
. "$(dirname "$0")/../common.sh"
cons_init
cons_need_pkg ardour
cons_need_cmd ardour7-lua ardour7-new_empty_session
cons_enter_netns "$@"

port=3818
web=/usr/share/ardour7/web_surfaces
S=$CONS_TMP/session
cons_env timeout -k 2 60 ardour7-new_empty_session "$S" S >"$CONS_TMP/new-session.log" 2>&1 ||
	{ cat "$CONS_TMP/new-session.log" >&2; cons_die "ardour7-new_empty_session failed"; }
cat >"$CONS_TMP/setup.lua" <<LUA
AudioEngine:set_backend("None (Dummy)", "", "")
AudioEngine:start(false)
local s = load_session("$S", "S")
s:new_audio_track(1, 2, nil, 1, "Consb", ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true)
s:save_state("", false, false, false, false, false)
print("routes: " .. s:get_routes():size())
close_session()
LUA
cons_env timeout -k 2 60 ardour7-lua "$CONS_TMP/setup.lua" >"$CONS_TMP/setup.log" 2>&1 ||
	{ cat "$CONS_TMP/setup.log" >&2; cons_die "adding a track failed"; }
sed -i -E 's|(<Protocol name="WebSockets Server \(Experimental\)" active=)"0"|\1"1"|' "$S/S.ardour"
grep -q 'WebSockets Server (Experimental)" active="1"' "$S/S.ardour" || cons_die "could not activate the surface"
cat >"$CONS_TMP/run.lua" <<LUA
AudioEngine:set_backend("None (Dummy)", "", "")
AudioEngine:start(false)
local s = load_session("$S", "S")
print("loaded, routes: " .. s:get_routes():size())
io.open("$CONS_TMP/ready", "w"):close()
for i = 1, 600 do
  local f = io.open("$CONS_TMP/stop", "r")
  if f then f:close() break end
  os.execute("sleep 0.1")
end
close_session()
print("session closed")
LUA
cons_start ardour ardour7-lua "$CONS_TMP/run.lua"
for ((i = 0; i < 300; i++)); do
	[ -e "$CONS_TMP/ready" ] && break
	cons_alive ardour || break
	sleep 0.1
done
[ -e "$CONS_TMP/ready" ] || { tail -n 30 "$CONS_TMP/ardour.log" >&2; cons_die "the session did not load"; }
# (the surface starts listening from the GMainLoop after the session has
# loaded: on the oracle, on a machine busy with other tests, that once took
# more than 10 s; the wait ends as soon as it listens)
cons_wait_port $port 60 || { tail -n 30 "$CONS_TMP/ardour.log" >&2; cons_die "the websockets surface did not listen"; }
cons_check_maps ardour
T "ardour session loaded, websockets surface listening"
(cd "$CONS_DIR/clients" && cons_timeout 120 cons_py ardour.py $port "$web") ||
	cons_die "the client failed (exit $?)"
touch "$CONS_TMP/stop"
for ((i = 0; i < 200; i++)); do cons_alive ardour || break; sleep 0.1; done
cons_stop ardour 30
T "ardour7-lua after the session closed: exit status ${CONS_RC[ardour]}"
T "log: $(grep -c 'session closed' "$CONS_TMP/ardour.log") x 'session closed', $(grep -c 'ArdourWebsockets: could not' "$CONS_TMP/ardour.log") x 'ArdourWebsockets: could not'"
grep -E 'ArdourWebsockets|evlib|\] [EWN]: ' "$CONS_TMP/ardour.log" | head -n 20 >&2
exit 0
