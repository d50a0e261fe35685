using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_domain_iothread_info: {iothread_id, cpumap&lt;REMOTE_CPUMAP_MAX&gt;}.</summary>
public readonly record struct IoThreadInfoItem(uint IoThreadId, byte[] CpuMap);

/// <summary>remote_domain_get_iothread_info_ret: {info&lt;REMOTE_IOTHREAD_INFO_MAX&gt;, ret} (ret: how many).</summary>
public readonly record struct DomainGetIoThreadInfoRet(IReadOnlyList<IoThreadInfoItem> Info, uint Ret) : IXdrRecord<DomainGetIoThreadInfoRet>
{
    /// <summary>REMOTE_IOTHREAD_INFO_MAX.</summary>
    public const int InfoMax = 16384;

    public static DomainGetIoThreadInfoRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(InfoMax, 8);
        var info = new IoThreadInfoItem[n];
        for (var i = 0; i < n; i++) info[i] = new IoThreadInfoItem(r.ReadUInt(), r.ReadOpaque(XdrLimits.CpumapMax));
        return new DomainGetIoThreadInfoRet(info, r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteUInt((uint)Info.Count);
        foreach (var item in Info)
        {
            w.WriteUInt(item.IoThreadId);
            w.WriteOpaque(item.CpuMap);
        }
        w.WriteUInt(Ret);
    }
}

/// <summary>remote_domain_pin_iothread_args: {dom, iothreads_id, cpumap&lt;REMOTE_CPUMAP_MAX&gt;, flags}.</summary>
public readonly record struct DomainPinIoThreadArgs(DomainRef Dom, uint IoThreadId, byte[] CpuMap, uint Flags) : IXdrRecord<DomainPinIoThreadArgs>
{
    public static DomainPinIoThreadArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt(), r.ReadOpaque(XdrLimits.CpumapMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(IoThreadId);
        w.WriteOpaque(CpuMap);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_set_iothread_params_args: {dom, iothread_id, params&lt;REMOTE_DOMAIN_IOTHREAD_PARAMS_MAX&gt;, flags}.</summary>
public readonly record struct DomainSetIoThreadParamsArgs(DomainRef Dom, uint IoThreadId, IReadOnlyList<TypedParameter> Params, uint Flags)
    : IXdrRecord<DomainSetIoThreadParamsArgs>
{
    public static DomainSetIoThreadParamsArgs Decode(ref XdrReader r) =>
        new(r.ReadDomain(), r.ReadUInt(), r.ReadTypedParams(XdrLimits.IoThreadParamsMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(IoThreadId);
        w.WriteTypedParams(Params);
        w.WriteUInt(Flags);
    }
}
