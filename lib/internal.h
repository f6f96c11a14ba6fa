/* SPDX-License-Identifier: MIT */
/* What lib/ files share and users of the library do not see. */
#ifndef PIDBOX_INTERNAL_H
#define PIDBOX_INTERNAL_H

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "pidbox.h"

#define PIDBOX_EXPORT __attribute__((visibility("default")))

/* -errno of the last failed libc call, never 0 (a call that forgot errno). */
static inline int neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

struct pidbox_config {
	char *const *argv;
	unsigned int grace_ms;
	unsigned int flags;
	int preserve_fds;
	bool has_sigmask;
	sigset_t sigmask;
	const char *name;      /* recorded in the state directory while it runs */
	const char *state_dir; /* NULL: the default one */
	bool pod_holder;       /* PID 1 is a pod's holder, not an init with a command */
	int pdeathsig;
	sigset_t rewritten;           /* the signals with an entry in rewrite[] */
	unsigned char rewrite[NSIG];  /* what a signal is forwarded as; 0: dropped */
	pidbox_event_fn event_fn;
	void *event_data;
};

struct box_name; /* lib/state.h: a box's record in the state directory */

struct pidbox_box {
	const struct pidbox_config *cfg;
	int pidfd;
	pid_t pid;
	bool took_tty;
	bool ended;
	bool detached; /* its supervisor, not the caller, waits for it */
	int status;
	int failed_step;
	struct box_name *named; /* when cfg->name is set */
};

/* What the init forwards sig as, 0 for nothing. */
int config_rewritten(const struct pidbox_config *cfg, int sig);

/* The steps that can fail before the command runs.  A child reports the
 * failing step and its errno over a close-on-exec pipe. */
enum pidbox_step {
	STEP_NONE = 0,
	STEP_CLONE,
	STEP_USERNS_MAP,
	STEP_PDEATHSIG,
	STEP_MOUNT_PRIVATE,
	STEP_MOUNT_PROC,
	STEP_SUBREAPER,
	STEP_CLONE_COMMAND,
	STEP_PIPE,
	STEP_FDS,
	STEP_SETPGID,
	STEP_EXEC,
	STEP_RECORD,
	STEP_DETACH,
	STEP_JOIN,
	STEP_ROOT,
	STEP__MAX,
};

struct child_report {
	int32_t step;
	int32_t err; /* positive errno */
};

const char *step_describe(int step);

/* Writes a report to fd, retrying on EINTR; for children that are about to
 * _exit, so failures to write are ignored on purpose. */
void child_report_write(int fd, int step, int err);

/* Reads a report until EOF: returns 0 with *rep->step == STEP_NONE on EOF
 * (the other end exec'd or closed), 0 with a report, or -errno. */
int child_report_read(int fd, struct child_report *rep);

/* The exit status of a process from waitid()'s siginfo: code, or 128+N. */
int status_from_siginfo(const siginfo_t *si);

/* The signals a supervisor may send and that an init passes on: everything
 * but the synchronous faults, which must keep their default action. */
void forwardable_signals(sigset_t *set);

/* Makes every fd from 3 + keep upwards close-on-exec. */
int fds_cloexec_from(int keep);

#endif
