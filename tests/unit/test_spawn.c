/* SPDX-License-Identifier: MIT */
/* The library's box API, without the CLI.  Needs root for namespaces. */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"

static void need_root(void)
{
	if (geteuid() != 0)
		SKIP("needs root");
}

static int run_box(char **argv, unsigned int flags, int *status, struct pidbox_box **keep)
{
	struct pidbox_config *cfg;
	struct pidbox_box *box;
	int r;

	CHECK_OK(pidbox_config_new(&cfg));
	CHECK_OK(pidbox_config_set_command(cfg, argv));
	pidbox_config_set_flags(cfg, flags);
	pidbox_config_set_grace_ms(cfg, 500);
	CHECK_OK(pidbox_box_new(cfg, &box));
	r = pidbox_box_start(box);
	if (r == 0)
		CHECK_OK(pidbox_box_wait(box, status));
	if (keep)
		*keep = box;
	else
		pidbox_box_free(box);
	/* The configuration must outlive the box: leaked on purpose when kept. */
	if (!keep)
		pidbox_config_free(cfg);
	return r;
}

TEST(config_rejects_empty_command)
{
	struct pidbox_config *cfg;
	char *empty[] = { NULL };
	char *blank[] = { "", NULL };

	CHECK_OK(pidbox_config_new(&cfg));
	CHECK_EQ(pidbox_config_set_command(cfg, empty), -EINVAL);
	CHECK_EQ(pidbox_config_set_command(cfg, blank), -EINVAL);
	CHECK_EQ(pidbox_config_set_preserve_fds(cfg, -1), -EINVAL);
	pidbox_config_free(cfg);
}

TEST(start_without_command_is_einval)
{
	struct pidbox_config *cfg;
	struct pidbox_box *box;

	CHECK_OK(pidbox_config_new(&cfg));
	CHECK_OK(pidbox_box_new(cfg, &box));
	CHECK_EQ(pidbox_box_start(box), -EINVAL);
	pidbox_box_free(box);
	pidbox_config_free(cfg);
}

TEST(command_status_comes_back)
{
	char *argv[] = { "sh", "-c", "exit 9", NULL };
	int status = -1;

	need_root();
	CHECK_OK(run_box(argv, 0, &status, NULL));
	CHECK_EQ(status, 9);
}

TEST(command_is_pid_2_under_init)
{
	char *argv[] = { "sh", "-c", "test $$ = 2 && test \"$(cat /proc/1/comm)\" != sh", NULL };
	int status = -1;

	need_root();
	CHECK_OK(run_box(argv, 0, &status, NULL));
	CHECK_EQ(status, 0);
}

TEST(as_pid1_runs_command_as_1)
{
	char *argv[] = { "sh", "-c", "exit $$", NULL };
	int status = -1;

	need_root();
	CHECK_OK(run_box(argv, PIDBOX_AS_PID1, &status, NULL));
	CHECK_EQ(status, 1);
}

TEST(missing_command_fails_at_exec_stage)
{
	char *argv[] = { "/no/such/program", NULL };
	struct pidbox_box *box;
	int status;

	need_root();
	CHECK_EQ(run_box(argv, 0, &status, &box), -ENOENT);
	CHECK_EQ(pidbox_box_failed_stage(box), PIDBOX_STAGE_EXEC);
	CHECK(strcmp(pidbox_box_failed_step(box), "execute the command") == 0);
	CHECK_EQ(pidbox_box_pidfd(box), -1);
	pidbox_box_free(box);
}

TEST(signal_through_pidfd_reaches_command)
{
	char *argv[] = { "sleep", "100", NULL };
	struct pidbox_config *cfg;
	struct pidbox_box *box;
	int status = -1;

	need_root();
	CHECK_OK(pidbox_config_new(&cfg));
	CHECK_OK(pidbox_config_set_command(cfg, argv));
	CHECK_OK(pidbox_box_new(cfg, &box));
	CHECK_OK(pidbox_box_start(box));
	CHECK(pidbox_box_pidfd(box) >= 0);
	CHECK(pidbox_box_pid(box) > 0);
	CHECK_OK(pidbox_box_signal(box, SIGUSR1));
	CHECK_OK(pidbox_box_wait(box, &status));
	CHECK_EQ(status, 128 + SIGUSR1);
	/* The box is gone: its pidfd refuses further signals. */
	CHECK_EQ(pidbox_box_signal(box, SIGTERM), -ESRCH);
	pidbox_box_free(box);
	pidbox_config_free(cfg);
}

TEST(exit_of_caller_ends_box)
{
	char *argv[] = { "sleep", "100", NULL };
	int p[2];
	pid_t child, inner;

	need_root();
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		struct pidbox_config *cfg;
		struct pidbox_box *box;

		if (pidbox_config_new(&cfg) < 0 || pidbox_config_set_command(cfg, argv) < 0 ||
		    pidbox_box_new(cfg, &box) < 0 || pidbox_box_start(box) < 0)
			_exit(1);
		inner = pidbox_box_pid(box);
		if (write(p[1], &inner, sizeof(inner)) != sizeof(inner))
			_exit(1);
		_exit(0); /* without waiting: die-with-parent must end the box */
	}
	close(p[1]);
	CHECK(read(p[0], &inner, sizeof(inner)) == sizeof(inner));
	close(p[0]);
	CHECK(waitpid(child, NULL, 0) == child);
	for (int i = 0; i < 200 && kill(inner, 0) == 0; i++)
		usleep(10000);
	CHECK(kill(inner, 0) < 0 && errno == ESRCH);
}
