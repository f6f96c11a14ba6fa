/* SPDX-License-Identifier: MIT */
/*
 * The init: PID 1 of a box (or a child subreaper).  It starts the command,
 * passes every signal on to it, reaps every child the kernel hands it, and
 * when the command ends, ends all that is left (SIGTERM, a grace period,
 * SIGKILL) before it exits with the command's status.
 *
 * All signals stay blocked and are taken with sigwaitinfo(): an idle init
 * sleeps in one system call, with no timer.  A timeout exists only during
 * the grace period.
 *
 * Job control: when the command stops (Ctrl-Z, or a stop signal the init
 * forwarded), an init that is not PID 1 stops itself too, so that the shell
 * above sees one job; when continued, it hands the terminal back to the
 * command's group and continues it.  PID 1 never stops: nobody above it
 * would continue it, so a Ctrl-Z that stopped the command is undone.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "clone.h"
#include "descend.h"
#include "init.h"
#include "internal.h"
#include "syscall.h"

struct init_state {
	const struct pidbox_config *cfg;
	pid_t cmd_pid;
	int cmd_pidfd;
	bool cmd_done;
	int cmd_status;
	pid_t self;
	bool pid1;            /* PID 1 of its namespace: kill(-1) stays inside */
	bool standalone;      /* pidbox_init_run: the caller's process is the init */
	bool took_tty;        /* the command's group was made the terminal's foreground */
	bool follow_stop;     /* a stop signal was forwarded: stop along with the command */
	bool stopped;         /* stopped along with the command, not continued since */
	bool shutting_down;
	bool killed;          /* SIGKILL sent to what is left */
	struct timespec deadline;
};

/* What the command is executed with besides cfg: an environment of its own
 * when LISTEN_PID has to name it, and where its PID goes in there. */
struct exec_env {
	char **envp;
	char *listen_pid;
};

/* Writes pid in decimal at out; no stdio in a child that shares our memory. */
static void write_pid(char *out, pid_t pid)
{
	char digits[16];
	int n = 0;

	do
		digits[n++] = (char)('0' + pid % 10);
	while ((pid /= 10) > 0);
	while (n > 0)
		*out++ = digits[--n];
	*out = '\0';
}

static void command_exec_env(const struct pidbox_config *cfg, bool take_tty,
			     const sigset_t *mask, const struct exec_env *env,
			     struct child_report *rep)
{
	/* rep is shared with the init until exec: written only on failure. */
	int step = STEP_SETPGID;
	sigset_t empty;

	if (cfg->flags & PIDBOX_SETSID) {
		if (setsid() < 0)
			goto fail;
		/* Succeeds only when no other session holds the terminal: then the
		 * command has it as its controlling terminal, as on a login. */
		if (isatty(STDIN_FILENO))
			ioctl(STDIN_FILENO, TIOCSCTTY, 0);
	} else if (!(cfg->flags & PIDBOX_NO_SETPGID)) {
		if (setpgid(0, 0) < 0)
			goto fail;
		/* SIGTTOU is still blocked here, so a background caller cannot stop us. */
		if (take_tty && tcsetpgrp(STDIN_FILENO, getpgrp()) < 0 && errno != ENOTTY &&
		    errno != ENXIO)
			goto fail;
	}
	step = STEP_FDS;
	if (!(cfg->flags & PIDBOX_KEEP_FDS)) {
		if (fds_cloexec_from(cfg->preserve_fds) < 0)
			goto fail;
		for (int fd = 3; fd < 3 + cfg->preserve_fds; fd++) {
			int flags = fcntl(fd, F_GETFD);

			if (flags >= 0 && fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) < 0)
				goto fail;
		}
	}
	sigemptyset(&empty);
	sigprocmask(SIG_SETMASK, cfg->has_sigmask ? &cfg->sigmask : mask ? mask : &empty, NULL);
	if (env && env->envp) {
		write_pid(env->listen_pid, getpid());
		execvpe(cfg->argv[0], cfg->argv, env->envp);
	} else {
		execvp(cfg->argv[0], cfg->argv);
	}
	step = STEP_EXEC;
fail:
	rep->err = errno > 0 ? errno : EIO;
	rep->step = step;
}

void command_exec(const struct pidbox_config *cfg, bool take_tty, struct child_report *rep)
{
	command_exec_env(cfg, take_tty, NULL, NULL, rep);
}

int command_exit_status(const struct child_report *rep)
{
	if (rep->step != STEP_EXEC)
		return PIDBOX_EXIT_FAILURE;
	return rep->err == ENOENT ? PIDBOX_EXIT_NOT_FOUND : PIDBOX_EXIT_CANNOT_EXEC;
}

static void emit(const struct init_state *st, enum pidbox_event_type type, pid_t pid, int sig,
		 int sig_out, int status)
{
	struct pidbox_event ev = {
		.type = type, .pid = pid, .sig = sig, .sig_out = sig_out, .status = status
	};

	if (st->cfg->event_fn)
		st->cfg->event_fn(&ev, st->cfg->event_data);
}

/* Sends sig to everything of the box but the init itself; false when there
 * was nothing left to send it to. */
static bool signal_rest(const struct init_state *st, int sig)
{
	siginfo_t si;

	if (st->pid1)
		return kill(-1, sig) == 0;
	/* A subreaper without a child has no descendant at all (an orphan would
	 * have become its child): no need to read all of /proc to find none. */
	if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0 && errno == ECHILD)
		return false;
	return signal_descendants(sig) > 0;
}

/* True when the command has a process group of its own, whose ID is the
 * command's PID: reserved while the command is unreaped, and we are its
 * only reaper, so kill(-pid) cannot reach a stranger. */
static bool own_group(const struct init_state *st)
{
	unsigned int flags = st->cfg->flags;

	return (flags & PIDBOX_SETSID) || !(flags & PIDBOX_NO_SETPGID);
}

static void signal_command(const struct init_state *st, int sig, bool group)
{
	if (group && own_group(st) && kill(-st->cmd_pid, sig) == 0)
		return;
	pidbox_sys_pidfd_send_signal(st->cmd_pidfd, sig, NULL, 0);
}

static void begin_shutdown(struct init_state *st)
{
	st->shutting_down = true;
	if (st->cfg->grace_ms == 0) {
		if (signal_rest(st, SIGKILL))
			emit(st, PIDBOX_EVENT_TERMINATE, 0, SIGKILL, 0, 0);
		st->killed = true;
		return;
	}
	if (!signal_rest(st, SIGTERM)) {
		/* Nothing left: no grace period to wait for. */
		st->killed = true;
		return;
	}
	emit(st, PIDBOX_EVENT_TERMINATE, 0, SIGTERM, 0, 0);
	/* A stopped process acts on SIGTERM only once continued. */
	signal_rest(st, SIGCONT);
	clock_gettime(CLOCK_MONOTONIC, &st->deadline);
	st->deadline.tv_sec += st->cfg->grace_ms / 1000;
	st->deadline.tv_nsec += (long)(st->cfg->grace_ms % 1000) * 1000000L;
	if (st->deadline.tv_nsec >= 1000000000L) {
		st->deadline.tv_sec++;
		st->deadline.tv_nsec -= 1000000000L;
	}
}

/* Reaps every child that has ended.  Returns true when nothing is left to
 * wait for: the command has ended and the init has no child. */
static bool reap_all(struct init_state *st)
{
	for (;;) {
		siginfo_t si;

		si.si_pid = 0;
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG) < 0) {
			if (errno == EINTR)
				continue;
			return st->cmd_done; /* ECHILD */
		}
		if (si.si_pid == 0)
			return false;
		if (!st->cmd_done && si.si_pid == st->cmd_pid && st->cmd_pidfd >= 0) {
			st->cmd_done = true;
			st->cmd_status = status_from_siginfo(&si);
			close(st->cmd_pidfd);
			st->cmd_pidfd = -1;
			emit(st, PIDBOX_EVENT_EXITED, si.si_pid, 0, 0, st->cmd_status);
			begin_shutdown(st);
		} else {
			emit(st, PIDBOX_EVENT_REAPED, si.si_pid, 0, 0, status_from_siginfo(&si));
		}
	}
}

/* After a SIGCHLD: has the command stopped?  Looked at only when it matters
 * (the command has the terminal, or we forwarded a stop), so that a busy
 * reaper pays no extra system call. */
static void check_stopped(struct init_state *st)
{
	bool asked = st->follow_stop;
	siginfo_t si;

	if (st->cmd_done || (!st->took_tty && !asked))
		return;
	si.si_pid = 0;
	if (waitid((idtype_t)P_PIDFD, (id_t)st->cmd_pidfd, &si, WSTOPPED | WNOHANG) < 0 ||
	    si.si_pid == 0)
		return;
	st->follow_stop = false;
	if (st->pid1) {
		/* A Ctrl-Z nobody asked us for would freeze the container for good. */
		if (!asked && si.si_status == SIGTSTP) {
			emit(st, PIDBOX_EVENT_RESUMED, st->cmd_pid, SIGTSTP, 0, 0);
			signal_command(st, SIGCONT, true);
		}
		return;
	}
	emit(st, PIDBOX_EVENT_STOPPED, st->cmd_pid, si.si_status, 0, 0);
	st->stopped = true;
	/* Returns once we are continued; that SIGCONT waits for us, blocked. */
	kill(st->self, SIGSTOP);
}

/* Continued after we stopped along with the command. */
static void resume(struct init_state *st)
{
	st->stopped = false;
	emit(st, PIDBOX_EVENT_RESUMED, st->cmd_pid, SIGCONT, 0, 0);
	/* fg gave the terminal to our group; bg did not. */
	if (st->took_tty && tcgetpgrp(STDIN_FILENO) == getpgrp())
		tcsetpgrp(STDIN_FILENO, st->cmd_pid);
	/* The whole group: a stopped pipeline must go on as a whole. */
	signal_command(st, SIGCONT, true);
}

static bool is_stop_signal(int sig)
{
	return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU || sig == SIGSTOP;
}

static void forward(struct init_state *st, int sig)
{
	unsigned int flags = st->cfg->flags;
	int out;

	if ((flags & PIDBOX_PAUSE) && !st->cmd_done) {
		emit(st, PIDBOX_EVENT_SIGNAL, 0, sig, 0, 0);
		if (sig == SIGINT || sig == SIGTERM) {
			st->cmd_done = true;
			st->cmd_status = 0;
			begin_shutdown(st);
		}
		return;
	}
	out = config_rewritten(st->cfg, sig);
	emit(st, PIDBOX_EVENT_SIGNAL, st->cmd_done ? 0 : st->cmd_pid, sig, out, 0);
	if (sig == SIGCONT && st->stopped)
		resume(st);
	if (out == 0)
		return;
	if (!st->cmd_done && is_stop_signal(out))
		st->follow_stop = true;
	if (st->cmd_done || (flags & PIDBOX_SIGNAL_ALL))
		signal_rest(st, out);
	else
		signal_command(st, out, flags & PIDBOX_SIGNAL_GROUP);
}

/* Time left until the deadline, or false once it has passed. */
static bool time_left(const struct timespec *deadline, struct timespec *left)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left->tv_sec = deadline->tv_sec - now.tv_sec;
	left->tv_nsec = deadline->tv_nsec - now.tv_nsec;
	if (left->tv_nsec < 0) {
		left->tv_sec--;
		left->tv_nsec += 1000000000L;
	}
	return left->tv_sec >= 0;
}

static int init_loop(struct init_state *st)
{
	sigset_t set;

	forwardable_signals(&set);
	if (reap_all(st))
		return st->cmd_status;
	for (;;) {
		struct timespec left;
		siginfo_t si;
		int sig;

		if (st->shutting_down && !st->killed) {
			if (!time_left(&st->deadline, &left)) {
				if (signal_rest(st, SIGKILL))
					emit(st, PIDBOX_EVENT_TERMINATE, 0, SIGKILL, 0, 0);
				st->killed = true;
				continue;
			}
			sig = sigtimedwait(&set, &si, &left);
		} else {
			sig = sigwaitinfo(&set, &si);
		}
		if (sig < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return neg_errno();
		}
		if (sig == SIGCHLD) {
			if (reap_all(st))
				return st->cmd_status;
			check_stopped(st);
			continue;
		}
		/* Our own write to a closed pipe (a verbose message) is no news for
		 * the command, and could kill it. */
		if (sig == SIGPIPE && si.si_code == SI_USER && si.si_pid == st->self)
			continue;
		forward(st, sig);
		/* In pause mode a signal, not a child, may have begun the end. */
		if (st->shutting_down && reap_all(st))
			return st->cmd_status;
	}
}

struct command_launch {
	const struct pidbox_config *cfg;
	bool take_tty;
	const sigset_t *mask;
	struct exec_env env;
	struct child_report rep; /* written by the child, read once it is gone */
};

/* The command's side of the vfork: it shares our memory until it execs.
 * Not instrumented by ASan, which cannot tell this stack from a thread's. */
__attribute__((no_sanitize_address)) static int command_child(void *arg)
{
	struct command_launch *launch = arg;

	command_exec_env(launch->cfg, launch->take_tty, launch->mask, &launch->env, &launch->rep);
	_exit(command_exit_status(&launch->rep));
}

/*
 * Socket activation (sd_listen_fds): LISTEN_PID names the process meant to
 * take the passed fds.  When it names us, the command is meant: it gets an
 * environment where LISTEN_PID is its own PID, which it writes into slot.
 * Returns that environment (to free), or NULL when there is nothing to do.
 */
static char **listen_env(char *slot, size_t size, char **pid_at)
{
	static const char name[] = "LISTEN_PID=";
	const char *value = getenv("LISTEN_PID");
	char **envp, *end;
	size_t n = 0;
	long pid;

	if (!value)
		return NULL;
	errno = 0;
	pid = strtol(value, &end, 10);
	if (errno || *end || end == value || pid != (long)getpid())
		return NULL;
	while (environ[n])
		n++;
	envp = calloc(n + 1, sizeof(*envp));
	if (!envp)
		return NULL;
	snprintf(slot, size, "%s", name);
	*pid_at = slot + strlen(name);
	for (size_t i = 0; i < n; i++)
		envp[i] = strncmp(environ[i], name, strlen(name)) == 0 ? slot : environ[i];
	return envp;
}

/*
 * Starts the command with CLONE_VM | CLONE_VFORK, as posix_spawn does: no
 * page tables to copy, and when clone() returns the command has either been
 * executed or left its failure in launch.rep.  Returns 0, or -errno with
 * *failed_step set.
 */
static int start_command(struct init_state *st, int report_fd, bool take_tty,
			 const sigset_t *mask, int *failed_step)
{
	static char stack[256 * 1024] __attribute__((aligned(16)));
	struct command_launch launch = { .cfg = st->cfg, .take_tty = take_tty, .mask = mask };
	char slot[32];

	launch.env.envp = listen_env(slot, sizeof(slot), &launch.env.listen_pid);
	st->cmd_pid = clone(command_child, stack + sizeof(stack),
			    CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, &launch,
			    &st->cmd_pidfd);
	free(launch.env.envp);
	if (st->cmd_pid < 0) {
		*failed_step = STEP_CLONE_COMMAND;
		return neg_errno();
	}
	if (launch.rep.step != STEP_NONE) {
		child_report_write(report_fd, launch.rep.step, launch.rep.err);
		*failed_step = launch.rep.step;
		return -launch.rep.err;
	}
	return 0;
}

/*
 * dumb-init's setsid mode: the command's new session can take our terminal
 * as its controlling terminal only once our session lets go of it.
 */
static void release_tty(void)
{
	static const struct timespec now = { 0, 0 };
	sigset_t pending, sent;

	if (!isatty(STDIN_FILENO) || getsid(0) != getpid() || tcgetsid(STDIN_FILENO) != getpid())
		return;
	sigpending(&pending);
	if (ioctl(STDIN_FILENO, TIOCNOTTY) < 0)
		return;
	/* A session leader letting go makes the kernel send SIGHUP and SIGCONT
	 * to the foreground group, ours: they are not for the command. */
	sigemptyset(&sent);
	if (!sigismember(&pending, SIGHUP))
		sigaddset(&sent, SIGHUP);
	if (!sigismember(&pending, SIGCONT))
		sigaddset(&sent, SIGCONT);
	while (sigtimedwait(&sent, NULL, &now) > 0)
		;
}

/* Closes every fd above 2 but keep, by close_range() or, where that is
 * refused, one by one from /proc/self/fd. */
static void close_fds_but(int keep)
{
	DIR *dir;
	struct dirent *de;

	if ((keep <= 3 || pidbox_sys_close_range(3, (unsigned int)keep - 1, 0) == 0) &&
	    pidbox_sys_close_range((unsigned int)keep + 1, ~0U, 0) == 0)
		return;
	dir = opendir("/proc/self/fd");
	if (!dir)
		return;
	while ((de = readdir(dir))) {
		int fd = atoi(de->d_name);

		if (fd > 2 && fd != keep && fd != dirfd(dir))
			close(fd);
	}
	closedir(dir);
}

/* Sets the parent death signal, and sends it at once when the parent is
 * already gone (the kernel would never send it then). */
static int set_parent_death_signal(int sig)
{
	pid_t parent = getppid();

	if (prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) < 0)
		return neg_errno();
	if (getppid() != parent)
		kill(getpid(), sig);
	return 0;
}

static int init_run(const struct pidbox_config *cfg, int report_fd, bool take_tty,
		    bool standalone, int *failed_step)
{
	struct init_state st = {
		.cfg = cfg, .cmd_pidfd = -1, .self = getpid(), .standalone = standalone
	};
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t set, saved;
	int r;

	*failed_step = STEP_NONE;
	st.pid1 = st.self == 1;
	forwardable_signals(&set);
	sigprocmask(SIG_BLOCK, &set, &saved);
	/* An ignored SIGCHLD would make the kernel reap for us and lose statuses. */
	sigaction(SIGCHLD, &dfl, NULL);
	if (!st.pid1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		*failed_step = STEP_SUBREAPER;
		child_report_write(report_fd, STEP_SUBREAPER, errno);
		return neg_errno();
	}
	if (standalone && cfg->pdeathsig) {
		r = set_parent_death_signal(cfg->pdeathsig);
		if (r < 0) {
			*failed_step = STEP_PDEATHSIG;
			return r;
		}
	}
	if (cfg->flags & PIDBOX_PAUSE) {
		if (report_fd >= 0)
			close(report_fd);
		return init_loop(&st);
	}
	if (cfg->flags & PIDBOX_SETSID)
		release_tty();
	r = start_command(&st, report_fd, take_tty, &saved, failed_step);
	if (report_fd >= 0)
		close(report_fd);
	if (r < 0) {
		/* The command's process ended with the failure: reap it and any
		 * orphan before reporting, so that nothing is left behind. */
		if (st.cmd_pid > 0) {
			st.cmd_done = true;
			if (st.cmd_pidfd >= 0)
				close(st.cmd_pidfd);
			st.cmd_pidfd = -1;
			while (waitid(P_ALL, 0, &(siginfo_t){ 0 }, WEXITED) == 0 || errno == EINTR)
				;
		}
		return r;
	}
	st.took_tty = take_tty && !(cfg->flags & (PIDBOX_SETSID | PIDBOX_NO_SETPGID));
	if (standalone) {
		/* The command has its own copies; ours would keep pipes open. */
		close_fds_but(st.cmd_pidfd);
		if (chdir("/") < 0) {
			/* Only to keep no directory busy: staying where we are is fine. */
		}
	}
	emit(&st, PIDBOX_EVENT_STARTED, st.cmd_pid, 0, 0, 0);
	r = init_loop(&st);
	/* No shell may be there to take the terminal back from a group that is gone. */
	if (standalone && st.took_tty && tcgetpgrp(STDIN_FILENO) == st.cmd_pid)
		tcsetpgrp(STDIN_FILENO, getpgrp());
	return r;
}

int init_main(const struct pidbox_config *cfg, int report_fd, bool take_tty, int *failed_step)
{
	return init_run(cfg, report_fd, take_tty, false, failed_step);
}

PIDBOX_EXPORT int pidbox_init_run(const struct pidbox_config *cfg, enum pidbox_stage *stage,
				  const char **step)
{
	unsigned int flags = cfg->flags;
	bool take_tty = false;
	int failed = STEP_NONE;
	int r;

	if (!cfg->argv && !(flags & PIDBOX_PAUSE))
		return -EINVAL;
	if (!(flags & (PIDBOX_NO_TTY | PIDBOX_NO_SETPGID | PIDBOX_SETSID)) && isatty(STDIN_FILENO))
		take_tty = tcgetpgrp(STDIN_FILENO) == getpgrp();
	r = init_run(cfg, -1, take_tty, true, &failed);
	if (stage)
		*stage = failed == STEP_NONE ? PIDBOX_STAGE_NONE
			 : failed == STEP_EXEC ? PIDBOX_STAGE_EXEC
					       : PIDBOX_STAGE_SETUP;
	if (step)
		*step = step_describe(failed);
	return r;
}
