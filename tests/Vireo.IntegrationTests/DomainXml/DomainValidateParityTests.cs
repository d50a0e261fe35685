using Vireo.Hosting;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.DomainXml;

/// <summary>
/// define --validate and create --validate (DOMAIN_DEFINE_XML_FLAGS and DOMAIN_CREATE_XML with VALIDATE): Debian's
/// virsh and python-libvirt get from vireod what they get from a sandboxed libvirtd 9.0 for the same documents
/// (libvirt's domain.rng through libxml2, the wrong-root refusals of domain, pool and snapshot documents), a valid document is defined, and a refused
/// one changes nothing. Without the flag vireod's own parser answers (its sentences are not libvirtd's).
/// </summary>
public sealed class DomainValidateParityTests
{
    private const string Os = "<memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os>";

    private static readonly (string Name, string Xml)[] Refused =
    [
        ("unknown-element", $"<domain type='qemu'><name>dv1</name>{Os}<bogus/></domain>"),
        ("unknown-attribute", $"<domain type='qemu' foo='1'><name>dv1</name>{Os}</domain>"),
        ("bad-action", $"<domain type='qemu'><name>dv1</name>{Os}<on_poweroff>nonsense</on_poweroff></domain>"),
        ("bad-unit", "<domain type='qemu'><name>dv1</name><memory unit='bogus'>64</memory><os><type>hvm</type></os></domain>"),
        ("no-name", $"<domain type='qemu'>{Os}</domain>"),
        ("wrong-root", "<network><name>dv1</name></network>"),
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
            await Both("define", "--validate", file);
            await Both("create", "--validate", file);
        }
        await Both("list", "--all", "--name");

        // A valid document is defined, and what both daemons write back for it is valid too.
        var ok = served.WriteFile("ok.xml", $"<domain type='qemu'><name>dv2</name><uuid>5b0e3c52-8d7a-4c8e-9a53-2f6d1e0b7a41</uuid>{Os}"
            + "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>");
        await Both("define", "--validate", ok);
        var dumped = served.WriteFile("dumped.xml", await served.VirshOkAsync("dumpxml", "dv2"));
        await Both("define", "--validate", dumped);
        // Other documents with the wrong root: the same sentence from libvirt's XML layer.
        var wrongRoot = served.WriteFile("wrong-root-pool.xml", "<domain type='qemu'><name>dv5</name></domain>");
        await Both("pool-define", wrongRoot);
        await Both("snapshot-create", "dv2", wrongRoot);
        await Both("undefine", "dv2");
    }

    [Fact]
    public async Task Python_libvirt_gets_the_same_codes_and_sentences_from_vireod_as_from_libvirtd()
    {
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var script = served.WriteFile("validate.py", $$"""
            import libvirt, sys
            c = libvirt.open(sys.argv[1])
            bad = "<domain type='qemu'><name>dv3</name>{{Os}}<bogus/></domain>"
            wrong = "<network><name>dv3</name></network>"
            for name, call, flag in (("define", c.defineXMLFlags, 1), ("create", c.createXML, 16)):
                for xml in (bad, wrong):
                    try:
                        call(xml, flag)
                        print(name, "accepted")
                    except libvirt.libvirtError as e:
                        print(name, e.get_error_code(), e.get_error_domain(), repr(e.get_error_message()))
            print(len(c.listAllDomains()))
            """);
        var theirs = await ProcessRunner.OkAsync("/usr/bin/python3", script, libvirtd.Uri);
        var ours = await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri);
        Assert.Contains("define 92 5 'XML document failed to validate against schema: Unable to validate doc against "
            + "/usr/share/libvirt/schemas/domain.rng\\nElement domain has extra content: bogus\\n'", theirs);
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public async Task The_container_driver_validates_against_the_same_schema()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync(DriverKind.Lxc);
        var bad = served.WriteFile("ct.xml", "<domain type='lxc'><name>dv4</name><memory unit='MiB'>64</memory>"
            + "<os><type>exe</type><init>/bin/sh</init></os><bogus/></domain>");
        foreach (var command in new[] { "define", "create" })
        {
            var refused = await served.VirshFailsAsync(command, "--validate", bad);
            Assert.Contains("error: XML document failed to validate against schema: Unable to validate doc against "
                + "/usr/share/libvirt/schemas/domain.rng\nElement domain has extra content: bogus\n", refused);
        }
        Assert.Equal("\n", await served.VirshOkAsync("list", "--all", "--name"));
    }
}
