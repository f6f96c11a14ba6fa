/* SPDX-License-Identifier: MIT */
/*
 * Starting a box: clone3(CLONE_PIDFD | CLONE_NEWPID | CLONE_NEWNS), a private
 * mount tree with a fresh /proc, and our init (or the command) as PID 1.
 * The parent learns the outcome over a close-on-exec pipe: EOF once the
 * command has been executed, or a report naming the step that failed.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "clone.h"
#include "init.h"
#include "internal.h"
#include "pod.h"
#include "state.h"
#include "syscall.h"

PIDBOX_EXPORT int pidbox_box_new(const struct pidbox_config *cfg, struct pidbox_box **out)
{
	struct pidbox_box *box = calloc(1, sizeof(*box));

	if (!box)
		return -ENOMEM;
	box->cfg = cfg;
	box->pidfd = -1;
	*out = box;
	return 0;
}

PIDBOX_EXPORT void pidbox_box_free(struct pidbox_box *box)
{
	if (!box)
		return;
	if (box->pidfd >= 0)
		close(box->pidfd);
	box_name_free(box->named);
	free(box);
}

PIDBOX_EXPORT enum pidbox_stage pidbox_box_failed_stage(const struct pidbox_box *box)
{
	if (box->failed_step == STEP_NONE)
		return PIDBOX_STAGE_NONE;
	return box->failed_step == STEP_EXEC ? PIDBOX_STAGE_EXEC : PIDBOX_STAGE_SETUP;
}

PIDBOX_EXPORT const char *pidbox_box_failed_step(const struct pidbox_box *box)
{
	return step_describe(box->failed_step);
}

PIDBOX_EXPORT int pidbox_box_pidfd(const struct pidbox_box *box)
{
	return box->pidfd;
}

PIDBOX_EXPORT pid_t pidbox_box_pid(const struct pidbox_box *box)
{
	return box->pid;
}

/* Waits until the parent has written our ID maps and our record: one byte,
 * or EOF when it failed to. */
static int wait_for_parent(int sync_fd)
{
	char c;
	ssize_t n;

	do
		n = read(sync_fd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1)
		return 0;
	return n == 0 ? -EPERM : neg_errno();
}

static int setup_mounts(int *step)
{
	/* Private first, so that nothing we mount propagates to the host. */
	*step = STEP_MOUNT_PRIVATE;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return neg_errno();
	*step = STEP_MOUNT_PROC;
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return neg_errno();
	return 0;
}

/* PID 1 of the new namespace.  Never returns. */
static void __attribute__((noreturn))
box_child(const struct pidbox_config *cfg, int report_fd, int sync_fd, int parent_pidfd,
	  bool take_tty)
{
	struct pollfd pfd = { .fd = parent_pidfd, .events = POLLIN };
	int step = STEP_NONE, failed = STEP_NONE, r;

	if (parent_pidfd >= 0) {
		step = STEP_PDEATHSIG;
		if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
			goto fail_errno;
		/* The parent may have died before the prctl: its pidfd says so. */
		if (poll(&pfd, 1, 0) != 0)
			_exit(PIDBOX_EXIT_FAILURE);
		close(parent_pidfd);
	}
	if (sync_fd >= 0) {
		r = wait_for_parent(sync_fd);
		close(sync_fd);
		if (r < 0) {
			step = STEP_USERNS_MAP;
			errno = -r;
			goto fail_errno;
		}
	}
	if (!(cfg->flags & PIDBOX_SHARE_MOUNTS)) {
		r = setup_mounts(&step);
		if (r < 0) {
			errno = -r;
			goto fail_errno;
		}
	}
	if (cfg->pod_holder) {
		close(report_fd); /* EOF: the pod is ready */
		pod_hold();
	}
	if (cfg->flags & PIDBOX_AS_PID1) {
		struct child_report rep = { 0 };

		command_exec(cfg, take_tty, &rep);
		child_report_write(report_fd, rep.step, rep.err);
		_exit(command_exit_status(&rep));
	}
	r = init_main(cfg, report_fd, take_tty, &failed);
	if (r >= 0)
		_exit(r);
	_exit(failed == STEP_EXEC ? (r == -ENOENT ? PIDBOX_EXIT_NOT_FOUND : PIDBOX_EXIT_CANNOT_EXEC)
				  : PIDBOX_EXIT_FAILURE);
fail_errno:
	child_report_write(report_fd, step, errno);
	_exit(PIDBOX_EXIT_FAILURE);
}

static int write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return neg_errno();
	n = write(fd, text, len);
	if (n < 0) {
		int r = neg_errno();

		close(fd);
		return r;
	}
	close(fd);
	return (size_t)n == len ? 0 : -EIO;
}

/* Maps the caller's uid and gid to root in the child's user namespace. */
static int write_id_maps(pid_t pid)
{
	char path[64], map[64];
	int r;

	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned int)getuid());
	r = write_file(path, map);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
	r = write_file(path, "deny\n");
	if (r < 0 && r != -ENOENT)
		return r;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned int)getgid());
	return write_file(path, map);
}

static void reap_failed_child(struct pidbox_box *box)
{
	siginfo_t si;

	while (waitid((idtype_t)P_PIDFD, (id_t)box->pidfd, &si, WEXITED) < 0 && errno == EINTR)
		;
	box->ended = true;
	box->status = status_from_siginfo(&si);
}

PIDBOX_EXPORT int pidbox_box_start(struct pidbox_box *box)
{
	const struct pidbox_config *cfg = box->cfg;
	unsigned int flags = cfg->flags;
	uint64_t clone_flags = CLONE_NEWPID;
	int report[2] = { -1, -1 }, sync[2] = { -1, -1 }, parent_pidfd = -1;
	struct child_report rep;
	pid_t pid;
	int r;

	if (!cfg->argv && !cfg->pod_holder)
		return -EINVAL;
	if (box->pidfd >= 0)
		return -EBUSY;
	if (cfg->name && !box->named) {
		box->failed_step = STEP_RECORD;
		r = box_name_reserve(cfg, false, &box->named);
		if (r < 0)
			return r;
	}
	box->failed_step = STEP_PIPE;
	if (!(flags & PIDBOX_SHARE_MOUNTS))
		clone_flags |= CLONE_NEWNS;
	if (!(flags & PIDBOX_NO_TTY) && isatty(STDIN_FILENO))
		box->took_tty = tcgetpgrp(STDIN_FILENO) == getpgrp();
	if (pipe2(report, O_CLOEXEC) < 0) {
		r = neg_errno();
		goto out;
	}
	if (flags & PIDBOX_USERNS)
		clone_flags |= CLONE_NEWUSER;
	/* The child waits for ID maps, and a named box for its record to say
	 * running, so that the command never runs before the box is findable. */
	if (((flags & PIDBOX_USERNS) || box->named) && pipe2(sync, O_CLOEXEC) < 0) {
		r = neg_errno();
		goto out;
	}
	if (!(flags & PIDBOX_NO_DIE_WITH_PARENT)) {
		box->failed_step = STEP_PDEATHSIG;
		parent_pidfd = pidbox_sys_pidfd_open(getpid(), 0);
		if (parent_pidfd < 0) {
			r = neg_errno();
			goto out;
		}
	}
	box->failed_step = STEP_CLONE;
	pid = clone_with_pidfd(clone_flags, &box->pidfd);
	if (pid < 0) {
		r = neg_errno();
		goto out;
	}
	if (pid == 0) {
		close(report[0]);
		if (sync[1] >= 0)
			close(sync[1]);
		box_child(cfg, report[1], sync[0], parent_pidfd, box->took_tty);
	}
	box->pid = pid;
	close(report[1]);
	report[1] = -1;
	if (sync[0] >= 0) {
		close(sync[0]);
		sync[0] = -1;
		r = (flags & PIDBOX_USERNS) ? write_id_maps(pid) : 0;
		if (r < 0)
			box->failed_step = STEP_USERNS_MAP;
		if (r == 0 && box->named) {
			r = box_name_commit(box->named, box);
			if (r < 0)
				box->failed_step = STEP_RECORD;
		}
		if (r < 0) {
			/* EOF without the byte: the child gives up before it mounts. */
			close(sync[1]);
			sync[1] = -1;
			reap_failed_child(box);
			goto out;
		}
		if (write(sync[1], "", 1) != 1) {
			r = neg_errno();
			reap_failed_child(box);
			goto out;
		}
	}
	r = child_report_read(report[0], &rep);
	if (r == 0 && rep.step != STEP_NONE) {
		box->failed_step = rep.step;
		r = -rep.err;
	}
	if (r < 0) {
		reap_failed_child(box);
		goto out;
	}
	box->failed_step = STEP_NONE;
out:
	if (r < 0 && box->named)
		box_name_release(box->named);
	if (r < 0 && box->pidfd >= 0) {
		close(box->pidfd);
		box->pidfd = -1;
	}
	if (r < 0)
		box->took_tty = false;
	for (int i = 0; i < 2; i++) {
		if (report[i] >= 0)
			close(report[i]);
		if (sync[i] >= 0)
			close(sync[i]);
	}
	if (parent_pidfd >= 0)
		close(parent_pidfd);
	return r;
}

PIDBOX_EXPORT int pidbox_box_signal(struct pidbox_box *box, int sig)
{
	if (box->pidfd < 0)
		return -ESRCH;
	if (pidbox_sys_pidfd_send_signal(box->pidfd, sig, NULL, 0) < 0)
		return neg_errno();
	return 0;
}

/* Collects the box's status if it has ended; 1 when it has, 0 when not. */
static int box_poll_end(struct pidbox_box *box, int options)
{
	siginfo_t si;

	if (box->ended)
		return 1;
	if (box->pidfd < 0)
		return -ESRCH;
	si.si_pid = 0;
	if (waitid((idtype_t)P_PIDFD, (id_t)box->pidfd, &si, WEXITED | options) < 0)
		return neg_errno();
	if (si.si_pid == 0)
		return 0;
	box->ended = true;
	box->status = status_from_siginfo(&si);
	box_name_release(box->named);
	return 1;
}

PIDBOX_EXPORT int pidbox_box_wait(struct pidbox_box *box, int *status)
{
	int r;

	do
		r = box_poll_end(box, 0);
	while (r == -EINTR);
	if (r < 0)
		return r;
	*status = box->status;
	return 0;
}

static void give_back_tty(struct pidbox_box *box)
{
	if (!box->took_tty)
		return;
	/* SIGTTOU is blocked while we supervise: a background caller may do this. */
	tcsetpgrp(STDIN_FILENO, getpgrp());
	box->took_tty = false;
}

PIDBOX_EXPORT int pidbox_box_supervise(struct pidbox_box *box, int *status)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t set, saved;
	int r;

	forwardable_signals(&set);
	if (sigprocmask(SIG_BLOCK, &set, &saved) < 0)
		return neg_errno();
	sigaction(SIGCHLD, &dfl, NULL);
	for (;;) {
		siginfo_t si;
		int sig;

		r = box_poll_end(box, WNOHANG);
		if (r != 0)
			break;
		sig = sigwaitinfo(&set, &si);
		if (sig < 0) {
			if (errno == EINTR)
				continue;
			r = neg_errno();
			break;
		}
		if (sig == SIGCHLD)
			continue;
		if (pidbox_sys_pidfd_send_signal(box->pidfd, sig, NULL, 0) < 0 && errno != ESRCH) {
			r = neg_errno();
			break;
		}
	}
	give_back_tty(box);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	if (r < 0)
		return r;
	*status = box->status;
	return 0;
}
