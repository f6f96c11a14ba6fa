#!/usr/bin/env bash
# Installs what the tests (or, with "demo", the demo) need on a fresh Debian
# machine, when it is missing and we are root.  Prints what it installs.
set -eu
# COMMAND:PACKAGE, needed by every run of the suite
want=(ps:procps setpriv:util-linux musl-gcc:musl-tools bash:bash timeout:coreutils jq:jq)
# COMMAND:PACKAGE, or =PACKAGE when the package itself must be there (not
# another that provides the same command); only for tests that run as root
# (the podman tests of pidbox init), so installed only by root
root_want=(podman:podman runc:runc =busybox-static)
if [ "${1:-}" = demo ]; then
	want=(ps:procps)
	root_want=()
fi
installed() { # PACKAGE
	dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}
missing=()
for pair in "${want[@]}"; do
	command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	for pair in "${root_want[@]}"; do
		case $pair in
		=*) installed "${pair#=}" || missing+=("${pair#=}") ;;
		*) command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}") ;;
		esac
	done
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "tests/deps.sh: missing packages: ${missing[*]} (install them, or run as root on Debian)" >&2
	exit 1
fi
echo "tests/deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
	{ apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
