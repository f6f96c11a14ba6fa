/* SPDX-License-Identifier: MIT */
/*
 * A small command timer: runs several commands round-robin (so that drift
 * and noise hit all alike), N times each after W warm-up runs, and prints
 * one line per command:  LABEL median_us p10_us p90_us p99_us runs
 *
 *   cmdtime [-n N] [-w W] LABEL CMD [ARG...] [::: LABEL CMD [ARG...]]...
 *
 * The command's stdout and stderr go to /dev/null; a run that fails (status
 * not 0) is reported on stderr and makes cmdtime exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct subject {
	const char *label;
	char **argv;
	double *us;
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double run_once(struct subject *s, int devnull)
{
	double start = now_us();
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		perror("cmdtime: fork");
		exit(2);
	}
	if (pid == 0) {
		dup2(devnull, 1);
		dup2(devnull, 2);
		execvp(s->argv[0], s->argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "cmdtime: %s failed (status %d)\n", s->label, status);
		exit(1);
	}
	return now_us() - start;
}

int main(int argc, char **argv)
{
	struct subject subjects[16];
	int n = 200, warm = 20, count = 0, opt, devnull;

	while ((opt = getopt(argc, argv, "+n:w:")) != -1) {
		if (opt == 'n')
			n = atoi(optarg);
		else if (opt == 'w')
			warm = atoi(optarg);
		else
			return 2;
	}
	for (int i = optind; i < argc && count < 16;) {
		subjects[count].label = argv[i++];
		subjects[count].argv = &argv[i];
		while (i < argc && strcmp(argv[i], ":::") != 0)
			i++;
		if (i < argc)
			argv[i++] = NULL;
		subjects[count].us = calloc((size_t)n, sizeof(double));
		if (!subjects[count].us || !subjects[count].argv[0])
			return 2;
		count++;
	}
	if (count == 0 || n < 1) {
		fprintf(stderr, "usage: cmdtime [-n N] [-w W] LABEL CMD... [::: LABEL CMD...]\n");
		return 2;
	}
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	for (int r = 0; r < warm; r++)
		for (int s = 0; s < count; s++)
			run_once(&subjects[s], devnull);
	for (int r = 0; r < n; r++)
		for (int s = 0; s < count; s++)
			subjects[s].us[r] = run_once(&subjects[s], devnull);
	for (int s = 0; s < count; s++) {
		double *us = subjects[s].us;

		qsort(us, (size_t)n, sizeof(double), cmp_double);
		printf("%s %.1f %.1f %.1f %.1f %d\n", subjects[s].label, us[n / 2], us[n / 10],
		       us[n * 9 / 10], us[n * 99 / 100], n);
	}
	return 0;
}
