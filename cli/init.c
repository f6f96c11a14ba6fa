/* SPDX-License-Identifier: MIT */
/* pidbox init: only the init, a drop-in PID 1 for containers. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "init.h"

static const struct init_dialect pidbox_dialect = {
	.name = "init",
	.help = "pidbox init --help",
	.usage_status = PIDBOX_EXIT_FAILURE,
	.failure_status = PIDBOX_EXIT_FAILURE,
	.not_found_status = PIDBOX_EXIT_NOT_FOUND,
	.denied_status = PIDBOX_EXIT_CANNOT_EXEC,
};

const char *init_signal_text(int sig, char *buf, unsigned long size)
{
	const char *name = pidbox_signal_name(sig);

	if (name)
		snprintf(buf, size, "SIG%s", name);
	else
		snprintf(buf, size, "signal %d", sig);
	return buf;
}

struct pidbox_config *init_config_new(const struct init_dialect *d)
{
	const char *grace = getenv("PIDBOX_INIT_GRACE");
	struct pidbox_config *cfg;
	unsigned int ms;

	if (grace && !cli_parse_seconds(grace, &ms)) {
		cli_error(d->name, "PIDBOX_INIT_GRACE='%s' is not a number of seconds (e.g. 5, 0.5)",
			  grace);
		return NULL;
	}
	if (pidbox_config_new(&cfg) < 0) {
		cli_error_errno(d->name, ENOMEM, NULL, "cannot start");
		return NULL;
	}
	if (grace)
		pidbox_config_set_grace_ms(cfg, ms);
	return cfg;
}

int init_bad_option(const struct init_dialect *d, char **argv)
{
	const char *arg = argv[optind - 1];

	if (optopt && arg[0] == '-' && arg[1] != '-')
		cli_error(d->name, "option '-%c' is unknown or lacks its argument (see '%s')",
			  optopt, d->help);
	else
		cli_error(d->name, "option '%s' is unknown or lacks its argument (see '%s')", arg,
			  d->help);
	return d->usage_status;
}

int init_no_command(const struct init_dialect *d, const char *usage)
{
	cli_error(d->name, "no command given (usage: %s)", usage);
	return d->usage_status;
}

static const char *start_hint(int err, enum pidbox_stage stage)
{
	if (stage == PIDBOX_STAGE_EXEC)
		return err == -ENOENT ? "check its name and PATH"
		       : err == -EACCES ? "is it an executable file?"
					 : NULL;
	return NULL;
}

int init_execute(const struct init_dialect *d, struct pidbox_config *cfg, char **argv,
		 const struct status_set *zero)
{
	enum pidbox_stage stage = PIDBOX_STAGE_NONE;
	const char *step = "";
	int r;

	if (argv && pidbox_config_set_command(cfg, argv) < 0) {
		cli_error(d->name, "the command is empty (see '%s')", d->help);
		return d->usage_status;
	}
	r = pidbox_init_run(cfg, &stage, &step);
	if (r >= 0)
		return zero && zero->zero[r & 0xff] ? 0 : r;
	if (stage == PIDBOX_STAGE_EXEC) {
		cli_error_errno(d->name, r, start_hint(r, stage), "cannot execute '%s'", argv[0]);
		return r == -ENOENT ? d->not_found_status : d->denied_status;
	}
	cli_error_errno(d->name, r, NULL, "cannot %s", step);
	return d->failure_status;
}

enum {
	OPT_GRACE = 'g',
	OPT_VERBOSE = 'v',
	OPT_SIGNAL_GROUP = 0x100,
	OPT_SIGNAL_ALL,
	OPT_SETSID,
	OPT_NO_SETPGID,
	OPT_REWRITE,
	OPT_PDEATHSIG,
	OPT_ZERO_STATUS,
	OPT_PAUSE,
};

static const struct option init_options[] = {
	{ "grace", required_argument, NULL, OPT_GRACE },
	{ "signal-group", no_argument, NULL, OPT_SIGNAL_GROUP },
	{ "signal-all", no_argument, NULL, OPT_SIGNAL_ALL },
	{ "setsid", no_argument, NULL, OPT_SETSID },
	{ "no-setpgid", no_argument, NULL, OPT_NO_SETPGID },
	{ "rewrite", required_argument, NULL, OPT_REWRITE },
	{ "pdeathsig", required_argument, NULL, OPT_PDEATHSIG },
	{ "zero-status", required_argument, NULL, OPT_ZERO_STATUS },
	{ "pause", no_argument, NULL, OPT_PAUSE },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void init_usage(void)
{
	fputs("Usage:\n pidbox init [OPTIONS] [--] COMMAND [ARG...]\n\n"
	      "Run COMMAND under pidbox's init in this process: a drop-in PID 1 for\n"
	      "containers (or a child subreaper when not PID 1).\n\n"
	      "Options:\n"
	      " -g, --grace SECONDS    after COMMAND ends, wait this long between SIGTERM\n"
	      "                        and SIGKILL for what is left (default 5; 0: SIGKILL)\n"
	      "     --signal-group     forward signals to COMMAND's process group\n"
	      "     --signal-all       forward signals to every process of the namespace\n"
	      "                        (every descendant when not PID 1)\n"
	      "     --setsid           run COMMAND in a session of its own (dumb-init's way)\n"
	      "     --no-setpgid       keep COMMAND in the init's process group\n"
	      "     --rewrite SIG:TO   forward SIG as TO; TO 0 drops SIG (repeatable)\n"
	      "     --pdeathsig SIG    receive SIG when the parent of the init dies\n"
	      "     --zero-status N    exit 0 when COMMAND exits with status N (repeatable)\n"
	      "     --pause            run no COMMAND: reap until SIGINT or SIGTERM\n"
	      " -v, --verbose          report what the init does on stderr\n"
	      " -h, --help             display this help\n\n"
	      "Under the names tini, dumb-init and catatonit the same binary speaks those\n"
	      "programs' options; under any other name, with -- first, it is pidbox init.\n\n"
	      "Exit status: COMMAND's, or 128+N when signal N ended it; 125 when pidbox\n"
	      "failed, 126 when COMMAND could not be executed, 127 when it was not found.\n"
	      "See pidbox-init(1).\n",
	      stdout);
}

/* "TERM:QUIT", "15:3", "TERM:0" into two signal numbers; false when malformed. */
static bool parse_rewrite(const char *text, int *from, int *to)
{
	const char *colon = strchr(text, ':');
	char name[32];

	if (!colon || (size_t)(colon - text) >= sizeof(name))
		return false;
	memcpy(name, text, (size_t)(colon - text));
	name[colon - text] = '\0';
	*from = pidbox_signal_parse(name);
	*to = strcmp(colon + 1, "0") == 0 ? 0 : pidbox_signal_parse(colon + 1);
	return *from > 0 && *to >= 0;
}

static void print_event(const struct pidbox_event *ev, void *data)
{
	char a[32], b[32];

	(void)data;
	switch (ev->type) {
	case PIDBOX_EVENT_STARTED:
		fprintf(stderr, "pidbox init: the command runs as PID %d\n", (int)ev->pid);
		break;
	case PIDBOX_EVENT_SIGNAL:
		if (ev->sig_out == 0)
			fprintf(stderr, "pidbox init: %s received, dropped\n",
				init_signal_text(ev->sig, a, sizeof(a)));
		else
			fprintf(stderr, "pidbox init: %s received, forwarded as %s\n",
				init_signal_text(ev->sig, a, sizeof(a)),
				init_signal_text(ev->sig_out, b, sizeof(b)));
		break;
	case PIDBOX_EVENT_REAPED:
		fprintf(stderr, "pidbox init: reaped PID %d (status %d)\n", (int)ev->pid,
			ev->status);
		break;
	case PIDBOX_EVENT_EXITED:
		fprintf(stderr, "pidbox init: the command (PID %d) ended with status %d\n",
			(int)ev->pid, ev->status);
		break;
	case PIDBOX_EVENT_STOPPED:
		fprintf(stderr, "pidbox init: the command stopped (%s): stopping too\n",
			init_signal_text(ev->sig, a, sizeof(a)));
		break;
	case PIDBOX_EVENT_RESUMED:
		fprintf(stderr, "pidbox init: continuing the command\n");
		break;
	case PIDBOX_EVENT_TERMINATE:
		fprintf(stderr, "pidbox init: %s to every process left\n",
			init_signal_text(ev->sig, a, sizeof(a)));
		break;
	}
}

int cmd_init(int argc, char **argv)
{
	const struct init_dialect *d = &pidbox_dialect;
	struct pidbox_config *cfg = init_config_new(d);
	struct status_set zero = { { false } };
	unsigned int flags = PIDBOX_KEEP_FDS, ms;
	bool verbose = false;
	int c, from, to, n, status = d->usage_status;

	if (!cfg)
		return d->failure_status;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+g:vh", init_options, NULL)) != -1) {
		switch (c) {
		case OPT_GRACE:
			if (!cli_parse_seconds(optarg, &ms)) {
				cli_error(d->name,
					  "--grace '%s' is not a number of seconds (e.g. --grace 5, "
					  "--grace 0.5)",
					  optarg);
				goto out;
			}
			pidbox_config_set_grace_ms(cfg, ms);
			break;
		case OPT_SIGNAL_GROUP:
			flags |= PIDBOX_SIGNAL_GROUP;
			break;
		case OPT_SIGNAL_ALL:
			flags |= PIDBOX_SIGNAL_ALL;
			break;
		case OPT_SETSID:
			flags |= PIDBOX_SETSID;
			break;
		case OPT_NO_SETPGID:
			flags |= PIDBOX_NO_SETPGID;
			break;
		case OPT_REWRITE:
			if (!parse_rewrite(optarg, &from, &to) ||
			    pidbox_config_set_signal_rewrite(cfg, from, to) < 0) {
				cli_error(d->name,
					  "--rewrite '%s' is not SIGNAL:SIGNAL (e.g. --rewrite TERM:QUIT, "
					  "or TERM:0 to drop SIGTERM; not CHLD, KILL or STOP)",
					  optarg);
				goto out;
			}
			break;
		case OPT_PDEATHSIG:
			n = pidbox_signal_parse(optarg);
			if (n < 0) {
				cli_error(d->name, "--pdeathsig '%s' is not a signal (e.g. TERM, 15)",
					  optarg);
				goto out;
			}
			pidbox_config_set_parent_death_signal(cfg, n);
			break;
		case OPT_ZERO_STATUS:
			if (!cli_parse_uint(optarg, 255, &n)) {
				cli_error(d->name, "--zero-status '%s' is not a status from 0 to 255",
					  optarg);
				goto out;
			}
			zero.zero[n] = true;
			break;
		case OPT_PAUSE:
			flags |= PIDBOX_PAUSE;
			break;
		case OPT_VERBOSE:
			verbose = true;
			break;
		case 'h':
			init_usage();
			status = cli_close_stdout(d->name, 0);
			goto out;
		default:
			init_bad_option(d, argv);
			goto out;
		}
	}
	if ((flags & PIDBOX_PAUSE) && optind < argc) {
		cli_error(d->name, "--pause runs no command, but '%s' was given", argv[optind]);
		goto out;
	}
	if (!(flags & PIDBOX_PAUSE) && optind >= argc) {
		init_no_command(d, "pidbox init [OPTIONS] -- COMMAND [ARG...]");
		goto out;
	}
	pidbox_config_set_flags(cfg, flags);
	if (verbose)
		pidbox_config_set_event_handler(cfg, print_event, NULL);
	status = init_execute(d, cfg, (flags & PIDBOX_PAUSE) ? NULL : argv + optind, &zero);
out:
	pidbox_config_free(cfg);
	return status;
}
