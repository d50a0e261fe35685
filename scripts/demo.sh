#!/bin/bash
# demo.sh - one command from a fresh Debian 12 machine (as root) to a running demo guest:
# runs scripts/setup.sh (packages, guest kit, build), then boots the demo guest (a tiny Linux under
# QEMU/TCG) through Vireo's CLI, `vireo start --console`, with its serial console on this terminal
# from power-on (SeaBIOS banner, kernel, the marker line VIREO-GUEST-READY, a root shell).
# If the demo guest is already running, it attaches to its console instead.
#
# Usage: scripts/demo.sh [--skip-setup]
#   In the guest: try `uname -a`, `free -m`; `poweroff` ends the demo. Ctrl-] detaches and leaves the
#   guest running: run demo.sh again (or `vireo -c URI console demo`) to come back.
# Environment:
#   VIREO_GUEST_DIR   the guest kit (default /var/lib/vireo/images)
#   VIREO_DEMO_URI    the connection (default qemu:///embed?root=/var/lib/vireo/embed: the driver runs
#                     inside the CLI; the guest survives the CLI and the next call reconnects to it).
#                     qemu:///system uses a running vireod instead.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
GUEST_DIR=${VIREO_GUEST_DIR:-/var/lib/vireo/images}
URI=${VIREO_DEMO_URI:-qemu:///embed?root=/var/lib/vireo/embed}
VIREO=$ROOT/src/Vireo.Cli/bin/Release/net10.0/vireo   # what `dotnet build -c Release` (setup.sh) produces

case "${1:-}" in
  --skip-setup) ;;
  "") "$ROOT/scripts/setup.sh" ;;
  -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
  *) echo "demo.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
esac

XML="$GUEST_DIR/demo.xml"
[ -f "$XML" ] && [ -f "$GUEST_DIR/kit-cloud.txt" ] || {
  echo "demo.sh: the demo guest is not built ($GUEST_DIR/kit-cloud.txt missing); run scripts/setup.sh" >&2; exit 1; }
if [ "${1:-}" = --skip-setup ] || [ ! -x "$VIREO" ]; then   # setup.sh has built it otherwise
  echo "==> dotnet build src/Vireo.Cli (vireo)"
  dotnet build "$ROOT/src/Vireo.Cli/Vireo.Cli.csproj" -c Release -nologo -v quiet
fi

state=$("$VIREO" -c "$URI" domstate demo 2>/dev/null || true)
case "$state" in
  running*|paused*|"in shutdown"*|pmsuspended*)
    [ "${state%% *}" = paused ] && "$VIREO" -q -c "$URI" resume demo
    echo "==> the demo guest is already running: attaching to its console (Ctrl-] detaches)"
    exec "$VIREO" -c "$URI" console demo ;;
esac
# Defined again from the kit's XML each time, so a rebuilt kit is what boots.
"$VIREO" -q -c "$URI" define "$XML"
echo "==> starting the demo guest under QEMU/TCG (Ctrl-] detaches; 'poweroff' in the guest stops it)"
exec "$VIREO" -c "$URI" start --console demo
