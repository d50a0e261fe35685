using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Tests.Capabilities;

/// <summary>The pure parser against the JSON captured from this machine's QEMU.</summary>
public sealed class CapsParserTests
{
    private readonly QemuEmulatorCaps caps = CapsFixture.Parse();

    [Fact]
    public void VersionAndTarget()
    {
        Assert.Equal("/usr/bin/qemu-system-x86_64", caps.EmulatorPath);
        Assert.Equal(new QemuVersion(7, 2, 22, "Debian 1:7.2+dfsg-7+deb12u18+b3"), caps.Version);
        Assert.Equal(7_002_022UL, caps.Version.Number);
        Assert.True(caps.Version.AtLeast(7, 2));
        Assert.False(caps.Version.AtLeast(8, 0));
        Assert.Equal("x86_64", caps.Arch);
    }

    [Fact]
    public void MachinesWithAliasesAndDefault()
    {
        Assert.Equal(59, caps.Machines.Count);
        Assert.Equal("pc-i440fx-7.2", caps.DefaultMachine?.Name);
        Assert.Equal("pc-i440fx-7.2", caps.FindMachine("pc")?.Name);
        var q35 = caps.FindMachine("q35")!;
        Assert.Equal("pc-q35-7.2", q35.Name);
        Assert.Equal(288, q35.MaxCpus);
        Assert.True(q35.IsQ35);
        Assert.False(q35.IsI440fx);
        Assert.Equal("pc.ram", q35.DefaultRamId);
        Assert.Equal("qemu64-x86_64-cpu", q35.DefaultCpuType);
        Assert.True(caps.FindMachine("pc-i440fx-1.4")!.Deprecated);
        Assert.False(caps.FindMachine("pc-i440fx-7.2")!.Deprecated);
        Assert.Null(caps.FindMachine("pc-foo"));
        Assert.Equal(["pc", "q35"], caps.MachineNamesForDisplay().Take(2));
    }

    [Fact]
    public void DevicesAcceleratorsAndCpuModels()
    {
        foreach (var device in new[] { "virtio-blk-pci", "virtio-net-pci", "ich9-usb-ehci1", "qemu-xhci", "pvpanic", "virtio-balloon-pci", "memory-backend-ram" })
            Assert.True(caps.HasDevice(device), device);
        Assert.False(caps.HasDevice("vt82c686b-usb-uhci")); // not built for x86 in Debian's QEMU
        Assert.Equal(["kvm", "tcg"], caps.Accelerators);
        Assert.Equal("tcg", caps.CpuModelsAccelerator);
        Assert.Empty(caps.FindCpuModel("qemu64")!.UnavailableFeatures);
        Assert.NotEmpty(caps.FindCpuModel("Skylake-Client")!.UnavailableFeatures); // TCG lacks some of its features
        Assert.Null(caps.FindCpuModel("Pentium99"));
    }

    [Fact]
    public void TheMaxCpuAsQemuExpandsIt()
    {
        var max = caps.MaxCpuExpansion!;
        Assert.Equal("base", max.ModelName);
        Assert.Equal(new QemuCpuProperty("avx2", true, null, true), max.Property("avx2"));
        Assert.Equal(new QemuCpuProperty("x2apic", false, null, null), max.Property("x2apic"));
        Assert.Equal("AuthenticAMD", max.Property("vendor")!.Value);
        Assert.Equal("15", max.Property("family")!.Value);
    }

    /// <summary>A cache file written before the probe asked for the CPU expansion is not read (it is probed again).</summary>
    [Fact]
    public void ADocumentWithoutTheCpuExpansionIsRefused()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(CapsFixture.Text)!;
        node["replies"]!.AsObject().Remove(QemuCapsParser.MaxExpansionKey);
        var e = Assert.Throws<FormatException>(() => QemuCapsParser.Parse(node.ToJsonString()));
        Assert.Contains(QemuCapsParser.MaxExpansionKey, e.Message);
    }

    [Fact]
    public void DomainTypesFollowKvmUsability()
    {
        Assert.Equal(["qemu"], caps.DomainTypes(kvmUsable: false));
        Assert.Equal(["qemu", "kvm"], caps.DomainTypes(kvmUsable: true));
        Assert.Equal(["qemu"], (caps with { Accelerators = ["tcg"] }).DomainTypes(kvmUsable: true));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"replies\":{}}", "lacks \"emulator\"")]
    [InlineData("{\"emulator\":\"/x\",\"replies\":{\"query-version\":{\"qemu\":{\"major\":7,\"minor\":2,\"micro\":0}}}}", "lacks \"qom-list-types\"")]
    [InlineData("{\"emulator\":\"/x\",\"replies\":{\"query-version\":{},\"query-target\":{\"arch\":\"x86_64\"},\"query-machines\":[],\"qom-list-types\":[],\"query-cpu-definitions\":[]}}", "lacks \"qemu\" in query-version")]
    [InlineData("{\"emulator\":\"/x\",\"replies\":{\"query-version\":{\"qemu\":{\"major\":7,\"minor\":2,\"micro\":0}},\"query-target\":{\"arch\":\"x86_64\"},\"query-machines\":{},\"qom-list-types\":[],\"query-cpu-definitions\":[]}}", "query-machines reply is not a JSON array")]
    public void DamagedDocumentsAreRefusedWithTheReason(string document, string reason)
    {
        var e = Assert.Throws<FormatException>(() => QemuCapsParser.Parse(document));
        Assert.Contains(reason, e.Message);
    }
}
