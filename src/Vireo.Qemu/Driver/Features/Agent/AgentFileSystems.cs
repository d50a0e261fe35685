using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>A PCI function (domain:bus:slot.function), as query-pci and the agent report it.</summary>
internal readonly record struct PciFunction(uint Domain, uint Bus, uint Slot, uint Function);

/// <summary>One domain disk as the guest may see it: its target ("vda"), serial and the PCI function of its virtio-blk device.</summary>
internal sealed record DiskLocation(string Target, string? Serial, PciFunction? Pci);

/// <summary>One disk under a guest file system or in guest-get-disks: the agent's address of it.</summary>
internal sealed record AgentDisk(string? BusType, PciFunction? Controller, string? Serial, string? Device)
{
    /// <summary>
    /// The domain disk this is, as libvirt finds it: by serial when the guest reports one, else a virtio disk
    /// by the PCI function of its device (the agent's "pci-controller" of a virtio-blk disk). Null when none
    /// matches (a disk behind a SCSI/SATA controller, whose drive address Vireo does not track).
    /// </summary>
    public DiskLocation? Match(IReadOnlyList<DiskLocation> disks)
    {
        if (Serial is { Length: > 0 } serial && disks.FirstOrDefault(d => d.Serial == serial) is { } bySerial) return bySerial;
        if (BusType == "virtio" && Controller is { } pci) return disks.FirstOrDefault(d => d.Pci == pci);
        return null;
    }

    public static AgentDisk FromAgent(JsonNode? node)
    {
        PciFunction? pci = node?["pci-controller"] is JsonObject p
            ? new PciFunction(U(p["domain"]), U(p["bus"]), U(p["slot"]), U(p["function"]))
            : null;
        return new AgentDisk((string?)node?["bus-type"], pci, (string?)node?["serial"], (string?)node?["dev"]);
    }

    internal static uint U(JsonNode? n) => n is JsonValue v && v.TryGetValue(out uint u) ? u : 0;
}

/// <summary>One entry of guest-get-fsinfo.</summary>
internal sealed record AgentFileSystem(string Name, string MountPoint, string Type, ulong? TotalBytes, ulong? UsedBytes, IReadOnlyList<AgentDisk> Disks);

/// <summary>
/// guest-get-fsinfo as virDomainFSInfo: the agent lists the most recent mount first, libvirt reverses it into
/// mount order; each file system names the targets of the domain disks it lives on (disks the domain does
/// not know are left out). Pure.
/// </summary>
internal static class AgentFileSystems
{
    public static IReadOnlyList<AgentFileSystem> FromAgent(JsonNode? answer, string domainName)
    {
        if (answer is not JsonArray list)
            throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Qemu,
                $"the guest agent of domain '{domainName}' answered guest-get-fsinfo without a list");
        var result = new List<AgentFileSystem>();
        foreach (var node in list.Reverse())
        {
            if (node is not JsonObject fs) continue;
            var disks = fs["disk"] is JsonArray d ? d.Select(AgentDisk.FromAgent).ToList() : [];
            result.Add(new AgentFileSystem((string?)fs["name"] ?? "", (string?)fs["mountpoint"] ?? "", (string?)fs["type"] ?? "",
                Bytes(fs["total-bytes"]), Bytes(fs["used-bytes"]), disks));
        }
        return result;
    }

    public static IReadOnlyList<GuestFileSystem> ToPublic(IReadOnlyList<AgentFileSystem> fss, IReadOnlyList<DiskLocation> disks) =>
        fss.Select(fs => new GuestFileSystem(fs.MountPoint, fs.Name, fs.Type,
            fs.Disks.Select(d => d.Match(disks)?.Target).OfType<string>().ToList())).ToList();

    private static ulong? Bytes(JsonNode? n) => n is JsonValue v && v.TryGetValue(out ulong u) ? u : null;
}

/// <summary>query-pci's answer as the PCI function of each device with an id (bridges' buses included). Pure.</summary>
internal static class QueryPciDevices
{
    public static IReadOnlyDictionary<string, PciFunction> ById(JsonNode? answer)
    {
        var map = new Dictionary<string, PciFunction>(StringComparer.Ordinal);
        if (answer is JsonArray buses)
            foreach (var bus in buses) Walk(bus?["devices"] as JsonArray, map);
        return map;
    }

    private static void Walk(JsonArray? devices, Dictionary<string, PciFunction> map)
    {
        if (devices is null) return;
        foreach (var dev in devices)
        {
            if ((string?)dev?["qdev_id"] is { Length: > 0 } id)
                map[id] = new PciFunction(0, AgentDisk.U(dev["bus"]), AgentDisk.U(dev["slot"]), AgentDisk.U(dev["function"]));
            Walk(dev?["pci_bridge"]?["devices"] as JsonArray, map);
        }
    }
}
