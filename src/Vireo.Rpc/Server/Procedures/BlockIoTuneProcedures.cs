using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh blkdeviotune: DOMAIN_GET_BLOCK_IO_TUNE (253, asked twice as libvirt's typed-parameter gets are: the
/// count, then the values) and DOMAIN_SET_BLOCK_IO_TUNE (252, a write) over the driver's
/// <see cref="IDomainBlockIoTune"/>. The get takes LIVE/CONFIG and VIR_TYPED_PARAM_STRING_OKAY (group_name is a
/// string), the set LIVE/CONFIG only, as libvirtd 9.0's QEMU driver does.
/// </summary>
public static class BlockIoTuneProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainGetBlockIoTune, static async (CallContext c, DomainGetBlockIoTuneArgs a) =>
        {
            const string api = "virDomainGetBlockIoTune";
            var flags = TypedParamCalls.Modify(c, a.Flags, api);
            var feature = c.Feature<IDomainBlockIoTune>(api);
            if (a.NParams == 0) return new TypedParamsCountRet([], feature.BlockIoTuneCount(a.Dom.Uuid, flags));
            var all = await feature.GetBlockIoTuneAsync(a.Dom.Uuid, a.Disk, flags, c.Cancellation).ConfigureAwait(false);
            return TypedParamCalls.TwoPhase(all, a.NParams, a.Flags);
        });
        d.Register(RemoteProcedure.DomainSetBlockIoTune, static async (CallContext c, DomainSetBlockIoTuneArgs a) =>
        {
            const string api = "virDomainSetBlockIoTune";
            var flags = TypedParamCalls.Modify(c, a.Flags, api, 0);
            await c.Feature<IDomainBlockIoTune>(api).SetBlockIoTuneAsync(a.Dom.Uuid, a.Disk, a.Params, flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetBlockIoTune"));
    }
}
