using Vireo.Core.Networks;

namespace Vireo.Drivers.Networks;

/// <summary>Every effect the network driver has on the host, in one thin interface: bridges and their addresses.</summary>
public interface INetworkHost
{
    Task<bool> BridgeExistsAsync(string bridge, CancellationToken ct);
    /// <summary>Creates the bridge of an isolated network (stp, delay, MTU, MAC), gives it the network's addresses and brings it up; on failure removes what it made.</summary>
    Task CreateBridgeAsync(NetworkDef def, CancellationToken ct);
    Task DeleteBridgeAsync(string bridge, CancellationToken ct);
}
