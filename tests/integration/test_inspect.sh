# pidbox ps, ls and pid: what a user sees, at several nesting depths, with
# the kernel's ioctls refused, under churn, and on bad input.
# Each t_* function is one test (see harness.sh).
P=$PIDBOX
H=$HELPERS/pbhelper
# Tree branches in ASCII (|- `-) unless a test asks for UTF-8.
export LC_ALL=C

ppid_of() { awk '/^PPid:/ {print $2}' "/proc/$1/status"; }
ns_inode() { readlink "/proc/$1/ns/pid" | tr -dc 0-9; }
squeeze() { awk '{$1 = $1; print}'; }
quiet() { "$@" >/dev/null; }

# The PID of the process whose whole command line is exactly the words given.
pid_of_exact() { # WORDS
	local p
	for p in /proc/[0-9]*; do
		if [ "$({ tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null)" = "$* " ]; then
			echo "${p#/proc/}"
			return 0
		fi
	done
	return 1
}

# The line of OUT whose first field (tree branches stripped) is $1.
line_of() { # FIRST-FIELD
	printf '%s\n' "$OUT" | sed -E 's/^[|` -]*//' | squeeze | awk -v k="$1" '$1 == k'
}

# A box in a box: sleep $1 at depth 2.  Sets BOX (the outer pidbox run), S
# (the sleep), II (inner init), R (inner pidbox run, in level 1), OI (outer
# init), NS0 NS1 NS2, and NSPID and IINSPID (of S and II, from the host).
two_levels() { # MARKER
	"$P" run -- "$P" run -- sleep "$1" &
	BOX=$!
	wait_for 5 quiet pid_of_exact sleep "$1" || fail "the boxes did not start"
	S=$(pid_of_exact sleep "$1")
	II=$(ppid_of "$S")
	R=$(ppid_of "$II")
	OI=$(ppid_of "$R")
	NS0=$(ns_inode $$)
	NS1=$(ns_inode "$R")
	NS2=$(ns_inode "$S")
	read -r -a NSPID <<<"$(nspid_of "$S")"
	read -r -a IINSPID <<<"$(nspid_of "$II")"
	[ "${#NSPID[@]}" -eq 3 ] || fail "NSpid of the sleep: ${NSPID[*]}"
}

# Ends the box started in the background; its status is not what is tested.
end_box() {
	kill -TERM "$BOX"
	wait "$BOX" || true
}

t_pid_shows_every_level() {
	two_levels 2001.1
	capture "$P" pid "$S"
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "DEPTH NS PID BOX
0 $NS0 $S
1 $NS1 ${NSPID[1]}
2 $NS2 2" "$(printf '%s\n' "$OUT" | squeeze)" "pidbox pid of a process two boxes down"
	capture "$P" pid -n "$OI"
	assert_eq "0 $NS0 $OI
1 $NS1 1" "$(printf '%s\n' "$OUT" | squeeze)" "pidbox pid of the outer init"
	end_box
}

t_pid_json() {
	command -v jq >/dev/null || skip "jq not installed (tests/deps.sh installs it)"
	two_levels 2001.2
	capture "$P" pid --json "$S"
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "$S sleep false" "$(echo "$OUT" | jq -r '"\(.pid) \(.comm) \(.guessed)"')" "pid, comm"
	assert_eq "[{\"depth\":0,\"ns\":$NS0,\"pid\":$S,\"box\":null},{\"depth\":1,\"ns\":$NS1,\"pid\":${NSPID[1]},\"box\":null},{\"depth\":2,\"ns\":$NS2,\"pid\":2,\"box\":null}]" \
		"$(echo "$OUT" | jq -c .levels)" "levels"
	end_box
}

# The translations, through WRAPPER (empty, or pbhelper noioctl ... --).
check_translations() {
	local w=("$@")
	capture "${w[@]}" "$P" pid --in "$II" "$S"
	assert_eq "0 2" "$RC $OUT" "--in the inner box ($ERR)"
	capture "${w[@]}" "$P" pid --in "$R" "$S"
	assert_eq "0 ${NSPID[1]}" "$RC $OUT" "--in the outer box ($ERR)"
	capture "${w[@]}" "$P" pid --in "/proc/$II/ns/pid" "$S"
	assert_eq "0 2" "$RC $OUT" "--in a namespace path ($ERR)"
	capture "${w[@]}" "$P" pid --from "$II" 2
	assert_eq "0 $S" "$RC $OUT" "--from the inner box ($ERR)"
	capture "${w[@]}" "$P" pid --from "/proc/$R/ns/pid" "${NSPID[1]}"
	assert_eq "0 $S" "$RC $OUT" "--from the outer box ($ERR)"
	capture "${w[@]}" "$P" pid --from "$R" 1
	assert_eq "0 $OI" "$RC $OUT" "--from the outer box, its PID 1 ($ERR)"
	capture "${w[@]}" "$P" pid --in "$II" $$
	assert_eq 1 "$RC" "--in a box the process is not in"
	assert_eq "pidbox pid: process $$ is not in the namespace of '$II' or below it" "$ERR" "message"
	capture "${w[@]}" "$P" pid --from "$II" 77
	assert_eq 1 "$RC" "--from with a PID the box does not have"
	assert_eq "pidbox pid: the namespace of '$II' has no process 77 that you can see" "$ERR" "message"
	capture "${w[@]}" "$P" ps -o pid,nspid -n "$II"
	assert_eq "$II 1
$S 2" "$(printf '%s\n' "$OUT" | squeeze)" "ps of the inner box"
	capture "${w[@]}" "$P" ps -o pid,nspid,depth -n "/proc/$R/ns/pid"
	assert_eq "$OI 1 1
$R 2 1
$II 3 2
$S 4 2" "$(printf '%s\n' "$OUT" | squeeze)" "ps of the outer box"
	capture "${w[@]}" "$P" pid -n "$S"
	assert_eq "0 $NS0 $S" "$(printf '%s\n' "$OUT" | head -1 | squeeze)" "pid, level 0"
	assert_eq "2 $NS2 2" "$(printf '%s\n' "$OUT" | tail -1 | squeeze)" "pid, level 2"
}

t_pid_in_and_from() {
	two_levels 2001.3
	check_translations
	end_box
}

t_pid_translation_by_nspid_when_ioctls_are_refused() {
	two_levels 2001.4
	# the counter-test: the filter does refuse the ioctl
	capture "$H" nsioctl "/proc/$II/ns/pid" "$S"
	assert_eq 2 "$OUT" "NS_GET_PID_IN_PIDNS answers without the filter"
	capture "$H" noioctl pid-translate -- "$H" nsioctl "/proc/$II/ns/pid" "$S"
	assert_eq "Inappropriate ioctl for device" "$OUT" "NS_GET_PID_IN_PIDNS under the filter"
	check_translations "$H" noioctl pid-translate --
	check_translations "$H" noioctl pid-translate,ns-parent,ns-userns --
	end_box
}

t_ps_box_as_a_tree() {
	"$P" run -- sh -c 'sleep 2002.1 & sleep 2002.2 & wait' &
	BOX=$!
	wait_for 5 quiet pid_of_exact sleep 2002.2 || fail "box did not start"
	wait_for 5 quiet pid_of_exact sleep 2002.1 || fail "box did not start"
	s1=$(pid_of_exact sleep 2002.1)
	s2=$(pid_of_exact sleep 2002.2)
	sh=$(ppid_of "$s1")
	init=$(ppid_of "$sh")
	# sh has forked both and waits
	wait_for 5 grep -q '^State:.S' "/proc/$sh/status" || fail "sh does not wait"
	capture "$P" ps -o pid,nspid,ppid,depth,stat,command "$init"
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "PID NSPID PPID DEPTH STAT COMMAND
$init 1 $BOX 1 S $P run -- sh -c sleep 2002.1 & sleep 2002.2 & wait
$sh 2 $init 1 S \`-sh -c sleep 2002.1 & sleep 2002.2 & wait
$s1 3 $sh 1 S |-sleep 2002.1
$s2 4 $sh 1 S \`-sleep 2002.2" "$(printf '%s\n' "$OUT" | squeeze)" "pidbox ps BOX"
	# the same box named by a namespace path, and by any of its processes
	capture "$P" ps -o pid "/proc/$s2/ns/pid"
	assert_eq "PID $init $sh $s1 $s2" "$(echo $OUT)" "pidbox ps /proc/PID/ns/pid"
	capture "$P" ps -o pid -n "$s1"
	assert_eq "$init $sh $s1 $s2" "$(echo $OUT)" "pidbox ps with another PID of the box"
	# all of them in the full list, under the pidbox run that started them
	capture "$P" ps -o pid,ppid,depth
	assert_eq "$init $BOX 1" "$(line_of "$init")" "the box's init in the full list"
	assert_eq "$BOX $$ 0" "$(line_of "$BOX")" "pidbox run in the full list"
	end_box
}

t_ps_utf8_tree() {
	"$P" run -- sleep 2002.3 &
	BOX=$!
	wait_for 5 quiet pid_of_exact sleep 2002.3 || fail "box did not start"
	s=$(pid_of_exact sleep 2002.3)
	LC_ALL=C.UTF-8 capture "$P" ps -o command -n "$s"
	assert_eq "└─sleep 2002.3" "$(printf '%s\n' "$OUT" | tail -1)" "UTF-8 branches"
	end_box
}

t_ps_marks_zombies() {
	# the exec'd sleep never reaps the first one: a zombie until the box ends
	"$P" run -- sh -c 'sleep 0.1 & exec sleep 2003.1' &
	BOX=$!
	wait_for 5 quiet pid_of_exact sleep 2003.1 || fail "box did not start"
	init=$(ppid_of "$(pid_of_exact sleep 2003.1)")
	wait_for 5 sh -c "'$P' ps -o stat -n $init | grep -q Z" || fail "no zombie appeared"
	capture "$P" ps -o nspid,stat,command -n "$init"
	assert_eq "2 S \`-sleep 2003.1
3 Z \`-[sleep] <defunct>" "$(printf '%s\n' "$OUT" | tail -2 | squeeze)" "the zombie, marked"
	end_box
}

t_ps_columns_and_json() {
	command -v jq >/dev/null || skip "jq not installed (tests/deps.sh installs it)"
	two_levels 2004.1
	capture "$P" ps -o nspid,pids,ns,user,uid,comm,box -n "$S"
	assert_eq "2 $S,${NSPID[1]},2 $NS2 root 0 sleep" "$(printf '%s\n' "$OUT" | tail -1 | squeeze)" "columns"
	capture "$P" ps --json "$II"
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "{\"pid\":$S,\"nspid\":2,\"ppid\":$II,\"depth\":2,\"ns\":$NS2,\"pids\":[$S,${NSPID[1]},2],\"stat\":\"S\",\"user\":\"root\",\"uid\":0,\"comm\":\"sleep\",\"box\":null,\"command\":\"sleep 2004.1\"}" \
		"$(echo "$OUT" | jq -c '.processes[1]')" "the sleep in JSON"
	assert_eq 2 "$(echo "$OUT" | jq '.processes | length')" "processes in the inner box"
	capture "$P" ps --json -o pid,stat "$II"
	assert_eq "[{\"pid\":$II,\"stat\":\"S\"},{\"pid\":$S,\"stat\":\"S\"}]" \
		"$(echo "$OUT" | jq -c .processes)" "JSON with -o"
	end_box
}

t_ps_fits_the_terminal_but_not_a_pipe() {
	long=$(printf 'x%.0s' $(seq 300))
	"$P" run -- sh -c "sleep 2005.1; : $long" &
	BOX=$!
	wait_for 5 quiet pid_of_exact sleep 2005.1 || fail "box did not start"
	init=$(ppid_of "$(pid_of_exact sleep 2005.1)")
	capture "$H" pty -- env COLUMNS=60 "$P" ps "$init"
	assert_eq 0 "$RC" "status on a terminal"
	longest=$(printf '%s\n' "$OUT" | tr -d '\r' | awk '{ if (length($0) > m) m = length($0) } END { print m }')
	assert_eq 60 "$longest" "the longest line on a 60-column terminal"
	assert_contains "$OUT" "sleep 2005.1" "the sleep is listed on the terminal"
	capture env COLUMNS=60 "$P" ps "$init"
	assert_contains "$OUT" "$long" "the whole command line through a pipe"
	end_box
}

t_ls_shows_the_tree() {
	two_levels 2006.1
	capture "$P" ls -o ns,parent,depth,init,pids,procs,command
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "$NS1 $NS0 1 $OI $OI,1 2 pidbox" "$(line_of "$NS1")" "the outer box"
	assert_eq "$NS2 $NS1 2 $II $II,${IINSPID[1]},1 2 pidbox" "$(line_of "$NS2")" "the inner box"
	# the inner one right under the outer one, one level further in
	n1=$(printf '%s\n' "$OUT" | grep -n "[-]$NS1 " | cut -d: -f1)
	n2=$(printf '%s\n' "$OUT" | grep -n "[-]$NS2 " | cut -d: -f1)
	assert_eq $((n1 + 1)) "$n2" "line of the inner box"
	assert_match "$(printf '%s\n' "$OUT" | sed -n "${n2}p")" "^[|\` ] \`-$NS2 " "branch of the inner box"
	assert_eq "$NS0 - 0 1 1" "$(line_of "$NS0" | cut -d' ' -f1-5)" "our own namespace first"
	assert_eq "$NS0" "$(printf '%s\n' "$OUT" | sed -n 2p | awk '{print $1}')" "the root of the tree"
	end_box
}

t_ls_json() {
	command -v jq >/dev/null || skip "jq not installed (tests/deps.sh installs it)"
	two_levels 2006.2
	userns=$(readlink /proc/self/ns/user | tr -dc 0-9)
	capture "$P" ls --json
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "{\"ns\":$NS2,\"parent\":$NS1,\"guessed\":false,\"depth\":2,\"init\":$II,\"pids\":[$II,${IINSPID[1]},1],\"procs\":2,\"userns\":$userns,\"box\":null,\"command\":\"pidbox\",\"held\":null}" \
		"$(echo "$OUT" | jq -c ".namespaces[] | select(.ns == $NS2)")" "the inner box in JSON"
	end_box
}

t_ls_shows_a_namespace_held_by_a_mount() {
	trap 'umount "$TESTDIR/nsfile" 2>/dev/null' EXIT
	"$P" run -- sleep 2007.1 &
	BOX=$!
	wait_for 5 quiet pid_of_exact sleep 2007.1 || fail "box did not start"
	ns=$(ns_inode "$(pid_of_exact sleep 2007.1)")
	touch nsfile
	mount --bind "/proc/$(pid_of_exact sleep 2007.1)/ns/pid" nsfile || fail "bind mount"
	end_box
	capture "$P" ls -o ns,depth,init,procs,held
	assert_eq "$ns 1 - 0 mount $TESTDIR/nsfile" "$(line_of "$ns")" "the held namespace"
	capture "$P" ls
	assert_contains "$(line_of "$ns")" "(held open: mount $TESTDIR/nsfile)" "marked in the default view"
	capture "$P" ps "$TESTDIR/nsfile"
	assert_eq "0 PID NSPID DEPTH STAT USER COMMAND" "$RC $(echo $OUT)" "ps of an empty namespace"
	umount nsfile
	capture "$P" ls -o ns
	assert_not_contains "$OUT" "$ns" "gone with the mount"
}

t_ls_all_shows_a_namespace_held_by_an_fd() {
	"$P" run -- sleep 2008.1 &
	BOX=$!
	wait_for 5 quiet pid_of_exact sleep 2008.1 || fail "box did not start"
	s=$(pid_of_exact sleep 2008.1)
	ns=$(ns_inode "$s")
	sleep 2008.2 3<"/proc/$s/ns/pid" &
	holder=$!
	wait_for 5 sh -c "readlink /proc/$holder/fd/3 | grep -q $ns" || fail "no holder"
	end_box
	capture "$P" ls -o ns
	assert_not_contains "$OUT" "$ns" "without --all, fds are not read"
	capture "$P" ls -a -o ns,init,procs,held
	assert_eq "$ns - 0 fd 3 of PID $holder" "$(line_of "$ns")" "with --all"
	kill "$holder"
	wait "$holder"
	capture "$P" ls -a -o ns
	assert_not_contains "$OUT" "$ns" "gone with the fd"
}

# Inside boxes nested DEPTH deep: only the innermost box, never a PID from
# outside.  Its processes: init 1, sh 2, the helper 3 (running once it said
# so through the FIFO), and pidbox itself.
inside_at_depth() { # DEPTH [run options]
	local d=$1 cmd=() i
	shift
	rm -f fifo && mkfifo fifo
	for ((i = 0; i < d; i++)); do cmd+=("$P" run "$@" --); done
	capture "${cmd[@]}" sh -c "'$H' signals >'$TESTDIR/fifo' & read -r _ <'$TESTDIR/fifo';
		'$P' ps -o pid,nspid,ppid,depth,command; echo --;
		'$P' ls -o depth,init,procs -n; echo --; '$P' pid -n 2; echo --; '$P' ps -n -o pid 1;
		echo --; ps -e -o pid= | wc -l; kill \$!; wait"
	assert_eq 0 "$RC" "status at depth $d ($ERR)"
	ps_part=$(printf '%s\n' "$OUT" | sed -n '1,/^--$/p' | sed '$d')
	assert_eq "PID NSPID PPID DEPTH
1 1 0 0
2 2 1 0
3 3 2 0
4 4 2 0" "$(printf '%s\n' "$ps_part" | awk '{print $1, $2, $3, $4}')" "pidbox ps at depth $d"
	assert_eq "|-$H signals" "$(printf '%s\n' "$ps_part" | sed -n 4p | awk '{print $5, $6}')" \
		"the helper at depth $d"
	rest=$(printf '%s\n' "$OUT" | sed '1,/^--$/d')
	assert_eq "0 1 4" "$(printf '%s\n' "$rest" | sed -n 1p | squeeze)" "pidbox ls at depth $d"
	assert_eq "0 2" "$(printf '%s\n' "$rest" | sed -n 3p | awk '{print $1, $3}')" "pidbox pid at depth $d"
	assert_eq "1 2 3 7" "$(printf '%s\n' "$rest" | sed -n '5,8p' | squeeze | tr '\n' ' ' | sed 's/ $//')" \
		"pidbox ps 1 at depth $d"
	HOST_VISIBLE=$(printf '%s\n' "$rest" | tail -1)
}

t_inside_boxes_only_the_box_is_seen() {
	for d in 1 2 3; do
		inside_at_depth $d
		assert_le "$HOST_VISIBLE" 8 "ps -e at depth $d (a fresh /proc)"
	done
}

t_inside_boxes_sharing_the_hosts_proc_only_the_box_is_seen() {
	for d in 1 2 3; do
		inside_at_depth $d --share-mounts
		# the counter-test: /proc there is the host's, and shows far more
		[ "$HOST_VISIBLE" -gt 10 ] || fail "ps -e at depth $d should see the host's /proc"
	done
}

t_a_box_cannot_name_what_is_outside() {
	capture "$P" run --preserve-fds 1 -- "$P" ps /proc/self/fd/3 3</proc/self/ns/pid
	assert_eq 1 "$RC" "ps of the host's namespace from inside"
	assert_eq "pidbox ps: '/proc/self/fd/3' is a PID namespace outside yours (only yours and those below it can be seen)" "$ERR" "message"
	capture "$P" run --preserve-fds 1 -- "$P" pid --in /proc/self/fd/3 1 3</proc/self/ns/pid
	assert_eq 1 "$RC" "pid --in the host's namespace from inside"
	assert_eq "" "$OUT" "no host PID printed"
	capture "$P" run -- "$P" ps $$
	assert_eq 1 "$RC" "ps of a host PID from inside"
	assert_eq "pidbox ps: cannot find process $$: No such process (see pidbox ps)" "$ERR" "message"
}

t_bad_input_one_line_and_documented_status() {
	echo x >plain
	check() { # STATUS MESSAGE ARGS...
		local want=$1 msg=$2
		shift 2
		capture "$P" "$@"
		assert_eq "$want" "$RC" "status of pidbox $*"
		assert_one_line "$ERR" "message of pidbox $*"
		assert_eq "$msg" "$ERR" "message of pidbox $*"
	}
	check 1 "pidbox pid: cannot find process 99999999: No such process (see pidbox ps)" pid 99999999
	check 2 "pidbox pid: 'abc' is not a PID (a number from 1 up)" pid abc
	check 2 "pidbox pid: '0' is not a PID (a number from 1 up)" pid 0
	check 2 "pidbox pid: no PID given (usage: pidbox pid [--in NS | --from NS] PID)" pid
	check 2 "pidbox pid: too many arguments (usage: pidbox pid [--in NS | --from NS] PID)" pid 1 2
	check 2 "pidbox pid: --in and --from exclude each other" pid --in 1 --from 1 5
	check 1 "pidbox pid: no box or pod named nosuchbox" pid --in nosuchbox 5
	check 1 "pidbox pid: cannot find process 99999999: No such process (see pidbox ps)" \
		pid --in $$ 99999999
	check 2 "pidbox ps: './plain' is not a PID namespace (give /proc/PID/ns/pid or a bind mount of one)" ps ./plain
	check 2 "pidbox ps: '/proc/self/ns/net' is not a PID namespace (give /proc/PID/ns/pid or a bind mount of one)" ps /proc/self/ns/net
	check 1 "pidbox ps: cannot open './nonexistent': No such file or directory" ps ./nonexistent
	check 1 "pidbox ps: no box or pod named nosuchbox" ps nosuchbox
	check 2 "pidbox ps: 'a b' is neither a PID, a box name nor a path" ps 'a b'
	check 2 "pidbox ps: '99999999999' is not a valid PID" ps 99999999999
	check 1 "pidbox ps: cannot find process 99999999: No such process (see pidbox ps)" ps 99999999
	check 2 "pidbox ps: too many arguments (usage: pidbox ps [OPTIONS] [BOX])" ps 1 2
	check 2 "pidbox ps: unknown column 'bogus' (columns: pid,nspid,ppid,depth,ns,pids,stat,user,uid,comm,box,command)" ps -o pid,bogus
	check 2 "pidbox ps: option '--frob' is unknown or lacks its argument (see 'pidbox ps --help')" ps --frob
	check 2 "pidbox ls: unexpected argument 'extra' (usage: pidbox ls [OPTIONS])" ls extra
	check 2 "pidbox ls: option '-o' is unknown or lacks its argument (see 'pidbox ls --help')" ls -o
	check 2 "pidbox ls: unknown column 'x' (columns: ns,parent,depth,init,pids,procs,userns,box,command,held)" ls -o x
}

t_churn_never_makes_them_fail() {
	command -v jq >/dev/null || skip "jq not installed (tests/deps.sh installs it)"
	"$H" churn 60 >churn.out &
	churn=$!
	trap 'kill -TERM $churn 2>/dev/null; wait $churn' EXIT
	rounds=0
	end=$((SECONDS + 5))
	while [ $SECONDS -lt $end ] || [ $rounds -lt 3 ]; do
		for args in "ls" "ls -a" "ls --json" "ps" "ps --json" "ps -o pid,ns,box,pids" \
			"ps $churn" "pid $churn" "pid $$" "pid --in $$ $churn"; do
			# shellcheck disable=SC2086
			capture "$P" $args
			[ "$RC" -eq 0 ] && [ -z "$ERR" ] || fail "pidbox $args under churn: status $RC: $ERR"
			case "$args" in *--json*)
				echo "$OUT" | jq -e . >/dev/null || fail "pidbox $args: broken JSON under churn" ;;
			esac
		done
		rounds=$((rounds + 1))
	done
	kill -TERM "$churn"
	wait "$churn"
	assert_match "$(cat churn.out)" '^churned [0-9]+$' "the churn generator ran all along"
	[ "$(sed 's/churned //' churn.out)" -gt 100 ] || fail "too little churn: $(cat churn.out)"
}

t_help() {
	for c in ps ls pid; do
		capture "$P" "$c" --help
		assert_eq 0 "$RC" "$c --help status"
		assert_contains "$OUT" "Usage:" "$c --help"
		assert_contains "$OUT" "pidbox-$c(1)" "$c --help names the man page"
		assert_contains "$OUT" "Exit status" "$c --help documents the exit status"
	done
	capture "$P" --help
	for c in ps ls pid; do
		assert_contains "$OUT" " $c " "pidbox --help lists $c"
	done
}

t_a_thread_is_not_a_process() {
	"$H" thread >thread.out &
	helper=$!
	wait_for 5 grep -q tid thread.out || fail "no thread"
	tid=$(awk '{print $2}' thread.out)
	capture "$P" pid "$tid"
	assert_eq 1 "$RC" "status"
	assert_eq "pidbox pid: $tid is a thread, not a process (give its process ID: Tgid in /proc/$tid/status)" "$ERR" "message"
	capture "$P" ps "$tid"
	assert_eq 1 "$RC" "status of ps"
	assert_one_line "$ERR" "message of ps"
	capture "$P" pid -n "$helper"
	assert_eq "0 $(ns_inode $$) $helper" "$(printf '%s\n' "$OUT" | squeeze)" "its process"
	kill "$helper"
	wait "$helper" || true
}

t_as_a_user_pids_without_namespaces() {
	require_root
	command -v setpriv >/dev/null || skip "setpriv not installed"
	cp "$P" ./pidbox && chmod 755 ./pidbox
	"$P" run -- sleep 2010.1 &
	BOX=$!
	wait_for 5 quiet pid_of_exact sleep 2010.1 || fail "box did not start"
	s=$(pid_of_exact sleep 2010.1)
	# another user's process: its PIDs from NSpid, its namespaces unknown
	capture setpriv --reuid 65534 --regid 65534 --clear-groups ./pidbox pid -n "$s"
	assert_eq 0 "$RC" "status ($ERR)"
	assert_eq "0 $(ns_inode $$) $s
1 - 2" "$(printf '%s\n' "$OUT" | squeeze)" "pidbox pid as nobody"
	capture setpriv --reuid 65534 --regid 65534 --clear-groups ./pidbox ps -n -o pid,nspid,depth,ns "$s"
	assert_eq 1 "$RC" "ps of a root's box as nobody"
	assert_eq "pidbox ps: cannot open the PID namespace of process $s: Permission denied (run as root)" "$ERR" "message"
	capture setpriv --reuid 65534 --regid 65534 --clear-groups ./pidbox ps -o pid,nspid,depth,ns
	assert_eq "$s 2 1 -" "$(line_of "$s")" "the box's sleep in ps as nobody"
	capture setpriv --reuid 65534 --regid 65534 --clear-groups ./pidbox ls -o ns
	assert_eq 0 "$RC" "ls as nobody ($ERR)"
	end_box
}

t_without_proc_one_line() {
	# the sanitizers' runtimes need /proc themselves: there, the musl build
	local inner=$P
	[ -n "${SANITIZE:-}" ] && inner=$PIDBOX_STATIC
	for c in "ps" "ls" "pid 1"; do
		capture "$P" run -- sh -c "umount -l /proc && umount -l /proc && exec '$inner' $c"
		assert_eq 1 "$RC" "pidbox $c without /proc"
		assert_eq "pidbox ${c%% *}: cannot read /proc: No such file or directory (is /proc mounted, and does it show you?)" \
			"$ERR" "message of pidbox $c without /proc"
	done
}
