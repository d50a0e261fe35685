#!/bin/bash
# make-guest.sh - build the Vireo demo guest (a Debian kernel + a busybox initramfs) from Debian
# packages only. Reproducible (same packages -> same bytes) and a no-op when already up to date.
#
# Usage: scripts/make-guest.sh [--flavor cloud|generic] [--with-qga] [--force] [OUTDIR]
#   --flavor cloud    linux-image-cloud-amd64: boots in ~3 s under TCG, no USB support (default)
#   --flavor generic  linux-image-amd64: ~70 MB download, boots in ~7 s, has USB (ehci/uhci/xhci, HID)
#   --with-qga        add qemu-guest-agent (+ the host's copies of its libraries); started when the
#                     guest has a virtio-serial port named org.qemu.guest_agent.0
#   --force           rebuild even when the outputs are up to date
#   OUTDIR            default /var/lib/vireo/images
# Environment:
#   VIREO_CACHE_DIR   downloaded .debs and unpacked trees (default /var/cache/vireo); kept across runs
#   KVER              kernel ABI to use, e.g. 6.1.0-57-cloud-amd64 (default: what the flavor's
#                     metapackage depends on)
#   EXTRA_MODULES     more kernel modules to put in the image and load ("a b c")
#   SOURCE_DATE_EPOCH mtime stamped on every file in the initramfs (default 1700000000)
#
# Outputs in OUTDIR (FLAVOR = cloud|generic):
#   vmlinuz-FLAVOR, initrd-FLAVOR.cpio.gz, kit-FLAVOR.txt (key=value manifest),
#   demo.xml (cloud; domain "demo") or demo-generic.xml (generic; domain "demo-generic").
# The guest's behaviour (kernel parameters, marker line, prompt) is in scripts/guest-rootfs/init
# and docs/admin-guide.md. The host's kernel packages are never installed or touched.
set -euo pipefail
umask 022
export LC_ALL=C

die() { echo "make-guest: $*" >&2; exit 1; }
note() { echo "make-guest: $*" >&2; }

FLAVOR=cloud WITH_QGA=0 FORCE=0 OUTDIR=/var/lib/vireo/images
while [ $# -gt 0 ]; do
  case "$1" in
    --flavor) [ $# -ge 2 ] || die "--flavor needs a value (cloud or generic)"; FLAVOR=$2; shift 2 ;;
    --flavor=*) FLAVOR=${1#--flavor=}; shift ;;
    --with-qga) WITH_QGA=1; shift ;;
    --force) FORCE=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) OUTDIR=$1; shift ;;
  esac
done

HERE=$(cd "$(dirname "$0")" && pwd)
SELF="$HERE/$(basename "$0")"
OVERLAY="$HERE/guest-rootfs"
CACHE="${VIREO_CACHE_DIR:-/var/cache/vireo}/guest-build"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
[ -d "$OVERLAY" ] || die "the guest root overlay $OVERLAY is missing"

# Modules: "required" must exist (as a module or built in); "optional" are taken when the kernel has them.
REQUIRED=(virtio_pci virtio_blk virtio_net virtio_balloon virtio_console virtio_rng virtio_scsi
          button evdev pvpanic_mmio pvpanic_pci)
OPTIONAL=(sd_mod sr_mod ata_piix ahci e1000 virtio_input i6300esb)
case "$FLAVOR" in
  cloud)   KMETA=linux-image-cloud-amd64; XML_NAME=demo.xml; DOMAIN=demo ;;
  generic) KMETA=linux-image-amd64; XML_NAME=demo-generic.xml; DOMAIN=demo-generic
           REQUIRED+=(ehci_pci uhci_hcd xhci_pci usbhid hid_generic); OPTIONAL+=(usb_storage) ;;
  *) die "unknown flavor '$FLAVOR': use cloud or generic" ;;
esac
read -r -a EXTRA <<< "${EXTRA_MODULES:-}"
REQUIRED+=("${EXTRA[@]}")

mkdir -p "$OUTDIR" "$CACHE/debs" "$CACHE/unpacked" || die "cannot create $OUTDIR or $CACHE (run as root?)"
OUTDIR=$(cd "$OUTDIR" && pwd)
# no_timer_check: under TCG on a busy host the kernel's IO-APIC timer self-test can miss its window
# and panic ("IO-APIC + timer doesn't work!"); skipping the check is what cloud images do too.
CMDLINE="console=ttyS0 no_timer_check"
KERNEL_OUT="$OUTDIR/vmlinuz-$FLAVOR"
INITRD_OUT="$OUTDIR/initrd-$FLAVOR.cpio.gz"
XML_OUT="$OUTDIR/$XML_NAME"
MANIFEST_OUT="$OUTDIR/kit-$FLAVOR.txt"

# One build at a time per cache (tests on two checkouts may call this together).
exec 9>"$CACHE/.lock"
flock 9

# ---- Debian packages: resolve versions with apt-cache, download once into the cache ----------------
# (apt-cache is slow where its package cache is disabled, so ask it once for everything.)
declare -A VERSION
resolve_versions() { # fills KPKG, KVER, VERSION[pkg]; returns 1 if apt's lists lack something
  local pkg="" line ask=("$KMETA" busybox-static)
  [ "$WITH_QGA" = 1 ] && ask+=(qemu-guest-agent)
  [ -n "${KVER_PIN:-}" ] && ask+=("linux-image-$KVER_PIN")
  while IFS= read -r line; do
    case "$line" in
      "Package: "*) pkg=${line#Package: } ;;
      "Version: "*) VERSION[$pkg]=${line#Version: } ;;
      "Depends: "*) if [ "$pkg" = "$KMETA" ] && [ -z "${KVER_PIN:-}" ]; then
                      KPKG=$(sed -nE 's/^Depends: (linux-image-[0-9][^ ,]*) \(= ([^)]*)\).*/\1/p' <<< "$line")
                      VERSION[$KPKG]=$(sed -nE 's/^Depends: linux-image-[0-9][^ ,]* \(= ([^)]*)\).*/\1/p' <<< "$line")
                    fi ;;
    esac
  done < <(apt-cache show --no-all-versions "${ask[@]}" 2>/dev/null)
  [ -n "${KVER_PIN:-}" ] && KPKG="linux-image-$KVER_PIN"
  [ -n "${KPKG:-}" ] && [ -n "${VERSION[$KPKG]:-}" ] && [ -n "${VERSION[busybox-static]:-}" ] || return 1
  [ "$WITH_QGA" = 0 ] || [ -n "${VERSION[qemu-guest-agent]:-}" ] || return 1
  KVER=${KPKG#linux-image-}
}
KVER_PIN=${KVER:-}
if ! resolve_versions; then   # a fresh machine has no apt lists yet
  note "apt does not know the packages yet: running apt-get update"
  apt-get update -q >&2 || true
  resolve_versions || die "apt has no installable $KMETA${KVER_PIN:+ / linux-image-$KVER_PIN}, busybox-static or qemu-guest-agent (check /etc/apt/sources.list)"
fi
PKGS=("$KPKG" busybox-static)
[ "$WITH_QGA" = 1 ] && PKGS+=(qemu-guest-agent)

deb_file() { # the cache path of a package's .deb (there or to be downloaded)
  echo "$CACHE/debs/${1}_${VERSION[$1]//:/%3a}_amd64.deb"
}
fetch_deb() { # download the .deb of $1 into the cache unless it is there already
  local f; f=$(deb_file "$1")
  [ -s "$f" ] && return 0
  note "downloading $1 ${VERSION[$1]}"
  ( cd "$CACHE/debs" && apt-get download -q -o APT::Sandbox::User=root "$1=${VERSION[$1]}" >&2 ) \
    || die "apt-get download $1 failed"
  [ -s "$f" ] || die "apt-get download $1 did not produce $f"
}
unpack_deb() { # unpack a cached .deb once; prints the directory
  local deb=$1 d
  d="$CACHE/unpacked/$(basename "$deb" .deb)"
  if [ ! -e "$d/.complete" ]; then
    rm -rf "$d"; mkdir -p "$d"
    dpkg-deb -x "$deb" "$d" || die "dpkg-deb -x $deb failed"
    touch "$d/.complete"
  fi
  echo "$d"
}

# ---- up to date? -----------------------------------------------------------------------------
overlay_digest() { (cd "$OVERLAY" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64); }
recipe() {
  echo "script $(sha256sum < "$SELF" | cut -c1-64)"
  echo "overlay $(overlay_digest)"
  echo "flavor $FLAVOR qga $WITH_QGA epoch $SOURCE_DATE_EPOCH outdir $OUTDIR"
  echo "modules ${REQUIRED[*]} / ${OPTIONAL[*]}"
  for p in "${PKGS[@]}"; do echo "deb $(basename "$(deb_file "$p")")"; done
}
RECIPE=$(recipe | sha256sum | cut -c1-64)
# Up to date = same recipe (the script and overlay by content, so a fresh clone with new mtimes
# does not rebuild) and every output newer than the .debs it was built from.
up_to_date() {
  local o i inputs=() p
  [ "$FORCE" = 0 ] || return 1
  grep -qx "recipe=$RECIPE" "$MANIFEST_OUT" 2>/dev/null || return 1
  for p in "${PKGS[@]}"; do inputs+=("$(deb_file "$p")"); done
  for o in "$KERNEL_OUT" "$INITRD_OUT" "$XML_OUT" "$MANIFEST_OUT"; do
    [ -s "$o" ] || return 1
    for i in "${inputs[@]}"; do [ -e "$i" ] && [ "$o" -nt "$i" ] || return 1; done
  done
}
print_outputs() {
  echo "kernel: $KERNEL_OUT"
  echo "initrd: $INITRD_OUT"
  echo "domain: $XML_OUT"
  echo "manifest: $MANIFEST_OUT"
}
if up_to_date; then
  note "$FLAVOR kit is up to date ($KVER, qga=$WITH_QGA)"
  print_outputs
  exit 0
fi

# ---- inputs ------------------------------------------------------------------------------------
for p in "${PKGS[@]}"; do fetch_deb "$p"; done
KROOT=$(unpack_deb "$(deb_file "$KPKG")")
BBROOT=$(unpack_deb "$(deb_file busybox-static)")
KMODDIR=""
for d in "$KROOT/lib/modules/$KVER" "$KROOT/usr/lib/modules/$KVER"; do [ -d "$d" ] && KMODDIR=$d; done
[ -n "$KMODDIR" ] || die "$KPKG has no modules directory for $KVER"
KIMAGE=""
for f in "$KROOT/boot/vmlinuz-$KVER" "$KROOT/usr/lib/linux/vmlinuz-$KVER"; do [ -f "$f" ] && KIMAGE=$f; done
[ -n "$KIMAGE" ] || die "$KPKG has no vmlinuz-$KVER"
# The .deb ships no modules.dep (its postinst would run depmod): generate it inside the unpacked tree.
if [ ! -s "$KMODDIR/modules.dep" ]; then
  depmod -b "${KMODDIR%/lib/modules/$KVER}" "$KVER" || die "depmod failed for $KVER"
fi
BUSYBOX="$BBROOT/bin/busybox"
[ -x "$BUSYBOX" ] || die "busybox-static has no bin/busybox"
note "building the $FLAVOR kit: kernel $KVER, qga=$WITH_QGA"

WORK=$(mktemp -d /tmp/vireo-make-guest.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
R="$WORK/root"
mkdir -p "$R"/{bin,sbin,etc,proc,sys,dev,run,tmp,root,var,usr/bin,usr/sbin,lib/modules/"$KVER"}
ln -s ../run "$R/var/run"

# ---- busybox and the overlay -----------------------------------------------------------------------
cp -R --no-preserve=ownership "$OVERLAY/." "$R/"   # first, so no applet link is written through
cp "$BUSYBOX" "$R/bin/busybox"
while read -r applet; do
  [ -e "$R/$applet" ] || [ -L "$R/$applet" ] || ln -s /bin/busybox "$R/$applet"
done < <("$BUSYBOX" --list-full | grep -v '^bin/busybox$')

# ---- kernel modules, dependencies first ----------------------------------------------------------
declare -A MODPATH MODDEPS BUILTIN
modkey() { local n=${1##*/}; n=${n%%.ko*}; echo "${n//-/_}"; }
while IFS= read -r line; do
  path=${line%%:*}; n=${path##*/}; n=${n%%.ko*}; n=${n//-/_}
  MODPATH[$n]=$path; MODDEPS[$n]=${line#*:}
done < "$KMODDIR/modules.dep"
if [ -f "$KMODDIR/modules.builtin" ]; then
  while IFS= read -r path; do n=${path##*/}; n=${n%%.ko*}; BUILTIN[${n//-/_}]=1; done < "$KMODDIR/modules.builtin"
fi
ORDER=()
declare -A PLACED
place() { # place MODULE: append its dependencies, then itself, to ORDER (each once)
  local m=$1 d
  [ -n "${PLACED[$m]:-}" ] && return 0
  PLACED[$m]=1
  for d in ${MODDEPS[$m]}; do place "$(modkey "$d")"; done
  ORDER+=("${MODPATH[$m]}")
}
for m in "${REQUIRED[@]}"; do
  m=${m//-/_}
  if [ -n "${MODPATH[$m]:-}" ]; then place "$m"
  elif [ -z "${BUILTIN[$m]:-}" ]; then die "kernel $KVER has no module $m (neither loadable nor built in)"
  fi
done
for m in "${OPTIONAL[@]}"; do m=${m//-/_}; [ -n "${MODPATH[$m]:-}" ] && place "$m"; done
: > "$R/etc/modules.order"
for p in "${ORDER[@]}"; do
  src="$KMODDIR/$p" dst="$R/lib/modules/$KVER/${p%.ko*}.ko"
  mkdir -p "$(dirname "$dst")"
  case "$p" in   # the guest's busybox insmod takes plain .ko files
    *.ko) cp "$src" "$dst" ;;
    *.ko.xz) xz -dc "$src" > "$dst" ;;
    *.ko.zst) zstd -qdc "$src" > "$dst" ;;
    *.ko.gz) gzip -dc "$src" > "$dst" ;;
    *) die "unexpected module file $p" ;;
  esac
  echo "${p%.ko*}.ko" >> "$R/etc/modules.order"
done
MODNAMES=$(for p in "${ORDER[@]}"; do modkey "$p"; done | tr '\n' ' ')

# ---- qemu-guest-agent --------------------------------------------------------------------------
if [ "$WITH_QGA" = 1 ]; then
  QGA="$(unpack_deb "$(deb_file qemu-guest-agent)")/usr/sbin/qemu-ga"
  [ -x "$QGA" ] || die "qemu-guest-agent has no usr/sbin/qemu-ga"
  cp "$QGA" "$R/usr/sbin/qemu-ga"
  # qemu-ga is dynamically linked: take the host's copies of its libraries (qemu-system-x86 pulls
  # in the same ones, so a machine set up by scripts/setup.sh has them all).
  LDD=$(ldd "$QGA") || die "ldd $QGA failed"
  if grep -q 'not found' <<< "$LDD"; then
    die "qemu-ga needs libraries this host lacks: $(grep 'not found' <<< "$LDD" | awk '{print $1}' | tr '\n' ' ')- apt-get install libglib2.0-0 libnuma1 libudev1 liburing2"
  fi
  while read -r lib; do
    mkdir -p "$R$(dirname "$lib")"
    cp "$(readlink -f "$lib")" "$R$lib"
  done < <(awk '/=> \//{print $3} /^[ \t]*\/[^ ]+ \(/{print $1}' <<< "$LDD" | sort -u)
fi

# ---- pack, reproducibly --------------------------------------------------------------------------
find "$R" -type d -exec chmod 755 {} +
find "$R" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
( cd "$R" && find . -mindepth 1 -print0 | sort -z \
    | cpio --null -o -H newc -R 0:0 --reproducible --quiet ) | gzip -6 -n > "$WORK/initrd"
cp "$KIMAGE" "$WORK/vmlinuz"

cat > "$WORK/domain.xml" <<EOF
<!-- Vireo demo guest ($FLAVOR kernel $KVER), written by scripts/make-guest.sh -->
<domain type='qemu'>
  <name>$DOMAIN</name>
  <memory unit='MiB'>256</memory>
  <currentMemory unit='MiB'>256</currentMemory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$KERNEL_OUT</kernel>
    <initrd>$INITRD_OUT</initrd>
    <cmdline>$CMDLINE</cmdline>
    <bios useserial='yes'/>
  </os>
  <features>
    <acpi/>
  </features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <serial type='pty'>
      <target port='0'/>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    <memballoon model='virtio'>
      <stats period='5'/>
    </memballoon>
  </devices>
</domain>
EOF

cat > "$WORK/manifest" <<EOF
flavor=$FLAVOR
kernel=$KERNEL_OUT
initrd=$INITRD_OUT
domain_xml=$XML_OUT
domain_name=$DOMAIN
kernel_version=$KVER
kernel_package=$(basename "$(deb_file "$KPKG")" .deb)
qga=$([ "$WITH_QGA" = 1 ] && echo yes || echo no)
usb=$([ "$FLAVOR" = generic ] && echo yes || echo no)
cmdline=$CMDLINE
marker=VIREO-GUEST-READY
modules=${MODNAMES% }
sha256_kernel=$(sha256sum < "$WORK/vmlinuz" | cut -c1-64)
sha256_initrd=$(sha256sum < "$WORK/initrd" | cut -c1-64)
recipe=$RECIPE
EOF

# Install: each file appears whole (rename), and the manifest, which marks the kit complete, comes last.
install_file() { cp "$1" "$2.tmp.$$" && sync "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"; }
install_file "$WORK/vmlinuz" "$KERNEL_OUT"
install_file "$WORK/initrd" "$INITRD_OUT"
install_file "$WORK/domain.xml" "$XML_OUT"
install_file "$WORK/manifest" "$MANIFEST_OUT"
note "built the $FLAVOR kit: initrd $(stat -c %s "$INITRD_OUT") bytes, modules: $MODNAMES"
print_outputs
