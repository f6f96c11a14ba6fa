#!/usr/bin/env bash
# The whole suite: unit tests of lib/, then integration tests of the CLI.
# Ends with one line: "N passed, N failed, N skipped".  With CI=true a skip
# counts as a failure: in CI, as root, every path must really run.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export PIDBOX_ROOT=$PWD
export PIDBOX=${PIDBOX:-$PWD/$BUILD/pidbox}
export PIDBOX_STATIC=${PIDBOX_STATIC:-$PWD/$BUILD/pidbox-static}
export HELPERS=$PWD/$BUILD/tests/helpers
export UNIT_DIR=$PWD/$BUILD/tests
export EXAMPLES=$PWD/$BUILD/examples
# Sanitizer runtimes must not hide a failure, and leak checks do not work
# in a process that is PID 1 of a namespace.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

filter=${1:-}
results=$(mktemp)
trap 'rm -f "$results"' EXIT

for t in "$UNIT_DIR"/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	case "$name" in *"$filter"*) ;; *) continue ;; esac
	timeout -s KILL 300 "$t" 2>&1 | tee -a "$results" | grep -v '^PASS' || true
done
for t in "$UNIT_DIR"/fuzz_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	case "$name" in *"$filter"*) ;; *) continue ;; esac
	corpus=tests/fuzz/corpus/${name#fuzz_}
	if timeout -s KILL 300 "$t" "$corpus" >/dev/null 2>&1; then
		echo "PASS $name (corpus replay)" >>"$results"
	else
		echo "FAIL $name (corpus replay)" | tee -a "$results"
	fi
done
for f in tests/integration/test_*.sh; do
	bash tests/integration/harness.sh "$f" "$filter" 2>&1 | tee -a "$results" | grep -v '^PASS' || true
done

passed=$(grep -c '^PASS' "$results")
failed=$(grep -c '^FAIL' "$results")
skipped=$(grep -c '^SKIP' "$results")
if [ "${CI:-}" = true ] && [ "$skipped" -gt 0 ]; then
	echo "CI=true: these skips count as failures:"
	grep '^SKIP' "$results"
	failed=$((failed + skipped))
	skipped=0
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
