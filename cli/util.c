/* SPDX-License-Identifier: MIT */
/* Messages and argument parsing shared by the subcommands. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pidbox%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_error_errno(const char *cmd, int err, const char *hint, const char *fmt, ...)
{
	va_list ap;

	if (err < 0)
		err = -err;
	fprintf(stderr, "pidbox%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s", strerror(err));
	if (hint && *hint)
		fprintf(stderr, " (%s)", hint);
	fputc('\n', stderr);
}

int cli_bad_option(const char *cmd, char **argv, int status)
{
	const char *arg = argv[optind - 1];

	if (optopt && strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
			     optopt) &&
	    arg[0] == '-' && arg[1] != '-')
		cli_error(cmd, "option '-%c' is unknown or lacks its argument (see 'pidbox %s --help')",
			  optopt, cmd);
	else
		cli_error(cmd, "option '%s' is unknown or lacks its argument (see 'pidbox %s --help')",
			  arg, cmd);
	return status;
}

bool cli_parse_seconds(const char *text, unsigned int *ms)
{
	char *end;
	double s;

	if (!text || !*text || strchr(text, '-') || (*text < '0' || *text > '9'))
		if (!text || *text != '.')
			return false;
	errno = 0;
	s = strtod(text, &end);
	if (errno || *end || !isfinite(s) || s < 0 || s > (double)UINT_MAX / 1000.0)
		return false;
	*ms = (unsigned int)(s * 1000.0 + 0.5);
	return true;
}

bool cli_parse_uint(const char *text, int max, int *out)
{
	char *end;
	long n;

	if (!text || *text < '0' || *text > '9')
		return false;
	errno = 0;
	n = strtol(text, &end, 10);
	if (errno || *end || n > max)
		return false;
	*out = (int)n;
	return true;
}

int cli_close_stdout(const char *cmd, int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error_errno(cmd, errno, NULL, "cannot write the output");
		return status ? status : CLI_EXIT_ERROR;
	}
	return status;
}
