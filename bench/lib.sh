# Shared by the benchmark scripts.

# Installs a Debian package when its command is missing (as root).
need_pkg() { # COMMAND PACKAGE
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "bench: $1 is missing: install $2" >&2
		exit 1
	fi
	echo "bench: installing $2" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
}

# Reads "LABEL median p10 p90 p99 runs" lines (µs) and prints a table with
# each median's ratio to the BASE label's.
ratio_table() { # BASE
	awk -v base="$1" '
	{ label[NR] = $1; med[NR] = $2; p10[NR] = $3; p90[NR] = $4; p99[NR] = $5; if ($1 == base) b = $2 }
	END {
		printf "%-16s %12s %10s %10s %10s %10s\n", "command", "median", "p10", "p90", "p99", "ratio"
		for (i = 1; i <= NR; i++)
			printf "%-16s %9.0f µs %7.0f µs %7.0f µs %7.0f µs %9.2fx\n", label[i], med[i], p10[i], p90[i], p99[i], b ? med[i] / b : 0
	}'
}
