/* SPDX-License-Identifier: MIT */
/*
 * The state directory: one record per named box or pod (NAME.box), the log
 * of a detached box (NAME.log), and NAME.tmp while a record is rewritten.
 * Every change happens under an flock of the directory; readers need no
 * lock because records are replaced by rename().
 */
#ifndef PIDBOX_STATE_H
#define PIDBOX_STATE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ident.h"
#include "internal.h"

#define RECORD_MAX 1024
#define RECORD_TOKEN_LEN 32

enum record_kind { RECORD_BOX, RECORD_POD };
enum record_state { RECORD_STARTING, RECORD_RUNNING };

struct box_record {
	char name[PIDBOX_NAME_MAX + 1];
	char token[RECORD_TOKEN_LEN + 1]; /* tells this record from a later one of the name */
	enum record_kind kind;
	enum record_state state;
	uint64_t ns;          /* the PID namespace that numbers the PIDs below */
	pid_t owner;          /* who removes the record: pidbox run or the supervisor */
	uint64_t owner_start; /* its start time, as field 22 of /proc/PID/stat */
	pid_t pid;            /* the init (or the pod's holder), once RECORD_RUNNING */
	struct proc_ident init;
	bool pid1_command;    /* PID 1 is the command itself (--as-pid-1) */
	bool log;             /* NAME.log holds the command's output */
};

/* Writes rec as text into buf; returns its length, or -ENOSPC. */
int record_format(const struct box_record *rec, char *buf, size_t size);

/* Parses a record: 0; -EPROTO for another format version; -EBADMSG when
 * malformed (never trusted, and removed by whoever takes the name). */
int record_parse(const char *buf, size_t len, struct box_record *rec);

struct state_dir {
	int fd;
	uint64_t ns; /* the caller's PID namespace */
	char path[PATH_MAX];
};

/* Opens the state directory (path NULL: the default), creating it when
 * create is set.  -ENOENT when it does not exist, -ENXIO when the caller is
 * not root and XDG_RUNTIME_DIR is not set. */
int state_dir_open(struct state_dir *sd, const char *path, bool create);
void state_dir_close(struct state_dir *sd);

/* Reads NAME's record: 0, -ENOENT, or record_parse()'s errors. */
int record_read(const struct state_dir *sd, const char *name, struct box_record *rec);

/*
 * Decides whether a record can be trusted.  0: the box runs, and *pidfd (when
 * pidfd is not NULL) holds its verified init, *proc_pid its PID in /proc;
 * -EAGAIN: it is being started by a live process; -EREMOTE: recorded in
 * another PID namespace that still has processes; -ESRCH: stale (its init or
 * its starter is gone, or the PID now belongs to another process).
 */
int record_judge(const struct state_dir *sd, const struct box_record *rec, int *pidfd,
		 pid_t *proc_pid);

/* Removes NAME's record, log and temporary file, if the record still
 * carries token.  Returns 0 (also when another record has the name now). */
int record_forget(const struct state_dir *sd, const char *name, const char *token);

/* Removes NAME's files if its record is still malformed; returns -ESRCH,
 * as for a stale record. */
int record_forget_broken(const struct state_dir *sd, const char *name);

/* Takes a record file's flock without waiting: the fd, or -EALREADY when
 * someone holds it (a pidbox stop at work), -ESRCH when the record is no
 * longer the one with token. */
int record_lock(const struct state_dir *sd, const struct box_record *rec);

/* The names of every record, sorted; free with pidbox_names_free(). */
int state_list(const struct state_dir *sd, char ***names, size_t *count);

/* A box's name while it runs, owned by its struct pidbox_box. */
struct box_name {
	struct state_dir sd;
	struct box_record rec;
	int logfd;          /* the log, open for writing, until handed on */
	bool reserved_here; /* this process reserved it, so it removes it on failure */
	bool committed;
};

/* Reserves cfg->name, and with with_log creates its log: -EEXIST when the
 * name is taken by a box that runs (or is being started). */
int box_name_reserve(const struct pidbox_config *cfg, bool with_log, struct box_name **out);

/* Records the started box under the reserved name, with the caller as the
 * owner who removes it.  -ESTALE when the reservation vanished. */
int box_name_commit(struct box_name *bn, const struct pidbox_box *box);

/* Removes the record (and log) if it is still this one. */
void box_name_release(struct box_name *bn);
void box_name_free(struct box_name *bn);

#endif
