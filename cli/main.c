/* SPDX-License-Identifier: MIT */
/* The pidbox command: a table from subcommand names to their functions. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "pidbox.h"

static const struct cli_command commands[] = {
	{ "run", cmd_run, "run a command in a new PID namespace under a correct PID 1" },
	{ "ps", cmd_ps, "the processes of a box, or all you can see, as a tree with every PID" },
	{ "ls", cmd_ls, "every PID namespace you can see, as a tree" },
	{ "pid", cmd_pid, "one process, all its PIDs; or a PID translated between namespaces" },
	{ "enter", cmd_enter, "run a command inside a running box" },
	{ "kill", cmd_kill, "send a signal to a named box, through pidfds" },
	{ "stop", cmd_stop, "end a named box: SIGTERM, a grace period, SIGKILL" },
	{ "logs", cmd_logs, "show what a detached box's command wrote" },
	{ "pod", cmd_pod, "create, remove and list pods: PID namespaces shared by commands" },
	{ "init", cmd_init, "be the init (PID 1) of a container for a command" },
};

/* The same binary under the names of the inits it replaces. */
static const struct cli_command dialects[] = {
	{ "tini", cmd_tini, NULL },
	{ "tini-static", cmd_tini, NULL },
	{ "dumb-init", cmd_dumb_init, NULL },
	{ "catatonit", cmd_catatonit, NULL },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fputs("Usage:\n pidbox COMMAND [OPTIONS] [ARGS...]\n\n"
	      "PID-namespace boxes with a correct PID 1, held through pidfds.\n\n"
	      "Commands:\n",
	      out);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, " %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nOptions:\n"
	      " -h, --help     display this help\n"
	      " -V, --version  display the version\n\n"
	      "Run 'pidbox COMMAND --help' for a command's options; see pidbox(1).\n",
	      out);
}

int main(int argc, char **argv)
{
	const char *self = argc > 0 ? strrchr(argv[0], '/') : NULL;
	const char *name;

	self = self ? self + 1 : argc > 0 ? argv[0] : "pidbox";
	for (size_t i = 0; i < sizeof(dialects) / sizeof(dialects[0]); i++)
		if (strcmp(self, dialects[i].name) == 0)
			return dialects[i].fn(argc, argv);
	/* docker-init -- CMD, /run/podman-init -- CMD: pidbox init under another name. */
	if (strcmp(self, "pidbox") != 0 && argc > 1 && strcmp(argv[1], "--") == 0)
		return cmd_init(argc, argv);
	if (argc < 2) {
		cli_error(NULL, "no command given (see 'pidbox --help')");
		return CLI_EXIT_USAGE;
	}
	name = argv[1];
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
		usage(stdout);
		return cli_close_stdout(NULL, 0);
	}
	if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
		printf("pidbox %s\n", PIDBOX_VERSION);
		return cli_close_stdout(NULL, 0);
	}
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	cli_error(NULL, "unknown command '%s' (see 'pidbox --help')", name);
	return CLI_EXIT_USAGE;
}
