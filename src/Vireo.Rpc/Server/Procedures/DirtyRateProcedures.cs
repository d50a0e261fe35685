using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh domdirtyrate-calc (DOMAIN_START_DIRTY_RATE_CALC 427, {dom, int seconds, unsigned flags}) over the driver's
/// <see cref="IDomainDirtyRate"/>, a write. The flags choose the mode: none is page sampling, 1 the dirty bitmap,
/// 2 the dirty ring; the two together are refused as libvirt's VIR_EXCLUSIVE_FLAGS refuses them.
/// </summary>
public static class DirtyRateProcedures
{
    private const uint DirtyBitmap = 1, DirtyRing = 2;

    public static void Register(RpcDispatcher d) =>
        d.Register(RemoteProcedure.DomainStartDirtyRateCalc, static async (CallContext c, DomainIntFlagsArgs a) =>
        {
            const string api = "virDomainStartDirtyRateCalc";
            c.CheckFlags(a.Flags, DirtyBitmap | DirtyRing, api);
            if ((a.Flags & (DirtyBitmap | DirtyRing)) == (DirtyBitmap | DirtyRing))
                throw VirErrors.InvalidArgSentence("Flags 'VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_BITMAP' and 'VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_RING' are mutually exclusive");
            var mode = (a.Flags & DirtyBitmap) != 0 ? DirtyRateMode.DirtyBitmap
                : (a.Flags & DirtyRing) != 0 ? DirtyRateMode.DirtyRing
                : DirtyRateMode.PageSampling;
            await c.Feature<IDomainDirtyRate>(api).StartDirtyRateCalcAsync(a.Dom.Uuid, a.Value, mode, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainStartDirtyRateCalc"));
}
