# pidbox-static as the init of real containers: podman run --init
# --init-path, and the "-- CMD" invocations of docker-init, tini, dumb-init.
# The image is made here from Debian's busybox-static (podman import, no
# registry, no network); podman keeps all its storage under $TESTDIR, and
# everything is removed at the end.  tests/deps.sh installs podman, runc and
# busybox-static when run as root; in CI (root) these tests must run.

# Sets up P (the podman command), IMAGE and RUN (the options of every run).
podman_setup() {
	local busybox a nofile nproc
	require_root
	command -v podman >/dev/null || skip "podman not installed (tests/deps.sh installs it as root)"
	command -v runc >/dev/null || skip "runc not installed (tests/deps.sh installs it as root)"
	dpkg-query -W -f '${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' ||
		skip "busybox-static not installed (tests/deps.sh installs it as root)"
	[ -x "$PIDBOX_STATIC" ] || fail "$PIDBOX_STATIC is missing (make static)"
	busybox=$(command -v busybox)
	mkdir -p rootfs/bin rootfs/proc rootfs/sys rootfs/dev rootfs/etc rootfs/tmp
	cp "$busybox" rootfs/bin/busybox
	for a in sh ps sleep cat echo true tr grep seq; do
		ln -s busybox "rootfs/bin/$a"
	done
	tar -C rootfs -cf image.tar .
	# crun refuses this machine's hybrid cgroup layout; runc takes it.  A
	# private IPC namespace keeps podman from mounting a /dev/shm on the host.
	P=(podman --root "$TESTDIR/podman/root" --runroot "$TESTDIR/podman/run"
		--tmpdir "$TESTDIR/podman/tmp" --network-config-dir "$TESTDIR/podman/net"
		--volumepath "$TESTDIR/podman/volumes" --storage-driver vfs --cgroup-manager cgroupfs
		--events-backend file --runtime runc)
	IMAGE="localhost/pidbox-test-$$-$RANDOM:1"
	# podman raises both limits by default, which fails without CAP_SYS_RESOURCE
	# (as in this suite's own containers): ask for no more than we have.
	nofile=$(ulimit -Hn) nproc=$(ulimit -Hu)
	[ "$nofile" = unlimited ] || [ "$nofile" -gt 1024 ] && nofile=1024
	[ "$nproc" = unlimited ] || [ "$nproc" -gt 4096 ] && nproc=4096
	RUN=(--network none --ipc private --ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")
	# podman's cgroupfs manager leaves its parent cgroups behind: note which
	# exist, to remove those it makes.
	CGROUPS_BEFORE=$(ls -d /sys/fs/cgroup/*/libpod_parent /sys/fs/cgroup/libpod_parent 2>/dev/null)
	# and its image cache and network run directory, outside of --root
	DIRS_BEFORE=$(ls -d /var/lib/containers /run/containers 2>/dev/null)
	trap podman_cleanup EXIT
	"${P[@]}" import image.tar "$IMAGE" >/dev/null 2>podman.err ||
		fail "podman import: $(cat podman.err)"
}

podman_cleanup() {
	"${P[@]}" rm -f -a -t 0 >/dev/null 2>&1
	"${P[@]}" rmi -f -a >/dev/null 2>&1
	rm -rf "$TESTDIR/podman"
	for d in $(ls -d /sys/fs/cgroup/*/libpod_parent /sys/fs/cgroup/libpod_parent 2>/dev/null); do
		case "$CGROUPS_BEFORE" in *"$d"*) continue ;; esac
		rmdir "$d/conmon" "$d" 2>/dev/null
	done
	case "$DIRS_BEFORE" in *"/var/lib/containers"*) ;; *) rm -rf /var/lib/containers ;; esac
	case "$DIRS_BEFORE" in *"/run/containers"*) ;; *) rm -rf /run/containers ;; esac
}

t_podman_run_init_path() {
	podman_setup
	capture "${P[@]}" run --rm "${RUN[@]}" --init --init-path "$PIDBOX_STATIC" "$IMAGE" \
		sh -c 'tr "\0" " " </proc/1/cmdline; echo; cat /proc/1/comm; echo "ppid=$PPID";
			sleep 1000 & exit 3'
	assert_eq 3 "$RC" "the command's status through podman ($ERR)"
	assert_contains "$OUT" "/run/podman-init -- sh -c" "PID 1's command line"
	assert_contains "$OUT" "podman-init" "PID 1's name"
	assert_contains "$OUT" "ppid=1" "the command's parent"
	# the leftover sleep 1000 got SIGTERM, or the run would not be over yet
}

t_podman_reaps_and_passes_signals() {
	podman_setup
	capture "${P[@]}" run --rm "${RUN[@]}" --init --init-path "$PIDBOX_STATIC" "$IMAGE" \
		sh -c 'for i in $(seq 30); do (sleep 0.05 &); done; sleep 0.5;
			echo "zombies=$(ps -o stat | grep -c ^Z)"'
	assert_eq 0 "$RC" "status ($ERR)"
	assert_contains "$OUT" "zombies=0" "zombies in the container"
	# podman stop sends SIGTERM to PID 1: the init passes it on to sleep, which
	# dies of it (143); as PID 1 itself, sleep would ignore it until SIGKILL (137).
	name="pidbox-test-$$-$RANDOM"
	"${P[@]}" run -d --name "$name" "${RUN[@]}" --init --init-path "$PIDBOX_STATIC" "$IMAGE" \
		sleep 1000 >/dev/null || fail "podman run -d"
	"${P[@]}" stop -t 30 "$name" >/dev/null || fail "podman stop"
	assert_eq 143 "$("${P[@]}" inspect --format '{{.State.ExitCode}}' "$name")" "exit code after podman stop"
	"${P[@]}" rm -f "$name" >/dev/null
	# the counter-test: without an init
	"${P[@]}" run -d --name "$name" "${RUN[@]}" "$IMAGE" sleep 1000 >/dev/null || fail "podman run -d"
	"${P[@]}" stop -t 1 "$name" >/dev/null
	assert_eq 137 "$("${P[@]}" inspect --format '{{.State.ExitCode}}' "$name")" "exit code without an init"
}

t_podman_dash_dash_invocations() {
	podman_setup
	for init in "/sbin/docker-init --" "/sbin/tini -g --" "/usr/bin/dumb-init" "/usr/bin/catatonit --"; do
		path=${init%% *}
		capture "${P[@]}" run --rm "${RUN[@]}" -v "$PIDBOX_STATIC:$path:ro" "$IMAGE" \
			$init sh -c 'cat /proc/1/comm; echo "ppid=$PPID"; exit 4'
		assert_eq 4 "$RC" "$init: status ($ERR)"
		assert_eq "${path##*/}
ppid=1" "$OUT" "$init: PID 1 and the command's parent"
	done
	capture "${P[@]}" run --rm "${RUN[@]}" -v "$PIDBOX_STATIC:/sbin/docker-init:ro" "$IMAGE" \
		/sbin/docker-init -- no-such-command
	assert_eq 127 "$RC" "a command not found in the container"
	assert_contains "$ERR" "pidbox init: cannot execute 'no-such-command': No such file or directory" "message"
}
