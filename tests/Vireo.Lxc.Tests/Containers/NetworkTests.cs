using Vireo.Lxc.Tests.Support;

namespace Vireo.Lxc.Tests.Containers;

/// <summary>A veth pair into a bridge that lives in a network namespace the test creates (no host networking touched).</summary>
public class NetworkTests(RootfsFixture rootfs)
{
    [Fact]
    public async Task AnInterfaceOfTypeBridgeReachesTheBridge()
    {
        var netns = "vlxt-" + Guid.NewGuid().ToString("N")[..8];
        ContainerBed.Run("ip", "netns", "add", netns);
        try
        {
            ContainerBed.Run("ip", "-n", netns, "link", "add", "br0", "type", "bridge");
            ContainerBed.Run("ip", "-n", netns, "addr", "add", "10.251.7.1/24", "dev", "br0");
            ContainerBed.Run("ip", "-n", netns, "link", "set", "br0", "up");
            await using var bed = new ContainerBed(rootfs, o => o with { NetworkNamespace = netns });
            await bed.InitializeAsync();
            var name = "net-" + bed.Suffix;
            var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "exec sleep 100000"],
                devices: "<interface type='bridge'><mac address='52:54:00:7a:01:02'/><source bridge='br0'/></interface>"));

            var link = await bed.ShAsync(dom.Uuid, "ip link show eth0");
            Assert.Contains("52:54:00:7a:01:02", link);
            Assert.Contains("UP", link);
            await bed.ShAsync(dom.Uuid, "ip addr add 10.251.7.2/24 dev eth0");
            Assert.Contains("1 packets received", await bed.ShAsync(dom.Uuid, "ping -c 1 -W 5 10.251.7.1"));
            var hostEnd = ContainerBed.Output("ip", "-n", netns, "-o", "link", "show", "master", "br0");
            Assert.Contains($"vlx{dom.Uuid.ToString("N")[..8]}h0", hostEnd);

            await bed.Driver.Lifecycle.DestroyAsync(dom.Uuid, Drivers.Contracts.DestroyFlags.Default, CancellationToken.None);
            Assert.DoesNotContain("vlx", ContainerBed.Output("ip", "-n", netns, "-o", "link", "show"));
        }
        finally
        {
            ContainerBed.Run("ip", "netns", "del", netns);
        }
    }
}
