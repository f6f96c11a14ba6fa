/* SPDX-License-Identifier: MIT */
/*
 * Using libpidbox without the CLI: start a command in a box, hold the box
 * by its pidfd, wait for it, and report its status.
 *
 *   cc -Iinclude examples/spawn.c build/libpidbox.a -o spawn
 *   ./spawn sh -c 'echo "my PID is $$"'
 */
#include <stdio.h>
#include <string.h>

#include "pidbox.h"

int main(int argc, char **argv)
{
	struct pidbox_config *cfg = NULL;
	struct pidbox_box *box = NULL;
	int r, status = PIDBOX_EXIT_FAILURE;

	if (argc < 2) {
		fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
		return PIDBOX_EXIT_FAILURE;
	}
	r = pidbox_config_new(&cfg);
	if (r == 0)
		r = pidbox_config_set_command(cfg, argv + 1);
	if (r == 0) {
		pidbox_config_set_grace_ms(cfg, 1000);
		r = pidbox_box_new(cfg, &box);
	}
	if (r == 0)
		r = pidbox_box_start(box);
	if (r < 0) {
		fprintf(stderr, "spawn: cannot %s: %s\n",
			box ? pidbox_box_failed_step(box) : "set up", strerror(-r));
		goto out;
	}
	printf("box init: host PID %d, pidfd %d\n", (int)pidbox_box_pid(box),
	       pidbox_box_pidfd(box));
	fflush(stdout);
	r = pidbox_box_wait(box, &status);
	if (r < 0) {
		fprintf(stderr, "spawn: cannot wait for the box: %s\n", strerror(-r));
		status = PIDBOX_EXIT_FAILURE;
		goto out;
	}
	printf("box status %d\n", status);
out:
	pidbox_box_free(box);
	pidbox_config_free(cfg);
	return status;
}
