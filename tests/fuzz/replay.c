/* SPDX-License-Identifier: MIT */
/*
 * Replays a corpus through a fuzz target without libFuzzer, so that `make
 * test` runs every corpus file:  fuzz_NAME DIR_OR_FILE...
 * With clang -fsanitize=fuzzer, build the target without this file instead.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	static uint8_t buf[1 << 20];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		perror(path);
		return 1;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0) {
		perror(path);
		return 1;
	}
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0, count = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *dir;
		struct dirent *de;

		if (stat(argv[i], &st) < 0) {
			perror(argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			failed |= replay_file(argv[i]);
			count++;
			continue;
		}
		dir = opendir(argv[i]);
		if (!dir) {
			perror(argv[i]);
			return 1;
		}
		while ((de = readdir(dir))) {
			char path[4096];

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
			failed |= replay_file(path);
			count++;
		}
		closedir(dir);
	}
	if (count == 0) {
		fprintf(stderr, "replay: no corpus files\n");
		return 1;
	}
	return failed;
}
