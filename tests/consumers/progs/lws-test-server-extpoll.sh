#!/usr/bin/env bash
# libwebsockets-test-server-extpoll: see lws-test-server.sh (with Debian's
# lws_config.h, which leaves LWS_WITH_EXTERNAL_POLL undefined, it is the
# same program as the test server, built with -DEXTERNAL_POLL as upstream does).
LWS_TS_VARIANT=extpoll exec bash "$(dirname "$0")/lws-test-server.sh" "$@"
