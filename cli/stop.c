/* SPDX-License-Identifier: MIT */
/* pidbox stop: SIGTERM to a named box, a grace period, SIGKILL, until nothing is left. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "pidbox.h"

static const struct option stop_options[] = {
	{ "grace", required_argument, NULL, 'g' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void stop_usage(void)
{
	fputs("Usage:\n pidbox stop [OPTIONS] NAME\n\n"
	      "End box (or pod) NAME: SIGTERM to its command (through its init), up to\n"
	      "the grace period for the box to end, then SIGKILL to its init, which ends\n"
	      "every process in it.  Returns once nothing is left and the record is gone.\n\n"
	      "Options:\n"
	      " -g, --grace SECONDS   time between SIGTERM and SIGKILL (default 5)\n"
	      " -h, --help            display this help\n\n"
	      "Exit status: 0 when the box has ended; 1 when there is no such box, it is\n"
	      "gone already, or another pidbox stop is stopping it; 2 for bad options.\n"
	      "See pidbox-stop(1).\n",
	      stdout);
}

int cli_stop_named(const char *cmd, struct pidbox_named *n, unsigned int grace_ms)
{
	const char *name = pidbox_named_name(n);
	int r = pidbox_named_stop(n, grace_ms);

	if (r == 0)
		return 0;
	if (r == -EALREADY)
		cli_error(cmd, "%s %s is already being stopped (wait for that stop to end, or "
			       "pidbox kill %s KILL)",
			  pidbox_named_is_pod(n) ? "pod" : "box", name, name);
	else
		cli_error_errno(cmd, r, NULL, "cannot stop %s", name);
	return CLI_EXIT_ERROR;
}

int cmd_stop(int argc, char **argv)
{
	struct pidbox_named *n = NULL;
	unsigned int grace_ms = 5000;
	int c, status;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+g:h", stop_options, NULL)) != -1) {
		switch (c) {
		case 'g':
			if (!cli_parse_seconds(optarg, &grace_ms)) {
				cli_error("stop", "--grace '%s' is not a number of seconds",
					  optarg);
				return CLI_EXIT_USAGE;
			}
			break;
		case 'h':
			stop_usage();
			return cli_close_stdout("stop", 0);
		default:
			return cli_bad_option("stop", argv, CLI_EXIT_USAGE);
		}
	}
	if (argc - optind != 1) {
		cli_error("stop", "expected one box (usage: pidbox stop [--grace SECONDS] NAME)");
		return CLI_EXIT_USAGE;
	}
	status = cli_open_named("stop", argv[optind], &n, CLI_EXIT_ERROR, CLI_EXIT_USAGE);
	if (status)
		return status;
	status = cli_stop_named("stop", n, grace_ms);
	pidbox_named_free(n);
	return status;
}
