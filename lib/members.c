/* SPDX-License-Identifier: MIT */
/* The processes of one PID namespace, found in /proc and held as pidfds. */
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include "ident.h"
#include "internal.h"
#include "members.h"
#include "syscall.h"

static pid_t entry_pid(const struct dirent *de)
{
	char *end;
	long pid = strtol(de->d_name, &end, 10);

	return *end || end == de->d_name || pid <= 0 ? 0 : (pid_t)pid;
}

static bool in_ns(pid_t pid, uint64_t ns)
{
	uint64_t ino;

	return ident_ns_inode(pid, "pid", &ino) == 0 && ino == ns;
}

int members_foreach(uint64_t ns, member_fn fn, void *arg)
{
	struct dirent *de;
	int r, count = 0;
	DIR *dir;

	r = ident_proc_is_ours();
	if (r < 0)
		return r;
	dir = opendir("/proc");
	if (!dir)
		return neg_errno();
	while ((de = readdir(dir))) {
		pid_t pid = entry_pid(de);
		int pidfd;

		if (!pid || !in_ns(pid, ns))
			continue;
		pidfd = pidbox_sys_pidfd_open(pid, 0);
		if (pidfd < 0)
			continue; /* ended meanwhile */
		/* Alive after the second look: the PID was still its own. */
		if (!in_ns(pid, ns) || pidfd_exited(pidfd)) {
			close(pidfd);
			continue;
		}
		r = fn ? fn(pidfd, pid, arg) : 0;
		close(pidfd);
		if (r < 0) {
			count = r;
			break;
		}
		count++;
	}
	closedir(dir);
	return count;
}

int members_count(uint64_t ns)
{
	struct dirent *de;
	int count = 0;
	DIR *dir = opendir("/proc");

	if (!dir)
		return neg_errno();
	while ((de = readdir(dir))) {
		pid_t pid = entry_pid(de);

		if (pid && in_ns(pid, ns))
			count++;
	}
	closedir(dir);
	return count;
}
