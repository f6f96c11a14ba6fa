/* SPDX-License-Identifier: MIT */
/* Starting a process that is held as a pidfd from its first instant. */
#include "clone.h"
#include "syscall.h"

pid_t clone_with_pidfd(uint64_t flags, int *pidfd)
{
	struct pidbox_clone_args args = {
		.flags = flags | CLONE_PIDFD,
		.pidfd = (uint64_t)(uintptr_t)pidfd,
		.exit_signal = SIGCHLD,
	};
	pid_t pid;

	*pidfd = -1;
	pid = pidbox_sys_clone3(&args);
	if (pid >= 0 || errno != ENOSYS)
		return pid;
	/* clone3 refused by a seccomp profile (or a kernel before 5.3). */
	return pidbox_sys_clone_pidfd((unsigned long)flags | CLONE_PIDFD | SIGCHLD, pidfd);
}
