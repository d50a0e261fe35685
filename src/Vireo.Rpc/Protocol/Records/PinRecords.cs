using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_domain_pin_vcpu_args (procedure 26): the flagless form of <see cref="DomainPinVcpuArgs"/>.</summary>
public readonly record struct DomainPinVcpuNoFlagsArgs(DomainRef Dom, uint Vcpu, byte[] CpuMap) : IXdrRecord<DomainPinVcpuNoFlagsArgs>
{
    public static DomainPinVcpuNoFlagsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt(), r.ReadOpaque(XdrLimits.CpumapMax));

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(Vcpu);
        w.WriteOpaque(CpuMap);
    }
}
