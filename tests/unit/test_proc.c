/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "proc.h"

static const char status_text[] = "Name:\tsh\\nx\n"
				  "Umask:\t0022\n"
				  "State:\tS (sleeping)\n"
				  "Tgid:\t4210\n"
				  "PPid:\t4200\n"
				  "Uid:\t1000\t1001\t1000\t1000\n"
				  "NStgid:\t4210\t7\t1\n"
				  "NSpid:\t4210\t7\t1\n"
				  "Threads:\t1\n";

TEST(status_from_the_top)
{
	struct proc_entry e = { 0 };

	CHECK_OK(proc_parse_status(status_text, sizeof(status_text) - 1, 0, &e));
	CHECK(strcmp(e.p.comm, "sh\\nx") == 0);
	CHECK_EQ(e.p.state, 'S');
	CHECK_EQ(e.procppid, 4200);
	CHECK_EQ(e.p.uid, 1001); /* the effective one */
	CHECK_EQ(e.p.depth, 2);
	CHECK_EQ(e.p.pid, 4210);
	CHECK_EQ(e.p.nspid[1], 7);
	CHECK_EQ(e.p.nspid[2], 1);
}

TEST(status_shifted_to_a_caller_below)
{
	struct proc_entry e = { 0 };

	CHECK_OK(proc_parse_status(status_text, sizeof(status_text) - 1, 1, &e));
	CHECK_EQ(e.p.depth, 1);
	CHECK_EQ(e.p.pid, 7);
	CHECK_EQ(e.p.nspid[1], 1);
	CHECK_EQ(proc_parse_status(status_text, sizeof(status_text) - 1, 3, &e), -ENOENT);
}

TEST(status_malformed_is_eproto)
{
	const char *bad[] = {
		"Name:\tx\nState:\tS\nPPid:\t1\nUid:\t0\t0\t0\t0\n",                  /* no NSpid */
		"Name:\tx\nState:\tS\nPPid:\tx\nUid:\t0\t0\t0\t0\nNSpid:\t5\n",       /* PPid */
		"Name:\tx\nState:\tS\nPPid:\t1\nUid:\t0\nNSpid:\t5\n",                /* one uid */
		"Name:\tx\nState:\tS\nPPid:\t1\nUid:\t0\t0\nNSpid:\t5 x\n",           /* NSpid */
		"Name:\tx\nState:\tS\nPPid:\t1\nUid:\t0\t0\nNSpid:\t0\n",             /* PID 0 */
		"Name:\tx\nState:\tS\nPPid:\t1\nUid:\t0\t0\nNSpid:\t99999999999\n",   /* huge */
		"Name:\tx\nState:\t\nPPid:\t1\nUid:\t0\t0\nNSpid:\t5\n",              /* state */
		"Name:\tx\nState:\tS\nPPid:\t1\nUid:\t0\t0\nNSpid:\t5\nNSpid:\t5\n",  /* twice */
		"",
	};
	struct proc_entry e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_EQ(proc_parse_status(bad[i], strlen(bad[i]), 0, &e), -EPROTO);
}

TEST(status_deeper_than_the_kernel_allows_is_erange)
{
	char buf[1024] = "Name:\tx\nState:\tS\nPPid:\t1\nUid:\t0\t0\nNSpid:";
	struct proc_entry e;

	for (int i = 0; i < PIDBOX_MAX_NESTING + 2; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "\t%d", 100 + i);
	strcat(buf, "\n");
	CHECK_EQ(proc_parse_status(buf, strlen(buf), 0, &e), -ERANGE);
	/* the same, seen from one level down, fits */
	CHECK_OK(proc_parse_status(buf, strlen(buf), 1, &e));
	CHECK_EQ(e.p.depth, PIDBOX_MAX_NESTING);
}

TEST(stat_with_a_hostile_name)
{
	const char text[] = "77 (a) b (c)) Z 1 77 77 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 "
			    "123456 0 0\n";
	unsigned long long start;
	char state, comm[64];
	pid_t ppid;

	CHECK_OK(proc_parse_stat(text, sizeof(text) - 1, &state, &ppid, &start, comm,
				 sizeof(comm)));
	CHECK(strcmp(comm, "a) b (c)") == 0);
	CHECK_EQ(state, 'Z');
	CHECK_EQ(ppid, 1);
	CHECK_EQ(start, 123456);
	CHECK_EQ(proc_parse_stat(text, 30, &state, &ppid, &start, comm, sizeof(comm)), -EPROTO);
	CHECK_EQ(proc_parse_stat("77 x S 1", 8, &state, &ppid, &start, comm, sizeof(comm)),
		 -EPROTO);
}

TEST(namespace_links)
{
	uint64_t ino = 0;

	CHECK_OK(proc_parse_nslink("pid:[4026531836]", 16, "pid", &ino));
	CHECK(ino == 4026531836ULL);
	CHECK_EQ(proc_parse_nslink("net:[4026531836]", 16, "pid", &ino), -EPROTO);
	CHECK_EQ(proc_parse_nslink("pid:[]", 6, "pid", &ino), -EPROTO);
	CHECK_EQ(proc_parse_nslink("pid:[12", 7, "pid", &ino), -EPROTO);
	CHECK_EQ(proc_parse_nslink("pid:[12]x", 9, "pid", &ino), -EPROTO);
	CHECK_EQ(proc_parse_nslink("pid:[0]", 7, "pid", &ino), -EPROTO);
}

TEST(pidfd_fdinfo)
{
	const char text[] = "pos:\t0\nflags:\t02000002\nmnt_id:\t15\nino:\t1057\nPid:\t42\n"
			    "NSpid:\t42\n";
	pid_t pid = 0;

	CHECK_OK(proc_parse_fdinfo_pid(text, sizeof(text) - 1, &pid));
	CHECK_EQ(pid, 42);
	CHECK_OK(proc_parse_fdinfo_pid("Pid:\t-1\n", 8, &pid));
	CHECK_EQ(pid, -1);
	CHECK_EQ(proc_parse_fdinfo_pid("pos:\t0\n", 7, &pid), -EPROTO);
}

TEST(mountinfo_lines)
{
	const char nsfs[] = "612 28 0:4 pid:[4026532210] /tmp/a\\040b rw shared:1 - nsfs nsfs rw";
	const char netns[] = "613 28 0:4 net:[4026532211] /run/netns/x rw - nsfs nsfs rw";
	const char proc[] = "22 28 0:21 / /proc rw,nosuid shared:12 - proc proc rw";
	char path[64];
	uint64_t ino = 0;

	CHECK_EQ(proc_parse_mountinfo_line(nsfs, sizeof(nsfs) - 1, &ino, path, sizeof(path)), 1);
	CHECK(ino == 4026532210ULL);
	CHECK(strcmp(path, "/tmp/a b") == 0);
	CHECK_EQ(proc_parse_mountinfo_line(netns, sizeof(netns) - 1, &ino, path, sizeof(path)), 0);
	CHECK_EQ(proc_parse_mountinfo_line(proc, sizeof(proc) - 1, &ino, path, sizeof(path)), 0);
	CHECK_EQ(proc_parse_mountinfo_line("1 2 3", 5, &ino, path, sizeof(path)), -EPROTO);
	CHECK_EQ(proc_parse_mountinfo_line(nsfs, sizeof(nsfs) - 1, &ino, path, 4), -EPROTO);
}

TEST(command_lines_joined)
{
	char buf[] = "sleep\0" "10\0\0";

	CHECK_EQ(proc_join_cmdline(buf, sizeof(buf) - 1), 8);
	CHECK(strcmp(buf, "sleep 10") == 0);
}

TEST(ourselves)
{
	struct pidbox_proc p;
	struct proc_view view;
	char link[64];
	ssize_t n;

	CHECK_OK(proc_view_open(&view));
	n = readlink("/proc/self/ns/pid", link, sizeof(link) - 1);
	CHECK(n > 0);
	link[n] = '\0';
	CHECK(strtoull(strchr(link, '[') + 1, NULL, 10) == view.own_ns);
	proc_view_close(&view);

	CHECK_OK(pidbox_proc_read(getpid(),
				  PIDBOX_PROC_CMDLINE | PIDBOX_PROC_NS | PIDBOX_PROC_START, &p));
	CHECK_EQ(p.pid, getpid());
	CHECK_EQ(p.ppid, getppid());
	CHECK_EQ(p.depth, 0);
	CHECK_EQ(p.nspid[0], getpid());
	CHECK_EQ(p.state, 'R');
	CHECK_EQ(p.uid, geteuid());
	CHECK(strcmp(p.comm, "test_proc") == 0);
	CHECK(p.cmdline && strstr(p.cmdline, "test_proc"));
	CHECK(p.start_time > 0);
	CHECK(p.pidns != 0);
	pidbox_proc_release(&p);
	CHECK(p.cmdline == NULL);
}

TEST(bad_and_gone_processes)
{
	struct pidbox_proc p;
	pid_t child = fork();

	CHECK(child >= 0);
	if (child == 0)
		_exit(0);
	CHECK(waitpid(child, NULL, 0) == child);
	CHECK_EQ(pidbox_proc_read(child, 0, &p), -ESRCH);
	CHECK_EQ(pidbox_proc_read(0, 0, &p), -EINVAL);
	CHECK_EQ(pidbox_proc_read(-5, 0, &p), -EINVAL);
}

TEST(zombie_is_read_with_its_state)
{
	struct pidbox_proc p;
	siginfo_t si;
	pid_t child = fork();

	CHECK(child >= 0);
	if (child == 0)
		_exit(0);
	/* wait for its end without reaping it */
	CHECK(waitid(P_PID, (id_t)child, &si, WEXITED | WNOWAIT) == 0);
	CHECK_OK(pidbox_proc_read(child, PIDBOX_PROC_CMDLINE, &p));
	CHECK_EQ(p.state, 'Z');
	CHECK(p.cmdline == NULL);
	CHECK(waitpid(child, NULL, 0) == child);
}

TEST(scan_finds_us_with_our_parent)
{
	struct pidbox_proclist *list;
	bool found = false;

	CHECK_OK(pidbox_proc_scan(-1, 0, &list));
	CHECK(pidbox_proclist_count(list) > 1);
	for (size_t i = 0; i < pidbox_proclist_count(list); i++) {
		const struct pidbox_proc *p = pidbox_proclist_at(list, i);

		if (i > 0)
			CHECK(p->pid > pidbox_proclist_at(list, i - 1)->pid);
		if (p->pid == getpid()) {
			found = true;
			CHECK_EQ(p->ppid, getppid());
		}
	}
	CHECK(pidbox_proclist_at(list, pidbox_proclist_count(list)) == NULL);
	pidbox_proclist_free(list);
	CHECK(found);
}

TEST(a_child_in_a_new_namespace)
{
	struct pidbox_proclist *list;
	struct pidbox_proc p;
	int nsfd, pipefd[2];
	pid_t child;
	char c;

	CHECK(pipe2(pipefd, O_CLOEXEC) == 0);
	child = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (child < 0 && errno == EPERM)
		SKIP("needs root (CLONE_NEWPID)");
	CHECK(child >= 0);
	if (child == 0) {
		close(pipefd[0]);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(pipefd[1]);
	CHECK(read(pipefd[0], &c, 1) == 1);
	close(pipefd[0]);
	CHECK_OK(pidbox_proc_read(child, 0, &p));
	CHECK_EQ(p.depth, 1);
	CHECK_EQ(p.nspid[0], child);
	CHECK_EQ(p.nspid[1], 1);
	nsfd = pidbox_pidns_open_pid(child);
	CHECK_OK(nsfd);
	CHECK_OK(pidbox_proc_scan(nsfd, 0, &list));
	CHECK_EQ(pidbox_proclist_count(list), 1);
	CHECK_EQ(pidbox_proclist_at(list, 0)->pid, child);
	CHECK_EQ(pidbox_proclist_at(list, 0)->ppid, getpid());
	pidbox_proclist_free(list);
	close(nsfd);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}
