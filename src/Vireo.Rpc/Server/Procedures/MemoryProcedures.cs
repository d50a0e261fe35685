using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// setmem, setmaxmem and dommemstat --period over the driver's <see cref="IDomainTuning"/> and
/// <see cref="IDomainBalloon"/> (the statistics themselves are DOMAIN_MEMORY_STATS, a standard read).
/// Sizes are KiB. virDomainSetMemory changes the running guest only; virDomainSetMaxMemory is
/// SetMemoryFlags(MEM_MAXIMUM) for the current definition, as in libvirt.
/// </summary>
public static class MemoryProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainSetMemory, static async (CallContext c, DomainULongArgs a) =>
        {
            await c.Feature<IDomainTuning>("virDomainSetMemory").SetMemoryAsync(a.Dom.Uuid, a.Value, MemoryModFlags.Live, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetMemory"));
        d.Register(RemoteProcedure.DomainSetMaxMemory, static async (CallContext c, DomainULongArgs a) =>
        {
            await c.Feature<IDomainTuning>("virDomainSetMaxMemory").SetMemoryAsync(a.Dom.Uuid, a.Value, MemoryModFlags.Maximum, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetMaxMemory"));
        d.Register(RemoteProcedure.DomainSetMemoryFlags, static async (CallContext c, DomainULongFlagsArgs a) =>
        {
            const string api = "virDomainSetMemoryFlags";
            var flags = (MemoryModFlags)((uint)TypedParamCalls.Modify(c, a.Flags, api, (uint)MemoryModFlags.Maximum) | (a.Flags & (uint)MemoryModFlags.Maximum));
            await c.Feature<IDomainTuning>(api).SetMemoryAsync(a.Dom.Uuid, a.Value, flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetMemoryFlags"));
        d.Register(RemoteProcedure.DomainSetMemoryStatsPeriod, static async (CallContext c, DomainIntFlagsArgs a) =>
        {
            const string api = "virDomainSetMemoryStatsPeriod";
            await c.Feature<IDomainBalloon>(api).SetMemoryStatsPeriodAsync(a.Dom.Uuid, a.Value, TypedParamCalls.Modify(c, a.Flags, api, 0), c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetMemoryStatsPeriod"));
    }
}
