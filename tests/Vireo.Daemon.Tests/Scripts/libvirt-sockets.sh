#!/bin/bash
# Runs inside `unshare -m --propagation private`: a tmpfs on /run/libvirt hides the host's libvirt sockets, so
# nothing on the host changes. Starts `vireod --libvirt-sockets` in the foreground and runs plain virsh (no -c)
# against it, then checks the refusals. Prints "STEP <name> ok" lines the test reads; any failure exits non-zero.
# Usage: libvirt-sockets.sh VIREOD ROOT
set -u
VIREOD=$1
ROOT=$2
mount -t tmpfs tmpfs /run/libvirt || { echo "cannot mount a tmpfs on /run/libvirt"; exit 2; }
CONF=$ROOT/vireod.conf
: > "$CONF"
ARGS=(--foreground --config "$CONF" --state-dir "$ROOT/lib" --run-dir "$ROOT/run" --log-dir "$ROOT/log" --libvirt-sockets)

wait_socket() { # path, deadline in 0.05 s steps
  for _ in $(seq 1 1800); do socat -u OPEN:/dev/null "UNIX-CONNECT:$1" 2>/dev/null && return 0; sleep 0.05; done
  return 1
}

# 1. A stale socket file (nobody answers) is replaced; a stale virtqemud-sock is removed.
stale() { python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$1"; }
stale /run/libvirt/libvirt-sock && stale /run/libvirt/virtqemud-sock || { echo "could not make stale sockets"; exit 3; }
[ -S /run/libvirt/libvirt-sock ] && [ -S /run/libvirt/virtqemud-sock ] || { echo "no stale sockets"; exit 3; }
"$VIREOD" "${ARGS[@]}" > "$ROOT/vireod.out" 2>&1 &
VPID=$!
wait_socket /run/libvirt/libvirt-sock || { echo "vireod did not listen on /run/libvirt/libvirt-sock"; cat "$ROOT/vireod.out"; exit 4; }
[ -e /run/libvirt/virtqemud-sock ] && { echo "virtqemud-sock still exists"; exit 5; }
echo "STEP stale-replaced ok"

# 2. Plain virsh, no -c and no LIBVIRT_DEFAULT_URI, reaches vireod: uri and list --all.
unset LIBVIRT_DEFAULT_URI
URI_OUT=$(virsh uri 2>&1); echo "virsh uri: $URI_OUT"
[ "$URI_OUT" = "qemu:///system" ] || { echo "unexpected uri"; exit 6; }
LIST_OUT=$(virsh list --all 2>&1); echo "$LIST_OUT"
echo "$LIST_OUT" | grep -q '^ Id   Name   State' || { echo "virsh list --all failed"; exit 7; }
RO_OUT=$(virsh -r hostname 2>&1); [ "$RO_OUT" = "$(hostname)" ] || { echo "virsh -r hostname: $RO_OUT"; exit 8; }
echo "STEP plain-virsh ok"
MODE=$(stat -c %a /run/libvirt/libvirt-sock); [ "$MODE" = 600 ] || { echo "libvirt-sock mode $MODE"; exit 9; }
echo "STEP modes ok"

# 3. A second vireod on the same sockets is refused with a clear message while the first answers.
"$VIREOD" "${ARGS[@]}" --socket "$ROOT/other-sock" --ro-socket "$ROOT/other-sock-ro" > "$ROOT/second.out" 2>&1
RC=$?
cat "$ROOT/second.out"
[ $RC -ne 0 ] && grep -q "Another daemon is listening on /run/libvirt/libvirt-sock" "$ROOT/second.out" || { echo "second vireod not refused"; exit 10; }
echo "STEP second-refused ok"
kill -TERM $VPID; wait $VPID; echo "vireod exit $?"

# 4. A live virtqemud-sock (someone answers there) makes vireod refuse to start.
socat UNIX-LISTEN:/run/libvirt/virtqemud-sock,fork EXEC:/bin/true 2>/dev/null & SOCATPID=$!
wait_socket /run/libvirt/virtqemud-sock || { echo "no fake virtqemud"; exit 11; }
"$VIREOD" "${ARGS[@]}" > "$ROOT/third.out" 2>&1
RC=$?
kill $SOCATPID 2>/dev/null; wait $SOCATPID 2>/dev/null
cat "$ROOT/third.out"
[ $RC -ne 0 ] && grep -q "virtqemud is listening on /run/libvirt/virtqemud-sock" "$ROOT/third.out" || { echo "virtqemud not detected"; exit 12; }
echo "STEP virtqemud-refused ok"
