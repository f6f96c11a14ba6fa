/* SPDX-License-Identifier: MIT */
/* pidbox pod: PID namespaces held by a holder, which commands join. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pidbox.h"

static const struct option pod_options[] = {
	{ "grace", required_argument, NULL, 'g' },
	{ "json", no_argument, NULL, 'J' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void pod_usage(void)
{
	fputs("Usage:\n pidbox pod create NAME\n pidbox pod rm [--grace SECONDS] NAME\n"
	      " pidbox pod ls [--json]\n\n"
	      "A pod is a PID namespace (with a mount namespace and its own /proc) held\n"
	      "by a holder that is its PID 1, reaps, and does nothing else.  Commands run\n"
	      "in it with 'pidbox run --pod NAME -- COMMAND' see each other and can signal\n"
	      "each other; when one ends, the others go on.\n\n"
	      "Commands:\n"
	      " create NAME    start the pod; prints NAME and the holder's PID\n"
	      " rm NAME        SIGTERM to every process in it, the grace period, then the\n"
	      "                holder's end, which ends what is left\n"
	      " ls             the pods and their processes (POD, PID in the pod, host PID,\n"
	      "                command)\n\n"
	      "Options:\n"
	      " -g, --grace SECONDS   rm: time between SIGTERM and SIGKILL (default 5)\n"
	      "     --json            ls: one JSON document\n"
	      " -h, --help            display this help\n\n"
	      "Exit status: 0; 1 when the pod does not exist, its name is taken, or it\n"
	      "cannot be created; 2 for bad usage.  See pidbox-pod(1).\n",
	      stdout);
}

static int pod_create(const char *name)
{
	pid_t holder = 0;
	int r = pidbox_pod_create(NULL, name, &holder);

	if (r == 0) {
		printf("%s %d\n", name, (int)holder);
		return cli_close_stdout("pod", 0);
	}
	if (r == -EINVAL || r == -ENAMETOOLONG)
		return cli_bad_name("pod", name, r, CLI_EXIT_USAGE);
	if (r == -EEXIST)
		cli_error("pod", "the name %s is in use (choose another, or pidbox pod rm %s)",
			  name, name);
	else if (r == -ENXIO)
		cli_error("pod", "no state directory: XDG_RUNTIME_DIR is not set (set it, or run "
				 "as root)");
	else
		cli_error_errno("pod", r, r == -EPERM ? "run as root" : NULL,
				"cannot create pod %s", name);
	return CLI_EXIT_ERROR;
}

static int pod_rm(const char *name, unsigned int grace_ms)
{
	struct pidbox_named *n = NULL;
	int status = cli_open_named("pod", name, &n, CLI_EXIT_ERROR, CLI_EXIT_USAGE);

	if (status)
		return status;
	if (!pidbox_named_is_pod(n)) {
		cli_error("pod", "%s is a box, not a pod (pidbox stop %s ends it)", name, name);
		pidbox_named_free(n);
		return CLI_EXIT_ERROR;
	}
	status = cli_stop_named("pod", n, grace_ms);
	pidbox_named_free(n);
	return status;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int pod_ls(bool json)
{
	char **names = NULL;
	size_t count = 0, shown = 0;
	int r = pidbox_names_list(NULL, &names, &count);

	if (r < 0) {
		if (r == -ENXIO)
			cli_error("pod", "no state directory: XDG_RUNTIME_DIR is not set (set it, "
					 "or run as root)");
		else
			cli_error_errno("pod", r, NULL, "cannot list the state directory");
		return CLI_EXIT_ERROR;
	}
	if (json)
		fputs("[", stdout);
	else
		printf("%-16s %7s %9s  %s\n", "POD", "PID", "HOST-PID", "COMMAND");
	for (size_t i = 0; i < count; i++) {
		struct pidbox_process *procs = NULL;
		struct pidbox_named *n = NULL;
		size_t np = 0;

		/* Gone, starting, or a box: not a pod to list. */
		if (pidbox_named_open(NULL, names[i], &n) < 0)
			continue;
		if (!pidbox_named_is_pod(n) || pidbox_named_processes(n, &procs, &np) < 0) {
			pidbox_named_free(n);
			continue;
		}
		if (json) {
			printf("%s\n {\"name\": ", shown ? "," : "");
			json_string(names[i]);
			printf(", \"holder\": %d, \"processes\": [", (int)pidbox_named_pid(n));
			for (size_t k = 0; k < np; k++) {
				printf("%s\n  {\"pid\": %d, \"host_pid\": %d, \"command\": ",
				       k ? "," : "", (int)procs[k].pid, (int)procs[k].host_pid);
				json_string(procs[k].command);
				putchar('}');
			}
			printf("]}");
		} else {
			for (size_t k = 0; k < np; k++)
				printf("%-16s %7d %9d  %s\n", names[i], (int)procs[k].pid,
				       (int)procs[k].host_pid, procs[k].command);
		}
		shown++;
		free(procs);
		pidbox_named_free(n);
	}
	if (json)
		fputs(shown ? "\n]\n" : "]\n", stdout);
	pidbox_names_free(names, count);
	return cli_close_stdout("pod", 0);
}

int cmd_pod(int argc, char **argv)
{
	unsigned int grace_ms = 5000;
	bool json = false;
	const char *sub;
	int c;

	optind = 1;
	opterr = 0;
	/* Options may come after the subcommand: pidbox pod rm --grace 1 NAME. */
	while ((c = getopt_long(argc, argv, "g:h", pod_options, NULL)) != -1) {
		switch (c) {
		case 'g':
			if (!cli_parse_seconds(optarg, &grace_ms)) {
				cli_error("pod", "--grace '%s' is not a number of seconds", optarg);
				return CLI_EXIT_USAGE;
			}
			break;
		case 'J':
			json = true;
			break;
		case 'h':
			pod_usage();
			return cli_close_stdout("pod", 0);
		default:
			return cli_bad_option("pod", argv, CLI_EXIT_USAGE);
		}
	}
	sub = optind < argc ? argv[optind++] : "";
	if (strcmp(sub, "ls") == 0 && optind == argc)
		return pod_ls(json);
	if ((strcmp(sub, "create") == 0 || strcmp(sub, "rm") == 0) && argc - optind == 1) {
		if (sub[0] == 'c')
			return pod_create(argv[optind]);
		return pod_rm(argv[optind], grace_ms);
	}
	cli_error("pod", "expected create NAME, rm NAME or ls (see 'pidbox pod --help')");
	return CLI_EXIT_USAGE;
}
