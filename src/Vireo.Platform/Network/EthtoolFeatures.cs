using System.Runtime.InteropServices;
using System.Text;

namespace Vireo.Platform.Network;

/// <summary>
/// The offload features of a network interface as libvirt's virNetDevGetFeatures reads them with the
/// SIOCETHTOOL ioctl (linux/ethtool.h): the six ETHTOOL_G* value commands, the ETHTOOL_GFLAGS bits, and bit 25
/// of ETHTOOL_GFEATURES' active set (libvirt's fixed index for "txudptnl"). Names and order are libvirt's.
/// Not read: "rdma" (needs /sys/class/infiniband) and "switchdev" (devlink netlink).
/// </summary>
public static unsafe partial class EthtoolFeatures
{
    private const ulong SiocEthtool = 0x8946;
    private const int AfUnix = 1, SockDgram = 2, SockCloexec = 0x80000;
    private const uint GFlags = 0x25, GFeatures = 0x3a;
    private const int TxUdpTunnelBit = 25;

    private static readonly (uint Cmd, string Name)[] ValueCommands =
    [
        (0x14, "rx"), (0x16, "tx"), (0x18, "sg"), (0x1e, "tso"), (0x23, "gso"), (0x2b, "gro"),
    ];

    private static readonly (uint Bit, string Name)[] FlagBits =
    [
        (1u << 15, "lro"), (1u << 8, "rxvlan"), (1u << 7, "txvlan"), (1u << 27, "ntuple"), (1u << 28, "rxhash"),
    ];

    /// <summary>libvirt's feature order (virNetDevFeature), which is the order its XML lists them in.</summary>
    private static readonly string[] Order = ["rx", "tx", "sg", "tso", "gso", "gro", "lro", "rxvlan", "txvlan", "ntuple", "rxhash", "rdma", "txudptnl", "switchdev"];

    /// <summary>The features that are on; empty when the interface does not answer ethtool (as libvirt, not an error).</summary>
    public static IReadOnlyList<string> Read(string ifname)
    {
        var name = Encoding.UTF8.GetBytes(ifname);
        if (name.Length >= 16) return [];
        var fd = Socket(AfUnix, SockDgram | SockCloexec, 0);
        if (fd < 0) return [];
        try
        {
            var on = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (cmd, feature) in ValueCommands)
                if (Value(fd, name, cmd) is { } v && v != 0) on.Add(feature);
            if (Value(fd, name, GFlags) is { } flags)
                foreach (var (bit, feature) in FlagBits)
                    if ((flags & bit) != 0) on.Add(feature);
            if (ActiveFeatureBit(fd, name, TxUdpTunnelBit)) on.Add("txudptnl");
            return Order.Where(on.Contains).ToArray();
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>struct ethtool_value {u32 cmd; u32 data}.</summary>
    private static uint? Value(int fd, byte[] name, uint cmd)
    {
        var value = stackalloc uint[2];
        value[0] = cmd;
        return Call(fd, name, value) ? value[1] : null;
    }

    /// <summary>struct ethtool_gfeatures {u32 cmd; u32 size; {u32 available, requested, active, never_changed}[size]}.</summary>
    private static bool ActiveFeatureBit(int fd, byte[] name, int bit)
    {
        const int blocks = 2;
        var buf = stackalloc uint[2 + blocks * 4];
        buf[0] = GFeatures;
        buf[1] = blocks;
        if (!Call(fd, name, buf)) return false;
        var active = buf[2 + (bit / 32) * 4 + 2];
        return (active & (1u << (bit % 32))) != 0;
    }

    /// <summary>struct ifreq: the name in 16 bytes, then ifr_data pointing at the command.</summary>
    private static bool Call(int fd, byte[] name, void* data)
    {
        var ifr = stackalloc byte[40];
        new Span<byte>(ifr, 40).Clear();
        name.CopyTo(new Span<byte>(ifr, 16));
        *(void**)(ifr + 16) = data;
        return Ioctl(fd, SiocEthtool, ifr) == 0;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, ulong request, void* arg);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
