/* SPDX-License-Identifier: MIT */
/*
 * The init as a library call (pidbox_init_run) and the configuration it
 * reads: signal rewrites, the parent death signal, events.  Each init runs
 * in a forked child, which it turns into a subreaper with no fd above 2.
 */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"

/* What an init reports through a pipe to the test: events, then its status. */
struct record {
	int type;
	int sig;
	int sig_out;
	int status;
};

static void record_event(const struct pidbox_event *ev, void *data)
{
	struct record rec = { ev->type, ev->sig, ev->sig_out, ev->status };

	if (write(*(int *)data, &rec, sizeof(rec)) != sizeof(rec))
		_exit(99);
}

/* Runs cfg's init in a child; returns its exit status (the init's status,
 * or 200 + stage on failure) and the events in recs (up to max). */
static int run_init(struct pidbox_config *cfg, struct record *recs, int max, int *count)
{
	int p[2], status, n = 0;
	pid_t pid;

	CHECK(pipe(p) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		enum pidbox_stage stage;
		int r, fd;

		close(p[0]);
		/* The init keeps no fd above 2: ours must be one of them. */
		fd = dup2(p[1], 2);
		pidbox_config_set_event_handler(cfg, record_event, &fd);
		r = pidbox_init_run(cfg, &stage, NULL);
		_exit(r >= 0 ? r : 200 + (int)stage);
	}
	close(p[1]);
	while (n < max && read(p[0], &recs[n], sizeof(recs[0])) == sizeof(recs[0]))
		n++;
	close(p[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status));
	*count = n;
	return WEXITSTATUS(status);
}

static int find(const struct record *recs, int n, int type)
{
	for (int i = 0; i < n; i++)
		if (recs[i].type == type)
			return i;
	return -1;
}

TEST(rewrite_validates_its_signals)
{
	struct pidbox_config *cfg;

	CHECK_OK(pidbox_config_new(&cfg));
	CHECK_EQ(pidbox_config_set_signal_rewrite(cfg, 0, SIGTERM), -EINVAL);
	CHECK_EQ(pidbox_config_set_signal_rewrite(cfg, NSIG, SIGTERM), -EINVAL);
	CHECK_EQ(pidbox_config_set_signal_rewrite(cfg, SIGTERM, NSIG), -EINVAL);
	CHECK_EQ(pidbox_config_set_signal_rewrite(cfg, SIGTERM, -1), -EINVAL);
	CHECK_EQ(pidbox_config_set_signal_rewrite(cfg, SIGCHLD, SIGTERM), -EINVAL);
	CHECK_EQ(pidbox_config_set_signal_rewrite(cfg, SIGKILL, SIGTERM), -EINVAL);
	CHECK_EQ(pidbox_config_set_signal_rewrite(cfg, SIGSTOP, SIGTERM), -EINVAL);
	CHECK_OK(pidbox_config_set_signal_rewrite(cfg, SIGTERM, SIGQUIT));
	CHECK_OK(pidbox_config_set_signal_rewrite(cfg, SIGUSR2, 0));
	CHECK_EQ(config_rewritten(cfg, SIGTERM), SIGQUIT);
	CHECK_EQ(config_rewritten(cfg, SIGUSR2), 0);
	CHECK_EQ(config_rewritten(cfg, SIGHUP), SIGHUP);
	CHECK_EQ(config_rewritten(cfg, SIGTSTP), SIGTSTP);
	pidbox_config_free(cfg);
}

TEST(setsid_turns_terminal_stops_into_sigstop)
{
	struct pidbox_config *cfg;

	CHECK_OK(pidbox_config_new(&cfg));
	pidbox_config_set_flags(cfg, PIDBOX_SETSID);
	CHECK_EQ(config_rewritten(cfg, SIGTSTP), SIGSTOP);
	CHECK_EQ(config_rewritten(cfg, SIGTTIN), SIGSTOP);
	CHECK_EQ(config_rewritten(cfg, SIGTTOU), SIGSTOP);
	CHECK_EQ(config_rewritten(cfg, SIGINT), SIGINT);
	/* rewriting one back to itself opts out, as with dumb-init */
	CHECK_OK(pidbox_config_set_signal_rewrite(cfg, SIGTSTP, SIGTSTP));
	CHECK_EQ(config_rewritten(cfg, SIGTSTP), SIGTSTP);
	pidbox_config_free(cfg);
}

TEST(parent_death_signal_range)
{
	struct pidbox_config *cfg;

	CHECK_OK(pidbox_config_new(&cfg));
	CHECK_EQ(pidbox_config_set_parent_death_signal(cfg, -1), -EINVAL);
	CHECK_EQ(pidbox_config_set_parent_death_signal(cfg, NSIG), -EINVAL);
	CHECK_OK(pidbox_config_set_parent_death_signal(cfg, SIGTERM));
	CHECK_OK(pidbox_config_set_parent_death_signal(cfg, 0));
	pidbox_config_free(cfg);
}

TEST(init_run_needs_a_command)
{
	struct pidbox_config *cfg;

	CHECK_OK(pidbox_config_new(&cfg));
	CHECK_EQ(pidbox_init_run(cfg, NULL, NULL), -EINVAL);
	pidbox_config_free(cfg);
}

TEST(init_run_status_and_events)
{
	char *argv[] = { "sh", "-c", "sleep 5 & exit 3", NULL };
	struct pidbox_config *cfg;
	struct record recs[16];
	int n, i;

	CHECK_OK(pidbox_config_new(&cfg));
	CHECK_OK(pidbox_config_set_command(cfg, argv));
	pidbox_config_set_grace_ms(cfg, 2000);
	CHECK_EQ(run_init(cfg, recs, 16, &n), 3);
	CHECK_EQ(recs[0].type, PIDBOX_EVENT_STARTED);
	i = find(recs, n, PIDBOX_EVENT_EXITED);
	CHECK(i > 0);
	CHECK_EQ(recs[i].status, 3);
	/* the leftover sleep: SIGTERM, then reaped with 128 + SIGTERM */
	i = find(recs, n, PIDBOX_EVENT_TERMINATE);
	CHECK(i > 0);
	CHECK_EQ(recs[i].sig, SIGTERM);
	i = find(recs, n, PIDBOX_EVENT_REAPED);
	CHECK(i > 0);
	CHECK_EQ(recs[i].status, 128 + SIGTERM);
	pidbox_config_free(cfg);
}

TEST(init_run_forwards_a_rewritten_signal)
{
	/* the command signals the init; the init passes SIGUSR1 on as SIGUSR2 */
	/* the leftover starts first, so that it exists whenever USR2 comes */
	char *argv[] = { "sh", "-c", "trap 'exit 7' USR2; sleep 5 & kill -USR1 $PPID; wait", NULL };
	struct pidbox_config *cfg;
	struct record recs[16];
	int n, i;

	CHECK_OK(pidbox_config_new(&cfg));
	CHECK_OK(pidbox_config_set_command(cfg, argv));
	CHECK_OK(pidbox_config_set_signal_rewrite(cfg, SIGUSR1, SIGUSR2));
	pidbox_config_set_grace_ms(cfg, 0);
	CHECK_EQ(run_init(cfg, recs, 16, &n), 7);
	i = find(recs, n, PIDBOX_EVENT_SIGNAL);
	CHECK(i > 0);
	CHECK_EQ(recs[i].sig, SIGUSR1);
	CHECK_EQ(recs[i].sig_out, SIGUSR2);
	/* --grace 0: the leftover is killed at once */
	i = find(recs, n, PIDBOX_EVENT_TERMINATE);
	CHECK(i > 0);
	CHECK_EQ(recs[i].sig, SIGKILL);
	pidbox_config_free(cfg);
}

TEST(init_run_exec_failure_is_stage_exec)
{
	char *argv[] = { "/nonexistent/command", NULL };
	struct pidbox_config *cfg;
	struct record recs[4];
	int n;

	CHECK_OK(pidbox_config_new(&cfg));
	CHECK_OK(pidbox_config_set_command(cfg, argv));
	CHECK_EQ(run_init(cfg, recs, 4, &n), 200 + PIDBOX_STAGE_EXEC);
	CHECK_EQ(n, 0);
	pidbox_config_free(cfg);
}

TEST(init_run_pause_ends_on_the_parent_death_signal)
{
	struct pidbox_config *cfg;
	struct record rec = { 0 }, last = { 0 };
	int p[2], n = 0, status;
	pid_t pid;

	CHECK_OK(pidbox_config_new(&cfg));
	pidbox_config_set_flags(cfg, PIDBOX_PAUSE);
	CHECK_OK(pidbox_config_set_parent_death_signal(cfg, SIGTERM));
	CHECK(pipe(p) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		/* The init's parent ends once the init has set its signal. */
		if (fork() == 0) {
			int fd = dup2(p[1], 2);

			pidbox_config_set_event_handler(cfg, record_event, &fd);
			_exit(pidbox_init_run(cfg, NULL, NULL) == 0 ? 0 : 1);
		}
		usleep(200000);
		_exit(0);
	}
	close(p[1]);
	CHECK(waitpid(pid, &status, 0) == pid);
	/* EOF once the init has ended: it holds the last write end. */
	while (read(p[0], &rec, sizeof(rec)) == sizeof(rec)) {
		last = rec;
		n++;
	}
	close(p[0]);
	CHECK_EQ(n, 1);
	CHECK_EQ(last.type, PIDBOX_EVENT_SIGNAL);
	CHECK_EQ(last.sig, SIGTERM);
	pidbox_config_free(cfg);
}
