#!/bin/sh
# Times `virsh pool-refresh` of a dir pool holding N volumes (default 200; a quarter raw, the rest qcow2)
# against a vireod binary and against Debian's libvirtd 9.0 on the same directory, in the same run,
# alternating round by round (libvirtd runs in its own mount namespace: ../rpc/libvirtd-sandbox.sh).
#   bench/storage/run.sh VIREOD [N] [ROUNDS]
# VIREOD is a published vireod (bench/rpc/daemons.sh's build_vireod makes one). Prints one line per round,
# each daemon's median in milliseconds and the ratio vireod/libvirtd. Nothing is asserted: the numbers go
# in docs/storage.md.
set -eu
vireod=$1; n=${2:-200}; rounds=${3:-7}
work=$(mktemp -d /tmp/vireo-storage-bench-XXXXXX)
pid="" lvpid=""
here=$(cd "$(dirname "$0")" && pwd)
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    [ -f "$work/lv/libvirtd.pid" ] && kill "$(cat "$work/lv/libvirtd.pid")" 2>/dev/null
    wait 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT INT TERM
mkdir -p "$work/pool" "$work/state"
i=0
while [ "$i" -lt "$n" ]; do
    if [ $((i % 4)) -eq 0 ]; then qemu-img create -q -f raw "$work/pool/v$i.img" 16M
    else qemu-img create -q -f qcow2 "$work/pool/v$i.qcow2" 1G; fi
    i=$((i + 1))
done
: > "$work/empty.conf"
setsid "$vireod" --config "$work/empty.conf" --foreground --state-dir "$work/state/lib" --run-dir "$work/state/run" \
    --log-dir "$work/state/log" --socket "$work/sock" --ro-socket "$work/sock-ro" >"$work/vireod.log" 2>&1 </dev/null &
pid=$!
deadline=$(( $(date +%s) + 60 ))
while [ ! -S "$work/sock" ]; do [ "$(date +%s)" -gt "$deadline" ] && { cat "$work/vireod.log"; exit 1; }; sleep 0.05; done
mkdir -p "$work/lv"
setsid unshare -m sh "$here/../rpc/libvirtd-sandbox.sh" "$work/lv" </dev/null >/dev/null 2>&1 &
while [ ! -S "$work/lv/libvirt-sock" ]; do [ "$(date +%s)" -gt "$deadline" ] && { cat "$work/lv/libvirtd.log"; exit 1; }; sleep 0.05; done
vireo="virsh -q -c qemu+unix:///system?socket=$work/sock"
libvirt="virsh -q -c qemu+unix:///system?socket=$work/lv/libvirt-sock"
for v in "$vireo" "$libvirt"; do
    $v pool-define-as bench dir --target "$work/pool" >/dev/null
    $v pool-start bench >/dev/null
    [ "$($v vol-list bench | wc -l)" -eq "$n" ] || { echo "the pool lists $($v vol-list bench | wc -l) volumes, not $n" >&2; exit 1; }
done
refresh_ms() { t0=$(date +%s%N); $1 pool-refresh bench >/dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { printf '%s\n' $1 | sort -n | sed -n "$(( (rounds + 1) / 2 ))p"; }
r=0; ours=""; theirs=""
while [ "$r" -lt "$rounds" ]; do
    a=$(refresh_ms "$vireo"); b=$(refresh_ms "$libvirt")
    echo "round $r: vireod ${a} ms, libvirtd ${b} ms"; ours="$ours $a"; theirs="$theirs $b"
    r=$((r + 1))
done
mo=$(median "$ours"); mt=$(median "$theirs")
echo "median of $rounds refreshes of $n volumes: vireod $mo ms, libvirtd $mt ms, vireod/libvirtd $(awk "BEGIN{printf \"%.2f\", $mo/$mt}")"
