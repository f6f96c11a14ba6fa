/* SPDX-License-Identifier: MIT */
/*
 * A command that abandons N short-lived processes as fast as it can, for an
 * init to reap: each is the child of a process that exits at once, so it
 * becomes an orphan of the init.  Meant to run as the init's command in a
 * PID namespace of its own (unshare --fork --pid --mount-proc INIT reapload
 * N), where /proc shows that namespace only.  When every orphan has been
 * reaped (nothing left in /proc but PID 1 and us), prints the throughput:
 *   orphans_per_second seconds
 * Both processes of each orphan are started with CLONE_VM | CLONE_VFORK, so
 * that the spawning is cheap next to the reaping it is there to load.
 */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Processes in this namespace's /proc other than PID 1 and us. */
static int others(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0, self = getpid();

	if (!d) {
		perror("reapload: /proc");
		exit(2);
	}
	while ((de = readdir(d))) {
		int pid = atoi(de->d_name);

		if (pid > 1 && pid != self)
			n++;
	}
	closedir(d);
	return n;
}

static char mid_stack[64 * 1024] __attribute__((aligned(16)));
static char orphan_stack[64 * 1024] __attribute__((aligned(16)));

static int orphan(void *arg)
{
	(void)arg;
	_exit(0);
}

/* Starts the orphan-to-be and exits under it: it becomes the init's. */
static int mid(void *arg)
{
	(void)arg;
	clone(orphan, orphan_stack + sizeof(orphan_stack), CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
	_exit(0);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	double start, end;

	if (getpid() == 1 || n < 1) {
		fprintf(stderr, "usage: INIT reapload N, in a PID namespace of its own\n");
		return 2;
	}
	start = now_s();
	for (long i = 0; i < n; i++) {
		pid_t pid = clone(mid, mid_stack + sizeof(mid_stack), CLONE_VM | CLONE_VFORK | SIGCHLD,
				  NULL);

		if (pid < 0) {
			perror("reapload: clone");
			return 1;
		}
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	while (others() > 0)
		usleep(200);
	end = now_s();
	printf("%.0f %.3f\n", (double)n / (end - start), end - start);
	return 0;
}
