using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// Network QoS of one guest NIC (virsh domiftune): DOMAIN_GET/SET_INTERFACE_PARAMETERS over the
/// interface's &lt;bandwidth&gt;. The interface is named by its host-side device (target dev) or its MAC.
/// A live change reshapes the host side with tc; a zero average clears that direction. Reads never wait
/// for a domain job.
/// </summary>
public interface IDomainInterfaceParameters
{
    /// <summary>The seven <see cref="InterfaceParams"/> fields, all UINT (0 when unset).</summary>
    ValueTask<IReadOnlyList<TypedParameter>> GetInterfaceParametersAsync(Guid uuid, string device, ModifyFlags flags, CancellationToken ct);

    ValueTask SetInterfaceParametersAsync(Guid uuid, string device, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct);

    /// <summary>
    /// The checks the size query makes before it answers (libvirt looks at the domain and which definition the
    /// flags name, not yet at the interface): the domain exists, and the definition is there to read.
    /// </summary>
    void CheckReadable(Guid uuid, ModifyFlags flags);
}

/// <summary>libvirt's VIR_DOMAIN_BANDWIDTH_* field names, in the order libvirt lists them.</summary>
public static class InterfaceParams
{
    public const string InAverage = "inbound.average";
    public const string InPeak = "inbound.peak";
    public const string InBurst = "inbound.burst";
    public const string InFloor = "inbound.floor";
    public const string OutAverage = "outbound.average";
    public const string OutPeak = "outbound.peak";
    public const string OutBurst = "outbound.burst";

    public static IReadOnlyList<string> All { get; } = [InAverage, InPeak, InBurst, InFloor, OutAverage, OutPeak, OutBurst];
}
