using System.Diagnostics;
using Vireo.Core.Errors;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>The host answers of qemu:// on this machine: real /proc, /sys and the real emulator's probe.</summary>
public sealed class HostTests : EngineTest
{

    [Fact]
    public void Capabilities_ValidateAgainstLibvirtsSchema_AndOfferKvmOnlyWhereUsable()
    {
        var xml = Engine.Driver.Host.CapabilitiesXml();
        var (valid, output) = Xmllint(CapabilitySchemaAllowingDottedHostFeatures.Value, xml);
        Assert.True(valid, output + "\n" + xml);
        Assert.Contains("<domain type='qemu'/>", xml);
        Assert.Equal(Vireo.Platform.Host.KvmProbe.Check().Usable, xml.Contains("<domain type='kvm'/>", StringComparison.Ordinal));
        Assert.Contains("<emulator>/usr/bin/qemu-system-x86_64</emulator>", xml);
        Assert.Contains("canonical='pc-i440fx-", xml);
        var cells = Vireo.Platform.Host.NumaTopology.Read();
        Assert.Contains($"<cells num='{cells.Count}'>", xml);
        Assert.Contains($"<cpus num='{cells[0].Cpus.Count}'>", xml);
        Assert.Contains("<sibling id='0' value='10'/>", xml);
    }

    [Fact]
    public void DomainCapabilities_ValidateAgainstLibvirtsSchema()
    {
        var xml = Engine.Driver.Host.DomainCapabilitiesXml(null, "x86_64", "pc", "qemu");
        var (valid, output) = Xmllint(Path.Combine(LibvirtSchemas, "domaincaps.rng"), xml);
        Assert.True(valid, output + "\n" + xml);
        Assert.Contains("<domain>qemu</domain>", xml);
        Assert.Contains("<machine>pc-i440fx-", xml);
    }

    [Fact]
    public void DomainCapabilities_RefuseWhatTheHostCannotDo()
    {
        Assert.Contains("pc-nope", Assert.Throws<VirException>(() => Engine.Driver.Host.DomainCapabilitiesXml(null, null, "pc-nope", "qemu")).Message);
        if (!Vireo.Platform.Host.KvmProbe.Check().Usable)
            Assert.Contains("KVM is not usable", Assert.Throws<VirException>(() => Engine.Driver.Host.DomainCapabilitiesXml(null, null, null, "kvm")).Message);
    }

    [Fact]
    public void NodeInfoAndStats_DescribeThisHost()
    {
        var host = Engine.Driver.Host;
        var info = host.NodeInfo();
        Assert.Equal(Environment.ProcessorCount, info.Cpus);
        Assert.True(info.MemoryKiB > 0);
        Assert.Equal("x86_64", info.Model);
        Assert.Equal(Environment.ProcessorCount, host.CpuMap().Count(online => online));
        Assert.Contains(host.NodeMemoryStats(-1), s => s.Field == "total" && s.Value == info.MemoryKiB);
        Assert.Contains(host.NodeCpuStats(-1), s => s.Field == "idle" && s.Value > 0);
        Assert.True(host.FreeMemory() > 0);
        Assert.Equal("QEMU", host.HypervisorType);
        Assert.True(host.HypervisorVersion >= 7_000_000, $"QEMU version {host.HypervisorVersion}");
        Assert.Throws<VirException>(() => host.NodeMemoryStats(99));
        Assert.StartsWith("<sysinfo type='smbios'>", host.SysinfoXml());
    }

    private const string LibvirtSchemas = "/usr/share/libvirt/schemas";

    /// <summary>
    /// libvirt 9.0's schema allows a host CPU feature name of letters, digits, '-' and '_' only, yet libvirtd lists
    /// features such as sse4.1 there (its own capabilities fail the schema on this machine: virt-xml-validate,
    /// measured), and so does vireod, which names the host CPU as libvirtd does. The capabilities are validated
    /// against a copy of the schemas whose host-feature pattern also allows the dot; every other rule is libvirt's.
    /// </summary>
    private static readonly Lazy<string> CapabilitySchemaAllowingDottedHostFeatures = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("vireo-schemas-").FullName;
        foreach (var file in Directory.EnumerateFiles(LibvirtSchemas, "*.rng"))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var cputypes = Path.Combine(dir, "cputypes.rng");
        const string hostFeature = @"<param name=""pattern"">[a-zA-Z0-9\-_]+</param>";
        var text = File.ReadAllText(cputypes);
        Assert.True(text.Split(hostFeature).Length == 2, $"libvirt's cputypes.rng no longer has exactly one {hostFeature}");
        File.WriteAllText(cputypes, text.Replace(hostFeature, @"<param name=""pattern"">[a-zA-Z0-9\-_\.]+</param>"));
        return Path.Combine(dir, "capability.rng");
    });

    private static (bool Valid, string Output) Xmllint(string schema, string xml)
    {
        var path = Path.Combine(_tmp, $"{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, xml);
        try
        {
            using var p = Process.Start(new ProcessStartInfo("xmllint", ["--noout", "--relaxng", schema, path])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var output = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode == 0, output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static readonly string _tmp = Path.GetTempPath();
}
