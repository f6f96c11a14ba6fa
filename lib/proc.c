/* SPDX-License-Identifier: MIT */
/*
 * Reading /proc: each process's status, stat, command line and PID-namespace
 * link.  A process may end at any moment, so every file of one process is
 * read through one open /proc/PID directory (which fails once that process
 * is gone, even if its PID is reused), and whatever vanishes mid-read is
 * reported as -ESRCH, which scans skip.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "proc.h"
#include "syscall.h"

/* A command line longer than this is cut: it only ever gets displayed. */
#define CMDLINE_MAX (64 * 1024)

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Parses a decimal number at *p, after blanks; advances *p past it. */
static bool parse_num(const char **p, const char *end, bool negative_ok, long long *out)
{
	const char *s = *p;
	bool neg = false;
	long long v = 0;

	while (s < end && is_blank(*s))
		s++;
	if (negative_ok && s < end && *s == '-') {
		neg = true;
		s++;
	}
	if (s == end || *s < '0' || *s > '9')
		return false;
	while (s < end && *s >= '0' && *s <= '9') {
		if (v > (LLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (*s - '0');
		s++;
	}
	*p = s;
	*out = neg ? -v : v;
	return true;
}

/* The value of "KEY:" when the line [line, end) starts with it, else NULL. */
static const char *field_value(const char *line, const char *end, const char *key)
{
	size_t n = strlen(key);

	if ((size_t)(end - line) < n || memcmp(line, key, n) != 0)
		return NULL;
	line += n;
	while (line < end && is_blank(*line))
		line++;
	return line;
}

/* Only blanks left before end. */
static bool rest_blank(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p == end;
}

int proc_parse_status(const char *buf, size_t len, unsigned int offset, struct proc_entry *e)
{
	enum { NAME = 1, STATE = 2, PPID = 4, UID = 8, NSPID = 16, ALL = 31 };
	const char *p = buf, *end = buf + len;
	unsigned int seen = 0, n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *v;
		long long num;

		if ((v = field_value(p, le, "Name:"))) {
			size_t l = (size_t)(le - v);

			if (l >= sizeof(e->p.comm))
				l = sizeof(e->p.comm) - 1;
			memcpy(e->p.comm, v, l);
			e->p.comm[l] = '\0';
			seen |= NAME;
		} else if ((v = field_value(p, le, "State:"))) {
			if (v == le || *v < 'A' || *v > 'z')
				return -EPROTO;
			e->p.state = *v;
			seen |= STATE;
		} else if ((v = field_value(p, le, "PPid:"))) {
			if (!parse_num(&v, le, false, &num) || num > INT_MAX || !rest_blank(v, le))
				return -EPROTO;
			e->procppid = (pid_t)num;
			seen |= PPID;
		} else if ((v = field_value(p, le, "Uid:"))) {
			/* real, effective, saved, fs: ps shows the effective one */
			if (!parse_num(&v, le, false, &num) || !parse_num(&v, le, false, &num) ||
			    num > UINT_MAX)
				return -EPROTO;
			e->p.uid = (uid_t)num;
			seen |= UID;
		} else if ((v = field_value(p, le, "NSpid:"))) {
			if (seen & NSPID)
				return -EPROTO;
			while (!rest_blank(v, le)) {
				if (!parse_num(&v, le, false, &num) || num <= 0 || num > INT_MAX)
					return -EPROTO;
				if (n >= offset + PIDBOX_MAX_NESTING + 1)
					return -ERANGE;
				if (n >= offset)
					e->p.nspid[n - offset] = (pid_t)num;
				n++;
			}
			if (n == 0)
				return -EPROTO;
			seen |= NSPID;
		}
		p = nl ? nl + 1 : end;
	}
	if (seen != ALL)
		return -EPROTO;
	if (n <= offset)
		return -ENOENT;
	e->p.depth = n - offset - 1;
	e->p.pid = e->p.nspid[0];
	return 0;
}

int proc_parse_stat(const char *buf, size_t len, char *state, pid_t *ppid,
		    unsigned long long *start_time, char *comm, size_t comm_size)
{
	const char *end = buf + len, *open = memchr(buf, '(', len), *close = NULL, *p;
	long long num;
	size_t l;

	/* The name may hold anything, ')' too: the last ')' ends it. */
	for (p = end; p > buf; p--)
		if (p[-1] == ')') {
			close = p - 1;
			break;
		}
	if (!open || !close || close < open || comm_size == 0)
		return -EPROTO;
	l = (size_t)(close - open - 1);
	if (l >= comm_size)
		l = comm_size - 1;
	memcpy(comm, open + 1, l);
	comm[l] = '\0';
	p = close + 1;
	if (end - p < 3 || p[0] != ' ' || p[1] < 'A' || p[1] > 'z' || p[2] != ' ')
		return -EPROTO;
	*state = p[1];
	p += 2;
	if (!parse_num(&p, end, false, &num) || num > INT_MAX)
		return -EPROTO;
	*ppid = (pid_t)num;
	/* pgrp ... itrealvalue: 17 fields, then starttime */
	for (int i = 0; i < 17; i++)
		if (!parse_num(&p, end, true, &num))
			return -EPROTO;
	if (!parse_num(&p, end, false, &num))
		return -EPROTO;
	*start_time = (unsigned long long)num;
	return 0;
}

int proc_parse_nslink(const char *buf, size_t len, const char *type, uint64_t *inode)
{
	size_t tl = strlen(type);
	const char *p, *end = buf + len;
	long long num;

	if (len < tl + 4 || memcmp(buf, type, tl) != 0 || buf[tl] != ':' || buf[tl + 1] != '[')
		return -EPROTO;
	p = buf + tl + 2;
	if (*p < '0' || *p > '9' || !parse_num(&p, end, false, &num) || num <= 0)
		return -EPROTO;
	if (end - p != 1 || *p != ']')
		return -EPROTO;
	*inode = (uint64_t)num;
	return 0;
}

int proc_parse_fdinfo_pid(const char *buf, size_t len, pid_t *pid)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *v;
		long long num;

		if ((v = field_value(p, le, "Pid:"))) {
			if (!parse_num(&v, le, true, &num) || num > INT_MAX || num < -1 ||
			    !rest_blank(v, le))
				return -EPROTO;
			*pid = (pid_t)num;
			return 0;
		}
		p = nl ? nl + 1 : end;
	}
	return -EPROTO;
}

/* The next space-separated field of a mountinfo line. */
static bool next_field(const char **p, const char *end, const char **f, size_t *flen)
{
	const char *s = *p;

	while (s < end && *s == ' ')
		s++;
	if (s == end)
		return false;
	*f = s;
	while (s < end && *s != ' ')
		s++;
	*flen = (size_t)(s - *f);
	*p = s;
	return true;
}

static bool is_octal(char c, char max)
{
	return c >= '0' && c <= max;
}

/* Undoes mountinfo's octal escapes (\040 for a space ...). */
static int unescape_octal(const char *in, size_t len, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = in[i];

		if (c == '\\' && i + 3 < len && is_octal(in[i + 1], '3') &&
		    is_octal(in[i + 2], '7') && is_octal(in[i + 3], '7')) {
			c = (char)((in[i + 1] - '0') * 64 + (in[i + 2] - '0') * 8 +
				   (in[i + 3] - '0'));
			i += 3;
		}
		if (c == '\0' || o + 1 >= size)
			return -EPROTO;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

int proc_parse_mountinfo_line(const char *line, size_t len, uint64_t *inode, char *path,
			      size_t path_size)
{
	const char *p = line, *end = line + len, *f, *root = NULL, *mnt = NULL;
	size_t fl, root_len = 0, mnt_len = 0;
	int i;

	/* id, parent, major:minor, root, mount point, options */
	for (i = 0; i < 6; i++) {
		if (!next_field(&p, end, &f, &fl))
			return -EPROTO;
		if (i == 3) {
			root = f;
			root_len = fl;
		} else if (i == 4) {
			mnt = f;
			mnt_len = fl;
		}
	}
	/* optional fields up to "-", then the file system type */
	for (;;) {
		if (!next_field(&p, end, &f, &fl))
			return -EPROTO;
		if (fl == 1 && f[0] == '-')
			break;
	}
	if (!next_field(&p, end, &f, &fl))
		return -EPROTO;
	if (fl != 4 || memcmp(f, "nsfs", 4) != 0)
		return 0;
	if (proc_parse_nslink(root, root_len, "pid", inode) < 0)
		return 0;
	if (unescape_octal(mnt, mnt_len, path, path_size) < 0)
		return -EPROTO;
	return 1;
}

size_t proc_join_cmdline(char *buf, size_t len)
{
	while (len > 0 && buf[len - 1] == '\0')
		len--;
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[len] = '\0';
	return len;
}

/* ENOENT and ESRCH both mean the process has ended. */
static int gone_errno(void)
{
	return errno == ENOENT || errno == ESRCH ? -ESRCH : neg_errno();
}

int proc_read_file(int dirfd, const char *name, char *buf, size_t size)
{
	size_t got = 0;
	int fd, r;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return gone_errno();
	for (;;) {
		ssize_t n;

		if (got + 1 >= size) {
			r = -ENOBUFS;
			goto out;
		}
		n = read(fd, buf + got, size - got - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = gone_errno();
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		/* the files read here are made at once: a short read is all of it */
		if ((size_t)n < size - (got - (size_t)n) - 1)
			break;
	}
	buf[got] = '\0';
	r = (int)got;
out:
	close(fd);
	return r;
}

int proc_read_nslink(int dirfd, const char *name, const char *type, uint64_t *inode)
{
	char buf[64];
	ssize_t n = readlinkat(dirfd, name, buf, sizeof(buf));

	if (n < 0)
		return gone_errno();
	if ((size_t)n >= sizeof(buf))
		return -EPROTO;
	return proc_parse_nslink(buf, (size_t)n, type, inode);
}

int proc_read_alloc(int dirfd, const char *name, char **out, size_t *len, size_t max,
		    bool short_is_end)
{
	size_t size = 512, got = 0;
	char *buf = NULL;
	int fd, r = 0;

	*out = NULL;
	*len = 0;
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return gone_errno();
	for (;;) {
		ssize_t n;

		if (!buf || got + 1 >= size) {
			char *nb;

			if (buf)
				size *= 2;
			if (size > max + 1)
				break;
			nb = realloc(buf, size);
			if (!nb) {
				r = -ENOMEM;
				goto out;
			}
			buf = nb;
		}
		n = read(fd, buf + got, size - got - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = gone_errno();
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (short_is_end && (size_t)n < size - (got - (size_t)n) - 1)
			break;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return r;
}

/* The command line, joined; NULL when empty (a kernel thread, a zombie). */
static int read_cmdline(int dirfd, char **out)
{
	size_t len;
	int r = proc_read_alloc(dirfd, "cmdline", out, &len, CMDLINE_MAX, true);

	if (r == 0 && proc_join_cmdline(*out, len) == 0) {
		free(*out);
		*out = NULL;
	}
	return r;
}

int proc_open_dir(const struct proc_view *view, pid_t procpid)
{
	char name[16];
	int fd;

	snprintf(name, sizeof(name), "%d", (int)procpid);
	fd = openat(view->procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? gone_errno() : fd;
}

int proc_read_entry(const struct proc_view *view, int dirfd, pid_t procpid, unsigned int flags,
		    struct proc_entry *e)
{
	char buf[4096];
	int r;

	memset(e, 0, sizeof(*e));
	e->procpid = procpid;
	r = proc_read_file(dirfd, "status", buf, sizeof(buf));
	if (r == 0)
		return -ESRCH;
	if (r < 0)
		return r;
	r = proc_parse_status(buf, (size_t)r, view->offset, e);
	if (r < 0)
		return r;
	if (flags & PIDBOX_PROC_NS) {
		r = proc_read_nslink(dirfd, "ns/pid", "pid", &e->p.pidns);
		if (r == -ESRCH)
			return r;
		/* someone else's process, as a user: its namespace stays unknown */
		if (r < 0)
			e->p.pidns = 0;
	}
	if (flags & PIDBOX_PROC_START) {
		char state, comm[64];
		pid_t ppid;

		r = proc_read_file(dirfd, "stat", buf, sizeof(buf));
		if (r == 0)
			return -ESRCH;
		if (r < 0)
			return r;
		r = proc_parse_stat(buf, (size_t)r, &state, &ppid, &e->p.start_time, comm,
				    sizeof(comm));
		if (r < 0)
			return r;
	}
	if (flags & PIDBOX_PROC_CMDLINE) {
		r = read_cmdline(dirfd, &e->p.cmdline);
		if (r == -ESRCH || r == -ENOMEM)
			return r;
	}
	return 0;
}

int proc_pidfd_open(const struct proc_view *view, pid_t pid, pid_t *procpid)
{
	char name[64], buf[1024];
	int pidfd, r;

	if (pid <= 0)
		return -EINVAL;
	pidfd = pidbox_sys_pidfd_open(pid, 0);
	/* a thread that does not lead its group: EINVAL, or ENOENT on newer kernels */
	if (pidfd < 0 && (errno == EINVAL || errno == ENOENT))
		return -EINVAL;
	if (pidfd < 0)
		return neg_errno();
	if (view->offset == 0) {
		*procpid = pid;
		return pidfd;
	}
	/* /proc numbers processes from an ancestor's namespace: the pidfd's
	 * fdinfo tells the number it uses for this one. */
	snprintf(name, sizeof(name), "self/fdinfo/%d", pidfd);
	r = proc_read_file(view->procfd, name, buf, sizeof(buf));
	if (r >= 0)
		r = proc_parse_fdinfo_pid(buf, (size_t)r, procpid);
	if (r >= 0 && *procpid <= 0)
		r = -ESRCH;
	if (r < 0) {
		close(pidfd);
		return r;
	}
	return pidfd;
}

bool proc_pidfd_alive(int pidfd)
{
	/* Signal 0 reaches a zombie too: its PID is not free until it is reaped. */
	return pidbox_sys_pidfd_send_signal(pidfd, 0, NULL, 0) == 0 || errno == EPERM;
}

int proc_view_open(struct proc_view *view)
{
	struct proc_entry self;
	char buf[4096];
	int r;

	view->procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (view->procfd < 0)
		return neg_errno();
	view->offset = 0;
	r = proc_read_file(view->procfd, "self/status", buf, sizeof(buf));
	if (r == -ESRCH || r == 0)
		r = -ENOENT; /* not procfs, or a /proc that does not show us */
	if (r < 0)
		goto fail;
	r = proc_parse_status(buf, (size_t)r, 0, &self);
	if (r < 0)
		goto fail;
	if (self.p.nspid[self.p.depth] != getpid()) {
		r = -ENOENT;
		goto fail;
	}
	view->offset = self.p.depth;
	r = proc_read_nslink(view->procfd, "self/ns/pid", "pid", &view->own_ns);
	if (r < 0)
		goto fail;
	return 0;
fail:
	close(view->procfd);
	view->procfd = -1;
	return r;
}

void proc_view_close(struct proc_view *view)
{
	if (view->procfd >= 0)
		close(view->procfd);
	view->procfd = -1;
}

static int cmp_procpid(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;

	return (x->procpid > y->procpid) - (x->procpid < y->procpid);
}

struct proc_entry *proc_find(struct proc_entry *entries, size_t count, pid_t procpid)
{
	struct proc_entry key = { .procpid = procpid };

	if (!count)
		return NULL;
	return bsearch(&key, entries, count, sizeof(*entries), cmp_procpid);
}

void proc_entries_free(struct proc_entry *entries, size_t count)
{
	if (!entries)
		return;
	for (size_t i = 0; i < count; i++)
		free(entries[i].p.cmdline);
	free(entries);
}

bool proc_in_view(const struct proc_view *view, const struct proc_entry *e)
{
	pid_t procpid;
	int pidfd = proc_pidfd_open(view, e->p.pid, &procpid);

	if (pidfd < 0)
		return false;
	close(pidfd);
	return procpid == e->procpid;
}

int proc_scan_all(const struct proc_view *view, unsigned int flags, struct proc_entry **out,
		  size_t *count)
{
	struct proc_entry *v = NULL;
	size_t n = 0, cap = 0, kept;
	struct dirent *de;
	DIR *dir = NULL;
	int fd, r = 0;

	fd = openat(view->procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		r = neg_errno();
		if (fd >= 0)
			close(fd);
		return r;
	}
	while ((de = readdir(dir))) {
		char *end;
		long procpid = strtol(de->d_name, &end, 10);
		int dfd;

		if (*end || end == de->d_name || procpid <= 0 || procpid > INT_MAX)
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 512;
			struct proc_entry *nv = realloc(v, ncap * sizeof(*nv));

			if (!nv) {
				r = -ENOMEM;
				goto out;
			}
			v = nv;
			cap = ncap;
		}
		dfd = proc_open_dir(view, (pid_t)procpid);
		if (dfd == -ESRCH)
			continue;
		if (dfd < 0) {
			r = dfd;
			goto out;
		}
		r = proc_read_entry(view, dfd, (pid_t)procpid, flags, &v[n]);
		close(dfd);
		/* gone, above the caller, or a status we cannot read: not shown */
		if (r == -ESRCH || r == -ENOENT || r == -EPROTO || r == -ERANGE || r == -EACCES) {
			free(v[n].p.cmdline);
			r = 0;
			continue;
		}
		if (r < 0) {
			free(v[n].p.cmdline);
			goto out;
		}
		n++;
	}
	qsort(v, n, sizeof(*v), cmp_procpid);
	if (view->offset > 0) {
		kept = 0;
		for (size_t i = 0; i < n; i++) {
			if (proc_in_view(view, &v[i]))
				v[kept++] = v[i];
			else
				free(v[i].p.cmdline);
		}
		n = kept;
	}
	for (size_t i = 0; i < n; i++) {
		struct proc_entry *parent;

		v[i].p.ppid = v[i].procppid;
		if (view->offset == 0)
			continue;
		parent = proc_find(v, n, v[i].procppid);
		v[i].p.ppid = parent ? parent->p.pid : 0;
	}
out:
	closedir(dir);
	if (r < 0) {
		proc_entries_free(v, n);
		return r;
	}
	*out = v;
	*count = n;
	return 0;
}

pid_t proc_callers_pid(const struct proc_view *view, pid_t procpid)
{
	struct proc_entry e;
	int dfd, r;

	if (procpid <= 0)
		return 0;
	if (view->offset == 0)
		return procpid;
	dfd = proc_open_dir(view, procpid);
	if (dfd < 0)
		return 0;
	r = proc_read_entry(view, dfd, procpid, 0, &e);
	close(dfd);
	return r == 0 && proc_in_view(view, &e) ? e.p.pid : 0;
}

int proc_open_process(const struct proc_view *view, pid_t pid, int *pidfd, int *dfd,
		      pid_t *procpid)
{
	*dfd = -1;
	*pidfd = proc_pidfd_open(view, pid, procpid);
	if (*pidfd < 0) {
		int r = *pidfd;

		*pidfd = -1;
		return r;
	}
	*dfd = proc_open_dir(view, *procpid);
	if (*dfd < 0) {
		int r = *dfd;

		*dfd = -1;
		close(*pidfd);
		*pidfd = -1;
		return r;
	}
	return 0;
}

PIDBOX_EXPORT int pidbox_proc_read(pid_t pid, unsigned int flags, struct pidbox_proc *out)
{
	struct proc_view view;
	struct proc_entry e = { 0 };
	int pidfd = -1, dfd = -1, r;
	pid_t procpid;

	memset(out, 0, sizeof(*out));
	if (pid <= 0)
		return -EINVAL;
	r = proc_view_open(&view);
	if (r < 0)
		return r;
	r = proc_open_process(&view, pid, &pidfd, &dfd, &procpid);
	if (r < 0)
		goto out;
	r = proc_read_entry(&view, dfd, procpid, flags, &e);
	if (r == -ENOENT)
		r = -ESRCH;
	if (r < 0)
		goto out;
	/* Still not reaped: the PID was not reused while we read it. */
	if (!proc_pidfd_alive(pidfd)) {
		r = -ESRCH;
		goto out;
	}
	e.p.ppid = proc_callers_pid(&view, e.procppid);
	*out = e.p;
	e.p.cmdline = NULL;
out:
	free(e.p.cmdline);
	if (dfd >= 0)
		close(dfd);
	if (pidfd >= 0)
		close(pidfd);
	proc_view_close(&view);
	return r;
}

PIDBOX_EXPORT void pidbox_proc_release(struct pidbox_proc *proc)
{
	if (!proc)
		return;
	free(proc->cmdline);
	proc->cmdline = NULL;
}
