/* SPDX-License-Identifier: MIT */
#ifndef PIDBOX_CLONE_H
#define PIDBOX_CLONE_H

#include <stdint.h>
#include <sys/types.h>

/*
 * Like fork(), with the CLONE_* flags given, and the child's pidfd
 * (close-on-exec) stored in *pidfd.  clone3 first; the older clone() when a
 * seccomp profile answers ENOSYS to clone3.  Returns the child's PID in the
 * parent, 0 in the child, -1 with errno on failure.
 */
pid_t clone_with_pidfd(uint64_t flags, int *pidfd);

#endif
