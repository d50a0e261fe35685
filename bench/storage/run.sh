#!/bin/sh
# Times `virsh pool-refresh` of a dir pool holding N qcow2 volumes (default 200) against a vireod binary.
#   bench/storage/run.sh VIREOD [N] [ROUNDS]
# VIREOD is a published vireod (bench/rpc/daemons.sh's build_vireod makes one). Prints one line per round
# and the median, in milliseconds. Nothing is asserted: the numbers go in docs/storage.md.
set -eu
vireod=$1; n=${2:-200}; rounds=${3:-7}
work=$(mktemp -d /tmp/vireo-storage-bench-XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
mkdir -p "$work/pool" "$work/state"
i=0
while [ "$i" -lt "$n" ]; do
    if [ $((i % 4)) -eq 0 ]; then qemu-img create -q -f raw "$work/pool/v$i.img" 16M
    else qemu-img create -q -f qcow2 "$work/pool/v$i.qcow2" 1G; fi
    i=$((i + 1))
done
: > "$work/empty.conf"
setsid "$vireod" --config "$work/empty.conf" --foreground --state-dir "$work/state/lib" --run-dir "$work/state/run" \
    --log-dir "$work/state/log" --socket "$work/sock" --ro-socket "$work/sock-ro" >"$work/vireod.log" 2>&1 </dev/null &
pid=$!
deadline=$(( $(date +%s) + 60 ))
while [ ! -S "$work/sock" ]; do [ "$(date +%s)" -gt "$deadline" ] && { cat "$work/vireod.log"; exit 1; }; sleep 0.05; done
v="virsh -q -c qemu+unix:///system?socket=$work/sock"
$v pool-define-as bench dir --target "$work/pool" >/dev/null
$v pool-start bench >/dev/null
[ "$($v vol-list bench | wc -l)" -eq "$n" ] || { echo "the pool lists $($v vol-list bench | wc -l) volumes, not $n" >&2; exit 1; }
r=0; times=""
while [ "$r" -lt "$rounds" ]; do
    t0=$(date +%s%N); $v pool-refresh bench >/dev/null; t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 )); echo "round $r: ${ms} ms"; times="$times $ms"
    r=$((r + 1))
done
echo "median of $rounds refreshes of $n volumes: $(printf '%s\n' $times | sort -n | sed -n "$(( (rounds + 1) / 2 ))p") ms"
