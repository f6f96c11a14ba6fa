/* SPDX-License-Identifier: MIT */
/* What ps, ls and pid share: naming namespaces, columns, trees, JSON. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "inspect.h"
#include "pidbox.h"

/*
 * Box names come from the state directory (pidbox run --name, pod create):
 * each record is opened and checked through a pidfd, so a stale record never
 * names a namespace.  Read once per command: a listing is a snapshot.
 */
struct box_name_entry {
	uint64_t ns;
	char name[PIDBOX_NAME_MAX + 1];
};

static struct box_name_entry *box_names;
static size_t box_names_count;
static bool box_names_read;

static void read_box_names(void)
{
	char **names = NULL;
	size_t count = 0;

	box_names_read = true;
	if (pidbox_names_list(NULL, &names, &count) < 0 || count == 0)
		return;
	box_names = calloc(count, sizeof(*box_names));
	for (size_t i = 0; box_names && i < count; i++) {
		struct pidbox_named *n;

		if (pidbox_named_open(NULL, names[i], &n) < 0)
			continue; /* gone, starting, or stale: no name to show */
		box_names[box_names_count].ns = pidbox_named_pidns(n);
		snprintf(box_names[box_names_count].name, sizeof(box_names[0].name), "%s",
			 names[i]);
		box_names_count++;
		pidbox_named_free(n);
	}
	pidbox_names_free(names, count);
}

const char *cli_box_name(uint64_t ns_inode)
{
	if (!box_names_read)
		read_box_names();
	for (size_t i = 0; i < box_names_count; i++)
		if (box_names[i].ns == ns_inode)
			return box_names[i].name;
	return NULL;
}

/* The PID namespace of the box named name, opened and checked against its
 * record; failures are reported here, as every command that takes a box
 * name reports them.  Returns the fd or -(exit status). */
static int box_open_pidns(const char *cmd, const char *name)
{
	struct pidbox_named *n;
	uint64_t inode;
	unsigned int depth;
	int fd, r;

	r = cli_open_named(cmd, name, &n, CLI_EXIT_ERROR, CLI_EXIT_USAGE);
	if (r != 0)
		return -r;
	fd = pidbox_pidns_open_pid(pidbox_named_pid(n));
	if (fd >= 0 && (pidbox_pidns_info(fd, &inode, &depth) < 0 ||
			inode != pidbox_named_pidns(n))) {
		close(fd);
		fd = -ESRCH;
	}
	if (fd < 0) {
		cli_error(cmd, "box %s is gone (it ended meanwhile)", name);
		fd = -CLI_EXIT_ERROR;
	}
	pidbox_named_free(n);
	return fd;
}

/* A box name, not a PID: the state directory's rule, and not only digits. */
static bool is_box_name(const char *s)
{
	return pidbox_name_check(s) == 0 && strspn(s, "0123456789") != strlen(s);
}

bool cli_parse_pid(const char *text, pid_t *pid)
{
	int v;

	if (!cli_parse_uint(text, INT_MAX, &v) || v < 1)
		return false;
	*pid = (pid_t)v;
	return true;
}

void cli_thread_error(const char *cmd, pid_t pid)
{
	/* pidfd_open() refuses a thread that does not lead its group */
	cli_error(cmd, "%d is a thread, not a process (give its process ID: Tgid in /proc/%d/status)",
		  (int)pid, (int)pid);
}

int cli_open_pidns(const char *cmd, const char *arg)
{
	uint64_t inode;
	unsigned int depth;
	pid_t pid;
	int fd, r;

	if (*arg >= '0' && *arg <= '9' && strspn(arg, "0123456789") == strlen(arg)) {
		if (!cli_parse_pid(arg, &pid)) {
			cli_error(cmd, "'%s' is not a valid PID", arg);
			return -CLI_EXIT_USAGE;
		}
		fd = pidbox_pidns_open_pid(pid);
		if (fd == -EINVAL) {
			cli_thread_error(cmd, pid);
			return -CLI_EXIT_ERROR;
		}
		if (fd == -ESRCH) {
			cli_error_errno(cmd, fd, "see pidbox ps", "cannot find process %d",
					(int)pid);
			return -CLI_EXIT_ERROR;
		}
		if (fd < 0) {
			cli_error_errno(cmd, fd, fd == -EACCES ? "run as root" : NULL,
					"cannot open the PID namespace of process %d", (int)pid);
			return -CLI_EXIT_ERROR;
		}
	} else if (strchr(arg, '/')) {
		fd = pidbox_pidns_open_path(arg);
		if (fd == -EINVAL) {
			cli_error(cmd, "'%s' is not a PID namespace (give /proc/PID/ns/pid or a "
				  "bind mount of one)", arg);
			return -CLI_EXIT_USAGE;
		}
		if (fd < 0) {
			cli_error_errno(cmd, fd, NULL, "cannot open '%s'", arg);
			return -CLI_EXIT_ERROR;
		}
	} else if (is_box_name(arg)) {
		fd = box_open_pidns(cmd, arg);
		if (fd < 0)
			return fd;
	} else {
		cli_error(cmd, "'%s' is neither a PID, a box name nor a path", arg);
		return -CLI_EXIT_USAGE;
	}
	r = pidbox_pidns_info(fd, &inode, &depth);
	if (r < 0) {
		close(fd);
		if (r == -EXDEV)
			cli_error(cmd,
				  "'%s' is a PID namespace outside yours (only yours and those "
				  "below it can be seen)",
				  arg);
		else
			cli_error_errno(cmd, r, NULL, "cannot place the PID namespace of '%s'",
					arg);
		return -CLI_EXIT_ERROR;
	}
	return fd;
}

int cli_proc_failed(const char *cmd, int err)
{
	cli_error_errno(cmd, err, err == -ENOENT ? "is /proc mounted, and does it show you?" : NULL,
			"cannot read /proc");
	return CLI_EXIT_ERROR;
}

int cli_parse_columns(const char *cmd, const char *list, const struct cli_column *cols,
		      size_t ncols, int *out, size_t max)
{
	const char *p = list;
	size_t n = 0;

	for (;;) {
		size_t len = strcspn(p, ","), i;

		for (i = 0; i < ncols; i++)
			if (strlen(cols[i].name) == len && strncasecmp(cols[i].name, p, len) == 0)
				break;
		if (i == ncols || n == max) {
			char names[512] = "";

			for (size_t k = 0; k < ncols; k++) {
				strncat(names, k ? "," : "", sizeof(names) - strlen(names) - 1);
				strncat(names, cols[k].name, sizeof(names) - strlen(names) - 1);
			}
			if (i == ncols)
				cli_error(cmd, "unknown column '%.*s' (columns: %s)", (int)len, p,
					  names);
			else
				cli_error(cmd, "too many columns in '%s'", list);
			return -1;
		}
		out[n++] = (int)i;
		if (!p[len])
			break;
		p += len + 1;
	}
	return (int)n;
}

void cli_print_columns(FILE *out, const struct cli_column *cols, size_t ncols)
{
	fputs("\nColumns (-o):\n", out);
	for (size_t i = 0; i < ncols; i++)
		fprintf(out, " %-10s %s\n", cols[i].name, cols[i].help);
}

void cli_table_init(struct cli_table *t, const struct cli_column *cols, const int *sel,
		    size_t nsel)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->sel = sel;
	t->nsel = nsel;
}

int cli_table_add(struct cli_table *t, char **cells)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		char **nc = realloc(t->cells, cap * t->nsel * sizeof(*nc));

		if (!nc) {
			for (size_t i = 0; i < t->nsel; i++)
				free(cells[i]);
			return -ENOMEM;
		}
		t->cells = nc;
		t->cap = cap;
	}
	memcpy(&t->cells[t->nrows * t->nsel], cells, t->nsel * sizeof(*cells));
	t->nrows++;
	return 0;
}

/* Display columns of UTF-8 text (every code point counts one). */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* Writes s, at most *room display columns of it (no limit when !limit). */
static void put_cut(const char *s, size_t *room, bool limit)
{
	for (; *s; s++) {
		bool starts = ((unsigned char)*s & 0xc0) != 0x80;

		if (limit && starts) {
			if (*room == 0)
				return;
			(*room)--;
		}
		putchar(*s);
	}
}

static void print_line(struct cli_table *t, const char *const *cells, const size_t *widths,
		       size_t width)
{
	size_t room = width;
	bool limit = width > 0;

	for (size_t c = 0; c < t->nsel; c++) {
		const char *s = cells[c] ? cells[c] : "";
		size_t pad = widths[c] - text_width(s);
		bool last = c + 1 == t->nsel;

		if (c > 0)
			put_cut(" ", &room, limit);
		if (t->cols[t->sel[c]].right)
			for (size_t i = 0; i < pad; i++)
				put_cut(" ", &room, limit);
		put_cut(s, &room, limit);
		if (!t->cols[t->sel[c]].right && !last)
			for (size_t i = 0; i < pad; i++)
				put_cut(" ", &room, limit);
	}
	putchar('\n');
}

void cli_table_print(struct cli_table *t, bool noheadings, size_t width)
{
	size_t *widths = calloc(t->nsel ? t->nsel : 1, sizeof(*widths));
	const char *heads[64];

	if (!widths || t->nsel > 64) {
		free(widths);
		return;
	}
	for (size_t c = 0; c < t->nsel; c++) {
		heads[c] = t->cols[t->sel[c]].header;
		widths[c] = noheadings ? 0 : text_width(heads[c]);
	}
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->nsel; c++) {
			const char *s = t->cells[r * t->nsel + c];
			size_t w = s ? text_width(s) : 0;

			if (w > widths[c])
				widths[c] = w;
		}
	if (!noheadings)
		print_line(t, heads, widths, width);
	for (size_t r = 0; r < t->nrows; r++)
		print_line(t, (const char *const *)&t->cells[r * t->nsel], widths, width);
	free(widths);
}

void cli_table_free(struct cli_table *t)
{
	for (size_t i = 0; i < t->nrows * t->nsel; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

size_t cli_output_width(void)
{
	struct winsize ws;
	const char *env;
	int cols;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	env = getenv("COLUMNS");
	if (env && cli_parse_uint(env, 100000, &cols) && cols > 0)
		return (size_t)cols;
	return 80;
}

/* The length of the valid UTF-8 sequence at s (1..4), 0 when broken. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

char *cli_printable(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *out = malloc(len + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t n = utf8_len(u);

		if (n == 0 || (n == 1 && (u[0] < 0x20 || u[0] == 0x7f)) ||
		    (n == 2 && u[0] == 0xc2 && u[1] < 0xa0)) {
			out[o++] = '?'; /* a control character, or broken */
			i++;
			continue;
		}
		memcpy(out + o, u, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
	return out;
}

char *cli_format(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	return r < 0 ? NULL : s;
}

void cli_json_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	putc('"', out);
	while (*s) {
		const unsigned char *u = (const unsigned char *)s;
		size_t n = utf8_len(u);

		if (n == 0) {
			fputs("\\ufffd", out);
			s++;
		} else if (n > 1) {
			fwrite(s, 1, n, out);
			s += n;
		} else {
			if (*u == '"' || *u == '\\')
				fprintf(out, "\\%c", *u);
			else if (*u == '\n')
				fputs("\\n", out);
			else if (*u == '\t')
				fputs("\\t", out);
			else if (*u < 0x20 || *u == 0x7f)
				fprintf(out, "\\u%04x", *u);
			else
				putc(*u, out);
			s++;
		}
	}
	putc('"', out);
}

/* Box-drawing characters when the locale speaks UTF-8, ASCII otherwise. */
static bool utf8_locale(void)
{
	const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return false;
}

int cli_tree(size_t n, const size_t *parent, size_t *order, char **prefix)
{
	bool utf8 = utf8_locale();
	const char *mid = utf8 ? "├─" : "|-", *end = utf8 ? "└─" : "`-";
	const char *bar = utf8 ? "│ " : "| ", *gap = "  ";
	size_t *first = malloc((n + 1) * sizeof(*first)), *next = malloc((n + 1) * sizeof(*next));
	size_t *stack = malloc((n + 1) * sizeof(*stack)), *level = calloc(n + 1, sizeof(*level));
	bool *more = calloc(n + 2, sizeof(*more)), *is_last = calloc(n + 1, sizeof(*is_last));
	size_t top = 0, done = 0;
	int r = -ENOMEM;

	if (!first || !next || !stack || !level || !more || !is_last)
		goto out;
	for (size_t i = 0; i < n; i++)
		first[i] = SIZE_MAX;
	for (size_t i = n; i-- > 0;) {
		if (parent[i] != SIZE_MAX && parent[i] < n && parent[i] != i) {
			next[i] = first[parent[i]];
			first[parent[i]] = i;
		} else {
			stack[top++] = i;
		}
	}
	while (top > 0 && done < n) {
		size_t i = stack[--top], kids = 0, len = 0;
		char *p;

		order[done++] = i;
		/* more[d]: whether the item at level d still has siblings to come */
		if (level[i] > 0)
			more[level[i]] = !is_last[i];
		p = malloc(level[i] * strlen(mid) + 1);
		if (!p)
			goto out;
		for (size_t d = 1; d <= level[i]; d++) {
			const char *g = d < level[i]  ? (more[d] ? bar : gap)
					: is_last[i] ? end
						     : mid;

			memcpy(p + len, g, strlen(g));
			len += strlen(g);
		}
		p[len] = '\0';
		prefix[i] = p;
		for (size_t c = first[i]; c != SIZE_MAX; c = next[c])
			kids++;
		for (size_t c = first[i], k = 0; c != SIZE_MAX; c = next[c], k++) {
			stack[top + kids - 1 - k] = c;
			level[c] = level[i] + 1;
			is_last[c] = next[c] == SIZE_MAX;
		}
		top += kids;
	}
	/* never lose an item, whatever parent[] says */
	for (size_t i = 0; i < n && done < n; i++) {
		bool seen = false;

		for (size_t k = 0; k < done && !seen; k++)
			seen = order[k] == i;
		if (!seen) {
			order[done++] = i;
			prefix[i] = strdup("");
		}
	}
	r = 0;
out:
	free(first);
	free(next);
	free(stack);
	free(level);
	free(more);
	free(is_last);
	return r;
}
