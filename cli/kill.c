/* SPDX-License-Identifier: MIT */
/* pidbox kill: a signal to a named box, through pidfds checked against its record. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "pidbox.h"

static const struct option kill_options[] = {
	{ "all", no_argument, NULL, 'a' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void kill_usage(void)
{
	fputs("Usage:\n pidbox kill [OPTIONS] NAME [SIGNAL]\n\n"
	      "Send SIGNAL (default TERM) to the command of box NAME: through its init,\n"
	      "which passes it on, or straight to the command for KILL and STOP.  For a\n"
	      "pod, to every process in it but its holder.  Every process is reached\n"
	      "through a pidfd checked against the box's record, never by a bare PID.\n\n"
	      "Options:\n"
	      " -a, --all      every process in the box but its init\n"
	      " -h, --help     display this help\n\n"
	      "SIGNAL is a name (TERM, SIGTERM, RTMIN+1) or a number.\n"
	      "Exit status: 0 when signalled; 1 when there is no such box, it is gone,\n"
	      "or it has no process to signal; 2 for bad options.  See pidbox-kill(1).\n",
	      stdout);
}

int cmd_kill(int argc, char **argv)
{
	struct pidbox_named *n = NULL;
	unsigned int flags = 0;
	int c, sig = SIGTERM, r, status;
	const char *name;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+ah", kill_options, NULL)) != -1) {
		switch (c) {
		case 'a':
			flags |= PIDBOX_SIGNAL_EVERY;
			break;
		case 'h':
			kill_usage();
			return cli_close_stdout("kill", 0);
		default:
			return cli_bad_option("kill", argv, CLI_EXIT_USAGE);
		}
	}
	if (optind >= argc || argc - optind > 2) {
		cli_error("kill", "expected a box and at most one signal (usage: pidbox kill "
				  "[--all] NAME [SIGNAL])");
		return CLI_EXIT_USAGE;
	}
	name = argv[optind];
	if (optind + 1 < argc) {
		sig = pidbox_signal_parse(argv[optind + 1]);
		if (sig < 0) {
			cli_error("kill", "unknown signal '%s' (a name such as TERM, or a number)",
				  argv[optind + 1]);
			return CLI_EXIT_USAGE;
		}
	}
	status = cli_open_named("kill", name, &n, CLI_EXIT_ERROR, CLI_EXIT_USAGE);
	if (status)
		return status;
	r = pidbox_named_signal(n, sig, flags);
	if (r == -ESRCH)
		cli_error("kill", "the command of box %s has ended", name);
	else if (r == -EXDEV)
		cli_error("kill", "this /proc does not show your PID namespace's processes "
				  "(mount your own /proc)");
	else if (r < 0)
		cli_error_errno("kill", r, NULL, "cannot signal box %s", name);
	else if (r == 0)
		cli_error("kill", "box %s has no process to signal", name);
	pidbox_named_free(n);
	return r > 0 ? 0 : CLI_EXIT_ERROR;
}
