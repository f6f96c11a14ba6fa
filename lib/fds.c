/* SPDX-License-Identifier: MIT */
/* Keeping the command's fd table clean: only 0, 1, 2 and what was asked. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>

#include "internal.h"
#include "syscall.h"

/* The /proc walk, for kernels before 5.11 and seccomp profiles without
 * close_range.  It must not allocate much: it runs in a forked child. */
static int fds_cloexec_by_proc(int first)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *de;
	int dfd, r = 0;

	if (!dir)
		return neg_errno();
	dfd = dirfd(dir);
	while ((de = readdir(dir))) {
		char *end;
		long fd = strtol(de->d_name, &end, 10);
		int flags;

		if (*end || end == de->d_name || fd < first || fd == dfd)
			continue;
		flags = fcntl((int)fd, F_GETFD);
		if (flags < 0 || fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC) < 0) {
			if (errno != EBADF) {
				r = neg_errno();
				break;
			}
		}
	}
	closedir(dir);
	return r;
}

int fds_cloexec_from(int keep)
{
	int first = 3 + keep;

	if (pidbox_sys_close_range((unsigned int)first, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return 0;
	if (errno != ENOSYS && errno != EINVAL)
		return neg_errno();
	return fds_cloexec_by_proc(first);
}
