/* SPDX-License-Identifier: MIT */
/*
 * The /proc parsers and the output escapers on arbitrary bytes: what a
 * process can put in its name or command line, and what a kernel could
 * write, must never crash pidbox ps, ls or pid, nor make them read past
 * the end.  The first byte picks the caller's level for NSpid.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"
#include "proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	unsigned long long start;
	struct proc_entry e;
	char *buf, *line, state, comm[64], path[256];
	size_t len;
	uint64_t ino;
	pid_t pid;

	if (size < 1)
		return 0;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	len = size - 1;
	/* exactly len bytes: the parsers take lengths, not NUL-terminated text */
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, len);
	proc_parse_status(buf, len, data[0] % 4, &e);
	proc_parse_stat(buf, len, &state, &pid, &start, comm, sizeof(comm));
	proc_parse_nslink(buf, len, "pid", &ino);
	proc_parse_fdinfo_pid(buf, len, &pid);
	for (line = buf; line < buf + len;) {
		char *nl = memchr(line, '\n', (size_t)(buf + len - line));
		size_t l = (size_t)((nl ? nl : buf + len) - line);

		proc_parse_mountinfo_line(line, l, &ino, path, sizeof(path));
		line += l + 1;
	}
	free(buf);

	/* the escapers work on C strings: cut at the first NUL */
	buf = malloc(len + 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, len);
	buf[len] = '\0';
	free(cli_printable(buf));
	if (devnull)
		cli_json_string(devnull, buf);
	proc_join_cmdline(buf, len);
	free(buf);
	return 0;
}
