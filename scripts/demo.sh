#!/bin/bash
# demo.sh - one command from a fresh Debian 12 machine (as root) to a running demo guest:
# runs scripts/setup.sh (packages, guest kit, build), then boots the demo guest (a tiny Linux
# under QEMU/TCG) with its serial console on this terminal.
#
# Usage: scripts/demo.sh [--skip-setup]
#   In the guest: try `uname -a`, `free -m`; `poweroff` ends the demo.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
GUEST_DIR=${VIREO_GUEST_DIR:-/var/lib/vireo/images}
URI='qemu:///embed?root=/var/lib/vireo/embed'

if [ "${1:-}" != --skip-setup ] && ! "$ROOT/scripts/setup.sh"; then
  echo "demo.sh: scripts/setup.sh failed (see above); trying to boot the demo guest anyway" >&2
fi

XML="$GUEST_DIR/demo.xml"
MANIFEST="$GUEST_DIR/kit-cloud.txt"
[ -f "$XML" ] && [ -f "$MANIFEST" ] || {
  echo "demo.sh: the demo guest is not built ($MANIFEST missing); run scripts/setup.sh" >&2; exit 1; }
kit() { sed -n "s/^$1=//p" "$MANIFEST"; }

# Use Vireo itself once its CLI exists and builds.
if [ -f "$ROOT/src/Vireo.Cli/Vireo.Cli.csproj" ] \
   && dotnet build "$ROOT/src/Vireo.Cli/Vireo.Cli.csproj" -c Release -nologo -v quiet >/dev/null 2>&1; then
  # TODO(lead): check these against the finished CLI (command names follow virsh's; `start --console`
  # attaches to the serial console like `virsh start --console`).
  vireo() { dotnet run --project "$ROOT/src/Vireo.Cli/Vireo.Cli.csproj" -c Release --no-build -- "$@"; }
  if [ "$(vireo -c "$URI" domstate demo 2>/dev/null || true)" = running ]; then
    echo "==> the demo guest is already running: attaching to its console (Ctrl-] detaches)"
    exec dotnet run --project "$ROOT/src/Vireo.Cli/Vireo.Cli.csproj" -c Release --no-build -- -c "$URI" console demo
  fi
  vireo -c "$URI" define "$XML"
  echo "==> starting the demo guest (Ctrl-] detaches from the console; 'poweroff' in the guest stops it)"
  exec dotnet run --project "$ROOT/src/Vireo.Cli/Vireo.Cli.csproj" -c Release --no-build -- -c "$URI" start --console demo
fi

# TODO(lead): remove this fallback once src/Vireo.Cli builds: until then boot the same kit with a raw
# QEMU, roughly the command line Vireo generates for demo.xml, its serial port on this terminal.
echo "==> Vireo's CLI is not built yet: booting the demo guest with plain qemu-system-x86_64 (TCG, ~3-5 s)"
echo "    'poweroff' in the guest ends the demo; Ctrl-A x quits QEMU; Ctrl-A c toggles the QEMU monitor"
exec qemu-system-x86_64 -name demo -machine pc,graphics=off -accel tcg -m 256 -smp 1 \
  -nodefaults -no-user-config -display none \
  -chardev stdio,id=ser0,mux=on,signal=off -serial chardev:ser0 -mon chardev=ser0,mode=readline \
  -device virtio-balloon-pci,id=balloon0 \
  -kernel "$(kit kernel)" -initrd "$(kit initrd)" -append "$(kit cmdline)"
