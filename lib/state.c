/* SPDX-License-Identifier: MIT */
/*
 * Named boxes in the state directory.  A record is written whole to NAME.tmp
 * and renamed over NAME.box, so a reader sees the old record or the new one,
 * never half of one.  Who may create, replace or remove a record is settled
 * by an flock of the directory: two runs racing for a name take it in turn,
 * and the second finds the first one's record.  The lock is taken on an fd
 * of its own each time, so that a forked child never shares it.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "members.h"
#include "state.h"
#include "syscall.h"

#define RECORD_HEADER "pidbox-record 1\n"

PIDBOX_EXPORT int pidbox_name_check(const char *name)
{
	size_t len;

	if (!name || !*name)
		return -EINVAL;
	len = strlen(name);
	if (len > PIDBOX_NAME_MAX)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');

		/* A leading '.' or '-' would make "." , ".." or an option. */
		if (!alnum && c != '_' && (i == 0 || (c != '.' && c != '-')))
			return -EINVAL;
	}
	return 0;
}

int record_format(const struct box_record *rec, char *buf, size_t size)
{
	int n = snprintf(buf, size,
			 RECORD_HEADER "name %s\nkind %s\nstate %s\ntoken %s\nns %llu\n"
				       "owner %d %llu\n",
			 rec->name, rec->kind == RECORD_POD ? "pod" : "box",
			 rec->state == RECORD_RUNNING ? "running" : "starting", rec->token,
			 (unsigned long long)rec->ns, (int)rec->owner,
			 (unsigned long long)rec->owner_start);
	size_t len;

	if (n < 0 || (size_t)n >= size)
		return -ENOSPC;
	len = (size_t)n;
	if (rec->state == RECORD_RUNNING) {
		n = snprintf(buf + len, size - len, "init %d %llu %llu %llu\npid1 %s\n",
			     (int)rec->pid, (unsigned long long)rec->init.start,
			     (unsigned long long)rec->init.pidns,
			     (unsigned long long)rec->init.pidfs,
			     rec->pid1_command ? "command" : "init");
		if (n < 0 || (size_t)n >= size - len)
			return -ENOSPC;
		len += (size_t)n;
	}
	n = snprintf(buf + len, size - len, "log %s\n", rec->log ? "yes" : "no");
	if (n < 0 || (size_t)n >= size - len)
		return -ENOSPC;
	return (int)(len + (size_t)n);
}

/* Parses space-separated decimal numbers, exactly count of them, filling
 * the end of the value. */
static int parse_numbers(const char *v, uint64_t *out, int count)
{
	for (int i = 0; i < count; i++) {
		uint64_t n = 0;
		int digits = 0;

		if (i > 0 && *v++ != ' ')
			return -EBADMSG;
		for (; *v >= '0' && *v <= '9'; v++, digits++) {
			if (n > (UINT64_MAX - (uint64_t)(*v - '0')) / 10)
				return -EBADMSG;
			n = n * 10 + (uint64_t)(*v - '0');
		}
		if (digits == 0)
			return -EBADMSG;
		out[i] = n;
	}
	return *v ? -EBADMSG : 0;
}

static int parse_pid(uint64_t v, pid_t *pid)
{
	if (v == 0 || v > INT32_MAX)
		return -EBADMSG;
	*pid = (pid_t)v;
	return 0;
}

enum {
	SEEN_NAME = 1 << 0,
	SEEN_KIND = 1 << 1,
	SEEN_STATE = 1 << 2,
	SEEN_TOKEN = 1 << 3,
	SEEN_NS = 1 << 4,
	SEEN_OWNER = 1 << 5,
	SEEN_INIT = 1 << 6,
	SEEN_PID1 = 1 << 7,
	SEEN_LOG = 1 << 8,
	SEEN_ALWAYS = SEEN_NAME | SEEN_KIND | SEEN_STATE | SEEN_TOKEN | SEEN_NS | SEEN_OWNER |
		      SEEN_LOG,
	SEEN_RUNNING = SEEN_INIT | SEEN_PID1,
};

/* One "key value" line, NUL-terminated; returns the SEEN_ bit or -EBADMSG. */
static int parse_line(char *line, struct box_record *rec)
{
	char *v = strchr(line, ' ');
	uint64_t num[4];
	int r;

	if (!v)
		return -EBADMSG;
	*v++ = '\0';
	if (strcmp(line, "name") == 0) {
		if (pidbox_name_check(v) < 0)
			return -EBADMSG;
		strcpy(rec->name, v);
		return SEEN_NAME;
	}
	if (strcmp(line, "kind") == 0) {
		if (strcmp(v, "box") && strcmp(v, "pod"))
			return -EBADMSG;
		rec->kind = strcmp(v, "pod") == 0 ? RECORD_POD : RECORD_BOX;
		return SEEN_KIND;
	}
	if (strcmp(line, "state") == 0) {
		if (strcmp(v, "starting") && strcmp(v, "running"))
			return -EBADMSG;
		rec->state = strcmp(v, "running") == 0 ? RECORD_RUNNING : RECORD_STARTING;
		return SEEN_STATE;
	}
	if (strcmp(line, "token") == 0) {
		if (strlen(v) != RECORD_TOKEN_LEN ||
		    strspn(v, "0123456789abcdef") != RECORD_TOKEN_LEN)
			return -EBADMSG;
		strcpy(rec->token, v);
		return SEEN_TOKEN;
	}
	if (strcmp(line, "ns") == 0) {
		r = parse_numbers(v, num, 1);
		if (r < 0 || num[0] == 0)
			return -EBADMSG;
		rec->ns = num[0];
		return SEEN_NS;
	}
	if (strcmp(line, "owner") == 0) {
		r = parse_numbers(v, num, 2);
		if (r < 0 || parse_pid(num[0], &rec->owner) < 0)
			return -EBADMSG;
		rec->owner_start = num[1];
		return SEEN_OWNER;
	}
	if (strcmp(line, "init") == 0) {
		r = parse_numbers(v, num, 4);
		if (r < 0 || parse_pid(num[0], &rec->pid) < 0 || num[2] == 0)
			return -EBADMSG;
		rec->init.start = num[1];
		rec->init.pidns = num[2];
		rec->init.pidfs = num[3];
		return SEEN_INIT;
	}
	if (strcmp(line, "pid1") == 0) {
		if (strcmp(v, "init") && strcmp(v, "command"))
			return -EBADMSG;
		rec->pid1_command = strcmp(v, "command") == 0;
		return SEEN_PID1;
	}
	if (strcmp(line, "log") == 0) {
		if (strcmp(v, "yes") && strcmp(v, "no"))
			return -EBADMSG;
		rec->log = strcmp(v, "yes") == 0;
		return SEEN_LOG;
	}
	return 0; /* a key of a later version: ignored */
}

int record_parse(const char *buf, size_t len, struct box_record *rec)
{
	const size_t hlen = sizeof(RECORD_HEADER) - 1;
	char line[RECORD_MAX + 1];
	unsigned int seen = 0;
	size_t pos;

	memset(rec, 0, sizeof(*rec));
	if (len > RECORD_MAX || memchr(buf, '\0', len))
		return -EBADMSG;
	if (len < hlen || memcmp(buf, RECORD_HEADER, hlen) != 0)
		return len >= 14 && memcmp(buf, "pidbox-record ", 14) == 0 ? -EPROTO : -EBADMSG;
	for (pos = hlen; pos < len;) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t l;
		int bit;

		if (!nl)
			return -EBADMSG; /* a record always ends with a newline */
		l = (size_t)(nl - (buf + pos));
		memcpy(line, buf + pos, l);
		line[l] = '\0';
		pos += l + 1;
		bit = parse_line(line, rec);
		if (bit < 0 || (seen & (unsigned int)bit))
			return -EBADMSG;
		seen |= (unsigned int)bit;
	}
	if ((seen & SEEN_ALWAYS) != SEEN_ALWAYS)
		return -EBADMSG;
	/* The init is known once running, and not before. */
	if (rec->state == RECORD_RUNNING && (seen & SEEN_RUNNING) != SEEN_RUNNING)
		return -EBADMSG;
	if (rec->state == RECORD_STARTING && (seen & SEEN_RUNNING))
		return -EBADMSG;
	return 0;
}

static int default_dir(char *path, size_t size)
{
	const char *xdg;
	int n;

	if (geteuid() == 0) {
		n = snprintf(path, size, "/run/pidbox");
	} else {
		xdg = getenv("XDG_RUNTIME_DIR");
		if (!xdg || xdg[0] != '/')
			return -ENXIO;
		n = snprintf(path, size, "%s/pidbox", xdg);
	}
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int state_dir_open(struct state_dir *sd, const char *path, bool create)
{
	int r;

	sd->fd = -1;
	if (path) {
		if (strlen(path) >= sizeof(sd->path))
			return -ENAMETOOLONG;
		strcpy(sd->path, path);
	} else {
		r = default_dir(sd->path, sizeof(sd->path));
		if (r < 0)
			return r;
	}
	r = ident_ns_inode(0, "pid", &sd->ns);
	if (r < 0)
		return r;
	if (create && mkdir(sd->path, geteuid() == 0 ? 0755 : 0700) < 0 && errno != EEXIST)
		return neg_errno();
	sd->fd = open(sd->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sd->fd < 0)
		return neg_errno();
	return 0;
}

void state_dir_close(struct state_dir *sd)
{
	if (sd->fd >= 0)
		close(sd->fd);
	sd->fd = -1;
}

static int state_lock(const struct state_dir *sd)
{
	int fd = openat(sd->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return neg_errno();
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			int r = neg_errno();

			close(fd);
			return r;
		}
	}
	return fd;
}

static void file_name(char *out, size_t size, const char *name, const char *suffix)
{
	snprintf(out, size, "%s.%s", name, suffix);
}

static int read_record_fd(int fd, struct box_record *rec)
{
	char buf[RECORD_MAX + 1];
	size_t len = 0;

	while (len < sizeof(buf)) {
		ssize_t n = pread(fd, buf + len, sizeof(buf) - len, (off_t)len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return neg_errno();
		if (n == 0)
			break;
		len += (size_t)n;
	}
	return record_parse(buf, len, rec);
}

int record_read(const struct state_dir *sd, const char *name, struct box_record *rec)
{
	char file[PIDBOX_NAME_MAX + 8];
	int fd, r;

	file_name(file, sizeof(file), name, "box");
	fd = openat(sd->fd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return neg_errno();
	r = read_record_fd(fd, rec);
	close(fd);
	/* A record filed under another name is no record of this one. */
	if (r == 0 && strcmp(rec->name, name) != 0)
		r = -EBADMSG;
	return r;
}

static int write_record(const struct state_dir *sd, const struct box_record *rec)
{
	char buf[RECORD_MAX], tmp[PIDBOX_NAME_MAX + 8], file[PIDBOX_NAME_MAX + 8];
	int len = record_format(rec, buf, sizeof(buf)), fd, r = 0;
	ssize_t n;

	if (len < 0)
		return len;
	file_name(tmp, sizeof(tmp), rec->name, "tmp");
	file_name(file, sizeof(file), rec->name, "box");
	fd = openat(sd->fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return neg_errno();
	do
		n = write(fd, buf, (size_t)len);
	while (n < 0 && errno == EINTR);
	if (n != len)
		r = n < 0 ? neg_errno() : -EIO;
	if (close(fd) < 0 && r == 0)
		r = neg_errno();
	if (r == 0 && renameat(sd->fd, tmp, sd->fd, file) < 0)
		r = neg_errno();
	if (r < 0)
		unlinkat(sd->fd, tmp, 0);
	return r;
}

static void unlink_all(const struct state_dir *sd, const char *name)
{
	static const char *const suffixes[] = { "box", "log", "tmp" };
	char file[PIDBOX_NAME_MAX + 8];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		file_name(file, sizeof(file), name, suffixes[i]);
		unlinkat(sd->fd, file, 0);
	}
}

/* The start time of a live process, opened as a pidfd; -ESRCH when gone. */
static int owner_alive(pid_t pid, uint64_t start)
{
	struct proc_ident id;
	int pidfd = pidbox_sys_pidfd_open(pid, 0), r;

	if (pidfd < 0)
		return errno == ESRCH || errno == EINVAL ? -ESRCH : neg_errno();
	r = ident_read(pidfd, &id, NULL);
	close(pidfd);
	if (r < 0)
		return r;
	return id.start == start ? 0 : -ESRCH;
}

int record_judge(const struct state_dir *sd, const struct box_record *rec, int *pidfd,
		 pid_t *proc_pid)
{
	int r;

	if (rec->ns != sd->ns) {
		/* Its PIDs mean other processes here: only tell whether that
		 * namespace still has anyone in it. */
		r = members_count(rec->ns);
		if (r < 0)
			return r == -EXDEV ? -EREMOTE : r;
		return r > 0 ? -EREMOTE : -ESRCH;
	}
	if (rec->state == RECORD_STARTING) {
		r = owner_alive(rec->owner, rec->owner_start);
		return r == 0 ? -EAGAIN : r;
	}
	r = ident_open_verified(rec->pid, &rec->init, proc_pid);
	if (r < 0)
		return r;
	if (pidfd)
		*pidfd = r;
	else
		close(r);
	return 0;
}

int record_forget(const struct state_dir *sd, const char *name, const char *token)
{
	struct box_record now;
	int lock = state_lock(sd), r;

	if (lock < 0)
		return lock;
	r = record_read(sd, name, &now);
	if (r == 0 && strcmp(now.token, token) == 0)
		unlink_all(sd, name);
	close(lock);
	return r == 0 || r == -ENOENT ? 0 : r;
}

int record_forget_broken(const struct state_dir *sd, const char *name)
{
	struct box_record now;
	int lock = state_lock(sd);

	if (lock < 0)
		return lock;
	if (record_read(sd, name, &now) == -EBADMSG)
		unlink_all(sd, name);
	close(lock);
	return -ESRCH;
}

int record_lock(const struct state_dir *sd, const struct box_record *rec)
{
	char file[PIDBOX_NAME_MAX + 8];
	struct box_record now;
	int fd, r;

	file_name(file, sizeof(file), rec->name, "box");
	fd = openat(sd->fd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : neg_errno();
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EINTR)
			continue;
		r = errno == EWOULDBLOCK ? -EALREADY : neg_errno();
		close(fd);
		return r;
	}
	/* Locked the file the name has now: is it still this box's record? */
	r = read_record_fd(fd, &now);
	if (r < 0 || strcmp(now.token, rec->token) != 0) {
		close(fd);
		return -ESRCH;
	}
	return fd;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

PIDBOX_EXPORT void pidbox_names_free(char **names, size_t count)
{
	for (size_t i = 0; names && i < count; i++)
		free(names[i]);
	free(names);
}

int state_list(const struct state_dir *sd, char ***names, size_t *count)
{
	int fd = openat(sd->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char **list = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *dir;
	int r = 0;

	if (fd < 0)
		return neg_errno();
	dir = fdopendir(fd);
	if (!dir) {
		r = neg_errno();
		close(fd);
		return r;
	}
	while ((de = readdir(dir))) {
		size_t len = strlen(de->d_name);
		char *name;

		if (len < 5 || strcmp(de->d_name + len - 4, ".box") != 0)
			continue;
		name = strndup(de->d_name, len - 4);
		if (!name) {
			r = -ENOMEM;
			break;
		}
		if (pidbox_name_check(name) < 0) {
			free(name);
			continue;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **nl = realloc(list, ncap * sizeof(*nl));

			if (!nl) {
				free(name);
				r = -ENOMEM;
				break;
			}
			list = nl;
			cap = ncap;
		}
		list[n++] = name;
	}
	closedir(dir);
	if (r < 0) {
		pidbox_names_free(list, n);
		return r;
	}
	if (n)
		qsort(list, n, sizeof(*list), cmp_names);
	*names = list;
	*count = n;
	return 0;
}

static void make_token(char *out)
{
	unsigned char raw[RECORD_TOKEN_LEN / 2];
	struct timespec ts;

	if (getrandom(raw, sizeof(raw), GRND_NONBLOCK) != (ssize_t)sizeof(raw)) {
		/* No entropy yet: unique enough among the records of one boot. */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		for (size_t i = 0; i < sizeof(raw); i++)
			raw[i] = (unsigned char)(((uint64_t)ts.tv_nsec >> (i % 8) * 8) ^
						 ((uint64_t)getpid() << (i % 4)) ^ i);
	}
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
}

/* The caller's own start time, to prove later that a record's owner is it. */
static int self_start(uint64_t *start)
{
	struct proc_ident id;
	int pidfd = pidbox_sys_pidfd_open(getpid(), 0), r;

	if (pidfd < 0)
		return neg_errno();
	r = ident_read(pidfd, &id, NULL);
	close(pidfd);
	if (r == 0)
		*start = id.start;
	return r;
}

/* Under the lock: 0 when the name is free (a stale or broken record of it
 * removed), -EEXIST when taken. */
static int claim_name(const struct state_dir *sd, const char *name)
{
	struct box_record old;
	int r = record_read(sd, name, &old);

	if (r == -ENOENT)
		return 0;
	if (r == -EBADMSG) {
		unlink_all(sd, name);
		return 0;
	}
	if (r < 0)
		return r == -EPROTO ? -EEXIST : r;
	r = record_judge(sd, &old, NULL, NULL);
	if (r == -ESRCH) {
		unlink_all(sd, name);
		return 0;
	}
	return r == 0 || r == -EAGAIN || r == -EREMOTE ? -EEXIST : r;
}

int box_name_reserve(const struct pidbox_config *cfg, bool with_log, struct box_name **out)
{
	struct box_name *bn = calloc(1, sizeof(*bn));
	char file[PIDBOX_NAME_MAX + 8];
	int lock = -1, r;

	if (!bn)
		return -ENOMEM;
	bn->logfd = -1;
	r = pidbox_name_check(cfg->name);
	if (r < 0)
		goto out;
	r = state_dir_open(&bn->sd, cfg->state_dir, true);
	if (r < 0)
		goto out;
	strcpy(bn->rec.name, cfg->name);
	make_token(bn->rec.token);
	bn->rec.kind = cfg->pod_holder ? RECORD_POD : RECORD_BOX;
	bn->rec.state = RECORD_STARTING;
	bn->rec.ns = bn->sd.ns;
	bn->rec.owner = getpid();
	bn->rec.log = with_log;
	r = self_start(&bn->rec.owner_start);
	if (r < 0)
		goto out;
	lock = state_lock(&bn->sd);
	if (lock < 0) {
		r = lock;
		goto out;
	}
	r = claim_name(&bn->sd, cfg->name);
	if (r < 0)
		goto out;
	r = write_record(&bn->sd, &bn->rec);
	if (r < 0)
		goto out;
	bn->reserved_here = true;
	if (bn->rec.log) {
		file_name(file, sizeof(file), cfg->name, "log");
		bn->logfd = openat(bn->sd.fd, file,
				   O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW,
				   0600);
		if (bn->logfd < 0) {
			r = neg_errno();
			unlink_all(&bn->sd, cfg->name);
			bn->reserved_here = false;
			goto out;
		}
	}
out:
	if (lock >= 0)
		close(lock);
	if (r < 0) {
		box_name_free(bn);
		return r;
	}
	*out = bn;
	return 0;
}

int box_name_commit(struct box_name *bn, const struct pidbox_box *box)
{
	struct box_record rec = bn->rec, now;
	int lock, r;

	rec.state = RECORD_RUNNING;
	rec.owner = getpid();
	rec.pid = box->pid;
	rec.pid1_command = (box->cfg->flags & PIDBOX_AS_PID1) != 0;
	r = self_start(&rec.owner_start);
	if (r < 0)
		return r;
	r = ident_read(box->pidfd, &rec.init, NULL);
	if (r < 0)
		return r;
	lock = state_lock(&bn->sd);
	if (lock < 0)
		return lock;
	r = record_read(&bn->sd, rec.name, &now);
	if (r == 0 && strcmp(now.token, rec.token) != 0)
		r = -ESTALE;
	else if (r == -ENOENT)
		r = -ESTALE;
	if (r == 0)
		r = write_record(&bn->sd, &rec);
	close(lock);
	if (r == 0) {
		bn->rec = rec;
		bn->committed = true;
	}
	return r;
}

void box_name_release(struct box_name *bn)
{
	if (!bn || (!bn->reserved_here && !bn->committed))
		return;
	record_forget(&bn->sd, bn->rec.name, bn->rec.token);
	bn->reserved_here = false;
	bn->committed = false;
}

void box_name_free(struct box_name *bn)
{
	if (!bn)
		return;
	if (bn->logfd >= 0)
		close(bn->logfd);
	state_dir_close(&bn->sd);
	free(bn);
}
