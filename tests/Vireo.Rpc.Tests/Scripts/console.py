#!/usr/bin/python3
"""Runs `virsh console` on a pseudo-terminal, types a line, then Ctrl-]; prints what virsh showed.

    console.py URI DOMAIN TEXT
"""
import os
import pty
import select
import sys
import time

uri, domain, text = sys.argv[1:4]
pid, fd = pty.fork()
if pid == 0:
    os.execvp("virsh", ["virsh", "-c", uri, "console", domain])

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


read_until(b"Escape character")
os.write(fd, text.encode() + b"\r")
read_until(text.encode() + b"\r")
os.write(fd, b"\x1d")
_, status = os.waitpid(pid, 0)
read_until(b"\x00", 0.2)
sys.stdout.write(seen.decode(errors="replace"))
sys.stdout.write("\nexit=%d\n" % os.waitstatus_to_exitcode(status))
