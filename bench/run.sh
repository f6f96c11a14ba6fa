#!/usr/bin/env bash
# Every benchmark under bench/, each printing a table of medians and ratios.
set -eu
cd "$(dirname "$0")/.."
for b in bench/*.sh; do
	case "$b" in bench/run.sh | bench/lib.sh) continue ;; esac
	bash "$b"
	echo
done
