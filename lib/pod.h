/* SPDX-License-Identifier: MIT */
#ifndef PIDBOX_POD_H
#define PIDBOX_POD_H

/* The holder of a pod, PID 1 of its namespace: reaps, and nothing else,
 * until SIGKILL from outside ends it and with it the pod.  Never returns. */
void pod_hold(void) __attribute__((noreturn));

#endif
