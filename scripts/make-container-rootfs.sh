#!/bin/sh
# Builds a tiny container root filesystem from Debian's busybox-static, plus demo-container.xml:
#   scripts/make-container-rootfs.sh OUTDIR
# Result: OUTDIR/rootfs (static busybox with every applet linked, /etc basics, empty mount points)
#         OUTDIR/demo-container.xml (<domain type='lxc'> "demo-ct", 64 MiB, init /bin/sh, console pty)
# The busybox binary comes from the installed busybox-static package; when it is not installed the
# package is fetched with `apt-get download` and unpacked here (nothing is installed on the host).
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)
root="$out/rootfs"

find_busybox() {
    # The package's own file list says where it put the static binary (/bin/busybox on Debian 12).
    if dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed'; then
        for f in $(dpkg-query -L busybox-static); do
            case "$f" in */busybox) [ -f "$f" ] && { echo "$f"; return 0; } ;; esac
        done
    fi
    work=$(mktemp -d)
    (cd "$work" && apt-get download busybox-static >/dev/null 2>&1) || {
        echo "$0: busybox-static is not installed and cannot be downloaded (apt-get install busybox-static)" >&2
        rm -rf "$work"
        return 1
    }
    dpkg-deb -x "$work"/busybox-static_*.deb "$work/x"
    cp "$work/x/bin/busybox" "$out/.busybox"
    rm -rf "$work"
    echo "$out/.busybox"
}

busybox=$(find_busybox)
if ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked' && ldd "$busybox" >/dev/null 2>&1; then
    echo "$0: $busybox is not a static binary" >&2
    exit 1
fi

rm -rf "$root"
mkdir -p "$root"
for d in bin sbin usr/bin usr/sbin etc root tmp var/log var/tmp run proc sys dev home mnt; do
    mkdir -p "$root/$d"
done
chmod 1777 "$root/tmp" "$root/var/tmp"
chmod 0700 "$root/root"
cp "$busybox" "$root/bin/busybox"
chmod 0755 "$root/bin/busybox"
[ "$busybox" = "$out/.busybox" ] && rm -f "$out/.busybox"

# One symlink per applet at the path busybox itself names (bin/sh, sbin/ifconfig, usr/bin/head, ...).
"$root/bin/busybox" --list-full | while read -r applet; do
    [ "$applet" = "bin/busybox" ] && continue
    dir=$(dirname "$applet")
    if [ "$dir" = . ]; then rel=.; else rel=$(echo "$dir" | sed -e 's|[^/][^/]*|..|g'); fi
    ln -sf "$rel/bin/busybox" "$root/$applet"
done

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
tty:x:5:
nogroup:x:65534:
GROUP
printf 'export PS1="\\h:\\w\\$ "\n' > "$root/etc/profile"
: > "$root/etc/resolv.conf"
printf '127.0.0.1 localhost\n' > "$root/etc/hosts"

cat > "$out/demo-container.xml" <<XML
<domain type='lxc'>
  <name>demo-ct</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os>
    <type>exe</type>
    <init>/bin/sh</init>
    <initarg>-c</initarg>
    <initarg>echo "VIREO-DEMO-CT: container \$(hostname) is up, init pid \$\$"; exec /bin/sh</initarg>
    <initenv name='PS1'>demo-ct# </initenv>
  </os>
  <devices>
    <filesystem type='mount'>
      <source dir='$root'/>
      <target dir='/'/>
    </filesystem>
    <console type='pty'/>
  </devices>
</domain>
XML

echo "$root"
