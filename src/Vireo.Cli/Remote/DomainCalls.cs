using Vireo.Client;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Cli.Remote;

/// <summary>Domain procedures virsh uses that Vireo.Client does not wrap (yet).</summary>
internal static class DomainCalls
{
    // virsh calls the original procedures when no flag is given (DOMAIN_CREATE, DOMAIN_DESTROY, DOMAIN_SHUTDOWN):
    // daemons name the API in their errors ("read only access prevents virDomainDestroy"), and old ones lack the rest.

    /// <summary>Starts the domain: DOMAIN_CREATE without flags, DOMAIN_CREATE_WITH_FLAGS otherwise; returns it with its new id.</summary>
    public static async Task<VirDomain> StartLikeVirshAsync(this VirDomain d, CreateFlags flags, CancellationToken ct)
    {
        if (flags != CreateFlags.None) return await d.StartAsync(flags, ct).ConfigureAwait(false);
        await d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainCreate, new DomainArgs(d.Ref), ct).ConfigureAwait(false);
        return await d.RefreshAsync(ct).ConfigureAwait(false);
    }

    public static Task DestroyLikeVirshAsync(this VirDomain d, DestroyFlags flags, CancellationToken ct) => flags == DestroyFlags.Default
        ? d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainDestroy, new DomainArgs(d.Ref), ct)
        : d.DestroyAsync(flags, ct);

    public static Task ShutdownLikeVirshAsync(this VirDomain d, ShutdownFlags flags, CancellationToken ct) => flags == ShutdownFlags.Default
        ? d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainShutdown, new DomainArgs(d.Ref), ct)
        : d.ShutdownAsync(flags, ct);

    public static async Task<bool> HasManagedSaveAsync(this VirDomain d, CancellationToken ct) =>
        (await d.Connection.Rpc.CallAsync<DomainFlagsArgs, IntValue>(RemoteProcedure.DomainHasManagedSaveImage, new DomainFlagsArgs(d.Ref, 0), ct).ConfigureAwait(false)).Value != 0;

    /// <summary>DOMAIN_GET_SECURITY_LABEL: (label, enforcing); the label is empty for an inactive domain.</summary>
    public static async Task<(string Label, bool Enforcing)> GetSecurityLabelAsync(this VirDomain d, CancellationToken ct)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainArgs, DomainGetSecurityLabelRet>(RemoteProcedure.DomainGetSecurityLabel, new DomainArgs(d.Ref), ct).ConfigureAwait(false);
        return (r.Label.TrimEnd('\0'), r.Enforcing != 0);
    }

    public static async Task<IReadOnlyList<string>> GetMessagesAsync(this VirDomain d, CancellationToken ct) =>
        (await d.Connection.Rpc.CallAsync<DomainFlagsArgs, DomainGetMessagesRet>(RemoteProcedure.DomainGetMessages, new DomainFlagsArgs(d.Ref, 0), ct).ConfigureAwait(false)).Messages;

    /// <summary>DOMAIN_GET_VCPUS with affinity maps (maplen bytes per vCPU) of a running domain.</summary>
    public static async Task<(IReadOnlyList<WireVcpuInfo> Info, byte[] Maps)> GetVcpusWithMapsAsync(this VirDomain d, int maxInfo, int mapLen, CancellationToken ct)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainGetVcpusArgs, DomainGetVcpusRet>(RemoteProcedure.DomainGetVcpus,
            new DomainGetVcpusArgs(d.Ref, maxInfo, mapLen), ct).ConfigureAwait(false);
        return (r.Info, r.CpuMaps);
    }

    /// <summary>DOMAIN_GET_VCPU_PIN_INFO: affinity maps per vCPU (flags: VIR_DOMAIN_AFFECT_*).</summary>
    public static async Task<(int Count, byte[] Maps)> GetVcpuPinInfoAsync(this VirDomain d, int nmaps, int mapLen, uint flags, CancellationToken ct)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainGetVcpuPinInfoArgs, CpuMapsRet>(RemoteProcedure.DomainGetVcpuPinInfo,
            new DomainGetVcpuPinInfoArgs(d.Ref, nmaps, mapLen, flags), ct).ConfigureAwait(false);
        return (r.Num, r.CpuMaps);
    }

    /// <summary>DOMAIN_BLOCK_STATS_FLAGS, two-phase: the typed block counters (rd_operations, ...).</summary>
    public static async Task<IReadOnlyList<TypedParameter>> GetBlockStatsFlagsAsync(this VirDomain d, string disk, CancellationToken ct)
    {
        var rpc = d.Connection.Rpc;
        var count = await rpc.CallAsync<DomainNamedParamsArgs, TypedParamsCountRet>(RemoteProcedure.DomainBlockStatsFlags,
            new DomainNamedParamsArgs(d.Ref, disk, 0, 0), ct).ConfigureAwait(false);
        if (count.NParams <= 0) return [];
        var r = await rpc.CallAsync<DomainNamedParamsArgs, TypedParamsCountRet>(RemoteProcedure.DomainBlockStatsFlags,
            new DomainNamedParamsArgs(d.Ref, disk, count.NParams, 0), ct).ConfigureAwait(false);
        return r.Params;
    }
}
