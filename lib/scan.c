/* SPDX-License-Identifier: MIT */
/*
 * The two scans behind ps and ls: every process in the caller's view (or in
 * one namespace's subtree), and every PID namespace.  The namespace scan is
 * built for speed with thousands of namespaces: it reads each process's
 * ns/pid link only, then asks the kernel about one process per namespace.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "nstree.h"
#include "syscall.h"

struct pidbox_proclist {
	struct proc_entry *v;
	size_t n;
};

struct pidbox_pidnslist {
	struct pidbox_pidns *v;
	size_t n;
};

static int cmp_pid(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;

	return (x->p.pid > y->p.pid) - (x->p.pid < y->p.pid);
}

/* Whether e is in namespace target (at depth tdepth) or below, as the
 * kernel tells through NS_GET_PARENT, or else as the PPid chain suggests. */
static bool in_subtree(const struct proc_view *view, struct ns_table *t, struct proc_entry *v,
		       size_t n, struct proc_entry *e, uint64_t target, int tdepth)
{
	const struct proc_entry *cur = e;
	struct ns_node *node = ns_table_find(t, e->p.pidns);

	if (e->p.pidns == target)
		return true;
	if (!node || node->depth < 0) {
		int dfd = proc_open_dir(view, e->procpid), nsfd, r = -ESRCH;

		if (dfd >= 0) {
			nsfd = ns_open_at(dfd, e->p.pidns);
			if (nsfd >= 0) {
				r = ns_place(t, view, nsfd, e->p.pidns, &node);
				close(nsfd);
			}
			close(dfd);
		}
		if (r == -EXDEV || r == -ESRCH)
			return false;
		if (r < 0)
			node = NULL;
	}
	if (node) {
		while (node && node->depth > tdepth)
			node = ns_table_find(t, node->parent);
		return node && node->inode == target;
	}
	/* NS_GET_PARENT refused: a process of the namespace above it by PPid */
	for (size_t hops = 0; cur && hops < n; hops++) {
		if (cur->p.pidns == target)
			return true;
		if ((int)cur->p.depth <= tdepth)
			return false;
		cur = proc_find(v, n, cur->procppid);
	}
	return false;
}

PIDBOX_EXPORT int pidbox_proc_scan(int pidns_fd, unsigned int flags, struct pidbox_proclist **out)
{
	struct pidbox_proclist *list = NULL;
	struct ns_table t = { 0 };
	struct proc_view view;
	struct proc_entry *v = NULL;
	uint64_t target = 0;
	unsigned int tdepth = 0;
	bool by_ioctl = true, *keep = NULL;
	size_t n = 0, kept = 0;
	int r;

	r = proc_view_open(&view);
	if (r < 0)
		return r;
	if (pidns_fd >= 0) {
		r = ns_info(&view, pidns_fd, &target, &tdepth, NS_METHOD_AUTO);
		if (r < 0)
			goto out;
		/* Does the kernel translate PIDs?  Ask about ourselves. */
		by_ioctl = ns_translate(pidns_fd, NS_GET_PID_IN_PIDNS, getpid()) != -ENOTTY;
		if (!by_ioctl)
			flags |= PIDBOX_PROC_NS;
	}
	r = proc_scan_all(&view, flags, &v, &n);
	if (r < 0)
		goto out;
	if (pidns_fd >= 0 && target != view.own_ns) {
		/* decide for all first: in_subtree() searches the whole scan */
		keep = calloc(n + 1, sizeof(*keep));
		if (!keep) {
			r = -ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			if (v[i].p.depth < tdepth)
				keep[i] = false;
			else if (by_ioctl)
				keep[i] = ns_translate(pidns_fd, NS_GET_PID_IN_PIDNS, v[i].p.pid) > 0;
			else
				keep[i] = in_subtree(&view, &t, v, n, &v[i], target, (int)tdepth);
		}
		for (size_t i = 0; i < n; i++) {
			if (keep[i])
				v[kept++] = v[i];
			else
				free(v[i].p.cmdline);
		}
		n = kept;
	}
	qsort(v, n, sizeof(*v), cmp_pid);
	list = calloc(1, sizeof(*list));
	if (!list) {
		r = -ENOMEM;
		goto out;
	}
	list->v = v;
	list->n = n;
	v = NULL;
	*out = list;
out:
	free(keep);
	proc_entries_free(v, n);
	ns_table_free(&t);
	proc_view_close(&view);
	return r;
}

PIDBOX_EXPORT size_t pidbox_proclist_count(const struct pidbox_proclist *list)
{
	return list ? list->n : 0;
}

PIDBOX_EXPORT const struct pidbox_proc *pidbox_proclist_at(const struct pidbox_proclist *list,
							   size_t i)
{
	return list && i < list->n ? &list->v[i].p : NULL;
}

PIDBOX_EXPORT void pidbox_proclist_free(struct pidbox_proclist *list)
{
	if (!list)
		return;
	proc_entries_free(list->v, list->n);
	free(list);
}

/* A process and the namespace its ns/pid link names. */
struct member {
	uint64_t inode;
	pid_t procpid;
};

static int cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return (x->procpid > y->procpid) - (x->procpid < y->procpid);
}

/* Everything one namespace scan needs. */
struct ns_scan {
	struct proc_view view;
	struct ns_table t;
	struct member *m;
	size_t nm;
	bool parent_refused;    /* NS_GET_PARENT: guess parents from NSpid */
	bool translate_refused; /* NS_GET_PID_FROM_PIDNS: find inits in NSpid */
	bool want_pids;         /* the init's PID at every level: read its status */
	struct pidbox_pidns *out;
	size_t nout, capout;
	struct proc_entry *all; /* a full scan, read only when guessing */
	size_t nall;
};

/* Every process's ns/pid link: the one read per process. */
static int read_members(struct ns_scan *s)
{
	size_t cap = 0;
	struct dirent *de;
	DIR *dir;
	int fd, r = 0;

	fd = openat(s->view.procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	dir = fdopendir(fd);
	if (!dir) {
		r = neg_errno();
		close(fd);
		return r;
	}
	while ((de = readdir(dir))) {
		char *end, link[32];
		long procpid = strtol(de->d_name, &end, 10);
		uint64_t inode;

		if (*end || end == de->d_name || procpid <= 0 || procpid > INT_MAX)
			continue;
		snprintf(link, sizeof(link), "%ld/ns/pid", procpid);
		if (proc_read_nslink(s->view.procfd, link, "pid", &inode) < 0)
			continue; /* gone, or not ours to read */
		if (s->nm == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			struct member *nmv = realloc(s->m, ncap * sizeof(*nmv));

			if (!nmv) {
				r = -ENOMEM;
				break;
			}
			s->m = nmv;
			cap = ncap;
		}
		s->m[s->nm].inode = inode;
		s->m[s->nm++].procpid = (pid_t)procpid;
	}
	closedir(dir);
	if (r == 0)
		qsort(s->m, s->nm, sizeof(*s->m), cmp_member);
	return r;
}

static struct pidbox_pidns *add_out(struct ns_scan *s, uint64_t inode)
{
	struct pidbox_pidns *ns;

	if (s->nout == s->capout) {
		size_t ncap = s->capout ? s->capout * 2 : 64;
		struct pidbox_pidns *nv = realloc(s->out, ncap * sizeof(*nv));

		if (!nv)
			return NULL;
		s->out = nv;
		s->capout = ncap;
	}
	ns = &s->out[s->nout++];
	memset(ns, 0, sizeof(*ns));
	ns->inode = inode;
	return ns;
}

/* Reads the status of procpid: 0 when it is PID 1 of its namespace, and
 * (check_ns) of namespace inode. */
static int read_init(struct ns_scan *s, pid_t procpid, uint64_t inode, bool check_ns,
		     struct proc_entry *e)
{
	char name[32], buf[4096];
	uint64_t ino;
	int r;

	snprintf(name, sizeof(name), "%d/status", (int)procpid);
	r = proc_read_file(s->view.procfd, name, buf, sizeof(buf));
	if (r <= 0)
		return r ? r : -ESRCH;
	memset(e, 0, sizeof(*e));
	e->procpid = procpid;
	r = proc_parse_status(buf, (size_t)r, s->view.offset, e);
	if (r < 0)
		return r;
	if (e->p.nspid[e->p.depth] != 1)
		return -ESRCH;
	if (check_ns) {
		snprintf(name, sizeof(name), "%d/ns/pid", (int)procpid);
		r = proc_read_nslink(s->view.procfd, name, "pid", &ino);
		/* a link we may not read (the host's PID 1 may be protected) */
		if (r == -ESRCH || (r == 0 && ino != inode))
			return -ESRCH;
	}
	return 0;
}

/* The init's name from /proc/PID/comm, the cheapest file that has it. */
static void read_comm(struct ns_scan *s, pid_t procpid, char *comm, size_t size)
{
	char name[32], buf[64];
	int r;

	snprintf(name, sizeof(name), "%d/comm", (int)procpid);
	r = proc_read_file(s->view.procfd, name, buf, sizeof(buf));
	if (r > 0 && buf[r - 1] == '\n')
		buf[--r] = '\0';
	snprintf(comm, size, "%s", r > 0 ? buf : "");
}

/* The init of the namespace nsfd (inode), whose members are m[0..k). */
static void find_init(struct ns_scan *s, int nsfd, uint64_t inode, const struct member *m,
		      size_t k, struct pidbox_pidns *ns)
{
	struct proc_entry e;
	pid_t pid = -ENOTTY, procpid = 0;
	bool found = false;
	size_t i;

	if (!s->translate_refused && nsfd >= 0) {
		pid = ns_translate(nsfd, NS_GET_PID_FROM_PIDNS, 1);
		s->translate_refused = pid == -ENOTTY;
	}
	if (pid > 0) {
		if (s->view.offset) {
			int pidfd = proc_pidfd_open(&s->view, pid, &procpid);

			if (pidfd < 0)
				return;
			close(pidfd);
		} else {
			procpid = pid;
		}
		if (s->want_pids || s->parent_refused) {
			if (read_init(s, procpid, inode, false, &e) < 0)
				return;
			memcpy(ns->init_nspid, e.p.nspid, sizeof(ns->init_nspid));
			memcpy(ns->comm, e.p.comm, sizeof(ns->comm));
			ns->depth = e.p.depth;
		} else {
			read_comm(s, procpid, ns->comm, sizeof(ns->comm));
		}
		/* Still its PID 1 after the read: what was read was the init's. */
		if (ns_translate(nsfd, NS_GET_PID_FROM_PIDNS, 1) != pid) {
			memset(ns->init_nspid, 0, sizeof(ns->init_nspid));
			ns->comm[0] = '\0';
			return;
		}
		ns->init = pid;
		return;
	}
	if (pid != -ENOTTY)
		return;
	/* Refused.  The caller's own init is its PID 1; another's is most often
	 * the lowest PID of its namespace. */
	if (inode == s->view.own_ns) {
		int pidfd = s->view.offset ? proc_pidfd_open(&s->view, 1, &procpid) : -1;

		if (!s->view.offset)
			procpid = 1;
		if (pidfd >= 0)
			close(pidfd);
		found = procpid > 0 && read_init(s, procpid, inode, true, &e) == 0;
	}
	for (i = 0; !found && i < k; i++)
		found = read_init(s, m[i].procpid, inode, true, &e) == 0;
	if (!found || (s->view.offset && !proc_in_view(&s->view, &e)))
		return;
	ns->init = e.p.pid;
	memcpy(ns->init_nspid, e.p.nspid, sizeof(ns->init_nspid));
	memcpy(ns->comm, e.p.comm, sizeof(ns->comm));
	ns->depth = e.p.depth;
}

static uint64_t owner_of(int nsfd, int procfd, pid_t procpid)
{
	uint64_t inode = 0;
	int ufd = nsfd >= 0 ? ioctl(nsfd, NS_GET_USERNS) : -1;

	if (ufd >= 0) {
		ns_fd_inode(ufd, &inode);
		close(ufd);
	} else if (procpid > 0) {
		/* refused: the user namespace of a process in it, its creator's as a rule */
		char link[32];

		snprintf(link, sizeof(link), "%d/ns/user", (int)procpid);
		proc_read_nslink(procfd, link, "user", &inode);
	}
	return inode;
}

/* The namespace whose members are m[0..k): placed, described, listed. */
static int describe(struct ns_scan *s, const struct member *m, size_t k)
{
	uint64_t inode = m[0].inode;
	struct pidbox_pidns *ns;
	struct ns_node *node = NULL;
	int nsfd = -1, r = 0;
	size_t i;

	for (i = 0; i < k && nsfd < 0; i++) {
		char link[32];
		uint64_t ino;

		snprintf(link, sizeof(link), "%d/ns/pid", (int)m[i].procpid);
		nsfd = openat(s->view.procfd, link, O_RDONLY | O_CLOEXEC);
		if (nsfd >= 0 && (ns_fd_inode(nsfd, &ino) < 0 || ino != inode)) {
			close(nsfd);
			nsfd = -1;
		}
	}
	if (nsfd < 0)
		return 0; /* every member ended meanwhile */
	if (!s->parent_refused) {
		r = ns_place(&s->t, &s->view, nsfd, inode, &node);
		if (r == -EXDEV) {
			r = 0;
			goto out;
		}
		if (r == -ENOTTY)
			s->parent_refused = true;
		else if (r < 0)
			goto out;
	}
	node = ns_table_add(&s->t, inode);
	ns = node ? add_out(s, inode) : NULL;
	if (!ns) {
		r = -ENOMEM;
		goto out;
	}
	node->nprocs = (unsigned int)k;
	ns->nprocs = (unsigned int)k;
	ns->userns = owner_of(nsfd, s->view.procfd, m[0].procpid);
	find_init(s, nsfd, inode, m, k, ns);
	if (!s->parent_refused) {
		node = ns_table_find(&s->t, inode);
		ns->parent = node->parent;
		ns->depth = (unsigned int)node->depth;
	} else if (!ns->init && ns->init_nspid[0] == 0) {
		/* no init found and nothing else tells where it is */
		s->nout--;
	}
	r = 0;
out:
	close(nsfd);
	return r;
}

/* Guessing parents: the namespace of the nearest process above by PPid. */
static int guess_parents(struct ns_scan *s)
{
	int r = proc_scan_all(&s->view, PIDBOX_PROC_NS, &s->all, &s->nall);

	if (r < 0)
		return r;
	for (size_t i = 0; i < s->nout; i++) {
		struct pidbox_pidns *ns = &s->out[i];
		struct ns_node node = { .inode = ns->inode, .depth = (int)ns->depth };
		const struct proc_entry *e = NULL;

		for (size_t j = 0; j < s->nall && !e; j++)
			if (s->all[j].p.pidns == ns->inode)
				e = &s->all[j];
		if (ns->depth == 0) {
			ns->parent = 0;
			continue;
		}
		ns->flags |= ns->depth > 1 ? PIDBOX_PIDNS_GUESSED : 0;
		ns->parent = e ? ns_guess_parent(&node, e, s->all, s->nall, s->view.own_ns) : 0;
	}
	return 0;
}

/* A namespace that no process is in, found at path (a mount) or through an
 * fd: listed, when it is in view, as held. */
static int add_held(struct ns_scan *s, int nsfd, uint64_t inode, const char *held_by)
{
	struct ns_node *node;
	struct pidbox_pidns *ns;
	uint64_t ino;
	int r;

	if (ns_table_find(&s->t, inode) && ns_table_find(&s->t, inode)->nprocs)
		return 0;
	if (ns_check_pidns(nsfd) < 0 || ns_fd_inode(nsfd, &ino) < 0 || ino != inode)
		return 0;
	r = ns_place(&s->t, &s->view, nsfd, inode, &node);
	if (r == -EXDEV || r == -ENOTTY)
		return 0;
	if (r < 0)
		return r;
	node->nprocs = 1; /* listed once */
	for (size_t i = 0; i < s->nout; i++)
		if (s->out[i].inode == inode)
			return 0;
	ns = add_out(s, inode);
	if (!ns)
		return -ENOMEM;
	node = ns_table_find(&s->t, inode);
	ns->parent = node->parent;
	ns->depth = (unsigned int)node->depth;
	ns->userns = owner_of(nsfd, -1, 0);
	ns->flags = PIDBOX_PIDNS_HELD;
	snprintf(ns->held_by, sizeof(ns->held_by), "%s", held_by);
	return 0;
}

/* Namespaces that a bind mount in the caller's mount namespace keeps. */
static int scan_mounts(struct ns_scan *s)
{
	char *buf = NULL, *line, *next, path[4096];
	size_t len;
	int r;

	r = proc_read_alloc(s->view.procfd, "self/mountinfo", &buf, &len, 16 << 20, false);
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	for (line = buf; line < buf + len; line = next) {
		char *nl = memchr(line, '\n', (size_t)(buf + len - line)), held[4200];
		uint64_t inode;
		int fd;

		next = nl ? nl + 1 : buf + len;
		if (proc_parse_mountinfo_line(line, (size_t)((nl ? nl : buf + len) - line), &inode,
					      path, sizeof(path)) != 1)
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd < 0)
			continue; /* unmounted meanwhile, or hidden below another mount */
		snprintf(held, sizeof(held), "mount %s", path);
		r = add_held(s, fd, inode, held);
		close(fd);
		if (r < 0)
			break;
	}
	free(buf);
	return r;
}

/* Namespaces that an open fd of some process keeps: every fd table read. */
static int scan_fds_of(struct ns_scan *s, pid_t procpid)
{
	char name[32];
	struct dirent *de;
	DIR *dir;
	int dfd, r = 0;

	snprintf(name, sizeof(name), "%d/fd", (int)procpid);
	dfd = openat(s->view.procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return 0; /* gone, or not ours to read */
	dir = fdopendir(dfd);
	if (!dir) {
		/* the process ended between the two */
		r = errno == ENOMEM ? -ENOMEM : 0;
		close(dfd);
		return r;
	}
	while (r == 0 && (de = readdir(dir))) {
		const struct ns_node *known;
		char held[96];
		uint64_t inode;
		int fd;

		if (de->d_name[0] == '.')
			continue;
		if (proc_read_nslink(dirfd(dir), de->d_name, "pid", &inode) < 0)
			continue;
		known = ns_table_find(&s->t, inode);
		if (known && known->nprocs)
			continue;
		fd = openat(dirfd(dir), de->d_name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd < 0)
			continue;
		snprintf(held, sizeof(held), "fd %d of PID %d", atoi(de->d_name),
			 (int)proc_callers_pid(&s->view, procpid));
		r = add_held(s, fd, inode, held);
		close(fd);
	}
	closedir(dir);
	return r;
}

static int cmp_pidns(const void *a, const void *b)
{
	const struct pidbox_pidns *x = a, *y = b;
	unsigned int kx = x->init ? (unsigned int)x->init : UINT_MAX;
	unsigned int ky = y->init ? (unsigned int)y->init : UINT_MAX;

	if (kx != ky)
		return kx < ky ? -1 : 1;
	return (x->inode > y->inode) - (x->inode < y->inode);
}

/* Parents before children, siblings by their init's PID, held ones last. */
static int order_tree(struct ns_scan *s)
{
	size_t n = s->nout, top = 0, done = 0;
	size_t *first = NULL, *next = NULL, *stack = NULL;
	struct pidbox_pidns *sorted = NULL;
	struct ns_table idx = { 0 };
	int r = -ENOMEM;

	qsort(s->out, n, sizeof(*s->out), cmp_pidns);
	first = malloc((n + 1) * sizeof(*first));
	next = malloc((n + 1) * sizeof(*next));
	stack = malloc((n + 1) * sizeof(*stack));
	sorted = malloc((n + 1) * sizeof(*sorted));
	if (!first || !next || !stack || !sorted)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct ns_node *node = ns_table_add(&idx, s->out[i].inode);

		if (!node)
			goto out;
		node->index = i;
		first[i] = SIZE_MAX;
	}
	/* children lists, each in sorted order; roots on the stack */
	for (size_t i = n; i-- > 0;) {
		const struct ns_node *p = ns_table_find(&idx, s->out[i].parent);

		if (p && p->index != i) {
			next[i] = first[p->index];
			first[p->index] = i;
		} else {
			stack[top++] = i;
		}
	}
	while (top > 0) {
		size_t i = stack[--top], kids = 0;

		sorted[done++] = s->out[i];
		for (size_t c = first[i]; c != SIZE_MAX; c = next[c])
			kids++;
		/* push the children so that the first comes out first */
		for (size_t c = first[i], k = 0; c != SIZE_MAX; c = next[c], k++)
			stack[top + kids - 1 - k] = c;
		top += kids;
	}
	/* a cycle cannot happen, but never lose an entry if one did */
	if (done == n) {
		free(s->out);
		s->out = sorted;
		sorted = NULL;
	}
	r = 0;
out:
	ns_table_free(&idx);
	free(first);
	free(next);
	free(stack);
	free(sorted);
	return r;
}

PIDBOX_EXPORT int pidbox_pidns_scan(unsigned int flags, struct pidbox_pidnslist **out)
{
	struct pidbox_pidnslist *list;
	struct ns_scan s = { 0 };
	int r;

	s.want_pids = flags & PIDBOX_PIDNS_SCAN_PIDS;
	r = proc_view_open(&s.view);
	if (r < 0)
		return r;
	r = read_members(&s);
	for (size_t i = 0, j; r == 0 && i < s.nm; i = j) {
		for (j = i; j < s.nm && s.m[j].inode == s.m[i].inode; j++)
			;
		r = describe(&s, &s.m[i], j - i);
	}
	if (r == 0 && s.parent_refused)
		r = guess_parents(&s);
	if (r == 0 && !s.parent_refused)
		r = scan_mounts(&s);
	for (size_t i = 0; r == 0 && !s.parent_refused && (flags & PIDBOX_PIDNS_SCAN_FDS) &&
			   i < s.nm;
	     i++)
		r = scan_fds_of(&s, s.m[i].procpid);
	if (r == 0)
		r = order_tree(&s);
	if (r == 0 && !(list = calloc(1, sizeof(*list))))
		r = -ENOMEM;
	if (r == 0) {
		list->v = s.out;
		list->n = s.nout;
		s.out = NULL;
		*out = list;
	}
	free(s.out);
	free(s.m);
	proc_entries_free(s.all, s.nall);
	ns_table_free(&s.t);
	proc_view_close(&s.view);
	return r;
}

PIDBOX_EXPORT size_t pidbox_pidnslist_count(const struct pidbox_pidnslist *list)
{
	return list ? list->n : 0;
}

PIDBOX_EXPORT const struct pidbox_pidns *pidbox_pidnslist_at(const struct pidbox_pidnslist *list,
							     size_t i)
{
	return list && i < list->n ? &list->v[i] : NULL;
}

PIDBOX_EXPORT void pidbox_pidnslist_free(struct pidbox_pidnslist *list)
{
	if (!list)
		return;
	free(list->v);
	free(list);
}
