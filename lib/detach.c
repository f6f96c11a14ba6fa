/* SPDX-License-Identifier: MIT */
/*
 * Detached boxes.  The caller reserves the name and creates the log, then a
 * short-lived child forks the supervisor and exits, so the supervisor is
 * nobody's child that could forget to wait for it.  The supervisor leaves
 * the caller's session, points the command's output at the log, starts the
 * box as its parent (the box still dies with its parent: if the supervisor
 * is killed, the box ends and its record turns stale instead of lying),
 * records it, reports to the caller, and then waits for the box, passes on
 * the signals it gets, and removes the record once the box has ended.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "state.h"
#include "syscall.h"

struct detach_report {
	int32_t err; /* positive errno, 0 when the box runs */
	int32_t step;
	int32_t pid;
};

static void report(int fd, int err, int step, pid_t pid)
{
	struct detach_report rep = { .err = err, .step = step, .pid = pid };
	ssize_t n;

	do
		n = write(fd, &rep, sizeof(rep));
	while (n < 0 && errno == EINTR);
}

/* Moves fd to at least min (close-on-exec); returns the new fd or -1. */
static int move_above(int fd, int min)
{
	int nfd;

	if (fd < 0 || fd >= min)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, min);
	close(fd);
	return nfd;
}

/* Closes every fd from first on but the two given (both >= first). */
static void close_others(int first, int a, int b)
{
	int keep[2] = { a < b ? a : b, a < b ? b : a };
	unsigned int from = (unsigned int)first;

	for (int i = 0; i < 2; i++) {
		if (keep[i] < 0)
			continue;
		if ((unsigned int)keep[i] > from)
			pidbox_sys_close_range(from, (unsigned int)keep[i] - 1, 0);
		from = (unsigned int)keep[i] + 1;
	}
	pidbox_sys_close_range(from, ~0U, 0);
}

static void __attribute__((noreturn)) supervisor(struct pidbox_box *box, int report_fd, int devnull)
{
	struct box_name *bn = box->named;
	int out = bn->logfd >= 0 ? bn->logfd : devnull;
	int first = 3 + box->cfg->preserve_fds, status = PIDBOX_EXIT_FAILURE, r;

	if (setsid() < 0 || dup2(devnull, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
	    dup2(out, STDERR_FILENO) < 0) {
		report(report_fd, errno, STEP_DETACH, 0);
		_exit(PIDBOX_EXIT_FAILURE);
	}
	close(devnull);
	if (bn->logfd >= 0)
		close(bn->logfd);
	bn->logfd = -1;
	/* Only 0-2, the fds to pass on, the report pipe and the state
	 * directory stay open: the caller's others are not held forever. */
	report_fd = move_above(report_fd, first);
	bn->sd.fd = move_above(bn->sd.fd, first);
	if (report_fd < 0 || bn->sd.fd < 0)
		_exit(PIDBOX_EXIT_FAILURE);
	close_others(first, report_fd, bn->sd.fd);
	r = pidbox_box_start(box);
	report(report_fd, r < 0 ? -r : 0, box->failed_step, r < 0 ? 0 : box->pid);
	close(report_fd);
	if (r < 0)
		_exit(PIDBOX_EXIT_FAILURE);
	if (pidbox_box_supervise(box, &status) < 0) {
		/* Lost track of it: end it rather than leave it unwatched. */
		pidbox_box_signal(box, SIGKILL);
		pidbox_box_wait(box, &status);
	}
	_exit(status);
}

/* Reads the supervisor's report until EOF: 1 with a report, 0 without. */
static int read_report(int fd, struct detach_report *rep)
{
	size_t got = 0;

	while (got < sizeof(*rep)) {
		ssize_t n = read(fd, (char *)rep + got, sizeof(*rep) - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got == sizeof(*rep);
}

PIDBOX_EXPORT int pidbox_box_start_detached(struct pidbox_box *box)
{
	const struct pidbox_config *cfg = box->cfg;
	int pipefd[2] = { -1, -1 }, devnull = -1, middle_pidfd = -1, r;
	struct detach_report rep = { 0 };
	pid_t middle;

	if (!cfg->name || (!cfg->argv && !cfg->pod_holder))
		return -EINVAL;
	if (box->pidfd >= 0 || box->named)
		return -EBUSY;
	box->failed_step = STEP_RECORD;
	r = box_name_reserve(cfg, !cfg->pod_holder, &box->named);
	if (r < 0)
		return r;
	box->failed_step = STEP_DETACH;
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull < 0 || pipe2(pipefd, O_CLOEXEC) < 0) {
		r = neg_errno();
		goto out;
	}
	/* fork(), not a raw clone: the supervisor runs libc for as long as the
	 * box lives, so libc's own state must be made right for it. */
	middle = fork();
	if (middle < 0) {
		r = neg_errno();
		goto out;
	}
	if (middle == 0) {
		pid_t pid;

		close(pipefd[0]);
		pid = fork();
		if (pid < 0)
			report(pipefd[1], errno, STEP_DETACH, 0);
		if (pid == 0)
			supervisor(box, pipefd[1], devnull);
		_exit(0);
	}
	/* Our child, not reaped yet: its PID cannot have been reused. */
	middle_pidfd = pidbox_sys_pidfd_open(middle, 0);
	close(pipefd[1]);
	pipefd[1] = -1;
	if (!read_report(pipefd[0], &rep)) {
		rep.err = ECHILD; /* the supervisor died before it could say */
		rep.step = STEP_DETACH;
	}
	if (middle_pidfd >= 0) {
		siginfo_t si;

		while (waitid((idtype_t)P_PIDFD, (id_t)middle_pidfd, &si, WEXITED) < 0 &&
		       errno == EINTR)
			;
	} else {
		while (waitpid(middle, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (rep.err) {
		r = -rep.err;
		box->failed_step = rep.step;
		goto out;
	}
	box->failed_step = STEP_NONE;
	box->pid = rep.pid;
	box->detached = true;
	box->took_tty = false;
	/* It may have ended already: then there is no pidfd to give. */
	box->pidfd = pidbox_sys_pidfd_open(rep.pid, 0);
	/* The supervisor owns the record now and removes it. */
	box->named->reserved_here = false;
	r = 0;
out:
	if (r < 0)
		box_name_release(box->named);
	if (middle_pidfd >= 0)
		close(middle_pidfd);
	for (int i = 0; i < 2; i++)
		if (pipefd[i] >= 0)
			close(pipefd[i]);
	if (devnull >= 0)
		close(devnull);
	return r;
}
