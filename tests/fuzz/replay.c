/* SPDX-License-Identifier: MIT */
/*
 * Replays a fuzz corpus without libFuzzer: every file named, or found in a
 * directory named, goes once through LLVMFuzzerTestOneInput().  A crash or
 * an abort fails the run; otherwise it exits 0.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rbe");
	uint8_t *data = NULL;
	size_t size = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return 1;
	}
	do {
		if (size == cap) {
			uint8_t *nd = realloc(data, cap = cap ? cap * 2 : 4096);

			if (!nd) {
				fclose(f);
				free(data);
				return 1;
			}
			data = nd;
		}
		n = fread(data + size, 1, cap - size, f);
		size += n;
	} while (n > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		struct dirent *de;
		DIR *dir;

		if (stat(argv[i], &st) < 0 || !S_ISDIR(st.st_mode)) {
			failed |= replay_file(argv[i]);
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
		}
		closedir(dir);
	}
	return failed;
}
