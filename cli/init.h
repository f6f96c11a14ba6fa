/* SPDX-License-Identifier: MIT */
/* What pidbox init shares with its drop-in dialects (tini, dumb-init, catatonit). */
#ifndef PIDBOX_CLI_INIT_H
#define PIDBOX_CLI_INIT_H

#include <stdbool.h>

#include "pidbox.h"

/* How one dialect names itself in messages and which statuses it exits with. */
struct init_dialect {
	const char *name;     /* "init", "tini", ...: messages read "pidbox NAME: ..." */
	const char *help;     /* how to get help, for messages: "pidbox init --help" */
	int usage_status;     /* bad options, no command */
	int failure_status;   /* the init itself failed */
	int not_found_status; /* the command was not found */
	int denied_status;    /* the command was found but could not be executed */
};

/* A set of exit statuses that become 0 (tini -e, pidbox init --zero-status). */
struct status_set {
	bool zero[256];
};

/* Runs cfg (whose command is argv, NULL in pause mode) under
 * pidbox_init_run, reports a failure as one line and returns the status to
 * exit with, with the statuses in zero (when not NULL) mapped to 0. */
int init_execute(const struct init_dialect *d, struct pidbox_config *cfg, char **argv,
		 const struct status_set *zero);

/* Allocates a configuration with the grace period of PIDBOX_INIT_GRACE when
 * set; NULL after reporting a malformed value or no memory. */
struct pidbox_config *init_config_new(const struct init_dialect *d);

/* Reports an option getopt_long refused (opterr must be 0); returns the
 * dialect's usage status. */
int init_bad_option(const struct init_dialect *d, char **argv);

/* Reports that no command was given; returns the dialect's usage status. */
int init_no_command(const struct init_dialect *d, const char *usage);

/* "SIGTERM" for a message, or "signal 42". */
const char *init_signal_text(int sig, char *buf, unsigned long size);

#endif
