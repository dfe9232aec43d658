/*
 * Thread cancellation and pthread_exit across the library (see
 * docs/architecture.md, "Entry points").
 *
 * Library code runs with cancellation disabled (src/cancel.rs).  Only the
 * two functions here run with the application's cancellation state: the
 * calls into application code (callbacks) and the blocking wait for
 * events.  Each registers a cancellation buffer the way glibc's
 * pthread_cleanup_push does in C compiled without -fexceptions, so that a
 * cancellation or pthread_exit happening inside ends up here by longjmp
 * after glibc's unwinder ran the cleanups of the C frames above; Rust is
 * then told "unwound" (it unwinds its own frames and the entry point calls
 * lws_shim_continue_unwind, which resumes glibc's unwind towards the next
 * registered buffer, finally start_thread's, which ends the thread with
 * the exit value glibc already recorded).
 */

#include <pthread.h>
#include <setjmp.h>
#include <sys/epoll.h>

/* glibc's public ABI behind pthread_cleanup_push (see <pthread.h>); spelt
 * out here so that the declarations do not depend on -fexceptions */
extern int lws_shim_sigsetjmp(struct __cancel_jmp_buf_tag env[1], int savemask)
	__asm__("__sigsetjmp") __attribute__((__returns_twice__));
extern void __pthread_register_cancel(__pthread_unwind_buf_t *buf);
extern void __pthread_unregister_cancel(__pthread_unwind_buf_t *buf);
extern void __pthread_unwind_next(__pthread_unwind_buf_t *buf)
	__attribute__((__noreturn__));

/*
 * Calls fn(arg) with cancellation state `state`, then disables cancellation
 * again.  Returns 0 when fn returned, 1 when the thread is being cancelled
 * or exits (fn's frames are gone).
 */
int
lws_shim_call_cancellable(void (*fn)(void *), void *arg, int state)
{
	__pthread_unwind_buf_t buf;
	int old;

	if (lws_shim_sigsetjmp(buf.__cancel_jmp_buf, 0)) {
		__pthread_unregister_cancel(&buf);
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
		return 1;
	}
	__pthread_register_cancel(&buf);
	pthread_setcancelstate(state, &old);
	fn(arg);
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	__pthread_unregister_cancel(&buf);
	return 0;
}

/*
 * epoll_wait(epfd, ev, max, timeout_ms) as a cancellation point under
 * cancellation state `state`.  Returns epoll_wait's result (errno set as
 * it sets it), or -2 when the thread is being cancelled.
 */
int
lws_shim_epoll_wait_cancellable(int epfd, struct epoll_event *ev, int max,
				int timeout_ms, int state)
{
	__pthread_unwind_buf_t buf;
	int old, r;

	if (lws_shim_sigsetjmp(buf.__cancel_jmp_buf, 0)) {
		__pthread_unregister_cancel(&buf);
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
		return -2;
	}
	__pthread_register_cancel(&buf);
	pthread_setcancelstate(state, &old);
	r = epoll_wait(epfd, ev, max, timeout_ms);
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	__pthread_unregister_cancel(&buf);
	return r;
}

/*
 * Resumes the cancellation / pthread_exit unwind that one of the functions
 * above stopped, from the entry point's frame: glibc's unwinder continues
 * with the buffer registered before (the application's cleanup handlers,
 * an outer library call's, or start_thread's).  Does not return.
 */
void
lws_shim_continue_unwind(void)
{
	__pthread_unwind_buf_t buf;

	__pthread_register_cancel(&buf);
	__pthread_unwind_next(&buf);
}
