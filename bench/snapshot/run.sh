#!/bin/sh
# Live disk-only snapshot benchmark: vireod against libvirtd 9.0 in the same run (a benchmark: asserts nothing).
#   bench/snapshot/run.sh [RUNS] [KIT_DIR]   (root; default 7 snapshots per daemon; kit from scripts/make-guest.sh)
# Starts vireod and libvirtd on private sockets (see bench/rpc/daemons.sh), boots one TCG guest with two
# qcow2 disks on each, then alternates `virsh snapshot-create-as DOM sN --disk-only --atomic` between them
# while the guests print a heartbeat on their serial ports (bench.py measures the gaps).
# Prints a table; raw samples go to bench/results/snapshot-DATE.json.
set -eu
runs=${1:-7}
kit=${2:-${VIREO_GUEST_DIR:-/var/lib/vireo/images}}
repo=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$kit/kit-cloud.txt" ] || { echo "bench/snapshot: no guest kit in $kit; run scripts/make-guest.sh first" >&2; exit 1; }
work=$(mktemp -d /tmp/vireo-snap-bench.XXXXXX)
chmod 755 "$work"
. "$repo/bench/rpc/daemons.sh"
trap 'stop_daemons; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

build_vireod "$repo"
start_vireod
start_libvirtd
set -- --daemon vireod "$vireod_uri"
if [ -n "$libvirtd_uri" ]; then
    set -- "$@" --daemon libvirtd "$libvirtd_uri"
else
    echo "measuring vireod alone: $libvirtd_why" >&2
fi
mkdir -p "$repo/bench/results"
out="$repo/bench/results/snapshot-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 "$repo/bench/snapshot/bench.py" "$@" --kit "$kit" --work "$work" --runs "$runs" --out "$out"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); raw samples: $out"
