# Named boxes: run --name/--detach, logs, enter, kill, stop, and their errors.
# Every box a test names is stopped when the test ends, however it ends, so
# that /run/pidbox is left as it was found.
H=$HELPERS/pbhelper
STATE=/run/pidbox
BOXES=()

# A name for a box of this test (in $NAME), stopped at the end of the test.
box_name() { # WORD
	NAME="$1-$$"
	BOXES+=("$NAME")
}

stop_boxes() {
	local n
	for n in "${BOXES[@]}"; do
		"$PIDBOX" stop --grace 0 "$n" >/dev/null 2>&1
	done
}
trap stop_boxes EXIT

rec_field() { # NAME FIELD [N]
	awk -v k="$2" -v n="${3:-1}" '$1 == k { print $(n + 1) }' "$STATE/$1.box"
}

detach() { # NAME CMD...: starts a detached box, fails the test otherwise
	local name=$1
	shift
	capture "$PIDBOX" run --name "$name" --detach -- "$@"
	assert_eq 0 "$RC" "status of run --detach ($ERR)"
}

no_state_of() { # NAME
	! ls "$STATE/$1".* >/dev/null 2>&1
}

t_detach_prints_name_and_init_pid() {
	require_root
	box_name web
	detach "$NAME" sleep 1236.1
	assert_match "$OUT" "^$NAME [0-9]+\$" "what run --detach prints"
	pid=${OUT#* }
	assert_eq pidbox "$(cat /proc/$pid/comm)" "the printed PID is the init's"
	assert_eq 1 "$(nspid_of "$pid" | awk '{print $NF}')" "its PID inside the box"
	assert_eq "$pid" "$(rec_field "$NAME" init)" "the init's PID in the record"
	# it returned (capture waited for it) while the command runs
	host_pid_of "sleep 1236.1" >/dev/null || fail "the command is not running"
}

t_detached_box_outlives_run_and_its_session() {
	require_root
	box_name keep
	# started from a session of its own that then ends, all at once
	setsid sh -c "'$PIDBOX' run --name '$NAME' --detach -- sleep 1236.2 >/dev/null; kill -KILL 0"
	sleep 0.3
	cmd=$(host_pid_of "sleep 1236.2") || fail "the box died with the process that started it"
	init=$(rec_field "$NAME" init)
	super=$(awk '/^PPid/ {print $2}' /proc/$init/status)
	assert_eq "$super" "$(rec_field "$NAME" owner)" "the supervisor owns the record"
	# the supervisor is in a session of its own, not ours
	assert_ne "$(ps -o sid= -p $$ | tr -d ' ')" "$(ps -o sid= -p "$super" | tr -d ' ')" "supervisor's session"
	assert_eq "$super" "$(ps -o sid= -p "$super" | tr -d ' ')" "the supervisor leads its session"
}

t_logs_show_stdout_and_stderr() {
	require_root
	box_name log
	detach "$NAME" sh -c 'echo to-stdout; echo to-stderr >&2; exec sleep 1000'
	wait_for 5 grep -q to-stderr "$STATE/$NAME.log" || fail "nothing in the log"
	capture "$PIDBOX" logs "$NAME"
	assert_eq 0 "$RC" "logs status ($ERR)"
	assert_eq "to-stdout
to-stderr" "$OUT" "the log"
	assert_eq 600 "$(stat -c %a "$STATE/$NAME.log")" "the log's mode"
}

t_detached_command_reads_dev_null() {
	require_root
	box_name stdin
	detach "$NAME" sh -c 'cat; echo stdin-closed; exec sleep 1000'
	wait_for 5 grep -q stdin-closed "$STATE/$NAME.log" || fail "the command's stdin is not /dev/null"
}

t_logs_follow_ends_with_the_box() {
	require_root
	box_name follow
	detach "$NAME" sh -c 'for i in 1 2 3 4; do echo line $i; sleep 0.2; done'
	capture timeout 20 "$PIDBOX" logs --follow "$NAME"
	assert_eq 0 "$RC" "logs --follow status ($ERR)"
	assert_eq "line 1
line 2
line 3
line 4" "$OUT" "what --follow showed"
	wait_for 5 no_state_of "$NAME" || fail "the ended box left its record"
}

t_box_end_removes_its_record_and_log() {
	require_root
	box_name ends
	detach "$NAME" sh -c 'echo bye; sleep 0.3'
	[ -e "$STATE/$NAME.box" ] && [ -e "$STATE/$NAME.log" ] || fail "no record or log while it runs"
	wait_for 5 no_state_of "$NAME" || fail "record or log left: $(ls $STATE)"
	capture "$PIDBOX" logs "$NAME"
	assert_eq 1 "$RC" "logs of an ended box"
	assert_eq "pidbox logs: no box or pod named $NAME" "$ERR" "message"
}

t_named_run_in_foreground_records_and_removes() {
	require_root
	box_name fg
	capture "$PIDBOX" run --name "$NAME" -- sh -c "grep -c 'state running' $STATE/$NAME.box; exit 3"
	assert_eq 3 "$RC" "the command's status"
	assert_eq 1 "$OUT" "the record while it ran"
	no_state_of "$NAME" || fail "the record is left after the box ended"
}

t_name_in_use_is_refused() {
	require_root
	box_name dup
	detach "$NAME" sleep 1236.3
	first=$(rec_field "$NAME" init)
	capture "$PIDBOX" run --name "$NAME" -- touch ran
	assert_eq 125 "$RC" "status"
	assert_eq "pidbox run: the name $NAME is in use (choose another, or pidbox stop $NAME)" "$ERR" "message"
	[ -e ran ] && fail "the refused command ran"
	capture "$PIDBOX" run --name "$NAME" --detach -- touch ran
	assert_eq 125 "$RC" "status with --detach"
	[ -e ran ] && fail "the refused detached command ran"
	assert_eq "$first" "$(rec_field "$NAME" init)" "the first box's record"
	kill -0 "$first" || fail "the first box was harmed"
}

t_name_race_exactly_one_wins() {
	require_root
	box_name race
	for round in 1 2 3 4 5; do
		rm -f rc.* err.*
		for i in $(seq 1 10); do
			("$PIDBOX" run --name "$NAME" --detach -- sleep 1236.4 >/dev/null 2>"err.$i"
			 echo $? >"rc.$i") &
		done
		wait
		assert_eq 1 "$(grep -lx 0 rc.* | wc -l)" "round $round: runs that won the name"
		assert_eq 9 "$(grep -lx 125 rc.* | wc -l)" "round $round: runs refused"
		assert_eq 9 "$(cat err.* | grep -cx "pidbox run: the name $NAME is in use (choose another, or pidbox stop $NAME)")" \
			"round $round: refusal messages"
		assert_eq 1 "$(pgrep -c -x -f 'sleep 1236.4')" "round $round: commands started"
		capture "$PIDBOX" stop --grace 0 "$NAME"
		assert_eq 0 "$RC" "round $round: stop ($ERR)"
	done
}

t_failed_start_leaves_nothing() {
	require_root
	box_name fails
	capture "$PIDBOX" run --name "$NAME" --detach -- no-such-command-xyz
	assert_eq 127 "$RC" "status"
	assert_eq "pidbox run: cannot execute 'no-such-command-xyz': No such file or directory (check its name and PATH)" "$ERR" "message"
	assert_eq "" "$OUT" "nothing printed on stdout"
	no_state_of "$NAME" || fail "record or log left: $(ls $STATE)"
	capture "$PIDBOX" run --name "$NAME" -- no-such-command-xyz
	assert_eq 127 "$RC" "status in the foreground"
	no_state_of "$NAME" || fail "record left in the foreground"
	# the name is free again
	detach "$NAME" true
}

t_stale_record_is_never_trusted_and_is_removed() {
	require_root
	box_name stale
	detach "$NAME" sleep 1236.5
	init=$(rec_field "$NAME" init)
	# the supervisor dies; its box dies with it; the record stays behind
	kill -KILL "$(rec_field "$NAME" owner)"
	wait_for 5 gone "sleep 1236.5" || fail "the box outlived its supervisor"
	[ -e "$STATE/$NAME.box" ] || fail "expected the stale record to stay"
	capture "$PIDBOX" kill "$NAME"
	assert_eq 1 "$RC" "kill of a stale box"
	assert_eq "pidbox kill: box $NAME is gone (its init has ended; its stale record was removed)" "$ERR" "message"
	no_state_of "$NAME" || fail "the stale record and log were not removed"
	# a stale record never blocks its name
	detach "$NAME" sleep 1236.6
	[ "$(rec_field "$NAME" init)" != "$init" ] || fail "the new record has the old init"
}

t_stale_record_of_killed_foreground_run_frees_the_name() {
	require_root
	box_name fgkill
	"$PIDBOX" run --name "$NAME" -- sleep 1236.7 &
	wait_for 5 host_pid_of "sleep 1236.7" >/dev/null || fail "box did not start"
	kill -KILL $!
	wait_for 5 gone "sleep 1236.7" || fail "the box outlived pidbox run"
	detach "$NAME" true
}

t_enter_runs_in_the_box() {
	require_root
	box_name enter
	detach "$NAME" sleep 1236.8
	init=$(rec_field "$NAME" init)
	capture "$PIDBOX" enter "$NAME" -- sh -c 'echo $$; readlink /proc/self/ns/pid /proc/self/ns/mnt; ps -e -o pid=,comm='
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "3
$(readlink /proc/$init/ns/pid)
$(readlink /proc/$init/ns/mnt)
1 pidbox
2 sleep
3 sh
5 ps" "$(echo "$OUT" | sed 's/^ *//')" "its PID, namespaces and the processes it sees (4 was readlink)"
}

t_enter_joins_every_namespace_of_the_box() {
	require_root
	box_name allns
	capture "$PIDBOX" run --user --name "$NAME" --detach -- sleep 1236.9
	assert_eq 0 "$RC" "start of a box with a user namespace ($ERR)"
	init=$(rec_field "$NAME" init)
	want=$(for ns in /proc/$init/ns/*; do echo "$(basename $ns) $(readlink $ns)"; done)
	capture "$PIDBOX" enter "$NAME" -- sh -c 'for ns in /proc/self/ns/*; do echo "${ns##*/} $(readlink $ns)"; done'
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "$want" "$OUT" "the namespaces of the entered command"
	assert_ne "$(readlink /proc/self/ns/user)" "$(readlink /proc/$init/ns/user)" "the box has its own user namespace"
}

t_enter_takes_the_box_root_and_cwd() {
	require_root
	box_name cwd
	mkdir -p started-here elsewhere
	(cd started-here && "$PIDBOX" run --name "$NAME" --detach -- sleep 1237.1 >/dev/null)
	init=$(rec_field "$NAME" init)
	cd elsewhere
	capture "$PIDBOX" enter "$NAME" -- sh -c 'pwd -P; readlink /proc/self/root'
	assert_eq "$(cd "$TESTDIR/started-here" && pwd -P)
$(readlink /proc/$init/root)" "$OUT" "the working directory and root inside"
}

t_enter_by_pid() {
	require_root
	box_name bypid
	detach "$NAME" sleep 1237.2
	init=$(rec_field "$NAME" init)
	capture "$PIDBOX" enter "$init" readlink /proc/self/ns/pid
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "$(readlink /proc/$init/ns/pid)" "$OUT" "the PID namespace"
	capture "$PIDBOX" enter 999999999 -- true
	assert_eq 125 "$RC" "no such PID"
	assert_eq "pidbox enter: no process 999999999" "$ERR" "message"
}

t_enter_status_comes_back() {
	require_root
	box_name status
	detach "$NAME" sleep 1237.3
	capture "$PIDBOX" enter "$NAME" -- sh -c 'exit 7'
	assert_eq 7 "$RC" "exit 7"
	capture "$PIDBOX" enter "$NAME" -- sh -c 'kill -USR1 $$'
	assert_eq 138 "$RC" "killed by SIGUSR1"
	capture "$PIDBOX" enter "$NAME" -- no-such-command-xyz
	assert_eq 127 "$RC" "not found"
	assert_eq "pidbox enter: cannot execute 'no-such-command-xyz': No such file or directory (check its name and PATH inside the box)" "$ERR" "message"
	printf 'echo hi\n' >script && chmod 644 script
	capture "$PIDBOX" enter "$NAME" -- "$TESTDIR/script"
	assert_eq 126 "$RC" "not executable"
	assert_one_line "$ERR" "message"
}

t_enter_without_command_runs_shell() {
	require_root
	box_name shell
	detach "$NAME" sleep 1237.4
	printf '#!/bin/sh\necho "shell ran as $$"\n' >myshell && chmod 755 myshell
	capture env SHELL="$TESTDIR/myshell" "$PIDBOX" enter "$NAME"
	assert_eq "shell ran as 3" "$OUT" "\$SHELL in the box"
	OUT=$(echo 'echo "sh ran as $$"' | env -u SHELL "$PIDBOX" enter "$NAME")
	assert_eq "sh ran as 4" "$OUT" "/bin/sh without \$SHELL"
}

t_entered_command_ends_with_the_box() {
	require_root
	box_name ends
	detach "$NAME" sleep 1237.5
	"$PIDBOX" enter "$NAME" -- sleep 1237.6 &
	enter=$!
	wait_for 5 host_pid_of "sleep 1237.6" >/dev/null || fail "entered command not running"
	capture "$PIDBOX" stop --grace 0 "$NAME"
	assert_eq 0 "$RC" "stop ($ERR)"
	# stop returned: nothing of the box is left, the entered command neither
	gone "sleep 1237.6" || fail "the entered command outlived the box"
	wait $enter
	assert_eq 137 "$?" "status of pidbox enter"
}

t_enter_refused_without_the_right() {
	require_root
	command -v setpriv >/dev/null || skip "setpriv not installed"
	box_name deny
	detach "$NAME" sleep 1237.7
	init=$(rec_field "$NAME" init)
	cp "$PIDBOX" ./pidbox && chmod 755 ./pidbox
	nobody="setpriv --reuid 65534 --regid 65534 --clear-groups"
	capture $nobody ./pidbox enter "$init" -- touch "$TESTDIR/entered"
	assert_eq 125 "$RC" "status by PID"
	assert_eq "pidbox enter: cannot enter process $init: Permission denied (only root, or the owner of the box's user namespace, may enter it)" "$ERR" "message by PID"
	# by name: XDG_RUNTIME_DIR=/run makes root's state directory nobody's too
	capture $nobody env XDG_RUNTIME_DIR=/run ./pidbox enter "$NAME" -- touch "$TESTDIR/entered"
	assert_eq 125 "$RC" "status by name"
	assert_eq "pidbox enter: cannot check box $NAME against its record: Permission denied (only root may act on a box that root started)" "$ERR" "message by name"
	[ -e entered ] && fail "the command ran"
	assert_eq 1 "$(pgrep -c -P "$init")" "processes in the box"
	[ -e "$STATE/$NAME.box" ] || fail "a refused enter removed the record"
}

t_unknown_and_bad_names() {
	capture "$PIDBOX" enter no-such-box-$$ -- true
	assert_eq 125 "$RC" "enter of an unknown box"
	assert_eq "pidbox enter: no box or pod named no-such-box-$$" "$ERR" "message"
	for cmd in kill stop logs; do
		capture "$PIDBOX" $cmd no-such-box-$$
		assert_eq 1 "$RC" "$cmd of an unknown box"
		assert_eq "pidbox $cmd: no box or pod named no-such-box-$$" "$ERR" "$cmd message"
	done
	long=$(printf 'n%.0s' $(seq 1 65))
	for bad in "a/b" "" "." ".." "-x" "$(printf 'a\tb')" "$long"; do
		for cmd in kill stop logs; do
			capture "$PIDBOX" $cmd "$bad"
			assert_eq 2 "$RC" "$cmd '$bad'"
			assert_one_line "$ERR" "$cmd '$bad' message"
		done
		capture "$PIDBOX" run --name "$bad" -- true
		assert_eq 125 "$RC" "run --name '$bad'"
		assert_one_line "$ERR" "run --name '$bad' message"
		capture "$PIDBOX" enter "$bad" -- true
		assert_eq 125 "$RC" "enter '$bad'"
	done
	capture "$PIDBOX" kill "a/b"
	assert_eq "pidbox kill: invalid name 'a/b' (use 1 to 64 letters, digits, '_', '.' or '-', not starting with '.' or '-')" "$ERR" "message for a slash"
	capture "$PIDBOX" kill "$(printf 'a\001')"
	assert_eq "pidbox kill: invalid name 'a\\x01' (use 1 to 64 letters, digits, '_', '.' or '-', not starting with '.' or '-')" "$ERR" "a control character is shown escaped"
	capture "$PIDBOX" kill "$long"
	assert_eq "pidbox kill: the name '$(printf 'n%.0s' $(seq 1 64))...' is longer than 64 characters" "$ERR" "message for a long name"
	# exactly 64 is fine
	capture "$PIDBOX" kill "${long:1}"
	assert_eq 1 "$RC" "a 64-character name is valid (not found)"
}

t_kill_sends_term_to_the_command() {
	require_root
	box_name term
	detach "$NAME" "$H" signals
	wait_for 5 grep -q ready "$STATE/$NAME.log" || fail "helper not ready"
	capture "$PIDBOX" kill "$NAME"
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "" "$OUT$ERR" "kill prints nothing"
	# the helper exits on TERM: the box ends and its record goes
	wait_for 5 no_state_of "$NAME" || fail "the box did not end on TERM"
}

t_kill_named_and_numbered_signals() {
	require_root
	box_name sigs
	detach "$NAME" "$H" signals
	wait_for 5 grep -q ready "$STATE/$NAME.log" || fail "helper not ready"
	for s in USR1 SIGUSR2 10 HUP; do
		capture "$PIDBOX" kill "$NAME" "$s"
		assert_eq 0 "$RC" "kill $s ($ERR)"
	done
	wait_for 5 grep -q "got HUP" "$STATE/$NAME.log" || fail "no HUP"
	assert_eq "ready
got USR1
got USR2
got USR1
got HUP" "$(cat "$STATE/$NAME.log")" "signals the command got"
	capture "$PIDBOX" kill "$NAME" NOSUCHSIG
	assert_eq 2 "$RC" "bad signal"
	assert_eq "pidbox kill: unknown signal 'NOSUCHSIG' (a name such as TERM, or a number)" "$ERR" "message"
	capture "$PIDBOX" kill
	assert_eq 2 "$RC" "no box"
	capture "$PIDBOX" kill "$NAME" TERM extra
	assert_eq 2 "$RC" "too many arguments"
}

t_kill_KILL_goes_to_the_command_not_the_init() {
	require_root
	box_name kill9
	# If KILL hit the init, the leftover would die with it at once; sent to
	# the command, the init ends the leftover with TERM and its grace.
	detach "$NAME" sh -c "$H trap-term 300 '$TESTDIR/graced' & exec sleep 1237.8"
	wait_for 5 host_pid_of "sleep 1237.8" >/dev/null || fail "box not started"
	sleep 0.2
	capture "$PIDBOX" kill "$NAME" KILL
	assert_eq 0 "$RC" "status ($ERR)"
	wait_for 10 no_state_of "$NAME" || fail "the box did not end"
	[ -f graced ] || fail "the leftover had no grace: KILL went to the init"
}

t_kill_STOP_and_CONT_reach_the_command() {
	require_root
	box_name stopcont
	detach "$NAME" sleep 1237.9
	pid=$(host_pid_of "sleep 1237.9") || fail "box not started"
	capture "$PIDBOX" kill "$NAME" STOP
	assert_eq 0 "$RC" "STOP ($ERR)"
	wait_for 5 grep -q '^State:.T' /proc/$pid/status || fail "the command did not stop"
	capture "$PIDBOX" kill "$NAME" CONT
	wait_for 5 grep -q '^State:.S' /proc/$pid/status || fail "the command did not continue"
}

t_kill_all_reaches_every_process_but_the_init() {
	require_root
	box_name all
	detach "$NAME" sh -c "trap '' USR1; $H signals >'$TESTDIR/a' & $H signals >'$TESTDIR/b' & wait"
	wait_for 5 grep -q ready a || fail "a not ready"
	wait_for 5 grep -q ready b || fail "b not ready"
	capture "$PIDBOX" kill --all "$NAME" USR1
	assert_eq 0 "$RC" "status ($ERR)"
	wait_for 5 grep -q "got USR1" a || fail "a got nothing"
	wait_for 5 grep -q "got USR1" b || fail "b got nothing"
	capture "$PIDBOX" kill "$NAME" USR2
	sleep 0.2
	assert_not_contains "$(cat a b)" "USR2" "without --all only the command (sh, ignoring nothing but USR1)"
}

t_stop_ends_everything_and_removes_the_record() {
	require_root
	box_name stop
	detach "$NAME" sh -c "sleep 1238.1 & $H ignore-term & setsid $H setsid-ignore-term & exec sleep 1238.2"
	"$PIDBOX" enter "$NAME" -- "$H" ignore-term >/dev/null &
	wait_for 5 host_pid_of "sleep 1238.1" >/dev/null || fail "box not started"
	init=$(rec_field "$NAME" init)
	ns=$(readlink /proc/$init/ns/pid)
	capture "$PIDBOX" stop --grace 0.5 "$NAME"
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "" "$OUT$ERR" "stop prints nothing"
	# nothing of the box the moment stop returns
	for p in /proc/[0-9]*; do
		[ "$(readlink $p/ns/pid 2>/dev/null)" = "$ns" ] && fail "left in the box: $p $(cat $p/cmdline | tr '\0' ' ')"
	done
	no_state_of "$NAME" || fail "record or log left"
	wait
}

t_stop_grace_then_kill() {
	require_root
	box_name grace
	detach "$NAME" "$H" ignore-term
	wait_for 5 grep -q ready "$STATE/$NAME.log" || fail "helper not ready"
	start=$(date +%s%N)
	capture "$PIDBOX" stop --grace 1 "$NAME"
	ms=$((($(date +%s%N) - start) / 1000000))
	assert_eq 0 "$RC" "status ($ERR)"
	# the helper ignores TERM: stop can only have returned after a KILL
	[ "$ms" -ge 1000 ] || fail "stop did not give the grace period: $ms ms"
	no_state_of "$NAME" || fail "record left"
}

t_stop_term_handler_runs() {
	require_root
	box_name handler
	detach "$NAME" "$H" trap-term 200 "$TESTDIR/handled"
	wait_for 5 grep -q ready "$STATE/$NAME.log" || fail "helper not ready"
	capture "$PIDBOX" stop "$NAME"
	assert_eq 0 "$RC" "status ($ERR)"
	[ -f handled ] || fail "the command's TERM handler did not finish"
}

t_stop_of_a_box_already_stopping() {
	require_root
	box_name twice
	detach "$NAME" "$H" ignore-term
	wait_for 5 grep -q ready "$STATE/$NAME.log" || fail "helper not ready"
	ino=$(stat -c %i "$STATE/$NAME.box")
	"$PIDBOX" stop --grace 2 "$NAME" &
	first=$!
	# the first stop holds the record's lock while it works
	wait_for 5 grep -q "FLOCK.*:$ino " /proc/locks || fail "the first stop took no lock"
	capture "$PIDBOX" stop "$NAME"
	assert_eq 1 "$RC" "status of the second stop"
	assert_eq "pidbox stop: box $NAME is already being stopped (wait for that stop to end, or pidbox kill $NAME KILL)" "$ERR" "message"
	kill -0 "$(rec_field "$NAME" init)" || fail "the second stop did something to the box"
	wait $first
	assert_eq 0 "$?" "status of the first stop"
	no_state_of "$NAME" || fail "record left"
}

t_stop_and_logs_usage() {
	capture "$PIDBOX" stop
	assert_eq 2 "$RC" "stop without a box"
	capture "$PIDBOX" stop --grace soon x
	assert_eq 2 "$RC" "bad grace"
	assert_eq "pidbox stop: --grace 'soon' is not a number of seconds" "$ERR" "message"
	capture "$PIDBOX" logs
	assert_eq 2 "$RC" "logs without a box"
	capture "$PIDBOX" logs --frob x
	assert_eq 2 "$RC" "logs with a bad option"
	assert_one_line "$ERR" "message"
}

t_logs_of_a_box_without_log() {
	require_root
	box_name nolog
	"$PIDBOX" run --name "$NAME" -- sleep 1238.3 &
	wait_for 5 test -e "$STATE/$NAME.box" || fail "no record"
	capture "$PIDBOX" logs "$NAME"
	assert_eq 1 "$RC" "status"
	assert_eq "pidbox logs: box $NAME has no log (only a box started with --detach has one)" "$ERR" "message"
	capture "$PIDBOX" stop "$NAME"
	wait
}

t_run_option_conflicts() {
	capture "$PIDBOX" run --detach -- true
	assert_eq 125 "$RC" "--detach without --name"
	assert_eq "pidbox run: --detach needs --name NAME (to reach the box later)" "$ERR" "message"
	capture "$PIDBOX" run --pod p --name x -- true
	assert_eq 125 "$RC" "--pod with --name"
	assert_one_line "$ERR" "message"
	capture "$PIDBOX" run --name
	assert_eq 125 "$RC" "--name without a value"
}

t_non_root_uses_xdg_runtime_dir() {
	require_root
	command -v setpriv >/dev/null || skip "setpriv not installed"
	[ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)" -gt 0 ] || skip "user namespaces are disabled"
	cp "$PIDBOX" ./pidbox && chmod 755 ./pidbox
	mkdir xdg && chown 65534 xdg
	as_nobody() { setpriv --reuid 65534 --regid 65534 --clear-groups env XDG_RUNTIME_DIR="$TESTDIR/xdg" ./pidbox "$@"; }
	capture as_nobody run --user --name mine --detach -- sh -c 'echo hello; exec sleep 1000'
	assert_eq 0 "$RC" "a user's detached box ($ERR)"
	[ -e xdg/pidbox/mine.box ] || fail "no record in \$XDG_RUNTIME_DIR/pidbox"
	[ -e "$STATE/mine.box" ] && fail "a user's box recorded in $STATE"
	assert_eq "700 nobody" "$(stat -c '%a %U' xdg/pidbox)" "the user's state directory"
	capture as_nobody enter mine -- sh -c 'id -u; echo $$'
	assert_eq "0
3" "$OUT" "enter as the user ($ERR)"
	wait_for 5 grep -q hello xdg/pidbox/mine.log || fail "nothing logged"
	capture as_nobody logs mine
	assert_eq hello "$OUT" "logs as the user"
	capture as_nobody stop mine
	assert_eq 0 "$RC" "stop as the user ($ERR)"
	[ -e xdg/pidbox/mine.box ] && fail "record left"
	# refused starts leave nothing: no record, no log, no supervisor
	capture as_nobody run --name nsfail --detach -- true
	assert_eq 125 "$RC" "a detached box without the right to create namespaces"
	assert_eq "pidbox run: cannot create the namespaces: Operation not permitted (run as root, or add --user to use a user namespace)" "$ERR" "message"
	capture as_nobody pod create podfail
	assert_eq 1 "$RC" "a pod without the right to create namespaces"
	assert_eq "pidbox pod: cannot create pod podfail: Operation not permitted (run as root)" "$ERR" "message"
	assert_eq "" "$(ls -A xdg/pidbox)" "what the refused starts left in the state directory"
	capture setpriv --reuid 65534 --regid 65534 --clear-groups env -u XDG_RUNTIME_DIR ./pidbox run --user --name mine -- true
	assert_eq 125 "$RC" "without XDG_RUNTIME_DIR"
	assert_eq "pidbox run: no state directory for --name: XDG_RUNTIME_DIR is not set (set it, or run as root)" "$ERR" "message"
}

t_help_of_the_box_commands() {
	for cmd in enter kill stop logs pod; do
		capture "$PIDBOX" $cmd --help
		assert_eq 0 "$RC" "$cmd --help"
		assert_contains "$OUT" "pidbox $cmd" "$cmd usage line"
		assert_contains "$OUT" "pidbox-$cmd(1)" "$cmd man page pointer"
	done
	capture "$PIDBOX" --help
	for cmd in enter kill stop logs pod; do
		assert_contains "$OUT" " $cmd " "pidbox --help lists $cmd"
	done
	capture "$PIDBOX" run --help
	assert_contains "$OUT" "--detach" "run --help"
}
