# pidbox init: the init on its own (a drop-in PID 1), job control on a
# terminal, idleness, and the names it answers to (tini, dumb-init,
# catatonit, docker-init).  The dialects have their own file,
# test_init_dialects.sh, and podman its own, test_init_podman.sh.
H=$HELPERS/pbhelper

# The PID of the parent of PID $1 (the init, for a command).
ppid_of() {
	awk '/^PPid:/ {print $2}' "/proc/$1/status"
}

# Waits up to 10 s for the background init PID to end and checks its status;
# tells what the init was doing when it does not end.
wait_ended() { # PID STATUS
	local i
	for ((i = 0; i < 200; i++)); do
		[ "$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null)" = Z ] && break
		kill -0 "$1" 2>/dev/null || break
		sleep 0.05
	done
	if [ "$i" -eq 200 ]; then
		fail "PID $1 did not end: $(grep -E '^(State|SigQ|SigPnd|ShdPnd|SigBlk|SigIgn)' /proc/$1/status | tr '\n' ' ') wchan=$(cat /proc/$1/wchan)"
	fi
	wait "$1"
	assert_eq "$2" "$?" "status of PID $1"
}

# True when PID $1 has ended (gone, or a zombie nobody reaped yet).
ended() { # PID
	[ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# The child of PID $1 named $2 (pgrep reads /proc/PID/stat only: unlike a
# walk of every cmdline, it cannot block on another process's memory).
child_named() { # PID NAME
	pgrep -P "$1" -x "$2"
}

# Starts "$@" in the background with its output in FILE, waits for "ready".
start_ready() { # FILE CMD...
	local out=$1
	shift
	# emptied here, not by the background redirection, which may come after
	# wait_for has already seen a "ready" left in it by an earlier start
	: >"$out"
	"$@" >>"$out" 2>&1 &
	BG=$!
	wait_for 5 grep -q ready "$out" || fail "not ready: $(cat "$out")"
}

t_status_is_the_commands() {
	for code in 0 1 7 255; do
		capture "$PIDBOX" init -- sh -c "exit $code"
		assert_eq "$code" "$RC" "exit $code"
	done
	capture "$PIDBOX" init -- sh -c 'kill -USR1 $$'
	assert_eq 138 "$RC" "killed by SIGUSR1"
	capture "$PIDBOX" init -- sh -c 'kill -KILL $$'
	assert_eq 137 "$RC" "killed by SIGKILL"
}

t_command_is_a_child_in_its_own_group() {
	capture "$PIDBOX" init -- sh -c 'echo "$(cat /proc/$PPID/comm) $$ $(ps -o pgid= -p $$)"'
	assert_eq 0 "$RC" "status"
	set -- $OUT
	assert_eq pidbox "$1" "the command's parent"
	assert_eq "$2" "$3" "the command's process group ID is its PID"
}

t_pid_1_of_a_namespace() {
	require_root
	capture unshare --fork --pid --mount-proc "$PIDBOX" init -- sh -c 'echo $$; ps -e -o pid=,comm='
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "2
1 pidbox
2 sh
3 ps" "$(echo "$OUT" | sed 's/^ *//')" "PID and processes in the namespace"
}

t_not_pid_1_it_is_a_subreaper() {
	# An orphan's new parent is the init, not the host's PID 1.
	capture "$PIDBOX" init -- sh -c 'sh -c "sleep 3 & echo \$!" >orphan; sleep 0.2;
		echo "$PPID $(awk "/^PPid:/ {print \$2}" /proc/$(cat orphan)/status)"'
	assert_eq 0 "$RC" "status"
	set -- $OUT
	assert_eq "$1" "$2" "the orphan's parent (the init)"
}

t_reaps_orphans_at_once() {
	require_root
	# A namespace of its own only so that the watcher sees no zombie of the
	# host's; its PID 1 is a shell, so the init is a subreaper, not PID 1.
	capture unshare --fork --pid --mount-proc sh -c "'$PIDBOX' init -- sh -c '$H zombie-watch 4 & $H orphans 500 300; wait'; exit \$?"
	assert_eq 0 "$RC" "status"
	longest=$(echo "$OUT" | sed -n 's/.*longest_zombie_ms=\([0-9]*\).*/\1/p')
	at_end=$(echo "$OUT" | sed -n 's/.*zombies_at_end=\([0-9]*\).*/\1/p')
	[ -n "$longest" ] || fail "no report from the zombie watcher: $OUT"
	assert_eq 0 "$at_end" "zombies left at the end"
	assert_le "$longest" 250 "longest life of a zombie in ms"
}

t_leftover_trapping_term_gets_its_grace() {
	capture "$PIDBOX" init --grace 5 -- sh -c "$H trap-term 600 '$TESTDIR/graced' & sleep 0.3"
	assert_eq 0 "$RC" "status"
	[ -f graced ] || fail "the TERM handler of a leftover had no time to finish"
}

t_leftover_ignoring_term_is_killed_after_grace() {
	start=$(date +%s%N)
	capture "$PIDBOX" init --grace 0.5 -- sh -c "$H ignore-term >/dev/null & sleep 4101.1 & sleep 0.3; exit 4"
	end=$(date +%s%N)
	assert_eq 4 "$RC" "status of the command"
	ms=$(((end - start) / 1000000))
	[ "$ms" -ge 700 ] || fail "the grace period was not waited: $ms ms"
	[ "$ms" -lt 4000 ] || fail "SIGKILL came late: $ms ms"
	# the harness fails the test if the leftover survived
}

t_leftover_in_another_session_is_ended() {
	capture "$PIDBOX" init --grace 0.3 -- sh -c "$H setsid-ignore-term >/dev/null & setsid sleep 4101.2 & echo \$! >left; sleep 0.3"
	assert_eq 0 "$RC" "status"
	wait_for 2 ended "$(cat left)" || fail "a leftover in another session survived"
}

t_grace_zero_kills_at_once() {
	capture "$PIDBOX" init --grace 0 -- sh -c "$H trap-term 600 '$TESTDIR/graced' & sleep 0.3"
	assert_eq 0 "$RC" "status"
	[ -f graced ] && fail "--grace 0 let a TERM handler run"
	true
}

t_grace_from_the_environment() {
	start=$(date +%s%N)
	capture env PIDBOX_INIT_GRACE=0.2 "$PIDBOX" init -- sh -c "$H ignore-term >/dev/null & sleep 0.2"
	ms=$((($(date +%s%N) - start) / 1000000))
	assert_eq 0 "$RC" "status"
	[ "$ms" -lt 3000 ] || fail "PIDBOX_INIT_GRACE=0.2 was not used: $ms ms"
	capture env PIDBOX_INIT_GRACE=soon "$PIDBOX" init -- true
	assert_eq 125 "$RC" "status with a bad PIDBOX_INIT_GRACE"
	assert_eq "pidbox init: PIDBOX_INIT_GRACE='soon' is not a number of seconds (e.g. 5, 0.5)" "$ERR" "message"
}

t_every_catchable_signal_is_forwarded() {
	start_ready out "$PIDBOX" init -- "$H" signals
	for s in HUP INT QUIT USR1 USR2 PIPE ALRM STKFLT CONT TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR RTMIN RTMIN+5 RTMAX; do
		kill -s "$s" $BG
		case $s in IO) want=POLL ;; RTMIN) want="RTMIN+0" ;; RTMAX) want="RTMIN+$(($(kill -l RTMAX) - $(kill -l RTMIN)))" ;; *) want=$s ;; esac
		wait_for 5 grep -q "got $want\$" out || fail "SIG$s did not reach the command: $(cat out)"
	done
	kill -TERM $BG
	wait $BG
	assert_eq 0 "$?" "status after the command's TERM handler exited 0"
}

t_signal_goes_to_the_command_only_by_default() {
	start_ready out "$PIDBOX" init -- sh -c "trap 'echo sh got USR1' USR1; $H signals USR1 TERM >child & echo ready; wait; wait"
	kill -USR1 $BG
	wait_for 5 grep -q "sh got USR1" out || fail "the command did not get SIGUSR1"
	sleep 0.3
	assert_not_contains "$(cat child)" "got USR1" "a child of the command without --signal-group"
	kill -TERM $BG
	wait $BG
	assert_eq 143 "$?" "status"
}

t_signal_group_reaches_the_group() {
	start_ready out "$PIDBOX" init --signal-group -- sh -c "trap 'echo sh got USR1' USR1; $H signals USR1 >child & echo ready; wait; wait"
	wait_for 5 grep -q ready child || fail "child not ready"
	kill -USR1 $BG
	wait_for 5 grep -q "got USR1" child || fail "the command's group did not get SIGUSR1: $(cat child)"
	wait_for 5 grep -q "sh got USR1" out || fail "the command did not get SIGUSR1"
	wait $BG
	assert_eq 0 "$?" "status: the group's helper exited 0 on USR1, and so did the command"
}

t_signal_all_reaches_other_sessions() {
	# a descendant in its own session: out of the group's reach, not of --signal-all's
	start_ready out "$PIDBOX" init --signal-all -- sh -c "trap '' USR2; setsid $H signals USR2 >child & echo ready; wait; sleep 1"
	wait_for 5 grep -q ready child || fail "child not ready"
	kill -USR2 $BG
	wait_for 5 grep -q "got USR2" child || fail "--signal-all missed a process in another session"
	wait $BG
	# the counter-test: --signal-group does not reach it
	start_ready out2 "$PIDBOX" init --grace 0 --signal-group -- sh -c "trap '' USR2; setsid $H signals USR2 >child2 & echo ready; sleep 1.5"
	wait_for 5 grep -q ready child2 || fail "child not ready"
	kill -USR2 $BG
	sleep 0.5
	assert_not_contains "$(cat child2)" "got USR2" "--signal-group reached another session"
	wait $BG
}

t_signal_all_as_pid_1() {
	require_root
	start_ready out unshare --fork --pid --mount-proc "$PIDBOX" init --signal-all -- sh -c "trap '' USR2; setsid $H signals USR2 >child & echo ready; wait; sleep 1"
	wait_for 5 grep -q ready child || fail "child not ready"
	init=$(pgrep -P $BG) || fail "no init under unshare"
	assert_eq pidbox "$(cat /proc/$init/comm)" "the child of unshare"
	kill -USR2 "$init"
	wait_for 5 grep -q "got USR2" child || fail "--signal-all as PID 1 missed a process in another session"
	wait $BG
}

t_rewrite_and_drop_signals() {
	start_ready out "$PIDBOX" init --rewrite TERM:USR1 --rewrite 12:0 -- "$H" signals USR1 HUP
	kill -USR2 $BG
	kill -TERM $BG
	wait $BG
	assert_eq 0 "$?" "the helper exited on USR1"
	assert_contains "$(cat out)" "got USR1" "TERM arrived as USR1"
	assert_not_contains "$(cat out)" "got USR2" "USR2 (12) was dropped"
	assert_not_contains "$(cat out)" "got TERM" "TERM itself"
}

t_zero_status() {
	capture "$PIDBOX" init --zero-status 143 --zero-status 3 -- sh -c 'kill -TERM $$'
	assert_eq 0 "$RC" "143 mapped to 0"
	capture "$PIDBOX" init --zero-status 3 -- sh -c 'exit 4'
	assert_eq 4 "$RC" "4 is not mapped"
}

t_parent_death_signal() {
	sh -c "'$PIDBOX' init --pdeathsig USR1 -- '$H' signals USR1 >out 2>&1 & echo \$! >init; sleep 0.5"
	wait_for 5 grep -q "got USR1" out || fail "the init did not pass SIGUSR1 on when its parent died: $(cat out)"
	wait_for 5 ended "$(cat init)" || fail "the init did not end with its command"
	# the counter-test: without it, the init and its command stay
	sh -c "'$PIDBOX' init -- '$H' signals USR2 >out2 2>&1 & echo \$! >init2; sleep 0.5"
	sleep 0.3
	init=$(cat init2)
	ended "$init" && fail "without --pdeathsig the init should still run"
	assert_not_contains "$(cat out2)" "got" "signals the command got"
	kill -USR2 "$init"
	wait_for 5 ended "$init" || fail "the init did not end"
}

t_fds_pass_through_and_the_init_keeps_none() {
	exec 7>/dev/null
	"$PIDBOX" init -- sleep 4101.3 &
	box=$!
	wait_for 5 child_named $box sleep >/dev/null || fail "did not start"
	cmd=$(child_named $box sleep)
	[ -e "/proc/$cmd/fd/7" ] || fail "the command did not inherit fd 7"
	fds=$(ls "/proc/$box/fd" | sort -n | tr '\n' ' ')
	set -- $fds
	assert_eq 4 "$#" "fds of the init: 0 1 2 and the command's pidfd ($fds)"
	assert_eq "anon_inode:[pidfd]" "$(readlink "/proc/$box/fd/$4")" "the init's fd $4"
	assert_eq / "$(readlink "/proc/$box/cwd")" "the init's directory"
	assert_eq "$TESTDIR" "$(readlink "/proc/$cmd/cwd")" "the command's directory"
	kill -TERM $box
	wait_ended $box 143
}

t_pipe_closes_when_the_command_closes_it() {
	# The init holds no copy of the write end: the reader sees EOF while the
	# init still runs.
	mkfifo f
	(cat f >/dev/null; echo eof >done) &
	"$PIDBOX" init -- sh -c 'exec 3>&-; sleep 4101.4' 3>f &
	box=$!
	wait_for 5 test -f done || fail "the reader saw no EOF: someone holds the write end"
	kill -0 $box || fail "the init had already ended"
	kill -TERM $box
	wait_ended $box 143
}

t_listen_pid_names_the_command() {
	capture sh -c "LISTEN_PID=\$\$ exec '$PIDBOX' init -- sh -c 'echo \$LISTEN_PID \$\$'"
	set -- $OUT
	assert_eq "$2" "$1" "LISTEN_PID seen by the command"
	capture env LISTEN_PID=1 "$PIDBOX" init -- sh -c 'echo $LISTEN_PID'
	assert_eq 1 "$OUT" "a LISTEN_PID that names another process is left alone"
}

t_pause_mode() {
	"$PIDBOX" init --pause &
	box=$!
	sleep 0.3
	kill -HUP $box
	sleep 0.2
	kill -0 $box || fail "--pause ended on SIGHUP"
	kill -INT $box
	wait $box
	assert_eq 0 "$?" "status after SIGINT"
	"$PIDBOX" init --pause &
	box=$!
	sleep 0.2
	kill -TERM $box
	wait $box
	assert_eq 0 "$?" "status after SIGTERM"
	capture "$PIDBOX" init --pause -- true
	assert_eq 125 "$RC" "--pause with a command"
	assert_eq "pidbox init: --pause runs no command, but 'true' was given" "$ERR" "message"
}

t_verbose_reports_what_happens() {
	capture "$PIDBOX" init -v --grace 0.2 -- sh -c "trap '' USR2; sleep 4101.5 & kill -USR2 \$PPID; sleep 0.2; exit 3"
	assert_eq 3 "$RC" "status"
	assert_match "$ERR" "pidbox init: the command runs as PID [0-9]+" "start"
	assert_contains "$ERR" "pidbox init: SIGUSR2 received, forwarded as SIGUSR2" "signal"
	assert_match "$ERR" "pidbox init: the command \(PID [0-9]+\) ended with status 3" "end"
	assert_contains "$ERR" "pidbox init: SIGTERM to every process left" "shutdown"
	assert_match "$ERR" "pidbox init: reaped PID [0-9]+ \(status 143\)" "the leftover reaped"
}

t_verbose_to_a_closed_pipe_passes_no_sigpipe_on() {
	# The reader of the init's stderr is gone: the SIGPIPE of the init's own
	# message is not the command's business (it would kill most commands).
	timeout 10 "$PIDBOX" init -v -- sh -c "trap 'echo >>\"$TESTDIR/piped\"' PIPE; trap '' HUP;
		sleep 0.3; kill -HUP \$PPID; sleep 0.5; exit 3" 2>&1 >/dev/null | head -c 1 >/dev/null
	assert_eq 3 "${PIPESTATUS[0]}" "status"
	[ -f piped ] && fail "the command got the init's own SIGPIPE"
	true
}

t_idle_means_idle() {
	"$PIDBOX" init -- sleep 4101.6 &
	box=$!
	wait_for 5 child_named $box sleep >/dev/null || fail "did not start"
	sleep 0.3
	before=$(awk '/^voluntary_ctxt_switches/ {print $2}' /proc/$box/status)
	sleep 2
	after=$(awk '/^voluntary_ctxt_switches/ {print $2}' /proc/$box/status)
	assert_eq "$before" "$after" "voluntary context switches of the idle init over 2 s"
	kill -TERM $box
	wait_ended $box 143
	# the counter-test: a process that wakes up every 100 ms is seen by this measure
	sh -c 'while :; do sleep 0.1; done' &
	poller=$!
	sleep 0.3
	before=$(awk '/^voluntary_ctxt_switches/ {print $2}' /proc/$poller/status)
	sleep 2
	after=$(awk '/^voluntary_ctxt_switches/ {print $2}' /proc/$poller/status)
	kill $poller
	[ "$after" -gt "$before" ] || fail "the measure does not see a polling process"
}

t_exec_failures_are_127_and_126() {
	capture "$PIDBOX" init -- no-such-command-xyz
	assert_eq 127 "$RC" "status"
	assert_eq "pidbox init: cannot execute 'no-such-command-xyz': No such file or directory (check its name and PATH)" "$ERR" "message"
	printf 'echo hi\n' >script
	chmod 644 script
	capture "$PIDBOX" init -- ./script
	assert_eq 126 "$RC" "status"
	assert_eq "pidbox init: cannot execute './script': Permission denied (is it an executable file?)" "$ERR" "message"
}

t_bad_input_is_one_line_and_125() {
	capture "$PIDBOX" init --frobnicate -- true
	assert_eq 125 "$RC" "unknown option"
	assert_eq "pidbox init: option '--frobnicate' is unknown or lacks its argument (see 'pidbox init --help')" "$ERR" "message"
	capture "$PIDBOX" init -x -- true
	assert_eq 125 "$RC" "unknown short option"
	assert_eq "pidbox init: option '-x' is unknown or lacks its argument (see 'pidbox init --help')" "$ERR" "message"
	capture "$PIDBOX" init
	assert_eq 125 "$RC" "no command"
	assert_eq "pidbox init: no command given (usage: pidbox init [OPTIONS] -- COMMAND [ARG...])" "$ERR" "message"
	capture "$PIDBOX" init --
	assert_eq 125 "$RC" "no command after --"
	capture "$PIDBOX" init -- ''
	assert_eq 125 "$RC" "an empty command"
	assert_eq "pidbox init: the command is empty (see 'pidbox init --help')" "$ERR" "message"
	capture "$PIDBOX" init --grace soon -- true
	assert_eq 125 "$RC" "bad --grace"
	assert_one_line "$ERR" "message"
	capture "$PIDBOX" init --rewrite TERM -- true
	assert_eq 125 "$RC" "--rewrite without a colon"
	assert_eq "pidbox init: --rewrite 'TERM' is not SIGNAL:SIGNAL (e.g. --rewrite TERM:QUIT, or TERM:0 to drop SIGTERM; not CHLD, KILL or STOP)" "$ERR" "message"
	for bad in TERM:NOPE NOPE:1 KILL:TERM CHLD:0 TERM:99 :3; do
		capture "$PIDBOX" init --rewrite "$bad" -- true
		assert_eq 125 "$RC" "--rewrite $bad"
		assert_one_line "$ERR" "message"
	done
	capture "$PIDBOX" init --pdeathsig NOPE -- true
	assert_eq 125 "$RC" "bad --pdeathsig"
	assert_eq "pidbox init: --pdeathsig 'NOPE' is not a signal (e.g. TERM, 15)" "$ERR" "message"
	capture "$PIDBOX" init --zero-status 256 -- true
	assert_eq 125 "$RC" "bad --zero-status"
	assert_eq "pidbox init: --zero-status '256' is not a status from 0 to 255" "$ERR" "message"
}

t_help_and_listing() {
	capture "$PIDBOX" init --help
	assert_eq 0 "$RC" "status"
	assert_contains "$OUT" "pidbox init [OPTIONS] [--] COMMAND [ARG...]" "usage line"
	for opt in --grace --signal-group --signal-all --setsid --no-setpgid --rewrite --pdeathsig --zero-status --pause --verbose; do
		assert_contains "$OUT" "$opt" "--help lists $opt"
	done
	capture "$PIDBOX" --help
	assert_contains "$OUT" " init " "pidbox --help lists init"
}

t_any_other_name_with_dashes_is_pidbox_init() {
	for name in docker-init podman-init init; do
		ln -sf "$PIDBOX" "$name"
		capture "./$name" -- sh -c 'cat /proc/$PPID/comm; exit 6'
		assert_eq 6 "$RC" "status as $name"
		assert_eq "$name" "$OUT" "the init's name"
		capture "./$name" -- no-such-command-xyz
		assert_eq 127 "$RC" "$name: command not found"
		assert_contains "$ERR" "pidbox init: cannot execute" "$name: message"
	done
	# without -- first, a renamed pidbox is still pidbox
	ln -sf "$PIDBOX" pb
	capture ./pb init -- true
	assert_eq 0 "$RC" "pb init -- true"
	capture ./pb frob
	assert_eq 2 "$RC" "pb frob"
	capture "$PIDBOX" -- true
	assert_eq 2 "$RC" "pidbox -- true is not init"
}

# --- terminal job control (through a pty) ---

t_command_gets_the_terminal_foreground() {
	capture "$H" pty "expect:done" -- "$PIDBOX" init -- sh -c 'echo "pgid=$(ps -o pgid= -p $$ | tr -d " ") tpgid=$(ps -o tpgid= -p $$ | tr -d " ")"; echo done'
	[ "$RC" -ne 99 ] || fail "terminal dialogue timed out: $OUT"
	pg=$(echo "$OUT" | sed -n 's/.*pgid=\([0-9]*\) tpgid=\([0-9]*\).*/\1 \2/p')
	set -- $pg
	assert_eq "$1" "$2" "the command's group is the terminal's foreground group"
}

t_ctrl_c_reaches_the_command_once() {
	capture "$H" pty "expect:ready" "send:\x03" "expect:got INT" "sleep:200" "send:\x1c" \
		"expect:got QUIT" -- "$PIDBOX" init -- "$H" signals QUIT
	[ "$RC" -ne 99 ] || fail "terminal dialogue timed out: $OUT"
	assert_eq 0 "$RC" "status"
	assert_eq 1 "$(echo "$OUT" | grep -c 'got INT')" "SIGINTs the command got from Ctrl-C"
}

t_ctrl_z_stops_the_whole_job() {
	command -v bash >/dev/null || skip "bash not installed"
	capture "$H" pty "expect:\$ " "send:$PIDBOX init -- sleep 4101.7\n" "sleep:400" "send:\x1a" \
		"expect:Stopped" "send:jobs -l\n" "expect:sleep 4101.7" "send:fg\n" "sleep:400" \
		"send:\x03" "send:echo after=\$?\n" "expect:after=" "send:exit 5\n" \
		-- env PS1='$ ' bash --norc --noprofile -i
	[ "$RC" -ne 99 ] || fail "terminal dialogue timed out (the shell hung on Ctrl-Z?): $OUT"
	assert_eq 5 "$RC" "status of the shell"
	assert_contains "$OUT" "after=130" "Ctrl-C after fg ended the command"
}

t_ctrl_z_as_pid_1_does_not_freeze() {
	require_root
	capture "$H" pty "expect:runs as" "sleep:300" "send:\x1a" "expect:continuing" "sleep:200" "send:\x03" \
		-- unshare --fork --pid --mount-proc "$PIDBOX" init -v -- sleep 4101.8
	[ "$RC" -ne 99 ] || fail "terminal dialogue timed out: $OUT"
	assert_eq 130 "$RC" "status: Ctrl-C after Ctrl-Z ended the command"
}
