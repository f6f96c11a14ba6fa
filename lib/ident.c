/* SPDX-License-Identifier: MIT */
/*
 * A process's identity through its pidfd.  The pidfd pins one process; what
 * /proc says about a PID is trusted only when read between opening the
 * pidfd and checking that this process is still alive: while it lives, its
 * PID cannot be given to another one.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "ident.h"
#include "internal.h"
#include "syscall.h"

bool pidfd_exited(int pidfd)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
	int n;

	do
		n = poll(&pfd, 1, 0);
	while (n < 0 && errno == EINTR);
	return n != 0;
}

static ssize_t read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return neg_errno();
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		n = neg_errno();
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

int ident_parse_stat_start(const char *stat, uint64_t *start)
{
	/* The command name may hold spaces and parentheses: skip to the last
	 * ')'.  Then field 3 (the state) is the first after it, field 22 the
	 * twentieth. */
	const char *p = strrchr(stat, ')');
	unsigned long long v;
	char *end;

	if (!p)
		return -EPROTO;
	p++;
	for (int field = 3; field <= 22; field++) {
		while (*p == ' ')
			p++;
		if (!*p)
			return -EPROTO;
		if (field == 22)
			break;
		while (*p && *p != ' ')
			p++;
	}
	if (*p < '0' || *p > '9')
		return -EPROTO;
	errno = 0;
	v = strtoull(p, &end, 10);
	if (errno || (*end && *end != ' ' && *end != '\n'))
		return -EPROTO;
	*start = v;
	return 0;
}

pid_t ident_proc_pid(int pidfd)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	long pid;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	n = read_small(path, buf, sizeof(buf));
	if (n < 0)
		return n == -ENOENT ? -EXDEV : (pid_t)n;
	p = strstr(buf, "\nPid:");
	if (!p)
		return -EPROTO;
	pid = strtol(p + 5, NULL, 10);
	if (pid < 0)
		return -ESRCH;
	if (pid == 0)
		return -EXDEV;
	return (pid_t)pid;
}

int ident_ns_inode(pid_t proc_pid, const char *name, uint64_t *ino)
{
	char path[64];
	struct stat st;

	if (proc_pid > 0)
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)proc_pid, name);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	if (stat(path, &st) < 0)
		return errno == ENOENT ? -ESRCH : neg_errno();
	*ino = (uint64_t)st.st_ino;
	return 0;
}

static uint64_t pidfs_inode(int pidfd)
{
	struct statfs sfs;
	struct stat st;

	if (fstatfs(pidfd, &sfs) < 0 || sfs.f_type != PIDFS_MAGIC || fstat(pidfd, &st) < 0)
		return 0;
	return (uint64_t)st.st_ino;
}

int ident_read(int pidfd, struct proc_ident *id, pid_t *proc_pid)
{
	char path[64], buf[1024];
	pid_t pp = ident_proc_pid(pidfd);
	ssize_t n;
	int r;

	if (pp < 0)
		return pp;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pp);
	n = read_small(path, buf, sizeof(buf));
	if (n < 0)
		return n == -ENOENT ? -ESRCH : (int)n;
	r = ident_parse_stat_start(buf, &id->start);
	if (r < 0)
		return r;
	r = ident_ns_inode(pp, "pid", &id->pidns);
	if (r < 0)
		return r;
	id->pidfs = pidfs_inode(pidfd);
	/* Alive now, so the PID still was its own when /proc was read. */
	if (pidfd_exited(pidfd))
		return -ESRCH;
	if (proc_pid)
		*proc_pid = pp;
	return 0;
}

bool ident_matches(const struct proc_ident *now, const struct proc_ident *recorded)
{
	if (now->start != recorded->start || now->pidns != recorded->pidns)
		return false;
	return !now->pidfs || !recorded->pidfs || now->pidfs == recorded->pidfs;
}

int ident_open_verified(pid_t pid, const struct proc_ident *recorded, pid_t *proc_pid)
{
	struct proc_ident now;
	int pidfd, r;

	if (pid <= 0)
		return -ESRCH;
	pidfd = pidbox_sys_pidfd_open(pid, 0);
	if (pidfd < 0)
		return errno == ESRCH || errno == EINVAL ? -ESRCH : neg_errno();
	r = ident_read(pidfd, &now, proc_pid);
	if (r == 0 && !ident_matches(&now, recorded))
		r = -ESRCH;
	if (r < 0) {
		close(pidfd);
		return r;
	}
	return pidfd;
}

int ident_proc_is_ours(void)
{
	char buf[32];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);

	if (n <= 0)
		return -EXDEV;
	buf[n] = '\0';
	return strtol(buf, NULL, 10) == (long)getpid() ? 0 : -EXDEV;
}
