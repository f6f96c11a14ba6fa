#!/bin/sh
# make demo: a box seen from inside and from the host.
set -eu
PIDBOX=${PIDBOX:-build/pidbox}
echo "== inside: pidbox run -- sh -c '...'"
"$PIDBOX" run -- sh -c '
	echo "my PID is $$, my namespace is $(readlink /proc/self/ns/pid)"
	sleep 2.5 &
	echo "a child in the background has PID $!"
	echo "ps -e inside the box (the host has $(cat /proc/loadavg | cut -d" " -f4 | cut -d/ -f2) processes):"
	ps -e -o pid,ppid,stat,comm
	wait' &
box=$!
sleep 1
echo "== from the host: the same processes, under their host PIDs"
init=$(cut -d" " -f1 /proc/$box/task/$box/children)
ns=$(readlink /proc/$init/ns/pid)
in_box() {
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$ns" ] && echo "${p#/proc/}"
	done
	return 0
}
for pid in $(in_box); do
	printf '%-8s host PID %-8s %s\n' "$(cat /proc/$pid/comm)" "$pid" \
		"$(grep NSpid /proc/$pid/status | tr -s '\t' ' ')"
done
echo "the host is in $(readlink /proc/self/ns/pid), the box in $ns"
status=0
wait $box || status=$?
echo "== the box ended with status $status; processes left in $ns: $(in_box | wc -l)"
