using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// IOThreads over the driver's <see cref="IDomainIoThreads"/>: iothreadinfo (DOMAIN_GET_IOTHREAD_INFO 351, a read
/// allowed on read-only connections), iothreadpin (352), iothreadadd (355), iothreaddel (356) and iothreadset
/// (DOMAIN_SET_IOTHREAD_PARAMS 402), writes. Each CPU map is as long as the host has CPUs, bit j of byte i being
/// CPU i*8+j, as libvirtd sends it.
/// </summary>
public static class IoThreadProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainGetIothreadInfo, static async (CallContext c, DomainFlagsArgs a) =>
        {
            const string api = "virDomainGetIOThreadInfo";
            var flags = TypedParamCalls.Modify(c, a.Flags, api, 0);
            var info = await IoThreads(c, api).IoThreadInfoAsync(a.Dom.Uuid, flags, c.Cancellation).ConfigureAwait(false);
            var items = info.Select(t => new IoThreadInfoItem(t.Id, Bitmaps.Pack(t.CpuMap, (t.CpuMap.Count + 7) / 8))).ToArray();
            return new DomainGetIoThreadInfoRet(items, (uint)items.Length);
        });
        d.Register(RemoteProcedure.DomainPinIothread, static async (CallContext c, DomainPinIoThreadArgs a) =>
        {
            const string api = "virDomainPinIOThread";
            var map = Bitmaps.Unpack(a.CpuMap, a.CpuMap.Length * 8);
            await IoThreads(c, api).PinIoThreadAsync(a.Dom.Uuid, a.IoThreadId, map, TypedParamCalls.Modify(c, a.Flags, api, 0), c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainPinIOThread"));
        d.Register(RemoteProcedure.DomainAddIothread, static async (CallContext c, DomainUIntFlagsArgs a) =>
        {
            const string api = "virDomainAddIOThread";
            await IoThreads(c, api).AddIoThreadAsync(a.Dom.Uuid, a.Value, TypedParamCalls.Modify(c, a.Flags, api, 0), c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainAddIOThread"));
        d.Register(RemoteProcedure.DomainDelIothread, static async (CallContext c, DomainUIntFlagsArgs a) =>
        {
            const string api = "virDomainDelIOThread";
            await IoThreads(c, api).DeleteIoThreadAsync(a.Dom.Uuid, a.Value, TypedParamCalls.Modify(c, a.Flags, api, 0), c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainDelIOThread"));
        RegisterSet(d);
    }

    private static void RegisterSet(RpcDispatcher d) =>
        d.Register(RemoteProcedure.DomainSetIothreadParams, static async (CallContext c, DomainSetIoThreadParamsArgs a) =>
        {
            const string api = "virDomainSetIOThreadParams";
            // libvirt's public API refuses an empty list (it arrives as NULL) before the driver sees the call.
            if (a.Params.Count == 0) throw VirErrors.NonNullArg("params", api);
            var flags = TypedParamCalls.Modify(c, a.Flags, "qemuDomainSetIOThreadParams", 0);
            await IoThreads(c, api).SetIoThreadParamsAsync(a.Dom.Uuid, a.IoThreadId, a.Params, flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetIOThreadParams"));

    private static IDomainIoThreads IoThreads(CallContext c, string api) => c.Feature<IDomainIoThreads>(api);
}
