#!/usr/bin/python3
"""python-libvirt against a server running real QEMU guests: lifecycle calls and event callbacks.

    guest_lifecycle.py URI XML_FILE RUNNING_DOMAIN
"""
import sys
import threading
import libvirt

uri, xml_path, running = sys.argv[1:4]
libvirt.virEventRegisterDefaultImpl()
events = []
undefined = threading.Event()
stop_loop = threading.Event()


def loop():
    while not stop_loop.is_set():
        libvirt.virEventRunDefaultImpl()


def on_lifecycle(conn, dom, event, detail, opaque):
    events.append("%s %d %d" % (dom.name(), event, detail))
    if event == libvirt.VIR_DOMAIN_EVENT_UNDEFINED:
        undefined.set()


threading.Thread(target=loop, daemon=True).start()
conn = libvirt.open(uri)
cb = conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_lifecycle, None)
print("type", conn.getType())
print("running listed", running in [d.name() for d in conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_ACTIVE)])
with open(xml_path) as f:
    dom = conn.defineXML(f.read())
print("defined", dom.name(), dom.ID(), dom.isPersistent())
dom.create()
info = dom.info()
print("info", info[0], info[1], info[2], info[3])
print("id positive", dom.ID() > 0)
xml = dom.XMLDesc(0)
print("xml", "<name>%s</name>" % dom.name() in xml, "type='qemu' id='%d'" % dom.ID() in xml)
print("lookups", conn.lookupByID(dom.ID()).name() == dom.name(), conn.lookupByUUIDString(dom.UUIDString()).name() == dom.name())
dom.destroy()
print("state", dom.state())
try:
    dom.suspend()
except libvirt.libvirtError as e:
    print("error", e.get_error_code(), e.get_error_domain(), str(e))
try:
    conn.lookupByName("nosuch-" + dom.name())
except libvirt.libvirtError as e:
    print("error", e.get_error_code(), e.get_error_domain(), str(e))
dom.undefine()
print("undefined in time", undefined.wait(30))
conn.domainEventDeregisterAny(cb)
stop_loop.set()
for e in events:
    print("event", e)
conn.close()
