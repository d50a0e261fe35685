#!/usr/bin/python3
"""Live disk-only snapshot benchmark: vireod against libvirtd, same guest kit, same run (asserts nothing).

Run by bench/snapshot/run.sh:
  bench.py --daemon NAME URI [--daemon NAME URI] --kit DIR --work DIR --runs N --out FILE.json
Per daemon: a TCG guest (the demo kernel and initrd) with two qcow2 disks (vda, vdb) and its serial port on
a Unix socket this script reads. Once the guest's shell runs, it prints a heartbeat line every 20 ms; the
script stamps each line with the host's monotonic clock. Then, alternating the daemons, N times:
`virsh snapshot-create-as DOM sN --disk-only --atomic` (timed as a whole process) and `virsh domstate`
(the same process and handshake cost for a trivial call, as a yardstick).
Guest-visible pause: the longest gap between heartbeat lines that overlaps a snapshot, against the longest
gap in a quiet period of the same length before; and every SUSPENDED/RESUMED lifecycle event the daemon
sent (QEMU's STOP/RESUME) while the snapshots ran.
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

import libvirt

HEARTBEAT = "while :; do echo HB; usleep 20000; done\n"


def kit_value(kit, key):
    with open(os.path.join(kit, "kit-cloud.txt")) as f:
        for line in f:
            if line.startswith(key + "="):
                return line.strip().split("=", 1)[1]
    raise RuntimeError(f"{kit}/kit-cloud.txt has no {key}")


def domain_xml(name, kit, disk_a, disk_b, serial):
    return f"""<domain type='qemu'>
  <name>{name}</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>{kit_value(kit, 'kernel')}</kernel>
    <initrd>{kit_value(kit, 'initrd')}</initrd>
    <cmdline>{kit_value(kit, 'cmdline')} vireo.noqga=1</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='{disk_a}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='{disk_b}'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <serial type='unix'>
      <source mode='bind' path='{serial}'/>
      <target port='0'/>
    </serial>
  </devices>
</domain>"""


class Guest:
    """One daemon's guest: its serial socket read on a thread, every line stamped with time.monotonic()."""

    def __init__(self, name, uri, kit, work):
        self.name, self.uri = name, uri
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir, exist_ok=True)
        self.dom_name = f"snapbench-{os.getpid()}-{name}"
        self.serial = os.path.join(self.dir, "serial.sock")
        self.disks = [os.path.join(self.dir, f"{x}.qcow2") for x in ("a", "b")]
        for d in self.disks:
            subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", d, "64M"], check=True)
        self.conn = libvirt.open(uri)
        self.events = []
        self.conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, self._on_event, None)
        self.dom = self.conn.defineXML(domain_xml(self.dom_name, kit, *self.disks, self.serial))
        self.lines = []
        self.sock = None
        self.snap_s, self.domstate_s, self.windows = [], [], []

    def _on_event(self, conn, dom, event, detail, opaque):
        if dom.name() == self.dom_name:
            self.events.append((time.monotonic(), event, detail))

    def start(self):
        self.dom.create()
        deadline = time.monotonic() + 30
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(self.serial)
                break
            except OSError:
                s.close()
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{self.name}: serial socket {self.serial} never accepted a connection")
                time.sleep(0.05)
        self.sock = s
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buf = b""
        while True:
            try:
                chunk = self.sock.recv(4096)
            except OSError:
                return
            if not chunk:
                return
            now = time.monotonic()
            buf += chunk
            *done, buf = buf.split(b"\n")
            for line in done:
                self.lines.append((now, line.decode(errors="replace").strip()))

    def wait_for(self, predicate, seconds, what):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(predicate(text) for _, text in list(self.lines)):
                return
            time.sleep(0.05)
        raise RuntimeError(f"{self.name}: {what} did not appear on the serial console within {seconds} s")

    def start_heartbeat(self):
        self.wait_for(lambda t: "VIREO-GUEST-READY" in t, 240, "the guest's ready marker")
        # The shell may not read the tty yet when the marker appears: send until the heartbeat flows.
        for _ in range(20):
            self.sock.sendall(HEARTBEAT.encode())
            try:
                self.wait_for(lambda t: t == "HB", 3, "the heartbeat")
                return
            except RuntimeError:
                continue
        raise RuntimeError(f"{self.name}: the guest's shell never ran the heartbeat loop")

    def heartbeats(self):
        return [t for t, text in list(self.lines) if text == "HB"]

    def snapshot(self, n):
        t0 = time.monotonic()
        r = subprocess.run(["virsh", "-q", "-c", self.uri, "snapshot-create-as", self.dom_name, f"s{n}",
                            "--disk-only", "--atomic"], capture_output=True, text=True)
        t1 = time.monotonic()
        if r.returncode != 0:
            raise RuntimeError(f"{self.name}: snapshot-create-as failed: {r.stderr.strip()}")
        self.snap_s.append(t1 - t0)
        self.windows.append((t0, t1))

    def domstate(self):
        t0 = time.monotonic()
        subprocess.run(["virsh", "-q", "-c", self.uri, "domstate", self.dom_name], check=True, capture_output=True)
        self.domstate_s.append(time.monotonic() - t0)

    def cleanup(self):
        try:
            if self.dom.isActive():
                self.dom.destroy()
            self.dom.undefineFlags(libvirt.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA)
        except libvirt.libvirtError as e:
            print(f"{self.name}: cleanup: {e}", file=sys.stderr)


def max_gap(beats, t0, t1):
    """Longest interval between consecutive heartbeats that overlaps [t0, t1]."""
    gaps = [b - a for a, b in zip(beats, beats[1:]) if b >= t0 and a <= t1]
    return max(gaps) if gaps else float("nan")


def event_name(event, detail):
    names = {libvirt.VIR_DOMAIN_EVENT_SUSPENDED: "suspended", libvirt.VIR_DOMAIN_EVENT_RESUMED: "resumed",
             libvirt.VIR_DOMAIN_EVENT_STARTED: "started", libvirt.VIR_DOMAIN_EVENT_STOPPED: "stopped"}
    return f"{names.get(event, str(event))}/{detail}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--daemon", nargs=2, action="append", metavar=("NAME", "URI"), required=True)
    p.add_argument("--kit", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--out", required=True)
    a = p.parse_args()

    libvirt.virEventRegisterDefaultImpl()
    threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)], daemon=True).start()
    guests = [Guest(name, uri, a.kit, a.work) for name, uri in a.daemon]
    try:
        for g in guests:
            g.start()
        print("guests started; waiting for their shells", file=sys.stderr)
        for g in guests:
            g.start_heartbeat()
        quiet_from = time.monotonic()
        time.sleep(3.0)  # a quiet period: the heartbeat's own jitter under this machine's load
        quiet = (quiet_from, time.monotonic())
        events_from = time.monotonic()
        for n in range(1, a.runs + 1):
            order = guests if n % 2 else list(reversed(guests))
            for g in order:
                g.domstate()
                g.snapshot(n)
                time.sleep(0.3)  # let the heartbeat after the snapshot arrive before the next one
        time.sleep(0.5)
        results = {}
        for g in guests:
            beats = g.heartbeats()
            xml = g.dom.XMLDesc(0)
            switched = all(f"{os.path.splitext(d)[0]}.s{a.runs}" in xml for d in g.disks)
            quiet_gap = max_gap(beats, *quiet)
            gaps = [max_gap(beats, t0, t1) for t0, t1 in g.windows]
            evs = [event_name(e, d) for t, e, d in g.events if t >= events_from]
            results[g.name] = {"snapshot_s": g.snap_s, "domstate_s": g.domstate_s, "quiet_max_gap_s": quiet_gap,
                               "snapshot_max_gap_s": gaps, "events": evs, "disks_switched": switched,
                               "heartbeats": len(beats)}
    finally:
        for g in guests:
            g.cleanup()
    with open(a.out, "w") as f:
        json.dump(results, f)

    names = [g.name for g in guests]
    med = statistics.median
    rows = [("snapshot-create-as --disk-only --atomic, s", lambda r: med(r["snapshot_s"])),
            ("virsh domstate (yardstick), s", lambda r: med(r["domstate_s"])),
            ("snapshot / domstate", lambda r: med(r["snapshot_s"]) / med(r["domstate_s"])),
            ("heartbeat max gap in a quiet 3 s, s", lambda r: r["quiet_max_gap_s"]),
            ("heartbeat max gap during a snapshot (median), s", lambda r: med(r["snapshot_max_gap_s"])),
            ("heartbeat max gap during a snapshot (worst), s", lambda r: max(r["snapshot_max_gap_s"])),
            ("SUSPENDED events during the snapshots", lambda r: sum(e.startswith("suspended") for e in r["events"]))]
    width = max(len(r[0]) for r in rows)
    head = f"{'metric':<{width}}" + "".join(f"  {n:>10}" for n in names) + (f"  {names[0] + '/' + names[1]:>16}" if len(names) > 1 else "")
    print(head)
    print("-" * len(head))
    for label, fn in rows:
        vals = [fn(results[n]) for n in names]
        line = f"{label:<{width}}" + "".join(f"  {v:>10.3f}" for v in vals)
        if len(vals) > 1 and "events" not in label and "gap" not in label:
            line += f"  {vals[0] / vals[1]:>16.2f}"
        print(line)
    for n in names:
        r = results[n]
        print(f"{n}: snapshots {[round(x, 3) for x in r['snapshot_s']]}; both disks on the s{a.runs} overlays: "
              f"{r['disks_switched']}; events while snapshotting: {r['events'] or 'none'}")


if __name__ == "__main__":
    main()
