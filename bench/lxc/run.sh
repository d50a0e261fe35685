#!/bin/sh
# Container start/destroy benchmark (a benchmark, not a test: it asserts nothing).
#   bench/lxc/run.sh [RUNS]        (root; default 7 runs, at least 5)
# Measures, interleaved in each run: Vireo's LXC driver in-process and through stock virsh against
# our RPC server, a bare `unshare --fork --pid --mount --uts --ipc --net --mount-proc chroot ROOT init`
# (the floor), and libvirt-lxc through virsh when libvirtd and its LXC driver are installed. libvirtd
# is started here in a private mount namespace without the cgroup2 mount (the workaround in
# docs/containers.md for libvirt_lxc on hybrid cgroup hosts) and stopped afterwards.
set -eu
runs=${1:-7}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/vireo-lxc-bench.XXXXXX)
lvpid=""
cleanup() {
    if [ -n "$lvpid" ]; then kill "$lvpid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$repo/scripts/make-container-rootfs.sh" "$work/ct" >/dev/null
dotnet build -c Release -v q -nologo "$repo/bench/lxc/Harness/Vireo.Bench.Lxc.csproj" -o "$work/harness" >/dev/null

lvarg=""
if command -v libvirtd >/dev/null 2>&1 && [ -e /usr/lib/libvirt/libvirt_lxc ] && ! id libvirt-qemu >/dev/null 2>&1; then
    # libvirtd gives up when its QEMU driver's user is missing (libvirt-daemon-system creates it).
    echo "libvirtd needs the libvirt-qemu user (apt-get install libvirt-daemon-system, or adduser --system --group libvirt-qemu): measuring Vireo and the floor only" >&2
elif command -v libvirtd >/dev/null 2>&1 && [ -e /usr/lib/libvirt/libvirt_lxc ]; then
    mkdir -p "$work/lv"
    sock="$work/lv/libvirt-sock"
    # Our own libvirtd on a private socket: nothing of the host's libvirt configuration is touched.
    cat > "$work/lv/libvirtd.conf" <<CONF
unix_sock_dir = "$work/lv"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
CONF
    unshare -m --propagation private sh -c "umount /sys/fs/cgroup/unified 2>/dev/null; exec libvirtd -f $work/lv/libvirtd.conf -p $work/lv/libvirtd.pid" \
        >"$work/lv/libvirtd.log" 2>&1 &
    lvpid=$!
    i=0
    while [ ! -S "$sock" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
    if [ -S "$sock" ]; then
        lvarg="--libvirt lxc+unix:///?socket=$sock"
    else
        echo "libvirtd did not start; see $work/lv/libvirtd.log" >&2
    fi
else
    echo "libvirt-lxc is not installed (apt-get install libvirt-daemon-driver-lxc libvirt-daemon): measuring Vireo and the floor only" >&2
fi

# shellcheck disable=SC2086
dotnet "$work/harness/Vireo.Bench.Lxc.dll" --rootfs "$work/ct/rootfs" --runs "$runs" $lvarg
