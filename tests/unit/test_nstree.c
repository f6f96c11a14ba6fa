/* SPDX-License-Identifier: MIT */
/*
 * The namespace tree and PID translation, by both methods: the nsfs ioctls
 * and /proc's NSpid.  Each test builds a chain of three nested namespaces
 * (and one beside it) and checks both methods against what NSpid and the
 * ns/pid links say, and against each other.
 */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "nstree.h"
#include "syscall.h"

struct farm {
	pid_t init[4];  /* init[1..3]: PID 1 of each level, as we see them */
	pid_t sibling;  /* PID 1 of a namespace beside level 1 */
	uint64_t ns[4]; /* ns[0]: ours; ns[k]: level k's */
	uint64_t sibling_ns;
};

static pid_t fork_newpid(void)
{
	return (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
}

static void __attribute__((noreturn)) level(int left, int wfd)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (left > 0) {
		pid_t c = fork_newpid();

		if (c < 0)
			_exit(1);
		if (c == 0)
			level(left - 1, wfd);
	} else if (write(wfd, "x", 1) != 1) {
		_exit(1);
	}
	close(wfd);
	for (;;)
		pause();
}

static uint64_t ns_of(pid_t pid)
{
	char path[64], buf[64];
	uint64_t ino = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
	n = readlink(path, buf, sizeof(buf));
	if (n > 0)
		proc_parse_nslink(buf, (size_t)n, "pid", &ino);
	return ino;
}

/* The child of parent, found by its PPid. */
static pid_t child_of(pid_t parent)
{
	struct pidbox_proclist *list;
	pid_t found = 0;

	if (pidbox_proc_scan(-1, 0, &list) < 0)
		return 0;
	for (size_t i = 0; i < pidbox_proclist_count(list); i++)
		if (pidbox_proclist_at(list, i)->ppid == parent)
			found = pidbox_proclist_at(list, i)->pid;
	pidbox_proclist_free(list);
	return found;
}

static void farm_start(struct farm *f)
{
	int p[2];
	char c;

	memset(f, 0, sizeof(*f));
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	f->init[1] = fork_newpid();
	if (f->init[1] < 0 && errno == EPERM)
		SKIP("needs root (CLONE_NEWPID)");
	CHECK(f->init[1] >= 0);
	if (f->init[1] == 0) {
		close(p[0]);
		level(2, p[1]);
	}
	f->sibling = fork_newpid();
	CHECK(f->sibling >= 0);
	if (f->sibling == 0) {
		close(p[0]);
		level(0, p[1]);
	}
	close(p[1]);
	CHECK(read(p[0], &c, 1) == 1 && read(p[0], &c, 1) == 1);
	close(p[0]);
	f->init[2] = child_of(f->init[1]);
	f->init[3] = child_of(f->init[2]);
	CHECK(f->init[2] > 0 && f->init[3] > 0);
	f->ns[0] = ns_of(getpid());
	for (int k = 1; k <= 3; k++)
		f->ns[k] = ns_of(f->init[k]);
	f->sibling_ns = ns_of(f->sibling);
	CHECK(f->ns[1] && f->ns[2] && f->ns[3] && f->sibling_ns);
}

static void farm_stop(struct farm *f)
{
	kill(f->init[1], SIGKILL);
	kill(f->sibling, SIGKILL);
	waitpid(f->init[1], NULL, 0);
	waitpid(f->sibling, NULL, 0);
}

static int open_ns(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* An ioctl method may be missing from the kernel (PID translation came in
 * 6.11): then it says -ENOTTY, and only the /proc method is checked. */
#define CHECK_BOTH(call_ioctl, call_proc, expected)                                   \
	do {                                                                          \
		long by_ioctl_ = (long)(call_ioctl), by_proc_ = (long)(call_proc);    \
		if (by_ioctl_ != -ENOTTY)                                             \
			CHECK_EQ(by_ioctl_, (expected));                              \
		CHECK_EQ(by_proc_, (expected));                                       \
	} while (0)

TEST(table_holds_many)
{
	struct ns_table t = { 0 };

	for (uint64_t i = 1; i <= 5000; i++)
		CHECK(ns_table_add(&t, 4026531000ULL + i * 7) != NULL);
	CHECK_EQ(t.count, 5000);
	for (uint64_t i = 1; i <= 5000; i++)
		CHECK(ns_table_find(&t, 4026531000ULL + i * 7)->depth == -1);
	CHECK(ns_table_find(&t, 4026531001ULL) == NULL);
	CHECK(ns_table_add(&t, 0) == NULL);
	ns_table_free(&t);
}

TEST(chain_by_ioctl_and_by_nspid)
{
	uint64_t a[PIDBOX_MAX_NESTING + 1], b[PIDBOX_MAX_NESTING + 1];
	struct proc_view view;
	struct farm f;
	int g1, g2;

	farm_start(&f);
	CHECK_OK(proc_view_open(&view));
	CHECK_EQ(ns_chain(&view, f.init[3], a, 33, &g1, NS_METHOD_IOCTL, NULL), 4);
	CHECK_EQ(ns_chain(&view, f.init[3], b, 33, &g2, NS_METHOD_PROC, NULL), 4);
	for (int k = 0; k <= 3; k++) {
		CHECK(a[k] == f.ns[k]);
		CHECK(b[k] == f.ns[k]);
	}
	CHECK_EQ(g1, 0);
	CHECK_EQ(g2, 1); /* levels 1 and 2 were matched, not asked */
	CHECK_EQ(ns_chain(&view, f.init[3], a, 2, &g1, NS_METHOD_AUTO, NULL), -ERANGE);
	proc_view_close(&view);
	farm_stop(&f);
}

TEST(depth_by_ioctl_and_by_nspid)
{
	struct proc_view view;
	unsigned int d1, d2;
	uint64_t i1, i2;
	struct farm f;

	farm_start(&f);
	CHECK_OK(proc_view_open(&view));
	for (int k = 1; k <= 3; k++) {
		int fd = open_ns(f.init[k]);

		CHECK(fd >= 0);
		CHECK_OK(ns_info(&view, fd, &i1, &d1, NS_METHOD_IOCTL));
		CHECK_OK(ns_info(&view, fd, &i2, &d2, NS_METHOD_PROC));
		CHECK_EQ(d1, k);
		CHECK_EQ(d2, k);
		CHECK(i1 == f.ns[k] && i2 == f.ns[k]);
		close(fd);
	}
	proc_view_close(&view);
	farm_stop(&f);
}

TEST(translation_by_ioctl_and_by_nspid)
{
	struct proc_view view;
	struct pidbox_proc p;
	int fds[4], sib;
	struct farm f;

	farm_start(&f);
	CHECK_OK(proc_view_open(&view));
	CHECK_OK(pidbox_proc_read(f.init[3], 0, &p));
	CHECK_EQ(p.depth, 3);
	fds[0] = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	for (int k = 1; k <= 3; k++)
		fds[k] = open_ns(f.init[k]);
	sib = open_ns(f.sibling);
	for (int k = 0; k <= 3; k++) {
		pid_t pid = f.init[3];

		CHECK(fds[k] >= 0);
		CHECK_BOTH(ns_pid_to_ns(&view, fds[k], pid, NS_METHOD_IOCTL),
			   ns_pid_to_ns(&view, fds[k], pid, NS_METHOD_PROC), p.nspid[k]);
		CHECK_BOTH(ns_pid_from_ns(&view, fds[k], p.nspid[k], NS_METHOD_IOCTL),
			   ns_pid_from_ns(&view, fds[k], p.nspid[k], NS_METHOD_PROC), pid);
	}
	/* not visible on the other side */
	CHECK_BOTH(ns_pid_to_ns(&view, sib, f.init[3], NS_METHOD_IOCTL),
		   ns_pid_to_ns(&view, sib, f.init[3], NS_METHOD_PROC), -ESRCH);
	CHECK_BOTH(ns_pid_to_ns(&view, fds[2], f.init[1], NS_METHOD_IOCTL),
		   ns_pid_to_ns(&view, fds[2], f.init[1], NS_METHOD_PROC), -ESRCH);
	CHECK_BOTH(ns_pid_from_ns(&view, fds[3], 999, NS_METHOD_IOCTL),
		   ns_pid_from_ns(&view, fds[3], 999, NS_METHOD_PROC), -ESRCH);
	/* PID 1 of the sibling is not PID 1 of level 1 */
	CHECK_BOTH(ns_pid_from_ns(&view, sib, 1, NS_METHOD_IOCTL),
		   ns_pid_from_ns(&view, sib, 1, NS_METHOD_PROC), f.sibling);
	CHECK_BOTH(ns_pid_from_ns(&view, fds[1], 1, NS_METHOD_IOCTL),
		   ns_pid_from_ns(&view, fds[1], 1, NS_METHOD_PROC), f.init[1]);
	for (int k = 0; k <= 3; k++)
		close(fds[k]);
	close(sib);
	proc_view_close(&view);
	farm_stop(&f);
}

TEST(public_levels)
{
	struct pidbox_pidlevel lv[PIDBOX_MAX_NESTING + 1];
	struct farm f;
	int guessed = -1;

	farm_start(&f);
	CHECK_EQ(pidbox_pid_levels(f.init[3], lv, PIDBOX_MAX_NESTING + 1, &guessed), 4);
	CHECK_EQ(guessed, 0);
	for (int k = 0; k <= 3; k++)
		CHECK(lv[k].ns == f.ns[k]);
	CHECK_EQ(lv[0].pid, f.init[3]);
	CHECK_EQ(lv[3].pid, 1);
	CHECK_EQ(pidbox_pid_levels(f.init[3], lv, 3, NULL), -ERANGE);
	CHECK_EQ(pidbox_pid_levels(0, lv, 3, NULL), -EINVAL);
	farm_stop(&f);
}

/* Seen from inside a box, our namespace and the sibling's are out of view. */
TEST(out_of_view_is_exdev)
{
	int host = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC), status;
	struct farm f;
	pid_t child;

	farm_start(&f);
	int sib = open_ns(f.sibling);

	CHECK(host >= 0 && sib >= 0);
	child = fork_newpid();
	CHECK(child >= 0);
	if (child == 0) {
		struct proc_view view;
		unsigned int d;
		uint64_t ino;
		int bad = 0;

		if (proc_view_open(&view) < 0)
			_exit(100);
		bad |= ns_info(&view, host, &ino, &d, NS_METHOD_AUTO) != -EXDEV;
		bad |= (ns_info(&view, sib, &ino, &d, NS_METHOD_AUTO) != -EXDEV) << 1;
		bad |= (ns_pid_to_ns(&view, host, 1, NS_METHOD_AUTO) != -EXDEV) << 2;
		bad |= (ns_pid_from_ns(&view, sib, 1, NS_METHOD_PROC) != -EXDEV) << 3;
		bad |= (pidbox_pidns_info(host, &ino, &d) != -EXDEV) << 4;
		_exit(bad);
	}
	CHECK(waitpid(child, &status, 0) == child);
	CHECK_EQ(WEXITSTATUS(status), 0);
	close(host);
	close(sib);
	farm_stop(&f);
}

TEST(not_a_pid_namespace)
{
	int fd;

	CHECK_EQ(pidbox_pidns_open_path("/proc/self/ns/net"), -EINVAL);
	CHECK_EQ(pidbox_pidns_open_path("/dev/null"), -EINVAL);
	CHECK_EQ(pidbox_pidns_open_path("/proc/self"), -EINVAL);
	CHECK_EQ(pidbox_pidns_open_path("/nonexistent/ns"), -ENOENT);
	fd = pidbox_pidns_open_path("/proc/self/ns/pid");
	CHECK_OK(fd);
	close(fd);
	CHECK_EQ(pidbox_pidns_open_pid(0), -EINVAL);
}

TEST(parent_guessed_through_ppid)
{
	struct proc_entry e[4];
	struct ns_node node = { .inode = 30, .depth = 2 };

	memset(e, 0, sizeof(e));
	/* 10 (depth 0) -> 20 (depth 1, ns 21) -> 25 (depth 1) -> 30 (depth 2, ns 30) */
	e[0].procpid = 10, e[0].p.depth = 0, e[0].p.pidns = 1;
	e[1].procpid = 20, e[1].procppid = 10, e[1].p.depth = 1, e[1].p.pidns = 21;
	e[2].procpid = 25, e[2].procppid = 20, e[2].p.depth = 2, e[2].p.pidns = 30;
	e[3].procpid = 30, e[3].procppid = 25, e[3].p.depth = 2, e[3].p.pidns = 30;
	CHECK(ns_guess_parent(&node, &e[3], e, 4, 1) == 21);
	node.depth = 1;
	CHECK(ns_guess_parent(&node, &e[1], e, 4, 1) == 1);
	/* an orphan: no process of the level above on its PPid chain */
	e[3].procppid = 999;
	node.depth = 2;
	CHECK(ns_guess_parent(&node, &e[3], e, 4, 1) == 0);
}

/* Runs fn in a child with the nsfs ioctls of reqs refused (ENOTTY). */
static void refuse_ioctls(const unsigned int *reqs, unsigned int n)
{
	struct sock_filter filter[16];
	unsigned int k = 0;

	filter[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						   offsetof(struct seccomp_data, nr));
	filter[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0,
						   (unsigned char)(n + 1));
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						   offsetof(struct seccomp_data, args[1]));
	for (unsigned int i = 0; i < n; i++)
		filter[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, reqs[i],
							   (unsigned char)(n - i), 0);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOTTY);
	struct sock_fprog prog = { .len = (unsigned short)k, .filter = filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		_exit(99);
}

struct ns_line {
	uint64_t inode, parent;
	unsigned int depth;
	pid_t init;
	unsigned int nprocs, flags;
};

/* The farm's namespaces in a scan, in the scan's order. */
static size_t farm_lines(const struct farm *f, struct ns_line *out)
{
	struct pidbox_pidnslist *list;
	size_t n = 0;

	if (pidbox_pidns_scan(PIDBOX_PIDNS_SCAN_PIDS, &list) < 0)
		return 0;
	for (size_t i = 0; i < pidbox_pidnslist_count(list); i++) {
		const struct pidbox_pidns *ns = pidbox_pidnslist_at(list, i);

		for (int k = 0; k <= 3; k++)
			if (ns->inode == f->ns[k] || (k == 0 && ns->inode == f->sibling_ns)) {
				out[n].inode = ns->inode;
				out[n].parent = ns->parent;
				out[n].depth = ns->depth;
				out[n].init = ns->init;
				out[n].flags = ns->flags;
				out[n++].nprocs = k ? ns->nprocs : 1;
			}
	}
	pidbox_pidnslist_free(list);
	return n;
}

TEST(scan_by_ioctl_and_with_them_refused)
{
	static const unsigned int refused[] = { NS_GET_PARENT, NS_GET_PID_FROM_PIDNS,
						NS_GET_PID_IN_PIDNS, NS_GET_USERNS };
	struct ns_line a[8], b[8];
	size_t na, nb = 0;
	int p[2], status;
	struct farm f;
	pid_t child;

	farm_start(&f);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	na = farm_lines(&f, a);
	CHECK_EQ(na, 5);
	/* the tree: ours, then level 1, 2, 3 in a line, the sibling last */
	CHECK(a[0].inode == f.ns[0] && a[0].depth == 0 && a[0].parent == 0);
	for (int k = 1; k <= 3; k++) {
		CHECK(a[k].inode == f.ns[k]);
		CHECK(a[k].parent == f.ns[k - 1]);
		CHECK_EQ(a[k].depth, k);
		CHECK_EQ(a[k].init, f.init[k]);
		CHECK_EQ(a[k].nprocs, 1);
	}
	CHECK(a[4].inode == f.sibling_ns && a[4].parent == f.ns[0] && a[4].init == f.sibling);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		int self = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);

		refuse_ioctls(refused, 4);
		/* the filter works: the fallback is what runs */
		if (ioctl(self, NS_GET_USERNS) >= 0 || errno != ENOTTY)
			_exit(3);
		nb = farm_lines(&f, b);
		if (write(p[1], b, nb * sizeof(*b)) < 0)
			_exit(2);
		_exit(0);
	}
	close(p[1]);
	for (ssize_t r; (r = read(p[0], (char *)b + nb, sizeof(b) - nb)) > 0;)
		nb += (size_t)r;
	close(p[0]);
	CHECK(waitpid(child, &status, 0) == child && WEXITSTATUS(status) == 0);
	CHECK_EQ(nb, na * sizeof(*b));
	for (size_t i = 0; i < na; i++) {
		CHECK(a[i].inode == b[i].inode);
		CHECK(a[i].parent == b[i].parent);
		CHECK_EQ(a[i].depth, b[i].depth);
		CHECK_EQ(a[i].init, b[i].init);
		CHECK_EQ(a[i].nprocs, b[i].nprocs);
		CHECK_EQ(a[i].flags, 0);
		CHECK_EQ(b[i].flags, b[i].depth > 1 ? PIDBOX_PIDNS_GUESSED : 0);
	}
	farm_stop(&f);
}
