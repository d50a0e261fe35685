# Shared by bench/rpc/run.sh and bench/snapshot/run.sh (sourced, POSIX sh): start vireod and libvirtd on
# private sockets under $work, and stop exactly the processes started here.
#   build_vireod REPO            -> $vireod (Release publish, ReadyToRun, under REPO/artifacts/bench)
#   start_vireod                 -> $vireod_pid, $vireod_uri
#   start_libvirtd               -> $libvirtd_pid, $libvirtd_uri (empty when libvirtd cannot run here: $libvirtd_why)
#   stop_daemons                 (for trap)

bench_lib=$(cd "$(dirname "$0")/../rpc" && pwd)

# wait_for_socket PATH SECONDS: poll every 50 ms until PATH is a socket.
wait_for_socket() {
    n=$(($2 * 20))
    while [ ! -S "$1" ]; do
        [ "$n" -le 0 ] && return 1
        n=$((n - 1)); sleep 0.05
    done
}

build_vireod() {
    out="$1/artifacts/bench/vireod"
    # Published as scripts/install.sh installs it (ReadyToRun), not the test build.
    dotnet publish -c Release -v q -nologo "$1/src/Vireo.Daemon/Vireo.Daemon.csproj" -o "$out" >"$work/build.log" 2>&1 \
        || { cat "$work/build.log" >&2; echo "vireod did not build" >&2; exit 1; }
    vireod="$out/vireod"
}

start_vireod() {
    mkdir -p "$work/vireod"
    : > "$work/vireod/empty.conf"
    setsid "$vireod" --config "$work/vireod/empty.conf" --foreground --state-dir "$work/vireod/state" \
        --run-dir "$work/vireod/run" --log-dir "$work/vireod/log" --socket "$work/vireod/sock" \
        --ro-socket "$work/vireod/sock-ro" >"$work/vireod/vireod.log" 2>&1 </dev/null &
    vireod_pid=$!
    wait_for_socket "$work/vireod/sock" 60 || { cat "$work/vireod/vireod.log" >&2; echo "vireod did not start" >&2; exit 1; }
    vireod_uri="qemu+unix:///system?socket=$work/vireod/sock"
}

start_libvirtd() {
    libvirtd_uri=""; libvirtd_pid=""; libvirtd_why=""
    if ! command -v libvirtd >/dev/null 2>&1 || [ ! -e /usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so ]; then
        libvirtd_why="libvirtd or its QEMU driver is not installed (apt-get install libvirt-daemon libvirt-daemon-driver-qemu)"
        return 0
    fi
    mkdir -p "$work/libvirtd"
    setsid unshare -m sh "$bench_lib/libvirtd-sandbox.sh" "$work/libvirtd" </dev/null >/dev/null 2>&1 &
    libvirtd_pid=$!   # unshare execs sh, which execs libvirtd: the same process
    if wait_for_socket "$work/libvirtd/libvirt-sock" 60; then
        libvirtd_uri="qemu+unix:///system?socket=$work/libvirtd/libvirt-sock"
    else
        libvirtd_why="libvirtd did not start: $(tail -3 "$work/libvirtd/libvirtd.log" 2>/dev/null)"
    fi
}

# stop_pid PID: SIGTERM, wait up to 10 s, then SIGKILL (only processes this script started).
stop_pid() {
    [ -n "$1" ] || return 0
    kill "$1" 2>/dev/null || return 0
    n=200
    while kill -0 "$1" 2>/dev/null && [ "$n" -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
    kill -9 "$1" 2>/dev/null || true
}

stop_daemons() {
    stop_pid "${vireod_pid:-}"
    stop_pid "${libvirtd_pid:-}"
}
