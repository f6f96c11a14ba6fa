# Box names in the inspection commands: ps NAME, the BOX column of ls, ps
# and pid, and a name whose box has ended.

start_named() { # NAME MARKER
	capture "$PIDBOX" run --name "$1" --detach -- sleep "$2"
	assert_eq 0 "$RC" "run --name $1 --detach ($ERR)"
	wait_for 5 host_pid_of "sleep $2" || fail "the box's command did not start"
}

t_ps_by_name_shows_that_box() {
	start_named names-a 2101.1
	capture "$PIDBOX" ps -o nspid,command names-a
	"$PIDBOX" stop --grace 0 names-a
	assert_eq 0 "$RC" "ps names-a ($ERR)"
	assert_match "$OUT" '^ *1 .*pidbox run --name names-a' "the init, PID 1 inside"
	assert_match "$OUT" '2 .*sleep 2101.1' "the command, PID 2 inside"
	assert_eq 3 "$(echo "$OUT" | wc -l)" "header and two processes"
}

t_ls_ps_and_pid_name_the_box() {
	start_named names-b 2101.2
	pid=$(host_pid_of "sleep 2101.2")
	capture "$PIDBOX" ls --json
	ls_json=$OUT
	capture "$PIDBOX" pid "$pid"
	pid_out=$OUT
	capture "$PIDBOX" ps -o pid,box
	ps_out=$OUT
	"$PIDBOX" stop --grace 0 names-b
	assert_contains "$ls_json" '"box": "names-b"' "ls --json names the box"
	assert_match "$pid_out" '^ *1 +[0-9]+ +2 +names-b$' "pid shows the box at depth 1"
	assert_match "$ps_out" "^ *$pid +names-b\$" "ps shows the box of its command"
}

t_name_of_an_ended_box_is_refused() {
	start_named names-c 2101.3
	"$PIDBOX" stop --grace 0 names-c
	capture "$PIDBOX" ps names-c
	assert_eq 1 "$RC" "status"
	assert_eq "pidbox ps: no box or pod named names-c" "$ERR" "message"
}
