#!/bin/sh
# QEMU boot benchmark (a benchmark, not a test: it asserts nothing).
#   bench/boot/run.sh [RUNS] [KIT_DIR]     (root; default 7 runs, at least 5; kit from scripts/make-guest.sh)
# Interleaves, per run: the demo guest started by raw qemu-system-x86_64 (-S, QMP handshake, serial
# socket, cont) and by Vireo's QEMU driver in process; reports medians of start-to-running,
# start-to-marker and destroy, the difference (what Vireo adds) and the ratio.
# libvirtd's numbers on this machine, for comparison (shared/reference/libvirtd-baseline.md): it adds
# about 0.64 s to a start and takes about 1.5 s to destroy.
set -eu
runs=${1:-7}
kit=${2:-${VIREO_GUEST_DIR:-/var/lib/vireo/images}}
repo=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$kit/demo.xml" ] || { echo "bench/boot: no demo guest kit in $kit; run scripts/make-guest.sh first" >&2; exit 1; }
work=$(mktemp -d /tmp/vireo-boot-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet build -c Release -v q -nologo "$repo/bench/boot/Harness/Vireo.Bench.Boot.csproj" -o "$work/harness" >/dev/null
"$work/harness/Vireo.Bench.Boot" "$runs" "$kit"
