/* SPDX-License-Identifier: MIT */
/* Reading /proc: the parsers (pure, fuzzed) and the readers lib/ shares. */
#ifndef PIDBOX_PROC_H
#define PIDBOX_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pidbox.h"

/*
 * Where the caller stands in the /proc it reads.  /proc may belong to an
 * ancestor of the caller's namespace (a box that shares the host's mounts):
 * its NSpid lines then start above the caller, whose own PIDs are at index
 * offset.  Everything /proc shows at index < offset, or in a sibling
 * subtree, is out of the caller's view.
 */
struct proc_view {
	int procfd;          /* /proc, O_DIRECTORY */
	unsigned int offset; /* the caller's index in NSpid lines */
	uint64_t own_ns;     /* the caller's PID namespace */
};

/* Opens /proc and finds the caller in it.  Returns 0, -ENOENT when /proc is
 * not mounted or does not show the caller, -errno. */
int proc_view_open(struct proc_view *view);
void proc_view_close(struct proc_view *view);

/* One process as a scan keeps it: the public part, and its PID and its
 * parent's as /proc numbers them. */
struct proc_entry {
	struct pidbox_proc p;
	pid_t procpid;
	pid_t procppid;
};

/*
 * Parsers of what /proc/PID files hold.  They never read past len, accept
 * no malformed input silently, and return 0 or -EPROTO (malformed).
 *
 * proc_parse_status: Name, State, PPid (raw, as /proc numbers it), Uid
 * (effective) and NSpid, shifted by offset; -ENOENT when NSpid has no
 * entry at offset (the process is above the caller), -ERANGE when deeper
 * than the kernel allows.
 */
int proc_parse_status(const char *buf, size_t len, unsigned int offset, struct proc_entry *e);

/* From /proc/PID/stat: the state, the raw parent, the start time, the name. */
int proc_parse_stat(const char *buf, size_t len, char *state, pid_t *ppid,
		    unsigned long long *start_time, char *comm, size_t comm_size);

/* "TYPE:[INODE]" as a namespace link reads. */
int proc_parse_nslink(const char *buf, size_t len, const char *type, uint64_t *inode);

/* The "Pid:" line of a pidfd's /proc/self/fdinfo/N: the PID /proc uses. */
int proc_parse_fdinfo_pid(const char *buf, size_t len, pid_t *pid);

/* A line of /proc/self/mountinfo: 1 with the namespace's inode and the
 * unescaped mount point when it is a bind mount of a PID namespace (nsfs,
 * root "pid:[N]"), 0 when it is anything else, -EPROTO when malformed. */
int proc_parse_mountinfo_line(const char *line, size_t len, uint64_t *inode, char *path,
			      size_t path_size);

/* Turns NUL-separated arguments into one line (in place); returns the length. */
size_t proc_join_cmdline(char *buf, size_t len);

/*
 * Readers.  Each returns -ESRCH when the process has ended (ENOENT, ESRCH
 * and a read of 0 bytes where there must be data all mean that).
 */

/* Reads a whole small file below dirfd into buf (NUL-terminated); returns
 * its length, -ENOBUFS when it does not fit.  Only for the files /proc makes
 * in one go (status, stat, comm, fdinfo): a short read is taken as the end. */
int proc_read_file(int dirfd, const char *name, char *buf, size_t size);

/* Reads a whole file of any size up to max (cut there) into a new buffer,
 * NUL-terminated; short_is_end as for proc_read_file (cmdline: yes;
 * mountinfo, which comes a record at a time: no). */
int proc_read_alloc(int dirfd, const char *name, char **out, size_t *len, size_t max,
		    bool short_is_end);

/* The inode of a namespace link below dirfd ("ns/pid", "PID/ns/pid"). */
int proc_read_nslink(int dirfd, const char *name, const char *type, uint64_t *inode);

/* Opens /proc/PROCPID as a directory: every later read through it fails
 * once that process has ended, even if its PID is reused. */
int proc_open_dir(const struct proc_view *view, pid_t procpid);

/* Reads the entry of the process whose directory is dirfd. */
int proc_read_entry(const struct proc_view *view, int dirfd, pid_t procpid, unsigned int flags,
		    struct proc_entry *e);

/* Opens a pidfd on the process the caller sees as pid and finds the PID
 * /proc numbers it with.  Returns the pidfd, -ESRCH, -EINVAL (a thread). */
int proc_pidfd_open(const struct proc_view *view, pid_t pid, pid_t *procpid);

/* proc_pidfd_open() then proc_open_dir(): the process held as a pidfd
 * first, its /proc directory second.  Returns 0 with both fds set, or
 * -errno with neither open. */
int proc_open_process(const struct proc_view *view, pid_t pid, int *pidfd, int *dfd,
		      pid_t *procpid);

/* True while the process held by pidfd has not been reaped: what was read
 * about its PID until now was about it. */
bool proc_pidfd_alive(int pidfd);

/* With /proc from an ancestor's namespace: whether the caller sees the
 * process e (whose PID at the caller's level is e->p.pid).  The same number
 * may belong to another process, in a namespace beside the caller's. */
bool proc_in_view(const struct proc_view *view, const struct proc_entry *e);

/* The caller's PID for the process /proc numbers procpid; 0 when it is out
 * of view or gone. */
pid_t proc_callers_pid(const struct proc_view *view, pid_t procpid);

/* Every process in the caller's view, ordered by procpid, with their
 * ppid translated to the caller's view.  Returns 0 or -errno. */
int proc_scan_all(const struct proc_view *view, unsigned int flags, struct proc_entry **out,
		  size_t *count);

/* The entry whose procpid is procpid in a sorted scan, or NULL. */
struct proc_entry *proc_find(struct proc_entry *entries, size_t count, pid_t procpid);

void proc_entries_free(struct proc_entry *entries, size_t count);

#endif
