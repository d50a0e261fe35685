using System.Text;
using Vireo.Platform.Host;

namespace Vireo.Platform.Tests.Host;

/// <summary>
/// Kernel uevents: the datagram format (as the kernel sends it for a tap device), and the real socket
/// hearing a tap device in the host's namespace being added, "changed" through its uevent file, and
/// removed. The tap carries no address and is never up, so it sends nothing.
/// </summary>
public sealed class UeventTests
{
    private static byte[] Datagram(params string[] parts) => Encoding.UTF8.GetBytes(string.Join('\0', parts) + "\0");

    [Fact]
    public void A_kernel_datagram_gives_the_action_path_subsystem_and_properties()
    {
        var u = Uevent.Parse(Datagram("add@/devices/virtual/net/vtap0", "ACTION=add", "DEVPATH=/devices/virtual/net/vtap0",
            "SUBSYSTEM=net", "INTERFACE=vtap0", "IFINDEX=12", "SEQNUM=4242"));

        Assert.NotNull(u);
        Assert.Equal("add", u.Action);
        Assert.Equal("/devices/virtual/net/vtap0", u.DevPath);
        Assert.Equal("/sys/devices/virtual/net/vtap0", u.SysfsPath);
        Assert.Equal("net", u.Subsystem);
        Assert.Equal("12", u.Properties["IFINDEX"]);
        Assert.Equal(6, u.Properties.Count);
    }

    [Fact]
    public void Udevs_own_messages_and_datagrams_without_action_or_path_are_not_uevents()
    {
        Assert.Null(Uevent.Parse(Datagram("libudev", "\u00fe\u00ed\u00ca\u00fe")));
        Assert.Null(Uevent.Parse(Datagram("add@/devices/x", "DEVPATH=/devices/x")));
        Assert.Null(Uevent.Parse(Datagram("remove@/devices/x", "ACTION=remove")));
        Assert.Null(Uevent.Parse([]));
    }

    [Fact]
    public async Task The_socket_hears_a_tap_device_added_changed_and_removed()
    {
        Root.Require();
        Assert.SkipUnless(File.Exists("/dev/net/tun"), "/dev/net/tun is missing on this host.");
        var name = $"vxue{Random.Shared.Next(100000):D5}";
        var path = $"/devices/virtual/net/{name}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var socket = UeventSocket.Open();
        var seen = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var u in socket.ReadAllAsync(timeout.Token))
            {
                if (u?.DevPath != path) continue;
                seen.Add(u.Action);
                if (u.Action == "remove") return;
            }
        }, timeout.Token);
        try
        {
            TestNetns.Run("ip", "tuntap", "add", "dev", name, "mode", "tap");
            await File.WriteAllTextAsync($"/sys/class/net/{name}/uevent", "change", timeout.Token);
        }
        finally
        {
            TestNetns.Run("ip", "link", "del", "dev", name);
        }
        await reading;
        Assert.Equal(["add", "change", "remove"], seen);
    }
}
