# PID reuse: a box's record outlives its init, an unrelated process takes the
# init's PID, and kill, stop, enter and ps by name must refuse ("box NAME is
# gone") and leave that process alone.  The whole scenario runs inside one
# outer box: its own PID namespace, whose pid_max is lowered so that PIDs come
# back within a few dozen forks, and its own /run/pidbox (a tmpfs in its own
# mount namespace), so the host's state directory is never touched.
H=$HELPERS/pbhelper
REUSE_FILE=${BASH_SOURCE[0]}

# The smallest pid_max the kernel accepts is 301, but once PID 300 has been
# handed out it only hands out [300, pid_max): with 301 a single process could
# run.  340 leaves room for the scenario's own processes and still brings a PID
# back after at most 40 forks.
REUSE_PID_MAX=340

rec_field() { # FIELD [N]: the Nth value of a field of the victim's record
	awk -v k="$1" -v n="${2:-1}" '$1 == k { print $(n + 1) }' /run/pidbox/victim.box
}

# One round: returns 0 when every command refused and the impostor was left
# alone, 1 when a command did something to it.  KIND is "plain" (a helper
# process) or "box" (the init of another box: same name "pidbox", a PID
# namespace of its own).
reuse_round() { # KIND
	local kind=$1 old owner imp_pid cmd
	"$PIDBOX" run --name victim --detach -- sleep 1000 >/dev/null || fail "the victim did not start"
	old=$(rec_field init) owner=$(rec_field owner)
	[ -n "$old" ] && [ -n "$owner" ] || fail "no init or owner in the record"
	cp /run/pidbox/victim.box stale.box
	# Killing the supervisor kills the box (it dies with its parent) and
	# leaves the record behind: stale, with the old init's PID in it.
	kill -KILL "$owner"
	wait_for 10 eval '! kill -0 '"$old"' 2>/dev/null' || fail "the victim's init outlived its supervisor"
	: >imp.out
	if [ "$kind" = plain ]; then
		"$H" pid-at "$old" 0 -- "$H" signals >imp.out 2>forks || fail "no process got PID $old: $(cat forks)"
	else
		# pidbox run takes the PID before, its init the old PID
		"$H" pid-at "$old" 1 -- "$PIDBOX" run -- "$H" signals >imp.out 2>forks ||
			fail "no process got PID $old: $(cat forks)"
	fi
	wait_for 10 grep -q ready imp.out || fail "the impostor did not start"
	imp_pid=$old
	# The counter-check: a tool acting on the recorded PID would hit it.
	assert_eq "$old" "$(awk '$1 == "init" {print $2}' stale.box)" "recorded PID"
	[ -d "/proc/$imp_pid" ] || fail "no impostor at PID $old"
	if [ "$kind" = box ]; then
		assert_eq pidbox "$(cat /proc/$imp_pid/comm)" "the impostor is another box's init"
	fi
	for cmd in kill stop enter ps; do
		cp stale.box /run/pidbox/victim.box
		case $cmd in
		kill) capture "$PIDBOX" kill victim; want=1 ;;
		stop) capture "$PIDBOX" stop --grace 0 victim; want=1 ;;
		enter) capture "$PIDBOX" enter victim -- sh -c 'echo entered'; want=125 ;;
		ps) capture "$PIDBOX" ps victim; want=1 ;;
		esac
		assert_eq "$want" "$RC" "status of $cmd on the stale record"
		assert_eq "pidbox $cmd: box victim is gone (its init has ended; its stale record was removed)" \
			"$ERR" "message of $cmd"
		assert_eq "" "$OUT" "output of $cmd"
		[ -e /run/pidbox/victim.box ] && fail "$cmd left the stale record"
	done
	local hit=0
	kill -0 "$imp_pid" 2>/dev/null || hit=1
	[ "$(cat imp.out)" = ready ] || hit=1
	kill -TERM "$imp_pid"
	wait_for 10 eval '! kill -0 '"$imp_pid"' 2>/dev/null' || fail "the impostor did not end"
	return $hit
}

reuse_scenario() { # ROUNDS
	local rounds=$1 wrong=0 i
	cd "$TESTDIR" || fail "no test directory"
	mount -t tmpfs pidbox-reuse /run/pidbox || fail "cannot mount a state directory of the box's own"
	echo "$REUSE_PID_MAX" >/proc/sys/kernel/pid_max || fail "this kernel has no per-namespace pid_max"
	# Past PID 300 the kernel never hands out a lower one again.
	while [ "$(sh -c 'echo $$')" -lt 300 ]; do :; done
	for ((i = 1; i <= rounds; i++)); do
		if ((i % 2)); then reuse_round plain; else reuse_round box; fi || wrong=$((wrong + 1))
	done
	echo "rounds=$rounds wrong_signals=$wrong"
	[ "$wrong" -eq 0 ]
}

t_stale_record_after_pid_reuse_is_refused() {
	require_root
	capture "$PIDBOX" run -- bash -c "source '$PIDBOX_ROOT/tests/integration/lib.sh'; source '$REUSE_FILE'; reuse_scenario 50"
	echo "$OUT"
	assert_eq 0 "$RC" "the scenario ($ERR)"
	assert_contains "$OUT" "rounds=50 wrong_signals=0" "wrong signals over 50 rounds"
}

t_pid_max_below_301_is_refused() {
	# Documents why the scenario uses REUSE_PID_MAX: 301 is the floor.
	require_root
	capture "$PIDBOX" run -- sh -c 'echo 300 >/proc/sys/kernel/pid_max 2>/dev/null && echo accepted-300;
		echo 301 >/proc/sys/kernel/pid_max && echo accepted-301'
	assert_eq "accepted-301" "$OUT" "pid_max values accepted in a box"
}
