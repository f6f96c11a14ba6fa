/* SPDX-License-Identifier: MIT */
/* The processes of one PID namespace, found in /proc and held as pidfds. */
#ifndef PIDBOX_MEMBERS_H
#define PIDBOX_MEMBERS_H

#include <stdint.h>
#include <sys/types.h>

/* Called with a pidfd (owned by the caller of fn: do not close it) of a
 * process checked to be in the namespace, and its PID.  A negative return
 * stops the walk and is returned. */
typedef int (*member_fn)(int pidfd, pid_t pid, void *arg);

/*
 * Calls fn for every process whose PID namespace has inode ns (not those of
 * namespaces nested in it).  Each PID read from /proc is opened as a pidfd at
 * once and its namespace read again while it is known alive, so a PID reused
 * meanwhile is skipped.  Returns the number of processes visited, -EXDEV when
 * /proc does not number processes as the caller's namespace does, or -errno.
 */
int members_foreach(uint64_t ns, member_fn fn, void *arg);

/* The number of processes in namespace ns, as /proc shows them (no pidfds:
 * only to tell whether a namespace still has anyone in it). */
int members_count(uint64_t ns);

#endif
