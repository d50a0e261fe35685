using System.Buffers;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests.Support;

/// <summary>Which of our records carries each captured payload, as decode-then-encode functions.</summary>
public static class RecordCodecs
{
    public static Func<byte[], byte[]>? For(RemoteProcedure proc, MessageType type, MessageStatus status)
    {
        if (status == MessageStatus.Error) return RoundTrip<RemoteError>;
        var call = type == MessageType.Call;
        return (proc, call) switch
        {
            (RemoteProcedure.ConnectOpen, true) => RoundTrip<ConnectOpenArgs>,
            (RemoteProcedure.AuthList, false) => RoundTrip<AuthListRet>,
            (RemoteProcedure.ConnectSupportsFeature, _) => RoundTrip<IntValue>,
            (RemoteProcedure.ConnectGetType or RemoteProcedure.ConnectGetHostname or RemoteProcedure.ConnectGetCapabilities
                or RemoteProcedure.ConnectGetUri, false) => RoundTrip<StringValue>,
            (RemoteProcedure.ConnectGetVersion, false) => RoundTrip<ULongValue>,
            (RemoteProcedure.NodeGetInfo, false) => RoundTrip<NodeGetInfoRet>,
            (RemoteProcedure.NodeGetSecurityModel, false) => RoundTrip<NodeGetSecurityModelRet>,
            (RemoteProcedure.NodeGetCpuMap, true) => RoundTrip<NodeGetCpuMapArgs>,
            (RemoteProcedure.NodeGetCpuMap, false) => RoundTrip<NodeGetCpuMapRet>,
            (RemoteProcedure.ConnectListAllDomains, true) => RoundTrip<ListAllDomainsArgs>,
            (RemoteProcedure.ConnectListAllDomains, false) => RoundTrip<ListAllDomainsRet>,
            (RemoteProcedure.DomainLookupByName, true) => RoundTrip<StringValue>,
            (RemoteProcedure.DomainLookupByUuid, true) => RoundTrip<UuidArgs>,
            (RemoteProcedure.DomainLookupById, true) => RoundTrip<IntValue>,
            (RemoteProcedure.DomainLookupByName or RemoteProcedure.DomainLookupByUuid or RemoteProcedure.DomainLookupById
                or RemoteProcedure.DomainDefineXml, false) => RoundTrip<DomainRet>,
            (RemoteProcedure.DomainDefineXml, true) => RoundTrip<StringValue>,
            (RemoteProcedure.DomainCreate or RemoteProcedure.DomainDestroy or RemoteProcedure.DomainSuspend or RemoteProcedure.DomainResume
                or RemoteProcedure.DomainGetInfo or RemoteProcedure.DomainGetOsType or RemoteProcedure.DomainIsActive
                or RemoteProcedure.DomainIsPersistent or RemoteProcedure.DomainGetAutostart or RemoteProcedure.DomainGetSecurityLabel
                or RemoteProcedure.DomainGetSchedulerType, true) => RoundTrip<DomainArgs>,
            (RemoteProcedure.DomainGetState or RemoteProcedure.DomainGetXmlDesc or RemoteProcedure.DomainHasManagedSaveImage
                or RemoteProcedure.DomainGetMessages or RemoteProcedure.DomainUndefineFlags or RemoteProcedure.DomainGetVcpusFlags
                or RemoteProcedure.DomainInjectNmi or RemoteProcedure.DomainSnapshotNum, true) => RoundTrip<DomainFlagsArgs>,
            (RemoteProcedure.DomainGetInfo, false) => RoundTrip<DomainGetInfoRet>,
            (RemoteProcedure.DomainGetState, false) => RoundTrip<DomainGetStateRet>,
            (RemoteProcedure.DomainGetXmlDesc or RemoteProcedure.DomainGetOsType, false) => RoundTrip<StringValue>,
            (RemoteProcedure.DomainIsActive or RemoteProcedure.DomainIsPersistent or RemoteProcedure.DomainGetAutostart
                or RemoteProcedure.DomainHasManagedSaveImage or RemoteProcedure.DomainGetVcpusFlags or RemoteProcedure.DomainSnapshotNum, false) => RoundTrip<IntValue>,
            (RemoteProcedure.DomainGetSecurityLabel, false) => RoundTrip<DomainGetSecurityLabelRet>,
            (RemoteProcedure.DomainGetMessages, false) => RoundTrip<DomainGetMessagesRet>,
            (RemoteProcedure.DomainOpenConsole, true) => RoundTrip<DomainOptionalStringFlagsArgs>,
            (RemoteProcedure.DomainMemoryStats, true) => RoundTrip<DomainMemoryStatsArgs>,
            (RemoteProcedure.DomainMemoryStats, false) => RoundTrip<DomainMemoryStatsRet>,
            (RemoteProcedure.DomainGetVcpuPinInfo, true) => RoundTrip<DomainGetVcpuPinInfoArgs>,
            (RemoteProcedure.DomainGetVcpuPinInfo, false) => RoundTrip<CpuMapsRet>,
            (RemoteProcedure.DomainSendKey, true) => RoundTrip<DomainSendKeyArgs>,
            (RemoteProcedure.DomainSetMemoryFlags, true) => RoundTrip<DomainULongFlagsArgs>,
            (RemoteProcedure.DomainGetNumaParameters, true) => RoundTrip<DomainIntFlagsArgs>,
            (RemoteProcedure.DomainGetNumaParameters, false) => RoundTrip<TypedParamsCountRet>,
            (RemoteProcedure.DomainGetSchedulerType, false) => RoundTrip<SchedulerTypeRet>,
            (RemoteProcedure.DomainGetSchedulerParameters, true) => RoundTrip<DomainIntArgs>,
            (RemoteProcedure.DomainGetSchedulerParameters, false) => RoundTrip<TypedParamsRet>,
            (RemoteProcedure.DomainSnapshotCreateXml, true) => RoundTrip<DomainStringFlagsArgs>,
            (RemoteProcedure.DomainSnapshotCreateXml, false) => RoundTrip<SnapshotRet>,
            (RemoteProcedure.DomainSnapshotGetXmlDesc, true) => RoundTrip<SnapshotFlagsArgs>,
            (RemoteProcedure.DomainListAllSnapshots, true) => RoundTrip<DomainIntFlagsArgs>,
            (RemoteProcedure.DomainListAllSnapshots, false) => RoundTrip<SnapshotListRet>,
            (RemoteProcedure.ConnectDomainEventCallbackRegisterAny, true) => RoundTrip<EventRegisterArgs>,
            (RemoteProcedure.ConnectDomainEventCallbackRegisterAny, false) => RoundTrip<IntValue>,
            (RemoteProcedure.ConnectDomainEventCallbackDeregisterAny, true) => RoundTrip<IntValue>,
            (RemoteProcedure.DomainEventCallbackLifecycle, false) => RoundTrip<LifecycleEventMsg>,
            (RemoteProcedure.DomainEventCallbackReboot, false) => RoundTrip<DomainOnlyEventMsg>,
            (RemoteProcedure.DomainEventCallbackTunable, false) => RoundTrip<ParamsEventMsg>,
            _ => null,
        };
    }

    private static byte[] RoundTrip<T>(byte[] payload) where T : IXdrRecord<T>
    {
        var r = new XdrReader(payload);
        var v = T.Decode(ref r);
        r.EnsureEnd();
        var buf = new ArrayBufferWriter<byte>();
        var w = new XdrWriter(buf);
        v.Encode(ref w);
        return buf.WrittenSpan.ToArray();
    }
}
