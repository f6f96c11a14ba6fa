/* SPDX-License-Identifier: MIT */
/* pidbox ls: every PID namespace the caller can see, as a tree. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "inspect.h"
#include "pidbox.h"

enum col {
	COL_NS,
	COL_PARENT,
	COL_DEPTH,
	COL_INIT,
	COL_PIDS,
	COL_PROCS,
	COL_USERNS,
	COL_BOX,
	COL_COMMAND,
	COL_HELD,
	N_COLS,
};

static const struct cli_column columns[N_COLS] = {
	[COL_NS] = { "ns", "NS", false, "inode of the PID namespace, in a tree" },
	[COL_PARENT] = { "parent", "PARENT", true, "inode of its parent (? when guessed)" },
	[COL_DEPTH] = { "depth", "DEPTH", true, "depth below yours" },
	[COL_INIT] = { "init", "INIT", true, "PID of its init as you see it (1 inside)" },
	[COL_PIDS] = { "pids", "PIDS", false, "its init's PID at each depth, yours first" },
	[COL_PROCS] = { "procs", "PROCS", true, "processes whose namespace it is" },
	[COL_USERNS] = { "userns", "USERNS", true, "inode of the user namespace owning it" },
	[COL_BOX] = { "box", "BOX", false, "name of its box" },
	[COL_COMMAND] = { "command", "COMMAND", false, "its init's name, or what holds it open" },
	[COL_HELD] = { "held", "HELD", false, "without processes: the mount or fd keeping it" },
};

static const int default_cols[] = { COL_NS, COL_DEPTH, COL_INIT, COL_PROCS, COL_USERNS, COL_BOX,
				    COL_COMMAND };
static const int json_cols[] = { COL_NS,    COL_PARENT, COL_DEPTH, COL_INIT,    COL_PIDS,
				 COL_PROCS, COL_USERNS, COL_BOX,   COL_COMMAND, COL_HELD };

static const struct option ls_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "json", no_argument, NULL, 'J' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "all", no_argument, NULL, 'a' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void ls_usage(void)
{
	fputs("Usage:\n pidbox ls [OPTIONS]\n\n"
	      "Show every PID namespace you can see (yours and those below it) as a tree.\n"
	      "Namespaces without processes that a mount keeps open are shown as held.\n\n"
	      "Options:\n"
	      " -a, --all          also look for namespaces that only an open fd keeps\n"
	      "                    (reads the fd table of every process: slower)\n"
	      " -o, --output COLS  the columns to show, e.g. -o ns,init,procs\n"
	      " -J, --json         print JSON\n"
	      " -n, --noheadings   no heading line\n"
	      " -h, --help         display this help\n",
	      stdout);
	cli_print_columns(stdout, columns, N_COLS);
	fputs("\nExit status: 0, 1 when /proc cannot be read, 2 on bad usage.\n"
	      "See pidbox-ls(1).\n",
	      stdout);
}

static char *pids_of(const struct pidbox_pidns *ns)
{
	char *s;

	if (!ns->init)
		return strdup("-");
	s = cli_format("%d", (int)ns->init_nspid[0]);
	for (unsigned int d = 1; s && d <= ns->depth; d++) {
		char *t = cli_format("%s,%d", s, (int)ns->init_nspid[d]);

		free(s);
		s = t;
	}
	return s;
}

static char *cell(const struct pidbox_pidns *ns, int col, const char *prefix)
{
	const char *name;
	char *s, *t;

	switch (col) {
	case COL_NS:
		return cli_format("%s%llu", prefix, (unsigned long long)ns->inode);
	case COL_PARENT:
		if (!ns->parent)
			return strdup("-");
		return cli_format("%llu%s", (unsigned long long)ns->parent,
				  ns->flags & PIDBOX_PIDNS_GUESSED ? "?" : "");
	case COL_DEPTH:
		return cli_format("%u", ns->depth);
	case COL_INIT:
		return ns->init ? cli_format("%d", (int)ns->init) : strdup("-");
	case COL_PIDS:
		return pids_of(ns);
	case COL_PROCS:
		return cli_format("%u", ns->nprocs);
	case COL_USERNS:
		return ns->userns ? cli_format("%llu", (unsigned long long)ns->userns)
				  : strdup("-");
	case COL_BOX:
		name = cli_box_name(ns->inode);
		return name ? cli_printable(name) : NULL;
	case COL_HELD:
		return ns->flags & PIDBOX_PIDNS_HELD ? cli_printable(ns->held_by) : NULL;
	default:
		if (ns->flags & PIDBOX_PIDNS_HELD) {
			s = cli_printable(ns->held_by);
			t = s ? cli_format("(held open: %s)", s) : NULL;
			free(s);
			return t;
		}
		return ns->init ? cli_printable(ns->comm) : NULL;
	}
}

static void json_number_or_null(unsigned long long v)
{
	if (v)
		printf("%llu", v);
	else
		fputs("null", stdout);
}

static void json_field(const struct pidbox_pidns *ns, int col)
{
	bool held = ns->flags & PIDBOX_PIDNS_HELD;

	printf("\"%s\": ", columns[col].name);
	switch (col) {
	case COL_NS:
		printf("%llu", (unsigned long long)ns->inode);
		break;
	case COL_PARENT:
		json_number_or_null(ns->parent);
		printf(", \"guessed\": %s", ns->flags & PIDBOX_PIDNS_GUESSED ? "true" : "false");
		break;
	case COL_DEPTH:
		printf("%u", ns->depth);
		break;
	case COL_INIT:
		json_number_or_null((unsigned long long)ns->init);
		break;
	case COL_PIDS:
		putchar('[');
		for (unsigned int d = 0; ns->init && d <= ns->depth; d++)
			printf("%s%d", d ? ", " : "", (int)ns->init_nspid[d]);
		putchar(']');
		break;
	case COL_PROCS:
		printf("%u", ns->nprocs);
		break;
	case COL_USERNS:
		json_number_or_null(ns->userns);
		break;
	case COL_BOX:
		cli_json_string(stdout, cli_box_name(ns->inode));
		break;
	case COL_COMMAND:
		cli_json_string(stdout, ns->init ? ns->comm : NULL);
		break;
	default:
		cli_json_string(stdout, held ? ns->held_by : NULL);
	}
}

struct key {
	uint64_t inode;
	size_t index;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	return (x->inode > y->inode) - (x->inode < y->inode);
}

static int order_tree(const struct pidbox_pidnslist *list, size_t n, size_t *order,
		      char **prefix)
{
	size_t *parent = malloc((n + 1) * sizeof(*parent));
	struct key *keys = malloc((n + 1) * sizeof(*keys));
	int r = -ENOMEM;

	if (!parent || !keys)
		goto out;
	for (size_t i = 0; i < n; i++) {
		keys[i].inode = pidbox_pidnslist_at(list, i)->inode;
		keys[i].index = i;
	}
	qsort(keys, n, sizeof(*keys), cmp_key);
	for (size_t i = 0; i < n; i++) {
		struct key k = { .inode = pidbox_pidnslist_at(list, i)->parent };
		struct key *hit = k.inode ? bsearch(&k, keys, n, sizeof(*keys), cmp_key) : NULL;

		parent[i] = hit ? hit->index : SIZE_MAX;
	}
	r = cli_tree(n, parent, order, prefix);
out:
	free(parent);
	free(keys);
	return r;
}

static int print_ls(const struct pidbox_pidnslist *list, const int *sel, size_t nsel, bool json,
		    bool noheadings)
{
	size_t n = pidbox_pidnslist_count(list);
	size_t *order = malloc((n + 1) * sizeof(*order));
	char **prefix = calloc(n + 1, sizeof(*prefix));
	struct cli_table t;
	int r = -ENOMEM;

	cli_table_init(&t, columns, sel, nsel);
	if (!order || !prefix || order_tree(list, n, order, prefix) < 0)
		goto out;
	if (json)
		fputs("{\"namespaces\": [", stdout);
	for (size_t k = 0; k < n; k++) {
		const struct pidbox_pidns *ns = pidbox_pidnslist_at(list, order[k]);
		char *cells[N_COLS * 2];

		if (json) {
			printf("%s\n  {", k ? "," : "");
			for (size_t c = 0; c < nsel; c++) {
				if (c)
					fputs(", ", stdout);
				json_field(ns, sel[c]);
			}
			putchar('}');
			continue;
		}
		for (size_t c = 0; c < nsel; c++)
			cells[c] = cell(ns, sel[c], prefix[order[k]]);
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
	return r;
}

int cmd_ls(int argc, char **argv)
{
	struct pidbox_pidnslist *list = NULL;
	int sel[N_COLS * 2], nsel, c, r;
	unsigned int flags = 0;
	bool json = false, noheadings = false;
	const char *cols = NULL;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:Jnah", ls_options, NULL)) != -1) {
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
		case 'a':
			flags |= PIDBOX_PIDNS_SCAN_FDS;
			break;
		case 'h':
			ls_usage();
			return cli_close_stdout("ls", 0);
		default:
			return cli_bad_option("ls", argv, CLI_EXIT_USAGE);
		}
	}
	if (optind < argc) {
		cli_error("ls", "unexpected argument '%s' (usage: pidbox ls [OPTIONS])",
			  argv[optind]);
		return CLI_EXIT_USAGE;
	}
	if (cols) {
		nsel = cli_parse_columns("ls", cols, columns, N_COLS, sel, N_COLS * 2);
		if (nsel < 0)
			return CLI_EXIT_USAGE;
	} else if (json) {
		nsel = (int)(sizeof(json_cols) / sizeof(json_cols[0]));
		memcpy(sel, json_cols, sizeof(json_cols));
	} else {
		nsel = (int)(sizeof(default_cols) / sizeof(default_cols[0]));
		memcpy(sel, default_cols, sizeof(default_cols));
	}
	for (int i = 0; i < nsel; i++)
		if (sel[i] == COL_PIDS)
			flags |= PIDBOX_PIDNS_SCAN_PIDS;
	r = pidbox_pidns_scan(flags, &list);
	if (r < 0)
		return cli_proc_failed("ls", r);
	r = print_ls(list, sel, (size_t)nsel, json, noheadings);
	pidbox_pidnslist_free(list);
	if (r < 0) {
		cli_error_errno("ls", r, NULL, "cannot print the list");
		return CLI_EXIT_ERROR;
	}
	return cli_close_stdout("ls", 0);
}
