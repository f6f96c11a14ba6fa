/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"

TEST(round_trip)
{
	struct child_report rep;
	int p[2];

	CHECK(pipe2(p, O_CLOEXEC) == 0);
	child_report_write(p[1], STEP_MOUNT_PROC, EPERM);
	close(p[1]);
	CHECK_OK(child_report_read(p[0], &rep));
	CHECK_EQ(rep.step, STEP_MOUNT_PROC);
	CHECK_EQ(rep.err, EPERM);
	close(p[0]);
}

TEST(eof_means_success)
{
	struct child_report rep;
	int p[2];

	CHECK(pipe2(p, O_CLOEXEC) == 0);
	close(p[1]);
	CHECK_OK(child_report_read(p[0], &rep));
	CHECK_EQ(rep.step, STEP_NONE);
	close(p[0]);
}

TEST(truncated_or_bogus_report_is_eproto)
{
	struct child_report rep;
	int p[2], bogus[2] = { 999, 1 };

	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(write(p[1], "ab", 2) == 2);
	close(p[1]);
	CHECK_EQ(child_report_read(p[0], &rep), -EPROTO);
	close(p[0]);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(write(p[1], bogus, sizeof(bogus)) == sizeof(bogus));
	close(p[1]);
	CHECK_EQ(child_report_read(p[0], &rep), -EPROTO);
	close(p[0]);
}

TEST(every_step_is_described)
{
	for (int step = STEP_CLONE; step < STEP__MAX; step++)
		CHECK(step_describe(step)[0] != '\0');
	CHECK(strcmp(step_describe(STEP_MOUNT_PROC), "mount /proc in the new namespace") == 0);
	CHECK(step_describe(-1)[0] != '\0');
}
