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
#include <stddef.h>
#include <stdint.h>
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

/*
 * Named boxes and pods.  A named box is recorded in the state directory
 * (/run/pidbox for root, $XDG_RUNTIME_DIR/pidbox otherwise) while it runs:
 * its name, its init's PID, and what proves that a process holding that PID
 * is still that init (its start time, its PID namespace, its pidfs inode).
 * A record whose init is gone is stale: it is never trusted, and whoever
 * meets it removes it.
 */
#define PIDBOX_NAME_MAX 64

/* 0 when name may name a box or pod: 1 to 64 ASCII letters, digits, '_',
 * '.' and '-', the first a letter, digit or '_' (so never "." or "..", a
 * '/', a space or a control character).  -EINVAL otherwise, -ENAMETOOLONG
 * past 64 characters. */
int pidbox_name_check(const char *name);

/* Records the box under name while it runs (borrowed: it must outlive the
 * box).  pidbox_box_start() then fails with -EEXIST when a running box or
 * pod has the name.  Returns 0, or pidbox_name_check()'s errors. */
int pidbox_config_set_name(struct pidbox_config *cfg, const char *name);

/* The state directory for the name (borrowed); NULL, the default, is
 * /run/pidbox for root and $XDG_RUNTIME_DIR/pidbox for other users. */
void pidbox_config_set_state_dir(struct pidbox_config *cfg, const char *dir);

/*
 * Starts a named box that outlives the caller: a supervisor process, in a
 * session of its own, starts the box as pidbox_box_start() would, with the
 * command's stdin on /dev/null and its stdout and stderr in the box's log
 * (see pidbox_named_copy_log()); it forwards the signals it gets to the box,
 * waits for it and removes its record when it ends.  Returns once the command
 * has been executed: then pidbox_box_pid() is the init's PID and
 * pidbox_box_pidfd() a pidfd of it (-1 if it already ended), which can be
 * polled but not waited for.  Errors as pidbox_box_start(), and -EINVAL when
 * the configuration has no name; nothing is left behind on failure.
 */
int pidbox_box_start_detached(struct pidbox_box *box);

/* Flags of pidbox_box_enter(). */
enum pidbox_enter_flags {
	PIDBOX_ENTER_KEEP_CWD = 1u << 0, /* the caller's working directory, not the target's */
};

/*
 * Starts cfg's command (the box's configuration) inside the namespaces of
 * the process held by target_pidfd: every namespace it does not share with
 * the caller, joined with setns() on the pidfd (one /proc/PID/ns fd at a
 * time on kernels before 5.8), with that process's root directory and working
 * directory.  The command is a child of the caller, with a PID of the target's
 * PID namespace; from then on the box handle is the command's, for
 * pidbox_box_supervise(), pidbox_box_wait() and pidbox_box_signal().  The
 * caller's own namespaces do not change.  Errors: -EPERM / -EACCES (no right
 * to join, stage SETUP), -ESRCH (the target ended), -EXDEV (this /proc cannot
 * show the target), and the exec errors of pidbox_box_start().
 */
int pidbox_box_enter(struct pidbox_box *box, int target_pidfd, unsigned int flags);

/* Opens pid as a pidfd: the fd (close-on-exec), or -ESRCH / -errno. */
int pidbox_pidfd_open(pid_t pid);

/*
 * Starts a pod named name: a PID namespace and a mount namespace with a
 * fresh /proc, held by a holder that is PID 1 there, reaps, and does nothing
 * else, under a supervisor that removes the record when the holder ends.
 * dir is the state directory (NULL: the default).  Stores the holder's PID in
 * *holder.  Errors: -EEXIST (the name is taken), -EINVAL / -ENAMETOOLONG (bad
 * name), -EPERM (no right to create namespaces), other -errno.
 */
int pidbox_pod_create(const char *dir, const char *name, pid_t *holder);

/* A box or pod found by name, its init (or holder) held as a verified pidfd. */
struct pidbox_named;

/*
 * Finds name in the state directory dir (NULL: the default), opens its init
 * as a pidfd and checks it against the record.  Errors: -ENOENT (no such
 * name), -ESRCH (the record was stale: its init is gone or its PID belongs
 * to another process now; the record is removed), -EAGAIN (still starting),
 * -EREMOTE (recorded in another PID namespace), -EPROTO (a record of an
 * unknown format), -ENXIO (not root and no XDG_RUNTIME_DIR), -EINVAL /
 * -ENAMETOOLONG (bad name).
 */
int pidbox_named_open(const char *dir, const char *name, struct pidbox_named **out);
void pidbox_named_free(struct pidbox_named *n);

const char *pidbox_named_name(const struct pidbox_named *n);
int pidbox_named_is_pod(const struct pidbox_named *n);
int pidbox_named_has_log(const struct pidbox_named *n);
/* The init's (holder's) pidfd, owned by n, and its PID as the caller sees it. */
int pidbox_named_pidfd(const struct pidbox_named *n);
pid_t pidbox_named_pid(const struct pidbox_named *n);
/* The inode of the box's PID namespace, as recorded and checked. */
uint64_t pidbox_named_pidns(const struct pidbox_named *n);

/* Flags of pidbox_named_signal(). */
enum pidbox_named_signal_flags {
	PIDBOX_SIGNAL_EVERY = 1u << 0, /* every process of the box, each through its pidfd */
};

/*
 * Sends sig to a box's command: through the init, which passes it on, or
 * straight to the command for the signals an init cannot pass (KILL, STOP,
 * ...).  With PIDBOX_SIGNAL_EVERY, or for a pod, to every process of its
 * PID namespace (but a pod's holder), each opened as a pidfd and checked.
 * Returns the number of processes signalled; -ESRCH when the box (or its
 * command) has ended; -EXDEV when this /proc does not match the caller's PID
 * namespace; other -errno.
 */
int pidbox_named_signal(struct pidbox_named *n, int sig, unsigned int flags);

/*
 * Ends a box or pod: SIGTERM (a box's init passes it to the command; a pod's
 * processes get it each), up to grace_ms for everything to end, then SIGKILL
 * to the init or holder, whose end the kernel makes the end of every process
 * in the namespace; returns once none is left and the record is removed.
 * A grace_ms of 0 sends SIGKILL at once, without SIGTERM.
 * Returns 0; -EALREADY when another pidbox_named_stop() is stopping it.
 */
int pidbox_named_stop(struct pidbox_named *n, unsigned int grace_ms);

/* Copies a detached box's log to out_fd; with follow, goes on copying what
 * the box writes until it ends.  Returns 0; -ENODATA when the box has no log
 * (it was not detached); -errno of a read or write. */
int pidbox_named_copy_log(struct pidbox_named *n, int out_fd, int follow);

/* A process of a box or pod, for listings. */
struct pidbox_process {
	pid_t pid;      /* as the box sees it */
	pid_t host_pid; /* as the caller sees it */
	char command[256]; /* its command line, arguments separated by spaces */
};

/* The processes of a box's (or pod's) PID namespace, init or holder first,
 * then by PID.  Free *out with free().  Returns 0 or -errno. */
int pidbox_named_processes(struct pidbox_named *n, struct pidbox_process **out, size_t *count);

/* The names recorded in dir (NULL: the default), sorted; an absent
 * directory is an empty list.  Free with pidbox_names_free().  Returns 0 or
 * -errno (-ENXIO: not root and no XDG_RUNTIME_DIR). */
int pidbox_names_list(const char *dir, char ***names, size_t *count);
void pidbox_names_free(char **names, size_t count);

/* "NAME" of a signal number ("TERM"), or NULL; and the number of a name
 * ("TERM", "SIGTERM", "15"), or -EINVAL. */
const char *pidbox_signal_name(int sig);
int pidbox_signal_parse(const char *name);

/*
 * Seeing inside: processes and PID namespaces as the caller may see them.
 *
 * "The caller's view" is the caller's own PID namespace and those below it,
 * whatever /proc is mounted: a process outside it is never reported, and
 * every PID is given as the caller sees it (what getpid() says in the
 * caller's namespace), with its PID at each level below in nspid[].  Depths
 * count from the caller's namespace (0).  Processes and namespaces that
 * vanish while they are read are skipped: a scan never fails for that.
 * Inodes identify namespaces as `readlink /proc/PID/ns/pid` does (pid:[N]).
 */

/* One process. */
struct pidbox_proc {
	pid_t pid;  /* as the caller sees it */
	pid_t ppid; /* its parent as the caller sees it; 0 when the parent is out of view */
	char state; /* R running, S sleeping, D disk wait, Z zombie, T stopped, I idle, ... */
	uid_t uid;  /* effective user ID, as /proc shows it */
	unsigned int depth; /* of its PID namespace below the caller's */
	pid_t nspid[PIDBOX_MAX_NESTING + 1]; /* its PID at depth 0..depth; [0] == pid */
	uint64_t pidns; /* inode of its PID namespace; 0 unless PIDBOX_PROC_NS was asked */
	unsigned long long start_time; /* clock ticks after boot; 0 unless PIDBOX_PROC_START */
	char comm[64]; /* its name, escaped as /proc/PID/status escapes it */
	char *cmdline; /* arguments joined by spaces; NULL unless PIDBOX_PROC_CMDLINE, or empty */
};

/* What to read of each process beyond its status. */
enum pidbox_proc_flags {
	PIDBOX_PROC_CMDLINE = 1u << 0, /* its command line */
	PIDBOX_PROC_NS = 1u << 1,      /* the inode of its PID namespace */
	PIDBOX_PROC_START = 1u << 2,   /* its start time */
};

/* Reads the process the caller sees as pid, held through a pidfd while it
 * is read so that a PID reused meanwhile is never described.  Release the
 * result with pidbox_proc_release().  Returns 0, -ESRCH when there is no
 * such process in the caller's view (or it ended), -EINVAL for a PID <= 0
 * or a thread that is not a process, -ENOENT when /proc is not mounted. */
int pidbox_proc_read(pid_t pid, unsigned int flags, struct pidbox_proc *out);

/* Frees what pidbox_proc_read() allocated in proc (its cmdline). */
void pidbox_proc_release(struct pidbox_proc *proc);

/* A list of processes, from pidbox_proc_scan(). */
struct pidbox_proclist;

/* Every process in the caller's view (pidns_fd < 0), or in the PID
 * namespace pidns_fd refers to and below it, ordered by PID, with what
 * flags asks for.  Returns 0, -EXDEV when pidns_fd is out of the caller's
 * view, -EINVAL when it is not a PID namespace, -ENOENT when /proc is not
 * mounted, -ENOMEM. */
int pidbox_proc_scan(int pidns_fd, unsigned int flags, struct pidbox_proclist **out);

/* The number of processes in list, and the i-th (NULL past the end); the
 * entries live as long as the list.  Fields may be added to struct
 * pidbox_proc at its end: reach entries through this, never by index. */
size_t pidbox_proclist_count(const struct pidbox_proclist *list);
const struct pidbox_proc *pidbox_proclist_at(const struct pidbox_proclist *list, size_t i);

/* Frees the list and its entries. */
void pidbox_proclist_free(struct pidbox_proclist *list);

/* One PID namespace. */
struct pidbox_pidns {
	uint64_t inode;
	uint64_t parent; /* inode of its parent; 0 for the caller's own (or unknown) */
	uint64_t userns; /* inode of the user namespace that owns it; 0 when unknown */
	unsigned int depth; /* below the caller's */
	unsigned int nprocs; /* processes whose own namespace it is */
	pid_t init; /* its PID 1 as the caller sees it; 0 when it has none */
	pid_t init_nspid[PIDBOX_MAX_NESTING + 1]; /* its PIDs at depth 0..depth; zeros
						     unless PIDBOX_PIDNS_SCAN_PIDS */
	unsigned int flags; /* enum pidbox_pidns_flags */
	char comm[64]; /* its init's name */
	char held_by[256]; /* without processes: "mount PATH" or "fd N of PID P" */
};

enum pidbox_pidns_flags {
	PIDBOX_PIDNS_HELD = 1u << 0,    /* no process left; a mount or an fd keeps it */
	PIDBOX_PIDNS_GUESSED = 1u << 1, /* parent matched through NSpid (NS_GET_PARENT refused) */
};

/* What pidbox_pidns_scan() looks at beyond every process's ns/pid link and
 * the caller's mount table. */
enum pidbox_pidns_scan_flags {
	PIDBOX_PIDNS_SCAN_FDS = 1u << 0,  /* every open fd of every process (slow) */
	PIDBOX_PIDNS_SCAN_PIDS = 1u << 1, /* fill init_nspid (reads each init's status) */
};

/* A list of PID namespaces, from pidbox_pidns_scan(). */
struct pidbox_pidnslist;

/* Every PID namespace in the caller's view: those of its processes, and
 * those without processes that a mount in the caller's mount namespace (or,
 * with PIDBOX_PIDNS_SCAN_FDS, an open fd) keeps alive.  Parents come before
 * their children, siblings by their init's PID.  Fast with thousands: one
 * ns/pid link is read per process, the rest once per namespace.  Returns
 * 0, -ENOENT when /proc is not mounted, -ENOMEM. */
int pidbox_pidns_scan(unsigned int flags, struct pidbox_pidnslist **out);

/* The number of namespaces in list, and the i-th (NULL past the end), as
 * for pidbox_proclist_at(). */
size_t pidbox_pidnslist_count(const struct pidbox_pidnslist *list);
const struct pidbox_pidns *pidbox_pidnslist_at(const struct pidbox_pidnslist *list, size_t i);

/* Frees the list. */
void pidbox_pidnslist_free(struct pidbox_pidnslist *list);

/* Opens (O_CLOEXEC) the PID namespace of the process the caller sees as
 * pid, checked through a pidfd.  Returns the fd, -ESRCH (no such process),
 * -EINVAL (pid <= 0, or a thread), -EACCES (not allowed to see it). */
int pidbox_pidns_open_pid(pid_t pid);

/* Opens (O_CLOEXEC) a PID namespace file: /proc/PID/ns/pid or a bind mount
 * of one.  Returns the fd, -ENOENT / -EACCES / ... from open(), -EINVAL
 * when the file is not a PID namespace. */
int pidbox_pidns_open_path(const char *path);

/* The inode and depth of the namespace pidns_fd refers to.  Returns 0,
 * -EXDEV when it is not the caller's namespace or below it, -EINVAL when
 * it is not a PID namespace. */
int pidbox_pidns_info(int pidns_fd, uint64_t *inode, unsigned int *depth);

/* One level of a process's PIDs: a namespace and its PID there. */
struct pidbox_pidlevel {
	uint64_t ns; /* inode of the namespace; 0 when it could not be told */
	pid_t pid;   /* the process's PID in it */
};

/* The PIDs of the process the caller sees as pid, from the caller's
 * namespace (levels[0]) down to its own (levels[depth]), each with its
 * namespace.  *guessed (when not NULL) tells whether some namespaces were
 * matched through NSpid because the kernel refused NS_GET_PARENT.
 * Returns depth + 1, -ESRCH (no such process), -EINVAL (pid <= 0, or a
 * thread), -ERANGE when max is too small. */
int pidbox_pid_levels(pid_t pid, struct pidbox_pidlevel *levels, size_t max, int *guessed);

/* The PID that the process the caller sees as pid has in namespace
 * pidns_fd: by the NS_GET_PID_IN_PIDNS ioctl (Linux 6.11), or /proc's NSpid
 * where the kernel refuses it.  Returns the PID, -ESRCH when there is no
 * such process or it is not in that namespace or below it, -EXDEV when the
 * namespace is out of the caller's view, -EINVAL when it is not a PID
 * namespace. */
pid_t pidbox_pid_to_ns(int pidns_fd, pid_t pid);

/* The PID the caller sees for the process that namespace pidns_fd calls
 * pid: by NS_GET_PID_FROM_PIDNS, or NSpid.  Returns as pidbox_pid_to_ns(),
 * -ESRCH when that namespace has no such process. */
pid_t pidbox_pid_from_ns(int pidns_fd, pid_t pid);

#ifdef __cplusplus
}
#endif

#endif
