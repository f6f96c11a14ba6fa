/* SPDX-License-Identifier: MIT */
/* PID-namespace hierarchy and PID translation, shared inside lib/. */
#ifndef PIDBOX_NSTREE_H
#define PIDBOX_NSTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proc.h"

/*
 * How to learn what the kernel knows.  AUTO asks the nsfs ioctls
 * (NS_GET_PARENT, and the PID translations of Linux 6.11) and reads /proc's
 * NSpid where they are refused; IOCTL asks only the ioctls (-ENOTTY when
 * refused); PROC reads only /proc.  The unit tests compare the two.
 */
enum ns_method {
	NS_METHOD_AUTO = 0,
	NS_METHOD_IOCTL,
	NS_METHOD_PROC,
};

/* A namespace as a scan learns it. */
struct ns_node {
	uint64_t inode;
	uint64_t parent;  /* 0: the caller's own, or not known */
	int depth;        /* below the caller's; -1 until known */
	bool out_of_view; /* neither the caller's namespace nor below it */
	bool guessed;     /* parent matched through NSpid */
	unsigned int nprocs;
	pid_t member;     /* the lowest procpid whose namespace it is, 0 for none */
	size_t index;     /* free for the scan's use */
};

/* Namespaces by inode: an open-addressed hash table. */
struct ns_table {
	struct ns_node *slots;
	size_t cap, count;
};

struct ns_node *ns_table_find(const struct ns_table *t, uint64_t inode);

/* The node of inode, added (depth -1) if new; NULL when out of memory.
 * Adding may move every node: pointers from before are stale. */
struct ns_node *ns_table_add(struct ns_table *t, uint64_t inode);
void ns_table_free(struct ns_table *t);

/* Whether an ioctl's errno means "refused" (an older kernel, a seccomp
 * filter) rather than an answer. */
bool ns_ioctl_refused(int err);

/* The inode of the namespace fd refers to. */
int ns_fd_inode(int fd, uint64_t *inode);

/* 0 when fd is a PID namespace, -EINVAL when it is anything else. */
int ns_check_pidns(int fd);

/* Opens "ns/pid" below dfd (a /proc/PID directory), checking that it is the
 * namespace whose inode was read before: -ESRCH when not (the process ended). */
int ns_open_at(int dfd, uint64_t inode);

/* One nsfs PID-translation ioctl: the PID, -ESRCH when there is no such
 * process on the other side, -ENOTTY when refused, -errno. */
pid_t ns_translate(int nsfd, unsigned long request, pid_t pid);

/* Places the namespace nsfd refers to in t: its parent and depth, climbing
 * NS_GET_PARENT to the caller's namespace.  Returns 0 with *out set,
 * -EXDEV when it is out of the caller's view, -ENOTTY when the kernel
 * refuses NS_GET_PARENT, -ENOMEM. */
int ns_place(struct ns_table *t, const struct proc_view *view, int nsfd, uint64_t inode,
	     struct ns_node **out);

/* The inode and depth of nsfd's namespace; -EXDEV out of view, -EINVAL not
 * a PID namespace, -ENODATA when nothing tells its depth (PROC method, no
 * process in it). */
int ns_info(const struct proc_view *view, int nsfd, uint64_t *inode, unsigned int *depth,
	    enum ns_method method);

/* The namespaces of process pid from the caller's (0) to its own (depth);
 * 0 where not known; and its entry (when entry is not NULL).  Returns
 * depth + 1 or -errno. */
int ns_chain(const struct proc_view *view, pid_t pid, uint64_t *inodes, size_t max,
	     int *guessed, enum ns_method method, struct proc_entry *entry);

/* As pidbox_pid_to_ns() and pidbox_pid_from_ns(), by one method of PID
 * translation (the place of nsfd is learnt as AUTO does, unless IOCTL). */
pid_t ns_pid_to_ns(const struct proc_view *view, int nsfd, pid_t pid, enum ns_method method);
pid_t ns_pid_from_ns(const struct proc_view *view, int nsfd, pid_t pid, enum ns_method method);

/*
 * For scans where NS_GET_PARENT is refused: the parent of namespace node,
 * at depth d, is taken as the namespace of the nearest ancestor process (by
 * PPid) of one of its members that is at depth d - 1.  Exact for depth 1.
 * entries must be sorted by procpid and carry their pidns.
 */
uint64_t ns_guess_parent(const struct ns_node *node, const struct proc_entry *member,
			 struct proc_entry *entries, size_t count, uint64_t own_ns);

#endif
