/* SPDX-License-Identifier: MIT */
/* The state directory: names, records, stale detection, the race for a name. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "ident.h"
#include "state.h"
#include "syscall.h"

static char tmpdir[64];

static const char *fresh_dir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pidbox-unit.XXXXXX");
	CHECK(mkdtemp(tmpdir) != NULL);
	return tmpdir;
}

static void remove_dir(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

TEST(names_that_are_valid)
{
	static const char *const ok[] = { "a", "web", "web-1", "A.b_c", "_x", "0", "a..b", "x-" };
	char max[PIDBOX_NAME_MAX + 1];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		CHECK_EQ(pidbox_name_check(ok[i]), 0);
	memset(max, 'n', PIDBOX_NAME_MAX);
	max[PIDBOX_NAME_MAX] = '\0';
	CHECK_EQ(pidbox_name_check(max), 0);
}

TEST(names_that_are_refused)
{
	static const char *const bad[] = { "", ".", "..", ".x", "-x", "a/b", "/", "a b",
					   "a\tb", "a\nb", "a\x7f", "caf\xc3\xa9", "a:b", "a*" };
	char long_name[PIDBOX_NAME_MAX + 2];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_EQ(pidbox_name_check(bad[i]), -EINVAL);
	CHECK_EQ(pidbox_name_check(NULL), -EINVAL);
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	CHECK_EQ(pidbox_name_check(long_name), -ENAMETOOLONG);
}

static struct box_record sample(enum record_state state)
{
	struct box_record rec = { .kind = RECORD_BOX, .state = state, .ns = 4026531836ULL,
				  .owner = 1234, .owner_start = 99, .log = true };

	strcpy(rec.name, "web");
	strcpy(rec.token, "0123456789abcdef0123456789abcdef");
	if (state == RECORD_RUNNING) {
		rec.pid = 1240;
		rec.init.start = 100;
		rec.init.pidns = 4026532200ULL;
		rec.init.pidfs = 281322;
		rec.pid1_command = true;
	}
	return rec;
}

TEST(record_round_trip)
{
	for (int s = RECORD_STARTING; s <= RECORD_RUNNING; s++) {
		struct box_record rec = sample(s), back;
		char buf[RECORD_MAX];
		int len = record_format(&rec, buf, sizeof(buf));

		CHECK(len > 0);
		CHECK_OK(record_parse(buf, (size_t)len, &back));
		CHECK(strcmp(back.name, "web") == 0);
		CHECK(strcmp(back.token, rec.token) == 0);
		CHECK_EQ(back.state, s);
		CHECK_EQ(back.ns, rec.ns);
		CHECK_EQ(back.owner, 1234);
		CHECK_EQ(back.owner_start, 99);
		CHECK_EQ(back.pid, rec.pid);
		CHECK_EQ(back.init.start, rec.init.start);
		CHECK_EQ(back.init.pidns, rec.init.pidns);
		CHECK_EQ(back.init.pidfs, rec.init.pidfs);
		CHECK_EQ(back.pid1_command, rec.pid1_command);
		CHECK_EQ(back.log, 1);
	}
}

TEST(record_format_fails_on_a_small_buffer)
{
	struct box_record rec = sample(RECORD_RUNNING);
	char buf[40];

	CHECK_EQ(record_format(&rec, buf, sizeof(buf)), -ENOSPC);
}

static int parse_text(const char *text)
{
	struct box_record rec;

	return record_parse(text, strlen(text), &rec);
}

#define HEAD "pidbox-record 1\n"
#define BODY                                                                                   \
	"name web\nkind box\nstate running\ntoken 0123456789abcdef0123456789abcdef\nns 5\n"   \
	"owner 10 20\ninit 11 21 31 41\npid1 init\nlog no\n"

TEST(record_parse_rejects_what_is_not_a_record)
{
	CHECK_EQ(parse_text(HEAD BODY), 0);
	CHECK_EQ(parse_text(HEAD BODY "later-key anything\n"), 0); /* keys of later versions */
	CHECK_EQ(parse_text(""), -EBADMSG);
	CHECK_EQ(parse_text(BODY), -EBADMSG);
	CHECK_EQ(parse_text("pidbox-record 2\n" BODY), -EPROTO);
	CHECK_EQ(parse_text(HEAD "name web"), -EBADMSG);             /* no final newline */
	CHECK_EQ(parse_text(HEAD BODY "name web\n"), -EBADMSG);       /* a key twice */
	CHECK_EQ(parse_text(HEAD BODY "noval\n"), -EBADMSG);          /* no value */
	CHECK_EQ(parse_text(HEAD "name a/b\nkind box\nstate starting\ntoken "
				 "0123456789abcdef0123456789abcdef\nns 5\nowner 1 2\nlog no\n"),
		 -EBADMSG);
	/* starting: no init; running: an init */
	CHECK_EQ(parse_text(HEAD "name web\nkind box\nstate starting\ntoken "
				 "0123456789abcdef0123456789abcdef\nns 5\nowner 1 2\nlog no\n"),
		 0);
	CHECK_EQ(parse_text(HEAD "name web\nkind box\nstate running\ntoken "
				 "0123456789abcdef0123456789abcdef\nns 5\nowner 1 2\nlog no\n"),
		 -EBADMSG);
	CHECK_EQ(parse_text(HEAD "name web\nkind box\nstate starting\ntoken "
				 "0123456789abcdef0123456789abcdef\nns 5\nowner 1 2\ninit 1 2 3 4\n"
				 "pid1 init\nlog no\n"),
		 -EBADMSG);
}

TEST(record_parse_rejects_bad_values)
{
	static const char *const bad[] = {
		"owner 0 20\n",                       /* PID 0 */
		"owner -1 20\n",                      /* a sign */
		"owner 10\n",                         /* a number missing */
		"owner 10 20 30\n",                   /* one too many */
		"owner 10  20\n",                     /* two spaces */
		"owner 10 18446744073709551616\n",    /* overflow */
		"owner 2147483648 20\n",              /* beyond any PID */
		"owner 1x 20\n",
		"token 0123456789ABCDEF0123456789abcdef\n",
		"token 0123\n",
		"kind vm\n",
		"state dead\n",
		"pid1 maybe\n",
		"log 1\n",
		"ns 0\n",
	};
	char text[RECORD_MAX];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *key_end = strchr(bad[i], ' ');
		size_t key_len = (size_t)(key_end - bad[i]);
		const char *p = BODY;
		size_t n = 0;

		/* BODY with the line of that key replaced by the bad one. */
		n += (size_t)snprintf(text, sizeof(text), HEAD);
		while (*p) {
			const char *nl = strchr(p, '\n');

			int len = (int)(nl - p + 1);

			if (strncmp(p, bad[i], key_len + 1) == 0)
				n += (size_t)snprintf(text + n, sizeof(text) - n, "%s", bad[i]);
			else
				n += (size_t)snprintf(text + n, sizeof(text) - n, "%.*s", len, p);
			p = nl + 1;
		}
		if (parse_text(text) != -EBADMSG) {
			fprintf(stderr, "    accepted: %s", bad[i]);
			CHECK(0);
		}
	}
	CHECK_EQ(record_parse(HEAD BODY "\0", sizeof(HEAD BODY), &(struct box_record){ 0 }),
		 -EBADMSG);
	memset(text, 'x', sizeof(text));
	CHECK_EQ(record_parse(text, sizeof(text) + 0, &(struct box_record){ 0 }), -EBADMSG);
}

TEST(stat_start_time_despite_spaces_and_parentheses)
{
	uint64_t start = 0;

	CHECK_OK(ident_parse_stat_start("42 (a b) c)) S 1 42 42 0 -1 4194560 100 0 0 0 0 0 0 0 20 "
					"0 1 0 123456 1000 50",
					&start));
	CHECK_EQ(start, 123456);
	CHECK_EQ(ident_parse_stat_start("42 (x) S 1 2", &start), -EPROTO);
	CHECK_EQ(ident_parse_stat_start("no parenthesis", &start), -EPROTO);
}

static void open_dir(struct state_dir *sd, const char *dir)
{
	CHECK_OK(state_dir_open(sd, dir, false));
}

/* A running record whose init is the calling process itself. */
static struct box_record self_record(const struct state_dir *sd)
{
	struct box_record rec = sample(RECORD_RUNNING);
	int pidfd = pidbox_sys_pidfd_open(getpid(), 0);

	CHECK(pidfd >= 0);
	CHECK_OK(ident_read(pidfd, &rec.init, NULL));
	close(pidfd);
	rec.pid = getpid();
	rec.ns = sd->ns;
	return rec;
}

TEST(a_live_init_is_trusted)
{
	const char *dir = fresh_dir();
	struct state_dir sd;
	struct box_record rec;
	pid_t proc_pid = 0;
	int pidfd = -1;

	open_dir(&sd, dir);
	rec = self_record(&sd);
	CHECK_EQ(record_judge(&sd, &rec, &pidfd, &proc_pid), 0);
	CHECK(pidfd >= 0);
	CHECK_EQ(proc_pid, getpid());
	close(pidfd);
	state_dir_close(&sd);
	remove_dir(dir);
}

TEST(another_start_time_or_namespace_is_stale)
{
	const char *dir = fresh_dir();
	struct state_dir sd;
	struct box_record rec;

	open_dir(&sd, dir);
	rec = self_record(&sd);
	rec.init.start++;
	CHECK_EQ(record_judge(&sd, &rec, NULL, NULL), -ESRCH);
	rec = self_record(&sd);
	rec.init.pidns++;
	CHECK_EQ(record_judge(&sd, &rec, NULL, NULL), -ESRCH);
	rec = self_record(&sd);
	if (rec.init.pidfs) {
		/* Same PID and start tick, another process: pidfs tells them apart. */
		rec.init.pidfs++;
		CHECK_EQ(record_judge(&sd, &rec, NULL, NULL), -ESRCH);
	}
	state_dir_close(&sd);
	remove_dir(dir);
}

TEST(a_dead_init_is_stale)
{
	const char *dir = fresh_dir();
	struct state_dir sd;
	struct box_record rec;
	pid_t child;

	open_dir(&sd, dir);
	rec = self_record(&sd);
	child = fork();
	CHECK(child >= 0);
	if (child == 0)
		_exit(0);
	CHECK(waitpid(child, NULL, 0) == child);
	rec.pid = child;
	CHECK_EQ(record_judge(&sd, &rec, NULL, NULL), -ESRCH);
	state_dir_close(&sd);
	remove_dir(dir);
}

TEST(a_reservation_lives_as_long_as_its_owner)
{
	const char *dir = fresh_dir();
	struct box_record rec = sample(RECORD_STARTING), live;
	struct state_dir sd;
	pid_t child;

	open_dir(&sd, dir);
	live = self_record(&sd);
	rec.ns = sd.ns;
	rec.owner = getpid();
	rec.owner_start = live.init.start;
	CHECK_EQ(record_judge(&sd, &rec, NULL, NULL), -EAGAIN);
	rec.owner_start++;
	CHECK_EQ(record_judge(&sd, &rec, NULL, NULL), -ESRCH);
	child = fork();
	CHECK(child >= 0);
	if (child == 0)
		_exit(0);
	CHECK(waitpid(child, NULL, 0) == child);
	rec.owner = child;
	CHECK_EQ(record_judge(&sd, &rec, NULL, NULL), -ESRCH);
	state_dir_close(&sd);
	remove_dir(dir);
}

TEST(a_record_of_another_pid_namespace)
{
	const char *dir = fresh_dir();
	struct state_dir sd;
	struct box_record rec;
	uint64_t ours;

	open_dir(&sd, dir);
	rec = self_record(&sd);
	ours = sd.ns;
	/* Written in a namespace that has processes (ours, seen as another). */
	sd.ns = ours + 1;
	CHECK_EQ(record_judge(&sd, &rec, NULL, NULL), -EREMOTE);
	/* Written in a namespace that no process is in any more. */
	rec.ns = 1;
	CHECK_EQ(record_judge(&sd, &rec, NULL, NULL), -ESRCH);
	state_dir_close(&sd);
	remove_dir(dir);
}

static struct pidbox_config *named_config(const char *dir, const char *name)
{
	struct pidbox_config *cfg;

	CHECK_OK(pidbox_config_new(&cfg));
	CHECK_OK(pidbox_config_set_name(cfg, name));
	pidbox_config_set_state_dir(cfg, dir);
	return cfg;
}

TEST(reserve_release_and_the_token)
{
	const char *dir = fresh_dir();
	struct pidbox_config *cfg = named_config(dir, "web");
	struct box_name *a, *b;
	struct box_record now;
	char path[128];

	CHECK_OK(box_name_reserve(cfg, true, &a));
	CHECK(a->logfd >= 0);
	CHECK_EQ(box_name_reserve(cfg, false, &b), -EEXIST);
	CHECK_OK(record_read(&a->sd, "web", &now));
	CHECK_EQ(now.state, RECORD_STARTING);
	CHECK_EQ(now.owner, getpid());
	/* Another token does not remove this record. */
	CHECK_OK(record_forget(&a->sd, "web", "ffffffffffffffffffffffffffffffff"));
	CHECK_OK(record_read(&a->sd, "web", &now));
	box_name_release(a);
	CHECK_EQ(record_read(&a->sd, "web", &now), -ENOENT);
	snprintf(path, sizeof(path), "%s/web.log", dir);
	CHECK(access(path, F_OK) < 0);
	box_name_free(a);
	pidbox_config_free(cfg);
	remove_dir(dir);
}

TEST(a_broken_record_does_not_hold_the_name)
{
	const char *dir = fresh_dir();
	struct pidbox_config *cfg = named_config(dir, "web");
	struct box_name *bn;
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/web.box", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	CHECK(write(fd, "garbage\n", 8) == 8);
	close(fd);
	CHECK_OK(box_name_reserve(cfg, false, &bn));
	box_name_release(bn);
	box_name_free(bn);
	pidbox_config_free(cfg);
	remove_dir(dir);
}

TEST(exactly_one_of_racing_reservations_wins)
{
	enum { RACERS = 12, ROUNDS = 5 };
	const char *dir = fresh_dir();

	for (int round = 0; round < ROUNDS; round++) {
		int go[2], results[2], done[2], wins = 0, refused = 0;
		pid_t kids[RACERS];

		CHECK(pipe(go) == 0 && pipe(results) == 0 && pipe(done) == 0);
		for (int i = 0; i < RACERS; i++) {
			kids[i] = fork();
			CHECK(kids[i] >= 0);
			if (kids[i] == 0) {
				struct pidbox_config *cfg = named_config(dir, "race");
				struct box_name *bn = NULL;
				char c;
				int r;

				close(go[1]);
				close(done[1]);
				if (read(go[0], &c, 1) != 1)
					_exit(2);
				r = box_name_reserve(cfg, false, &bn);
				if (write(results[1], &r, sizeof(r)) != sizeof(r))
					_exit(2);
				/* Stay alive until all have tried: a dead owner's
				 * reservation is stale and would free the name. */
				while (read(done[0], &c, 1) > 0)
					;
				if (bn)
					box_name_release(bn);
				_exit(0);
			}
		}
		close(go[0]);
		close(results[1]);
		close(done[0]);
		CHECK(write(go[1], "gggggggggggg", RACERS) == RACERS);
		for (int i = 0; i < RACERS; i++) {
			int r;

			CHECK(read(results[0], &r, sizeof(r)) == sizeof(r));
			wins += r == 0;
			refused += r == -EEXIST;
		}
		close(done[1]);
		for (int i = 0; i < RACERS; i++)
			CHECK(waitpid(kids[i], NULL, 0) == kids[i]);
		close(go[1]);
		close(results[0]);
		CHECK_EQ(wins, 1);
		CHECK_EQ(refused, RACERS - 1);
	}
	remove_dir(dir);
}

TEST(a_record_lock_is_taken_once)
{
	const char *dir = fresh_dir();
	struct pidbox_config *cfg = named_config(dir, "lock");
	struct box_name *bn;
	int a, b;

	CHECK_OK(box_name_reserve(cfg, false, &bn));
	a = record_lock(&bn->sd, &bn->rec);
	CHECK(a >= 0);
	b = record_lock(&bn->sd, &bn->rec);
	CHECK_EQ(b, -EALREADY);
	close(a);
	b = record_lock(&bn->sd, &bn->rec);
	CHECK(b >= 0);
	close(b);
	box_name_release(bn);
	CHECK_EQ(record_lock(&bn->sd, &bn->rec), -ESRCH);
	box_name_free(bn);
	pidbox_config_free(cfg);
	remove_dir(dir);
}

TEST(listing_is_sorted_and_ignores_other_files)
{
	const char *dir = fresh_dir();
	static const char *const files[] = { "b.box", "a.box", "a.log", "c.tmp", ".x.box",
					     "bad name.box", "notes" };
	struct state_dir sd;
	char path[128], **names;
	size_t count;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		CHECK(fd >= 0);
		close(fd);
	}
	open_dir(&sd, dir);
	CHECK_OK(state_list(&sd, &names, &count));
	CHECK_EQ(count, 2);
	CHECK(strcmp(names[0], "a") == 0 && strcmp(names[1], "b") == 0);
	pidbox_names_free(names, count);
	state_dir_close(&sd);
	remove_dir(dir);
}

TEST(default_state_directory)
{
	struct state_dir sd;
	char *saved = getenv("XDG_RUNTIME_DIR") ? strdup(getenv("XDG_RUNTIME_DIR")) : NULL;
	int r;

	if (geteuid() == 0) {
		r = state_dir_open(&sd, NULL, false);
		CHECK(strcmp(sd.path, "/run/pidbox") == 0);
		if (r == 0)
			state_dir_close(&sd);
	} else {
		unsetenv("XDG_RUNTIME_DIR");
		CHECK_EQ(state_dir_open(&sd, NULL, false), -ENXIO);
		setenv("XDG_RUNTIME_DIR", "/nonexistent-xdg", 1);
		CHECK_EQ(state_dir_open(&sd, NULL, false), -ENOENT);
		CHECK(strcmp(sd.path, "/nonexistent-xdg/pidbox") == 0);
		if (saved)
			setenv("XDG_RUNTIME_DIR", saved, 1);
	}
	free(saved);
}
