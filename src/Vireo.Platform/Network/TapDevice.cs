using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;

namespace Vireo.Platform.Network;

/// <summary>
/// A tap interface created through /dev/net/tun (TUNSETIFF). The returned fd is what QEMU gets for
/// <c>-netdev tap,fd=N</c> (pass it with SpawnOptions.InheritedFds or QMP getfd). Without
/// <see cref="TapOptions.Persist"/> the interface disappears when the last fd holding it closes, so a
/// crashed guest leaves nothing behind.
/// </summary>
public sealed class TapDevice : IDisposable
{
    private const ulong TUNSETIFF = 0x400454ca, TUNSETPERSIST = 0x400454cb;
    private const short IFF_TAP = 0x0002, IFF_NO_PI = 0x1000, IFF_VNET_HDR = 0x4000, IFF_MULTI_QUEUE = 0x0100;
    private const int IfNameSize = 16, IfReqBytes = 40;

    private TapDevice(string name, SafeFileHandle fd)
    {
        Name = name;
        Fd = fd;
    }

    /// <summary>The interface name the kernel assigned (the requested one, or tapN for a "tap%d" pattern).</summary>
    public string Name { get; }

    /// <summary>The /dev/net/tun descriptor attached to the interface (close-on-exec).</summary>
    public SafeFileHandle Fd { get; }

    /// <summary>Creates (or attaches to a persistent) tap in the calling thread's network namespace.</summary>
    public static unsafe TapDevice Create(string name, TapOptions? options = null)
    {
        options ??= new TapOptions();
        byte[] nameBytes = Encoding.ASCII.GetBytes(name);
        if (nameBytes.Length is 0 or >= IfNameSize)
            throw new ArgumentException($"'{name}' is not a valid interface name (1 to 15 characters).", nameof(name));

        int fd = LibC.Open("/dev/net/tun", LibC.O_RDWR | LibC.O_CLOEXEC, 0);
        if (fd < 0)
            throw PlatformException.FromLastError("open /dev/net/tun");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            byte* ifr = stackalloc byte[IfReqBytes];
            new Span<byte>(ifr, IfReqBytes).Clear();
            nameBytes.CopyTo(new Span<byte>(ifr, IfNameSize));
            short flags = (short)(IFF_TAP | IFF_NO_PI);
            if (options.VnetHeader)
                flags |= IFF_VNET_HDR;
            if (options.MultiQueue)
                flags |= IFF_MULTI_QUEUE;
            *(short*)(ifr + IfNameSize) = flags;
            if (LibC.Ioctl(fd, TUNSETIFF, ifr) < 0)
                throw PlatformException.FromLastError($"create tap device {name}");
            var assigned = new ReadOnlySpan<byte>(ifr, IfNameSize);
            string actual = Encoding.ASCII.GetString(assigned[..Math.Max(0, assigned.IndexOf((byte)0))]);
            if (options.Persist && LibC.IoctlInt(fd, TUNSETPERSIST, 1) < 0)
                throw PlatformException.FromLastError($"make tap device {actual} persistent");
            return new TapDevice(actual, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Creates the tap inside a network namespace (name under /var/run/netns or a path).</summary>
    public static Task<TapDevice> CreateInNamespaceAsync(string netns, string name, TapOptions? options = null) =>
        NetworkNamespace.RunInAsync(netns, () => Create(name, options));

    /// <summary>Clears the persist flag so the interface goes away when the fd closes.</summary>
    public void RemovePersistence()
    {
        if (LibC.IoctlInt((int)Fd.DangerousGetHandle(), TUNSETPERSIST, 0) < 0)
            throw PlatformException.FromLastError($"clear persistence of tap device {Name}");
    }

    public void Dispose() => Fd.Dispose();
}

public sealed record TapOptions
{
    /// <summary>IFF_VNET_HDR: virtio-net header offloads; QEMU expects it for virtio NICs (vnet_hdr=on is the default with fd=).</summary>
    public bool VnetHeader { get; init; } = true;

    /// <summary>Keep the interface after the fd closes (then delete it with `ip link del`).</summary>
    public bool Persist { get; init; }

    public bool MultiQueue { get; init; }
}
