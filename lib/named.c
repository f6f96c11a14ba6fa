/* SPDX-License-Identifier: MIT */
/*
 * Acting on a box found by name: every action goes through the pidfd of its
 * init, opened and checked against the record (start time, PID namespace,
 * pidfs inode) before anything is signalled; a process of the box is reached
 * only through a pidfd checked to be in the box's namespace.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "ident.h"
#include "members.h"
#include "state.h"
#include "syscall.h"

struct pidbox_named {
	struct state_dir sd;
	struct box_record rec;
	int pidfd;      /* the init, or the pod's holder */
	pid_t proc_pid; /* its PID in /proc */
};

PIDBOX_EXPORT int pidbox_pidfd_open(pid_t pid)
{
	int fd;

	if (pid <= 0)
		return -ESRCH;
	fd = pidbox_sys_pidfd_open(pid, 0);
	if (fd < 0)
		return errno == EINVAL ? -ESRCH : neg_errno();
	return fd;
}

PIDBOX_EXPORT void pidbox_named_free(struct pidbox_named *n)
{
	if (!n)
		return;
	if (n->pidfd >= 0)
		close(n->pidfd);
	state_dir_close(&n->sd);
	free(n);
}

PIDBOX_EXPORT int pidbox_named_open(const char *dir, const char *name, struct pidbox_named **out)
{
	struct pidbox_named *n;
	int r = pidbox_name_check(name);

	if (r < 0)
		return r;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->pidfd = -1;
	r = state_dir_open(&n->sd, dir, false);
	if (r < 0)
		goto out;
	r = record_read(&n->sd, name, &n->rec);
	if (r == -EBADMSG) {
		/* Never trusted; removed like a stale one, unless it was just
		 * replaced by a good record. */
		r = record_forget_broken(&n->sd, name);
		goto out;
	}
	if (r < 0)
		goto out;
	r = record_judge(&n->sd, &n->rec, &n->pidfd, &n->proc_pid);
	if (r == -ESRCH)
		record_forget(&n->sd, name, n->rec.token);
out:
	if (r < 0) {
		pidbox_named_free(n);
		return r;
	}
	*out = n;
	return 0;
}

PIDBOX_EXPORT const char *pidbox_named_name(const struct pidbox_named *n)
{
	return n->rec.name;
}

PIDBOX_EXPORT int pidbox_named_is_pod(const struct pidbox_named *n)
{
	return n->rec.kind == RECORD_POD;
}

PIDBOX_EXPORT int pidbox_named_has_log(const struct pidbox_named *n)
{
	return n->rec.log;
}

PIDBOX_EXPORT int pidbox_named_pidfd(const struct pidbox_named *n)
{
	return n->pidfd;
}

PIDBOX_EXPORT pid_t pidbox_named_pid(const struct pidbox_named *n)
{
	return n->rec.pid;
}

PIDBOX_EXPORT uint64_t pidbox_named_pidns(const struct pidbox_named *n)
{
	return n->rec.init.pidns;
}

struct signal_walk {
	pid_t skip; /* the init or holder: pidbox's own, reached otherwise */
	int sig;
	int sent;
	int err;
};

static int signal_member(int pidfd, pid_t pid, void *arg)
{
	struct signal_walk *w = arg;

	if (pid == w->skip)
		return 0;
	if (pidbox_sys_pidfd_send_signal(pidfd, w->sig, NULL, 0) == 0)
		w->sent++;
	else if (errno != ESRCH)
		w->err = neg_errno();
	return 0;
}

/* The PID a process has in its own namespace (the last of NSpid), or 0. */
static pid_t inner_pid(pid_t pid, pid_t *ppid)
{
	char path[64], line[256];
	pid_t inner = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "PPid:", 5) == 0 && ppid)
			*ppid = (pid_t)strtol(line + 5, NULL, 10);
		if (strncmp(line, "NSpid:", 6) == 0) {
			char *last = strrchr(line, '\t');

			inner = last ? (pid_t)strtol(last + 1, NULL, 10) : 0;
		}
	}
	fclose(f);
	return inner;
}

struct command_walk {
	pid_t init;
	int sig;
	int sent;
	int err;
};

/* The command is the init's first child: PID 2 of the box. */
static int signal_command(int pidfd, pid_t pid, void *arg)
{
	struct command_walk *w = arg;
	pid_t ppid = 0;

	if (inner_pid(pid, &ppid) != 2 || ppid != w->init)
		return 0;
	if (pidbox_sys_pidfd_send_signal(pidfd, w->sig, NULL, 0) == 0)
		w->sent++;
	else if (errno != ESRCH)
		w->err = neg_errno();
	return 0;
}

PIDBOX_EXPORT int pidbox_named_signal(struct pidbox_named *n, int sig, unsigned int flags)
{
	struct command_walk cw = { .init = n->proc_pid, .sig = sig };
	sigset_t forwardable;
	int r;

	if (n->pidfd < 0 || pidfd_exited(n->pidfd))
		return -ESRCH;
	if ((flags & PIDBOX_SIGNAL_EVERY) || n->rec.kind == RECORD_POD) {
		struct signal_walk w = { .skip = n->proc_pid, .sig = sig };

		r = members_foreach(n->rec.init.pidns, signal_member, &w);
		if (r < 0)
			return r;
		if (w.err && !w.sent)
			return w.err;
		return w.sent;
	}
	forwardable_signals(&forwardable);
	if (n->rec.pid1_command || sigismember(&forwardable, sig)) {
		/* The init passes it on as its options say (command, group, all). */
		if (pidbox_sys_pidfd_send_signal(n->pidfd, sig, NULL, 0) < 0)
			return neg_errno();
		return 1;
	}
	r = members_foreach(n->rec.init.pidns, signal_command, &cw);
	if (r < 0)
		return r;
	if (cw.err && !cw.sent)
		return cw.err;
	return cw.sent ? cw.sent : -ESRCH;
}

static long ms_until(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000L +
	       (deadline->tv_nsec - now.tv_nsec) / 1000000L;
}

/* Waits until pidfd's process has exited, at most until deadline (NULL:
 * no limit).  Returns 0, or -ETIMEDOUT. */
static int wait_exit(int pidfd, const struct timespec *deadline)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };

	for (;;) {
		long ms = deadline ? ms_until(deadline) : -1;
		int r;

		if (deadline && ms <= 0)
			return pidfd_exited(pidfd) ? 0 : -ETIMEDOUT;
		r = poll(&pfd, 1, ms > INT32_MAX ? INT32_MAX : (int)ms);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return neg_errno();
	}
}

struct pidfd_list {
	pid_t skip;
	struct pollfd *fds;
	size_t n, cap;
};

static int collect_member(int pidfd, pid_t pid, void *arg)
{
	struct pidfd_list *l = arg;
	int fd;

	if (pid == l->skip)
		return 0;
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;
		struct pollfd *nf = realloc(l->fds, ncap * sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		l->fds = nf;
		l->cap = ncap;
	}
	fd = fcntl(pidfd, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return neg_errno();
	l->fds[l->n].fd = fd;
	l->fds[l->n].events = POLLIN;
	l->n++;
	return 0;
}

/* Waits until no process but the holder is left in a pod, or the deadline. */
static int wait_pod_empty(const struct pidbox_named *n, const struct timespec *deadline)
{
	for (;;) {
		struct pidfd_list l = { .skip = n->proc_pid };
		int r = members_foreach(n->rec.init.pidns, collect_member, &l);

		if (r >= 0)
			r = l.n == 0; /* 1: empty, done; 0: wait for those found */
		/* Wait for each, then look again for any started meanwhile. */
		for (size_t i = 0; r == 0 && i < l.n; i++)
			r = wait_exit(l.fds[i].fd, deadline);
		for (size_t i = 0; i < l.n; i++)
			close(l.fds[i].fd);
		free(l.fds);
		if (r != 0)
			return r > 0 ? 0 : r;
	}
}

PIDBOX_EXPORT int pidbox_named_stop(struct pidbox_named *n, unsigned int grace_ms)
{
	struct timespec deadline;
	int lock, r;

	if (n->pidfd < 0)
		return -ESRCH;
	lock = record_lock(&n->sd, &n->rec);
	if (lock == -EALREADY)
		return lock;
	/* lock < 0 otherwise: its supervisor removed the record as it ended. */
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += grace_ms / 1000;
	deadline.tv_nsec += (long)(grace_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	if (grace_ms == 0) {
		r = -ETIMEDOUT; /* no grace: SIGKILL at once */
	} else if (n->rec.kind == RECORD_POD) {
		struct signal_walk w = { .skip = n->proc_pid, .sig = SIGTERM };

		members_foreach(n->rec.init.pidns, signal_member, &w);
		w.sig = SIGCONT; /* a stopped process acts on SIGTERM only once continued */
		members_foreach(n->rec.init.pidns, signal_member, &w);
		r = wait_pod_empty(n, &deadline);
	} else {
		pidbox_sys_pidfd_send_signal(n->pidfd, SIGTERM, NULL, 0);
		r = wait_exit(n->pidfd, &deadline);
	}
	/* A pod's holder never ends by itself; a box's init does, once its
	 * command has. */
	if (r < 0 || n->rec.kind == RECORD_POD) {
		r = 0;
		if (pidbox_sys_pidfd_send_signal(n->pidfd, SIGKILL, NULL, 0) < 0 && errno != ESRCH)
			r = neg_errno();
	}
	/* The kernel lets PID 1 finish exiting only once every process of its
	 * namespace has been reaped: its end means that nothing is left. */
	if (r == 0)
		r = wait_exit(n->pidfd, NULL);
	if (r == 0)
		record_forget(&n->sd, n->rec.name, n->rec.token);
	if (lock >= 0)
		close(lock);
	return r;
}

static int copy_fd(int in, int out)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf)), off = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return neg_errno();
		if (n == 0)
			return 0;
		while (off < n) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return neg_errno();
			off += w;
		}
	}
}

PIDBOX_EXPORT int pidbox_named_copy_log(struct pidbox_named *n, int out_fd, int follow)
{
	char file[PIDBOX_NAME_MAX + 8], path[PATH_MAX + PIDBOX_NAME_MAX + 8];
	int fd, ino = -1, r;

	if (!n->rec.log)
		return -ENODATA;
	snprintf(file, sizeof(file), "%s.log", n->rec.name);
	fd = openat(n->sd.fd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : neg_errno();
	if (follow && n->pidfd >= 0) {
		/* Watch before the first copy, so that no write falls between. */
		snprintf(path, sizeof(path), "%s/%s", n->sd.path, file);
		ino = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
		if (ino < 0 || inotify_add_watch(ino, path, IN_MODIFY) < 0) {
			r = neg_errno();
			goto out;
		}
	}
	r = copy_fd(fd, out_fd);
	while (r == 0 && ino >= 0) {
		struct pollfd pfd[2] = { { .fd = ino, .events = POLLIN },
					 { .fd = n->pidfd, .events = POLLIN } };
		char events[4096];

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			r = neg_errno();
			break;
		}
		while (read(ino, events, sizeof(events)) > 0)
			;
		r = copy_fd(fd, out_fd);
		/* The box has ended: what it wrote is all in the file now. */
		if (pfd[1].revents)
			break;
	}
out:
	if (ino >= 0)
		close(ino);
	close(fd);
	return r;
}

struct process_list {
	pid_t holder; /* a pod's holder, or 0 */
	struct pidbox_process *procs;
	size_t n, cap;
};

static void read_cmdline(pid_t pid, char *out, size_t size)
{
	char path[64];
	ssize_t len;
	int fd;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	len = read(fd, out, size - 1);
	close(fd);
	if (len <= 0) {
		out[0] = '\0';
		return;
	}
	out[len] = '\0';
	while (len > 0 && out[len - 1] == '\0')
		len--;
	for (ssize_t i = 0; i < len; i++)
		if (out[i] == '\0' || out[i] == '\n')
			out[i] = ' ';
}

static int list_member(int pidfd, pid_t pid, void *arg)
{
	struct process_list *l = arg;
	struct pidbox_process *p;

	(void)pidfd;
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 32;
		struct pidbox_process *np = realloc(l->procs, ncap * sizeof(*np));

		if (!np)
			return -ENOMEM;
		l->procs = np;
		l->cap = ncap;
	}
	p = &l->procs[l->n];
	memset(p, 0, sizeof(*p));
	p->host_pid = pid;
	p->pid = inner_pid(pid, NULL);
	/* A pod's holder is a fork of whoever created the pod: its command
	 * line is theirs, its name (comm) says what it is. */
	if (pid != l->holder)
		read_cmdline(pid, p->command, sizeof(p->command));
	if (!p->command[0]) {
		char path[64];
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
		f = fopen(path, "re");
		if (f) {
			if (fgets(p->command, (int)sizeof(p->command), f))
				p->command[strcspn(p->command, "\n")] = '\0';
			fclose(f);
		}
	}
	l->n++;
	return 0;
}

static int cmp_process(const void *a, const void *b)
{
	const struct pidbox_process *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

PIDBOX_EXPORT int pidbox_named_processes(struct pidbox_named *n, struct pidbox_process **out,
					 size_t *count)
{
	struct process_list l = { .holder = n->rec.kind == RECORD_POD ? n->proc_pid : 0 };
	int r = members_foreach(n->rec.init.pidns, list_member, &l);

	if (r < 0) {
		free(l.procs);
		return r;
	}
	/* PID 1 is the init or holder: sorting by the box's PIDs puts it first. */
	if (l.n)
		qsort(l.procs, l.n, sizeof(*l.procs), cmp_process);
	*out = l.procs;
	*count = l.n;
	return 0;
}

PIDBOX_EXPORT int pidbox_names_list(const char *dir, char ***names, size_t *count)
{
	struct state_dir sd;
	int r = state_dir_open(&sd, dir, false);

	if (r == -ENOENT) {
		*names = NULL;
		*count = 0;
		return 0;
	}
	if (r == 0)
		r = state_list(&sd, names, count);
	state_dir_close(&sd);
	return r;
}
