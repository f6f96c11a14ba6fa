/* SPDX-License-Identifier: MIT */
/*
 * Signal forwarding latency of an init: the time from kill(init, SIGUSR1)
 * until the command's handler has run and said so through a pipe.  Several
 * inits are measured round-robin, one signal at a time, so that noise hits
 * all alike.  Prints one line per init:  LABEL median_us p10_us p90_us p99_us n
 *
 *   siglat [-n N] [-w W] [-s] LABEL INIT... [::: LABEL INIT...]...
 *
 * -s starts each init in a session of its own, as container runtimes do.
 * Each INIT... is a command prefix: siglat appends itself in handler mode
 * ("INIT... /path/to/siglat --handler"), which gets fd 3 (the pipe's write
 * end).  An empty prefix (LABEL alone) runs the handler directly: the
 * latency of signalling the command without an init.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SUBJECTS 16

static int new_session;

struct subject {
	const char *label;
	char **argv; /* the prefix, then self, "--handler", NULL */
	pid_t pid;
	int rfd;
	double *us;
};

static void on_usr1(int sig)
{
	char c = (char)sig;

	if (write(3, &c, 1) < 0)
		_exit(3);
}

/* The command under the init: answer each SIGUSR1 with a byte on fd 3. */
static int handler_mode(void)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	sigset_t none;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (write(3, "r", 1) != 1)
		return 2;
	for (;;)
		pause();
}

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

static void read_byte(struct subject *s)
{
	char c;
	ssize_t n;

	do
		n = read(s->rfd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1) {
		fprintf(stderr, "siglat: %s: no answer from the handler\n", s->label);
		exit(1);
	}
}

static void start(struct subject *s)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0) {
		perror("siglat: pipe");
		exit(2);
	}
	s->pid = fork();
	if (s->pid < 0) {
		perror("siglat: fork");
		exit(2);
	}
	if (s->pid == 0) {
		/* A session of its own, as a container runtime starts an init. */
		if (new_session)
			setsid();
		if (dup2(p[1], 3) < 0)
			_exit(126);
		execvp(s->argv[0], s->argv);
		_exit(127);
	}
	close(p[1]);
	s->rfd = p[0];
	read_byte(s); /* the handler is installed */
}

static double round_trip(struct subject *s)
{
	double t0 = now_us();

	kill(s->pid, SIGUSR1);
	read_byte(s);
	return now_us() - t0;
}

int main(int argc, char **argv)
{
	static char self[4096];
	struct subject subjects[MAX_SUBJECTS];
	int n = 5000, warm = 200, count = 0, opt;
	ssize_t len;

	if (argc == 2 && strcmp(argv[1], "--handler") == 0)
		return handler_mode();
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len < 0) {
		perror("siglat: /proc/self/exe");
		return 2;
	}
	self[len] = '\0';
	while ((opt = getopt(argc, argv, "+n:w:s")) != -1) {
		if (opt == 's')
			new_session = 1;
		else if (opt == 'n')
			n = atoi(optarg);
		else if (opt == 'w')
			warm = atoi(optarg);
		else
			return 2;
	}
	for (int i = optind; i < argc && count < MAX_SUBJECTS;) {
		struct subject *s = &subjects[count];
		int first = ++i, k = 0;

		s->label = argv[first - 1];
		while (i < argc && strcmp(argv[i], ":::") != 0)
			i++;
		s->argv = calloc((size_t)(i - first) + 3, sizeof(char *));
		s->us = calloc((size_t)n, sizeof(double));
		if (!s->argv || !s->us)
			return 2;
		for (int j = first; j < i; j++)
			s->argv[k++] = argv[j];
		s->argv[k++] = self;
		s->argv[k++] = "--handler";
		if (i < argc)
			i++;
		count++;
	}
	if (count == 0 || n < 1) {
		fprintf(stderr, "usage: siglat [-n N] [-w W] LABEL [INIT...] [::: LABEL ...]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	for (int s = 0; s < count; s++)
		start(&subjects[s]);
	for (int r = 0; r < warm; r++)
		for (int s = 0; s < count; s++)
			round_trip(&subjects[s]);
	for (int r = 0; r < n; r++)
		for (int s = 0; s < count; s++)
			subjects[s].us[r] = round_trip(&subjects[s]);
	for (int s = 0; s < count; s++) {
		double *us = subjects[s].us;

		kill(subjects[s].pid, SIGTERM);
		waitpid(subjects[s].pid, NULL, 0);
		qsort(us, (size_t)n, sizeof(double), cmp_double);
		printf("%s %.1f %.1f %.1f %.1f %d\n", subjects[s].label, us[n / 2], us[n / 10],
		       us[n * 9 / 10], us[n * 99 / 100], n);
	}
	return 0;
}
