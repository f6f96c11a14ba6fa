/* SPDX-License-Identifier: MIT */
/*
 * Who a process is, beyond its PID: what a record keeps so that a PID reused
 * by another process is never taken for the one recorded.
 */
#ifndef PIDBOX_IDENT_H
#define PIDBOX_IDENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct proc_ident {
	uint64_t start; /* field 22 of /proc/PID/stat: clock ticks after boot */
	uint64_t pidns; /* inode of its PID namespace */
	uint64_t pidfs; /* inode of its pidfd on pidfs (Linux 6.9+), 0 when unknown */
};

/* The start time (field 22) in a /proc/PID/stat text, or -EPROTO. */
int ident_parse_stat_start(const char *stat, uint64_t *start);

/* True once the process of a pidfd has exited (it may still be a zombie). */
bool pidfd_exited(int pidfd);

/* The PID, as this mount's /proc numbers it, of the process held by pidfd:
 * > 0; -ESRCH once it has exited; -EXDEV when /proc cannot show it. */
pid_t ident_proc_pid(int pidfd);

/* Reads the identity of the process held by pidfd, and *proc_pid (may be
 * NULL) its PID in /proc.  Returns 0, or -ESRCH when it exited meanwhile. */
int ident_read(int pidfd, struct proc_ident *id, pid_t *proc_pid);

/* True when the identity read now is the one recorded: same start time and
 * PID namespace, and the same pidfs inode when both are known. */
bool ident_matches(const struct proc_ident *now, const struct proc_ident *recorded);

/*
 * Opens pid (numbered in the caller's PID namespace) as a pidfd and checks
 * that it is the process recorded.  Returns the pidfd, or -ESRCH when no
 * process has that PID or another one holds it now.
 */
int ident_open_verified(pid_t pid, const struct proc_ident *recorded, pid_t *proc_pid);

/* The inode of the namespace /proc/PID/ns/NAME ("self" for PID 0). */
int ident_ns_inode(pid_t proc_pid, const char *name, uint64_t *ino);

/* 0 when /proc numbers processes as the caller's PID namespace does, so
 * that a PID read there can be passed to pidfd_open(); else -EXDEV. */
int ident_proc_is_ours(void);

#endif
