#!/usr/bin/python3
"""python-libvirt against a Vireo server: lifecycle calls and domain event callbacks.

    lifecycle.py URI XML_FILE
"""
import sys
import threading
import libvirt

uri, xml_path = sys.argv[1:3]
libvirt.virEventRegisterDefaultImpl()
events = []
got_stop = threading.Event()


def loop():
    while not got_stop.is_set():
        libvirt.virEventRunDefaultImpl()


def on_lifecycle(conn, dom, event, detail, opaque):
    events.append("%s %d %d" % (dom.name(), event, detail))
    # The last event is the final undefine (REMOVED); a rename also sends UNDEFINED, with detail RENAMED.
    if event == libvirt.VIR_DOMAIN_EVENT_UNDEFINED and detail == libvirt.VIR_DOMAIN_EVENT_UNDEFINED_REMOVED:
        got_stop.set()


threading.Thread(target=loop, daemon=True).start()
conn = libvirt.open(uri)
cb = conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_lifecycle, None)
print("domains", sorted(d.name() for d in conn.listAllDomains()))
with open(xml_path) as f:
    dom = conn.defineXML(f.read())
print("defined", dom.name(), dom.ID())
dom.create()
print("info", dom.info()[0], dom.info()[1], dom.info()[3])
print("id", dom.ID() > 0)
print("xml has name", "<name>%s</name>" % dom.name() in dom.XMLDesc(0))
print("control", dom.controlInfo())
dom.destroy()
print("state", dom.state())
try:
    dom.suspend()
except libvirt.libvirtError as e:
    print("error", e.get_error_code(), e.get_error_domain(), str(e))
dom.rename("py2", 0)
print("renamed", dom.name(), [d.name() for d in conn.listAllDomains() if d.name().startswith("py")])
dom.undefine()
got_stop.wait(20)
conn.domainEventDeregisterAny(cb)
for e in events:
    print("event", e)
conn.close()
