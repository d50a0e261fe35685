using Vireo.Core.Params;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>Statistics that may need to ask the hypervisor (QMP), hence asynchronous.</summary>
public static class DomainStatsProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainBlockStats, static async (CallContext c, DomainStringArgs a) =>
        {
            var s = await c.Driver.Domains.BlockStatsAsync(a.Dom.Uuid, a.Text, c.Cancellation).ConfigureAwait(false);
            return new DomainBlockStatsRet(s.RdReq, s.RdBytes, s.WrReq, s.WrBytes, s.Errs);
        });

        // The typed form of block stats (virsh domblkstat asks this first); two-phase like other typed lists.
        d.Register(RemoteProcedure.DomainBlockStatsFlags, static async (CallContext c, DomainNamedParamsArgs a) =>
        {
            var s = await c.Driver.Domains.BlockStatsAsync(a.Dom.Uuid, a.Name, c.Cancellation).ConfigureAwait(false);
            var all = BlockStatsParams(s);
            return a.NParams == 0 ? new TypedParamsCountRet([], all.Length) : new TypedParamsCountRet(all.Take(a.NParams).ToArray(), Math.Min(a.NParams, all.Length));
        });

        d.Register(RemoteProcedure.DomainInterfaceStats, static async (CallContext c, DomainStringArgs a) =>
        {
            var s = await c.Driver.Domains.InterfaceStatsAsync(a.Dom.Uuid, a.Text, c.Cancellation).ConfigureAwait(false);
            return new DomainInterfaceStatsRet(s.RxBytes, s.RxPackets, s.RxErrs, s.RxDrop, s.TxBytes, s.TxPackets, s.TxErrs, s.TxDrop);
        });

        d.Register(RemoteProcedure.DomainMemoryStats, static async (CallContext c, DomainMemoryStatsArgs a) =>
        {
            var stats = await c.Driver.Domains.MemoryStatsAsync(a.Dom.Uuid, c.Cancellation).ConfigureAwait(false);
            return new DomainMemoryStatsRet(stats.Take((int)Math.Min(a.MaxStats, int.MaxValue)).ToArray());
        });

        d.Register(RemoteProcedure.ConnectGetAllDomainStats, static async (CallContext c, GetAllDomainStatsArgs a) =>
        {
            IReadOnlyList<Guid>? uuids = a.Doms.Length == 0 ? null : a.Doms.Select(x => x.Uuid).ToArray();
            var all = await c.Driver.Domains.AllStatsAsync(uuids, a.Stats, a.Flags, c.Cancellation).ConfigureAwait(false);
            return new GetAllDomainStatsRet(all.Select(x => new DomainStatsRecord(x.Domain, x.Params)).ToArray());
        });
    }

    /// <summary>
    /// The typed block counters: with QEMU's flush count and times, libvirt's QEMU driver list in its order
    /// (no error count: QEMU keeps none); otherwise the five counters of the untyped call.
    /// </summary>
    public static TypedParameter[] BlockStatsParams(Drivers.Contracts.BlockStats s) =>
        s is { FlushReq: { } flush, RdTotalTimes: { } rdTimes, WrTotalTimes: { } wrTimes, FlushTotalTimes: { } flushTimes }
            ?
            [
                TypedParameter.LLong("wr_bytes", s.WrBytes), TypedParameter.LLong("wr_operations", s.WrReq),
                TypedParameter.LLong("rd_bytes", s.RdBytes), TypedParameter.LLong("rd_operations", s.RdReq),
                TypedParameter.LLong("flush_operations", flush), TypedParameter.LLong("wr_total_times", wrTimes),
                TypedParameter.LLong("rd_total_times", rdTimes), TypedParameter.LLong("flush_total_times", flushTimes),
            ]
            :
            [
                TypedParameter.LLong("rd_operations", s.RdReq), TypedParameter.LLong("rd_bytes", s.RdBytes),
                TypedParameter.LLong("wr_operations", s.WrReq), TypedParameter.LLong("wr_bytes", s.WrBytes),
                TypedParameter.LLong("errs", s.Errs),
            ];
}
