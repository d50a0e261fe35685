using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.Network;

/// <summary>
/// domiftune's parameters, with libvirt's semantics: a direction given (its average, or inbound's floor)
/// is replaced as a whole by what was given (peak and burst not given become unset); a direction whose
/// average and floor are both 0 is removed; a direction not given is kept. Pure.
/// </summary>
internal sealed record InterfaceTuneChange(BandwidthRateDef? Inbound, bool InboundGiven, BandwidthRateDef? Outbound, bool OutboundGiven)
{
    public static InterfaceTuneChange Parse(IReadOnlyList<TypedParameter> ps)
    {
        TypedValues.Distinct(ps);
        ulong inAvg = 0, inPeak = 0, inBurst = 0, inFloor = 0, outAvg = 0, outPeak = 0, outBurst = 0;
        bool inGiven = false, outGiven = false;
        foreach (var p in ps)
        {
            var v = UInt(p);
            switch (p.Field)
            {
                case InterfaceParams.InAverage: inAvg = v; inGiven = true; break;
                case InterfaceParams.InPeak: inPeak = v; break;
                case InterfaceParams.InBurst: inBurst = v; break;
                case InterfaceParams.InFloor: inFloor = v; inGiven = true; break;
                case InterfaceParams.OutAverage: outAvg = v; outGiven = true; break;
                case InterfaceParams.OutPeak: outPeak = v; break;
                case InterfaceParams.OutBurst: outBurst = v; break;
                default: throw TypedValues.Unknown(p.Field, "interface", InterfaceParams.All);
            }
        }
        var inbound = inAvg == 0 && inFloor == 0 ? null : new BandwidthRateDef { Average = Set(inAvg), Peak = Set(inPeak), Burst = Set(inBurst), Floor = Set(inFloor) };
        var outbound = outAvg == 0 ? null : new BandwidthRateDef { Average = outAvg, Peak = Set(outPeak), Burst = Set(outBurst) };
        return new InterfaceTuneChange(inbound, inGiven, outbound, outGiven);
    }

    /// <summary>The interface's &lt;bandwidth&gt; after the change; null when nothing is left.</summary>
    public BandwidthDef? ApplyTo(BandwidthDef? current)
    {
        var inbound = Inbound ?? (InboundGiven ? null : current?.Inbound);
        var outbound = Outbound ?? (OutboundGiven ? null : current?.Outbound);
        return inbound is null && outbound is null ? null : new BandwidthDef(inbound, outbound);
    }

    /// <summary>What virDomainGetInterfaceParameters answers: every field, 0 when unset.</summary>
    public static IReadOnlyList<TypedParameter> FromBandwidth(BandwidthDef? b) =>
    [
        Field(InterfaceParams.InAverage, b?.Inbound?.Average),
        Field(InterfaceParams.InPeak, b?.Inbound?.Peak),
        Field(InterfaceParams.InBurst, b?.Inbound?.Burst),
        Field(InterfaceParams.InFloor, b?.Inbound?.Floor),
        Field(InterfaceParams.OutAverage, b?.Outbound?.Average),
        Field(InterfaceParams.OutPeak, b?.Outbound?.Peak),
        Field(InterfaceParams.OutBurst, b?.Outbound?.Burst),
    ];

    /// <summary>The interface a domiftune names: its host device (target dev) or its MAC address (virDomainNetFind).</summary>
    public static InterfaceDef? Find(DomainDef def, string device) =>
        MacAddress.TryParse(device, out var mac)
            ? def.Devices.Interfaces.FirstOrDefault(i => i.Mac == mac)
            : def.Devices.Interfaces.FirstOrDefault(i => i.TargetDev == device);

    /// <summary>virDomainNetFind's refusal.</summary>
    public static VirException Unknown(string device) => VirErrors.InvalidArg($"'{device}' is not a known interface");

    /// <summary>virNetDevSupportsBandwidth: every type Vireo runs but user-mode networking can be shaped.</summary>
    public static void CheckShapeable(InterfaceDef? nic)
    {
        if (nic?.Type is InterfaceType.User)
            throw VirErrors.Unsupported("setting bandwidth on interfaces of type 'user' is not implemented yet", VirErrorDomain.Qemu);
    }

    private static TypedParameter Field(string name, ulong? value) => TypedParameter.UInt(name, (uint)Math.Min(value ?? 0, uint.MaxValue));

    private static ulong? Set(ulong v) => v == 0 ? null : v;

    private static ulong UInt(TypedParameter p) => p.Type == TypedParameterType.UInt
        ? p.AsULong & uint.MaxValue
        : throw VirErrors.InvalidArg($"invalid type '{p.Type.ToString().ToLowerInvariant()}' for parameter '{p.Field}', expected 'uint'", VirErrorDomain.Qemu);
}
