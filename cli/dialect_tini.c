/* SPDX-License-Identifier: MIT */
/*
 * pidbox init started as tini: tini 0.19's options and environment.
 * Differences on purpose: the init is always a subreaper when not PID 1
 * (so -s and TINI_SUBREAPER change nothing and no warning is due), and
 * when the command ends what is left gets SIGTERM, a grace period and
 * SIGKILL instead of being left behind.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "init.h"

#define TINI_VERSION "0.19.0"

static const struct init_dialect tini_dialect = {
	.name = "tini",
	.help = "tini -h",
	.usage_status = 1,
	.failure_status = 1,
	.not_found_status = PIDBOX_EXIT_NOT_FOUND,
	.denied_status = PIDBOX_EXIT_CANNOT_EXEC,
};

enum { LEVEL_WARN = 1, LEVEL_INFO, LEVEL_DEBUG, LEVEL_TRACE };

struct tini_log {
	int verbosity;
	bool warn_reaped; /* -w */
};

static void tini_usage(void)
{
	fputs("Usage:\n tini [OPTIONS] [--] COMMAND [ARG...] | --version\n\n"
	      "pidbox init speaking tini's options: run COMMAND under a valid init.\n\n"
	      "Options:\n"
	      " --version   display the version (of tini it replaces, and pidbox's)\n"
	      " -h          display this help\n"
	      " -s          register as a child subreaper (pidbox always does when not PID 1)\n"
	      " -p SIGNAL   receive SIGNAL when the parent dies, e.g. -p SIGKILL\n"
	      " -v          more verbose output (up to -vvv)\n"
	      " -w          warn when a process other than COMMAND is reaped\n"
	      " -g          send signals to COMMAND's process group\n"
	      " -e CODE     exit 0 when COMMAND exits with CODE (0 to 255; repeatable)\n"
	      " -l          display the license\n\n"
	      "Environment:\n"
	      " TINI_SUBREAPER           as -s\n"
	      " TINI_VERBOSITY=N         the verbosity (default 1: warnings)\n"
	      " TINI_KILL_PROCESS_GROUP  as -g\n"
	      " PIDBOX_INIT_GRACE=S      seconds between SIGTERM and SIGKILL for what is left\n"
	      "                          when COMMAND ends (default 5)\n\n"
	      "Exit status: COMMAND's, or 128+N when signal N ended it; 1 on bad options\n"
	      "or when the init failed; 126 when COMMAND could not be executed, 127 when it\n"
	      "was not found.  See pidbox-init(1), section TINI.\n",
	      stdout);
}

static void tini_say(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tini_say(int level, const char *fmt, ...)
{
	static const char *const names[] = { "", "WARN ", "INFO ", "DEBUG", "TRACE" };
	va_list ap;

	fprintf(stderr, "[%s tini (%d)] ", names[level], (int)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void tini_event(const struct pidbox_event *ev, void *data)
{
	const struct tini_log *log = data;
	int level;
	char a[32], b[32];

	switch (ev->type) {
	case PIDBOX_EVENT_STARTED:
		if (log->verbosity >= LEVEL_INFO)
			tini_say(LEVEL_INFO, "the command runs as PID %d", (int)ev->pid);
		break;
	case PIDBOX_EVENT_SIGNAL:
		if (log->verbosity >= LEVEL_DEBUG)
			tini_say(LEVEL_DEBUG, "%s received, passed on as %s",
				 init_signal_text(ev->sig, a, sizeof(a)),
				 ev->sig_out ? init_signal_text(ev->sig_out, b, sizeof(b))
					     : "nothing");
		break;
	case PIDBOX_EVENT_REAPED:
		level = log->warn_reaped ? LEVEL_WARN : LEVEL_DEBUG;
		if (log->verbosity >= level)
			tini_say(level, "reaped the zombie of PID %d", (int)ev->pid);
		break;
	case PIDBOX_EVENT_EXITED:
		if (log->verbosity >= LEVEL_INFO)
			tini_say(LEVEL_INFO, "the command (PID %d) ended with status %d",
				 (int)ev->pid, ev->status);
		break;
	case PIDBOX_EVENT_STOPPED:
	case PIDBOX_EVENT_RESUMED:
		if (log->verbosity >= LEVEL_DEBUG)
			tini_say(LEVEL_DEBUG, ev->type == PIDBOX_EVENT_STOPPED
						      ? "the command stopped: stopping too"
						      : "continuing the command");
		break;
	case PIDBOX_EVENT_TERMINATE:
		if (log->verbosity >= LEVEL_INFO)
			tini_say(LEVEL_INFO, "%s to every process left",
				 init_signal_text(ev->sig, a, sizeof(a)));
		break;
	}
}

static const struct option tini_options[] = {
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int cmd_tini(int argc, char **argv)
{
	const struct init_dialect *d = &tini_dialect;
	struct pidbox_config *cfg = init_config_new(d);
	struct status_set zero = { { false } };
	struct tini_log log = { .verbosity = LEVEL_WARN };
	unsigned int flags = PIDBOX_KEEP_FDS;
	const char *env;
	int c, n, status = d->usage_status;

	if (!cfg)
		return d->failure_status;
	env = getenv("TINI_VERBOSITY");
	if (env)
		log.verbosity = atoi(env);
	if (getenv("TINI_KILL_PROCESS_GROUP"))
		flags |= PIDBOX_SIGNAL_GROUP;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hsp:vwge:l", tini_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			tini_usage();
			status = cli_close_stdout(d->name, 0);
			goto out;
		case 'V':
			printf("tini version %s (pidbox %s)\n", TINI_VERSION, PIDBOX_VERSION);
			status = cli_close_stdout(d->name, 0);
			goto out;
		case 'l':
			printf("pidbox %s, acting as tini: MIT License (SPDX-License-Identifier: MIT)\n",
			       PIDBOX_VERSION);
			status = cli_close_stdout(d->name, 0);
			goto out;
		case 's':
			break; /* a subreaper whenever not PID 1, anyway */
		case 'p':
			n = pidbox_signal_parse(optarg);
			if (n < 0) {
				cli_error(d->name, "-p '%s' is not a signal (e.g. -p SIGKILL)", optarg);
				goto out;
			}
			pidbox_config_set_parent_death_signal(cfg, n);
			break;
		case 'v':
			log.verbosity++;
			break;
		case 'w':
			log.warn_reaped = true;
			break;
		case 'g':
			flags |= PIDBOX_SIGNAL_GROUP;
			break;
		case 'e':
			if (!cli_parse_uint(optarg, 255, &n)) {
				cli_error(d->name, "-e '%s' is not an exit code from 0 to 255", optarg);
				goto out;
			}
			zero.zero[n] = true;
			break;
		default:
			init_bad_option(d, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		init_no_command(d, "tini [OPTIONS] -- COMMAND [ARG...]");
		goto out;
	}
	pidbox_config_set_flags(cfg, flags);
	if (log.verbosity >= LEVEL_INFO || (log.warn_reaped && log.verbosity >= LEVEL_WARN))
		pidbox_config_set_event_handler(cfg, tini_event, &log);
	status = init_execute(d, cfg, argv + optind, &zero);
out:
	pidbox_config_free(cfg);
	return status;
}
