#!/bin/sh
# Records what Debian's libvirtd 9.0 makes of each case here: NAME.libvirtd.xml is `virsh dumpxml --inactive` after
# `virsh define NAME.xml`; for the e*.xml cases NAME.libvirtd.err is the error virsh prints (without "error: ").
# Usage (as root): sh record-libvirtd.sh   (starts a sandboxed libvirtd with bench/rpc/libvirtd-sandbox.sh)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
dir=$(mktemp -d)
setsid unshare -m sh "$repo/bench/rpc/libvirtd-sandbox.sh" "$dir" &
uri="qemu+unix:///system?socket=$dir/libvirt-sock"
i=0; until virsh -c "$uri" uri >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 600 ] || exit 1; sleep 0.1; done
for f in "$here"/*.xml; do
    case "$f" in *.libvirtd.xml) continue ;; esac
    base=${f%.xml}
    name=$(sed -n 's:.*<name>\(.*\)</name>.*:\1:p' "$f" | head -n 1)
    case "${base##*/}" in
    e[0-9]*)
        virsh -c "$uri" define "$f" 2>&1 >/dev/null | sed -n 's/^error: //p' | grep -v '^Failed to define' > "$base.libvirtd.err" || true ;;
    *)
        virsh -c "$uri" define "$f" >/dev/null
        virsh -c "$uri" dumpxml --inactive "$name" > "$base.libvirtd.xml" ;;
    esac
    virsh -c "$uri" undefine --nvram "$name" >/dev/null 2>&1 || true
done
kill "$(cat "$dir/libvirtd.pid")"
rm -rf "$dir"
