#!/usr/bin/python3
"""RPC benchmark driver: vireod against libvirtd, same clients, same run (a benchmark: asserts nothing).

Run by bench/rpc/run.sh, which starts both daemons and passes their URIs and pids:
  bench.py --daemon NAME URI PID [--daemon NAME URI PID] --out FILE.json [--domains 1000]
Every measurement alternates between the daemons round by round, so a machine that slows down or
speeds up during the run affects both alike. Latencies are medians of single calls; the virsh figures
are whole processes (start, handshake, calls, exit), as a user sees them.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid

import libvirt

DOMAIN_XML = """<domain type='qemu'>
  <name>{name}</name>
  <uuid>{uuid}</uuid>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices>
</domain>"""


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


class Daemon:
    def __init__(self, name, uri, pid):
        self.name, self.uri, self.pid = name, uri, int(pid)
        self.conn = None
        self.defined = 0
        self.define_ms = []

    def connect(self):
        self.conn = libvirt.open(self.uri)

    def define_up_to(self, n, prefix):
        while self.defined < n:
            self.defined += 1
            xml = DOMAIN_XML.format(name=f"{prefix}-{self.defined:04d}", uuid=uuid.uuid4())
            t = time.perf_counter()
            self.conn.defineXML(xml)
            self.define_ms.append((time.perf_counter() - t) * 1e3)

    def undefine_all(self, prefix):
        for d in self.conn.listAllDomains():
            if d.name().startswith(prefix + "-"):
                d.undefine()


def timed_calls(fn, count):
    samples = []
    for _ in range(count):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1e3)
    return samples


def timed_process(argv):
    t = time.perf_counter()
    r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ms = (time.perf_counter() - t) * 1e3
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {r.stderr.decode().strip()}")
    return ms


def cpu_ms(pid):
    """CPU time a process has used so far, threads that ended included (stat: utime + stime, in 10 ms ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1e3 / os.sysconf("SC_CLK_TCK")


def profiled_process(argv, daemon_pid):
    """A whole process like timed_process, and where its time went: (wall ms, its own CPU ms, the daemon's CPU ms meanwhile)."""
    before = cpu_ms(daemon_pid)
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - t) * 1e3
    daemon = cpu_ms(daemon_pid) - before
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed with exit code {p.returncode}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1e3, daemon


def alternate(daemons, rounds, measure):
    """measure(daemon) -> list of samples; rounds alternate the order so neither daemon always goes first."""
    out = {d.name: [] for d in daemons}
    for r in range(rounds):
        order = daemons if r % 2 == 0 else list(reversed(daemons))
        for d in order:
            out[d.name].extend(measure(d))
    return out


def stage(daemons, n, prefix, results, virsh_rounds):
    first = f"{prefix}-0001"
    rtt = alternate(daemons, 7, lambda d: timed_calls(d.conn.getLibVersion, 300))
    look = alternate(daemons, 7, lambda d: timed_calls(lambda: d.conn.lookupByName(first).info(), 50))
    host = alternate(daemons, virsh_rounds, lambda d: [timed_process(["virsh", "-q", "-c", d.uri, "hostname"])])
    lst = alternate(daemons, virsh_rounds, lambda d: [profiled_process(["virsh", "-q", "-c", d.uri, "list", "--all"], d.pid)])
    for d in daemons:
        # Check the list is what we think it is: every defined domain, through the same client.
        out = subprocess.run(["virsh", "-q", "-c", d.uri, "list", "--all", "--name"], capture_output=True, text=True).stdout
        listed = sum(1 for line in out.splitlines() if line.startswith(prefix + "-"))
        if listed != n:
            raise RuntimeError(f"{d.name}: virsh list --all shows {listed} of {n} defined domains")
        results[d.name][f"n{n}"] = {
            "rtt_ms": rtt[d.name], "lookup_info_ms": look[d.name],
            "virsh_hostname_ms": host[d.name], "virsh_list_all_ms": [x[0] for x in lst[d.name]],
            "virsh_list_all_virsh_cpu_ms": [x[1] for x in lst[d.name]],
            "virsh_list_all_daemon_cpu_ms": [x[2] for x in lst[d.name]],
        }


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def table(daemons, results, n_values):
    a, b = daemons[0].name, (daemons[1].name if len(daemons) > 1 else None)
    rows = []
    for n in n_values:
        for key, label in (("rtt_ms", "RPC round trip (getLibVersion), ms"),
                           ("lookup_info_ms", "lookupByName+info, ms"),
                           ("virsh_hostname_ms", "virsh hostname (process), ms"),
                           ("virsh_list_all_ms", "virsh list --all (process), ms"),
                           ("virsh_list_all_virsh_cpu_ms", "  its virsh's own CPU, ms"),
                           ("virsh_list_all_daemon_cpu_ms", "  the daemon's CPU meanwhile (mean), ms")):
            # The daemon's CPU is counted in 10 ms ticks: a mean of those says more than a median.
            avg = statistics.mean if key.endswith("daemon_cpu_ms") else med
            rows.append((f"{label} @{n}", avg(results[a][f"n{n}"][key]),
                         avg(results[b][f"n{n}"][key]) if b else None))
    for name, lo, hi in (("defineXML 2-100, ms", 1, 100), ("defineXML 101-1000, ms", 100, 1000)):
        rows.append((name, med(results[a]["define_ms"][lo:hi]), med(results[b]["define_ms"][lo:hi]) if b else None))
    rows.append(("defineXML rate 1-1000, per s", 1000 * len(results[a]["define_ms"]) / sum(results[a]["define_ms"]),
                 1000 * len(results[b]["define_ms"]) / sum(results[b]["define_ms"]) if b else None))
    for key, label in (("rss_idle_kib", "RSS idle, fresh start, KiB"), ("rss_n1_kib", "RSS with 1 domain (after use), KiB"),
                       ("rss_n1000_kib", "RSS with 1000 domains, KiB"), ("rss_per_domain_kib", "RSS per defined domain, KiB")):
        rows.append((label, results[a][key], results[b][key] if b else None))
    width = max(len(r[0]) for r in rows)
    head = f"{'metric':<{width}}  {a:>10}" + (f"  {b:>10}  {a + '/' + b:>16}" if b else "")
    lines = [head, "-" * len(head)]
    for label, va, vb in rows:
        line = f"{label:<{width}}  {va:>10.3f}"
        if b:
            line += f"  {vb:>10.3f}  {va / vb if vb else float('nan'):>16.2f}"
        lines.append(line)
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--daemon", nargs=3, action="append", metavar=("NAME", "URI", "PID"), required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--domains", type=int, default=1000)
    p.add_argument("--virsh-rounds", type=int, default=9)
    p.add_argument("--settle", type=float, default=3.0, help="seconds a fresh daemon idles before its RSS is read")
    a = p.parse_args()
    daemons = [Daemon(*d) for d in a.daemon]
    prefix = f"rpcbench{os.getpid()}"
    results = {d.name: {"uri": d.uri} for d in daemons}

    # Idle RSS: a fresh daemon that no client has talked to yet, after a fixed settle time.
    time.sleep(a.settle)
    for d in daemons:
        results[d.name]["rss_idle_kib"] = rss_kib(d.pid)
        d.connect()
    n_values = [1, 100, a.domains]
    try:
        for n in n_values:
            for d in daemons:
                d.define_up_to(n, prefix)
            if n == a.domains:
                time.sleep(1.0)
                for d in daemons:
                    results[d.name]["rss_n1000_kib"] = rss_kib(d.pid)
            print(f"measuring with {n} defined domain(s)", file=sys.stderr)
            stage(daemons, n, prefix, results, a.virsh_rounds)
            if n == 1:
                for d in daemons:
                    results[d.name]["rss_n1_kib"] = rss_kib(d.pid)
        for d in daemons:
            r = results[d.name]
            r["define_ms"] = d.define_ms
            r["rss_after_all_kib"] = rss_kib(d.pid)
            r["rss_per_domain_kib"] = (r["rss_n1000_kib"] - r["rss_n1_kib"]) / (a.domains - 1)
    finally:
        for d in daemons:
            try:
                d.undefine_all(prefix)
            except libvirt.libvirtError as e:
                print(f"{d.name}: cleanup failed: {e}", file=sys.stderr)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(results, f)
    print(table(daemons, results, n_values))


if __name__ == "__main__":
    main()
