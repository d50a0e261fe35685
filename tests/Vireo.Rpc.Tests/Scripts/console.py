#!/usr/bin/python3
"""Runs `virsh console` on a pseudo-terminal, types a line, then Ctrl-]; prints what virsh showed.

    console.py URI DOMAIN TEXT
"""
import os
import select
import sys
import time

from virsh_pty import VirshConsole

uri, domain, text = sys.argv[1:4]
virsh = VirshConsole(uri, domain)
pid, fd = virsh.pid, virsh.fd

seen = b""


def read_until(marker, limit=20.0):
    """Reads the terminal until marker appears (or the deadline passes)."""
    global seen
    end = time.time() + limit
    while marker not in seen and time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                return


def wait_exit(limit):
    """virsh's exit status, reading its output meanwhile; "hung" (after killing it) when it does not end in time."""
    end = time.time() + limit
    while time.time() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            read_until(b"\x00", 0.2)
            return str(os.waitstatus_to_exitcode(status))
        read_until(b"\x00", 0.1)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return "hung"


read_until(b"Escape character")
virsh.wait_raw()
os.write(fd, text.encode() + b"\r")
read_until(text.encode() + b"\r")
os.write(fd, b"\x1d")
code = wait_exit(20)
sys.stdout.write(seen.decode(errors="replace"))
sys.stdout.write("\nexit=%s\n" % code)
tail = virsh.log_tail()
if code != "0" or b"Escape character" not in seen:
    sys.stderr.write("virsh debug log (tail):\n" + tail)
