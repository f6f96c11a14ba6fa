/* SPDX-License-Identifier: MIT */
#ifndef PIDBOX_DESCEND_H
#define PIDBOX_DESCEND_H

#include <sys/types.h>

/*
 * Sends sig to every descendant of the calling process, as /proc shows them
 * now.  Each PID read is turned into a pidfd at once and its parent checked
 * again through the open pidfd, so that a PID reused meanwhile is never hit.
 * Returns the number of processes signalled, or -errno.
 */
int signal_descendants(int sig);

#endif
