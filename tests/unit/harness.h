/* SPDX-License-Identifier: MIT */
/*
 * A small unit-test harness.  TEST(name) defines a test; tests register
 * themselves in a constructor, so there is no list to keep.  CHECK fails the
 * test with the expression; CHECK_OK expects 0 or more from a function that
 * returns -errno and prints the errno on failure.  SKIP(reason) skips.
 * Output: one "PASS/FAIL/SKIP unit.FILE.NAME" line per test.
 */
#ifndef PIDBOX_TEST_HARNESS_H
#define PIDBOX_TEST_HARNESS_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
};

static struct unit_test unit_tests[256];
static int unit_count;
static jmp_buf unit_jump;
static const char *unit_skip_reason;

#define TEST(tname)                                                                  \
	static void test_##tname(void);                                              \
	__attribute__((constructor)) static void register_##tname(void)              \
	{                                                                            \
		unit_tests[unit_count].name = #tname;                                \
		unit_tests[unit_count++].fn = test_##tname;                          \
	}                                                                            \
	static void test_##tname(void)

#define CHECK(expr)                                                                  \
	do {                                                                         \
		if (!(expr)) {                                                       \
			fprintf(stderr, "    %s:%d: expected %s\n", __FILE__, __LINE__, \
				#expr);                                              \
			longjmp(unit_jump, 1);                                       \
		}                                                                    \
	} while (0)

#define CHECK_OK(expr)                                                               \
	do {                                                                         \
		long r_ = (long)(expr);                                              \
		if (r_ < 0) {                                                        \
			fprintf(stderr, "    %s:%d: %s failed: %s\n", __FILE__, __LINE__, \
				#expr, strerror((int)-r_));                          \
			longjmp(unit_jump, 1);                                       \
		}                                                                    \
	} while (0)

#define CHECK_EQ(a, b)                                                               \
	do {                                                                         \
		long a_ = (long)(a), b_ = (long)(b);                                 \
		if (a_ != b_) {                                                      \
			fprintf(stderr, "    %s:%d: %s == %ld, expected %ld (%s)\n",  \
				__FILE__, __LINE__, #a, a_, b_, #b);                 \
			longjmp(unit_jump, 1);                                       \
		}                                                                    \
	} while (0)

#define SKIP(reason)                                                                 \
	do {                                                                         \
		unit_skip_reason = (reason);                                         \
		longjmp(unit_jump, 2);                                               \
	} while (0)

static inline const char *unit_file_name(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return strncmp(base, "test_", 5) == 0 ? base + 5 : base;
}

int main(void)
{
	volatile int failed = 0;
	char file[64];

	snprintf(file, sizeof(file), "%s", unit_file_name(__BASE_FILE__));
	if (strchr(file, '.'))
		*strchr(file, '.') = '\0';
	for (int i = 0; i < unit_count; i++) {
		volatile int outcome;

		fflush(stdout);
		outcome = setjmp(unit_jump);
		if (outcome == 0) {
			unit_tests[i].fn();
			printf("PASS unit.%s.%s\n", file, unit_tests[i].name);
		} else if (outcome == 2) {
			printf("SKIP unit.%s.%s (%s)\n", file, unit_tests[i].name,
			       unit_skip_reason ? unit_skip_reason : "");
		} else {
			printf("FAIL unit.%s.%s\n", file, unit_tests[i].name);
			failed++;
		}
	}
	fflush(stdout);
	return failed ? 1 : 0;
}

#endif
