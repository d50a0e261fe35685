#!/bin/sh
# Runs Debian's libvirtd in a private mount namespace for a benchmark, on its own socket, touching none of
# the host's libvirt state. Meant to be started as:  unshare -m sh libvirtd-sandbox.sh DIR
# DIR (readable by the caller) receives libvirt-sock, libvirtd.pid and libvirtd.log.
# Inside the namespace /run/libvirt is a fresh tmpfs (as /run is), and /etc/libvirt, /var/lib/libvirt,
# /var/cache/libvirt and /var/log/libvirt are empty directories under DIR (bind mounts): no default network,
# no host domain, no host configuration, and libvirtd's files sit on the same disk as vireod's state dir,
# so both pay the same for fsync.
set -eu
dir=$1
mount --make-rprivate /
mkdir -p /run/libvirt
mount -t tmpfs -o mode=755 tmpfs /run/libvirt
for d in /etc/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt; do
    mkdir -p "$d" "$dir/root$d"
    mount --bind "$dir/root$d" "$d"
done
# libvirtd's QEMU driver looks up its build-time user libvirt-qemu before it reads qemu.conf, and fails
# to start without it. Debian creates that user in libvirt-daemon-system, which is not installed here (it
# would start a libvirtd service on the host). Give the namespace its own passwd/group with the user added.
if ! getent passwd libvirt-qemu >/dev/null; then
    cp /etc/passwd "$dir/passwd"
    cp /etc/group "$dir/group"
    echo 'libvirt-qemu:x:64055:64055:libvirt sandbox:/var/lib/libvirt:/usr/sbin/nologin' >> "$dir/passwd"
    echo 'libvirt-qemu:x:64055:' >> "$dir/group"
    mount --bind "$dir/passwd" /etc/passwd
    mount --bind "$dir/group" /etc/group
fi
cat > /etc/libvirt/libvirtd.conf <<CONF
unix_sock_dir = "$dir"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
CONF
# QEMU as root: on this machine /dev/kvm is root-only, so with Debian's libvirt-qemu user libvirt finds its
# capability probe (run as root, KVM seen) invalid at every lookup ("KVM was enabled when probing ... but it
# is not available now") and re-probes QEMU on every defineXML (seconds each). Guests are type='qemu' (TCG).
# stdio_handler=file: QEMU writes its own log, no virtlogd needed.
cat > /etc/libvirt/qemu.conf <<CONF
user = "root"
group = "root"
stdio_handler = "file"
CONF
exec libvirtd -f /etc/libvirt/libvirtd.conf -p "$dir/libvirtd.pid" >"$dir/libvirtd.log" 2>&1
