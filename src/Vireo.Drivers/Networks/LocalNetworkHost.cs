using System.Globalization;
using Vireo.Core.Networks;
using Vireo.Platform.Network;

namespace Vireo.Drivers.Networks;

/// <summary>
/// Bridges through iproute2 (<see cref="NetLinks"/>), in one network namespace: the host's (null) for
/// vireod, or a namespace the caller names (tests and labs, so no bridge ever lands in the host's root namespace).
/// </summary>
public sealed class LocalNetworkHost(string? netns) : INetworkHost
{
    public Task<bool> BridgeExistsAsync(string bridge, CancellationToken ct) => NetLinks.ExistsAsync(netns, bridge, ct);

    public async Task CreateBridgeAsync(NetworkDef def, CancellationToken ct)
    {
        var bridge = def.Bridge ?? throw new ArgumentException("an isolated network to start has a bridge name", nameof(def));
        var args = new List<string> { "link", "add", "name", bridge };
        if (def.Mtu is { } mtu) args.AddRange(["mtu", mtu.ToString(CultureInfo.InvariantCulture)]);
        if (def.Mac is { } mac) args.AddRange(["address", mac]);
        args.AddRange(["type", "bridge", "stp_state", def.Stp == true ? "1" : "0"]);
        // The kernel's forward_delay is in hundredths of a second; libvirt's delay is in seconds.
        args.AddRange(["forward_delay", ((def.Delay ?? 0) * 100).ToString(CultureInfo.InvariantCulture)]);
        await IpCommand.RunAsync(netns, args, ct).ConfigureAwait(false);
        try
        {
            foreach (var ip in def.Ips)
                await IpCommand.RunAsync(netns, ["address", "add", $"{ip.Address}/{ip.PrefixLength}", "dev", bridge], ct).ConfigureAwait(false);
            await NetLinks.SetUpAsync(netns, bridge, true, ct).ConfigureAwait(false);
        }
        catch
        {
            await NetLinks.DeleteAsync(netns, bridge, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public Task DeleteBridgeAsync(string bridge, CancellationToken ct) => NetLinks.DeleteAsync(netns, bridge, ct);
}
