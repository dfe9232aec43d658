/*
 * Variadic entry points of the logging and string helpers (lws-logs.h,
 * lws-misc.h).  Stable Rust cannot define C variadic functions, so these
 * format with vsnprintf and hand the result to Rust.  They are exported
 * through naked Rust trampolines (c_variadic_export! in src/ffi.rs).
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/types.h>

/* Provided by Rust (src/api/logs.rs). */
extern int lwsl_visible(int level);
extern void lws_rs_log_emit(int filter, const char *line);

/* Size of the line buffer a log message is formatted into. */
#define LWS_SHIM_LOG_BUF 256

void
lws_shim_lws_logv(int filter, const char *format, va_list vl)
{
	char line[LWS_SHIM_LOG_BUF];
	int n;

	if (!format || !lwsl_visible(filter))
		return;

	/*
	 * The message gets at most LWS_SHIM_LOG_BUF - 2 characters; a message
	 * longer than LWS_SHIM_LOG_BUF - 1 characters is cut and marked with
	 * "...\n".
	 */
	n = vsnprintf(line, sizeof(line) - 1, format, vl);
	if (n > (int)sizeof(line) - 1) {
		memcpy(line + sizeof(line) - 5, "...\n", 5);
	}
	lws_rs_log_emit(filter, line);
}

void
lws_shim_lws_log(int filter, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	lws_shim_lws_logv(filter, format, ap);
	va_end(ap);
}

int
lws_shim_lws_snprintf(char *str, size_t size, const char *format, ...)
{
	va_list ap;
	int n;

	if (!format)
		return 0;
	if (!str)
		size = 0;

	va_start(ap, format);
	n = vsnprintf(str, size, format, ap);
	va_end(ap);

	/* The result is clamped to the buffer size. */
	if (n >= (int)size)
		return (int)size;

	return n;
}

int
lws_shim_lws_open(const char *file, int oflag, ...)
{
	va_list ap;
	mode_t mode = 0;
	int fd;

	if (!file)
		return -1;

	if (oflag & O_CREAT) {
		va_start(ap, oflag);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}

	fd = open(file, oflag, mode);
	if (fd >= 0)
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);

	return fd;
}
