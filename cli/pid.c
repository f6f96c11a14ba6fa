/* SPDX-License-Identifier: MIT */
/* pidbox pid: one process, all its PIDs; or one PID translated. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "inspect.h"
#include "pidbox.h"

enum col { COL_DEPTH, COL_NS, COL_PID, COL_BOX, N_COLS };

static const struct cli_column columns[N_COLS] = {
	[COL_DEPTH] = { "depth", "DEPTH", true, "depth of the namespace below yours" },
	[COL_NS] = { "ns", "NS", true, "inode of the PID namespace (? when guessed)" },
	[COL_PID] = { "pid", "PID", true, "the process's PID in that namespace" },
	[COL_BOX] = { "box", "BOX", false, "name of the box of that namespace" },
};

static const int all_cols[] = { COL_DEPTH, COL_NS, COL_PID, COL_BOX };

enum { OPT_IN = 0x100, OPT_FROM };

static const struct option pid_options[] = {
	{ "in", required_argument, NULL, OPT_IN },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "json", no_argument, NULL, 'J' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void pid_usage(void)
{
	fputs("Usage:\n pidbox pid [OPTIONS] PID\n pidbox pid --in NS PID\n"
	      " pidbox pid --from NS PID\n\n"
	      "Show the PIDs of process PID in every namespace from yours down to its own,\n"
	      "each with the namespace's inode, depth and box; or translate one PID.\n"
	      "NS is a PID (that process's namespace), a /proc/PID/ns/pid path or a box name.\n\n"
	      "Options:\n"
	      "     --in NS        print the PID that process PID (as you see it) has in NS\n"
	      "     --from NS      print the PID you see for the process NS calls PID\n"
	      " -J, --json         print JSON\n"
	      " -n, --noheadings   no heading line\n"
	      " -h, --help         display this help\n\n"
	      "Exit status: 0; 1 when there is no such process (or it is not visible on\n"
	      "the other side) or NS cannot be found; 2 on bad usage.\n"
	      "See pidbox-pid(1).\n",
	      stdout);
}

static int show_levels(pid_t pid, bool json, bool noheadings)
{
	struct pidbox_pidlevel levels[PIDBOX_MAX_NESTING + 1];
	struct pidbox_proc proc;
	struct cli_table t;
	int n, guessed = 0, r;

	r = pidbox_proc_read(pid, 0, &proc);
	if (r >= 0)
		n = pidbox_pid_levels(pid, levels, PIDBOX_MAX_NESTING + 1, &guessed);
	else
		n = r;
	if (n == -EINVAL) {
		cli_thread_error("pid", pid);
		return CLI_EXIT_ERROR;
	}
	if (n == -ESRCH) {
		cli_error_errno("pid", n, "see pidbox ps", "cannot find process %d", (int)pid);
		return CLI_EXIT_ERROR;
	}
	if (n < 0)
		return cli_proc_failed("pid", n);
	if (json) {
		printf("{\"pid\": %d, \"comm\": ", (int)pid);
		cli_json_string(stdout, proc.comm);
		printf(", \"guessed\": %s, \"levels\": [", guessed ? "true" : "false");
		for (int i = 0; i < n; i++) {
			printf("%s\n  {\"depth\": %d, \"ns\": ", i ? "," : "", i);
			if (levels[i].ns)
				printf("%llu", (unsigned long long)levels[i].ns);
			else
				fputs("null", stdout);
			printf(", \"pid\": %d, \"box\": ", (int)levels[i].pid);
			cli_json_string(stdout, levels[i].ns ? cli_box_name(levels[i].ns) : NULL);
			putchar('}');
		}
		fputs("\n]}\n", stdout);
		return cli_close_stdout("pid", 0);
	}
	cli_table_init(&t, columns, all_cols, N_COLS);
	for (int i = 0; i < n; i++) {
		const char *box = levels[i].ns ? cli_box_name(levels[i].ns) : NULL;
		char *cells[N_COLS];

		cells[COL_DEPTH] = cli_format("%d", i);
		/* a guessed namespace is marked, an unknown one is a dash */
		if (levels[i].ns)
			cells[COL_NS] = cli_format("%llu%s", (unsigned long long)levels[i].ns,
						   guessed && i > 0 && i < n - 1 ? "?" : "");
		else
			cells[COL_NS] = strdup("-");
		cells[COL_PID] = cli_format("%d", (int)levels[i].pid);
		cells[COL_BOX] = box ? cli_printable(box) : NULL;
		if (cli_table_add(&t, cells) < 0) {
			cli_table_free(&t);
			cli_error_errno("pid", ENOMEM, NULL, "cannot print the list");
			return CLI_EXIT_ERROR;
		}
	}
	cli_table_print(&t, noheadings, cli_output_width());
	cli_table_free(&t);
	return cli_close_stdout("pid", 0);
}

static int translate(const char *ns_arg, bool in, pid_t pid, bool json)
{
	struct pidbox_proc proc;
	int nsfd = cli_open_pidns("pid", ns_arg), r;

	if (nsfd < 0)
		return -nsfd;
	r = in ? pidbox_pid_to_ns(nsfd, pid) : pidbox_pid_from_ns(nsfd, pid);
	close(nsfd);
	if (r == -ESRCH && in && pidbox_proc_read(pid, 0, &proc) == 0) {
		cli_error("pid", "process %d is not in the namespace of '%s' or below it", (int)pid,
			  ns_arg);
		return CLI_EXIT_ERROR;
	}
	if (r == -EINVAL) {
		cli_thread_error("pid", pid);
		return CLI_EXIT_ERROR;
	}
	if (r == -ESRCH) {
		if (in)
			cli_error_errno("pid", r, "see pidbox ps", "cannot find process %d",
					(int)pid);
		else
			cli_error("pid", "the namespace of '%s' has no process %d that you can see",
				  ns_arg, (int)pid);
		return CLI_EXIT_ERROR;
	}
	if (r < 0)
		return cli_proc_failed("pid", r);
	if (json)
		printf("{\"pid\": %d}\n", r);
	else
		printf("%d\n", r);
	return cli_close_stdout("pid", 0);
}

int cmd_pid(int argc, char **argv)
{
	const char *in = NULL, *from = NULL;
	bool json = false, noheadings = false;
	pid_t pid;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+Jnh", pid_options, NULL)) != -1) {
		switch (c) {
		case OPT_IN:
			in = optarg;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case 'J':
			json = true;
			break;
		case 'n':
			noheadings = true;
			break;
		case 'h':
			pid_usage();
			return cli_close_stdout("pid", 0);
		default:
			return cli_bad_option("pid", argv, CLI_EXIT_USAGE);
		}
	}
	if (in && from) {
		cli_error("pid", "--in and --from exclude each other");
		return CLI_EXIT_USAGE;
	}
	if (argc - optind != 1) {
		cli_error("pid", "%s (usage: pidbox pid [--in NS | --from NS] PID)",
			  optind == argc ? "no PID given" : "too many arguments");
		return CLI_EXIT_USAGE;
	}
	if (!cli_parse_pid(argv[optind], &pid)) {
		cli_error("pid", "'%s' is not a PID (a number from 1 up)", argv[optind]);
		return CLI_EXIT_USAGE;
	}
	if (in || from)
		return translate(in ? in : from, in != NULL, pid, json);
	return show_levels(pid, json, noheadings);
}
