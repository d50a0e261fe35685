using System.Diagnostics;
using Vireo.Core.Capabilities;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Tests.Capabilities;

/// <summary>The &lt;capabilities&gt; guest entry and &lt;domainCapabilities&gt; made from the probed fixture.</summary>
public sealed class CapsDocumentsTests
{
    private readonly QemuEmulatorCaps caps = CapsFixture.Parse();

    [Fact]
    public void GuestListsMachinesLikeLibvirtAndKvmOnlyWhenUsable()
    {
        var guest = QemuCapsDocuments.Guest(caps, kvmUsable: false);
        Assert.Equal("hvm", guest.OsType);
        Assert.Equal(64, guest.WordSize);
        Assert.Equal("/usr/bin/qemu-system-x86_64", guest.Emulator);
        Assert.Equal(new MachineType("pc-i440fx-7.2", null, 255), guest.Machines[0]);
        Assert.Equal(new MachineType("pc", "pc-i440fx-7.2", 255), guest.Machines[1]);
        Assert.Contains(new MachineType("q35", "pc-q35-7.2", 288), guest.Machines);
        Assert.Contains(new MachineType("pc-i440fx-1.4", null, 255, Deprecated: true), guest.Machines);
        Assert.DoesNotContain(guest.Machines, m => m.Name == "none");
        Assert.Equal(["qemu"], guest.DomainTypes);
        Assert.Equal(["qemu", "kvm"], QemuCapsDocuments.Guest(caps, kvmUsable: true).DomainTypes);
    }

    [Fact]
    public void DomainCapabilitiesOfferOnlyWhatRunsUnderTheDomainType()
    {
        var tcg = QemuCapsDocuments.Domain(caps, "qemu", "q35", kvmUsable: false);
        Assert.Equal("pc-q35-7.2", tcg.Machine);
        Assert.Equal(288, tcg.MaxVcpus);
        Assert.False(tcg.Cpu!.HostPassthrough);
        Assert.True(tcg.Cpu.Maximum);
        Assert.Contains(tcg.Cpu.CustomModels, m => m is { Name: "qemu64", Usable: "yes" });
        Assert.Contains(tcg.Cpu.CustomModels, m => m is { Name: "Skylake-Client", Usable: "no" });
        var disk = tcg.Devices.Single(d => d.Name == "disk");
        Assert.Equal(["ide", "fdc", "scsi", "virtio", "usb", "sata"], disk.Enums.Single(e => e.Name == "bus").Values);

        Assert.True(QemuCapsDocuments.Domain(caps, "kvm", null, kvmUsable: true).Cpu!.HostPassthrough);
        Assert.Equal("pc-i440fx-7.2", QemuCapsDocuments.Domain(caps, "qemu", null, kvmUsable: false).Machine);
        Assert.Throws<ArgumentException>(() => QemuCapsDocuments.Domain(caps, "qemu", "pc-foo", kvmUsable: false));
    }

    /// <summary>Core's writers turn both into documents that libvirt's own schemas accept (xmllint, the real tool).</summary>
    [Fact]
    public void DocumentsPassLibvirtsSchemas()
    {
        const string schemas = "/usr/share/libvirt/schemas";
        MachineSetUp.Require(File.Exists(Path.Combine(schemas, "domaincaps.rng")), "libvirt's RelaxNG schemas (package libvirt0)");
        var domainCaps = DomainCapabilitiesXml.Format(QemuCapsDocuments.Domain(caps, "qemu", "pc", kvmUsable: false));
        Assert.Equal("", Xmllint(domainCaps, Path.Combine(schemas, "domaincaps.rng")));

        var host = new HostCapabilities
        {
            Host = new HostDescription { Cpu = new HostCpu { Arch = "x86_64" } },
            Guests = [QemuCapsDocuments.Guest(caps, kvmUsable: false)],
        };
        Assert.Equal("", Xmllint(CapabilitiesXml.Format(host), Path.Combine(schemas, "capability.rng")));
    }

    /// <summary>xmllint's complaints, or "" when the document validates.</summary>
    private static string Xmllint(string xml, string schema)
    {
        var file = Path.Combine(Path.GetTempPath(), $"vireo-qemucaps-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, xml);
        try
        {
            var psi = new ProcessStartInfo("xmllint", ["--noout", "--relaxng", schema, file]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            var output = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? "" : output + "\n" + xml;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
