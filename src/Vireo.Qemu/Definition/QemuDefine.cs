using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.Capabilities;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Definition;

/// <summary>
/// The QEMU driver's part of defining a domain, pure: only user aliases (ua-*) kept, as libvirt parses an inactive
/// definition (the others are a running guest's, given at start), disks in libvirt's order (<see cref="DiskOrder"/>), libvirt's defaults for QEMU (<see cref="QemuDefinitionDefaults"/>),
/// validation, and a dry run of the command-line builder with placeholder paths, which refuses what this emulator
/// cannot run (machine type, devices, accelerator) before anything is written.
/// </summary>
public static class QemuDefine
{
    /// <param name="def">A parsed definition with Core's defaults applied (DomainDefaults).</param>
    public static DomainDef Complete(DomainDef def, QemuEmulatorCaps caps)
    {
        def = QemuDefinitionDefaults.Apply(DiskOrder.Apply(DeviceAliases.KeepUserAliases(def)), caps);
        DomainValidator.Validate(def);
        var dryRun = new QemuLaunchContext
        {
            Caps = caps,
            Host = DefineCheckHost(def),
            Paths = new QemuRuntimePaths("/nonexistent/vireo-define-check"),
        };
        try
        {
            QemuCommandBuilder.Build(def, dryRun);
        }
        catch (VirException e) when (e.Code == VirErrorCode.InternalError)
        {
            // Needs what only a start provides (opened tap devices): checked again at start.
        }
        return def;
    }

    /// <summary>
    /// The host the dry run assumes: KVM and the huge pages the definition asks for are there, since libvirt
    /// checks them when the guest starts, not when it is defined.
    /// </summary>
    private static QemuHostFacts DefineCheckHost(DomainDef def)
    {
        var sizes = (def.MemoryBacking?.HugePages ?? []).Select(p => p.Size.KiB).Append(2048UL).Distinct();
        return new QemuHostFacts
        {
            KvmUsable = true,
            HugepageMounts = sizes.ToDictionary(kib => kib, kib => $"/nonexistent/vireo-define-check/hugepages-{kib}"),
            DefaultHugepageKiB = 2048,
        };
    }
}
