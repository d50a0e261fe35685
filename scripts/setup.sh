#!/bin/bash
# setup.sh - prepare a Debian 12 machine (as root) to build, run and test Vireo. Idempotent:
# a second run installs nothing, rebuilds nothing that is up to date, and takes seconds.
#
# Usage: scripts/setup.sh [--no-kit] [--no-build]
#   --no-kit     do not build the demo guest kit
#   --no-build   do not run `dotnet build`
# Environment:
#   VIREO_GUEST_DIR   where the guest kit goes (default /var/lib/vireo/images)
#   VIREO_CACHE_DIR   download cache for the kit's Debian packages (default /var/cache/vireo)
set -euo pipefail

# Debian packages the build, the engine and the tests use. Add new ones here (one line, why).
PACKAGES=(
  qemu-system-x86 qemu-utils          # the hypervisor (TCG here) and qemu-img
  libvirt-clients libvirt0            # stock virsh: a client of vireod in the compatibility tests
  python3-libvirt libsys-virt-perl    # python-libvirt and Perl Sys::Virt clients in the tests
  libvirt-daemon                      # a real libvirtd (binaries only, no service) for Vireo.Client's compatibility test
  libxml2-utils                       # xmllint; virt-xml-validate uses libvirt's schemas
  snmpd snmp snmptrapd                # SNMP master agent / tools / trap receiver for the AgentX tests
  busybox-static cpio kmod xz-utils zstd  # guest kit: initramfs tools, depmod, module decompression
  iproute2 socat tmux                 # namespaces and links, socket plumbing, terminal tests
  dnsmasq-base nftables               # DHCP/DNS and NAT of the virtual networks vireod runs
  gcc make libc6-dev                  # the container helper written in C
  python3                             # scripts/trx-summary.py (Debian's python3, not a pyenv one)
  chromium                            # headless browser that drives the web console page in the browser tests
  virtinst                            # virt-install: its --import/--disk forms go through the storage API in the storage tests
  virt-manager xvfb xauth dbus-daemon # virt-manager itself, on a virtual X server with a session bus, against vireod in the client tests
)

BUILD_KIT=1 BUILD_DOTNET=1
for arg in "$@"; do
  case "$arg" in
    --no-kit) BUILD_KIT=0 ;;
    --no-build) BUILD_DOTNET=0 ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
GUEST_DIR=${VIREO_GUEST_DIR:-/var/lib/vireo/images}
step() { echo "==> $*"; }

[ "$(id -u)" = 0 ] || { echo "setup.sh: run as root (it installs Debian packages): sudo $0" >&2; exit 1; }
if ! grep -qs '^VERSION_CODENAME=bookworm' /etc/os-release; then
  echo "setup.sh: warning: written for Debian 12 (bookworm); this is $(. /etc/os-release; echo "${PRETTY_NAME:-unknown}")" >&2
fi

# ---- Debian packages ---------------------------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  step "Debian packages: all ${#PACKAGES[@]} present"
fi

# ---- Debian's own SNMP services --------------------------------------------------------------------
# The tests start their own snmpd/snmptrapd on private ports and sockets. Debian's services would
# hold udp/161 and the default AgentX socket /var/agentx/master, so keep them stopped and disabled.
# Only the daemons those services started (their pid files) are stopped, never a test's.
for svc in snmpd snmptrapd; do
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
    if systemctl is-enabled --quiet "$svc" 2>/dev/null || systemctl is-active --quiet "$svc" 2>/dev/null; then
      step "disabling Debian's $svc service (tests run their own)"
      systemctl disable --now "$svc" >/dev/null 2>&1 || true
    fi
  else
    if ls /etc/rc[2-5].d/S*"$svc" >/dev/null 2>&1; then
      step "disabling Debian's $svc init script (tests run their own)"
      update-rc.d "$svc" disable >/dev/null 2>&1 || true
    fi
    pidfile=/run/$svc.pid
    if [ -s "$pidfile" ] && [ "$(cat "/proc/$(cat "$pidfile")/comm" 2>/dev/null)" = "$svc" ]; then
      step "stopping Debian's running $svc service"
      "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
    fi
  fi
done

# ---- .NET SDK ------------------------------------------------------------------------------------
if ! command -v dotnet >/dev/null || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  cat >&2 <<'EOF'
setup.sh: the .NET 10 SDK is missing (`dotnet --list-sdks` shows no 10.x).
Install it, then run setup.sh again. On Debian 12, from Microsoft's package feed:
    wget https://packages.microsoft.com/config/debian/12/packages-microsoft-prod.deb
    dpkg -i packages-microsoft-prod.deb && apt-get update && apt-get install -y dotnet-sdk-10.0
or with the official script (no root needed):
    wget https://dot.net/v1/dotnet-install.sh && bash dotnet-install.sh --channel 10.0
    export PATH="$HOME/.dotnet:$PATH"
EOF
  exit 1
fi
step ".NET SDK $(dotnet --version)"

# ---- demo guest kit ----------------------------------------------------------------------------------
if [ "$BUILD_KIT" = 1 ]; then
  step "guest kit (cloud, with qemu-guest-agent) in $GUEST_DIR"
  "$ROOT/scripts/make-guest.sh" --flavor cloud --with-qga "$GUEST_DIR"
  step "guest kit (generic kernel with USB, with qemu-guest-agent) in $GUEST_DIR"
  "$ROOT/scripts/make-guest.sh" --flavor generic --with-qga "$GUEST_DIR"
fi

# ---- build -----------------------------------------------------------------------------------------
if [ "$BUILD_DOTNET" = 1 ]; then
  step "dotnet build -c Release Vireo.slnx"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  dotnet build -c Release "$ROOT/Vireo.slnx" -nologo -v minimal
fi
step "setup complete"
