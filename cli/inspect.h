/* SPDX-License-Identifier: MIT */
/* What ps, ls and pid share: naming namespaces, columns, trees, JSON. */
#ifndef PIDBOX_CLI_INSPECT_H
#define PIDBOX_CLI_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* The name of the box whose PID namespace is ns_inode, or NULL. */
const char *cli_box_name(uint64_t ns_inode);

/* Parses a PID: a decimal number from 1 to INT_MAX. */
bool cli_parse_pid(const char *text, pid_t *pid);

/*
 * Opens the PID namespace that arg names: a PID (that process's), a path
 * (/proc/PID/ns/pid, a bind mount) or a box name, and checks that it is
 * the caller's or below it.  Returns the fd; or prints one line for cmd
 * and returns -CLI_EXIT_ERROR (nothing by that name) or -CLI_EXIT_USAGE
 * (arg is not something that can name a namespace).
 */
int cli_open_pidns(const char *cmd, const char *arg);

/* Reports that pid names a thread, where a process is wanted. */
void cli_thread_error(const char *cmd, pid_t pid);

/* Reports a failed scan or read of /proc; returns CLI_EXIT_ERROR. */
int cli_proc_failed(const char *cmd, int err);

/* A column of a listing. */
struct cli_column {
	const char *name;   /* for -o */
	const char *header; /* in the table */
	bool right;         /* numbers are right-aligned */
	const char *help;   /* for --help and errors */
};

/* Parses "-o a,b,c" into indexes of cols (at most max); prints the error
 * and returns -1 on an unknown column, else the count. */
int cli_parse_columns(const char *cmd, const char *list, const struct cli_column *cols,
		      size_t ncols, int *out, size_t max);

/* Prints the columns' names and help, for --help. */
void cli_print_columns(FILE *out, const struct cli_column *cols, size_t ncols);

/* A table of text cells, printed aligned. */
struct cli_table {
	const struct cli_column *cols;
	const int *sel;
	size_t nsel;
	char **cells; /* row-major, nsel per row, owned */
	size_t nrows, cap;
};

void cli_table_init(struct cli_table *t, const struct cli_column *cols, const int *sel,
		    size_t nsel);

/* Appends a row of nsel cells, which the table takes over (NULL = empty).
 * Returns 0 or -ENOMEM. */
int cli_table_add(struct cli_table *t, char **cells);

/* Prints the table: headings unless noheadings; each line cut at width
 * display columns when width > 0.  Frees the cells. */
void cli_table_print(struct cli_table *t, bool noheadings, size_t width);
void cli_table_free(struct cli_table *t);

/* The width to fit: the terminal's when stdout is one, else 0 (no limit). */
size_t cli_output_width(void);

/* A copy of s that a terminal shows as it is: control characters and
 * broken UTF-8 become '?'.  NULL when out of memory. */
char *cli_printable(const char *s);

/* printf into a new string; NULL when out of memory. */
char *cli_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes s as a JSON string (null for NULL). */
void cli_json_string(FILE *out, const char *s);

/*
 * Tree drawing.  parent[i] is the index of i's parent or SIZE_MAX for a
 * root; indexes come in the order siblings are to be shown.  Fills order[]
 * (depth first) and prefix[i], the branches to print before item i (to be
 * freed).  Returns 0 or -ENOMEM.
 */
int cli_tree(size_t n, const size_t *parent, size_t *order, char **prefix);

#endif
