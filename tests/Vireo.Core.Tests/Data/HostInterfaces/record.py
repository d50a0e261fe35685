#!/usr/bin/env python3
"""What python-libvirt gets from a daemon's interface driver, one line per question (see capture-libvirtd.sh).

    record.py URI NAME...
"""
import sys
import libvirt

libvirt.registerErrorHandler(lambda *a: None, None)
c = libvirt.open(sys.argv[1])


def err(e):
    return f"error {e.get_error_code()} {e.get_error_domain()} {e.get_error_message()}"


print("numOfInterfaces", c.numOfInterfaces())
print("listInterfaces", " ".join(c.listInterfaces()))
print("numOfDefinedInterfaces", c.numOfDefinedInterfaces())
print("listDefinedInterfaces", " ".join(c.listDefinedInterfaces()))
for flags in (0, 1, 2, 3):
    print(f"listAllInterfaces({flags})", " ".join(f"{i.name()}={i.MACString()}/{i.isActive()}" for i in c.listAllInterfaces(flags)))
macs = []
for name in sys.argv[2:]:
    try:
        i = c.interfaceLookupByName(name)
        macs.append(i.MACString())
        print("lookupByName", name, i.MACString(), i.isActive())
    except libvirt.libvirtError as e:
        print("lookupByName", name, err(e))
for mac in sorted(set(macs)) + ["52:54:00:aa:*", "52:54:00:aa:00:1?", "*:0[0-9]", "[!5]*", "", "ff:ff:ff:ff:ff:ff"]:
    try:
        print("lookupByMACString", repr(mac), c.interfaceLookupByMACString(mac).name())
    except libvirt.libvirtError as e:
        print("lookupByMACString", repr(mac), err(e))
