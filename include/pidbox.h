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
 * NULL) tell where it failed, as for pidbox_box_failed_stage(). */
int pidbox_init_run(const struct pidbox_config *cfg, enum pidbox_stage *stage, const char **step);

/* "NAME" of a signal number ("TERM"), or NULL; and the number of a name
 * ("TERM", "SIGTERM", "15"), or -EINVAL. */
const char *pidbox_signal_name(int sig);
int pidbox_signal_parse(const char *name);

#ifdef __cplusplus
}
#endif

#endif
