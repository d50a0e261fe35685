#!/bin/bash
# Runs inside `unshare -m --propagation private`: a tmpfs on /run/libvirt hides the host's libvirt sockets, so
# nothing on the host changes. Starts vireod as systemd starts packaging/vireod.service (the unit's ExecStart
# arguments, NOTIFY_SOCKET and SYSTEMD_EXEC_PID in the environment, no --foreground) and runs plain virsh (no -c)
# against it, then checks that vireod refuses libvirt's sockets while another daemon (a second vireod, a real
# libvirtd, a virtqemud) answers on them. Prints "STEP <name> ok" lines the test reads; a failure exits non-zero.
# Usage: libvirt-sockets.sh VIREOD ROOT NOTIFY_SOCKET [UNIT-EXECSTART-ARGS...]
set -u
VIREOD=$1 ROOT=$2 NOTIFY=$3
shift 3
UNIT_ARGS=("$@")
mount -t tmpfs tmpfs /run/libvirt || { echo "cannot mount a tmpfs on /run/libvirt"; exit 2; }
CONF=$ROOT/vireod.conf
: > "$CONF"
# The unit's own arguments, then private paths instead of /etc/vireo, /var/lib/vireo, /run/vireo, /var/log/vireo.
PRIVATE=(--config "$CONF" --state-dir "$ROOT/lib" --run-dir "$ROOT/run" --log-dir "$ROOT/log")
ARGS=("${UNIT_ARGS[@]}" "${PRIVATE[@]}")

wait_socket() { # path; polls with a deadline of 90 s
  for _ in $(seq 1 1800); do socat -u OPEN:/dev/null "UNIX-CONNECT:$1" 2>/dev/null && return 0; sleep 0.05; done
  return 1
}
wait_file() { # path; polls with a deadline of 90 s
  for _ in $(seq 1 1800); do [ -s "$1" ] && return 0; sleep 0.05; done
  return 1
}

# 1. A stale socket file (nobody answers) is replaced; a stale virtqemud-sock is removed.
stale() { python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$1"; }
stale /run/libvirt/libvirt-sock && stale /run/libvirt/virtqemud-sock || { echo "could not make stale sockets"; exit 3; }
[ -S /run/libvirt/libvirt-sock ] && [ -S /run/libvirt/virtqemud-sock ] || { echo "no stale sockets"; exit 3; }
# As systemd runs a Type=notify service's main process: its pid in SYSTEMD_EXEC_PID, the notify socket given.
( export NOTIFY_SOCKET=$NOTIFY SYSTEMD_EXEC_PID=$BASHPID; exec "$VIREOD" "${ARGS[@]}" ) > "$ROOT/vireod.out" 2>&1 &
VPID=$!
wait_socket /run/libvirt/libvirt-sock || { echo "vireod did not listen on /run/libvirt/libvirt-sock"; cat "$ROOT/vireod.out"; exit 4; }
[ -e /run/libvirt/virtqemud-sock ] && { echo "virtqemud-sock still exists"; exit 5; }
echo "STEP stale-replaced ok"
# Under systemd vireod stays the main process (no detaching): the pid file names the process started above.
# vireod writes it just after its last socket listens, so it can lag the socket this script waited for.
wait_file "$ROOT/run/vireod.pid" || { echo "vireod wrote no pid file"; cat "$ROOT/vireod.out"; exit 13; }
[ "$(cat "$ROOT/run/vireod.pid")" = "$VPID" ] || { echo "vireod detached: pid file $(cat "$ROOT/run/vireod.pid"), started $VPID"; exit 13; }
echo "STEP main-process ok"

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
"$VIREOD" "${ARGS[@]}" --foreground --socket "$ROOT/other-sock" --ro-socket "$ROOT/other-sock-ro" > "$ROOT/second.out" 2>&1
RC=$?
cat "$ROOT/second.out"
[ $RC = 1 ] && grep -q "Another daemon is listening on /run/libvirt/libvirt-sock" "$ROOT/second.out" || { echo "second vireod not refused (exit $RC)"; exit 10; }
virsh list --all > /dev/null 2>&1 || { echo "the refused vireod disturbed the first"; exit 10; }
echo "STEP second-refused ok"
kill -TERM $VPID; wait $VPID; RC=$?; echo "vireod exit $RC"
[ $RC = 0 ] || { echo "vireod did not stop cleanly on SIGTERM"; exit 14; }
[ -e /run/libvirt/libvirt-sock ] && { echo "vireod left /run/libvirt/libvirt-sock behind"; exit 14; }
echo "STEP sigterm ok"

# 4. A real libvirtd (Debian's, as nobody, session mode so it touches nothing system-wide) on libvirt's socket.
if [ -x /usr/sbin/libvirtd ] && id nobody >/dev/null 2>&1; then
  LVD=$ROOT/libvirtd
  mkdir -p "$LVD/home" "$LVD/run"
  printf 'unix_sock_dir = "/run/libvirt"\nauth_unix_rw = "none"\nauth_unix_ro = "none"\n' > "$LVD/libvirtd.conf"
  chown -R nobody "$LVD" /run/libvirt
  HOME=$LVD/home XDG_RUNTIME_DIR=$LVD/run XDG_CONFIG_HOME=$LVD/home/.config \
    setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/sbin/libvirtd -f "$LVD/libvirtd.conf" > "$LVD/out" 2>&1 &
  LPID=$!
  wait_socket /run/libvirt/libvirt-sock || { echo "libvirtd did not listen"; cat "$LVD/out"; kill $LPID; exit 15; }
  "$VIREOD" "${ARGS[@]}" --foreground > "$ROOT/fourth.out" 2>&1
  RC=$?
  cat "$ROOT/fourth.out"
  STILL=$(socat -u OPEN:/dev/null UNIX-CONNECT:/run/libvirt/libvirt-sock 2>&1 && echo yes)
  kill $LPID; wait $LPID 2>/dev/null
  chown root /run/libvirt
  rm -f /run/libvirt/libvirt-sock /run/libvirt/libvirt-sock-ro /run/libvirt/libvirt-admin-sock
  [ $RC = 1 ] && grep -q "Another daemon is listening on /run/libvirt/libvirt-sock" "$ROOT/fourth.out" || { echo "vireod not refused by libvirtd (exit $RC)"; exit 16; }
  [ "$STILL" = yes ] || { echo "vireod disturbed libvirtd's socket"; exit 16; }
  echo "STEP libvirtd-refused ok"
else
  echo "STEP libvirtd-refused skipped: /usr/sbin/libvirtd (libvirt-daemon) is not installed"
fi

# 5. A live virtqemud-sock (someone answers there) makes vireod refuse to start.
socat UNIX-LISTEN:/run/libvirt/virtqemud-sock,fork EXEC:/bin/true 2>/dev/null & SOCATPID=$!
wait_socket /run/libvirt/virtqemud-sock || { echo "no fake virtqemud"; exit 11; }
"$VIREOD" "${ARGS[@]}" --foreground > "$ROOT/third.out" 2>&1
RC=$?
kill $SOCATPID 2>/dev/null; wait $SOCATPID 2>/dev/null
cat "$ROOT/third.out"
[ $RC = 1 ] && grep -q "virtqemud is listening on /run/libvirt/virtqemud-sock" "$ROOT/third.out" || { echo "virtqemud not detected"; exit 12; }
echo "STEP virtqemud-refused ok"
