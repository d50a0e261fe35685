using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>
/// remote_domain_set_guest_vcpus_args and remote_domain_set_vcpu_args, which are laid out alike:
/// {nonnull domain; nonnull string cpumap (libvirt's bitmap syntax, e.g. "1-2"); int state; unsigned int flags}.
/// </summary>
public readonly record struct DomainSetVcpuStateArgs(DomainRef Dom, string CpuMap, int State, uint Flags) : IXdrRecord<DomainSetVcpuStateArgs>
{
    public static DomainSetVcpuStateArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(CpuMap);
        w.WriteInt(State);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_get_guest_vcpus_ret: {remote_typed_param params&lt;REMOTE_DOMAIN_GUEST_VCPU_PARAMS_MAX = 64&gt;}.</summary>
public readonly record struct DomainGetGuestVcpusRet(IReadOnlyList<TypedParameter> Params) : IXdrRecord<DomainGetGuestVcpusRet>
{
    public const int ParamsMax = 64;

    public static DomainGetGuestVcpusRet Decode(ref XdrReader r) => new(r.ReadTypedParams(ParamsMax));
    public void Encode(ref XdrWriter w) => w.WriteTypedParams(Params);
}
