# pidbox run: isolation, the init's duties, exit statuses, errors.
# Each t_* function is one test (see harness.sh); $PIDBOX is the binary,
# $HELPERS/pbhelper the multi-call helper.
H=$HELPERS/pbhelper

t_ps_inside_shows_only_the_box() {
	capture "$PIDBOX" run -- ps -e -o pid=,comm=
	assert_eq 0 "$RC" "exit status"
	assert_eq "1 pidbox
2 ps" "$(echo "$OUT" | awk '{print $1, $2}')" "ps -e inside the box"
}

t_proc_inside_lists_only_box_pids() {
	capture "$PIDBOX" run -- sh -c 'ls /proc | grep -c "^[0-9]"'
	assert_eq 0 "$RC" "exit status"
	# the init, sh and the ls/grep of the pipeline: never the host's hundreds
	assert_le "$OUT" 4 "numeric entries in the box's /proc"
	host=$(ls /proc | grep -c '^[0-9]')
	[ "$host" -gt "$OUT" ] || fail "host /proc ($host) should list more than the box's ($OUT)"
}

t_pid_namespace_differs_from_host() {
	capture "$PIDBOX" run -- readlink /proc/self/ns/pid
	assert_match "$OUT" '^pid:\[[0-9]+\]$' "namespace link inside"
	assert_ne "$(readlink /proc/self/ns/pid)" "$OUT" "the box's PID namespace"
}

t_host_sees_box_process_with_both_pids() {
	"$PIDBOX" run -- sleep 1234.5 &
	wait_for 5 host_pid_of "sleep 1234.5" || fail "the box's sleep is not visible on the host"
	pid=$(host_pid_of "sleep 1234.5")
	nspid=$(nspid_of "$pid")
	assert_eq "$pid 2" "$nspid" "NSpid of the box's command seen from the host"
	ns_in=$(readlink "/proc/$pid/ns/pid")
	assert_ne "$(readlink /proc/self/ns/pid)" "$ns_in" "its namespace"
	kill -TERM $!
	wait $!
	assert_eq 143 "$?" "status after SIGTERM to pidbox run"
}

t_mount_table_unchanged_during_run() {
	before=$(awk '{print $5, $9}' /proc/self/mountinfo | sort)
	"$PIDBOX" run -- sleep 1234.6 &
	wait_for 5 host_pid_of "sleep 1234.6" || fail "box did not start"
	during=$(awk '{print $5, $9}' /proc/self/mountinfo | sort)
	assert_eq "$before" "$during" "host mount table while a box runs"
	pid=$(host_pid_of "sleep 1234.6")
	inside=$(awk '{print $5, $9}' "/proc/$pid/mountinfo" | grep -c '^/proc proc$')
	assert_eq 2 "$inside" "proc mounts on /proc inside (the host's, then the fresh one)"
	kill -TERM $!
	wait $!
	after=$(awk '{print $5, $9}' /proc/self/mountinfo | sort)
	assert_eq "$before" "$after" "host mount table after the box"
}

t_mounts_inside_do_not_propagate() {
	mkdir -p mnt
	capture "$PIDBOX" run -- sh -c "mount -t tmpfs none '$TESTDIR/mnt' && grep -c ' $TESTDIR/mnt ' /proc/self/mountinfo"
	assert_eq 0 "$RC" "mount inside"
	assert_eq 1 "$OUT" "the tmpfs is mounted inside"
	grep -q " $TESTDIR/mnt " /proc/self/mountinfo && fail "a mount made in the box reached the host"
	true
}

t_init_is_pid_1_and_command_pid_2() {
	capture "$PIDBOX" run -- sh -c 'echo $$; cat /proc/1/comm; cat /proc/$$/status | grep ^PPid'
	assert_eq "2
pidbox
PPid:	1" "$OUT" "the command's PID, PID 1's name, the command's parent"
}

t_as_pid_1_execs_command_as_pid_1() {
	capture "$PIDBOX" run --as-pid-1 -- sh -c 'echo $$; ps -e -o pid=,comm='
	assert_eq 0 "$RC" "exit status"
	assert_eq "1
1 sh
2 ps" "$(echo "$OUT" | sed 's/^ *//')" "the seeds' echo \$\$ and the processes inside"
}

t_as_pid_1_status_and_cleanup() {
	capture "$PIDBOX" run --as-pid-1 -- sh -c '(trap "" TERM; sleep 1000) & exit 3'
	assert_eq 3 "$RC" "status of a PID-1 command"
}

t_reaps_1000_orphans_at_once() {
	capture "$PIDBOX" run -- sh -c "$H zombie-watch 6 & $H orphans 1000 400; wait"
	assert_eq 0 "$RC" "exit status"
	longest=$(echo "$OUT" | sed -n 's/.*longest_zombie_ms=\([0-9]*\).*/\1/p')
	at_end=$(echo "$OUT" | sed -n 's/.*zombies_at_end=\([0-9]*\).*/\1/p')
	[ -n "$longest" ] || fail "no report from the zombie watcher: $OUT"
	assert_eq 0 "$at_end" "zombies left at the end"
	# an init that does not reap leaves them for seconds; ours within ms
	assert_le "$longest" 250 "longest life of a zombie in ms"
}

t_without_init_zombies_pile_up() {
	# The counter-test: with --as-pid-1 and a command that never waits, the
	# same orphans stay zombies, so the test above can fail.
	capture "$PIDBOX" run --as-pid-1 -- sh -c "$H orphans 50 50 & exec $H zombie-watch 2"
	at_end=$(echo "$OUT" | sed -n 's/.*zombies_at_end=\([0-9]*\).*/\1/p')
	[ "${at_end:-0}" -ge 40 ] || fail "expected zombies under a PID 1 that does not reap: $OUT"
}

t_signals_reach_the_command() {
	mkfifo f
	"$PIDBOX" run -- "$H" signals >out 2>&1 &
	box=$!
	wait_for 5 grep -q ready out || fail "helper not ready"
	for s in HUP INT QUIT USR1 USR2 WINCH CONT ALRM PIPE URG TSTP TTIN TTOU; do
		kill -s "$s" $box
		wait_for 5 grep -q "got $s" out || fail "SIG$s did not reach the command: $(cat out)"
	done
	kill -TERM $box
	wait $box
	assert_eq 0 "$?" "status after the command's TERM handler exited 0"
	assert_contains "$(cat out)" "got TERM" "TERM reached the command"
}

t_term_handler_runs_and_status_comes_back() {
	"$PIDBOX" run -- sh -c 'trap "echo handled; exit 42" TERM; echo ready; while :; do sleep 0.1; done' >out &
	box=$!
	wait_for 5 grep -q ready out || fail "not ready"
	kill -TERM $box
	wait $box
	assert_eq 42 "$?" "status of the TERM handler"
	assert_contains "$(cat out)" handled "the handler ran"
}

t_ctrl_c_at_terminal_reaches_command() {
	capture "$H" pty "expect:ready" "send:\x03" "expect:got INT" "sleep:200" "send:\x1c" \
		"expect:got QUIT" "hangup" -- "$PIDBOX" run -- "$H" signals TERM HUP
	# exactly once each: pidbox itself is not in the terminal's foreground group
	assert_eq 1 "$(echo "$OUT" | grep -c 'got INT')" "SIGINTs the command got from Ctrl-C"
	assert_eq 1 "$(echo "$OUT" | grep -c 'got QUIT')" "SIGQUITs the command got from Ctrl-\\"
	[ "$RC" -ne 99 ] || fail "terminal dialogue timed out: $OUT"
}

t_interactive_bash_has_job_control() {
	command -v bash >/dev/null || skip "bash not installed"
	capture "$H" pty "expect:\$ " "send:echo pid=\$\$\n" "expect:pid=2" \
		"send:sleep 300\n" "sleep:300" "send:\x1a" "expect:Stopped" \
		"send:jobs -l\n" "expect:sleep 300" "send:bg\n" "send:kill %1; wait\n" \
		"send:sleep 301\n" "sleep:300" "send:\x03" "send:echo after=\$?\n" "expect:after=130" \
		"send:exit 5\n" -- env PS1='$ ' "$PIDBOX" run -- bash --norc --noprofile -i
	[ "$RC" -ne 99 ] || fail "terminal dialogue timed out: $OUT"
	assert_eq 5 "$RC" "status of the shell"
	assert_not_contains "$OUT" "no job control" "bash has job control"
	assert_contains "$OUT" "Stopped" "Ctrl-Z stopped the foreground job"
}

t_leftovers_are_ended_when_command_exits() {
	capture "$PIDBOX" run --grace 1 -- sh -c "sleep 1000 & $H ignore-term & $H setsid-ignore-term & sleep 0.3; exit 0"
	assert_eq 0 "$RC" "status of the command"
	# the harness fails this test if any of them survived
}

t_leftover_in_new_session_ignoring_term_is_killed() {
	start=$(date +%s%N)
	capture "$PIDBOX" run --grace 0.5 -- sh -c "setsid $H ignore-term >/dev/null & sleep 0.3"
	assert_eq 0 "$RC" "status"
	end=$(date +%s%N)
	# grace is honoured, not skipped: at least 0.5 s went by
	[ $(((end - start) / 1000000)) -ge 500 ] || fail "the grace period was not waited"
}

t_leftover_handling_term_gets_its_grace() {
	capture "$PIDBOX" run --grace 5 -- sh -c "$H trap-term 600 '$TESTDIR/graced' & sleep 0.3"
	assert_eq 0 "$RC" "status"
	[ -f graced ] || fail "the TERM handler of a leftover had no time to finish"
}

t_grace_zero_kills_at_once() {
	capture "$PIDBOX" run --grace 0 -- sh -c "$H trap-term 600 '$TESTDIR/graced' & sleep 0.3"
	assert_eq 0 "$RC" "status"
	[ -f graced ] && fail "--grace 0 let a TERM handler run"
	true
}

t_sigkill_to_pidbox_ends_the_box() {
	"$PIDBOX" run -- sh -c "sleep 1001 & setsid $H ignore-term & sleep 1234.7" &
	box=$!
	wait_for 5 host_pid_of "sleep 1234.7" || fail "box did not start"
	kill -KILL $box
	wait_for 5 gone "sleep 1234.7" || fail "the box outlived pidbox"
}

t_sigkill_to_init_ends_the_box() {
	"$PIDBOX" run -- sh -c "sleep 1002 & $H ignore-term & sleep 1234.8" &
	box=$!
	wait_for 5 host_pid_of "sleep 1234.8" || fail "box did not start"
	cmd=$(host_pid_of "sleep 1234.8")
	init=$(awk '/^PPid/ {print $2}' /proc/$cmd/status)
	assert_eq pidbox "$(cat /proc/$init/comm)" "parent of the command"
	kill -KILL "$init"
	wait $box
	assert_eq 137 "$?" "status when the init was killed"
}

t_no_die_with_parent_keeps_the_box() {
	"$PIDBOX" run --no-die-with-parent -- sleep 1234.9 &
	box=$!
	wait_for 5 host_pid_of "sleep 1234.9" || fail "box did not start"
	kill -KILL $box
	sleep 0.3
	pid=$(host_pid_of "sleep 1234.9") || fail "the box did not outlive pidbox"
	kill -KILL "$(awk '/^PPid/ {print $2}' /proc/$pid/status)"
}

t_exit_status_is_the_commands() {
	for code in 0 1 7 100 124 255; do
		capture "$PIDBOX" run -- sh -c "exit $code"
		assert_eq "$code" "$RC" "exit $code"
	done
}

t_exit_status_128_plus_signal() {
	capture "$PIDBOX" run -- sh -c 'kill -USR1 $$'
	assert_eq 138 "$RC" "killed by SIGUSR1"
	capture "$PIDBOX" run -- sh -c 'kill -KILL $$'
	assert_eq 137 "$RC" "killed by SIGKILL"
}

t_command_not_found_is_127() {
	capture "$PIDBOX" run -- no-such-command-xyz
	assert_eq 127 "$RC" "status"
	assert_eq "pidbox run: cannot execute 'no-such-command-xyz': No such file or directory (check its name and PATH)" "$ERR" "message"
}

t_command_not_executable_is_126() {
	printf 'echo hi\n' >script
	chmod 644 script
	capture "$PIDBOX" run -- ./script
	assert_eq 126 "$RC" "status"
	assert_eq "pidbox run: cannot execute './script': Permission denied (is it an executable file?)" "$ERR" "message"
}

t_bad_options_are_125() {
	capture "$PIDBOX" run --frobnicate -- true
	assert_eq 125 "$RC" "unknown option"
	assert_one_line "$ERR" "message"
	assert_contains "$ERR" "'--frobnicate' is unknown" "message"
	capture "$PIDBOX" run
	assert_eq 125 "$RC" "missing command"
	assert_contains "$ERR" "no command given" "message"
	capture "$PIDBOX" run --grace soon -- true
	assert_eq 125 "$RC" "bad --grace"
	assert_eq "pidbox run: --grace 'soon' is not a number of seconds (e.g. --grace 5, --grace 0.5)" "$ERR" "message"
	capture "$PIDBOX" run --grace -1 -- true
	assert_eq 125 "$RC" "negative --grace"
	capture "$PIDBOX" run --grace
	assert_eq 125 "$RC" "--grace without a value"
	assert_one_line "$ERR" "message"
}

t_without_rights_says_what_to_do() {
	require_root
	command -v setpriv >/dev/null || skip "setpriv not installed"
	cp "$PIDBOX" ./pidbox && chmod 755 ./pidbox
	capture setpriv --reuid 65534 --regid 65534 --clear-groups ./pidbox run -- true
	assert_eq 125 "$RC" "status"
	assert_eq "pidbox run: cannot create the namespaces: Operation not permitted (run as root, or add --user to use a user namespace)" "$ERR" "message"
}

t_user_namespace_for_unprivileged_users() {
	require_root
	[ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)" -gt 0 ] || skip "user namespaces are disabled"
	cp "$PIDBOX" ./pidbox && chmod 755 ./pidbox
	capture setpriv --reuid 65534 --regid 65534 --clear-groups ./pidbox run --user -- sh -c 'id -u; echo $$; ps -e -o pid=,comm='
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "0
2
1 pidbox
2 sh
4 ps" "$(echo "$OUT" | sed 's/^ *//')" "uid, PID and processes inside (3 was id)"
}

t_nesting_to_the_kernel_limit() {
	level=$(($(awk '/^NSpid:/ {print NF - 1}' /proc/self/status) - 1))
	room=$((32 - level))
	[ "$room" -ge 2 ] || skip "already $level levels deep"
	cmd=()
	for ((i = 0; i < room; i++)); do cmd+=("$PIDBOX" run --); done
	"${cmd[@]}" sleep 1235.1 &
	box=$!
	wait_for 20 host_pid_of "sleep 1235.1" || fail "the innermost box did not start"
	pid=$(host_pid_of "sleep 1235.1")
	n=$(nspid_of "$pid" | wc -w)
	assert_eq $((room + 1)) "$n" "PIDs in NSpid of the innermost process"
	kill -TERM $box
	wait $box
	capture "${cmd[@]}" "$PIDBOX" run -- true
	assert_eq 125 "$RC" "one level past the limit"
	assert_eq "pidbox run: cannot create the namespaces: No space left on device (the kernel allows at most 32 nested PID namespaces, or user.max_pid_namespaces is exhausted)" "$ERR" "message"
}

t_only_fds_0_1_2_are_inherited() {
	exec 5>/dev/null 7</dev/null
	capture "$PIDBOX" run -- "$H" fds
	assert_eq "0 1 2" "$OUT" "fds of the command"
	capture "$PIDBOX" run --preserve-fds 3 -- "$H" fds
	assert_contains " $OUT " " 5 " "fd 5 with --preserve-fds 3"
	assert_not_contains " $OUT " " 7 " "fd 7 with --preserve-fds 3"
}

t_environment_and_directory_pass_through() {
	mkdir -p sub && cd sub
	capture env PIDBOX_PROBE=through "$PIDBOX" run -- sh -c 'echo "$PIDBOX_PROBE $PWD"; pwd -P'
	assert_eq "through $TESTDIR/sub
$(pwd -P)" "$OUT" "environment and working directory"
}

t_clone3_refused_falls_back_to_clone() {
	capture "$H" enosys clone3 -- "$PIDBOX" run -- sh -c 'echo $$; ps -e -o pid=,comm='
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "2
1 pidbox
2 sh
3 ps" "$(echo "$OUT" | sed 's/^ *//')" "PID and processes inside"
}

t_close_range_refused_falls_back_to_proc() {
	exec 6>/dev/null
	capture "$H" enosys close_range -- "$PIDBOX" run -- "$H" fds
	assert_eq "0 1 2" "$OUT" "fds of the command"
}

t_help_and_version() {
	capture "$PIDBOX" --version
	assert_match "$OUT" '^pidbox [0-9]+\.[0-9]+\.[0-9]+$' "--version"
	capture "$PIDBOX" --help
	assert_contains "$OUT" "Usage:" "pidbox --help"
	assert_contains "$OUT" " run " "pidbox --help lists run"
	capture "$PIDBOX" run --help
	assert_eq 0 "$RC" "run --help status"
	assert_contains "$OUT" "pidbox run [OPTIONS] [--] COMMAND" "run --help usage line"
	assert_contains "$OUT" "--grace SECONDS" "run --help options"
	capture "$PIDBOX" frob
	assert_eq 2 "$RC" "unknown command"
	assert_eq "pidbox: unknown command 'frob' (see 'pidbox --help')" "$ERR" "message"
}

t_example_program_uses_the_library() {
	capture "$EXAMPLES/spawn" sh -c 'echo $$; exit 3'
	assert_eq 3 "$RC" "status through the library"
	assert_contains "$OUT" "2" "command's PID printed"
	assert_contains "$OUT" "box status 3" "the example's report"
}
