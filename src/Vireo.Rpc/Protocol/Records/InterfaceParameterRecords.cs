using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_domain_set_interface_parameters_args: {dom, device, params&lt;16&gt;, flags}. The get uses <see cref="DomainNamedParamsArgs"/>.</summary>
public readonly record struct DomainSetInterfaceParametersArgs(DomainRef Dom, string Device, IReadOnlyList<TypedParameter> Params, uint Flags)
    : IXdrRecord<DomainSetInterfaceParametersArgs>
{
    public static DomainSetInterfaceParametersArgs Decode(ref XdrReader r) =>
        new(r.ReadDomain(), r.ReadString(), r.ReadTypedParams(XdrLimits.InterfaceParametersMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Device);
        w.WriteTypedParams(Params);
        w.WriteUInt(Flags);
    }
}
