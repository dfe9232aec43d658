/* lws-vfs.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/vfs.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_VFS_H
#define LWS_RS_VFS_H

#include <libwebsockets/gen/lws-vfs.h>

#endif /* LWS_RS_VFS_H */
