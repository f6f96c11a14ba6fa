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
