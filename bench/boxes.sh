#!/usr/bin/env bash
# Named boxes: entering a running box, and stopping a box of 1000 processes.
#  1. pidbox enter NAME -- /bin/true, side by side with nsenter -t PID -p -m
#     /bin/true on the same box (interleaved medians).
#  2. pidbox stop NAME of a box holding 1000 processes: the time until nothing
#     is left in it, beside the kernel's floor: SIGKILL to the init and a wait
#     until its namespace is empty.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
N=${BENCH_RUNS:-300}
STOP_RUNS=${BENCH_STOP_RUNS:-7}
PB=$PWD/$BUILD/pidbox
. bench/lib.sh
need_pkg nsenter util-linux
name=bench-enter-$$
stop_name=bench-stop-$$
trap '"$PB" stop --grace 0 "$name" >/dev/null 2>&1; "$PB" stop --grace 0 "$stop_name" >/dev/null 2>&1' EXIT

read -r _ init < <("$PB" run --name "$name" --detach -- sleep 100000)
echo "== enter: a running box, /bin/true inside (median of $N, interleaved)"
"$BUILD/bench/cmdtime" -n "$N" -w 30 \
	pidbox-static "$BUILD/pidbox-static" enter "$name" -- /bin/true ::: \
	pidbox "$PB" enter "$name" -- /bin/true ::: \
	pidbox-by-pid "$PB" enter "$init" -- /bin/true ::: \
	nsenter nsenter -t "$init" -p -m /bin/true |
	ratio_table nsenter
"$PB" stop --grace 0 "$name"

now_us() { echo $(($(date +%s%N) / 1000)); }

# Starts a box of 1000 sleeping processes and waits until all are there;
# prints its init's PID.
start_1000() {
	local init n
	read -r _ init < <("$PB" run --name "$stop_name" --detach -- sh -c \
		'i=0; while [ $i -lt 1000 ]; do sleep 100000 & i=$((i + 1)); done; wait')
	for _ in $(seq 1 600); do
		n=$("$PB" enter "$init" -- sh -c 'ls /proc | grep -c "^[0-9]"' 2>/dev/null || echo 0)
		# the init, sh, 1000 sleeps, and the enter's own sh and ls/grep
		[ "$n" -ge 1004 ] && break
		sleep 0.05
	done
	echo "$init"
}

# "label median p10 p90 p99 runs" from microsecond samples
summarize() { # LABEL SAMPLE...
	local label=$1
	shift
	printf '%s\n' "$@" | sort -n | awk -v l="$label" '{ v[NR] = $1 } END {
		printf "%s %.1f %.1f %.1f %.1f %d\n", l, v[int(NR / 2) + 1], v[int(NR / 10) + 1],
			v[int(NR * 9 / 10) + 1], v[int(NR * 99 / 100) + 1], NR }'
}

echo
echo "== stop: a box of 1000 processes, until nothing is left (median of $STOP_RUNS)"
stop_us=() kill_us=()
for _ in $(seq 1 "$STOP_RUNS"); do
	start_1000 >/dev/null
	t0=$(now_us)
	"$PB" stop --grace 5 "$stop_name"
	stop_us+=($(($(now_us) - t0)))

	init=$(start_1000)
	ns=$(readlink "/proc/$init/ns/pid")
	t0=$(now_us)
	kill -KILL "$init"
	# the kernel's floor: the namespace is empty once its init is reaped
	while [ -e "/proc/$init/ns" ] && [ "$(readlink "/proc/$init/ns/pid" 2>/dev/null)" = "$ns" ]; do :; done
	kill_us+=($(($(now_us) - t0)))
	for _ in $(seq 1 100); do [ -e "/run/pidbox/$stop_name.box" ] || break; sleep 0.02; done
done
{
	summarize "pidbox-stop" "${stop_us[@]}"
	summarize "kill-9-init" "${kill_us[@]}"
} | ratio_table kill-9-init
