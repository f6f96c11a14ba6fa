#!/usr/bin/env bash
# Runs every t_* function of one integration test file, each in a process
# of its own with a time limit, a fresh directory, and a tag in its
# environment; then audits what the test left behind: any process that
# still carries the tag, any change to the mount table, any state file.
# Prints PASS/FAIL/SKIP lines.
set -u
file=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
filter=${2:-}
suite=$(basename "$file" .sh)
suite=${suite#test_}
here=$(cd "$(dirname "$0")" && pwd)

tagged_processes() {
	grep -lsz -x "PIDBOX_TEST_TAG=$1" /proc/[0-9]*/environ | cut -d/ -f3
}

state_files() {
	ls -A /run/pidbox 2>/dev/null | sort
}

mount_table() {
	awk '{print $5, $9, $10}' /proc/self/mountinfo | sort
}

funcs=$(bash -c "source '$here/lib.sh'; source '$file'; declare -F" | awk '{print $3}' | grep '^t_' || true)
for fn in $funcs; do
	name="$suite.${fn#t_}"
	case "$name" in *"$filter"*) ;; *) continue ;; esac
	tag="$suite-${fn#t_}-$$-$RANDOM"
	dir=$(mktemp -d /tmp/pidbox-test.XXXXXX)
	chmod 755 "$dir"
	mounts_before=$(mount_table)
	state_before=$(state_files)
	out="$dir/.out"
	(
		cd "$dir" || exit 1
		export PIDBOX_TEST_TAG=$tag TESTDIR=$dir
		exec timeout -s KILL "${PIDBOX_TEST_TIMEOUT:-120}" bash -c \
			"source '$here/lib.sh'; source '$file'; set -u; $fn" </dev/null
	) >"$out" 2>&1
	rc=$?
	# Leftovers: a box ends asynchronously after SIGKILL, so allow it a moment.
	left=""
	for _ in $(seq 1 40); do
		left=$(tagged_processes "$tag")
		[ -z "$left" ] && break
		sleep 0.05
	done
	verdict=PASS
	reason=""
	if [ "$rc" -eq 77 ]; then
		verdict=SKIP
		reason=$(grep '^skip: ' "$out" | tail -1 | sed 's/^skip: //')
	elif [ "$rc" -ne 0 ]; then
		verdict=FAIL
		reason="exit $rc"
		[ "$rc" -eq 137 ] && reason="timed out"
	fi
	if [ -n "$left" ]; then
		verdict=FAIL
		reason="$reason; left processes behind: $(for p in $left; do
			printf '%s(%s) ' "$p" "$(cat /proc/$p/comm 2>/dev/null)"; done)"
		for p in $left; do kill -KILL "$p" 2>/dev/null; done
	fi
	if [ "$(mount_table)" != "$mounts_before" ]; then
		verdict=FAIL
		reason="$reason; the host's mount table changed"
	fi
	if [ "$(state_files)" != "$state_before" ]; then
		verdict=FAIL
		reason="$reason; left state files in /run/pidbox"
	fi
	echo "$verdict $name${reason:+ ($reason)}"
	if [ "$verdict" = FAIL ]; then
		sed 's/^/    | /' "$out" | tail -25
	fi
	rm -rf "$dir"
done
