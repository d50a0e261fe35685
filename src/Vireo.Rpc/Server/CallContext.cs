using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Framing;

namespace Vireo.Rpc.Server;

/// <summary>What a procedure handler knows about the call: the connection it came on and its header.</summary>
public readonly struct CallContext
{
    internal CallContext(RpcConnection connection, MessageHeader header)
    {
        Connection = connection;
        Header = header;
    }

    public RpcConnection Connection { get; }
    public MessageHeader Header { get; }

    /// <summary>Cancelled when the client goes away.</summary>
    public CancellationToken Cancellation => Connection.Closing;

    /// <summary>The driver CONNECT_OPEN bound this connection to (the dispatcher checks it is open).</summary>
    public IHypervisorDriver Driver => Connection.Driver ?? throw RpcErrors.NotOpen();

    /// <summary>
    /// An optional driver capability; when the driver has none, libvirt's "this function is not supported by
    /// the connection driver: virDomainXxx" (VIR_ERR_NO_SUPPORT), from this one place.
    /// </summary>
    public T Feature<T>(string api) where T : class => Driver.Feature<T>() ?? throw VirErrors.NoSupport(api);

    /// <summary>
    /// The driver's function behind a public API, as libvirt's error messages name it (virDomainGetCPUStats is
    /// qemuDomainGetCPUStats in the QEMU driver, lxcDomainGetCPUStats in the LXC one).
    /// </summary>
    public string DriverFunction(string api) =>
        api.StartsWith("vir", StringComparison.Ordinal) ? Driver.Host.HypervisorType.ToLowerInvariant() + api[3..] : api;

    /// <summary>virCheckFlags in the driver's function for <paramref name="api"/>, worded and coded as libvirt's.</summary>
    public void CheckFlags(uint flags, uint allowed, string api) => VirErrors.CheckFlags(flags, allowed, DriverFunction(api), Driver.ErrorDomain);

    /// <summary>The shared storage driver of an open connection; "not supported" when the server has none.</summary>
    public Vireo.Drivers.Storage.IStoragePools Storage(string api)
    {
        _ = Driver; // the connection must be open, as for every driver call
        return Connection.Server.Storage ?? throw VirErrors.NoSupport(api, VirErrorDomain.Storage);
    }

    /// <summary>The shared network driver of an open connection; "not supported" when the server has none.</summary>
    public Vireo.Drivers.Networks.INetworks Networks(string api)
    {
        _ = Driver;
        return Connection.Server.Networks ?? throw VirErrors.NoSupport(api, VirErrorDomain.Network);
    }

    /// <summary>The shared secret driver of an open connection; "not supported" when the server has none.</summary>
    public Vireo.Drivers.Secrets.ISecrets Secrets(string api)
    {
        _ = Driver;
        return Connection.Server.Secrets ?? throw VirErrors.NoSupport(api, VirErrorDomain.Secret);
    }
}
