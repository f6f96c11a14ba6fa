/* SPDX-License-Identifier: MIT */
/*
 * Joining a running box.  setns(CLONE_NEWPID) changes only where the
 * caller's future children go, so some process must join and then fork.  To
 * leave the caller's own namespaces alone, a vfork-like helper (it shares
 * our memory, not our root, cwd or namespaces) joins the target's namespaces
 * through its pidfd (since Linux 5.8 one setns() joins them all; before,
 * one /proc/PID/ns fd at a time), takes its root and working directory,
 * and forks the command with CLONE_PARENT, so that the command is our own
 * child: we wait for it, pass signals to it, get its status.  The helper
 * exits at once, and we resume.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "ident.h"
#include "init.h"
#include "internal.h"
#include "syscall.h"

static const struct {
	int flag;
	const char *name;
} ns_types[] = {
	/* The user namespace first: it gives the rights to join the others. */
	{ CLONE_NEWUSER, "user" }, { CLONE_NEWNS, "mnt" },     { CLONE_NEWPID, "pid" },
	{ CLONE_NEWNET, "net" },   { CLONE_NEWUTS, "uts" },    { CLONE_NEWIPC, "ipc" },
	{ CLONE_NEWCGROUP, "cgroup" }, { CLONE_NEWTIME, "time" },
};
#define N_NS_TYPES (sizeof(ns_types) / sizeof(ns_types[0]))

struct join {
	const struct pidbox_config *cfg;
	int target_pidfd;
	pid_t proc_pid; /* the target's PID in /proc */
	int nsflags;    /* the namespaces that differ from ours */
	int rootfd;
	int cwdfd;       /* the target's working directory, or -1 */
	const char *cwd; /* or the caller's, by path (PIDBOX_ENTER_KEEP_CWD) */
	int parent_pidfd;
	int report_fd;
	bool take_tty;
	/* written by the helper, read once it has exited */
	int step;
	int err;
	pid_t command;
};

/* The namespaces of proc_pid that the caller is not in. */
static int differing_namespaces(pid_t proc_pid, int *flags)
{
	*flags = 0;
	for (size_t i = 0; i < N_NS_TYPES; i++) {
		uint64_t ours, theirs;
		int r = ident_ns_inode(0, ns_types[i].name, &ours);

		if (r == -ESRCH)
			continue; /* a namespace type this kernel lacks */
		if (r < 0)
			return r;
		r = ident_ns_inode(proc_pid, ns_types[i].name, &theirs);
		if (r < 0)
			return r;
		if (ours != theirs)
			*flags |= ns_types[i].flag;
	}
	return 0;
}

/* Kernels before 5.8 take no pidfd in setns(): one namespace fd at a time. */
static int join_by_proc(const struct join *j)
{
	for (size_t i = 0; i < N_NS_TYPES; i++) {
		char path[64];
		int fd, r;

		if (!(j->nsflags & ns_types[i].flag))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)j->proc_pid, ns_types[i].name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		/* Still the target: its PID was not reused while we opened it. */
		if (pidfd_exited(j->target_pidfd)) {
			close(fd);
			errno = ESRCH;
			return -1;
		}
		r = setns(fd, ns_types[i].flag);
		close(fd);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* After joining the mount namespace our root is that namespace's root:
 * take the target's own, which a chroot may have moved, and its cwd. */
static int enter_root(const struct join *j)
{
	struct stat want, now;

	if (fstat(j->rootfd, &want) < 0 || stat("/", &now) < 0)
		return -1;
	if (want.st_dev != now.st_dev || want.st_ino != now.st_ino) {
		if (fchdir(j->rootfd) < 0 || chroot(".") < 0)
			return -1;
	}
	if (j->cwdfd >= 0)
		return fchdir(j->cwdfd);
	if (chdir(j->cwd) < 0 && chdir("/") < 0)
		return -1;
	return 0;
}

/* The command, a child of the caller inside the box.  Never returns.  It
 * runs on the helper's stack, which ASan does not know: not instrumented. */
__attribute__((no_sanitize_address)) static void __attribute__((noreturn))
command_side(struct join *j)
{
	struct child_report rep = { 0 };

	if (j->parent_pidfd >= 0) {
		if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) {
			child_report_write(j->report_fd, STEP_PDEATHSIG, errno);
			_exit(PIDBOX_EXIT_FAILURE);
		}
		/* The caller may have died before the prctl: its pidfd says so. */
		if (pidfd_exited(j->parent_pidfd))
			_exit(PIDBOX_EXIT_FAILURE);
	}
	command_exec(j->cfg, j->take_tty, &rep);
	child_report_write(j->report_fd, rep.step, rep.err);
	_exit(command_exit_status(&rep));
}

/* fork(), with the new process a child of our parent. */
static pid_t fork_sibling(void)
{
	/* With CLONE_PARENT the exit signal is the caller's own: clone3 wants 0. */
	struct pidbox_clone_args args = { .flags = CLONE_PARENT };
	pid_t pid = pidbox_sys_clone3(&args);

	if (pid >= 0 || errno != ENOSYS)
		return pid;
	return pidbox_sys_clone(CLONE_PARENT);
}

/* The vfork-like helper: shares our memory until it exits. */
__attribute__((no_sanitize_address)) static int joiner(void *arg)
{
	struct join *j = arg;
	pid_t pid;

	j->step = STEP_JOIN;
	if (j->nsflags && setns(j->target_pidfd, j->nsflags) < 0) {
		if (errno != EINVAL || join_by_proc(j) < 0)
			goto fail;
	}
	j->step = STEP_ROOT;
	if (enter_root(j) < 0)
		goto fail;
	j->step = STEP_CLONE_COMMAND;
	pid = fork_sibling();
	if (pid < 0)
		goto fail;
	if (pid == 0)
		command_side(j);
	j->command = pid;
	j->step = STEP_NONE;
	_exit(0);
fail:
	j->err = errno > 0 ? errno : EIO;
	_exit(PIDBOX_EXIT_FAILURE);
}

static void reap(int pidfd)
{
	while (waitid((idtype_t)P_PIDFD, (id_t)pidfd, &(siginfo_t){ 0 }, WEXITED) < 0 &&
	       errno == EINTR)
		;
}

/* Opens what the helper needs from the target before any fork. */
static int prepare(struct join *j, unsigned int flags)
{
	char path[64];
	int r;

	j->proc_pid = ident_proc_pid(j->target_pidfd);
	if (j->proc_pid < 0)
		return j->proc_pid;
	r = differing_namespaces(j->proc_pid, &j->nsflags);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "/proc/%d/root", (int)j->proc_pid);
	j->rootfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (j->rootfd < 0)
		return errno == ENOENT ? -ESRCH : neg_errno();
	if (!(flags & PIDBOX_ENTER_KEEP_CWD)) {
		snprintf(path, sizeof(path), "/proc/%d/cwd", (int)j->proc_pid);
		j->cwdfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (j->cwdfd < 0)
			return errno == ENOENT ? -ESRCH : neg_errno();
	}
	/* Alive after the opens: they were of the target, not of a reused PID. */
	if (pidfd_exited(j->target_pidfd))
		return -ESRCH;
	return 0;
}

PIDBOX_EXPORT int pidbox_box_enter(struct pidbox_box *box, int target_pidfd, unsigned int flags)
{
	static char stack[128 * 1024] __attribute__((aligned(16)));
	const struct pidbox_config *cfg = box->cfg;
	struct join j = { .cfg = cfg, .target_pidfd = target_pidfd, .rootfd = -1, .cwdfd = -1,
			  .parent_pidfd = -1, .report_fd = -1 };
	int report[2] = { -1, -1 }, helper_pidfd = -1, r;
	char *cwd = NULL;
	struct child_report rep;

	if (!cfg->argv)
		return -EINVAL;
	if (box->pidfd >= 0)
		return -EBUSY;
	box->failed_step = STEP_JOIN;
	r = prepare(&j, flags);
	if (r < 0)
		goto out;
	if (flags & PIDBOX_ENTER_KEEP_CWD) {
		cwd = getcwd(NULL, 0);
		j.cwd = cwd ? cwd : "/";
	}
	if (!(cfg->flags & PIDBOX_NO_TTY) && isatty(STDIN_FILENO))
		j.take_tty = tcgetpgrp(STDIN_FILENO) == getpgrp();
	if (!(cfg->flags & PIDBOX_NO_DIE_WITH_PARENT)) {
		box->failed_step = STEP_PDEATHSIG;
		j.parent_pidfd = pidbox_sys_pidfd_open(getpid(), 0);
		if (j.parent_pidfd < 0) {
			r = neg_errno();
			goto out;
		}
	}
	box->failed_step = STEP_PIPE;
	if (pipe2(report, O_CLOEXEC) < 0) {
		r = neg_errno();
		goto out;
	}
	j.report_fd = report[1];
	box->failed_step = STEP_JOIN;
	if (clone(joiner, stack + sizeof(stack), CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, &j,
		  &helper_pidfd) < 0) {
		r = neg_errno();
		goto out;
	}
	reap(helper_pidfd);
	if (j.step != STEP_NONE) {
		box->failed_step = j.step;
		r = -(j.err ? j.err : EIO);
		goto out;
	}
	close(report[1]);
	report[1] = -1;
	/* Our own child, not reaped yet: its PID cannot have been reused. */
	box->pid = j.command;
	box->pidfd = pidbox_sys_pidfd_open(j.command, 0);
	if (box->pidfd < 0) {
		r = neg_errno();
		kill(j.command, SIGKILL);
		waitpid(j.command, NULL, 0);
		goto out;
	}
	box->took_tty = j.take_tty;
	r = child_report_read(report[0], &rep);
	if (r == 0 && rep.step != STEP_NONE) {
		box->failed_step = rep.step;
		r = -rep.err;
	}
	if (r < 0) {
		siginfo_t si;

		while (waitid((idtype_t)P_PIDFD, (id_t)box->pidfd, &si, WEXITED) < 0 &&
		       errno == EINTR)
			;
		box->ended = true;
		box->status = status_from_siginfo(&si);
		close(box->pidfd);
		box->pidfd = -1;
		box->took_tty = false;
		goto out;
	}
	box->failed_step = STEP_NONE;
out:
	for (int i = 0; i < 2; i++)
		if (report[i] >= 0)
			close(report[i]);
	if (helper_pidfd >= 0)
		close(helper_pidfd);
	if (j.parent_pidfd >= 0)
		close(j.parent_pidfd);
	if (j.rootfd >= 0)
		close(j.rootfd);
	if (j.cwdfd >= 0)
		close(j.cwdfd);
	free(cwd);
	return r;
}
