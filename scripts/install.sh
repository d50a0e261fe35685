#!/bin/bash
# install.sh - publish vireod and vireo from this checkout and install them, with the systemd unit, as root.
#
#   PREFIX/lib/vireo/     vireod (framework-dependent .NET app), vireo (NativeAOT), vireo-lxc (container helper)
#   PREFIX/sbin/vireod, PREFIX/bin/vireo      symlinks into PREFIX/lib/vireo
#   /etc/systemd/system/vireod.service        packaging/vireod.service (ExecStart uses PREFIX/sbin/vireod)
#   /etc/vireo/vireod.conf                    packaging/vireod.conf, only if there is none yet
#   PREFIX/share/doc/vireo/                   the user and administration guides
#
# Then, where systemd runs (PID 1): `systemctl daemon-reload` and `systemctl enable --now vireod`.
# Elsewhere it says how to start vireod as the unit's ExecStart line does; --start does it (vireod then
# detaches by itself, as `libvirtd -d` does).
#
# Usage: scripts/install.sh [--prefix DIR] [--no-start] [--start]
#   --prefix DIR   where to install (default /usr/local)
#   --no-start     install only; do not enable or start the service
#   --start        without systemd: start vireod in the background after installing
# Running it again upgrades in place; guests keep running across the daemon's restart.
set -euo pipefail

PREFIX=/usr/local START=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=${2:?--prefix needs a directory}; shift 2 ;;
    --no-start) START=no; shift ;;
    --start) START=yes; shift ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIB=$PREFIX/lib/vireo
UNIT=/etc/systemd/system/vireod.service
step() { echo "==> $*"; }
[ "$(id -u)" = 0 ] || { echo "install.sh: run as root (it writes to $PREFIX and /etc): sudo $0" >&2; exit 1; }
command -v dotnet >/dev/null || { echo "install.sh: the .NET 10 SDK is missing; run scripts/setup.sh first" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Publish into a staging directory next to the final one, then swap, so a failed build leaves the old install.
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/sbin"
STAGE=$(mktemp -d "$PREFIX/lib/.vireo-stage.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
step "dotnet publish src/Vireo.Daemon (vireod)"
dotnet publish "$ROOT/src/Vireo.Daemon/Vireo.Daemon.csproj" -c Release -o "$STAGE" -nologo -v quiet
step "dotnet publish src/Vireo.Cli (vireo, NativeAOT)"
dotnet publish "$ROOT/src/Vireo.Cli/Vireo.Cli.csproj" -c Release -o "$STAGE" -nologo -v quiet
for f in vireod vireo vireo-lxc; do
  [ -x "$STAGE/$f" ] || { echo "install.sh: the publish did not produce $f" >&2; exit 1; }
done
rm -f "$STAGE"/*.dbg "$STAGE"/*.pdb
chmod 755 "$STAGE"

step "installing into $LIB"
rm -rf "$LIB.old"
[ -d "$LIB" ] && mv "$LIB" "$LIB.old"
mv "$STAGE" "$LIB"
rm -rf "$LIB.old"
ln -sfn "$LIB/vireod" "$PREFIX/sbin/vireod"
ln -sfn "$LIB/vireo" "$PREFIX/bin/vireo"

install -d -m 755 "$PREFIX/share/doc/vireo"
for doc in user-guide admin-guide xml-support; do
  [ -f "$ROOT/docs/$doc.md" ] && install -m 644 "$ROOT/docs/$doc.md" "$PREFIX/share/doc/vireo/"
done
install -d -m 755 /etc/vireo
# virt-install's --install kernel=... form copies the kernel and initrd into /var/lib/libvirt/boot, which
# libvirt's packages create; without libvirtd installed nothing else does.
install -d -m 711 /var/lib/libvirt/boot
if [ ! -e /etc/vireo/vireod.conf ]; then
  install -m 644 "$ROOT/packaging/vireod.conf" /etc/vireo/vireod.conf
else
  step "keeping /etc/vireo/vireod.conf (the shipped one is $ROOT/packaging/vireod.conf)"
fi
install -d -m 755 /etc/systemd/system
sed "s|/usr/local/sbin/vireod|$PREFIX/sbin/vireod|g" "$ROOT/packaging/vireod.service" > "$UNIT.tmp"
chmod 644 "$UNIT.tmp" && mv "$UNIT.tmp" "$UNIT"
step "installed: $PREFIX/sbin/vireod, $PREFIX/bin/vireo, $UNIT"

EXEC=$(sed -n 's/^ExecStart=//p' "$UNIT")
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  systemctl daemon-reload
  if [ "$START" != no ]; then
    step "systemctl enable vireod; systemctl restart vireod"
    systemctl enable vireod.service
    systemctl restart vireod.service
    systemctl --no-pager --lines=5 status vireod.service || true
    echo "Try: virsh list --all"
  fi
elif [ "$START" = yes ]; then
  step "systemd is not running here: starting vireod as the unit's ExecStart does: $EXEC"
  $EXEC
  echo "Try: virsh list --all"
else
  echo "systemd is not running here. Start vireod as the unit would (it detaches and logs to /var/log/vireo/vireod.log):"
  echo "    $EXEC"
fi
