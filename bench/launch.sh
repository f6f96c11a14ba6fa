#!/usr/bin/env bash
# Launch: start to exit of a box running /bin/true, pidbox (dynamic and
# static) side by side with unshare and bwrap, in one interleaved run.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
N=${BENCH_RUNS:-300}
. bench/lib.sh
need_pkg unshare util-linux
need_pkg bwrap bubblewrap
echo "== launch: start to exit of a box running /bin/true (median of $N, interleaved)"
"$BUILD/bench/cmdtime" -n "$N" -w 30 \
	pidbox-static "$BUILD/pidbox-static" run -- /bin/true ::: \
	pidbox "$BUILD/pidbox" run -- /bin/true ::: \
	unshare unshare --fork --pid --mount-proc /bin/true ::: \
	bwrap bwrap --unshare-pid --dev-bind / / --proc /proc /bin/true ::: \
	true-alone /bin/true |
	ratio_table unshare
# true-alone is the floor every row pays: fork, exec and glibc's start-up of
# /bin/true (its CPU-feature probing is costly in a VM).  Subtract it to
# compare what each tool itself costs.
