# Pods: a PID namespace held by a holder that only reaps, shared by the
# commands run in it with run --pod.  Every pod a test creates is removed
# when the test ends.
H=$HELPERS/pbhelper
STATE=/run/pidbox
PODS=()

pod_create() { # WORD: creates a pod, its name in $POD
	POD="$1-$$"
	PODS+=("$POD")
	capture "$PIDBOX" pod create "$POD"
	assert_eq 0 "$RC" "pod create ($ERR)"
	assert_match "$OUT" "^$POD [0-9]+\$" "what pod create prints"
	HOLDER=${OUT#* }
}

remove_pods() {
	local p
	for p in "${PODS[@]}"; do
		"$PIDBOX" pod rm --grace 0 "$p" >/dev/null 2>&1
	done
}
trap remove_pods EXIT

t_holder_is_pid_1_of_a_fresh_pid_namespace() {
	require_root
	pod_create holder
	assert_eq pidbox-pod "$(cat /proc/$HOLDER/comm)" "the holder's name"
	assert_eq 1 "$(nspid_of "$HOLDER" | awk '{print $NF}')" "its PID in the pod"
	assert_ne "$(readlink /proc/self/ns/pid)" "$(readlink /proc/$HOLDER/ns/pid)" "the pod's PID namespace"
	capture "$PIDBOX" run --pod "$POD" -- sh -c 'cat /proc/1/comm; echo $$; ps -e -o pid=,comm='
	assert_eq 0 "$RC" "run --pod ($ERR)"
	assert_eq "pidbox-pod
2
1 pidbox-pod
2 sh
4 ps" "$(echo "$OUT" | sed 's/^ *//')" "PID 1, the command's PID and the processes of the pod (3 was cat)"
	# its own /proc, in its own mount namespace
	assert_ne "$(readlink /proc/self/ns/mnt)" "$(readlink /proc/$HOLDER/ns/mnt)" "the pod's mount namespace"
}

t_commands_see_and_signal_each_other() {
	require_root
	pod_create share
	"$PIDBOX" run --pod "$POD" -- "$H" signals >a &
	first=$!
	wait_for 5 grep -q ready a || fail "first command not ready"
	capture "$PIDBOX" run --pod "$POD" -- sh -c 'ps -e -o pid=,args= | grep -c "[p]bhelper signals"; pkill -USR1 -f "[p]bhelper signals"'
	assert_eq 0 "$RC" "second command ($ERR)"
	assert_eq 1 "$OUT" "the second command sees the first"
	wait_for 5 grep -q "got USR1" a || fail "the first command did not get the second's signal"
	kill -TERM $first
	wait $first
	assert_eq 0 "$?" "the first command's status (its TERM handler)"
}

t_one_command_ending_leaves_the_others() {
	require_root
	pod_create keep
	"$PIDBOX" run --pod "$POD" -- sleep 1239.1 &
	wait_for 5 host_pid_of "sleep 1239.1" >/dev/null || fail "first command not running"
	capture "$PIDBOX" run --pod "$POD" -- sh -c 'exit 4'
	assert_eq 4 "$RC" "the second command's status"
	sleep 0.2
	host_pid_of "sleep 1239.1" >/dev/null || fail "the first command ended with the second"
	kill -0 "$HOLDER" || fail "the holder ended"
	capture "$PIDBOX" pod ls
	assert_contains "$OUT" "sleep 1239.1" "pod ls shows the command still running"
}

t_holder_reaps_orphans() {
	require_root
	pod_create reap
	capture "$PIDBOX" run --pod "$POD" -- sh -c "$H orphans 30 100"
	assert_eq 0 "$RC" "the orphan maker"
	capture "$PIDBOX" run --pod "$POD" -- sh -c 'sleep 0.3; ps -e -o stat= | grep -c "^Z"'
	assert_eq 0 "$OUT" "zombies left in the pod"
}

t_holder_takes_no_signal() {
	require_root
	pod_create deaf
	for s in TERM INT HUP USR1; do
		kill -s "$s" "$HOLDER"
	done
	capture "$PIDBOX" run --pod "$POD" -- sh -c 'kill -TERM 1; kill -INT 1'
	sleep 0.2
	kill -0 "$HOLDER" || fail "a signal other than SIGKILL ended the holder"
	assert_eq S "$(awk '/^State:/ {print $2}' /proc/$HOLDER/status)" "the holder sleeps"
}

t_pod_ls_lists_pods_and_processes() {
	require_root
	pod_create lsa
	a=$POD ha=$HOLDER
	pod_create lsb
	"$PIDBOX" run --pod "$a" -- sleep 1239.2 &
	wait_for 5 host_pid_of "sleep 1239.2" >/dev/null || fail "command not running"
	sleeper=$(host_pid_of "sleep 1239.2")
	capture "$PIDBOX" pod ls
	assert_eq 0 "$RC" "pod ls ($ERR)"
	assert_match "$(echo "$OUT" | head -1)" '^POD +PID +HOST-PID +COMMAND$' "header"
	assert_match "$OUT" "$a +1 +$ha +pidbox-pod" "pod a's holder"
	assert_match "$OUT" "$a +2 +$sleeper +sleep 1239.2" "pod a's command"
	assert_match "$OUT" "$POD +1 +$HOLDER +pidbox-pod" "pod b's holder"
	capture "$PIDBOX" pod ls --json
	assert_eq 0 "$RC" "pod ls --json"
	if command -v python3 >/dev/null; then
		got=$(echo "$OUT" | python3 -c "import json, sys
d = {p['name']: p for p in json.load(sys.stdin)}
print(d['$a']['holder'], [(x['pid'], x['host_pid'], x['command']) for x in d['$a']['processes']])")
		assert_eq "$ha [(1, $ha, 'pidbox-pod'), (2, $sleeper, 'sleep 1239.2')]" "$got" "the JSON document"
	else
		assert_contains "$OUT" "\"name\": \"$a\", \"holder\": $ha" "the JSON document"
	fi
}

t_pod_rm_ends_every_process_and_the_holder() {
	require_root
	pod_create rm
	"$PIDBOX" run --pod "$POD" -- "$H" ignore-term >/dev/null &
	ign=$!
	"$PIDBOX" run --pod "$POD" -- "$H" trap-term 100 "$TESTDIR/handled" >/dev/null &
	wait_for 5 host_pid_of "trap-term" >/dev/null || fail "commands not running"
	wait_for 5 host_pid_of "ignore-term" >/dev/null || fail "commands not running"
	ns=$(readlink /proc/$HOLDER/ns/pid)
	start=$(date +%s%N)
	capture "$PIDBOX" pod rm --grace 1 "$POD"
	ms=$((($(date +%s%N) - start) / 1000000))
	assert_eq 0 "$RC" "pod rm ($ERR)"
	[ -f handled ] || fail "the TERM handler had no time"
	[ "$ms" -ge 900 ] || fail "the grace was not given to the process ignoring TERM ($ms ms)"
	for p in /proc/[0-9]*; do
		[ "$(readlink $p/ns/pid 2>/dev/null)" = "$ns" ] && fail "left in the pod: $p"
	done
	[ -e "$STATE/$POD.box" ] && fail "record left"
	wait $ign
	assert_eq 137 "$?" "the status run --pod reports for a command killed at the end"
}

t_run_in_pod_keeps_the_callers_cwd_and_dies_with_it() {
	require_root
	pod_create cwd
	mkdir sub && cd sub
	capture "$PIDBOX" run --pod "$POD" -- pwd -P
	assert_eq "$(pwd -P)" "$OUT" "working directory in the pod"
	"$PIDBOX" run --pod "$POD" -- sleep 1239.3 &
	wait_for 5 host_pid_of "sleep 1239.3" >/dev/null || fail "command not running"
	kill -KILL $!
	wait_for 5 gone "sleep 1239.3" || fail "the command outlived pidbox run --pod"
}

t_enter_and_kill_a_pod() {
	require_root
	pod_create enter
	"$PIDBOX" run --pod "$POD" -- "$H" signals >a &
	wait_for 5 grep -q ready a || fail "not ready"
	capture "$PIDBOX" enter "$POD" -- sh -c 'cat /proc/1/comm; pwd'
	assert_eq "pidbox-pod
/" "$OUT" "enter in a pod: its PID 1 and the holder's directory"
	capture "$PIDBOX" kill "$POD" USR2
	assert_eq 0 "$RC" "kill of a pod ($ERR)"
	wait_for 5 grep -q "got USR2" a || fail "kill of a pod did not reach its process"
	kill -0 "$HOLDER" || fail "kill reached the holder"
	capture "$PIDBOX" stop --grace 0 "$POD"
	assert_eq 0 "$RC" "stop of a pod"
	wait
}

t_pod_errors() {
	require_root
	pod_create err
	capture "$PIDBOX" pod create "$POD"
	assert_eq 1 "$RC" "create of a name in use"
	assert_eq "pidbox pod: the name $POD is in use (choose another, or pidbox pod rm $POD)" "$ERR" "message"
	capture "$PIDBOX" pod create "a/b"
	assert_eq 2 "$RC" "create with a bad name"
	assert_one_line "$ERR" "message"
	capture "$PIDBOX" pod rm no-such-pod-$$
	assert_eq 1 "$RC" "rm of an unknown pod"
	assert_eq "pidbox pod: no box or pod named no-such-pod-$$" "$ERR" "message"
	capture "$PIDBOX" run --pod no-such-pod-$$ -- true
	assert_eq 125 "$RC" "run --pod of an unknown pod"
	assert_eq "pidbox run: no box or pod named no-such-pod-$$" "$ERR" "message"
	box="box-$$"
	"$PIDBOX" run --name "$box" --detach -- sleep 1239.4 >/dev/null
	capture "$PIDBOX" pod rm "$box"
	assert_eq 1 "$RC" "pod rm of a box"
	assert_eq "pidbox pod: $box is a box, not a pod (pidbox stop $box ends it)" "$ERR" "message"
	capture "$PIDBOX" run --pod "$box" -- true
	assert_eq 125 "$RC" "run --pod of a box"
	assert_eq "pidbox run: $box is a box, not a pod (pidbox enter $box runs a command in it)" "$ERR" "message"
	"$PIDBOX" stop --grace 0 "$box"
	capture "$PIDBOX" pod
	assert_eq 2 "$RC" "pod without a subcommand"
	capture "$PIDBOX" pod frob x
	assert_eq 2 "$RC" "unknown subcommand"
	assert_eq "pidbox pod: expected create NAME, rm NAME or ls (see 'pidbox pod --help')" "$ERR" "message"
}

t_holder_killed_ends_pod_and_record() {
	require_root
	pod_create killed
	"$PIDBOX" run --pod "$POD" -- sleep 1239.5 &
	wait_for 5 host_pid_of "sleep 1239.5" >/dev/null || fail "command not running"
	kill -KILL "$HOLDER"
	wait_for 5 gone "sleep 1239.5" || fail "the pod's command outlived its holder"
	# its supervisor removes the record
	wait_for 5 eval "! test -e '$STATE/$POD.box'" || fail "record left after the holder ended"
	wait
}
