"""Starts `virsh console` on a pseudo-terminal with virsh's own debug log of its RPC traffic, so that a
test can show where virsh stalled (the log's tail) when it does."""
import os
import pty
import tempfile
import termios
import time


class VirshConsole:
    def __init__(self, uri, domain):
        self.log = tempfile.NamedTemporaryFile(prefix="virsh-console-", suffix=".log", delete=False).name
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["LIBVIRT_LOG_FILTERS"] = "1:rpc 1:remote 1:util.polkit 1:util.command 1:libvirt"
            os.environ["LIBVIRT_LOG_OUTPUTS"] = "1:file:" + self.log
            os.execvp("virsh", ["virsh", "-c", uri, "console", domain])

    def wait_raw(self, limit=30.0):
        """Waits until virsh has put the terminal in raw mode; False on deadline.

        virsh prints its banner first and then switches the terminal to raw mode with TCSAFLUSH, which
        discards whatever was typed meanwhile: keys sent before that (even the Ctrl-] that detaches) are
        lost, and the cooked-mode echo lands inside the banner. The master side sees the same termios."""
        end = time.time() + limit
        while time.time() < end:
            lflag = termios.tcgetattr(self.fd)[3]
            if not lflag & (termios.ICANON | termios.ECHO):
                return True
            time.sleep(0.01)
        return False

    def log_tail(self, lines=80):
        """The last lines of virsh's debug log; the log file is removed."""
        try:
            with open(self.log, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        finally:
            os.unlink(self.log)
