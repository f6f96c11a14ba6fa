/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"

static int is_cloexec(int fd)
{
	return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0;
}

TEST(marks_everything_above_the_kept_range)
{
	int a = open("/dev/null", O_RDONLY), b = open("/dev/null", O_RDONLY);

	CHECK(a >= 3 && b > a);
	CHECK(!is_cloexec(a) && !is_cloexec(b));
	CHECK_OK(fds_cloexec_from(a - 3 + 1)); /* keep 3 .. a */
	CHECK(!is_cloexec(a));
	CHECK(is_cloexec(b));
	CHECK(!is_cloexec(0) && !is_cloexec(1) && !is_cloexec(2));
	close(a);
	close(b);
}

TEST(keep_zero_marks_from_3)
{
	int a = open("/dev/null", O_RDONLY);

	CHECK(a >= 3);
	CHECK_OK(fds_cloexec_from(0));
	CHECK(is_cloexec(a));
	close(a);
}
