using Vireo.Core.Domain;
using Vireo.Core.Xml;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Tests.CommandLine;

/// <summary>
/// What Build tells the driver besides argv: the names other parts of the engine rely on (block nodes
/// and device ids for snapshots, chardev sockets for the console relay, the guest agent socket, the
/// balloon's QOM path, descriptors to pass, PCI addresses to write back).
/// </summary>
public sealed class BuilderOutputTests
{
    private static QemuCommandLine Build(string name)
    {
        var def = GoldenData.LoadDomain(name);
        return QemuCommandBuilder.Build(def, GoldenData.ContextFor(name, def));
    }

    [Fact]
    public void DisksAreNamedByTheirPositionAndTarget()
    {
        var cmd = Build("disk-sata-q35");
        Assert.Collection(cmd.Disks,
            d => Assert.Equal(("sda", "sata0-0-0", "libvirt-1-storage", "libvirt-1-format", false), (d.TargetDev, d.DeviceId, d.StorageNode, d.FormatNode, d.ReadOnly)),
            d => Assert.Equal(("sdb", "sata0-0-1", (string?)null, (string?)null, true), (d.TargetDev, d.DeviceId, d.StorageNode, d.FormatNode, d.ReadOnly)),
            d => Assert.Equal(("sdc", "sata0-0-5", "libvirt-3-storage", "libvirt-3-format"), (d.TargetDev, d.DeviceId, d.StorageNode, d.FormatNode)));
        Assert.Equal("/machine/peripheral/sata0-0-0", cmd.Disks[0].QomPath);
        Assert.Equal(DiskFormat.Qcow2, cmd.Disks[0].Format);
        Assert.Equal("/var/lib/vireo/images/disk-sata-q35.qcow2", cmd.Disks[0].Source);
    }

    [Fact]
    public void ConsoleRelaySocketsAndGuestAgent()
    {
        var cmd = Build("serial-console-with-everything");
        var serial = cmd.CharDevices.Single(c => c.Kind == QemuCharDeviceKind.Serial);
        Assert.Equal(("charserial0", "serial0", "/run/vireo/qemu/serial-console-with-everything/serial0.sock", true),
            (serial.ChardevId, serial.DeviceId, serial.SocketPath, serial.EngineIsClient));
        var console = cmd.CharDevices.Single(c => c.Kind == QemuCharDeviceKind.Console);
        Assert.Equal(serial.SocketPath, console.SocketPath); // the console is serial0, not a device of its own
        Assert.Null(console.DeviceId);
        var agent = cmd.CharDevices.Single(c => c.Kind == QemuCharDeviceKind.Channel);
        Assert.Equal(("channel0", "org.qemu.guest_agent.0"), (agent.DeviceId, agent.TargetName));
        Assert.Equal("/run/vireo/qemu/serial-console-with-everything/qga.sock", cmd.GuestAgentSocket);
        Assert.Equal("/run/vireo/qemu/serial-console-with-everything/monitor.sock", cmd.MonitorSocket);
        Assert.Equal(new QemuBalloonInfo("balloon0", 5), cmd.Balloon);
        Assert.Equal("/machine/peripheral/balloon0", cmd.Balloon!.QomPath);
    }

    [Fact]
    public void SerialLogIsWrittenByTheEngineNotByQemu()
    {
        var cmd = Build("serial-pty-console");
        var serial = cmd.CharDevices.First(c => c.Kind == QemuCharDeviceKind.Serial);
        Assert.Equal(("/var/log/vireo/qemu/serial-pty-console-serial0.log", true), (serial.LogFile, serial.LogAppend));
        Assert.DoesNotContain(cmd.Arguments, a => a.Contains("logfile=", StringComparison.Ordinal));
    }

    [Fact]
    public void TapDescriptorsAreListedForTheSpawner()
    {
        var cmd = Build("net-bridge-virtio-driver");
        Assert.Equal([30, 31, 32, 33], cmd.InheritedFds.Select(f => f.Fd));
        Assert.Contains("tap queue 2", cmd.InheritedFds[2].Purpose);
        var nic = Assert.Single(cmd.Interfaces);
        Assert.Equal(("hostnet0", "net0", false), (nic.NetdevId, nic.DeviceId, nic.Vhost));
        Assert.Equal(MacAddress.Parse("52:54:00:aa:00:07"), nic.Mac);
    }

    [Fact]
    public void MachineAliasIsResolvedAndPciAddressesAreReported()
    {
        var cmd = Build("serial-console-with-everything");
        Assert.Equal("pc-i440fx-7.2", cmd.MachineType);
        Assert.Equal("tcg", cmd.Accelerator);
        var disk = cmd.PciAddresses.Single(p => p.DeviceId == "virtio-disk0");
        Assert.Equal(DeviceAddress.Pci(0, 4), disk.Address);
        Assert.Equal(DeviceAddress.Pci(0, 1, 2), cmd.PciAddresses.Single(p => p.DeviceId == "usb").Address);
        Assert.Equal(cmd.PciAddresses.Count, cmd.PciAddresses.Select(p => (p.Address.Bus, p.Address.Slot, p.Address.Function)).Distinct().Count());
    }

    [Fact]
    public void PasswordsGoThroughQmpNeverArgv()
    {
        var cmd = Build("graphics-vnc-password");
        Assert.DoesNotContain(cmd.Arguments, a => a.Contains("s3cret", StringComparison.Ordinal));
        var set = cmd.StartupCommands.Single(c => c.Execute == "set_password");
        Assert.True(set.Secret);
        Assert.Contains("s3cret", set.ArgumentsJson);
        Assert.True(Assert.Single(cmd.Graphics).PasswordViaQmp);
    }

    [Fact]
    public void BuildingIsDeterministic()
    {
        foreach (var name in new[] { "serial-console-with-everything", "cpu-numa-cells", "controller-usb-ich9", "clock-variable" })
            Assert.Equal(QemuArgsFormatter.Format(Build(name)), QemuArgsFormatter.Format(Build(name)));
    }

    /// <summary>A definition that skipped DomainDefaults still gets a stable MAC of its own (QEMU's default is the same for every guest).</summary>
    [Fact]
    public void MissingMacIsDerivedFromUuidAndPosition()
    {
        var def = DomainXml.Parse("""
            <domain type='qemu'>
              <name>nomac</name>
              <uuid>8e7f6a5b-4c3d-4e2f-9a1b-0c9d8e7f6a5b</uuid>
              <memory unit='MiB'>128</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <interface type='user'><model type='virtio'/></interface>
                <interface type='user'><model type='virtio'/></interface>
              </devices>
            </domain>
            """);
        var ctx = GoldenData.ContextFor("nomac", def);
        var first = QemuCommandBuilder.Build(def, ctx).Interfaces.Select(i => i.Mac!.Value).ToList();
        var second = QemuCommandBuilder.Build(def, ctx).Interfaces.Select(i => i.Mac!.Value).ToList();
        Assert.Equal(first, second);
        Assert.NotEqual(first[0], first[1]);
        Assert.All(first, m => Assert.StartsWith("52:54:00:", m.ToString()));
        var other = QemuCommandBuilder.Build(def with { Uuid = Guid.Parse("11111111-2222-4333-8444-555555555555") }, ctx).Interfaces[0].Mac;
        Assert.NotEqual(first[0], other);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "a,,b")]
    [InlineData(",,", ",,,,")]
    public void CommasInValuesAreDoubled(string value, string expected) =>
        Assert.Equal("x=" + expected, new QemuProps().Add("x", value).ToString());

    [Theory]
    [InlineData("guest=web1,debug-threads=on", "guest=web1,debug-threads=on")]
    [InlineData("console=ttyS0 quiet", "'console=ttyS0 quiet'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("", "''")]
    public void ShellQuotingInTheArgsLayout(string word, string expected) =>
        Assert.Equal(expected, QemuArgsFormatter.Quote(word));
}
