using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.CommandLine;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Vcpus;

/// <summary>One entry of query-hotpluggable-cpus: a CPU slot, its QOM type and topology, and the CPU in it (QomPath) if any.</summary>
internal sealed record HotpluggableCpu(string Type, IReadOnlyDictionary<string, long> Props, string? QomPath)
{
    public static IReadOnlyList<HotpluggableCpu> ListFromJson(JsonNode? r) =>
        r.Items().Select(c => new HotpluggableCpu(c.Str("type") ?? "",
            (c?["props"] as JsonObject ?? []).Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValue<long>(), StringComparer.Ordinal),
            c.Str("qom-path"))).ToList();
}

/// <summary>
/// The QMP side of vCPU hot-plug, pure: the slot a vCPU goes into (QEMU's own list, matched on the
/// topology the command line gave it), device_add and device_del with libvirt's alias, and how QEMU 7.2
/// tells that an unplugged vCPU is gone.
/// </summary>
internal static class VcpuHotplugQmp
{
    public static QmpCommand QueryHotpluggableCpus() => new("query-hotpluggable-cpus");

    /// <summary>device_add of vCPU <paramref name="id"/> into its free slot of <paramref name="slots"/>.</summary>
    public static QmpCommand Plug(DomainDef live, uint id, IReadOnlyList<HotpluggableCpu> slots)
    {
        var props = VcpuSlotArgs.TopologyProps(live, id);
        var slot = slots.FirstOrDefault(s => props.All(p => s.Props.TryGetValue(p.Key, out var v) && v == p.Value))
            ?? throw VirErrors.Internal($"cannot add vCPU {id} to domain '{live.Name}': QEMU lists no CPU slot at {Describe(props)}", VirErrorDomain.Qemu);
        if (slot.QomPath is not null)
            throw VirErrors.Internal($"cannot add vCPU {id} to domain '{live.Name}': QEMU's CPU slot at {Describe(props)} already holds {slot.QomPath}", VirErrorDomain.Qemu);
        return QmpCommands.DeviceAdd(slot.Type, VcpuSlotArgs.Alias(id), props.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)));
    }

    public static QmpCommand Unplug(uint id) => QmpCommands.DeviceDel(VcpuSlotArgs.Alias(id));

    /// <summary>Where QEMU puts a vCPU added with device_add.</summary>
    public static string QomPath(uint id) => $"/machine/peripheral/{VcpuSlotArgs.Alias(id)}";

    /// <summary>
    /// Whether an event says vCPU <paramref name="id"/> (or a part of it) was deleted. QEMU 7.2 under TCG
    /// reports only the vCPU's local APIC (path /machine/peripheral/vcpuN/lapic, no device id) and nothing
    /// for the CPU itself, which is why libvirt 9.0 times out there; the caller confirms with query-cpus-fast.
    /// </summary>
    public static bool MayReportRemoval(QmpEvent e, uint id)
    {
        if (e.Name != "DEVICE_DELETED") return false;
        var path = QomPath(id);
        return e.GetString("device") == VcpuSlotArgs.Alias(id) || e.GetString("path") is { } p && (p == path || p.StartsWith(path + "/", StringComparison.Ordinal));
    }

    /// <summary>Whether query-cpus-fast still lists hot-plugged vCPU <paramref name="id"/>.</summary>
    public static bool IsPresent(IReadOnlyList<QmpCpu> cpus, uint id) => cpus.Any(c => c.QomPath == QomPath(id));

    private static string Describe(IReadOnlyList<KeyValuePair<string, uint>> props) => string.Join(",", props.Select(p => $"{p.Key}={p.Value}"));
}
