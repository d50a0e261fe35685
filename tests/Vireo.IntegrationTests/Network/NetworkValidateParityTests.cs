using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Network;

/// <summary>
/// net-define --validate and net-create --validate (NETWORK_DEFINE_XML_FLAGS 432, NETWORK_CREATE_XML_FLAGS 437):
/// Debian's virsh and python-libvirt get from vireod what they get from a sandboxed libvirtd 9.0 for the same
/// files (libvirt's network.rng through libxml2, flag refusals); and a validated create really starts the network.
/// </summary>
public sealed class NetworkValidateParityTests
{
    private static readonly (string Name, string Xml)[] Refused =
    [
        ("unknown-element", "<network><name>vv1</name><foo/></network>"),
        ("unknown-attribute", "<network><name>vv1</name><bridge name='vvb1' bogus='1'/></network>"),
        ("bad-forward-mode", "<network><name>vv1</name><forward mode='nonsense'/></network>"),
        ("bad-address", "<network><name>vv1</name><ip address='300.1.1.1' netmask='255.255.255.0'/></network>"),
        ("no-name", "<network><bridge name='vvb1'/></network>"),
        ("wrong-root", "<domain><name>vv1</name></domain>"),
    ];

    [Fact]
    public async Task Virsh_prints_the_same_for_vireod_as_for_libvirtd()
    {
        VirshRequired.Check();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        Task Both(params string[] args) => libvirtd.VirshSameAsync(libvirtd.Uri, served.Uri, args);

        foreach (var (name, xml) in Refused)
        {
            var file = served.WriteFile(name + ".xml", xml);
            await Both("net-define", "--validate", file);
            await Both("net-create", "--validate", file);
        }
        // Valid XML is defined, and stays valid against the schema with what both daemons add to it.
        var ok = served.WriteFile("ok.xml", "<network><name>vv2</name><uuid>0d5a4b2c-9a53-4d3e-8f7e-3c6b8a1e2f40</uuid>"
            + "<bridge name='vvb2'/><mac address='52:54:00:12:34:56'/><ip address='10.93.0.1' prefix='24'/></network>");
        await Both("net-define", "--validate", ok);
        await Both("net-dumpxml", "vv2");
        var dumped = served.WriteFile("dumped.xml", (await served.VirshOkAsync("net-dumpxml", "vv2")).Trim());
        await Both("net-define", "--validate", dumped);
        await Both("net-undefine", "vv2");

        // A NAT network with DHCP, a port range, a domain and static hosts: printed alike (only defined: starting it
        // would give libvirtd's iptables rules to the host).
        var nat = served.WriteFile("nat.xml", "<network><name>vv4</name><uuid>6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5</uuid>"
            + "<forward mode='nat'><nat><port start='2000' end='3000'/></nat></forward><bridge name='vvb4'/><mac address='52:54:00:12:34:57'/>"
            + "<domain name='lab.example'/><ip address='10.94.0.1' netmask='255.255.255.0'><dhcp><range start='10.94.0.100' end='10.94.0.200'/>"
            + "<host mac='52:54:00:00:00:07' name='web' ip='10.94.0.7'/></dhcp></ip></network>");
        await Both("net-define", "--validate", nat);
        await Both("net-dumpxml", "vv4");
        await Both("net-dhcp-leases", "vv4");
        await Both("net-undefine", "vv4");
    }

    [Fact]
    public async Task Python_libvirt_gets_the_same_codes_and_sentences_from_vireod_as_from_libvirtd()
    {
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var script = served.WriteFile("validate.py", """
            import libvirt, sys
            c = libvirt.open(sys.argv[1])
            good = "<network><name>vv3</name><bridge name='vvb3'/></network>"
            bad = "<network><name>vv3</name><foo/></network>"
            for name, call in (("define", c.networkDefineXMLFlags), ("create", c.networkCreateXMLFlags)):
                for xml, flags in ((good, 2), (good, 0x11), (bad, 1)):
                    try:
                        call(xml, flags)
                        print(name, flags, "accepted")
                    except libvirt.libvirtError as e:
                        print(name, flags, e.get_error_code(), e.get_error_domain(), repr(e.get_error_message()))
            """);
        var theirs = await ProcessRunner.OkAsync("/usr/bin/python3", script, libvirtd.Uri);
        var ours = await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri);
        Assert.Contains("define 2 8 19 'unsupported flags (0x2) in function networkDefineXMLFlags'", theirs);
        Assert.Contains("create 1 92 5 'XML document failed to validate against schema: Unable to validate doc against /usr/share/libvirt/schemas/network.rng\\nElement network has extra content: foo\\n'", theirs);
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public async Task A_validated_create_starts_the_network_and_a_validated_define_through_vireo_keeps_it()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await using var served = await ServedEngine.StartWithNetworkNamespaceAsync(ns.Name);
        var net = DemoKit.UniqueName("vc");
        var file = served.WriteFile("vc.xml", $"<network><name>{net}</name><bridge name='vnb9'/><ip address='10.94.0.1' prefix='24'/></network>");
        Assert.Equal($"Network {net} created from {file}\n\n", await served.VirshOkAsync("net-create", "--validate", file));
        Assert.True(await ns.HasLinkAsync("vnb9"), await ns.LinksAsync());
        Assert.Matches($@"^ {net}\s+active\s+no\s+no\s*$", (await served.VirshOkAsync("net-list", "--all")).Split('\n')[2]);

        // The vireo CLI: the same flag and sentences; a refused define changes nothing.
        var other = DemoKit.UniqueName("vd");
        var bad = served.WriteFile("bad.xml", $"<network><name>{other}</name><bridge name='vnb8' stp='maybe'/></network>");
        var refused = await served.VireoAsync("net-define", "--validate", bad);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.StartsWith($"error: Failed to define network from {bad}\nerror: XML document failed to validate against schema: "
            + "Unable to validate doc against /usr/share/libvirt/schemas/network.rng\n", refused.Stderr);
        Assert.Equal($"{net}\n\n", await served.VirshOkAsync("net-list", "--all", "--name"));
        var good = served.WriteFile("good.xml", $"<network><name>{other}</name><bridge name='vnb8'/></network>");
        Assert.Equal($"Network {other} defined from {good}\n\n", await served.VireoOkAsync("net-define", "--validate", good));
        Assert.Matches($@"^ {other}\s+inactive\s+no\s+yes\s*$", (await served.VirshOkAsync("net-list", "--all")).Split('\n')[^3]);
        await served.VirshOkAsync("net-destroy", net);
        await served.VirshOkAsync("net-undefine", other);
        Assert.False(await ns.HasLinkAsync("vnb9"));
    }
}
