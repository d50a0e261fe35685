using System.Globalization;

namespace Vireo.Platform.Network;

/// <summary>
/// Link operations through `ip`. Every method takes the namespace the link lives in (null: ours), so
/// the same calls serve host bridges and test namespaces.
/// </summary>
public static class NetLinks
{
    public static Task SetUpAsync(string? netns, string name, bool up, CancellationToken ct = default) =>
        IpCommand.RunAsync(netns, ["link", "set", "dev", name, up ? "up" : "down"], ct);

    public static Task SetMacAsync(string? netns, string name, string mac, CancellationToken ct = default) =>
        IpCommand.RunAsync(netns, ["link", "set", "dev", name, "address", mac], ct);

    public static Task CreateBridgeAsync(string? netns, string name, CancellationToken ct = default) =>
        IpCommand.RunAsync(netns, ["link", "add", "name", name, "type", "bridge"], ct);

    /// <summary>Enslaves an interface to a bridge (`ip link set dev X master BR`).</summary>
    public static Task AttachToBridgeAsync(string? netns, string name, string bridge, CancellationToken ct = default) =>
        IpCommand.RunAsync(netns, ["link", "set", "dev", name, "master", bridge], ct);

    public static Task DetachFromBridgeAsync(string? netns, string name, CancellationToken ct = default) =>
        IpCommand.RunAsync(netns, ["link", "set", "dev", name, "nomaster"], ct);

    public static Task CreateVethPairAsync(string? netns, string name, string peer, CancellationToken ct = default) =>
        IpCommand.RunAsync(netns, ["link", "add", "name", name, "type", "veth", "peer", "name", peer], ct);

    /// <summary>Moves an interface into another namespace (a name under /var/run/netns, or a PID).</summary>
    public static Task MoveToNamespaceAsync(string? netns, string name, string targetNetns, CancellationToken ct = default) =>
        IpCommand.RunAsync(netns, ["link", "set", "dev", name, "netns", targetNetns], ct);

    public static Task DeleteAsync(string? netns, string name, CancellationToken ct = default) =>
        IpCommand.RunAsync(netns, ["link", "del", "dev", name], ct);

    /// <summary>True when the interface exists in that namespace.</summary>
    public static async Task<bool> ExistsAsync(string? netns, string name, CancellationToken ct = default)
    {
        try
        {
            await IpCommand.RunAsync(netns, ["link", "show", "dev", name], ct).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The interface index, resolved in the right namespace (sysfs only shows our own namespace).</summary>
    public static Task<int> IndexOfAsync(string? netns, string name)
    {
        int Lookup()
        {
            uint index = Native.LibC.IfNameToIndex(name);
            return index != 0 ? (int)index
                : throw Native.PlatformException.FromLastError($"find interface {name}{(netns != null ? $" in namespace {netns}" : "")}");
        }
        return netns == null ? Task.FromResult(Lookup()) : NetworkNamespace.RunInAsync(netns, Lookup);
    }

    /// <summary>`ip link show` output parsed for one attribute, e.g. the MAC ("link/ether") or "master".</summary>
    public static async Task<string?> ShowAttributeAsync(string? netns, string name, string attribute, CancellationToken ct = default)
    {
        string text = await IpCommand.RunAsync(netns, ["-o", "link", "show", "dev", name], ct).ConfigureAwait(false);
        string[] words = text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        int i = Array.IndexOf(words, attribute);
        return i >= 0 && i + 1 < words.Length ? words[i + 1] : null;
    }

}
