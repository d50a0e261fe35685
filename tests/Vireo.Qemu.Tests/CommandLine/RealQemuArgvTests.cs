using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Vireo.Core.Xml;
using Vireo.Qemu.CommandLine;
using Vireo.Platform.Network;

namespace Vireo.Qemu.Tests.CommandLine;

/// <summary>
/// The golden argv must also be what this QEMU accepts: each case is started for real (SeaBIOS only,
/// paused by -S), QMP answers query-status with 'prelaunch', the startup QMP commands the builder asks
/// for are accepted, the sockets it promised exist, and 'quit' ends QEMU with exit code 0. A typo in a
/// -device property or an option QEMU 7.2 does not know fails here, not in production.
/// </summary>
public sealed class RealQemuArgvTests
{
    /// <summary>Cases that cannot start on this machine, and why; every other .args case is started.</summary>
    private static readonly Dictionary<string, string> NotStartable = new()
    {
        ["os-direct-kernel"] = "its kernel and initrd paths are placeholders",
        ["hugepages-locked"] = "no hugetlbfs is mounted here",
        ["disk-block-shareable"] = "it needs host block devices",
        ["loader-pflash"] = "OVMF is not installed here",
        ["kvm-host-passthrough"] = "KVM cannot run guests on this host (kvm_pvm)",
        ["net-bridge-virtio-driver"] = "it needs 4 tap queues (TapInterfaceRunsOnPassedDescriptor covers tap fds)",
        ["net-network-ethernet-direct"] = "it needs tap and macvtap descriptors (TapInterfaceRunsOnPassedDescriptor covers tap fds)",
        ["net-vhost-available"] = "there is no /dev/vhost-net here (vhost=on would abort QEMU)",
    };

    public static TheoryData<string> StartableCases() => new(GoldenData.CaseNames()
        .Where(n => File.Exists(GoldenData.PathOf(n, ".args")) && !NotStartable.ContainsKey(n)));

    [Theory]
    [MemberData(nameof(StartableCases))]
    public async Task QemuAcceptsTheArgv(string name)
    {
        RealQemu.SkipUnlessAvailable();
        var ct = TestContext.Current.CancellationToken;
        await using var qemu = await RealQemu.StartAsync(name, GoldenData.LoadDomain(name));
        await using (var qmp = await qemu.ConnectQmpAsync(ct))
        {
            using (var status = JsonDocument.Parse(await qmp.ExecuteAsync("query-status", null, ct)))
                Assert.Equal("prelaunch", status.RootElement.GetProperty("status").GetString());
            foreach (var command in qemu.Command.StartupCommands)
                await qmp.ExecuteAsync(command.Execute, command.ArgumentsJson, ct);
            foreach (var device in qemu.Command.CharDevices.Where(d => d.EngineIsClient))
                Assert.True(File.Exists(device.SocketPath), $"QEMU did not create {device.SocketPath} for {device.ChardevId}");
            foreach (var disk in qemu.Command.Disks.Where(d => d.FormatNode is not null))
                Assert.Contains(disk.FormatNode!, await qmp.ExecuteAsync("query-named-block-nodes", "{\"flat\":true}", ct));
            await qmp.ExecuteAsync("quit", null, ct);
        }
        var exit = await qemu.Process.Exited.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.True(exit.ExitCode == 0, $"QEMU ended with {exit}: {qemu.Log()}");
    }

    /// <summary>graphics=off plus the engine-owned serial socket: the client sees SeaBIOS from power-on (qemu-probe 3c).</summary>
    [Fact]
    public async Task SerialSocketCarriesTheFirmwareBannerAfterCont()
    {
        RealQemu.SkipUnlessAvailable();
        var ct = TestContext.Current.CancellationToken;
        await using var qemu = await RealQemu.StartAsync("serial-pty-console", GoldenData.LoadDomain("serial-pty-console"));
        await using var qmp = await qemu.ConnectQmpAsync(ct);
        var serial = qemu.Command.CharDevices.Single(d => d.Kind == QemuCharDeviceKind.Serial);
        Assert.True(serial.EngineIsClient);
        using var console = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await console.ConnectAsync(new UnixDomainSocketEndPoint(serial.SocketPath!), ct);
        await qmp.ExecuteAsync("cont", null, ct);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains("SeaBIOS", StringComparison.Ordinal))
        {
            int n = await console.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            Assert.True(n > 0, $"the serial socket closed before SeaBIOS printed anything; got: {seen}");
            seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        await qmp.ExecuteAsync("quit", null, ct);
    }

    /// <summary>-netdev tap,fd=N with a tap created in a private network namespace and passed as descriptor 30.</summary>
    [Fact]
    public async Task TapInterfaceRunsOnPassedDescriptor()
    {
        RealQemu.SkipUnlessAvailable();
        Assert.SkipUnless(File.Exists("/dev/net/tun"), "/dev/net/tun is missing, so no tap device can be created.");
        var ct = TestContext.Current.CancellationToken;
        var netns = $"vq-tap-{Environment.ProcessId}";
        RealQemu.Run("ip", "netns", "add", netns);
        try
        {
            using var tap = await TapDevice.CreateInNamespaceAsync(netns, "vqtap0");
            var def = DomainXml.Parse("""
                <domain type='qemu'>
                  <name>tap-fd</name>
                  <uuid>0f0e0d0c-0b0a-4908-8706-050403020100</uuid>
                  <memory unit='MiB'>128</memory>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <devices>
                    <interface type='ethernet'>
                      <mac address='52:54:00:12:34:56'/>
                      <target dev='vqtap0'/>
                      <model type='virtio'/>
                    </interface>
                  </devices>
                </domain>
                """);
            await using var qemu = await RealQemu.StartAsync("tap-fd", def, fds: new Dictionary<int, System.Runtime.InteropServices.SafeHandle> { [30] = tap.Fd }, netns: netns);
            Assert.Equal([30], qemu.Command.InheritedFds.Select(f => f.Fd));
            await using var qmp = await qemu.ConnectQmpAsync(ct);
            var nics = await qmp.ExecuteAsync("query-rx-filter", "{\"name\":\"net0\"}", ct);
            Assert.Contains("52:54:00:12:34:56", nics);
            await qmp.ExecuteAsync("quit", null, ct);
            var exit = await qemu.Process.Exited.WaitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.Equal(0, exit.ExitCode);
        }
        finally
        {
            RealQemu.Run("ip", "netns", "del", netns);
        }
    }
}
