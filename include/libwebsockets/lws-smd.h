/* lws-smd.h: system message distribution.  Types and prototypes come from
 * Rust (src/api/smd.rs) via the generated header. */

#ifndef LWS_RS_SMD_H
#define LWS_RS_SMD_H

#define LWS_SMD_MAX_PAYLOAD		384
#define LWS_SMD_CLASS_BITFIELD_BYTES	4
#define LWS_SMD_STREAMTYPENAME		"_lws_smd"
#define LWS_SMD_SS_RX_HEADER_LEN	16

struct lws_smd_msg;
struct lws_smd_peer;

/* Message classes (bits of lws_smd_class_t) */
enum {
	LWSSMDCL_INTERACTION	= (1 << 0),
	LWSSMDCL_SYSTEM_STATE	= (1 << 1),
	LWSSMDCL_NETWORK	= (1 << 2),
};

#define LWSSMDREG_FLAG_PROXIED_SS	(1 << 0)

#include <libwebsockets/gen/lws-smd.h>

LWS_VISIBLE LWS_EXTERN int
lws_smd_msg_printf(struct lws_context *ctx, lws_smd_class_t _class,
		   const char *format, ...) LWS_FORMAT(3);

#endif /* LWS_RS_SMD_H */
