/* SPDX-License-Identifier: MIT */
/*
 * PID namespaces: where each one sits below the caller's, and PID
 * translation between them.  The kernel answers exactly through the nsfs
 * ioctls (NS_GET_PARENT since 4.9, the PID translations since 6.11); where
 * it refuses them, /proc's NSpid lines answer, by matching.  Nothing out of
 * the caller's view is ever reported: a namespace above or beside the
 * caller's is -EXDEV, and so is a PID that would come from one.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "nstree.h"
#include "syscall.h"

static size_t slot_of(uint64_t inode, size_t cap)
{
	/* inodes are dense: mix them before masking */
	return (size_t)((inode * 0x9e3779b97f4a7c15ULL) >> 17) & (cap - 1);
}

struct ns_node *ns_table_find(const struct ns_table *t, uint64_t inode)
{
	if (!t->cap || !inode)
		return NULL;
	for (size_t i = slot_of(inode, t->cap);; i = (i + 1) & (t->cap - 1)) {
		if (t->slots[i].inode == inode)
			return &t->slots[i];
		if (t->slots[i].inode == 0)
			return NULL;
	}
}

static int table_grow(struct ns_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 256;
	struct ns_node *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < t->cap; i++) {
		size_t j;

		if (!t->slots[i].inode)
			continue;
		for (j = slot_of(t->slots[i].inode, cap); slots[j].inode; j = (j + 1) & (cap - 1))
			;
		slots[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

struct ns_node *ns_table_add(struct ns_table *t, uint64_t inode)
{
	struct ns_node *node = ns_table_find(t, inode);
	size_t i;

	if (node || !inode)
		return node;
	if ((t->count + 1) * 2 > t->cap && table_grow(t) < 0)
		return NULL;
	for (i = slot_of(inode, t->cap); t->slots[i].inode; i = (i + 1) & (t->cap - 1))
		;
	node = &t->slots[i];
	memset(node, 0, sizeof(*node));
	node->inode = inode;
	node->depth = -1;
	t->count++;
	return node;
}

void ns_table_free(struct ns_table *t)
{
	free(t->slots);
	t->slots = NULL;
	t->cap = t->count = 0;
}

bool ns_ioctl_refused(int err)
{
	if (err < 0)
		err = -err;
	return err == ENOTTY || err == ENOSYS || err == EINVAL || err == EOPNOTSUPP;
}

int ns_fd_inode(int fd, uint64_t *inode)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return neg_errno();
	*inode = (uint64_t)st.st_ino;
	return 0;
}

/* NS_GET_PARENT's failure: EPERM means the parent is neither the caller's
 * namespace nor below it. */
static int parent_errno(void)
{
	if (errno == EPERM)
		return -EXDEV;
	return ns_ioctl_refused(errno) ? -ENOTTY : neg_errno();
}

int ns_check_pidns(int fd)
{
	int type = ioctl(fd, NS_GET_NSTYPE);

	if (type < 0)
		return errno == ENOTTY || errno == EINVAL ? -EINVAL : neg_errno();
	return type == CLONE_NEWPID ? 0 : -EINVAL;
}

int ns_place(struct ns_table *t, const struct proc_view *view, int nsfd, uint64_t inode,
	     struct ns_node **out)
{
	uint64_t chain[PIDBOX_MAX_NESTING + 2];
	int fds[PIDBOX_MAX_NESTING + 2];
	size_t len = 0, nfds = 0;
	uint64_t cur = inode;
	int cur_fd = nsfd, r = 0;
	struct ns_node *node, *base;

	/* Climb until a namespace whose place is known, or the caller's. */
	for (;;) {
		node = ns_table_find(t, cur);
		if (node && (node->depth >= 0 || node->out_of_view))
			break;
		if (cur == view->own_ns) {
			node = ns_table_add(t, cur);
			if (!node) {
				r = -ENOMEM;
				goto out;
			}
			node->depth = 0;
			node->parent = 0;
			break;
		}
		if (len == PIDBOX_MAX_NESTING + 1) {
			r = -EXDEV; /* deeper than the kernel allows below us: not below us */
			goto out;
		}
		chain[len++] = cur;
		cur_fd = ioctl(cur_fd, NS_GET_PARENT);
		if (cur_fd < 0) {
			/* EPERM: the parent is neither ours nor below it */
			r = parent_errno();
			if (r != -EXDEV)
				goto out;
			node = ns_table_add(t, chain[len - 1]);
			if (!node) {
				r = -ENOMEM;
				goto out;
			}
			node->out_of_view = true;
			len--;
			break;
		}
		fds[nfds++] = cur_fd;
		r = ns_fd_inode(cur_fd, &cur);
		if (r < 0)
			goto out;
	}
	/* Down again: each one below the one above it. */
	base = node;
	while (len > 0) {
		bool oov = base->out_of_view;
		uint64_t parent = base->inode;
		int depth = base->depth + 1;

		node = ns_table_add(t, chain[--len]);
		if (!node) {
			r = -ENOMEM;
			goto out;
		}
		node->out_of_view = oov;
		if (!oov) {
			node->parent = parent;
			node->depth = depth;
		}
		base = node;
	}
	node = ns_table_find(t, inode);
	r = node->out_of_view ? -EXDEV : 0;
	*out = node;
out:
	while (nfds > 0)
		close(fds[--nfds]);
	return r;
}

/* A process in the caller's view whose namespace is inode: its entry. */
static int find_member(const struct proc_view *view, uint64_t inode, struct proc_entry *e)
{
	struct dirent *de;
	DIR *dir;
	int fd, r = -ENODATA;

	fd = openat(view->procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	dir = fdopendir(fd);
	if (!dir) {
		r = neg_errno();
		close(fd);
		return r;
	}
	while (r == -ENODATA && (de = readdir(dir))) {
		char *end, link[64];
		long procpid = strtol(de->d_name, &end, 10);
		uint64_t ino;
		int dfd;

		if (*end || end == de->d_name || procpid <= 0 || procpid > INT_MAX)
			continue;
		snprintf(link, sizeof(link), "%ld/ns/pid", procpid);
		if (proc_read_nslink(view->procfd, link, "pid", &ino) < 0 || ino != inode)
			continue;
		dfd = proc_open_dir(view, (pid_t)procpid);
		if (dfd < 0)
			continue;
		if (proc_read_entry(view, dfd, (pid_t)procpid, PIDBOX_PROC_NS, e) == 0 &&
		    e->p.pidns == inode)
			r = 0;
		close(dfd);
	}
	closedir(dir);
	return r;
}

int ns_info(const struct proc_view *view, int nsfd, uint64_t *inode, unsigned int *depth,
	    enum ns_method method)
{
	struct ns_table t = { 0 };
	struct ns_node *node;
	struct proc_entry e;
	int r;

	r = ns_check_pidns(nsfd);
	if (r < 0)
		return r;
	r = ns_fd_inode(nsfd, inode);
	if (r < 0)
		return r;
	if (*inode == view->own_ns) {
		*depth = 0;
		return 0;
	}
	if (method != NS_METHOD_PROC) {
		r = ns_place(&t, view, nsfd, *inode, &node);
		if (r == 0)
			*depth = (unsigned int)node->depth;
		ns_table_free(&t);
		if (r != -ENOTTY || method == NS_METHOD_IOCTL)
			return r;
	}
	/* Without NS_GET_PARENT: the depth of a process in it; a namespace none
	 * of the caller's processes is in is out of view, or held, unknowable. */
	r = find_member(view, *inode, &e);
	if (r < 0)
		return r;
	*depth = e.p.depth;
	return 0;
}

int ns_open_at(int dfd, uint64_t inode)
{
	uint64_t ino;
	int fd = openat(dfd, "ns/pid", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? -ESRCH : neg_errno();
	if (ns_fd_inode(fd, &ino) < 0 || ino != inode) {
		close(fd);
		return -ESRCH;
	}
	return fd;
}

/* The chain by NS_GET_PARENT from the namespace nsfd, at depth d. */
static int chain_by_ioctl(const struct proc_view *view, int nsfd, unsigned int d, uint64_t *inodes)
{
	int fd = nsfd, r = 0;

	r = ns_fd_inode(nsfd, &inodes[d]);
	while (r == 0 && d > 0) {
		int pfd = ioctl(fd, NS_GET_PARENT);

		if (pfd < 0) {
			r = parent_errno();
			break;
		}
		if (fd != nsfd)
			close(fd);
		fd = pfd;
		r = ns_fd_inode(fd, &inodes[--d]);
	}
	if (fd != nsfd)
		close(fd);
	if (r == 0 && inodes[0] != view->own_ns)
		r = -EXDEV;
	return r;
}

/* The chain by matching: each level's namespace is that of the nearest
 * ancestor process at that depth (exact at depth 0 and at the process's). */
static void chain_by_proc(const struct proc_view *view, const struct proc_entry *e,
			  uint64_t *inodes)
{
	unsigned int want = e->p.depth;
	pid_t procppid = e->procppid;

	inodes[0] = view->own_ns;
	inodes[want] = e->p.pidns;
	for (unsigned int j = 1; j < want; j++)
		inodes[j] = 0;
	for (int hops = 0; procppid > 0 && want > 1 && hops < 4096; hops++) {
		struct proc_entry a;
		int dfd = proc_open_dir(view, procppid), r;

		if (dfd < 0)
			break;
		r = proc_read_entry(view, dfd, procppid, PIDBOX_PROC_NS, &a);
		close(dfd);
		if (r < 0)
			break;
		if (a.p.depth < want && a.p.depth > 0) {
			want = a.p.depth;
			inodes[want] = a.p.pidns;
		}
		if (a.p.depth == 0)
			break;
		procppid = a.procppid;
	}
}

int ns_chain(const struct proc_view *view, pid_t pid, uint64_t *inodes, size_t max,
	     int *guessed, enum ns_method method, struct proc_entry *entry)
{
	struct proc_entry e;
	int pidfd, dfd = -1, nsfd = -1, r;
	pid_t procpid;

	*guessed = 0;
	pidfd = proc_pidfd_open(view, pid, &procpid);
	if (pidfd < 0)
		return pidfd;
	dfd = proc_open_dir(view, procpid);
	if (dfd < 0) {
		r = dfd;
		goto out;
	}
	r = proc_read_entry(view, dfd, procpid, PIDBOX_PROC_NS, &e);
	if (r == -ENOENT)
		r = -ESRCH;
	if (r < 0)
		goto out;
	if (e.p.depth + 1 > max) {
		r = -ERANGE;
		goto out;
	}
	r = -ENOTTY;
	if (!e.p.pidns) {
		/* another user's process: its PIDs, but not its namespaces */
		for (unsigned int j = 1; j <= e.p.depth; j++)
			inodes[j] = 0;
		inodes[0] = view->own_ns;
		r = 0;
	} else if (method != NS_METHOD_PROC) {
		nsfd = ns_open_at(dfd, e.p.pidns);
		r = nsfd < 0 ? nsfd : chain_by_ioctl(view, nsfd, e.p.depth, inodes);
		if (r < 0 && (r != -ENOTTY || method == NS_METHOD_IOCTL))
			goto out;
	}
	if (r == -ENOTTY) {
		chain_by_proc(view, &e, inodes);
		*guessed = e.p.depth > 1;
	}
	r = proc_pidfd_alive(pidfd) ? (int)e.p.depth + 1 : -ESRCH;
	if (r > 0 && entry)
		*entry = e;
out:
	if (nsfd >= 0)
		close(nsfd);
	if (dfd >= 0)
		close(dfd);
	close(pidfd);
	return r;
}

pid_t ns_translate(int nsfd, unsigned long request, pid_t pid)
{
	int r = ioctl(nsfd, request, (unsigned long)pid);

	if (r > 0)
		return r;
	if (r == 0 || errno == ESRCH)
		return -ESRCH;
	return ns_ioctl_refused(errno) ? -ENOTTY : neg_errno();
}

/* Where translation falls back to NSpid, the place of the namespace is
 * still asked of NS_GET_PARENT first. */
static enum ns_method place_method(enum ns_method method)
{
	return method == NS_METHOD_IOCTL ? method : NS_METHOD_AUTO;
}

pid_t ns_pid_to_ns(const struct proc_view *view, int nsfd, pid_t pid, enum ns_method method)
{
	uint64_t inode, chain[PIDBOX_MAX_NESTING + 1];
	struct proc_entry e;
	unsigned int depth;
	int r, guessed;

	if (pid <= 0)
		return -ESRCH;
	r = ns_info(view, nsfd, &inode, &depth, place_method(method));
	if (r < 0)
		return r;
	if (method != NS_METHOD_PROC) {
		r = ns_translate(nsfd, NS_GET_PID_IN_PIDNS, pid);
		if (r != -ENOTTY || method == NS_METHOD_IOCTL)
			return r;
	}
	/* NSpid: the process's PID at the namespace's depth, if that level of
	 * its chain is the namespace. */
	r = ns_chain(view, pid, chain, PIDBOX_MAX_NESTING + 1, &guessed, NS_METHOD_AUTO, &e);
	if (r < 0)
		return r;
	if ((unsigned int)r <= depth || chain[depth] != inode)
		return -ESRCH;
	return e.p.nspid[depth];
}

pid_t ns_pid_from_ns(const struct proc_view *view, int nsfd, pid_t pid, enum ns_method method)
{
	uint64_t inode, chain[PIDBOX_MAX_NESTING + 1];
	struct proc_entry *v = NULL;
	unsigned int depth;
	size_t n = 0;
	int r, guessed;

	if (pid <= 0)
		return -ESRCH;
	r = ns_info(view, nsfd, &inode, &depth, place_method(method));
	if (r < 0)
		return r;
	if (method != NS_METHOD_PROC) {
		r = ns_translate(nsfd, NS_GET_PID_FROM_PIDNS, pid);
		if (r != -ENOTTY || method == NS_METHOD_IOCTL)
			return r;
	}
	/* NSpid: the process whose PID at that depth is pid, in that namespace
	 * (each namespace at the depth may have its own). */
	r = proc_scan_all(view, 0, &v, &n);
	if (r < 0)
		return r;
	r = -ESRCH;
	for (size_t i = 0; i < n && r == -ESRCH; i++) {
		if (v[i].p.depth < depth || v[i].p.nspid[depth] != pid)
			continue;
		if (ns_chain(view, v[i].p.pid, chain, PIDBOX_MAX_NESTING + 1, &guessed,
			     NS_METHOD_AUTO, NULL) > (int)depth &&
		    chain[depth] == inode)
			r = v[i].p.pid;
	}
	proc_entries_free(v, n);
	return r;
}

uint64_t ns_guess_parent(const struct ns_node *node, const struct proc_entry *member,
			 struct proc_entry *entries, size_t count, uint64_t own_ns)
{
	const struct proc_entry *cur = member;

	if (node->depth == 1)
		return own_ns;
	for (size_t hops = 0; cur && hops < count; hops++) {
		cur = proc_find(entries, count, cur->procppid);
		if (!cur || (int)cur->p.depth < node->depth - 1)
			return 0;
		if ((int)cur->p.depth == node->depth - 1)
			return cur->p.pidns;
	}
	return 0;
}

PIDBOX_EXPORT int pidbox_pidns_open_pid(pid_t pid)
{
	struct proc_view view;
	int pidfd = -1, dfd = -1, r;
	pid_t procpid;

	if (pid <= 0)
		return -EINVAL;
	r = proc_view_open(&view);
	if (r < 0)
		return r;
	r = proc_open_process(&view, pid, &pidfd, &dfd, &procpid);
	if (r < 0)
		goto out;
	r = openat(dfd, "ns/pid", O_RDONLY | O_CLOEXEC);
	if (r < 0) {
		r = errno == ENOENT ? -ESRCH : neg_errno();
		goto out;
	}
	/* Not reaped meanwhile: the namespace is that process's. */
	if (!proc_pidfd_alive(pidfd)) {
		close(r);
		r = -ESRCH;
	}
out:
	if (dfd >= 0)
		close(dfd);
	if (pidfd >= 0)
		close(pidfd);
	proc_view_close(&view);
	return r;
}

PIDBOX_EXPORT int pidbox_pidns_open_path(const char *path)
{
	/* O_NONBLOCK and O_NOCTTY: the path may name a FIFO or a terminal */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), r;

	if (fd < 0)
		return neg_errno();
	r = ns_check_pidns(fd);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

PIDBOX_EXPORT int pidbox_pidns_info(int pidns_fd, uint64_t *inode, unsigned int *depth)
{
	struct proc_view view;
	int r = proc_view_open(&view);

	if (r < 0)
		return r;
	r = ns_info(&view, pidns_fd, inode, depth, NS_METHOD_AUTO);
	proc_view_close(&view);
	return r;
}

PIDBOX_EXPORT int pidbox_pid_levels(pid_t pid, struct pidbox_pidlevel *levels, size_t max,
				  int *guessed)
{
	uint64_t inodes[PIDBOX_MAX_NESTING + 1];
	struct proc_entry e;
	struct proc_view view;
	int r, g = 0;

	if (pid <= 0)
		return -EINVAL;
	r = proc_view_open(&view);
	if (r < 0)
		return r;
	r = ns_chain(&view, pid, inodes, PIDBOX_MAX_NESTING + 1, &g, NS_METHOD_AUTO, &e);
	if (r > 0 && (size_t)r > max)
		r = -ERANGE;
	for (int i = 0; i < r; i++) {
		levels[i].ns = inodes[i];
		levels[i].pid = e.p.nspid[i];
	}
	if (guessed)
		*guessed = g;
	proc_view_close(&view);
	return r;
}

PIDBOX_EXPORT pid_t pidbox_pid_to_ns(int pidns_fd, pid_t pid)
{
	struct proc_view view;
	int r = proc_view_open(&view);

	if (r < 0)
		return r;
	r = ns_pid_to_ns(&view, pidns_fd, pid, NS_METHOD_AUTO);
	proc_view_close(&view);
	return r;
}

PIDBOX_EXPORT pid_t pidbox_pid_from_ns(int pidns_fd, pid_t pid)
{
	struct proc_view view;
	int r = proc_view_open(&view);

	if (r < 0)
		return r;
	r = ns_pid_from_ns(&view, pidns_fd, pid, NS_METHOD_AUTO);
	proc_view_close(&view);
	return r;
}
