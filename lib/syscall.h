/* SPDX-License-Identifier: MIT */
/*
 * The one home of raw system-call wrappers that libc lacks and of the kernel
 * constants that Debian 12's headers (and musl's) do not define yet.  Each
 * wrapper returns what the system call returns (-1 and errno on failure), and
 * fails with ENOSYS when the architecture's headers do not know the call.
 */
#ifndef PIDBOX_SYSCALL_H
#define PIDBOX_SYSCALL_H

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000 /* since Linux 5.2 */
#endif
#ifndef CLONE_NEWPID
#define CLONE_NEWPID 0x20000000
#endif
#ifndef CLONE_NEWNS
#define CLONE_NEWNS 0x00020000
#endif
#ifndef CLONE_NEWUSER
#define CLONE_NEWUSER 0x10000000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWUTS
#define CLONE_NEWUTS 0x04000000
#endif
#ifndef CLONE_NEWIPC
#define CLONE_NEWIPC 0x08000000
#endif
#ifndef CLONE_NEWNET
#define CLONE_NEWNET 0x40000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080 /* since Linux 5.6 */
#endif
#ifndef CLONE_PARENT
#define CLONE_PARENT 0x00008000
#endif

/* The filesystem of pidfds since Linux 6.9: each process has an inode of
 * its own there, never reused while the system runs. */
#ifndef PIDFS_MAGIC
#define PIDFS_MAGIC 0x50494446
#endif

#ifndef P_PIDFD
#define P_PIDFD 3 /* waitid() on a pidfd, since Linux 5.4 */
#endif

#ifndef PR_SET_CHILD_SUBREAPER
#define PR_SET_CHILD_SUBREAPER 36
#endif

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2) /* since Linux 5.11 */
#endif

/* nsfs ioctls (linux/nsfs.h) */
#define PIDBOX_NSIO 0xb7
#ifndef NS_GET_USERNS
#define NS_GET_USERNS _IO(PIDBOX_NSIO, 0x1)
#endif
#ifndef NS_GET_PARENT
#define NS_GET_PARENT _IO(PIDBOX_NSIO, 0x2)
#endif
#ifndef NS_GET_NSTYPE
#define NS_GET_NSTYPE _IO(PIDBOX_NSIO, 0x3)
#endif
/* PID translation through a PID-namespace fd, since Linux 6.11 */
#ifndef NS_GET_PID_FROM_PIDNS
#define NS_GET_PID_FROM_PIDNS _IOR(PIDBOX_NSIO, 0x6, int)
#endif
#ifndef NS_GET_TGID_FROM_PIDNS
#define NS_GET_TGID_FROM_PIDNS _IOR(PIDBOX_NSIO, 0x7, int)
#endif
#ifndef NS_GET_PID_IN_PIDNS
#define NS_GET_PID_IN_PIDNS _IOR(PIDBOX_NSIO, 0x8, int)
#endif
#ifndef NS_GET_TGID_IN_PIDNS
#define NS_GET_TGID_IN_PIDNS _IOR(PIDBOX_NSIO, 0x9, int)
#endif

/* struct clone_args as of Linux 5.7 (CLONE_ARGS_SIZE_VER2) */
struct pidbox_clone_args {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};

/* clone3(), since Linux 5.3.  With no stack it returns twice, like fork(). */
static inline pid_t pidbox_sys_clone3(struct pidbox_clone_args *args)
{
#ifdef __NR_clone3
	return (pid_t)syscall(__NR_clone3, args, sizeof(*args));
#else
	(void)args;
	errno = ENOSYS;
	return -1;
#endif
}

/*
 * The older clone() with CLONE_PIDFD (Linux 5.2): the fallback when a seccomp
 * profile answers ENOSYS to clone3, as some container runtimes' do.  The pidfd
 * lands in the parent_tid argument, which is the third everywhere but s390.
 */
static inline pid_t pidbox_sys_clone_pidfd(unsigned long flags, int *pidfd)
{
#if defined(__s390__) || defined(__s390x__)
	return (pid_t)syscall(__NR_clone, 0UL, flags, pidfd, NULL, 0UL);
#else
	return (pid_t)syscall(__NR_clone, flags, 0UL, pidfd, NULL, 0UL);
#endif
}

/* The older clone() without a pidfd, fork-like (no stack): the fallback of
 * clone3 for flags such as CLONE_PARENT, whose exit signal is inherited. */
static inline pid_t pidbox_sys_clone(unsigned long flags)
{
#if defined(__s390__) || defined(__s390x__)
	return (pid_t)syscall(__NR_clone, 0UL, flags, NULL, NULL, 0UL);
#else
	return (pid_t)syscall(__NR_clone, flags, 0UL, NULL, NULL, 0UL);
#endif
}

/* pidfd_open(), since Linux 5.3; the fd is always close-on-exec. */
static inline int pidbox_sys_pidfd_open(pid_t pid, unsigned int flags)
{
#ifdef __NR_pidfd_open
	return (int)syscall(__NR_pidfd_open, pid, flags);
#else
	(void)pid;
	(void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

/* pidfd_send_signal(), since Linux 5.1 */
static inline int pidbox_sys_pidfd_send_signal(int pidfd, int sig, siginfo_t *info,
					       unsigned int flags)
{
#ifdef __NR_pidfd_send_signal
	return (int)syscall(__NR_pidfd_send_signal, pidfd, sig, info, flags);
#else
	(void)pidfd;
	(void)sig;
	(void)info;
	(void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

/* close_range(), since Linux 5.9 (CLOSE_RANGE_CLOEXEC since 5.11) */
static inline int pidbox_sys_close_range(unsigned int first, unsigned int last,
					 unsigned int flags)
{
#ifdef __NR_close_range
	return (int)syscall(__NR_close_range, first, last, flags);
#else
	(void)first;
	(void)last;
	(void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

#endif
