/* SPDX-License-Identifier: MIT */
/*
 * The descendants of the calling process, for an init that is not PID 1 of
 * its namespace (a child subreaper), where kill(-1) would reach the host.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "descend.h"
#include "internal.h"
#include "syscall.h"

struct link {
	pid_t pid;
	pid_t ppid;
};

/* The parent of pid from /proc/PID/stat, or -errno. */
static pid_t read_ppid(pid_t pid)
{
	char path[64], buf[512], *p;
	int fd;
	ssize_t n;
	int ppid;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -ESRCH;
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: skip to the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
		return -EPROTO;
	return ppid;
}

static int collect_links(struct link **out, size_t *count)
{
	DIR *dir = opendir("/proc");
	struct link *links = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int r = 0;

	if (!dir)
		return neg_errno();
	while ((de = readdir(dir))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		pid_t ppid;

		if (*end || end == de->d_name || pid <= 0)
			continue;
		ppid = read_ppid((pid_t)pid);
		if (ppid < 0)
			continue; /* gone meanwhile */
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct link *nl = realloc(links, ncap * sizeof(*nl));

			if (!nl) {
				r = -ENOMEM;
				goto out;
			}
			links = nl;
			cap = ncap;
		}
		links[n].pid = (pid_t)pid;
		links[n].ppid = ppid;
		n++;
	}
out:
	closedir(dir);
	if (r < 0) {
		free(links);
		return r;
	}
	*out = links;
	*count = n;
	return 0;
}

int signal_descendants(int sig)
{
	struct link *links = NULL;
	pid_t *queue = NULL;
	size_t n = 0, head = 0, tail = 0;
	int r, sent = 0;

	r = collect_links(&links, &n);
	if (r < 0)
		return r;
	queue = malloc((n + 1) * sizeof(*queue));
	if (!queue) {
		r = -ENOMEM;
		goto out;
	}
	queue[tail++] = getpid();
	while (head < tail) {
		pid_t parent = queue[head++];

		for (size_t i = 0; i < n; i++) {
			int pidfd;

			if (links[i].ppid != parent || links[i].pid == 0)
				continue;
			pidfd = pidbox_sys_pidfd_open(links[i].pid, 0);
			if (pidfd < 0)
				continue;
			/* Still the process we listed: its parent has not changed. */
			if (read_ppid(links[i].pid) == parent &&
			    pidbox_sys_pidfd_send_signal(pidfd, sig, NULL, 0) == 0)
				sent++;
			close(pidfd);
			queue[tail++] = links[i].pid;
			links[i].pid = 0; /* each process once */
		}
	}
	r = sent;
out:
	free(queue);
	free(links);
	return r;
}
