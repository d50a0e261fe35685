namespace Vireo.Rpc.Xdr;

/// <summary>The size limits of libvirt's remote protocol (virnetprotocol.x / remote_protocol.x, 9.0).</summary>
public static class XdrLimits
{
    /// <summary>VIR_NET_MESSAGE_MAX: a message without its 4-byte length word.</summary>
    public const int MessageMax = 33554432;

    /// <summary>The length word plus the 24-byte header: the smallest valid message.</summary>
    public const int MinMessageLength = 28;

    /// <summary>The largest value of the length word (it counts itself).</summary>
    public const int MaxMessageLength = MessageMax + 4;

    public const int HeaderSize = 24;

    /// <summary>VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX: the size of one stream packet's data.</summary>
    public const int StreamPacketMax = 262120;

    /// <summary>REMOTE_STRING_MAX / VIR_NET_MESSAGE_STRING_MAX.</summary>
    public const int StringMax = 4194304;

    public const int AuthTypeListMax = 20;
    public const int DomainListMax = 16384;
    public const int DomainIdListMax = 16384;
    public const int DomainNameListMax = 16384;
    public const int CpumapMax = 2048;
    public const int CpumapsMax = 8388608;
    public const int VcpuinfoMax = 16384;
    public const int MigrateCookieMax = 4194304;
    public const int SecurityModelMax = 257;
    public const int SecurityLabelMax = 4097;
    public const int SecurityDoiMax = 257;
    public const int SecurityLabelListMax = 64;
    public const int SchedulerParametersMax = 16;
    public const int NumaParametersMax = 16;
    public const int BlkioParametersMax = 16;
    public const int MemoryParametersMax = 16;
    public const int BlockStatsParametersMax = 16;
    public const int BlockIoTuneParametersMax = 32;
    public const int BlockCopyParametersMax = 16;
    public const int InterfaceParametersMax = 16;
    public const int NodeCpuStatsMax = 16;
    public const int NodeMemoryStatsMax = 16;
    public const int CellsFreeMemoryMax = 1024;
    public const int DomainMemoryStatsMax = 1024;
    public const int DomainSnapshotListMax = 16384;
    public const int DomainSendKeyMax = 16;
    public const int DomainMessagesMax = 2048;
    public const int DomainEventTunableMax = 2048;
    public const int DomainEventGraphicsIdentityMax = 20;
    public const int DomainDiskErrorsMax = 256;
    public const int DomainGetAllStatsMax = 16384;
    public const int ConnectGetAllDomainStatsMax = 262144;
    public const int DomainJobInfoParametersMax = 64;
    public const int LaunchSecurityInfoParamsMax = 64;
    public const int IoThreadParamsMax = 64;
    public const int TypedParamMax = 2048;
}
