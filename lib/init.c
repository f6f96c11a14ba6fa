/* SPDX-License-Identifier: MIT */
/*
 * The init: PID 1 of a box (or a child subreaper).  It starts the command,
 * passes every signal on to it, reaps every child the kernel hands it, and
 * when the command ends, ends all that is left (SIGTERM, a grace period,
 * SIGKILL) before it exits with the command's status.
 *
 * All signals stay blocked and are taken with sigwaitinfo(): an idle init
 * sleeps in one system call, with no timer.  A timeout exists only during
 * the grace period.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "clone.h"
#include "descend.h"
#include "init.h"
#include "internal.h"
#include "syscall.h"

struct init_state {
	const struct pidbox_config *cfg;
	pid_t cmd_pid;
	int cmd_pidfd;
	bool cmd_done;
	int cmd_status;
	bool pid1;            /* PID 1 of its namespace: kill(-1) stays inside */
	bool shutting_down;
	bool killed;          /* SIGKILL sent to what is left */
	struct timespec deadline;
};

void command_exec(const struct pidbox_config *cfg, bool take_tty, struct child_report *rep)
{
	/* rep is shared with the init until exec: written only on failure. */
	int step = STEP_SETPGID;
	sigset_t empty;

	if (!(cfg->flags & PIDBOX_NO_SETPGID)) {
		if (setpgid(0, 0) < 0)
			goto fail;
		/* SIGTTOU is still blocked here, so a background caller cannot stop us. */
		if (take_tty && tcsetpgrp(STDIN_FILENO, getpgrp()) < 0 && errno != ENOTTY &&
		    errno != ENXIO)
			goto fail;
	}
	step = STEP_FDS;
	if (fds_cloexec_from(cfg->preserve_fds) < 0)
		goto fail;
	for (int fd = 3; fd < 3 + cfg->preserve_fds; fd++) {
		int flags = fcntl(fd, F_GETFD);

		if (flags >= 0 && fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) < 0)
			goto fail;
	}
	sigemptyset(&empty);
	sigprocmask(SIG_SETMASK, cfg->has_sigmask ? &cfg->sigmask : &empty, NULL);
	execvp(cfg->argv[0], cfg->argv);
	step = STEP_EXEC;
fail:
	rep->err = errno > 0 ? errno : EIO;
	rep->step = step;
}

int command_exit_status(const struct child_report *rep)
{
	if (rep->step != STEP_EXEC)
		return PIDBOX_EXIT_FAILURE;
	return rep->err == ENOENT ? PIDBOX_EXIT_NOT_FOUND : PIDBOX_EXIT_CANNOT_EXEC;
}

/* Sends sig to everything of the box but the init itself. */
static void signal_rest(const struct init_state *st, int sig)
{
	if (st->pid1)
		kill(-1, sig);
	else
		signal_descendants(sig);
}

static void begin_shutdown(struct init_state *st)
{
	st->shutting_down = true;
	if (st->cfg->grace_ms == 0) {
		signal_rest(st, SIGKILL);
		st->killed = true;
		return;
	}
	signal_rest(st, SIGTERM);
	/* A stopped process acts on SIGTERM only once continued. */
	signal_rest(st, SIGCONT);
	clock_gettime(CLOCK_MONOTONIC, &st->deadline);
	st->deadline.tv_sec += st->cfg->grace_ms / 1000;
	st->deadline.tv_nsec += (long)(st->cfg->grace_ms % 1000) * 1000000L;
	if (st->deadline.tv_nsec >= 1000000000L) {
		st->deadline.tv_sec++;
		st->deadline.tv_nsec -= 1000000000L;
	}
}

/* Reaps every child that has ended.  Returns true when nothing is left to
 * wait for: the command has ended and the init has no child. */
static bool reap_all(struct init_state *st)
{
	for (;;) {
		siginfo_t si;

		si.si_pid = 0;
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG) < 0) {
			if (errno == EINTR)
				continue;
			return st->cmd_done; /* ECHILD */
		}
		if (si.si_pid == 0)
			return false;
		if (!st->cmd_done && si.si_pid == st->cmd_pid) {
			st->cmd_done = true;
			st->cmd_status = status_from_siginfo(&si);
			close(st->cmd_pidfd);
			st->cmd_pidfd = -1;
			begin_shutdown(st);
		}
	}
}

static void forward(struct init_state *st, int sig)
{
	unsigned int flags = st->cfg->flags;

	if (st->cmd_done || (flags & PIDBOX_SIGNAL_ALL)) {
		signal_rest(st, sig);
		return;
	}
	/* The group's id is the command's PID, which stays reserved while the
	 * command is unreaped, and we are its only reaper. */
	if ((flags & PIDBOX_SIGNAL_GROUP) && !(flags & PIDBOX_NO_SETPGID)) {
		kill(-st->cmd_pid, sig);
		return;
	}
	pidbox_sys_pidfd_send_signal(st->cmd_pidfd, sig, NULL, 0);
}

/* Time left until the deadline, or false once it has passed. */
static bool time_left(const struct timespec *deadline, struct timespec *left)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left->tv_sec = deadline->tv_sec - now.tv_sec;
	left->tv_nsec = deadline->tv_nsec - now.tv_nsec;
	if (left->tv_nsec < 0) {
		left->tv_sec--;
		left->tv_nsec += 1000000000L;
	}
	return left->tv_sec >= 0;
}

static int init_loop(struct init_state *st)
{
	sigset_t set;

	forwardable_signals(&set);
	if (reap_all(st))
		return st->cmd_status;
	for (;;) {
		struct timespec left;
		siginfo_t si;
		int sig;

		if (st->shutting_down && !st->killed) {
			if (!time_left(&st->deadline, &left)) {
				signal_rest(st, SIGKILL);
				st->killed = true;
				continue;
			}
			sig = sigtimedwait(&set, &si, &left);
		} else {
			sig = sigwaitinfo(&set, &si);
		}
		if (sig < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return neg_errno();
		}
		if (sig == SIGCHLD) {
			if (reap_all(st))
				return st->cmd_status;
			continue;
		}
		forward(st, sig);
	}
}

struct command_launch {
	const struct pidbox_config *cfg;
	bool take_tty;
	struct child_report rep; /* written by the child, read once it is gone */
};

/* The command's side of the vfork: it shares our memory until it execs.
 * Not instrumented by ASan, which cannot tell this stack from a thread's. */
__attribute__((no_sanitize_address)) static int command_child(void *arg)
{
	struct command_launch *launch = arg;

	command_exec(launch->cfg, launch->take_tty, &launch->rep);
	_exit(command_exit_status(&launch->rep));
}

/*
 * Starts the command with CLONE_VM | CLONE_VFORK, as posix_spawn does: no
 * page tables to copy, and when clone() returns the command has either been
 * executed or left its failure in launch.rep.  Returns 0, or -errno with
 * *failed_step set.
 */
static int start_command(struct init_state *st, int report_fd, bool take_tty, int *failed_step)
{
	static char stack[256 * 1024] __attribute__((aligned(16)));
	struct command_launch launch = { .cfg = st->cfg, .take_tty = take_tty };

	st->cmd_pid = clone(command_child, stack + sizeof(stack),
			    CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, &launch,
			    &st->cmd_pidfd);
	if (st->cmd_pid < 0) {
		*failed_step = STEP_CLONE_COMMAND;
		return neg_errno();
	}
	if (launch.rep.step != STEP_NONE) {
		child_report_write(report_fd, launch.rep.step, launch.rep.err);
		*failed_step = launch.rep.step;
		return -launch.rep.err;
	}
	return 0;
}

int init_main(const struct pidbox_config *cfg, int report_fd, bool take_tty, int *failed_step)
{
	struct init_state st = { .cfg = cfg, .cmd_pidfd = -1, .pid1 = getpid() == 1 };
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t set;
	int r;

	*failed_step = STEP_NONE;
	forwardable_signals(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	/* An ignored SIGCHLD would make the kernel reap for us and lose statuses. */
	sigaction(SIGCHLD, &dfl, NULL);
	if (!st.pid1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		*failed_step = STEP_SUBREAPER;
		child_report_write(report_fd, STEP_SUBREAPER, errno);
		return neg_errno();
	}
	r = start_command(&st, report_fd, take_tty, failed_step);
	if (report_fd >= 0)
		close(report_fd);
	if (r < 0) {
		/* The command's process ended with the failure: reap it and any
		 * orphan before reporting, so that nothing is left behind. */
		if (st.cmd_pid > 0) {
			st.cmd_done = true;
			if (st.cmd_pidfd >= 0)
				close(st.cmd_pidfd);
			st.cmd_pidfd = -1;
			while (waitid(P_ALL, 0, &(siginfo_t){ 0 }, WEXITED) == 0 || errno == EINTR)
				;
		}
		return r;
	}
	return init_loop(&st);
}

PIDBOX_EXPORT int pidbox_init_run(const struct pidbox_config *cfg, enum pidbox_stage *stage,
				  const char **step)
{
	bool take_tty = false;
	int failed = STEP_NONE;
	int r;

	if (!cfg->argv)
		return -EINVAL;
	if (!(cfg->flags & PIDBOX_NO_TTY) && isatty(STDIN_FILENO))
		take_tty = tcgetpgrp(STDIN_FILENO) == getpgrp();
	r = init_main(cfg, -1, take_tty, &failed);
	if (stage)
		*stage = failed == STEP_NONE ? PIDBOX_STAGE_NONE
			 : failed == STEP_EXEC ? PIDBOX_STAGE_EXEC
					       : PIDBOX_STAGE_SETUP;
	if (step)
		*step = step_describe(failed);
	return r;
}
