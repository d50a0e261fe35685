#!/usr/bin/python3
"""Drives `virsh console` on a pseudo-terminal against a booted guest; prints what virsh showed.

    pty_console.py URI DOMAIN detach     type a command, read its answer, leave with Ctrl-]
    pty_console.py URI DOMAIN shutdown   type a command, then run `virsh shutdown` and wait for
                                          virsh console to end by itself (the server's EOF)
    pty_console.py URI DOMAIN attach     wait until attached, then `virsh destroy` (no booted guest needed)

Ends with lines "exit=N" (virsh console's exit status) and, for shutdown/attach, "other=..." (what the
second virsh printed).
"""
import os
import select
import subprocess
import sys
import time

from virsh_pty import VirshConsole

uri, domain, mode = sys.argv[1:4]
virsh = VirshConsole(uri, domain)
pid, fd = virsh.pid, virsh.fd

seen = b""


def read_until(marker, limit=60.0, start=0):
    """Reads the terminal until marker appears after start; False on deadline or end of output."""
    global seen
    end = time.time() + limit
    while marker not in seen[start:]:
        if time.time() > end:
            return False
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return marker in seen[start:]
            if not chunk:
                return False
            seen += chunk
    return True


def wait_exit(limit):
    """virsh console's exit status, reading its output meanwhile; None when it does not end in time."""
    end = time.time() + limit
    while time.time() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            read_until(b"\x00", 0.3)
            return os.waitstatus_to_exitcode(status)
        read_until(b"\x00", 0.2)
    return None


def finish(code, other=""):
    sys.stdout.write(seen.decode(errors="replace"))
    sys.stdout.write("\nexit=%s\n" % code)
    if other:
        sys.stdout.write("other=%s\n" % other)
    tail = virsh.log_tail()
    if code != 0:
        sys.stderr.write("virsh debug log (tail):\n" + tail)
    sys.stdout.flush()


if not read_until(b"Escape character", 30) or not virsh.wait_raw():
    os.kill(pid, 9)
    finish("no-banner")
    sys.exit(0)

if mode == "attach":
    other = subprocess.run(["virsh", "-c", uri, "destroy", domain], capture_output=True, text=True)
    finish(wait_exit(60), other.stdout.strip() + other.stderr.strip())
    sys.exit(0)

# Ask for a fresh prompt, then a command whose answer differs from what was typed.
mark = len(seen)
os.write(fd, b"\r")
read_until(b"# ", 30, mark)
mark = len(seen)
os.write(fd, b"echo pty-$((6*7))-ok\r")
if not read_until(b"pty-42-ok", 60, mark):
    os.kill(pid, 9)
    finish("no-echo")
    sys.exit(0)

if mode == "detach":
    os.write(fd, b"\x1d")
    finish(wait_exit(30))
else:
    other = subprocess.run(["virsh", "-c", uri, "shutdown", domain], capture_output=True, text=True)
    finish(wait_exit(180), other.stdout.strip() + other.stderr.strip())
