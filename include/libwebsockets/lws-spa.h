/* lws-spa.h: the stateful POST argument parser.
 * Types and prototypes come from Rust (src/api/spa.rs) via the generated
 * header; this file adds the typedef names. */

#ifndef LWS_RS_SPA_H
#define LWS_RS_SPA_H

struct lws;
struct lwsac;
struct lws_spa;

#include <libwebsockets/gen/lws-spa.h>

#endif /* LWS_RS_SPA_H */
