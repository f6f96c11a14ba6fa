/* SPDX-License-Identifier: MIT */
/*
 * Pods: a PID namespace (with its mount namespace and /proc) that outlives
 * the commands run in it, held open by a holder that is its PID 1.  The
 * holder only reaps: what the kernel reparents to it, and nothing else.  It
 * takes no signal (the kernel lets a namespace's PID 1 ignore even those of
 * its own namespace's processes), so only SIGKILL from outside, which
 * pidbox pod rm sends, ends it; then the kernel ends every process of the pod.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "pod.h"
#include "syscall.h"

static void reap_all(void)
{
	siginfo_t si;

	for (;;) {
		si.si_pid = 0;
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG) < 0) {
			if (errno == EINTR)
				continue;
			return; /* ECHILD: no child at all */
		}
		if (si.si_pid == 0)
			return;
	}
}

void pod_hold(void)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, dfl = { .sa_handler = SIG_DFL };
	sigset_t chld;

	/* Every signal but SIGCHLD is dropped on arrival, not queued. */
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGCHLD && sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &ign, NULL);
	/* Not ignored: an ignored SIGCHLD would reap for us, but this is the
	 * reaper, and it says so where a reader of the code looks for it. */
	sigaction(SIGCHLD, &dfl, NULL);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_SETMASK, &chld, NULL);
	prctl(PR_SET_NAME, "pidbox-pod", 0, 0, 0);
	/* Hold no directory and no file of whoever created the pod. */
	if (chdir("/") < 0)
		_exit(PIDBOX_EXIT_FAILURE);
	pidbox_sys_close_range(3, ~0U, 0);
	for (;;) {
		siginfo_t si;

		if (sigwaitinfo(&chld, &si) == SIGCHLD)
			reap_all();
	}
}

PIDBOX_EXPORT int pidbox_pod_create(const char *dir, const char *name, pid_t *holder)
{
	struct pidbox_config *cfg = NULL;
	struct pidbox_box *box = NULL;
	int r;

	r = pidbox_config_new(&cfg);
	if (r < 0)
		return r;
	r = pidbox_config_set_name(cfg, name);
	if (r < 0)
		goto out;
	pidbox_config_set_state_dir(cfg, dir);
	pidbox_config_set_flags(cfg, PIDBOX_NO_TTY);
	cfg->pod_holder = true;
	r = pidbox_box_new(cfg, &box);
	if (r < 0)
		goto out;
	r = pidbox_box_start_detached(box);
	if (r == 0 && holder)
		*holder = pidbox_box_pid(box);
out:
	pidbox_box_free(box);
	pidbox_config_free(cfg);
	return r;
}
