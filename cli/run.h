/* SPDX-License-Identifier: MIT */
/* Option parsing of pidbox run, shared with the commands that start boxes. */
#ifndef PIDBOX_CLI_RUN_H
#define PIDBOX_CLI_RUN_H

#include <stdbool.h>

#include "pidbox.h"

struct run_args {
	unsigned int grace_ms;
	unsigned int flags;
	int preserve_fds;
	char **argv;
	const char *name; /* --name */
	const char *pod;  /* --pod */
	bool detach;      /* --detach */
};

/* 0: parsed; 1: --help printed; -1: bad input, already reported. */
int run_parse(int argc, char **argv, struct run_args *args);

/* Reports a failed pidbox_box_start() and returns the exit status for it. */
int run_start_failed(const char *cmd, const struct run_args *args, struct pidbox_box *box, int err);

#endif
