#!/usr/bin/env bash
# pidbox init against tini, tini-static, dumb-init and catatonit, side by
# side in one run: idle memory, launch overhead, reaping throughput and
# signal forwarding latency.  BENCH_QUICK=1 makes it short (fewer orphans
# and round trips; the full run is what the numbers in the docs come from).
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
. bench/lib.sh
need_pkg tini tini
need_pkg dumb-init dumb-init
need_pkg catatonit catatonit
need_pkg unshare util-linux
if [ "${BENCH_QUICK:-}" = 1 ]; then
	ORPHANS=10000 LAUNCHES=100 TRIPS=1000 ROUNDS=1
else
	ORPHANS=100000 LAUNCHES=300 TRIPS=5000 ROUNDS=3
fi
PS=$BUILD/pidbox-static
PD=$BUILD/pidbox
# Each init as its users start it: LABEL then the command prefix.
labels=(pidbox-static pidbox tini tini-static dumb-init catatonit)
declare -A prefix=(
	[pidbox-static]="$PS init --" [pidbox]="$PD init --" [tini]="tini -s --"
	[tini-static]="tini-static -s --" [dumb-init]="dumb-init" [catatonit]="catatonit --"
)

# Joins every init's prefix + ARGS into cmdtime/siglat's "LABEL CMD ::: ..." form.
subjects() { # ARGS...
	local l sep=""
	for l in "${labels[@]}"; do
		printf '%s%s %s' "$sep" "$l" "${prefix[$l]}"
		[ $# -gt 0 ] && printf ' %s' "$@"
		sep=" ::: "
	done
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "== init: idle resident memory of the init while its command sleeps (median of 5)"
for l in "${labels[@]}"; do
	for _ in 1 2 3 4 5; do
		${prefix[$l]} sleep 1000 &
		pid=$!
		sleep 0.3
		awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"
		kill -TERM "$pid"
		wait "$pid" 2>/dev/null || true
	done | median | sed "s/^/$l /"
done | awk -v base=catatonit '
	{ label[NR] = $1; kb[NR] = $2; if ($1 == base) b = $2 }
	END {
		printf "%-16s %10s %10s\n", "init", "VmRSS", "ratio"
		for (i = 1; i <= NR; i++)
			printf "%-16s %7d kB %9.2fx\n", label[i], kb[i], b ? kb[i] / b : 0
	}'
echo

echo "== init: launch overhead, INIT -- /bin/true, start to exit (median of $LAUNCHES, interleaved)"
# shellcheck disable=SC2046
"$BUILD/bench/cmdtime" -n "$LAUNCHES" -w 20 true /bin/true ::: $(subjects /bin/true) |
	ratio_table catatonit
echo

echo "== init: reaping throughput, $ORPHANS orphans abandoned by the command, as PID 1 of a"
echo "   PID namespace (median of $ROUNDS rounds, interleaved; higher is better)"
for ((r = 0; r < ROUNDS; r++)); do
	for l in "${labels[@]}"; do
		out=$(unshare --fork --pid --mount-proc ${prefix[$l]} "$BUILD/bench/reapload" "$ORPHANS")
		echo "$l ${out%% *}"
	done
done | awk -v base=tini '
	{ if (!($1 in n)) order[++k] = $1; v[$1, ++n[$1]] = $2 }
	END {
		for (i = 1; i <= k; i++) {
			l = order[i]; m = n[l]
			for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++)
				if (v[l, b] < v[l, a]) { t = v[l, a]; v[l, a] = v[l, b]; v[l, b] = t }
			med[l] = v[l, int((m + 1) / 2)]
		}
		printf "%-16s %14s %10s\n", "init", "orphans/s", "ratio"
		for (i = 1; i <= k; i++)
			printf "%-16s %14.0f %9.2fx\n", order[i], med[order[i]], med[order[i]] / med[base]
	}'
echo

echo "== init: signal forwarding latency, kill(init) until the command's handler ran"
echo "   ($TRIPS round trips each, one at a time, interleaved; direct: no init)"
# shellcheck disable=SC2046
"$BUILD/bench/siglat" -n "$TRIPS" direct ::: $(subjects) | ratio_table tini
echo
echo "== init: the same, every process on one CPU (taskset -c 0): the init's own cost,"
echo "   without the cross-CPU wake-ups that dominate the numbers above on a VM"
# shellcheck disable=SC2046
taskset -c 0 "$BUILD/bench/siglat" -n "$TRIPS" direct ::: $(subjects) | ratio_table tini
