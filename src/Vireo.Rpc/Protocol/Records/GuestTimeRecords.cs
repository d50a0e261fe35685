using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_domain_get_time_ret: {hyper seconds; unsigned int nseconds}.</summary>
public readonly record struct DomainGetTimeRet(long Seconds, uint NSeconds) : IXdrRecord<DomainGetTimeRet>
{
    public static DomainGetTimeRet Decode(ref XdrReader r) => new(r.ReadHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteHyper(Seconds);
        w.WriteUInt(NSeconds);
    }
}

/// <summary>remote_domain_set_time_args: {nonnull domain; hyper seconds; unsigned int nseconds; unsigned int flags}.</summary>
public readonly record struct DomainSetTimeArgs(DomainRef Dom, long Seconds, uint NSeconds, uint Flags) : IXdrRecord<DomainSetTimeArgs>
{
    public static DomainSetTimeArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadHyper(), r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteHyper(Seconds);
        w.WriteUInt(NSeconds);
        w.WriteUInt(Flags);
    }
}
