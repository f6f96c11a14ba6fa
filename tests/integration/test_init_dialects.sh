# pidbox init under the names tini, dumb-init and catatonit: each documented
# option and environment variable of those programs, and their exit statuses.
H=$HELPERS/pbhelper

# ./tini, ./dumb-init, ./catatonit: the pidbox binary under those names.
dialects() {
	for name in tini dumb-init catatonit; do
		ln -sf "$PIDBOX" "$name"
	done
}

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

# Runs CMD... with a child in the background that reports SIGUSR1; sends
# SIGUSR1 to the init and prints "group" when the child got it, else "command".
who_gets_usr1() { # CMD...
	# a fresh file each time: a "ready" left by the previous call must not count
	rm -f child out
	start_ready out "$@" sh -c "trap 'echo sh got USR1' USR1; $H signals USR1 TERM >child & echo ready; wait; wait"
	wait_for 5 grep -q ready child || fail "child not ready"
	kill -USR1 $BG
	wait_for 5 grep -q "sh got USR1" out || fail "the command did not get SIGUSR1: $(cat out)"
	sleep 0.3
	if grep -q "got USR1" child; then echo group; else echo command; fi
	kill -TERM $BG
	wait $BG
}

# The parent of an orphan that the command leaves, and the init's PID.
orphan_parent() { # CMD...
	"$@" sh -c 'sh -c "sleep 3 & echo \$!" >orphan; sleep 0.2;
		echo "$PPID $(awk "/^PPid:/ {print \$2}" /proc/$(cat orphan)/status)"'
}

# --- tini ---

t_tini_help_version_license() {
	dialects
	capture ./tini -h
	assert_eq 0 "$RC" "-h status"
	assert_contains "$OUT" "tini [OPTIONS] [--] COMMAND [ARG...] | --version" "usage line"
	for opt in " --version" " -h " " -s " " -p SIGNAL" " -v " " -w " " -g " " -e CODE" " -l " \
		TINI_SUBREAPER TINI_VERBOSITY TINI_KILL_PROCESS_GROUP PIDBOX_INIT_GRACE; do
		assert_contains "$OUT" "$opt" "-h documents $opt"
	done
	capture ./tini --version
	assert_eq 0 "$RC" "--version status"
	assert_match "$OUT" '^tini version 0\.19\.0 \(pidbox [0-9.]+\)$' "--version"
	capture ./tini -l
	assert_eq 0 "$RC" "-l status"
	assert_contains "$OUT" "MIT License" "-l"
}

t_tini_runs_the_command() {
	dialects
	capture ./tini -- sh -c 'exit 7'
	assert_eq 7 "$RC" "status"
	assert_eq "" "$ERR" "no warning: not PID 1, but a subreaper anyway"
	capture ./tini sh -c 'kill -USR1 $$'
	assert_eq 138 "$RC" "killed by SIGUSR1, without --"
}

t_tini_s_and_TINI_SUBREAPER() {
	dialects
	for cmd in "./tini -s --" "env TINI_SUBREAPER= ./tini --" "./tini --"; do
		capture orphan_parent $cmd
		set -- $OUT
		assert_eq "$1" "$2" "$cmd: the orphan's parent is the init"
	done
}

t_tini_p_parent_death_signal() {
	dialects
	sh -c "./tini -p SIGUSR1 -- '$H' signals USR1 >out 2>&1 & sleep 0.5"
	wait_for 5 grep -q "got USR1" out || fail "-p SIGUSR1: nothing passed on when the parent died: $(cat out)"
}

t_tini_v_verbosity_and_TINI_VERBOSITY() {
	dialects
	capture ./tini -- true
	assert_eq "" "$ERR" "default verbosity"
	capture ./tini -v -- true
	assert_match "$ERR" '^\[INFO  tini \([0-9]+\)\] the command runs as PID [0-9]+' "-v"
	assert_match "$ERR" 'the command \(PID [0-9]+\) ended with status 0' "-v"
	assert_not_contains "$ERR" DEBUG "-v shows no debug"
	capture ./tini -vv -- sh -c 'kill -WINCH $PPID; sleep 0.2'
	assert_match "$ERR" '\[DEBUG tini \([0-9]+\)\] SIGWINCH received, passed on as SIGWINCH' "-vv"
	capture env TINI_VERBOSITY=3 ./tini -- sh -c 'kill -WINCH $PPID; sleep 0.2'
	assert_contains "$ERR" "DEBUG" "TINI_VERBOSITY=3"
	capture env TINI_VERBOSITY=2 ./tini -v -- true
	assert_contains "$ERR" "] the command runs" "TINI_VERBOSITY=2 with -v"
}

t_tini_w_warns_on_reaping() {
	dialects
	capture ./tini -w -- sh -c 'sh -c "sleep 0.1 &"; sleep 0.4'
	assert_eq 0 "$RC" "status"
	assert_match "$ERR" '^\[WARN  tini \([0-9]+\)\] reaped the zombie of PID [0-9]+$' "-w"
	capture env TINI_VERBOSITY=0 ./tini -w -- sh -c 'sh -c "sleep 0.1 &"; sleep 0.4'
	assert_eq "" "$ERR" "-w with TINI_VERBOSITY=0"
}

t_tini_g_and_TINI_KILL_PROCESS_GROUP() {
	dialects
	assert_eq command "$(who_gets_usr1 ./tini --)" "who gets a signal by default"
	assert_eq group "$(who_gets_usr1 ./tini -g --)" "who gets a signal with -g"
	assert_eq group "$(who_gets_usr1 env TINI_KILL_PROCESS_GROUP=1 ./tini --)" "with TINI_KILL_PROCESS_GROUP"
}

t_tini_e_maps_status_to_zero() {
	dialects
	capture ./tini -e 143 -- sh -c 'kill -TERM $$'
	assert_eq 0 "$RC" "-e 143 after SIGTERM"
	capture ./tini -e 3 -e 4 -- sh -c 'exit 4'
	assert_eq 0 "$RC" "-e 3 -e 4, exit 4"
	capture ./tini -e 3 -- sh -c 'exit 5'
	assert_eq 5 "$RC" "-e 3, exit 5"
}

t_tini_bad_input() {
	dialects
	capture ./tini -x -- true
	assert_eq 1 "$RC" "unknown option"
	assert_eq "pidbox tini: option '-x' is unknown or lacks its argument (see 'tini -h')" "$ERR" "message"
	capture ./tini --help
	assert_eq 1 "$RC" "--help is not tini's"
	assert_one_line "$ERR" "message"
	capture ./tini
	assert_eq 1 "$RC" "no command"
	assert_eq "pidbox tini: no command given (usage: tini [OPTIONS] -- COMMAND [ARG...])" "$ERR" "message"
	capture ./tini -e 300 -- true
	assert_eq 1 "$RC" "-e 300"
	assert_eq "pidbox tini: -e '300' is not an exit code from 0 to 255" "$ERR" "message"
	capture ./tini -p FOO -- true
	assert_eq 1 "$RC" "-p FOO"
	assert_eq "pidbox tini: -p 'FOO' is not a signal (e.g. -p SIGKILL)" "$ERR" "message"
	capture ./tini -p
	assert_eq 1 "$RC" "-p without a value"
	assert_one_line "$ERR" "message"
	capture ./tini -- no-such-command-xyz
	assert_eq 127 "$RC" "not found"
	assert_eq "pidbox tini: cannot execute 'no-such-command-xyz': No such file or directory (check its name and PATH)" "$ERR" "message"
	capture ./tini -- /etc/passwd
	assert_eq 126 "$RC" "not executable"
	assert_one_line "$ERR" "message"
}

# --- dumb-init ---

t_dumb_init_help_version() {
	dialects
	for h in -h --help; do
		capture ./dumb-init $h
		assert_eq 0 "$RC" "$h status"
		for opt in "-c, --single-child" "-r, --rewrite S:R" "-v, --verbose" "-h, --help" \
			"-V, --version" DUMB_INIT_SETSID=0 PIDBOX_INIT_GRACE; do
			assert_contains "$OUT" "$opt" "$h documents $opt"
		done
	done
	for v in -V --version; do
		capture ./dumb-init $v
		assert_eq 0 "$RC" "$v status"
		assert_match "$OUT" '^dumb-init v1\.2\.5 \(pidbox [0-9.]+\)$' "$v"
	done
}

t_dumb_init_session_by_default() {
	dialects
	capture ./dumb-init sh -c 'echo $$ $(ps -o sid=,pgid= -p $$); exit 3'
	assert_eq 3 "$RC" "status"
	set -- $OUT
	assert_eq "$1 $1 $1" "$1 $2 $3" "PID, session and group of the command"
	assert_eq group "$(who_gets_usr1 ./dumb-init)" "who gets a signal by default"
}

t_dumb_init_single_child() {
	dialects
	for cmd in "./dumb-init -c" "./dumb-init --single-child" "env DUMB_INIT_SETSID=0 ./dumb-init"; do
		capture $cmd sh -c 'echo $(ps -o pgid= -p $$) $(ps -o pgid= -p $PPID)'
		set -- $OUT
		assert_eq "$1" "$2" "$cmd: the command stays in the init's group"
		assert_eq command "$(who_gets_usr1 $cmd)" "$cmd: who gets a signal"
	done
	capture env DUMB_INIT_SETSID=1 ./dumb-init sh -c 'echo $$ $(ps -o sid= -p $$)'
	set -- $OUT
	assert_eq "$1" "$2" "DUMB_INIT_SETSID=1 keeps the session"
}

t_dumb_init_rewrite() {
	dialects
	for r in "-r 15:10 -r 12:0" "--rewrite 15:10 --rewrite 12:0" "--rewrite=15:10 -r12:0"; do
		start_ready out ./dumb-init $r "$H" signals USR1
		kill -USR2 $BG
		kill -TERM $BG
		wait $BG
		assert_eq 0 "$?" "$r: the helper exited on USR1"
		assert_not_contains "$(cat out)" "got USR2" "$r: USR2 (12) dropped"
		assert_not_contains "$(cat out)" "got TERM" "$r: TERM rewritten"
	done
}

t_dumb_init_verbose() {
	dialects
	for v in -v --verbose; do
		capture ./dumb-init $v sh -c 'trap "exit 2" HUP; kill -HUP $PPID; sleep 1'
		assert_eq 2 "$RC" "$v: status"
		assert_match "$ERR" '^\[dumb-init\] the command runs as PID [0-9]+' "$v"
		assert_contains "$ERR" "[dumb-init] SIGHUP received, forwarded as SIGHUP" "$v"
		assert_match "$ERR" '\[dumb-init\] the command \(PID [0-9]+\) ended with status 2' "$v"
	done
}

t_dumb_init_bad_input() {
	dialects
	capture ./dumb-init -r 15 true
	assert_eq 1 "$RC" "-r 15"
	assert_eq "pidbox dumb-init: --rewrite '15' is not S:R with signal numbers S from 1 to 31 and R from 0 to 31, S not 9, 17 or 19 (e.g. --rewrite 15:3)" "$ERR" "message"
	for bad in 15:99 99:1 0:1 a:b TERM:QUIT 15:3x 9:1 17:0 -1:2 15:; do
		capture ./dumb-init -r "$bad" true
		assert_eq 1 "$RC" "-r $bad"
		assert_one_line "$ERR" "-r $bad: message"
	done
	capture ./dumb-init --bogus true
	assert_eq 1 "$RC" "unknown option"
	assert_eq "pidbox dumb-init: option '--bogus' is unknown or lacks its argument (see 'dumb-init --help')" "$ERR" "message"
	capture ./dumb-init
	assert_eq 1 "$RC" "no command"
	assert_eq "pidbox dumb-init: no command given (usage: dumb-init [OPTIONS] COMMAND [ARG...])" "$ERR" "message"
	capture ./dumb-init no-such-command-xyz
	assert_eq 2 "$RC" "not found"
	assert_eq "pidbox dumb-init: cannot execute 'no-such-command-xyz': No such file or directory (check its name and PATH)" "$ERR" "message"
	capture ./dumb-init /etc/passwd
	assert_eq 2 "$RC" "not executable"
}

t_dumb_init_takes_the_terminal_as_its_session() {
	# dumb-init leads the pty's session: it lets the terminal go, the command
	# takes it as its controlling terminal; the SIGHUP and SIGCONT of that
	# hand-over do not reach the command.
	dialects
	capture "$H" pty "expect:ready" "send:\x03" "expect:got INT" -- ./dumb-init sh -c \
		'echo "ids $$ $(ps -o sid=,tpgid= -p $$)"; exec '"$H"' signals INT'
	[ "$RC" -ne 99 ] || fail "terminal dialogue timed out: $OUT"
	assert_eq 0 "$RC" "status"
	ids=$(echo "$OUT" | tr -d '\r' | sed -n 's/^ids //p')
	set -- $ids
	assert_eq "$1 $1 $1" "$1 $2 $3" "the command's PID, session, and the terminal's foreground group"
	assert_not_contains "$OUT" "got HUP" "a SIGHUP from the hand-over"
	assert_not_contains "$OUT" "got CONT" "a SIGCONT from the hand-over"
}

t_dumb_init_ctrl_z_stops_the_whole_job() {
	command -v bash >/dev/null || skip "bash not installed"
	dialects
	capture "$H" pty "expect:\$ " "send:./dumb-init sleep 4101.9\n" "sleep:400" "send:\x1a" \
		"expect:Stopped" "send:fg\n" "sleep:400" "send:\x03" "send:echo after=\$?\n" \
		"expect:after=" "send:exit 5\n" -- env PS1='$ ' bash --norc --noprofile -i
	[ "$RC" -ne 99 ] || fail "terminal dialogue timed out (the shell hung on Ctrl-Z?): $OUT"
	assert_eq 5 "$RC" "status of the shell"
	assert_contains "$OUT" "after=130" "Ctrl-C after fg ended the command"
}

# --- catatonit ---

t_catatonit_help_version_license() {
	dialects
	capture ./catatonit -h
	assert_eq 0 "$RC" "-h status"
	assert_contains "$OUT" "catatonit [-ghLPV] [--] COMMAND [ARG...]" "usage line"
	for opt in " -g " " -h " " -L " " -P " " -V, --version" PIDBOX_INIT_GRACE; do
		assert_contains "$OUT" "$opt" "-h documents $opt"
	done
	for v in -V --version; do
		capture ./catatonit $v
		assert_eq 0 "$RC" "$v status"
		assert_match "$OUT" '^tini version 0\.1\.7_catatonit \(pidbox [0-9.]+\)$' "$v"
	done
	capture ./catatonit -L
	assert_eq 0 "$RC" "-L status"
	assert_contains "$OUT" "MIT License" "-L"
}

t_catatonit_runs_the_command() {
	dialects
	capture ./catatonit -- sh -c 'exit 9'
	assert_eq 9 "$RC" "status"
	capture ./catatonit -- sh -c 'kill -USR1 $$'
	assert_eq 138 "$RC" "killed by SIGUSR1"
	capture orphan_parent ./catatonit --
	set -- $OUT
	assert_eq "$1" "$2" "the orphan's parent is the init"
	assert_eq command "$(who_gets_usr1 ./catatonit --)" "who gets a signal by default"
	assert_eq group "$(who_gets_usr1 ./catatonit -g --)" "who gets a signal with -g"
}

t_catatonit_P_pause_mode() {
	dialects
	./catatonit -P &
	box=$!
	sleep 0.3
	kill -HUP $box
	kill -USR1 $box
	sleep 0.2
	kill -0 $box || fail "-P ended on SIGHUP or SIGUSR1"
	kill -INT $box
	wait $box
	assert_eq 0 "$?" "status after SIGINT"
	./catatonit -P &
	box=$!
	sleep 0.3
	kill -TERM $box
	wait $box
	assert_eq 0 "$?" "status after SIGTERM"
}

t_catatonit_bad_input() {
	dialects
	capture ./catatonit
	assert_eq 1 "$RC" "no command"
	assert_eq "pidbox catatonit: no command given (usage: catatonit [-ghLPV] [--] COMMAND [ARG...])" "$ERR" "message"
	capture ./catatonit -v -- true
	assert_eq 1 "$RC" "-v is not catatonit's"
	assert_eq "pidbox catatonit: option '-v' is unknown or lacks its argument (see 'catatonit -h')" "$ERR" "message"
	capture ./catatonit -- no-such-command-xyz
	assert_eq 1 "$RC" "not found"
	assert_eq "pidbox catatonit: cannot execute 'no-such-command-xyz': No such file or directory (check its name and PATH)" "$ERR" "message"
	capture ./catatonit -- /etc/passwd
	assert_eq 1 "$RC" "not executable"
}
