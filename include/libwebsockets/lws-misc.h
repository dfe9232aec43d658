/* lws-misc.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/misc.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_MISC_H
#define LWS_RS_MISC_H

#include <libwebsockets/gen/lws-misc.h>

/* TEMPORARY (core branch): the lws-misc.h functions on wsi / context /
 * vhost come from src/api/misc_wsi.rs; the lead folds this into utilA's
 * lws-misc.h at merge. */
struct lws_udp;
#include <libwebsockets/gen/lws-misc-wsi.h>

#endif /* LWS_RS_MISC_H */
