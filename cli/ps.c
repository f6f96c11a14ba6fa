/* SPDX-License-Identifier: MIT */
/* pidbox ps: the processes of a box, or all the caller sees, as a tree. */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "inspect.h"
#include "pidbox.h"

enum col {
	COL_PID,
	COL_NSPID,
	COL_PPID,
	COL_DEPTH,
	COL_NS,
	COL_PIDS,
	COL_STAT,
	COL_USER,
	COL_UID,
	COL_COMM,
	COL_BOX,
	COL_COMMAND,
	N_COLS,
};

static const struct cli_column columns[N_COLS] = {
	[COL_PID] = { "pid", "PID", true, "PID as you see it" },
	[COL_NSPID] = { "nspid", "NSPID", true, "PID inside BOX (without BOX: in its own)" },
	[COL_PPID] = { "ppid", "PPID", true, "parent's PID as you see it (0: out of view)" },
	[COL_DEPTH] = { "depth", "DEPTH", true, "depth of its PID namespace below yours" },
	[COL_NS] = { "ns", "NS", true, "inode of its PID namespace" },
	[COL_PIDS] = { "pids", "PIDS", false, "its PID at each depth, yours first" },
	[COL_STAT] = { "stat", "STAT", false, "state: R S D T I, Z for a zombie" },
	[COL_USER] = { "user", "USER", false, "effective user" },
	[COL_UID] = { "uid", "UID", true, "effective user ID" },
	[COL_COMM] = { "comm", "COMM", false, "name" },
	[COL_BOX] = { "box", "BOX", false, "name of the box of its namespace" },
	[COL_COMMAND] = { "command", "COMMAND", false, "command line, in a tree" },
};

static const int default_cols[] = { COL_PID, COL_NSPID, COL_DEPTH, COL_STAT, COL_USER,
				    COL_COMMAND };
static const int json_cols[] = { COL_PID,  COL_NSPID, COL_PPID, COL_DEPTH, COL_NS, COL_PIDS,
				 COL_STAT, COL_USER,  COL_UID,  COL_COMM,  COL_BOX, COL_COMMAND };

static const struct option ps_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "json", no_argument, NULL, 'J' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void ps_usage(void)
{
	fputs("Usage:\n pidbox ps [OPTIONS] [BOX]\n\n"
	      "Show the processes of BOX (a PID, a /proc/PID/ns/pid path or a box name: that\n"
	      "namespace and those below it), or all the processes you can see, as a tree.\n\n"
	      "Options:\n"
	      " -o, --output COLS  the columns to show, e.g. -o pid,nspid,command\n"
	      " -J, --json         print JSON\n"
	      " -n, --noheadings   no heading line\n"
	      " -h, --help         display this help\n",
	      stdout);
	cli_print_columns(stdout, columns, N_COLS);
	fputs("\nExit status: 0, 1 when BOX or /proc cannot be read, 2 on bad usage.\n"
	      "See pidbox-ps(1).\n",
	      stdout);
}

/* User names, looked up once per uid. */
struct user_cache {
	uid_t uid[64];
	char *name[64];
	size_t n;
};

static const char *user_name(struct user_cache *c, uid_t uid)
{
	struct passwd *pw;

	for (size_t i = 0; i < c->n; i++)
		if (c->uid[i] == uid)
			return c->name[i];
	if (c->n == 64)
		return NULL;
	pw = getpwuid(uid);
	c->uid[c->n] = uid;
	c->name[c->n] = pw ? strdup(pw->pw_name) : NULL;
	return c->name[c->n++];
}

static void user_cache_free(struct user_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->name[i]);
}

/* The command as ps shows it: the arguments, or [name] when there are none. */
static char *command_of(const struct pidbox_proc *p)
{
	return p->cmdline ? strdup(p->cmdline) : cli_format("[%s]", p->comm);
}

static char *pids_of(const struct pidbox_proc *p)
{
	char *s = cli_format("%d", (int)p->nspid[0]);

	for (unsigned int d = 1; s && d <= p->depth; d++) {
		char *t = cli_format("%s,%d", s, (int)p->nspid[d]);

		free(s);
		s = t;
	}
	return s;
}

static char *cell(const struct pidbox_proc *p, int col, int box_depth, const char *prefix,
		  struct user_cache *users)
{
	const char *name;
	char *raw, *s;

	switch (col) {
	case COL_PID:
		return cli_format("%d", (int)p->pid);
	case COL_NSPID:
		return cli_format("%d", (int)p->nspid[box_depth >= 0 ? box_depth : (int)p->depth]);
	case COL_PPID:
		return cli_format("%d", (int)p->ppid);
	case COL_DEPTH:
		return cli_format("%u", p->depth);
	case COL_NS:
		return p->pidns ? cli_format("%llu", (unsigned long long)p->pidns) : strdup("-");
	case COL_PIDS:
		return pids_of(p);
	case COL_STAT:
		return cli_format("%c", p->state);
	case COL_USER:
		name = user_name(users, p->uid);
		return name ? strdup(name) : cli_format("%u", (unsigned int)p->uid);
	case COL_UID:
		return cli_format("%u", (unsigned int)p->uid);
	case COL_COMM:
		return cli_printable(p->comm);
	case COL_BOX:
		name = p->pidns ? cli_box_name(p->pidns) : NULL;
		return name ? cli_printable(name) : NULL;
	default:
		raw = command_of(p);
		s = raw ? cli_printable(raw) : NULL;
		free(raw);
		if (s) {
			raw = cli_format("%s%s%s", prefix, s, p->state == 'Z' ? " <defunct>" : "");
			free(s);
			s = raw;
		}
		return s;
	}
}

static void json_field(const struct pidbox_proc *p, int col, int box_depth,
		       struct user_cache *users)
{
	const char *name;
	char *s;

	printf("\"%s\": ", columns[col].name);
	switch (col) {
	case COL_PIDS:
		putchar('[');
		for (unsigned int d = 0; d <= p->depth; d++)
			printf("%s%d", d ? ", " : "", (int)p->nspid[d]);
		putchar(']');
		return;
	case COL_NS:
		if (p->pidns)
			printf("%llu", (unsigned long long)p->pidns);
		else
			fputs("null", stdout);
		return;
	case COL_USER:
		cli_json_string(stdout, user_name(users, p->uid));
		return;
	case COL_COMM:
		cli_json_string(stdout, p->comm);
		return;
	case COL_BOX:
		cli_json_string(stdout, p->pidns ? cli_box_name(p->pidns) : NULL);
		return;
	case COL_STAT:
		printf("\"%c\"", p->state);
		return;
	case COL_COMMAND:
		s = command_of(p);
		cli_json_string(stdout, s);
		free(s);
		return;
	default:
		s = cell(p, col, box_depth, "", users);
		name = s ? s : "null";
		fputs(name, stdout);
		free(s);
	}
}

static int cmp_pid_key(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* The tree: each process under its parent when the parent is listed. */
static int order_tree(struct pidbox_proclist *list, size_t n, size_t *order, char **prefix)
{
	size_t *parent = malloc((n + 1) * sizeof(*parent));
	pid_t *pids = malloc((n + 1) * sizeof(*pids));
	int r = -ENOMEM;

	if (!parent || !pids)
		goto out;
	/* the list is ordered by PID: find parents by binary search */
	for (size_t i = 0; i < n; i++)
		pids[i] = pidbox_proclist_at(list, i)->pid;
	for (size_t i = 0; i < n; i++) {
		pid_t ppid = pidbox_proclist_at(list, i)->ppid;
		pid_t *hit = ppid ? bsearch(&ppid, pids, n, sizeof(*pids), cmp_pid_key) : NULL;

		parent[i] = hit ? (size_t)(hit - pids) : SIZE_MAX;
	}
	r = cli_tree(n, parent, order, prefix);
out:
	free(parent);
	free(pids);
	return r;
}

static int print_ps(struct pidbox_proclist *list, const int *sel, size_t nsel, bool json,
		    bool noheadings, int box_depth)
{
	size_t n = pidbox_proclist_count(list);
	size_t *order = malloc((n + 1) * sizeof(*order));
	char **prefix = calloc(n + 1, sizeof(*prefix));
	struct user_cache users = { .n = 0 };
	struct cli_table t;
	int r = -ENOMEM;

	cli_table_init(&t, columns, sel, nsel);
	if (!order || !prefix || order_tree(list, n, order, prefix) < 0)
		goto out;
	if (json)
		fputs("{\"processes\": [", stdout);
	for (size_t k = 0; k < n; k++) {
		const struct pidbox_proc *p = pidbox_proclist_at(list, order[k]);
		char *cells[N_COLS];

		if (json) {
			printf("%s\n  {", k ? "," : "");
			for (size_t c = 0; c < nsel; c++) {
				if (c)
					fputs(", ", stdout);
				json_field(p, sel[c], box_depth, &users);
			}
			putchar('}');
			continue;
		}
		for (size_t c = 0; c < nsel; c++)
			cells[c] = cell(p, sel[c], box_depth, prefix[order[k]], &users);
		if (cli_table_add(&t, cells) < 0)
			goto out;
	}
	if (json)
		fputs(n ? "\n]}\n" : "]}\n", stdout);
	else
		cli_table_print(&t, noheadings, cli_output_width());
	r = 0;
out:
	cli_table_free(&t);
	for (size_t i = 0; prefix && i < n; i++)
		free(prefix[i]);
	free(prefix);
	free(order);
	user_cache_free(&users);
	return r;
}

int cmd_ps(int argc, char **argv)
{
	struct pidbox_proclist *list = NULL;
	int sel[N_COLS * 2], nsel = -1, c, nsfd = -1, r, box_depth = -1;
	unsigned int flags = 0, depth;
	bool json = false, noheadings = false;
	uint64_t inode;
	const char *cols = NULL;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:Jnh", ps_options, NULL)) != -1) {
		switch (c) {
		case 'o':
			cols = optarg;
			break;
		case 'J':
			json = true;
			break;
		case 'n':
			noheadings = true;
			break;
		case 'h':
			ps_usage();
			return cli_close_stdout("ps", 0);
		default:
			return cli_bad_option("ps", argv, CLI_EXIT_USAGE);
		}
	}
	if (argc - optind > 1) {
		cli_error("ps", "too many arguments (usage: pidbox ps [OPTIONS] [BOX])");
		return CLI_EXIT_USAGE;
	}
	if (cols) {
		nsel = cli_parse_columns("ps", cols, columns, N_COLS, sel, N_COLS * 2);
		if (nsel < 0)
			return CLI_EXIT_USAGE;
	} else if (json) {
		nsel = (int)(sizeof(json_cols) / sizeof(json_cols[0]));
		memcpy(sel, json_cols, sizeof(json_cols));
	} else {
		nsel = (int)(sizeof(default_cols) / sizeof(default_cols[0]));
		memcpy(sel, default_cols, sizeof(default_cols));
	}
	for (int i = 0; i < nsel; i++) {
		if (sel[i] == COL_COMMAND)
			flags |= PIDBOX_PROC_CMDLINE;
		if (sel[i] == COL_NS || sel[i] == COL_BOX)
			flags |= PIDBOX_PROC_NS;
	}
	if (optind < argc) {
		nsfd = cli_open_pidns("ps", argv[optind]);
		if (nsfd < 0)
			return -nsfd;
		r = pidbox_pidns_info(nsfd, &inode, &depth);
		if (r < 0) {
			close(nsfd);
			return cli_proc_failed("ps", r);
		}
		box_depth = (int)depth;
	}
	r = pidbox_proc_scan(nsfd, flags, &list);
	if (nsfd >= 0)
		close(nsfd);
	if (r < 0)
		return cli_proc_failed("ps", r);
	r = print_ps(list, sel, (size_t)nsel, json, noheadings, box_depth);
	pidbox_proclist_free(list);
	if (r < 0) {
		cli_error_errno("ps", r, NULL, "cannot print the list");
		return CLI_EXIT_ERROR;
	}
	return cli_close_stdout("ps", 0);
}
