/* SPDX-License-Identifier: MIT */
/*
 * pidbox init started as catatonit: catatonit 0.1.7's options.  -P is the
 * pause mode of pod infrastructure containers: no command, reap what the
 * kernel hands us, quit with 0 on SIGINT or SIGTERM.
 * Differences on purpose: when the command ends what is left gets SIGTERM,
 * a grace period and SIGKILL.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "init.h"

#define CATATONIT_VERSION "0.1.7"

static const struct init_dialect catatonit_dialect = {
	.name = "catatonit",
	.help = "catatonit -h",
	.usage_status = 1,
	.failure_status = 1,
	.not_found_status = 1,
	.denied_status = 1,
};

static const struct option catatonit_options[] = {
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void catatonit_usage(void)
{
	fputs("Usage:\n catatonit [-ghLPV] [--] COMMAND [ARG...]\n\n"
	      "pidbox init speaking catatonit's options: run COMMAND under a container init.\n\n"
	      "Options:\n"
	      " -g             forward signals to COMMAND's process group\n"
	      " -h             display this help\n"
	      " -L             display the license\n"
	      " -P             pause mode: run no COMMAND, quit on SIGINT or SIGTERM\n"
	      " -V, --version  display the version, as tini's (docker expects that)\n\n"
	      "Environment:\n"
	      " PIDBOX_INIT_GRACE=S  seconds between SIGTERM and SIGKILL for what is left\n"
	      "                      when COMMAND ends (default 5)\n\n"
	      "Exit status: COMMAND's, or 128+N when signal N ended it; 0 after -P; 1 on\n"
	      "bad options, when the init failed, or when COMMAND could not be executed.\n"
	      "See pidbox-init(1), section CATATONIT.\n",
	      stdout);
}

int cmd_catatonit(int argc, char **argv)
{
	const struct init_dialect *d = &catatonit_dialect;
	struct pidbox_config *cfg = init_config_new(d);
	unsigned int flags = PIDBOX_KEEP_FDS;
	int c, status = d->usage_status;

	if (!cfg)
		return d->failure_status;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+ghLPV", catatonit_options, NULL)) != -1) {
		switch (c) {
		case 'g':
			flags |= PIDBOX_SIGNAL_GROUP;
			break;
		case 'h':
			catatonit_usage();
			status = cli_close_stdout(d->name, 0);
			goto out;
		case 'L':
			printf("pidbox %s, acting as catatonit: MIT License "
			       "(SPDX-License-Identifier: MIT)\n",
			       PIDBOX_VERSION);
			status = cli_close_stdout(d->name, 0);
			goto out;
		case 'P':
			flags |= PIDBOX_PAUSE;
			break;
		case 'V':
			/* Docker reads an init's version as tini's; catatonit answers so. */
			printf("tini version %s_catatonit (pidbox %s)\n", CATATONIT_VERSION,
			       PIDBOX_VERSION);
			status = cli_close_stdout(d->name, 0);
			goto out;
		default:
			init_bad_option(d, argv);
			goto out;
		}
	}
	if (!(flags & PIDBOX_PAUSE) && optind >= argc) {
		init_no_command(d, "catatonit [-ghLPV] [--] COMMAND [ARG...]");
		goto out;
	}
	pidbox_config_set_flags(cfg, flags);
	/* Like catatonit, -P ignores a command given with it. */
	status = init_execute(d, cfg, (flags & PIDBOX_PAUSE) ? NULL : argv + optind, NULL);
out:
	pidbox_config_free(cfg);
	return status;
}
