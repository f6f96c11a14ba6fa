#!/usr/bin/env bash
# Installs what the tests (or, with "demo", the demo) need on a fresh Debian
# machine, when it is missing and we are root.  Prints what it installs.
set -eu
want=(ps:procps setpriv:util-linux musl-gcc:musl-tools bash:bash timeout:coreutils jq:jq)
if [ "${1:-}" = demo ]; then
	want=(ps:procps)
fi
missing=()
for pair in "${want[@]}"; do
	command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "tests/deps.sh: missing packages: ${missing[*]} (install them, or run as root on Debian)" >&2
	exit 1
fi
echo "tests/deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
	{ apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
