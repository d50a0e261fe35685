#!/bin/sh
# RPC benchmark: vireod against libvirtd 9.0 in the same run, same clients (a benchmark: asserts nothing).
#   bench/rpc/run.sh [DOMAINS]     (root; default 1000 defined domains at the last step)
# Starts vireod (Release build, temp state dir and socket) and Debian's libvirtd (private mount namespace,
# tmpfs /run/libvirt /etc/libvirt /var/lib/libvirt, own socket, no network), then bench.py measures with
# python-libvirt and virsh, alternating the daemons round by round: RPC round trip, lookupByName+info,
# virsh hostname / list --all at 1, 100 and DOMAINS defined domains, defineXML, and daemon RSS.
# Prints a table with the ratios vireod/libvirtd; raw samples go to bench/results/rpc-DATE.json.
set -eu
domains=${1:-1000}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/vireo-rpc-bench.XXXXXX)
chmod 755 "$work"
. "$repo/bench/rpc/daemons.sh"
trap 'stop_daemons; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

build_vireod "$repo"
start_vireod
start_libvirtd
set -- --daemon vireod "$vireod_uri" "$vireod_pid"
if [ -n "$libvirtd_uri" ]; then
    set -- "$@" --daemon libvirtd "$libvirtd_uri" "$libvirtd_pid"
else
    echo "measuring vireod alone: $libvirtd_why" >&2
fi
out="$repo/bench/results/rpc-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 "$repo/bench/rpc/bench.py" "$@" --domains "$domains" --out "$out"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); raw samples: $out"
