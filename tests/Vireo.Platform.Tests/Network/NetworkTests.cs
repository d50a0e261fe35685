using Vireo.Platform.Network;

namespace Vireo.Platform.Tests.Network;

/// <summary>Everything happens inside a namespace created for the test; deleting it removes every link.</summary>
public class NetworkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ProcNetDevParses()
    {
        const string text = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:   13033      67    0    0    0     0          0         0    13033      67    0    0    0     0       0          0
              tap0: 1000 10 1 2 0 0 0 0 2000 20 3 4 0 0 0 0
            """;
        var all = InterfaceCounters.ParseProcNetDev(text);
        Assert.Equal(2, all.Count);
        Assert.Equal(new InterfaceCounters("tap0", 1000, 10, 1, 2, 2000, 20, 3, 4), all[1]);
    }

    [Fact]
    public async Task TapBridgeVethAndCounters()
    {
        Root.Require();
        Assert.SkipUnless(File.Exists("/dev/net/tun"), "/dev/net/tun is missing on this host.");
        using var ns = new TestNetns();

        using (var tap = await TapDevice.CreateInNamespaceAsync(ns.Name, "vtap0"))
        {
            Assert.Equal("vtap0", tap.Name);
            Assert.True(await NetLinks.ExistsAsync(ns.Name, "vtap0", Ct));
            Assert.False(await NetLinks.ExistsAsync(null, "vtap0", Ct)); // not in our namespace

            await NetLinks.CreateBridgeAsync(ns.Name, "vbr0", Ct);
            await NetLinks.SetUpAsync(ns.Name, "vbr0", true, Ct);
            await NetLinks.AttachToBridgeAsync(ns.Name, "vtap0", "vbr0", Ct);
            await NetLinks.SetMacAsync(ns.Name, "vtap0", "52:54:00:aa:bb:01", Ct);
            await NetLinks.SetUpAsync(ns.Name, "vtap0", true, Ct);
            Assert.Equal("vbr0", await NetLinks.ShowAttributeAsync(ns.Name, "vtap0", "master", Ct));
            Assert.Equal("52:54:00:aa:bb:01", await NetLinks.ShowAttributeAsync(ns.Name, "vtap0", "link/ether", Ct));

            var counters = await InterfaceCounters.ReadAllAsync(ns.Name);
            Assert.Contains(counters, c => c.Name == "vtap0");
            Assert.Contains(counters, c => c.Name == "lo");
        }
        // Not persistent: closing the fd removed the interface.
        Assert.False(await NetLinks.ExistsAsync(ns.Name, "vtap0", Ct));

        using (var persistent = await TapDevice.CreateInNamespaceAsync(ns.Name, "vtap1", new TapOptions { Persist = true }))
        {
        }
        Assert.True(await NetLinks.ExistsAsync(ns.Name, "vtap1", Ct));
        await NetLinks.DeleteAsync(ns.Name, "vtap1", Ct);

        await NetLinks.CreateVethPairAsync(ns.Name, "vveth0", "vveth1", Ct);
        using var other = new TestNetns();
        await NetLinks.MoveToNamespaceAsync(ns.Name, "vveth1", other.Name, Ct);
        Assert.True(await NetLinks.ExistsAsync(other.Name, "vveth1", Ct));
        Assert.False(await NetLinks.ExistsAsync(ns.Name, "vveth1", Ct));
    }

    [Fact]
    public async Task TapNameTooLongIsRefused()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Task.Run(() => TapDevice.Create("a-name-that-is-too-long"), Ct));
        Assert.Contains("1 to 15", e.Message);
    }

    [Fact]
    public async Task MacvtapCharDeviceOpens()
    {
        Root.Require();
        using var ns = new TestNetns();
        await NetLinks.CreateVethPairAsync(ns.Name, "vmv0", "vmv1", Ct);
        await NetLinks.SetUpAsync(ns.Name, "vmv0", true, Ct);
        await NetLinks.SetUpAsync(ns.Name, "vmv1", true, Ct);
        await Macvtap.CreateAsync(ns.Name, "vmvt0", "vmv0", mac: "52:54:00:33:00:01", ct: Ct);
        int index = await NetLinks.IndexOfAsync(ns.Name, "vmvt0");
        using (var fd = await Macvtap.OpenAsync(ns.Name, "vmvt0", Ct))
        {
            Assert.False(fd.IsInvalid);
            Assert.Equal($"/dev/tap{index}", new FileInfo($"/proc/self/fd/{fd.DangerousGetHandle()}").LinkTarget);
        }
        await Macvtap.DeleteAsync(ns.Name, "vmvt0", Ct);
        Assert.False(await NetLinks.ExistsAsync(ns.Name, "vmvt0", Ct));
    }
}
