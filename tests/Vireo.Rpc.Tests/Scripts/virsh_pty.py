"""Starts `virsh console` on a pseudo-terminal with virsh's own debug log of its RPC traffic, so that a
test can show where virsh stalled (the log's tail) when it does."""
import os
import pty
import tempfile


class VirshConsole:
    def __init__(self, uri, domain):
        self.log = tempfile.NamedTemporaryFile(prefix="virsh-console-", suffix=".log", delete=False).name
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["LIBVIRT_LOG_FILTERS"] = "1:rpc 1:remote 1:util.polkit 1:util.command 1:libvirt"
            os.environ["LIBVIRT_LOG_OUTPUTS"] = "1:file:" + self.log
            os.execvp("virsh", ["virsh", "-c", uri, "console", domain])

    def log_tail(self, lines=80):
        """The last lines of virsh's debug log; the log file is removed."""
        try:
            with open(self.log, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        finally:
            os.unlink(self.log)
