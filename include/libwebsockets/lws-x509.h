/* lws-x509.h: certificate information.  Types and prototypes come from Rust
 * (src/api/x509.rs) via the generated header. */

#ifndef LWS_RS_X509_H
#define LWS_RS_X509_H

/* Opaque objects. */
struct lws_x509_cert;
struct lws_jwk;

#include <libwebsockets/gen/lws-x509.h>

#endif /* LWS_RS_X509_H */
