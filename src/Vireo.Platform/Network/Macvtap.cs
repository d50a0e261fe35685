using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;

namespace Vireo.Platform.Network;

/// <summary>
/// macvtap interfaces: a MAC-VLAN on a host interface whose traffic QEMU reads through the character
/// device /dev/tapN (N = the interface index). The device node appears in the host's /dev even for an
/// interface inside another namespace, numbered by that namespace's ifindex, so names can collide
/// across namespaces: open the fd right after creating the link.
/// </summary>
public static class Macvtap
{
    /// <summary>`ip link add link PARENT name NAME type macvtap mode MODE` (+ address), then up.</summary>
    public static async Task CreateAsync(string? netns, string name, string parent, string mode = "bridge",
        string? mac = null, CancellationToken ct = default)
    {
        var args = new List<string> { "link", "add", "link", parent, "name", name };
        if (mac != null)
            args.AddRange(["address", mac]); // a link option: must precede "type"
        args.AddRange(["type", "macvtap", "mode", mode]);
        await IpCommand.RunAsync(netns, args, ct).ConfigureAwait(false);
        await NetLinks.SetUpAsync(netns, name, true, ct).ConfigureAwait(false);
    }

    public static Task DeleteAsync(string? netns, string name, CancellationToken ct = default) => NetLinks.DeleteAsync(netns, name, ct);

    /// <summary>Opens /dev/tapN for the interface (read/write, close-on-exec), ready to pass as QEMU's fd=.</summary>
    public static async Task<SafeFileHandle> OpenAsync(string? netns, string name, CancellationToken ct = default)
    {
        int index = await NetLinks.IndexOfAsync(netns, name).ConfigureAwait(false);
        string path = $"/dev/tap{index}";
        // devtmpfs normally has the node by the time `ip link add` returns; allow a moment for udev setups.
        await Poll.UntilAsync(() => File.Exists(path), TimeSpan.FromSeconds(5), $"{path} (macvtap {name}) to appear", ct)
            .ConfigureAwait(false);
        int fd = LibC.Open(path, LibC.O_RDWR | LibC.O_CLOEXEC, 0);
        if (fd < 0)
            throw PlatformException.FromLastError($"open {path} for macvtap {name}");
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
