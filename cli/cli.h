/* SPDX-License-Identifier: MIT */
/* What the subcommands of the pidbox command share. */
#ifndef PIDBOX_CLI_H
#define PIDBOX_CLI_H

#include <stdbool.h>

/* Exit statuses of the commands that do not run a command of the user's. */
#define CLI_EXIT_ERROR 1 /* the request failed (no such box, process gone) */
#define CLI_EXIT_USAGE 2 /* bad options or arguments */

struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

int cmd_run(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_ls(int argc, char **argv);
int cmd_pid(int argc, char **argv);
int cmd_enter(int argc, char **argv);
int cmd_kill(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_logs(int argc, char **argv);
int cmd_pod(int argc, char **argv);
int cmd_init(int argc, char **argv);

/* pidbox init under the names of the inits it replaces (cli/dialect_*.c). */
int cmd_tini(int argc, char **argv);
int cmd_dumb_init(int argc, char **argv);
int cmd_catatonit(int argc, char **argv);

/* Prints "pidbox CMD: MESSAGE" as one line on stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "pidbox CMD: MESSAGE: strerror(err)[ (hint)]" as one line. */
void cli_error_errno(const char *cmd, int err, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Reports an option getopt_long refused (opterr must be 0) and returns status. */
int cli_bad_option(const char *cmd, char **argv, int status);

/* Parses seconds ("5", "0.5") into milliseconds; false when malformed. */
bool cli_parse_seconds(const char *text, unsigned int *ms);

/* Parses a non-negative int; false when malformed. */
bool cli_parse_uint(const char *text, int max, int *out);

/* Flushes stdout and reports a failed write (a full disk, a closed pipe). */
int cli_close_stdout(const char *cmd, int status);

struct pidbox_named;

/* Reports a name that pidbox_name_check() refused and returns status. */
int cli_bad_name(const char *cmd, const char *name, int err, int status);

/* Opens the box or pod called name, reporting a failure as one line.
 * Returns 0, or the status to exit with: usage_status for a bad name,
 * error_status otherwise (no such box, gone, ...). */
int cli_open_named(const char *cmd, const char *name, struct pidbox_named **out,
		   int error_status, int usage_status);

/* Stops a box or pod (pidbox stop, pidbox pod rm), reporting a failure;
 * returns the exit status. */
int cli_stop_named(const char *cmd, struct pidbox_named *n, unsigned int grace_ms);

#endif
