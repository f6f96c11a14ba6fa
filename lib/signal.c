/* SPDX-License-Identifier: MIT */
/* Signal names, the set that is forwarded, and exit statuses. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static const struct {
	int sig;
	const char *name;
} signal_names[] = {
	{ SIGHUP, "HUP" },	 { SIGINT, "INT" },	{ SIGQUIT, "QUIT" }, { SIGILL, "ILL" },
	{ SIGTRAP, "TRAP" },	 { SIGABRT, "ABRT" },	{ SIGBUS, "BUS" },   { SIGFPE, "FPE" },
	{ SIGKILL, "KILL" },	 { SIGUSR1, "USR1" },	{ SIGSEGV, "SEGV" }, { SIGUSR2, "USR2" },
	{ SIGPIPE, "PIPE" },	 { SIGALRM, "ALRM" },	{ SIGTERM, "TERM" }, { SIGSTKFLT, "STKFLT" },
	{ SIGCHLD, "CHLD" },	 { SIGCONT, "CONT" },	{ SIGSTOP, "STOP" }, { SIGTSTP, "TSTP" },
	{ SIGTTIN, "TTIN" },	 { SIGTTOU, "TTOU" },	{ SIGURG, "URG" },   { SIGXCPU, "XCPU" },
	{ SIGXFSZ, "XFSZ" },	 { SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" }, { SIGWINCH, "WINCH" },
	{ SIGIO, "IO" },	 { SIGPWR, "PWR" },	{ SIGSYS, "SYS" },
};

PIDBOX_EXPORT const char *pidbox_signal_name(int sig)
{
	for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]); i++)
		if (signal_names[i].sig == sig)
			return signal_names[i].name;
	return NULL;
}

PIDBOX_EXPORT int pidbox_signal_parse(const char *name)
{
	char *end;
	long n;

	if (!name || !*name)
		return -EINVAL;
	if (name[0] >= '0' && name[0] <= '9') {
		errno = 0;
		n = strtol(name, &end, 10);
		if (errno || *end || n < 1 || n >= NSIG)
			return -EINVAL;
		return (int)n;
	}
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]); i++)
		if (strcasecmp(signal_names[i].name, name) == 0)
			return signal_names[i].sig;
	if (strncasecmp(name, "RTMIN", 5) == 0 || strncasecmp(name, "RTMAX", 5) == 0) {
		bool min = strncasecmp(name, "RTMIN", 5) == 0;
		n = 0;
		if (name[5]) {
			if (name[5] != (min ? '+' : '-'))
				return -EINVAL;
			errno = 0;
			n = strtol(name + 6, &end, 10);
			if (errno || *end || n < 0)
				return -EINVAL;
		}
		n = min ? SIGRTMIN + n : SIGRTMAX - n;
		if (n < SIGRTMIN || n > SIGRTMAX)
			return -EINVAL;
		return (int)n;
	}
	return -EINVAL;
}

void forwardable_signals(sigset_t *set)
{
	sigfillset(set);
	sigdelset(set, SIGILL);
	sigdelset(set, SIGTRAP);
	sigdelset(set, SIGABRT);
	sigdelset(set, SIGBUS);
	sigdelset(set, SIGFPE);
	sigdelset(set, SIGSEGV);
	sigdelset(set, SIGSYS);
	sigdelset(set, SIGKILL);
	sigdelset(set, SIGSTOP);
}

PIDBOX_EXPORT int pidbox_signals_block(sigset_t *saved)
{
	sigset_t set;

	forwardable_signals(&set);
	if (sigprocmask(SIG_BLOCK, &set, saved) < 0)
		return neg_errno();
	return 0;
}

int status_from_siginfo(const siginfo_t *si)
{
	switch (si->si_code) {
	case CLD_EXITED:
		return si->si_status & 0xff;
	case CLD_KILLED:
	case CLD_DUMPED:
		return PIDBOX_EXIT_SIGNAL_BASE + si->si_status;
	default:
		return PIDBOX_EXIT_FAILURE;
	}
}
