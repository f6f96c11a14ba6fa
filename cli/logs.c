/* SPDX-License-Identifier: MIT */
/* pidbox logs: what a detached box's command wrote. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "pidbox.h"

static const struct option logs_options[] = {
	{ "follow", no_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void logs_usage(void)
{
	fputs("Usage:\n pidbox logs [OPTIONS] NAME\n\n"
	      "Show what the command of box NAME, started with --detach, has written to\n"
	      "its stdout and stderr.  The log lives as long as the box.\n\n"
	      "Options:\n"
	      " -f, --follow   go on showing what it writes, until the box ends\n"
	      " -h, --help     display this help\n\n"
	      "Exit status: 0; 1 when there is no such box, it is gone, or it has no log\n"
	      "(it was not detached); 2 for bad options.  See pidbox-logs(1).\n",
	      stdout);
}

int cmd_logs(int argc, char **argv)
{
	struct pidbox_named *n = NULL;
	int c, follow = 0, r, status;
	const char *name;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+fh", logs_options, NULL)) != -1) {
		switch (c) {
		case 'f':
			follow = 1;
			break;
		case 'h':
			logs_usage();
			return cli_close_stdout("logs", 0);
		default:
			return cli_bad_option("logs", argv, CLI_EXIT_USAGE);
		}
	}
	if (argc - optind != 1) {
		cli_error("logs", "expected one box (usage: pidbox logs [--follow] NAME)");
		return CLI_EXIT_USAGE;
	}
	name = argv[optind];
	status = cli_open_named("logs", name, &n, CLI_EXIT_ERROR, CLI_EXIT_USAGE);
	if (status)
		return status;
	fflush(stdout);
	r = pidbox_named_copy_log(n, STDOUT_FILENO, follow);
	if (r == -ENODATA)
		cli_error("logs", "box %s has no log (only a box started with --detach has one)",
			  name);
	else if (r == -ESRCH)
		cli_error("logs", "box %s is gone (it ended meanwhile)", name);
	else if (r < 0)
		cli_error_errno("logs", r, NULL, "cannot copy the log of box %s", name);
	pidbox_named_free(n);
	return r < 0 ? CLI_EXIT_ERROR : 0;
}
