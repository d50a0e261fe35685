#!/bin/sh
# Records what Debian's libvirtd 9.0 makes of net devices (how the outputs in fake/ and host/ were made):
#   capture-libvirtd.sh SNAPSHOT OUTDIR     the snapshot's made-up devices
#   capture-libvirtd.sh --host OUTDIR       this host's devices; OUTDIR/sysfs.txt gets their snapshot
# (as root, from the repository root). For a snapshot, inside a private mount namespace its devices
# (netfixture.py materialize) are mounted over /sys/class/net, /sys/devices/virtual/net and the daemon's
# /proc/net before bench/rpc/libvirtd-sandbox.sh replaces the shell with libvirtd (same pid, so its
# /proc/self/net is the made-up one). OUTDIR gets NAME.xml (virsh iface-dumpxml's output) or a line in
# errors.out, virsh iface-list --all's output, and record.py's answers.
set -eu
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
trap 'kill $(cat "$work/lv/libvirtd.pid" 2>/dev/null) 2>/dev/null || true; sleep 1; rm -rf "$work"' EXIT
mkdir -p "$work/lv"
if [ "$1" = --host ]; then
    out=$(realpath -m "$2")
    mkdir -p "$out"
    python3 "$here/netfixture.py" dump > "$out/sysfs.txt"
    snapshot="$out/sysfs.txt"
    setsid unshare -m sh bench/rpc/libvirtd-sandbox.sh "$work/lv" &
else
    snapshot=$(realpath "$1")
    out=$(realpath -m "$2")
    mkdir -p "$out"
    python3 "$here/netfixture.py" materialize "$snapshot" "$work/fake"
    # libudev accepts devices off a real sysfs only with this test switch (systemd 252, sd-device).
    export SYSTEMD_DEVICE_VERIFY_SYSFS=0
    setsid unshare -m sh -c '
        mount --make-rprivate /
        mount --bind "$1/sys/devices/virtual/net" /sys/devices/virtual/net
        mount --bind "$1/sys/class/net" /sys/class/net
        mount --bind "$1/proc/net" /proc/$$/net
        exec sh bench/rpc/libvirtd-sandbox.sh "$2"' sh "$work/fake" "$work/lv" &
fi
uri="qemu+unix:///system?socket=$work/lv/libvirt-sock"
i=0
until [ -S "$work/lv/libvirt-sock" ] && virsh -c "$uri" uri >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 300 ] || { cat "$work/lv/libvirtd.log"; exit 1; }; sleep 0.1
done
names=$(grep '^device ' "$snapshot" | sed 's#.*/##')
: > "$out/errors.out"
for n in $names; do
    if virsh -c "$uri" iface-dumpxml "$n" > "$work/xml" 2> "$work/err"; then cp "$work/xml" "$out/$n.xml"
    else printf '%s\t%s\n' "$n" "$(grep -v '^$' "$work/err" | tail -1)" >> "$out/errors.out"; fi
done
virsh -c "$uri" iface-list --all > "$out/iface-list.out"
/usr/bin/python3 "$here/record.py" "$uri" $names > "$out/record.out"
