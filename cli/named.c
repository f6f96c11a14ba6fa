/* SPDX-License-Identifier: MIT */
/* What the subcommands that act on a box by name say when they cannot. */
#include <errno.h>
#include <stdio.h>

#include "cli.h"
#include "pidbox.h"

/* The name as it can be shown on one line: control bytes as \xHH. */
static void printable(const char *name, char *out, size_t size)
{
	size_t n = 0;

	for (; *name && n + 5 < size; name++) {
		unsigned char c = (unsigned char)*name;

		if (c < 0x20 || c == 0x7f)
			n += (size_t)snprintf(out + n, size - n, "\\x%02x", c);
		else
			out[n++] = (char)c;
	}
	out[n] = '\0';
}

int cli_bad_name(const char *cmd, const char *name, int err, int status)
{
	char shown[96];

	printable(name, shown, sizeof(shown));
	if (err == -ENAMETOOLONG)
		cli_error(cmd, "the name '%.64s...' is longer than %d characters", shown,
			  PIDBOX_NAME_MAX);
	else
		cli_error(cmd,
			  "invalid name '%s' (use 1 to %d letters, digits, '_', '.' or '-', "
			  "not starting with '.' or '-')",
			  shown, PIDBOX_NAME_MAX);
	return status;
}

int cli_open_named(const char *cmd, const char *name, struct pidbox_named **out,
		   int error_status, int usage_status)
{
	int r = pidbox_named_open(NULL, name, out);

	switch (r) {
	case 0:
		return 0;
	case -EINVAL:
	case -ENAMETOOLONG:
		return cli_bad_name(cmd, name, r, usage_status);
	case -ENOENT:
		cli_error(cmd, "no box or pod named %s", name);
		break;
	case -ESRCH:
		cli_error(cmd, "box %s is gone (its init has ended; its stale record was removed)",
			  name);
		break;
	case -EAGAIN:
		cli_error(cmd, "box %s is still starting (try again in a moment)", name);
		break;
	case -EREMOTE:
		cli_error(cmd,
			  "box %s was started in another PID namespace (run pidbox in that one)",
			  name);
		break;
	case -EPROTO:
		cli_error(cmd,
			  "the record of box %s has an unknown format (written by another pidbox "
			  "version?)",
			  name);
		break;
	case -ENXIO:
		cli_error(cmd, "no state directory: XDG_RUNTIME_DIR is not set (set it, or run as "
			       "root)");
		break;
	case -EACCES:
	case -EPERM:
		cli_error_errno(cmd, r, "only root may act on a box that root started",
				"cannot check box %s against its record", name);
		break;
	default:
		cli_error_errno(cmd, r, NULL, "cannot check box %s against its record", name);
		break;
	}
	return error_status;
}
