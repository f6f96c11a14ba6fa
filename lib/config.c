/* SPDX-License-Identifier: MIT */
/* Box configurations: what to run and how. */
#include <stdlib.h>

#include "internal.h"

PIDBOX_EXPORT int pidbox_config_new(struct pidbox_config **out)
{
	struct pidbox_config *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		return -ENOMEM;
	cfg->grace_ms = 5000;
	sigemptyset(&cfg->rewritten);
	*out = cfg;
	return 0;
}

PIDBOX_EXPORT void pidbox_config_free(struct pidbox_config *cfg)
{
	free(cfg);
}

PIDBOX_EXPORT int pidbox_config_set_command(struct pidbox_config *cfg, char *const argv[])
{
	if (!argv || !argv[0] || !argv[0][0])
		return -EINVAL;
	cfg->argv = argv;
	return 0;
}

PIDBOX_EXPORT void pidbox_config_set_grace_ms(struct pidbox_config *cfg, unsigned int grace_ms)
{
	cfg->grace_ms = grace_ms;
}

PIDBOX_EXPORT void pidbox_config_set_flags(struct pidbox_config *cfg, unsigned int flags)
{
	cfg->flags = flags;
}

PIDBOX_EXPORT int pidbox_config_set_preserve_fds(struct pidbox_config *cfg, int n)
{
	if (n < 0)
		return -EINVAL;
	cfg->preserve_fds = n;
	return 0;
}

PIDBOX_EXPORT void pidbox_config_set_sigmask(struct pidbox_config *cfg, const sigset_t *mask)
{
	cfg->sigmask = *mask;
	cfg->has_sigmask = true;
}

PIDBOX_EXPORT int pidbox_config_set_name(struct pidbox_config *cfg, const char *name)
{
	int r = pidbox_name_check(name);

	if (r < 0)
		return r;
	cfg->name = name;
	return 0;
}

PIDBOX_EXPORT void pidbox_config_set_state_dir(struct pidbox_config *cfg, const char *dir)
{
	cfg->state_dir = dir;
}

/* Signals whose meaning to the init itself must not change. */
static bool rewrite_forbidden(int sig)
{
	return sig == SIGCHLD || sig == SIGKILL || sig == SIGSTOP;
}

PIDBOX_EXPORT int pidbox_config_set_signal_rewrite(struct pidbox_config *cfg, int sig, int to)
{
	if (sig < 1 || sig >= NSIG || to < 0 || to >= NSIG || rewrite_forbidden(sig))
		return -EINVAL;
	cfg->rewrite[sig] = (unsigned char)to;
	sigaddset(&cfg->rewritten, sig);
	return 0;
}

int config_rewritten(const struct pidbox_config *cfg, int sig)
{
	if (sigismember(&cfg->rewritten, sig) == 1)
		return cfg->rewrite[sig];
	/* In a session of its own the command's group is orphaned: the kernel
	 * discards a terminal stop there, so only SIGSTOP stops it. */
	if ((cfg->flags & PIDBOX_SETSID) && (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU))
		return SIGSTOP;
	return sig;
}

PIDBOX_EXPORT int pidbox_config_set_parent_death_signal(struct pidbox_config *cfg, int sig)
{
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	cfg->pdeathsig = sig;
	return 0;
}

PIDBOX_EXPORT void pidbox_config_set_event_handler(struct pidbox_config *cfg, pidbox_event_fn fn,
						   void *data)
{
	cfg->event_fn = fn;
	cfg->event_data = data;
}
