/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clone.h"
#include "harness.h"
#include "internal.h"
#include "syscall.h"

TEST(child_is_held_by_a_cloexec_pidfd)
{
	siginfo_t si = { 0 };
	int pidfd = -1;
	pid_t pid = clone_with_pidfd(0, &pidfd);

	CHECK(pid >= 0);
	if (pid == 0)
		_exit(42);
	CHECK(pidfd >= 0);
	CHECK(fcntl(pidfd, F_GETFD) & FD_CLOEXEC);
	CHECK(waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED) == 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(status_from_siginfo(&si), 42);
	close(pidfd);
}

TEST(signal_through_the_pidfd)
{
	siginfo_t si = { 0 };
	int pidfd = -1;
	pid_t pid = clone_with_pidfd(0, &pidfd);

	CHECK(pid >= 0);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK(pidbox_sys_pidfd_send_signal(pidfd, SIGTERM, NULL, 0) == 0);
	CHECK(waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED) == 0);
	CHECK_EQ(status_from_siginfo(&si), 128 + SIGTERM);
	close(pidfd);
}

TEST(new_pid_namespace_child_is_pid_1)
{
	siginfo_t si = { 0 };
	int pidfd = -1;
	pid_t pid;

	if (geteuid() != 0)
		SKIP("needs root");
	pid = clone_with_pidfd(CLONE_NEWPID, &pidfd);
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(getpid() == 1 ? 0 : 1);
	CHECK(waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED) == 0);
	CHECK_EQ(status_from_siginfo(&si), 0);
	close(pidfd);
}
