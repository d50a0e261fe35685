using Vireo.Client;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Cli.Remote;

/// <summary>
/// Host procedures virsh uses that Vireo.Client does not wrap (yet): made through the connection's
/// protocol object, which the client library exposes for exactly this.
/// </summary>
internal static class HostCalls
{
    /// <summary>Defines a domain as virsh does: DOMAIN_DEFINE_XML without flags, DOMAIN_DEFINE_XML_FLAGS otherwise; returns its name.</summary>
    public static async Task<string> DefineLikeVirshAsync(this VirConnection c, string xml, DefineFlags flags, CancellationToken ct)
    {
        if (flags != DefineFlags.None) return (await c.DefineDomainAsync(xml, flags, ct).ConfigureAwait(false)).Name;
        return (await c.Rpc.CallAsync<StringValue, DomainRet>(RemoteProcedure.DomainDefineXml, new StringValue(xml), ct).ConfigureAwait(false)).Dom.Name;
    }

    public static async Task<string> GetSysinfoAsync(this VirConnection c, CancellationToken ct) =>
        (await c.Rpc.CallAsync<UIntValue, StringValue>(RemoteProcedure.ConnectGetSysinfo, new UIntValue(0), ct).ConfigureAwait(false)).Value;

    public static async Task<string> GetDomainCapabilitiesAsync(this VirConnection c, string? emulator, string? arch, string? machine, string? virtType, CancellationToken ct) =>
        (await c.Rpc.CallAsync<ConnectGetDomainCapabilitiesArgs, StringValue>(RemoteProcedure.ConnectGetDomainCapabilities,
            new ConnectGetDomainCapabilitiesArgs(emulator, arch, machine, virtType, 0), ct).ConfigureAwait(false)).Value;

    /// <summary>NODE_GET_SECURITY_MODEL: (model, doi); the model is empty when no security driver is active.</summary>
    public static async Task<(string Model, string Doi)> GetSecurityModelAsync(this VirConnection c, CancellationToken ct)
    {
        var r = await c.Rpc.CallAsync<NodeGetSecurityModelRet>(RemoteProcedure.NodeGetSecurityModel, ct).ConfigureAwait(false);
        return (r.Model.TrimEnd('\0'), r.Doi.TrimEnd('\0'));
    }

    /// <summary>NODE_GET_CPU_STATS, two-phase (count, then values). cpu -1: all CPUs together.</summary>
    public static async Task<IReadOnlyList<NodeStat>> GetNodeCpuStatsAsync(this VirConnection c, int cpu, CancellationToken ct)
    {
        var count = await c.Rpc.CallAsync<NodeStatsArgs, NodeStatsRet>(RemoteProcedure.NodeGetCpuStats, new NodeStatsArgs(cpu, 0, 0), ct).ConfigureAwait(false);
        if (count.NParams == 0) return [];
        var r = await c.Rpc.CallAsync<NodeStatsArgs, NodeStatsRet>(RemoteProcedure.NodeGetCpuStats, new NodeStatsArgs(cpu, count.NParams, 0), ct).ConfigureAwait(false);
        return r.Params.Select(p => new NodeStat(p.Field, p.Value)).ToArray();
    }

    /// <summary>NODE_GET_MEMORY_STATS, two-phase. cell -1: the whole host.</summary>
    public static async Task<IReadOnlyList<NodeStat>> GetNodeMemoryStatsAsync(this VirConnection c, int cell, CancellationToken ct)
    {
        var count = await c.Rpc.CallAsync<NodeStatsArgs, NodeStatsRet>(RemoteProcedure.NodeGetMemoryStats, new NodeStatsArgs(0, cell, 0), ct).ConfigureAwait(false);
        if (count.NParams == 0) return [];
        var r = await c.Rpc.CallAsync<NodeStatsArgs, NodeStatsRet>(RemoteProcedure.NodeGetMemoryStats, new NodeStatsArgs(count.NParams, cell, 0), ct).ConfigureAwait(false);
        return r.Params.Select(p => new NodeStat(p.Field, p.Value)).ToArray();
    }

    public static async Task<ulong> GetFreeMemoryAsync(this VirConnection c, CancellationToken ct) =>
        (await c.Rpc.CallAsync<ULongValue>(RemoteProcedure.NodeGetFreeMemory, ct).ConfigureAwait(false)).Value;

    public static async Task<IReadOnlyList<ulong>> GetCellsFreeMemoryAsync(this VirConnection c, int startCell, int maxCells, CancellationToken ct) =>
        (await c.Rpc.CallAsync<NodeGetCellsFreeMemoryArgs, NodeGetCellsFreeMemoryRet>(RemoteProcedure.NodeGetCellsFreeMemory,
            new NodeGetCellsFreeMemoryArgs(startCell, maxCells), ct).ConfigureAwait(false)).Cells;

    /// <summary>NODE_GET_CPU_MAP: one flag per host CPU (true: online), and how many are online.</summary>
    public static async Task<(IReadOnlyList<bool> Map, int Online)> GetCpuMapAsync(this VirConnection c, CancellationToken ct)
    {
        var r = await c.Rpc.CallAsync<NodeGetCpuMapArgs, NodeGetCpuMapRet>(RemoteProcedure.NodeGetCpuMap, new NodeGetCpuMapArgs(1, 1, 0), ct).ConfigureAwait(false);
        var map = new bool[Math.Max(r.Ret, 0)];
        for (var i = 0; i < map.Length; i++) map[i] = i / 8 < r.CpuMap.Length && (r.CpuMap[i / 8] & (1 << (i % 8))) != 0;
        return (map, (int)r.Online);
    }
}
