/* lws-vfs.h: the file operations abstraction.  Types and prototypes come
 * from Rust (src/api/vfs.rs) via the generated header; this file adds the
 * macros and the inline wrappers. */

#ifndef LWS_RS_VFS_H
#define LWS_RS_VFS_H

/* Member names of struct lws_plat_file_ops (kept for old user code). */
#define LWS_FOP_OPEN		open
#define LWS_FOP_CLOSE		close
#define LWS_FOP_SEEK_CUR	seek_cur
#define LWS_FOP_READ		read
#define LWS_FOP_WRITE		write

/* The LWS_FOP_FLAG* values come from the generated header. */

struct lws_plat_file_ops;

#include <libwebsockets/gen/lws-vfs.h>

/* Closes through the file's own fops; returns 0 if there was nothing to
 * close. */
static LWS_INLINE int
lws_vfs_file_close(lws_fop_fd_t *fop_fd)
{
	if (!*fop_fd || !(*fop_fd)->fops)
		return 0;
	return (*fop_fd)->fops->close(fop_fd);
}

static LWS_INLINE lws_fileofs_t
lws_vfs_file_seek_cur(lws_fop_fd_t fop_fd, lws_fileofs_t offset)
{
	return fop_fd->fops->seek_cur(fop_fd, offset);
}

static LWS_INLINE int LWS_WARN_UNUSED_RESULT
lws_vfs_file_read(lws_fop_fd_t fop_fd, lws_filepos_t *amount,
		  uint8_t *buf, lws_filepos_t len)
{
	return fop_fd->fops->read(fop_fd, amount, buf, len);
}

static LWS_INLINE int LWS_WARN_UNUSED_RESULT
lws_vfs_file_write(lws_fop_fd_t fop_fd, lws_filepos_t *amount,
		   uint8_t *buf, lws_filepos_t len)
{
	return fop_fd->fops->write(fop_fd, amount, buf, len);
}

#endif /* LWS_RS_VFS_H */
