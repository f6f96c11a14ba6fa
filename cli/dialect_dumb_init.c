/* SPDX-License-Identifier: MIT */
/*
 * pidbox init started as dumb-init: dumb-init 1.2.5's options and
 * environment.  By default the command runs in a session of its own and
 * signals go to its process group, SIGTSTP, SIGTTIN and SIGTTOU as SIGSTOP
 * (see pidbox_config_set_signal_rewrite); --single-child or
 * DUMB_INIT_SETSID=0 keep it in our group and signal it alone.
 * Differences on purpose: the init is a subreaper when not PID 1, and when
 * the command ends what is left gets SIGTERM, a grace period and SIGKILL.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "init.h"

#define DUMB_INIT_VERSION "1.2.5"
#define DUMB_INIT_EXEC_FAILED 2 /* dumb-init's status when the command cannot run */

static const struct init_dialect dumb_init_dialect = {
	.name = "dumb-init",
	.help = "dumb-init --help",
	.usage_status = 1,
	.failure_status = 1,
	.not_found_status = DUMB_INIT_EXEC_FAILED,
	.denied_status = DUMB_INIT_EXEC_FAILED,
};

static const struct option dumb_init_options[] = {
	{ "single-child", no_argument, NULL, 'c' },
	{ "rewrite", required_argument, NULL, 'r' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void dumb_init_usage(void)
{
	fputs("Usage:\n dumb-init [OPTIONS] [--] COMMAND [ARG...]\n\n"
	      "pidbox init speaking dumb-init's options: run COMMAND in a session of its\n"
	      "own and pass every signal on to its process group.\n\n"
	      "Options:\n"
	      " -c, --single-child   signal COMMAND only, not its group; no new session\n"
	      " -r, --rewrite S:R    forward signal number S as R (1 to 31; R 0 drops S);\n"
	      "                      repeatable\n"
	      " -v, --verbose        report what the init does on stderr\n"
	      " -h, --help           display this help\n"
	      " -V, --version        display the version (of dumb-init it replaces, and\n"
	      "                      pidbox's)\n\n"
	      "Environment:\n"
	      " DUMB_INIT_SETSID=0   as --single-child\n"
	      " PIDBOX_INIT_GRACE=S  seconds between SIGTERM and SIGKILL for what is left\n"
	      "                      when COMMAND ends (default 5)\n\n"
	      "In a session of its own, SIGTSTP, SIGTTIN and SIGTTOU reach COMMAND as SIGSTOP\n"
	      "(unless rewritten); when COMMAND stops the init stops too.\n\n"
	      "Exit status: COMMAND's, or 128+N when signal N ended it; 1 on bad options or\n"
	      "when the init failed; 2 when COMMAND could not be executed.\n"
	      "See pidbox-init(1), section DUMB-INIT.\n",
	      stdout);
}

static void dumb_init_event(const struct pidbox_event *ev, void *data)
{
	char a[32], b[32];

	(void)data;
	fputs("[dumb-init] ", stderr);
	switch (ev->type) {
	case PIDBOX_EVENT_STARTED:
		fprintf(stderr, "the command runs as PID %d\n", (int)ev->pid);
		break;
	case PIDBOX_EVENT_SIGNAL:
		if (ev->sig_out == 0)
			fprintf(stderr, "%s received, dropped\n",
				init_signal_text(ev->sig, a, sizeof(a)));
		else
			fprintf(stderr, "%s received, forwarded as %s\n",
				init_signal_text(ev->sig, a, sizeof(a)),
				init_signal_text(ev->sig_out, b, sizeof(b)));
		break;
	case PIDBOX_EVENT_REAPED:
		fprintf(stderr, "reaped PID %d (status %d)\n", (int)ev->pid, ev->status);
		break;
	case PIDBOX_EVENT_EXITED:
		fprintf(stderr, "the command (PID %d) ended with status %d\n", (int)ev->pid,
			ev->status);
		break;
	case PIDBOX_EVENT_STOPPED:
		fprintf(stderr, "the command stopped: stopping too\n");
		break;
	case PIDBOX_EVENT_RESUMED:
		fprintf(stderr, "continuing the command\n");
		break;
	case PIDBOX_EVENT_TERMINATE:
		fprintf(stderr, "%s to every process left\n", init_signal_text(ev->sig, a, sizeof(a)));
		break;
	}
}

/* One number from 'lo' to 31, the whole of text; -1 when it is not. */
static int parse_signum(const char *text, size_t len, int lo)
{
	int n = 0;

	if (len == 0 || len > 2)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -1;
		n = n * 10 + (text[i] - '0');
	}
	return n >= lo && n <= 31 ? n : -1;
}

/* -r S:R as dumb-init documents it: numbers, S from 1 and R from 0 to 31. */
static bool add_rewrite(struct pidbox_config *cfg, const char *text)
{
	const char *colon = strchr(text, ':');
	int from, to;

	if (!colon)
		return false;
	from = parse_signum(text, (size_t)(colon - text), 1);
	to = parse_signum(colon + 1, strlen(colon + 1), 0);
	return from > 0 && to >= 0 && pidbox_config_set_signal_rewrite(cfg, from, to) == 0;
}

int cmd_dumb_init(int argc, char **argv)
{
	const struct init_dialect *d = &dumb_init_dialect;
	struct pidbox_config *cfg = init_config_new(d);
	const char *env = getenv("DUMB_INIT_SETSID");
	bool setsid_mode = !(env && strcmp(env, "0") == 0), verbose = false;
	int c, status = d->usage_status;

	if (!cfg)
		return d->failure_status;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hvVcr:", dumb_init_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			dumb_init_usage();
			status = cli_close_stdout(d->name, 0);
			goto out;
		case 'V':
			printf("dumb-init v%s (pidbox %s)\n", DUMB_INIT_VERSION, PIDBOX_VERSION);
			status = cli_close_stdout(d->name, 0);
			goto out;
		case 'c':
			setsid_mode = false;
			break;
		case 'r':
			if (!add_rewrite(cfg, optarg)) {
				cli_error(d->name,
					  "--rewrite '%s' is not S:R with signal numbers S from 1 to 31 "
					  "and R from 0 to 31, S not 9, 17 or 19 (e.g. --rewrite 15:3)",
					  optarg);
				goto out;
			}
			break;
		case 'v':
			verbose = true;
			break;
		default:
			init_bad_option(d, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		init_no_command(d, "dumb-init [OPTIONS] COMMAND [ARG...]");
		goto out;
	}
	pidbox_config_set_flags(cfg, PIDBOX_KEEP_FDS | (setsid_mode
							 ? PIDBOX_SETSID | PIDBOX_SIGNAL_GROUP
							 : PIDBOX_NO_SETPGID));
	if (verbose)
		pidbox_config_set_event_handler(cfg, dumb_init_event, NULL);
	status = init_execute(d, cfg, argv + optind, NULL);
out:
	pidbox_config_free(cfg);
	return status;
}
