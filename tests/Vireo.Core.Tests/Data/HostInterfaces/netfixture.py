#!/usr/bin/env python3
"""Net device snapshots for the host interface golden tests (how the files beside this one were made).

    netfixture.py dump [SYSROOT [PROCROOT]]     print a snapshot of SYSROOT/class/net (default /sys, /proc)
    netfixture.py materialize SNAPSHOT DIR      build DIR/sys/{class,devices/virtual}/net and DIR/proc/net/vlan from a snapshot

A snapshot is SysfsFixture's text (blocks of "device PATH", "subsystem net", "prop K=V", "attr NAME=VALUE")
with three more kinds of line: "brif A B ..." (the entries of brif/; a bare "brif" for an empty one),
"entry NAME" (an entry of the device's directory: slave_X) and "vlan JSON-STRING" (/proc/net/vlan/NAME).
"""
import json
import os
import sys

ATTRS = ["address", "operstate", "mtu", "speed", "tun_flags", "brport/state",
         "bridge/forward_delay", "bridge/stp_state",
         "bonding/mode", "bonding/downdelay", "bonding/updelay", "bonding/miimon", "bonding/arp_interval",
         "bonding/arp_validate", "bonding/use_carrier", "bonding/arp_ip_target"]


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def dump(sysroot="/sys", procroot="/proc"):
    cls = os.path.join(sysroot, "class", "net")
    blocks = []
    for name in sorted(os.listdir(cls)):
        entry = os.path.join(cls, name)
        if not os.path.isfile(os.path.join(entry, "uevent")):
            continue
        real = os.path.realpath(entry)
        lines = ["device /sys" + real[len(os.path.realpath(sysroot)):], "subsystem net"]
        for line in (read(os.path.join(real, "uevent")) or "").splitlines():
            if "=" in line:
                lines.append("prop " + line)
        for a in ATTRS:
            v = read(os.path.join(real, a))
            if v is not None:
                lines.append(f"attr {a}={v.rstrip(chr(10))}")
        brif = os.path.join(real, "brif")
        if os.path.isdir(brif):
            lines.append(" ".join(["brif"] + sorted(os.listdir(brif))))
        for e in sorted(os.listdir(real)):
            if e.startswith("slave_"):
                lines.append("entry " + e)
        props = dict(l[5:].split("=", 1) for l in lines if l.startswith("prop "))
        if props.get("DEVTYPE") == "vlan" or "." in name:
            v = read(os.path.join(procroot, "net", "vlan", name))
            if v is not None:
                lines.append("vlan " + json.dumps(v))
        blocks.append("\n".join(lines))
    print("\n\n".join(blocks))


def parse(text):
    for block in text.split("\n\n"):
        lines = [l for l in block.split("\n") if l and not l.startswith("#")]
        if lines:
            yield lines


def materialize(snapshot, out):
    for lines in parse(open(snapshot).read()):
        path = lines[0].split(" ", 1)[1]
        name = path.rsplit("/", 1)[1]
        dev = os.path.join(out, path.lstrip("/"))
        os.makedirs(dev)
        os.symlink("../../../../class/net", os.path.join(dev, "subsystem"))
        uevent = []
        for line in lines[1:]:
            kind, _, rest = line.partition(" ")
            if kind == "prop":
                uevent.append(rest)
            elif kind == "attr":
                a, v = rest.split("=", 1)
                os.makedirs(os.path.dirname(os.path.join(dev, a)), exist_ok=True)
                with open(os.path.join(dev, a), "w") as f:
                    f.write(v + "\n")
            elif kind == "brif":
                os.makedirs(os.path.join(dev, "brif"))
                for port in rest.split():
                    open(os.path.join(dev, "brif", port), "w").close()
            elif kind == "entry":
                open(os.path.join(dev, rest), "w").close()
            elif kind == "vlan":
                os.makedirs(os.path.join(out, "proc", "net", "vlan"), exist_ok=True)
                with open(os.path.join(out, "proc", "net", "vlan", name), "w") as f:
                    f.write(json.loads(rest))
        with open(os.path.join(dev, "uevent"), "w") as f:
            f.write("".join(u + "\n" for u in uevent))
        cls = os.path.join(out, "sys", "class", "net")
        os.makedirs(cls, exist_ok=True)
        os.symlink("../../" + path[len("/sys/"):], os.path.join(cls, name))


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(*sys.argv[2:])
    else:
        materialize(sys.argv[2], sys.argv[3])
