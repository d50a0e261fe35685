using Vireo.Core.Networks;
using Vireo.Drivers.Networks;

namespace Vireo.Web.Tests.Support;

/// <summary>
/// The network driver's one effect interface, kept in a set: the REST tests exercise the real driver's rules
/// and files without making a bridge anywhere (the real-bridge path is the browser tests', inside a namespace).
/// </summary>
internal sealed class BridgeSet : INetworkHost
{
    private readonly HashSet<string> _bridges = [];
    private readonly Lock _gate = new();

    public bool Has(string bridge)
    {
        lock (_gate) return _bridges.Contains(bridge);
    }

    public Task<bool> BridgeExistsAsync(string bridge, CancellationToken ct) => Task.FromResult(Has(bridge));

    public Task CreateBridgeAsync(NetworkDef def, CancellationToken ct)
    {
        lock (_gate) _bridges.Add(def.Bridge!);
        return Task.CompletedTask;
    }

    public Task DeleteBridgeAsync(string bridge, CancellationToken ct)
    {
        lock (_gate) _bridges.Remove(bridge);
        return Task.CompletedTask;
    }
}
