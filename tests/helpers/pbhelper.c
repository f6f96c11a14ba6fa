/* SPDX-License-Identifier: MIT */
/*
 * One multi-call helper for the integration tests: each mode is a small
 * program whose behaviour a test observes from outside.
 *
 *   pbhelper orphans N MAX_MS       leave N orphans that exit within MAX_MS
 *   pbhelper zombie-watch SECONDS   sample /proc; print the longest zombie life
 *   pbhelper signals [NAME...]      print each signal received ("got TERM", "got
 *                                   RTMIN+2"); exit 0 on one of NAMEs (default: TERM)
 *   pbhelper ignore-term            ignore SIGTERM, then sleep forever
 *   pbhelper setsid-ignore-term     the same in a new session
 *   pbhelper trap-term MS FILE      on SIGTERM, work MS ms, write FILE, exit 0
 *   pbhelper fds                    print the open fds
 *   pbhelper pty STEP... -- CMD...  run CMD on a new pty, driving it by STEPs:
 *                                   send:TEXT (\n, \x03 escapes), expect:TEXT, sleep:MS,
 *                                   hangup (close the terminal)
 *   pbhelper enosys NAME -- CMD...  run CMD with system call NAME refused (ENOSYS)
 *   pbhelper nsfarm FLAT CHAINS DEPTH PER_NS
 *                                   FLAT namespaces side by side and CHAINS chains of
 *                                   DEPTH nested ones, each with PER_NS processes (its
 *                                   init included); print "ready NS PROCS", then wait
 *                                   to be killed: all of it dies with this process
 *   pbhelper noioctl NAME[,NAME] -- CMD...
 *                                   run CMD with nsfs ioctls refused (ENOTTY, as a
 *                                   kernel without them answers): pid-translate (the
 *                                   four of Linux 6.11), ns-parent, ns-userns
 *   pbhelper nsioctl NSFILE PID     print NS_GET_PID_IN_PIDNS's answer for PID
 *   pbhelper thread                 start a thread, print "tid N" and wait to be killed
 *   pbhelper churn SECONDS          for SECONDS (or until SIGTERM), start and end
 *                                   processes and PID namespaces (nested too) every
 *                                   few ms, leaving zombies for a moment; print
 *                                   "churned N"
 *   pbhelper pid-at PID OFFSET -- CMD...  fork until a child gets PID minus OFFSET (in
 *                                   the cycle the kernel hands PIDs out in), which
 *                                   executes CMD; return once PID is taken, and
 *                                   print how many forks it took on stderr
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sched.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "syscall.h"

static int sigpipe_w = -1;

static void die(const char *what)
{
	fprintf(stderr, "pbhelper: %s: %s\n", what, strerror(errno));
	exit(2);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int mode_orphans(int n, int max_ms)
{
	srand((unsigned int)getpid());
	for (int i = 0; i < n; i++) {
		int delay = max_ms > 0 ? rand() % max_ms : 0;
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			if (fork() == 0) {
				sleep_ms(delay);
				_exit(0);
			}
			_exit(0);
		}
		waitpid(pid, NULL, 0);
	}
	sleep_ms(max_ms + 300);
	return 0;
}

static int mode_zombie_watch(int seconds)
{
	enum { MAXPID = 4194305 };
	static long first_seen[MAXPID];
	long end = now_ms() + seconds * 1000L, longest = 0;
	int at_end = 0;

	while (now_ms() < end) {
		DIR *d = opendir("/proc");
		struct dirent *de;
		long t = now_ms();

		if (!d)
			die("opendir /proc");
		at_end = 0;
		while ((de = readdir(d))) {
			char path[64], buf[256], *p;
			int pid = atoi(de->d_name), fd;
			ssize_t len;

			if (pid <= 0 || pid >= MAXPID)
				continue;
			snprintf(path, sizeof(path), "/proc/%d/stat", pid);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue;
			len = read(fd, buf, sizeof(buf) - 1);
			close(fd);
			if (len <= 0)
				continue;
			buf[len] = '\0';
			p = strrchr(buf, ')');
			if (p && p[1] == ' ' && p[2] == 'Z') {
				at_end++;
				if (!first_seen[pid])
					first_seen[pid] = t;
				if (t - first_seen[pid] > longest)
					longest = t - first_seen[pid];
			} else {
				first_seen[pid] = 0;
			}
		}
		closedir(d);
		sleep_ms(1);
	}
	printf("longest_zombie_ms=%ld zombies_at_end=%d\n", longest, at_end);
	return 0;
}

static void on_signal(int sig)
{
	unsigned char s = (unsigned char)sig;

	if (write(sigpipe_w, &s, 1) < 0)
		_exit(3);
}

/* "TERM", or "RTMIN+3" for the real-time signals, which have no abbreviation. */
static void signal_label(int sig, char *buf, size_t size)
{
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, size, "RTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, size, "%s", sigabbrev_np(sig) ? sigabbrev_np(sig) : "?");
}

static int mode_signals(char **exit_on)
{
	struct sigaction sa = { .sa_handler = on_signal };
	char label[32];
	int p[2];

	if (pipe(p) < 0)
		die("pipe");
	sigpipe_w = p[1];
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		sigaction(sig, &sa, NULL);
	for (int sig = 1; sig < 32; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP || sig == SIGCHLD || sig == SIGSEGV ||
		    sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGABRT ||
		    sig == SIGTRAP || sig == SIGSYS)
			continue;
		sigaction(sig, &sa, NULL);
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		unsigned char s;
		ssize_t n = read(p[0], &s, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n != 1)
			return 2;
		signal_label(s, label, sizeof(label));
		printf("got %s\n", label);
		fflush(stdout);
		if (!exit_on[0] && s == SIGTERM)
			return 0;
		for (char **name = exit_on; *name; name++)
			if (strcmp(*name, label) == 0)
				return 0;
	}
}

static int __attribute__((noreturn)) mode_ignore_term(int new_session)
{
	if (new_session && setsid() < 0)
		die("setsid");
	signal(SIGTERM, SIG_IGN);
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

static const char *trap_file;
static int trap_ms;

static void on_term_work(int sig)
{
	int fd;

	(void)sig;
	sleep_ms(trap_ms);
	fd = open(trap_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		if (write(fd, "done\n", 5) < 0)
			_exit(4);
		close(fd);
	}
	_exit(0);
}

static int __attribute__((noreturn)) mode_trap_term(int ms, const char *file)
{
	trap_ms = ms;
	trap_file = file;
	signal(SIGTERM, on_term_work);
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

static int mode_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	const char *sep = "";

	if (!d)
		die("opendir /proc/self/fd");
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || atoi(de->d_name) == dirfd(d))
			continue;
		printf("%s%s", sep, de->d_name);
		sep = " ";
	}
	printf("\n");
	closedir(d);
	return 0;
}

/* Turns \n, \r, \t, \\ and \xHH into bytes. */
static size_t unescape(const char *in, char *out)
{
	size_t n = 0;

	while (*in) {
		if (in[0] == '\\' && in[1]) {
			in++;
			switch (*in) {
			case 'n': out[n++] = '\n'; in++; continue;
			case 'r': out[n++] = '\r'; in++; continue;
			case 't': out[n++] = '\t'; in++; continue;
			case 'x': {
				char hex[3] = { in[1], in[1] ? in[2] : 0, 0 };

				out[n++] = (char)strtol(hex, NULL, 16);
				in += 3;
				continue;
			}
			default: out[n++] = *in++; continue;
			}
		}
		out[n++] = *in++;
	}
	return n;
}

static char pty_out[1 << 20];
static size_t pty_len;

/* Reads what the pty has for up to ms; returns false on EOF. */
static int pty_drain(int master, long ms)
{
	struct pollfd pfd = { .fd = master, .events = POLLIN };

	if (master < 0)
		return 0;
	if (poll(&pfd, 1, (int)ms) <= 0)
		return 1;
	ssize_t n = read(master, pty_out + pty_len, sizeof(pty_out) - pty_len - 1);
	if (n <= 0)
		return 0;
	pty_len += (size_t)n;
	pty_out[pty_len] = '\0';
	return 1;
}

static int mode_pty(char **steps, char **cmd)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), status, timed_out = 0;
	size_t expect_from = 0;
	pid_t pid;

	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		die("posix_openpt");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int slave;

		setsid();
		slave = open(ptsname(master), O_RDWR);
		if (slave < 0)
			die("open pty");
		ioctl(slave, TIOCSCTTY, 0);
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
		execvp(cmd[0], cmd);
		die("exec");
	}
	for (char **s = steps; *s && !timed_out; s++) {
		if (strncmp(*s, "send:", 5) == 0) {
			char buf[4096];
			size_t n = unescape(*s + 5, buf);

			if (write(master, buf, n) != (ssize_t)n)
				die("write pty");
		} else if (strncmp(*s, "expect:", 7) == 0) {
			long end = now_ms() + 15000;
			char *hit;

			while (!(hit = strstr(pty_out + expect_from, *s + 7))) {
				if (now_ms() > end || !pty_drain(master, 50)) {
					timed_out = 1;
					fprintf(stderr, "pbhelper pty: did not see '%s'\n", *s + 7);
					break;
				}
			}
			if (hit)
				expect_from = (size_t)(hit - pty_out) + strlen(*s + 7);
		} else if (strcmp(*s, "hangup") == 0) {
			close(master);
			master = -1;
		} else if (strncmp(*s, "sleep:", 6) == 0) {
			long end = now_ms() + atol(*s + 6);

			while (now_ms() < end && pty_drain(master, end - now_ms()))
				;
		}
	}
	{
		long end = now_ms() + 15000;

		while (waitpid(pid, &status, WNOHANG) == 0) {
			if (now_ms() > end) {
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
				timed_out = 1;
				break;
			}
			pty_drain(master, 20);
		}
	}
	while (pty_drain(master, 50) && pty_len < sizeof(pty_out) - 1)
		;
	fwrite(pty_out, 1, pty_len, stdout);
	if (timed_out)
		return 99;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int mode_enosys(const char *name, char **cmd)
{
	long nr;

	if (strcmp(name, "clone3") == 0)
		nr = __NR_clone3;
	else if (strcmp(name, "close_range") == 0)
		nr = __NR_close_range;
	else if (strcmp(name, "pidfd_open") == 0)
		nr = __NR_pidfd_open;
	else {
		fprintf(stderr, "pbhelper enosys: unknown system call %s\n", name);
		return 2;
	}
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(filter) / sizeof(filter[0]), .filter = filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		die("seccomp");
	execvp(cmd[0], cmd);
	die("exec");
	return 2;
}

static int mode_noioctl(char *names, char **cmd)
{
	unsigned int reqs[8], n = 0, k = 0;
	struct sock_filter filter[16];

	for (char *name = strtok(names, ","); name; name = strtok(NULL, ",")) {
		if (strcmp(name, "pid-translate") == 0 && n + 4 <= 8) {
			reqs[n++] = NS_GET_PID_FROM_PIDNS;
			reqs[n++] = NS_GET_TGID_FROM_PIDNS;
			reqs[n++] = NS_GET_PID_IN_PIDNS;
			reqs[n++] = NS_GET_TGID_IN_PIDNS;
		} else if (strcmp(name, "ns-parent") == 0 && n < 8) {
			reqs[n++] = NS_GET_PARENT;
		} else if (strcmp(name, "ns-userns") == 0 && n < 8) {
			reqs[n++] = NS_GET_USERNS;
		} else {
			fprintf(stderr, "pbhelper noioctl: unknown ioctl group %s\n", name);
			return 2;
		}
	}
	/* nr == ioctl && (request == one of reqs) -> ENOTTY, else allow */
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						   offsetof(struct seccomp_data, nr));
	filter[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0,
						   (unsigned char)(n + 1));
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
						   offsetof(struct seccomp_data, args[1]) + 4);
#else
						   offsetof(struct seccomp_data, args[1]));
#endif
	for (unsigned int i = 0; i < n; i++)
		filter[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, reqs[i],
							   (unsigned char)(n - i), 0);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	filter[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
						   SECCOMP_RET_ERRNO | (ENOTTY & SECCOMP_RET_DATA));
	struct sock_fprog prog = { .len = (unsigned short)k, .filter = filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		die("seccomp");
	execvp(cmd[0], cmd);
	die("exec");
	return 2;
}

static int mode_nsioctl(const char *path, int pid)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		die("open");
	r = ioctl(fd, NS_GET_PID_IN_PIDNS, (unsigned long)pid);
	if (r < 0)
		printf("%s\n", strerror(errno));
	else
		printf("%d\n", r);
	close(fd);
	return 0;
}

static void *thread_main(void *arg)
{
	(void)arg;
	printf("tid %d\n", (int)gettid());
	fflush(stdout);
	for (;;)
		pause();
	return NULL;
}

static int __attribute__((noreturn)) mode_thread(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, thread_main, NULL) != 0)
		die("pthread_create");
	for (;;)
		pause();
}

static int pidfd_of_self(void)
{
	return (int)syscall(SYS_pidfd_open, getpid(), 0);
}

/* fork() into a new PID namespace: the child is its PID 1. */
static pid_t fork_newpid(void)
{
	return (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
}

/* A child that must not outlive its parent (held by parent_pidfd). */
static void die_with_parent(int parent_pidfd)
{
	struct pollfd pfd = { .fd = parent_pidfd, .events = POLLIN };

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || poll(&pfd, 1, 0) != 0)
		_exit(0);
	close(parent_pidfd);
}

static pid_t farm_ns(int ready_w, int below, int per_ns);

/* PID 1 of one namespace of the farm: its processes, the next level, then wait. */
static void __attribute__((noreturn)) farm_init(int parent_pidfd, int ready_w, int below,
						int per_ns)
{
	die_with_parent(parent_pidfd);
	for (int i = 1; i < per_ns; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			if (write(ready_w, "E", 1) < 0)
				_exit(2);
			_exit(2);
		}
		if (pid == 0) {
			close(ready_w);
			for (;;)
				pause();
		}
	}
	if (below > 0)
		farm_ns(ready_w, below - 1, per_ns);
	if (write(ready_w, "x", 1) < 0)
		_exit(2);
	close(ready_w);
	for (;;)
		if (wait(NULL) < 0 && errno == ECHILD)
			pause();
}

static pid_t farm_ns(int ready_w, int below, int per_ns)
{
	int pidfd = pidfd_of_self();
	pid_t pid;

	if (pidfd < 0)
		die("pidfd_open");
	pid = fork_newpid();
	if (pid < 0) {
		if (write(ready_w, "E", 1) < 0)
			die("clone");
		die("clone(CLONE_NEWPID)");
	}
	if (pid == 0)
		farm_init(pidfd, ready_w, below, per_ns);
	close(pidfd);
	return pid;
}

static volatile sig_atomic_t stop_asked;

static void on_stop(int sig)
{
	(void)sig;
	stop_asked = 1;
}

static int mode_nsfarm(int flat, int chains, int depth, int per_ns)
{
	int p[2], want = flat + chains * depth, got = 0, nkids = 0;
	struct sigaction sa = { .sa_handler = on_stop };
	pid_t *kids = calloc((size_t)(flat + chains) + 1, sizeof(*kids));
	sigset_t block, old;

	if (!kids || per_ns < 1 || depth < 1 || pipe2(p, O_CLOEXEC) < 0)
		die("nsfarm arguments or pipe");
	/* Ended by TERM or INT: kill the namespaces' inits and reap them, so
	 * that no zombie is left to whatever PID 1 there is. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (int i = 0; i < flat; i++)
		kids[nkids++] = farm_ns(p[1], 0, per_ns);
	for (int i = 0; i < chains; i++)
		kids[nkids++] = farm_ns(p[1], depth - 1, per_ns);
	close(p[1]);
	while (got < want) {
		char c;
		ssize_t n = read(p[0], &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n != 1 || c != 'x') {
			fprintf(stderr, "pbhelper nsfarm: a namespace failed to start\n");
			return 2;
		}
		got++;
	}
	printf("ready %d %d\n", want, want * per_ns);
	fflush(stdout);
	while (!stop_asked)
		sigsuspend(&old);
	/* SIGKILL to each init ends its namespace and every one below it */
	for (int i = 0; i < nkids; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < nkids; i++)
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
	free(kids);
	return 0;
}

/* One short life of the churn: a process, or a namespace (nested for kind 2)
 * with a few processes. */
static void __attribute__((noreturn)) churn_child(int kind, int parent_pidfd)
{
	int self;

	die_with_parent(parent_pidfd);
	sleep_ms(rand() % 8);
	if (kind == 0)
		_exit(0);
	self = pidfd_of_self();
	for (int i = 0; i < 3; i++) {
		pid_t pid = kind == 2 && i == 0 ? fork_newpid() : fork();

		if (pid == 0) {
			if (kind == 2 && i == 0)
				churn_child(1, self); /* a namespace in this one */
			die_with_parent(self);
			sleep_ms(rand() % 10);
			_exit(0);
		}
	}
	/* Children exit while we sleep: zombies for a moment, then reaped. */
	sleep_ms(rand() % 10);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	_exit(0);
}

static int mode_churn(int seconds)
{
	long end = now_ms() + seconds * 1000L, started = 0;
	int alive = 0, self = pidfd_of_self();
	struct sigaction sa = { .sa_handler = on_stop };

	if (self < 0)
		die("pidfd_open");
	/* TERM ends it early, cleanly: its children are reaped first */
	sigaction(SIGTERM, &sa, NULL);
	srand((unsigned int)getpid());
	while (now_ms() < end && !stop_asked) {
		while (alive < 24) {
			int kind = rand() % 3;
			pid_t pid = kind ? fork_newpid() : fork();

			if (pid < 0)
				die("fork");
			if (pid == 0) {
				srand((unsigned int)getpid() ^ (unsigned int)now_ms());
				churn_child(kind, self);
			}
			alive++;
			started++;
		}
		sleep_ms(1);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			alive--;
	}
	while (alive > 0 && (wait(NULL) > 0 || errno == EINTR))
		alive--;
	printf("churned %ld\n", started);
	return 0;
}

/* PIDs cycle through [300, pid_max) once the first 300 are used up. */
static int mode_pid_at(long target, long offset, char **cmd)
{
	long max = 0, want = target - offset, forks;
	FILE *f = fopen("/proc/sys/kernel/pid_max", "re");

	if (!f || fscanf(f, "%ld", &max) != 1)
		die("read pid_max");
	fclose(f);
	if (target >= 300 && want < 300)
		want += max - 300;
	for (forks = 1; forks <= 20 * max; forks++) {
		pid_t pid = fork();

		if (pid < 0) {
			if (errno == EAGAIN)
				continue;
			die("fork");
		}
		if (pid == 0) {
			if (getpid() != want)
				_exit(0);
			execvp(cmd[0], cmd);
			die("exec");
		}
		if (pid == want) {
			/* With an offset, CMD's own child takes the PID: wait for it,
			 * so that the caller's next fork cannot take it first. */
			for (int i = 0; i < 5000 && kill((pid_t)target, 0) < 0 && errno == ESRCH; i++)
				sleep_ms(1);
			fprintf(stderr, "%ld\n", forks);
			return 0;
		}
		waitpid(pid, NULL, 0);
	}
	fprintf(stderr, "pbhelper pid-at: PID %ld never came back\n", want);
	return 1;
}

static char **after_dashes(char **argv)
{
	for (; *argv; argv++)
		if (strcmp(*argv, "--") == 0) {
			*argv = NULL;
			return argv + 1;
		}
	fprintf(stderr, "pbhelper: missing -- before the command\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "orphans") == 0 && argc == 4)
		return mode_orphans(atoi(argv[2]), atoi(argv[3]));
	if (strcmp(mode, "zombie-watch") == 0 && argc == 3)
		return mode_zombie_watch(atoi(argv[2]));
	if (strcmp(mode, "signals") == 0)
		return mode_signals(argv + 2);
	if (strcmp(mode, "ignore-term") == 0)
		return mode_ignore_term(0);
	if (strcmp(mode, "setsid-ignore-term") == 0)
		return mode_ignore_term(1);
	if (strcmp(mode, "trap-term") == 0 && argc == 4)
		return mode_trap_term(atoi(argv[2]), argv[3]);
	if (strcmp(mode, "fds") == 0)
		return mode_fds();
	if (strcmp(mode, "pty") == 0) {
		char **cmd = after_dashes(argv + 2);
		return mode_pty(argv + 2, cmd);
	}
	if (strcmp(mode, "pid-at") == 0 && argc > 5) {
		char **cmd = after_dashes(argv + 4);
		return mode_pid_at(atol(argv[2]), atol(argv[3]), cmd);
	}
	if (strcmp(mode, "enosys") == 0 && argc > 4) {
		char **cmd = after_dashes(argv + 3);
		return mode_enosys(argv[2], cmd);
	}
	if (strcmp(mode, "nsfarm") == 0 && argc == 6)
		return mode_nsfarm(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
	if (strcmp(mode, "noioctl") == 0 && argc > 4) {
		char **cmd = after_dashes(argv + 3);
		return mode_noioctl(argv[2], cmd);
	}
	if (strcmp(mode, "nsioctl") == 0 && argc == 4)
		return mode_nsioctl(argv[2], atoi(argv[3]));
	if (strcmp(mode, "thread") == 0)
		return mode_thread();
	if (strcmp(mode, "churn") == 0 && argc == 3)
		return mode_churn(atoi(argv[2]));
	fprintf(stderr, "pbhelper: unknown mode or arguments (see the comment at the top)\n");
	return 2;
}
