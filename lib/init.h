/* SPDX-License-Identifier: MIT */
#ifndef PIDBOX_INIT_H
#define PIDBOX_INIT_H

#include <stdbool.h>

#include "internal.h"

/*
 * In the command's own process: gives it its own process group (and the
 * terminal's foreground when take_tty), keeps only the fds it should have,
 * restores the signal mask and executes it.  Returns only on failure, with
 * the step and errno in *rep.
 */
void command_exec(const struct pidbox_config *cfg, bool take_tty, struct child_report *rep);

/* The status to exit with after command_exec() failed: 125, 126 or 127. */
int command_exit_status(const struct child_report *rep);

/*
 * The init, run by a box's first process or by pidbox init.  A command that
 * cannot be executed is reported to report_fd (when >= 0), which is closed
 * once the command runs.  Returns the exit status, or -errno with
 * *failed_step set.
 */
int init_main(const struct pidbox_config *cfg, int report_fd, bool take_tty, int *failed_step);

#endif
