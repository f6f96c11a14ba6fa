/* SPDX-License-Identifier: MIT */
/* pidbox enter: a command inside a running box, joined through a pidfd. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pidbox.h"

static const struct option enter_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void enter_usage(void)
{
	fputs("Usage:\n pidbox enter [OPTIONS] NAME|PID [--] [COMMAND [ARG...]]\n\n"
	      "Run COMMAND inside a running box: in every namespace of its init (PID and\n"
	      "mount namespace, so its /proc, and the others it has), in its root and\n"
	      "working directory.  COMMAND's PID is one of the box's; it ends with the box.\n"
	      "Without COMMAND: $SHELL, or /bin/sh.  NAME is a box's or pod's name; PID is\n"
	      "any process whose namespaces to join.\n\n"
	      "Options:\n"
	      " -h, --help     display this help\n\n"
	      "Exit status: COMMAND's, or 128+N when signal N ended it; 125 when pidbox\n"
	      "failed (no such box, no right to join it), 126 when COMMAND could not be\n"
	      "executed, 127 when it was not found.  See pidbox-enter(1).\n",
	      stdout);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The pidfd to join, from a name or a PID; -1 after reporting. */
static int open_target(const char *target, struct pidbox_named **named)
{
	int pidfd;
	long pid;

	if (!all_digits(target)) {
		if (cli_open_named("enter", target, named, PIDBOX_EXIT_FAILURE,
				   PIDBOX_EXIT_FAILURE) != 0)
			return -1;
		return pidbox_named_pidfd(*named);
	}
	pid = strtol(target, NULL, 10);
	pidfd = pidbox_pidfd_open(pid > 0 && pid < (1L << 30) ? (pid_t)pid : 0);
	if (pidfd == -ESRCH) {
		cli_error("enter", "no process %s", target);
		return -1;
	}
	if (pidfd < 0) {
		cli_error_errno("enter", pidfd, NULL, "cannot open process %s", target);
		return -1;
	}
	return pidfd;
}

static int enter_failed(const char *label, struct pidbox_box *box, char **argv, int err)
{
	const char *step = pidbox_box_failed_step(box);

	if (pidbox_box_failed_stage(box) == PIDBOX_STAGE_EXEC) {
		cli_error_errno("enter", err,
				err == -ENOENT	 ? "check its name and PATH inside the box"
				: err == -EACCES ? "is it an executable file?"
						 : NULL,
				"cannot execute '%s'", argv[0]);
		return err == -ENOENT ? PIDBOX_EXIT_NOT_FOUND : PIDBOX_EXIT_CANNOT_EXEC;
	}
	if (err == -ESRCH)
		cli_error("enter", "%s is gone (it ended meanwhile)", label);
	else if (err == -EPERM || err == -EACCES)
		cli_error_errno("enter", err,
				"only root, or the owner of the box's user namespace, may enter it",
				"cannot enter %s", label);
	else if (err == -EXDEV)
		cli_error_errno("enter", err, "this /proc does not show it: mount your own",
				"cannot enter %s", label);
	else
		cli_error_errno("enter", err, NULL, "cannot enter %s (could not %s)", label, step);
	return PIDBOX_EXIT_FAILURE;
}

int cmd_enter(int argc, char **argv)
{
	struct pidbox_config *cfg = NULL;
	struct pidbox_named *named = NULL;
	struct pidbox_box *box = NULL;
	char *shell[2] = { NULL, NULL }, **cmd;
	int c, pidfd = -1, r, status = PIDBOX_EXIT_FAILURE;
	const char *target;
	char label[96];
	sigset_t saved;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", enter_options, NULL)) != -1) {
		if (c == 'h') {
			enter_usage();
			return cli_close_stdout("enter", 0);
		}
		return cli_bad_option("enter", argv, PIDBOX_EXIT_FAILURE);
	}
	if (optind >= argc) {
		cli_error("enter", "no box given (usage: pidbox enter NAME|PID [--] [COMMAND...])");
		return PIDBOX_EXIT_FAILURE;
	}
	target = argv[optind++];
	if (optind < argc && strcmp(argv[optind], "--") == 0)
		optind++;
	cmd = argv + optind;
	if (!cmd[0]) {
		const char *sh = getenv("SHELL");

		shell[0] = (char *)(sh && *sh ? sh : "/bin/sh");
		cmd = shell;
	}
	pidfd = open_target(target, &named);
	if (pidfd < 0)
		goto out;
	snprintf(label, sizeof(label), "%s %s", named ? "box" : "process", target);
	if (pidbox_config_new(&cfg) < 0 || pidbox_box_new(cfg, &box) < 0) {
		cli_error_errno("enter", ENOMEM, NULL, "cannot start");
		goto out;
	}
	pidbox_config_set_command(cfg, cmd);
	r = pidbox_signals_block(&saved);
	if (r < 0) {
		cli_error_errno("enter", r, NULL, "cannot block signals");
		goto out;
	}
	pidbox_config_set_sigmask(cfg, &saved);
	r = pidbox_box_enter(box, pidfd, 0);
	if (r < 0) {
		status = enter_failed(label, box, cmd, r);
		goto out;
	}
	r = pidbox_box_supervise(box, &status);
	if (r < 0) {
		cli_error_errno("enter", r, NULL, "lost track of the command");
		status = PIDBOX_EXIT_FAILURE;
	}
out:
	pidbox_box_free(box);
	pidbox_config_free(cfg);
	if (named)
		pidbox_named_free(named);
	else if (pidfd >= 0)
		close(pidfd);
	return status;
}
