/* lws-cgi.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/cgi.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_CGI_H
#define LWS_RS_CGI_H

#include <libwebsockets/gen/lws-cgi.h>

#endif /* LWS_RS_CGI_H */
