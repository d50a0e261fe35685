namespace Vireo.IntegrationTests.HostInterfaces;

/// <summary>
/// What python-libvirt asks a daemon's interface driver, one printed line per question, given a read-write URI, a
/// URI of the read-only socket and the <see cref="HostTestLinks"/> names. The same script runs against vireod
/// (<see cref="HostInterfacePythonTests"/>) and against libvirtd (<see cref="HostInterfaceLibvirtdParityTests"/>).
/// </summary>
internal static class HostInterfaceScript
{
    public const string Text = """
        import libvirt, sys
        libvirt.registerErrorHandler(lambda *a: None, None)
        uri, ro_uri, bridge, port, peer, dotted, dotted_peer, bridge_mac = sys.argv[1:9]
        c = libvirt.open(uri)
        def err(e):
            return f"error {e.get_error_code()} {e.get_error_domain()} {e.get_str1()!r} {e.get_str2()!r} {e.get_int1()} {e.get_error_message()}"
        def show(label, f):
            try:
                print(label, f())
            except libvirt.libvirtError as e:
                print(label, err(e))
        listed = [i.name() for i in c.listAllInterfaces()]
        print("listed", bridge in listed, port in listed, peer in listed, dotted in listed, dotted_peer in listed, "lo" in listed)
        active, defined = c.listInterfaces(), c.listDefinedInterfaces()
        print("counts", c.numOfInterfaces() == len(active), c.numOfDefinedInterfaces() == len(defined))
        print("old lists", bridge in active, peer in active, dotted in defined, "lo" in active or "lo" in defined)
        print("filters", sorted(i.name() for i in c.listAllInterfaces(libvirt.VIR_CONNECT_LIST_INTERFACES_ACTIVE)) == sorted(active),
              "lo" in [i.name() for i in c.listAllInterfaces(libvirt.VIR_CONNECT_LIST_INTERFACES_INACTIVE)])
        b = c.interfaceLookupByName(bridge)
        print("bridge", b.name(), b.MACString(), b.isActive())
        print("inactive xml", b.XMLDesc(0) == b.XMLDesc(libvirt.VIR_INTERFACE_XML_INACTIVE))
        print(b.XMLDesc(0), end="")
        p = c.interfaceLookupByName(port)
        print("port", p.name(), p.isActive())
        print(p.XMLDesc(0), end="")
        show("by mac", lambda: c.interfaceLookupByMACString(bridge_mac).name())
        show("by mac pattern", lambda: c.interfaceLookupByMACString(bridge_mac[:-1] + "?").name())
        show("by upper-case mac", lambda: c.interfaceLookupByMACString(bridge_mac.upper()).name())
        show("port by mac", lambda: c.interfaceLookupByMACString(p.MACString()).name())
        show("shared mac", lambda: c.interfaceLookupByMACString(c.interfaceLookupByName(peer).MACString()).name())
        show("dotted", lambda: c.interfaceLookupByName(dotted).XMLDesc(0))
        show("no such name", lambda: c.interfaceLookupByName("nosuch"))
        show("no such mac", lambda: c.interfaceLookupByMACString("02:00:00:00:00:ff"))
        show("list flags", lambda: c.listAllInterfaces(4))
        show("xml flags", lambda: b.XMLDesc(2))
        def changes(conn, i):
            return [("create", lambda: i.create(0)), ("destroy", lambda: i.destroy(0)), ("undefine", i.undefine),
                    ("define", lambda: conn.interfaceDefineXML(f"<interface type='ethernet' name='{i.name()}x'/>", 0)),
                    ("begin", lambda: conn.changeBegin(0)), ("commit", lambda: conn.changeCommit(0)), ("rollback", lambda: conn.changeRollback(0))]
        for label, f in changes(c, b):
            show(label, f)
        r = libvirt.open(ro_uri)
        rb = r.interfaceLookupByName(bridge)
        print("read-only reads", rb.XMLDesc(0) == b.XMLDesc(0), rb.isActive(), r.interfaceLookupByMACString(bridge_mac).name())
        for label, f in changes(r, rb):
            show("read-only " + label, f)
        print("still", c.interfaceLookupByName(bridge).isActive(), c.interfaceLookupByName(bridge).XMLDesc(0) == b.XMLDesc(0))
        """;

    public static string[] Args(string uri, string roUri, HostTestLinks links) =>
        [uri, roUri, links.Bridge, links.Port, links.Peer, links.Dotted, links.DottedPeer, links.BridgeMac];
}
