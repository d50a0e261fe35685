using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_domain_set_block_threshold_args: {dom, dev, threshold (unsigned hyper), flags}.</summary>
public readonly record struct DomainSetBlockThresholdArgs(DomainRef Dom, string Dev, ulong Threshold, uint Flags) : IXdrRecord<DomainSetBlockThresholdArgs>
{
    public static DomainSetBlockThresholdArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadUHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Dev);
        w.WriteUHyper(Threshold);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_pm_suspend_for_duration_args: {dom, target, duration (unsigned hyper, seconds), flags}.</summary>
public readonly record struct DomainPmSuspendForDurationArgs(DomainRef Dom, uint Target, ulong Duration, uint Flags) : IXdrRecord<DomainPmSuspendForDurationArgs>
{
    public static DomainPmSuspendForDurationArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt(), r.ReadUHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(Target);
        w.WriteUHyper(Duration);
        w.WriteUInt(Flags);
    }
}
