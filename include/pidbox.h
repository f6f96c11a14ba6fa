/* SPDX-License-Identifier: MIT */
/*
 * libpidbox: PID-namespace boxes with a correct PID 1, held through pidfds.
 *
 * Every function that can fail returns 0 (or a non-negative value) on success
 * and a negative errno value on failure.  Nothing here prints or exits.
 * Handles are opaque; their layout may change between versions.
 */
#ifndef PIDBOX_H
#define PIDBOX_H

#include <signal.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PIDBOX_VERSION "0.1.0"

/* Exit statuses of the CLI and of the init, like env(1) and container inits. */
#define PIDBOX_EXIT_FAILURE 125   /* pidbox itself failed before the command ran */
#define PIDBOX_EXIT_CANNOT_EXEC 126 /* the command exists but could not be executed */
#define PIDBOX_EXIT_NOT_FOUND 127 /* the command was not found */
#define PIDBOX_EXIT_SIGNAL_BASE 128 /* 128+N: signal N ended the command */

/* The kernel's limit on nested PID namespaces (MAX_PID_NS_LEVEL). */
#define PIDBOX_MAX_NESTING 32

/* Flags of a box configuration. */
enum pidbox_flags {
	PIDBOX_AS_PID1 = 1u << 0,           /* exec the command as PID 1, no init of ours */
	PIDBOX_NO_DIE_WITH_PARENT = 1u << 1, /* the box outlives the process that started it */
	PIDBOX_SHARE_MOUNTS = 1u << 2,       /* no mount namespace and no fresh /proc */
	PIDBOX_USERNS = 1u << 3,             /* also a user namespace, the caller mapped to root */
	PIDBOX_SIGNAL_GROUP = 1u << 4,       /* forward signals to the command's process group */
	PIDBOX_SIGNAL_ALL = 1u << 5,         /* forward signals to every process of the box */
	PIDBOX_NO_NEWPID = 1u << 6,          /* init only: no new namespace (pidbox init) */
	PIDBOX_NO_SETPGID = 1u << 7,         /* keep the command in the init's process group */
	PIDBOX_NO_TTY = 1u << 8,             /* never hand the terminal to the command */
	PIDBOX_SETSID = 1u << 9,             /* the command in a session of its own (dumb-init) */
	PIDBOX_KEEP_FDS = 1u << 10,          /* the command inherits every fd, not only 0, 1, 2 */
	PIDBOX_PAUSE = 1u << 11,             /* pidbox_init_run only: no command (catatonit -P) */
};

/* What a box runs and how.  Create, set, pass to pidbox_box_new, free. */
struct pidbox_config;

/* Allocates a configuration with the defaults: an init, a 5 s grace period,
 * die-with-parent.  Returns 0 or -ENOMEM. */
int pidbox_config_new(struct pidbox_config **out);
void pidbox_config_free(struct pidbox_config *cfg);

/* The command and its arguments, NULL-terminated; argv[0] is searched in
 * PATH.  The array is borrowed: it must outlive pidbox_box_start().
 * Returns 0, or -EINVAL for an empty command. */
int pidbox_config_set_command(struct pidbox_config *cfg, char *const argv[]);

/* Time the init waits after SIGTERM before SIGKILL, when the command has
 * exited and other processes remain.  0 means SIGKILL at once. */
void pidbox_config_set_grace_ms(struct pidbox_config *cfg, unsigned int grace_ms);

/* A bitwise OR of enum pidbox_flags; replaces the previous flags. */
void pidbox_config_set_flags(struct pidbox_config *cfg, unsigned int flags);

/* Fds 3 .. 3+n-1 are passed on to the command; all other fds above 2 are
 * closed in it.  Returns 0, or -EINVAL for a negative n. */
int pidbox_config_set_preserve_fds(struct pidbox_config *cfg, int n);

/* The signal mask the command starts with (normally the one the caller had
 * before pidbox_signals_block()).  Without it the command gets the mask of
 * the caller at pidbox_box_start(). */
void pidbox_config_set_sigmask(struct pidbox_config *cfg, const sigset_t *mask);

/* Forward signal sig as signal to (1..NSIG-1), or drop it when to is 0.
 * With PIDBOX_SETSID, SIGTSTP, SIGTTIN and SIGTTOU are forwarded as SIGSTOP
 * unless rewritten here: the command's process group is orphaned in its new
 * session, where the kernel discards those three for a process that has no
 * handler.  SIGCHLD, SIGKILL and SIGSTOP cannot be rewritten.
 * Returns 0, or -EINVAL for a signal out of range or one of those three. */
int pidbox_config_set_signal_rewrite(struct pidbox_config *cfg, int sig, int to);

/* The signal the init receives when its parent dies (PR_SET_PDEATHSIG); it
 * is forwarded like any other, and SIGKILL ends the init.  0 (the default)
 * sets none.  Returns 0, or -EINVAL for a signal out of range. */
int pidbox_config_set_parent_death_signal(struct pidbox_config *cfg, int sig);

/* What the init does, for a caller that wants to report it (verbose modes). */
enum pidbox_event_type {
	PIDBOX_EVENT_STARTED = 1, /* the command runs as pid */
	PIDBOX_EVENT_SIGNAL,      /* sig arrived; forwarded as sig_out, dropped when 0 */
	PIDBOX_EVENT_REAPED,      /* pid, not the command, ended with status */
	PIDBOX_EVENT_EXITED,      /* the command (pid) ended with status */
	PIDBOX_EVENT_STOPPED,     /* the command stopped (by sig); the init stops too */
	PIDBOX_EVENT_RESUMED,     /* the init was continued, and continues the command */
	PIDBOX_EVENT_TERMINATE,   /* sig (SIGTERM or SIGKILL) sent to every process left */
};

struct pidbox_event {
	enum pidbox_event_type type;
	pid_t pid;
	int sig;
	int sig_out;
	int status; /* an exit status as the init reports it: code, or 128+N */
};

typedef void (*pidbox_event_fn)(const struct pidbox_event *ev, void *data);

/* Calls fn(event, data) in the init for each event above; NULL for none.
 * fn runs in the init's only thread, between two system calls of its loop:
 * it may print, and should not block. */
void pidbox_config_set_event_handler(struct pidbox_config *cfg, pidbox_event_fn fn, void *data);

/* A running (or ended) box: its init, held as a pidfd. */
struct pidbox_box;

/* Where a start failed, to tell a setup failure from an exec failure. */
enum pidbox_stage {
	PIDBOX_STAGE_NONE = 0,
	PIDBOX_STAGE_SETUP, /* before the command: namespaces, mounts, fds */
	PIDBOX_STAGE_EXEC,  /* execvp() of the command */
};

/* Allocates a box for cfg (which must outlive the box).  Returns 0 or -ENOMEM. */
int pidbox_box_new(const struct pidbox_config *cfg, struct pidbox_box **out);

/* Closes the box's pidfd.  A box still running keeps running, unless it
 * dies with its parent and the caller exits. */
void pidbox_box_free(struct pidbox_box *box);

/* Creates the namespaces, mounts /proc, starts the init and the command.
 * Returns once the command has been executed, or with an error once
 * everything started for it has ended (nothing is left behind).
 * Errors: -EPERM (no right to create namespaces), -ENOSPC (nesting limit
 * reached), -ENOENT / -EACCES / ... (stage EXEC: the command could not be
 * executed), other -errno of the step that failed. */
int pidbox_box_start(struct pidbox_box *box);

/* After a failed start: the stage and a short description of the step that
 * failed ("mount /proc in the new namespace"), or PIDBOX_STAGE_NONE and "". */
enum pidbox_stage pidbox_box_failed_stage(const struct pidbox_box *box);
const char *pidbox_box_failed_step(const struct pidbox_box *box);

/* The init's pidfd (owned by the box) and its PID as the caller sees it. */
int pidbox_box_pidfd(const struct pidbox_box *box);
pid_t pidbox_box_pid(const struct pidbox_box *box);

/* Sends sig to the box's init through its pidfd; the init passes it on to
 * the command.  Returns 0, -ESRCH when the box has ended, or -errno. */
int pidbox_box_signal(struct pidbox_box *box, int sig);

/* Waits for the box to end and stores its exit status (the command's code,
 * or 128+N) in *status.  Returns 0 or -errno. */
int pidbox_box_wait(struct pidbox_box *box, int *status);

/* Blocks every signal that a supervisor may send and saves the previous mask
 * in *saved.  Call before pidbox_box_start() so that no signal is lost in
 * between, then pidbox_box_supervise().  Returns 0 or -errno. */
int pidbox_signals_block(sigset_t *saved);

/* Forwards every signal the caller receives to the box, waits for it to end,
 * gives the terminal back when the command had taken it, and stores the exit
 * status in *status.  Returns 0 or -errno. */
int pidbox_box_supervise(struct pidbox_box *box, int *status);

/* Runs cfg's command under an init in the calling process: PID 1 of its
 * namespace, or else a child subreaper.  Returns the status to exit with
 * (0..255) once the command and everything left of it have ended, or -errno
 * when the command could not be started; then *stage and *step (when not
 * NULL) tell where it failed, as for pidbox_box_failed_stage().
 * Once the command runs, the calling process becomes a pure init: it
 * changes its directory to / and closes its fds above 2 (the command has
 * its own copies), so that it keeps nothing of the command's busy.
 * When LISTEN_PID in the environment names the caller (socket activation),
 * the command gets its own PID there instead.
 * With PIDBOX_PAUSE there is no command: the init reaps what it is handed
 * until SIGINT or SIGTERM, then ends what is left and returns 0. */
int pidbox_init_run(const struct pidbox_config *cfg, enum pidbox_stage *stage, const char **step);

/* "NAME" of a signal number ("TERM"), or NULL; and the number of a name
 * ("TERM", "SIGTERM", "15"), or -EINVAL. */
const char *pidbox_signal_name(int sig);
int pidbox_signal_parse(const char *name);

#ifdef __cplusplus
}
#endif

#endif
