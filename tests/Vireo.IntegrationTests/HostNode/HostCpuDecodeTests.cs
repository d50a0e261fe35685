using System.Xml.Linq;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Cpu;

namespace Vireo.IntegrationTests.HostNode;

/// <summary>
/// This machine's CPU named from its own CPUID with libvirt's CPU map, compared with what a sandboxed libvirtd 9.0
/// puts in its &lt;capabilities&gt; on the same machine: model, vendor, signature and the features on top of the model.
/// </summary>
public sealed class HostCpuDecodeTests
{
    [Fact]
    public async Task The_host_cpu_is_named_as_libvirtd_names_it()
    {
        Assert.SkipUnless(X86HostCpuid.Available, "the host CPU is not x86: no CPUID");
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        var caps = XDocument.Parse(await ProcessRunner.OkAsync("virsh", "-c", libvirtd.Uri, "capabilities"));
        var cpu = caps.Root!.Element("host")!.Element("cpu")!;
        var map = X86CpuMap.Load();
        var d = X86Decoder.DecodeHost(X86HostCpuid.Read(map), map);
        var sig = cpu.Element("signature")!;
        Assert.Equal(
            ((string?)cpu.Element("model"), (string?)cpu.Element("vendor"), (string?)sig.Attribute("family"), (string?)sig.Attribute("model"), (string?)sig.Attribute("stepping")),
            (d.Model, d.Vendor, d.Family.ToString(System.Globalization.CultureInfo.InvariantCulture), d.ModelNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
                d.Stepping.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(cpu.Elements("feature").Select(f => (string)f.Attribute("name")!), d.Required);
    }
}
