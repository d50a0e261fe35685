using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// The alternative XML of save, restore and save-image-define may change only what the saved guest cannot
/// notice (libvirt's virDomainDefCheckABIStability): the title, description and metadata, and the files
/// behind its disks (a copied or moved image). Anything else is refused with libvirt's sentence where
/// libvirtd 9.0 has one (name, uuid, memory, vCPUs: checked against it), else one naming the part.
/// </summary>
internal static class SaveXmlCompatibility
{
    public static void Check(DomainDef source, DomainDef target)
    {
        if (target.Name != source.Name) throw Mismatch($"Target domain name '{target.Name}' does not match source '{source.Name}'");
        if (target.Uuid != source.Uuid) throw Mismatch($"Target domain uuid {target.Uuid} does not match source {source.Uuid}");
        if (target.Type != source.Type) throw Mismatch($"Target domain virt type {target.Type} does not match source {source.Type}");
        var (tMax, sMax) = (target.Memory?.KiB ?? 0, source.Memory?.KiB ?? 0);
        if (tMax != sMax) throw Mismatch($"Target domain max memory {tMax} does not match source {sMax}");
        var (tVcpus, sVcpus) = (target.Vcpu?.Count ?? 1, source.Vcpu?.Count ?? 1);
        if (tVcpus != sVcpus) throw Mismatch($"Target domain vCPU max {tVcpus} does not match source {sVcpus}");
        if (target.Devices.Disks.Count != source.Devices.Disks.Count)
            throw Mismatch($"Target domain disk count {target.Devices.Disks.Count} does not match source {source.Devices.Disks.Count}");

        // What may differ is taken from the source; whatever still differs is a change the guest would see.
        var disks = target.Devices.Disks.Zip(source.Devices.Disks, (t, s) => t with { Source = s.Source, BackingStore = s.BackingStore }).ToArray();
        var comparable = target with
        {
            Title = source.Title,
            Description = source.Description,
            Metadata = source.Metadata,
            Devices = target.Devices with { Disks = disks },
        };
        if (comparable == source) return;
        throw Mismatch($"Target domain definition differs from the saved one in {FirstDifference(comparable, source)}: only the title, description, metadata and disk sources may change");
    }

    private static string FirstDifference(DomainDef t, DomainDef s)
    {
        if (t.Os != s.Os) return "<os>";
        if (t.Cpu != s.Cpu) return "<cpu>";
        if (t.Features != s.Features) return "<features>";
        if (t.Clock != s.Clock) return "<clock>";
        if (t.CurrentMemory != s.CurrentMemory || t.MaxMemory != s.MaxMemory || t.MemoryBacking != s.MemoryBacking) return "its memory";
        if (t.Vcpu != s.Vcpu) return "<vcpu>";
        if (t.Devices.Disks.SequenceEqual(s.Devices.Disks) is false) return "its disks";
        if (t.Devices.Interfaces.SequenceEqual(s.Devices.Interfaces) is false) return "its network interfaces";
        if (t.Devices != s.Devices) return "<devices>";
        return "its settings";
    }

    private static VirException Mismatch(string message) => new(VirErrorCode.ConfigUnsupported, VirErrorDomain.Domain, message);
}
