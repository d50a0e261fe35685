using System.Xml.Linq;

namespace Vireo.GuestKit.Tests;

/// <summary>The demo domain XML written next to the kit.</summary>
public sealed class DemoXmlTests
{
    [Theory]
    [InlineData("cloud")]
    [InlineData("generic")]
    public async Task Demo_xml_is_valid_libvirt_domain_xml(string flavor)
    {
        var kit = GuestKit.Load(flavor);

        var result = await ToolRunner.RunAsync("virt-xml-validate", [kit.DomainXml, "domain"], TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, $"virt-xml-validate rejected {kit.DomainXml}:\n{result.StandardOutput}{result.StandardError}");
    }

    [Theory]
    [InlineData("cloud", "demo")]
    [InlineData("generic", "demo-generic")]
    public void Demo_xml_boots_the_kit_directly_with_a_serial_console_and_balloon(string flavor, string name)
    {
        var kit = GuestKit.Load(flavor);

        var domain = XDocument.Load(kit.DomainXml).Root!;
        var os = domain.Element("os")!;
        var devices = domain.Element("devices")!;

        Assert.Equal("qemu", (string?)domain.Attribute("type"));
        Assert.Equal(name, (string?)domain.Element("name"));
        Assert.Equal("256", (string?)domain.Element("memory"));
        Assert.Equal("MiB", (string?)domain.Element("memory")!.Attribute("unit"));
        Assert.Equal("1", (string?)domain.Element("vcpu"));
        Assert.Equal(kit.Kernel, (string?)os.Element("kernel"));
        Assert.Equal(kit.Initrd, (string?)os.Element("initrd"));
        Assert.Equal(kit.KernelCommandLine, (string?)os.Element("cmdline"));
        Assert.StartsWith("console=ttyS0", kit.KernelCommandLine, StringComparison.Ordinal);
        Assert.Equal("yes", (string?)os.Element("bios")?.Attribute("useserial"));
        Assert.NotNull(domain.Element("features")?.Element("acpi"));
        Assert.Equal("pty", (string?)devices.Element("serial")?.Attribute("type"));
        Assert.Equal("serial", (string?)devices.Element("console")?.Element("target")?.Attribute("type"));
        Assert.Equal("virtio", (string?)devices.Element("memballoon")?.Attribute("model"));
        Assert.NotNull(devices.Element("memballoon")?.Element("stats")?.Attribute("period"));
        Assert.Empty(devices.Elements("disk"));
        Assert.Empty(devices.Elements("interface"));
    }
}
