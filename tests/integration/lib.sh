# Assertions for integration tests.  Each test is a function t_NAME run by
# harness.sh in its own bash; a failed assertion ends it with status 1, and
# `skip REASON` ends it with 77.

fail() {
	echo "FAILED: $*" >&2
	exit 1
}

skip() {
	echo "skip: $*"
	exit 77
}

assert_eq() { # EXPECTED ACTUAL WHAT
	[ "$1" = "$2" ] || fail "$3: expected '$1', got '$2'"
}

assert_ne() { # UNEXPECTED ACTUAL WHAT
	[ "$1" != "$2" ] || fail "$3: did not expect '$1'"
}

assert_contains() { # HAYSTACK NEEDLE WHAT
	case "$1" in *"$2"*) ;; *) fail "$3: '$2' not in: $1" ;; esac
}

assert_not_contains() { # HAYSTACK NEEDLE WHAT
	case "$1" in *"$2"*) fail "$3: '$2' unexpectedly in: $1" ;; *) ;; esac
}

assert_match() { # TEXT REGEX WHAT
	printf '%s\n' "$1" | grep -Eq -- "$2" || fail "$3: '$1' does not match /$2/"
}

assert_le() { # A B WHAT
	[ "$1" -le "$2" ] || fail "$3: $1 > $2"
}

assert_one_line() { # TEXT WHAT
	[ "$(printf '%s\n' "$1" | wc -l)" -eq 1 ] || fail "$2: expected one line, got: $1"
}

# Runs a command, storing its stdout, stderr and status in OUT, ERR, RC.
capture() {
	local o e
	o=$(mktemp) e=$(mktemp)
	"$@" >"$o" 2>"$e"
	RC=$?
	OUT=$(cat "$o")
	ERR=$(cat "$e")
	rm -f "$o" "$e"
}

# Waits until a command succeeds, at most SECONDS.
wait_for() { # SECONDS CMD...
	local limit=$(($1 * 20)) i
	shift
	for ((i = 0; i < limit; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# The host PID of the process whose command line contains MARKER (one only).
host_pid_of() { # MARKER
	local p
	for p in /proc/[0-9]*; do
		if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$1"; then
			case "$(cat "$p/comm" 2>/dev/null)" in pidbox | timeout | bash) continue ;; esac
			echo "${p#/proc/}"
			return 0
		fi
	done
	return 1
}

# True when no process of that MARKER is left.
gone() { # MARKER
	! host_pid_of "$1" >/dev/null
}

nspid_of() { # PID
	awk '/^NSpid:/ { $1 = ""; sub(/^ /, ""); print }' "/proc/$1/status"
}

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}
