/* SPDX-License-Identifier: MIT */
#include "harness.h"
#include "internal.h"

TEST(names_round_trip)
{
	for (int sig = 1; sig < 32; sig++) {
		const char *name = pidbox_signal_name(sig);

		CHECK(name != NULL);
		CHECK_EQ(pidbox_signal_parse(name), sig);
	}
}

TEST(parse_forms)
{
	CHECK_EQ(pidbox_signal_parse("TERM"), SIGTERM);
	CHECK_EQ(pidbox_signal_parse("sigterm"), SIGTERM);
	CHECK_EQ(pidbox_signal_parse("SIGKILL"), SIGKILL);
	CHECK_EQ(pidbox_signal_parse("9"), SIGKILL);
	CHECK_EQ(pidbox_signal_parse("RTMIN"), SIGRTMIN);
	CHECK_EQ(pidbox_signal_parse("RTMIN+2"), SIGRTMIN + 2);
	CHECK_EQ(pidbox_signal_parse("RTMAX-1"), SIGRTMAX - 1);
}

TEST(parse_rejects_garbage)
{
	CHECK_EQ(pidbox_signal_parse(""), -EINVAL);
	CHECK_EQ(pidbox_signal_parse(NULL), -EINVAL);
	CHECK_EQ(pidbox_signal_parse("0"), -EINVAL);
	CHECK_EQ(pidbox_signal_parse("65"), -EINVAL);
	CHECK_EQ(pidbox_signal_parse("9x"), -EINVAL);
	CHECK_EQ(pidbox_signal_parse("TERMINATE"), -EINVAL);
	CHECK_EQ(pidbox_signal_parse("RTMIN+99"), -EINVAL);
	CHECK_EQ(pidbox_signal_parse("RTMIN-1"), -EINVAL);
}

TEST(status_codes)
{
	siginfo_t si = { 0 };

	si.si_code = CLD_EXITED;
	si.si_status = 7;
	CHECK_EQ(status_from_siginfo(&si), 7);
	si.si_code = CLD_KILLED;
	si.si_status = SIGTERM;
	CHECK_EQ(status_from_siginfo(&si), 128 + SIGTERM);
	si.si_code = CLD_DUMPED;
	si.si_status = SIGSEGV;
	CHECK_EQ(status_from_siginfo(&si), 128 + SIGSEGV);
}

TEST(forwardable_set_keeps_faults_out)
{
	sigset_t set;

	forwardable_signals(&set);
	CHECK(sigismember(&set, SIGTERM));
	CHECK(sigismember(&set, SIGCHLD));
	CHECK(sigismember(&set, SIGWINCH));
	CHECK(sigismember(&set, SIGRTMIN));
	CHECK(!sigismember(&set, SIGSEGV));
	CHECK(!sigismember(&set, SIGBUS));
	CHECK(!sigismember(&set, SIGKILL));
}
