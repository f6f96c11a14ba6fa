#!/usr/bin/env bash
# Seeing inside, at scale: with 1000 PID namespaces alive (500 boxes side by
# side, 50 chains of 10 nested ones) and about 5000 processes, pidbox ls side
# by side with lsns -t pid, and pidbox ps with ps -e -o pid,stat,comm, in one
# interleaved run each.  Everything started here ends here.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
N=${BENCH_RUNS:-30}
FLAT=${BENCH_FLAT:-500}
CHAINS=${BENCH_CHAINS:-50}
DEPTH=${BENCH_DEPTH:-10}
. bench/lib.sh
need_pkg lsns util-linux
need_pkg ps procps
P=$PWD/$BUILD/pidbox

boxes=()
cleanup() {
	[ ${#boxes[@]} -gt 0 ] || return 0
	# each pidbox run passes TERM to its box; the box dies with it anyway
	kill -TERM "${boxes[@]}" 2>/dev/null || true
	wait "${boxes[@]}" 2>/dev/null || true
	boxes=()
}
trap cleanup EXIT INT TERM

namespaces() { "$P" ls -n -o ns | wc -l; }
before_ns=$(namespaces)
before_procs=$(ls /proc | grep -c '^[0-9]')
want_ns=$((FLAT + CHAINS * DEPTH))

# Side by side: 5 sleeps in each box.
for ((i = 0; i < FLAT; i++)); do
	"$P" run --grace 0 -- sh -c 'sleep 900 & sleep 900 & sleep 900 & sleep 900 & exec sleep 900' \
		</dev/null >/dev/null 2>&1 &
	boxes+=($!)
done
# Nested: DEPTH boxes, one in the other, 8 sleeps in the innermost.
chain=()
for ((d = 0; d < DEPTH; d++)); do chain+=("$P" run --grace 0 --); done
for ((i = 0; i < CHAINS; i++)); do
	"${chain[@]}" sh -c 'for i in 1 2 3 4 5 6 7; do sleep 900 & done; exec sleep 900' \
		</dev/null >/dev/null 2>&1 &
	boxes+=($!)
done
# Every box has started once all its sleeps have.
want_sleeps=$((FLAT * 5 + CHAINS * 8))
sleeps() { pgrep -cfx 'sleep 900' || true; }
for ((t = 0; t < 1200; t++)); do
	[ "$(sleeps)" -ge "$want_sleeps" ] && break
	sleep 0.5
done
if [ "$(sleeps)" -lt "$want_sleeps" ]; then
	echo "bench: only $(sleeps) of $want_sleeps sleeps started" >&2
	exit 1
fi
now_ns=$(namespaces)
now_procs=$(ls /proc | grep -c '^[0-9]')
echo "== inspect: $now_ns PID namespaces, $now_procs processes alive ($want_ns boxes and $want_sleeps sleeps started here)"

# lsns exits 1 when a process vanishes under it (other work on the machine
# may come and go): every command runs as sh -c 'CMD || true', so that such
# a run still counts, and all of them pay the same for the shell.
S=$PWD/$BUILD/pidbox-static
echo "-- pidbox ls vs lsns -t pid (median of $N, interleaved)"
"$BUILD/bench/cmdtime" -n "$N" -w 3 \
	pidbox-ls sh -c "'$P' ls || true" ::: \
	pidbox-ls-static sh -c "'$S' ls || true" ::: \
	lsns sh -c "lsns -t pid || true" |
	ratio_table lsns
echo "-- pidbox ps vs ps -e -o pid,stat,comm (median of $N, interleaved)"
"$BUILD/bench/cmdtime" -n "$N" -w 3 \
	pidbox-ps sh -c "'$P' ps || true" ::: \
	pidbox-ps-static sh -c "'$S' ps || true" ::: \
	ps sh -c "ps -e -o pid,stat,comm || true" |
	ratio_table ps
cleanup
for ((t = 0; t < 100; t++)); do
	[ "$(namespaces)" -le "$before_ns" ] && break
	sleep 0.2
done
echo "-- cleaned up: $(namespaces) PID namespaces left (there were $before_ns)"
