/* SPDX-License-Identifier: MIT */
/* pidbox run: a command in a new PID and mount namespace, under our init. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pidbox.h"
#include "run.h"

enum {
	OPT_GRACE = 'g',
	OPT_AS_PID1 = 0x100,
	OPT_NO_DIE_WITH_PARENT,
	OPT_SHARE_MOUNTS,
	OPT_USER,
	OPT_SIGNAL_GROUP,
	OPT_SIGNAL_ALL,
	OPT_PRESERVE_FDS,
	OPT_NAME,
	OPT_DETACH = 'd',
	OPT_POD = 0x200,
};

static const struct option run_options[] = {
	{ "grace", required_argument, NULL, OPT_GRACE },
	{ "as-pid-1", no_argument, NULL, OPT_AS_PID1 },
	{ "no-die-with-parent", no_argument, NULL, OPT_NO_DIE_WITH_PARENT },
	{ "share-mounts", no_argument, NULL, OPT_SHARE_MOUNTS },
	{ "user", no_argument, NULL, OPT_USER },
	{ "signal-group", no_argument, NULL, OPT_SIGNAL_GROUP },
	{ "signal-all", no_argument, NULL, OPT_SIGNAL_ALL },
	{ "preserve-fds", required_argument, NULL, OPT_PRESERVE_FDS },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "detach", no_argument, NULL, OPT_DETACH },
	{ "pod", required_argument, NULL, OPT_POD },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void run_usage(void)
{
	fputs("Usage:\n pidbox run [OPTIONS] [--] COMMAND [ARG...]\n\n"
	      "Run COMMAND in a new PID namespace and mount namespace with a fresh /proc,\n"
	      "under pidbox's init as PID 1.\n\n"
	      "Options:\n"
	      " -g, --grace SECONDS      after COMMAND ends, wait this long between SIGTERM\n"
	      "                          and SIGKILL for what is left (default 5; 0: SIGKILL)\n"
	      "     --as-pid-1           execute COMMAND itself as PID 1, without an init\n"
	      "     --no-die-with-parent let the box outlive the pidbox process\n"
	      "     --share-mounts       no mount namespace and no fresh /proc\n"
	      "     --user               also a user namespace, mapping you to root in it\n"
	      "     --signal-group       forward signals to COMMAND's process group\n"
	      "     --signal-all         forward signals to every process in the box\n"
	      "     --preserve-fds N     pass fds 3 .. 3+N-1 on to COMMAND\n"
	      "     --name NAME          record the box under NAME, for enter, kill, stop\n"
	      " -d, --detach             (with --name) return once COMMAND runs, printing\n"
	      "                          NAME and the init's PID; its output goes to the\n"
	      "                          box's log (pidbox logs NAME)\n"
	      "     --pod NAME           run COMMAND in pod NAME (pidbox pod create NAME)\n"
	      " -h, --help               display this help\n\n"
	      "Exit status: COMMAND's, or 128+N when signal N ended it; 125 when pidbox\n"
	      "failed, 126 when COMMAND could not be executed, 127 when it was not found.\n"
	      "See pidbox-run(1).\n",
	      stdout);
}

/* The options of named boxes and pods, and what they do not go with. */
static int check_named(const struct run_args *args)
{
	const unsigned int not_with_pod = PIDBOX_AS_PID1 | PIDBOX_SHARE_MOUNTS | PIDBOX_USERNS |
					  PIDBOX_NO_DIE_WITH_PARENT;
	int r;

	if (args->detach && !args->name) {
		cli_error("run", "--detach needs --name NAME (to reach the box later)");
		return -1;
	}
	if (args->pod && (args->name || (args->flags & not_with_pod))) {
		cli_error("run", "--pod joins the pod's namespaces: it goes with no --name, "
				 "--detach, --as-pid-1, --share-mounts, --user or "
				 "--no-die-with-parent");
		return -1;
	}
	r = pidbox_name_check(args->name ? args->name : args->pod);
	if ((args->name || args->pod) && r < 0) {
		cli_bad_name("run", args->name ? args->name : args->pod, r, 0);
		return -1;
	}
	return 0;
}

int run_parse(int argc, char **argv, struct run_args *args)
{
	int c;

	memset(args, 0, sizeof(*args));
	args->grace_ms = 5000;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+g:dh", run_options, NULL)) != -1) {
		switch (c) {
		case OPT_GRACE:
			if (!cli_parse_seconds(optarg, &args->grace_ms)) {
				cli_error("run",
					  "--grace '%s' is not a number of seconds (e.g. --grace 5, "
					  "--grace 0.5)",
					  optarg);
				return -1;
			}
			break;
		case OPT_AS_PID1:
			args->flags |= PIDBOX_AS_PID1;
			break;
		case OPT_NO_DIE_WITH_PARENT:
			args->flags |= PIDBOX_NO_DIE_WITH_PARENT;
			break;
		case OPT_SHARE_MOUNTS:
			args->flags |= PIDBOX_SHARE_MOUNTS;
			break;
		case OPT_USER:
			args->flags |= PIDBOX_USERNS;
			break;
		case OPT_SIGNAL_GROUP:
			args->flags |= PIDBOX_SIGNAL_GROUP;
			break;
		case OPT_SIGNAL_ALL:
			args->flags |= PIDBOX_SIGNAL_ALL;
			break;
		case OPT_PRESERVE_FDS:
			if (!cli_parse_uint(optarg, 1 << 20, &args->preserve_fds)) {
				cli_error("run", "--preserve-fds '%s' is not a count of fds", optarg);
				return -1;
			}
			break;
		case OPT_NAME:
			args->name = optarg;
			break;
		case OPT_DETACH:
			args->detach = true;
			break;
		case OPT_POD:
			args->pod = optarg;
			break;
		case 'h':
			run_usage();
			return 1;
		default:
			cli_bad_option("run", argv, 0);
			return -1;
		}
	}
	if (optind >= argc) {
		cli_error("run", "no command given (usage: pidbox run [OPTIONS] -- COMMAND [ARG...])");
		return -1;
	}
	args->argv = argv + optind;
	return check_named(args);
}

/* The hint that tells the user what to do about a failed start. */
static const char *start_hint(const struct run_args *args, int err, enum pidbox_stage stage)
{
	if (stage == PIDBOX_STAGE_EXEC)
		return err == -ENOENT ? "check its name and PATH"
		       : err == -EACCES ? "is it an executable file?"
					 : NULL;
	if ((err == -EPERM || err == -EACCES) && args->pod)
		return "only root may join a pod that root created";
	if (err == -EPERM || err == -EACCES) {
		if (args->flags & PIDBOX_USERNS)
			return "user namespaces may be disabled here: check "
			       "/proc/sys/user/max_user_namespaces, or run as root";
		return geteuid() == 0 ? "a security policy refused it"
				      : "run as root, or add --user to use a user namespace";
	}
	if (err == -ENOSPC)
		return "the kernel allows at most 32 nested PID namespaces, or "
		       "user.max_pid_namespaces is exhausted";
	if (err == -EINVAL && (args->flags & PIDBOX_USERNS))
		return "a threaded or chrooted caller cannot create a user namespace";
	return NULL;
}

int run_start_failed(const char *cmd, const struct run_args *args, struct pidbox_box *box, int err)
{
	enum pidbox_stage stage = pidbox_box_failed_stage(box);
	const char *hint = start_hint(args, err, stage);

	if (stage == PIDBOX_STAGE_EXEC) {
		cli_error_errno(cmd, err, hint, "cannot execute '%s'", args->argv[0]);
		return err == -ENOENT ? PIDBOX_EXIT_NOT_FOUND : PIDBOX_EXIT_CANNOT_EXEC;
	}
	cli_error_errno(cmd, err, hint, "cannot %s", pidbox_box_failed_step(box));
	return PIDBOX_EXIT_FAILURE;
}

/* The failures of naming a box, reported; -1 for the others. */
static int named_start_failed(const struct run_args *args, int err)
{
	if (args->name && err == -EEXIST)
		cli_error("run", "the name %s is in use (choose another, or pidbox stop %s)",
			  args->name, args->name);
	else if (args->name && err == -ENXIO)
		cli_error("run", "no state directory for --name: XDG_RUNTIME_DIR is not set "
				 "(set it, or run as root)");
	else if (args->pod && err == -ESRCH)
		cli_error("run", "pod %s is gone (it ended meanwhile)", args->pod);
	else
		return -1;
	return PIDBOX_EXIT_FAILURE;
}

int cmd_run(int argc, char **argv)
{
	struct pidbox_config *cfg = NULL;
	struct pidbox_named *pod = NULL;
	struct pidbox_box *box = NULL;
	struct run_args args;
	sigset_t saved;
	int r, status = PIDBOX_EXIT_FAILURE;

	r = run_parse(argc, argv, &args);
	if (r != 0)
		return r > 0 ? cli_close_stdout("run", 0) : PIDBOX_EXIT_FAILURE;
	if (pidbox_config_new(&cfg) < 0 || pidbox_box_new(cfg, &box) < 0) {
		cli_error_errno("run", ENOMEM, NULL, "cannot start");
		goto out;
	}
	pidbox_config_set_command(cfg, args.argv);
	pidbox_config_set_grace_ms(cfg, args.grace_ms);
	pidbox_config_set_flags(cfg, args.flags);
	pidbox_config_set_preserve_fds(cfg, args.preserve_fds);
	if (args.name)
		pidbox_config_set_name(cfg, args.name);
	if (args.pod && cli_open_named("run", args.pod, &pod, PIDBOX_EXIT_FAILURE,
				       PIDBOX_EXIT_FAILURE) != 0)
		goto out;
	if (pod && !pidbox_named_is_pod(pod)) {
		cli_error("run", "%s is a box, not a pod (pidbox enter %s runs a command in it)",
			  args.pod, args.pod);
		goto out;
	}
	r = pidbox_signals_block(&saved);
	if (r < 0) {
		cli_error_errno("run", r, NULL, "cannot block signals");
		goto out;
	}
	pidbox_config_set_sigmask(cfg, &saved);
	if (pod)
		r = pidbox_box_enter(box, pidbox_named_pidfd(pod), PIDBOX_ENTER_KEEP_CWD);
	else if (args.detach)
		r = pidbox_box_start_detached(box);
	else
		r = pidbox_box_start(box);
	if (r < 0) {
		status = named_start_failed(&args, r);
		if (status < 0)
			status = run_start_failed("run", &args, box, r);
		goto out;
	}
	if (args.detach) {
		printf("%s %d\n", args.name, (int)pidbox_box_pid(box));
		status = cli_close_stdout("run", 0);
		goto out;
	}
	r = pidbox_box_supervise(box, &status);
	if (r < 0) {
		cli_error_errno("run", r, NULL, "lost track of the box");
		status = PIDBOX_EXIT_FAILURE;
	}
out:
	pidbox_box_free(box);
	pidbox_named_free(pod);
	pidbox_config_free(cfg);
	return status;
}
