/* SPDX-License-Identifier: MIT */
/*
 * Reports from a child that failed before exec.  The parent holds the read
 * end of a close-on-exec pipe: EOF means the command was executed, a record
 * names the step that failed and its errno.
 */
#include <unistd.h>

#include "internal.h"

static const char *const step_text[STEP__MAX] = {
	[STEP_NONE] = "",
	[STEP_CLONE] = "create the namespaces",
	[STEP_USERNS_MAP] = "map the caller to root in the user namespace",
	[STEP_PDEATHSIG] = "tie the box to its parent",
	[STEP_MOUNT_PRIVATE] = "make the mounts of the new namespace private",
	[STEP_MOUNT_PROC] = "mount /proc in the new namespace",
	[STEP_SUBREAPER] = "become a child subreaper",
	[STEP_CLONE_COMMAND] = "start the command",
	[STEP_PIPE] = "create a pipe",
	[STEP_FDS] = "close inherited file descriptors",
	[STEP_SETPGID] = "give the command its own process group",
	[STEP_EXEC] = "execute the command",
	[STEP_RECORD] = "record the box in the state directory",
	[STEP_DETACH] = "start the box's supervisor",
	[STEP_JOIN] = "join the box's namespaces",
	[STEP_ROOT] = "enter the box's root and working directory",
};

const char *step_describe(int step)
{
	if (step < 0 || step >= STEP__MAX)
		return "start the box";
	return step_text[step];
}

void child_report_write(int fd, int step, int err)
{
	struct child_report rep = { .step = step, .err = err > 0 ? err : EIO };
	ssize_t n;

	if (fd < 0)
		return;
	do
		n = write(fd, &rep, sizeof(rep));
	while (n < 0 && errno == EINTR);
}

int child_report_read(int fd, struct child_report *rep)
{
	size_t got = 0;

	rep->step = STEP_NONE;
	rep->err = 0;
	while (got < sizeof(*rep)) {
		ssize_t n = read(fd, (char *)rep + got, sizeof(*rep) - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return neg_errno();
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got == 0) {
		rep->step = STEP_NONE;
		return 0;
	}
	if (got != sizeof(*rep) || rep->step <= STEP_NONE || rep->step >= STEP__MAX ||
	    rep->err <= 0)
		return -EPROTO;
	return 0;
}
