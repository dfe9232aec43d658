/* lws-x509.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/x509.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_X509_H
#define LWS_RS_X509_H

#include <libwebsockets/gen/lws-x509.h>

#endif /* LWS_RS_X509_H */
