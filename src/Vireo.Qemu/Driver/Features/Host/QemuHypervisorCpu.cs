using System.Runtime.CompilerServices;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Host;
using Vireo.Qemu.Capabilities;
using Vireo.Qemu.Cpu;

namespace Vireo.Qemu.Driver.Features.Host;

/// <summary>
/// hypervisor-cpu-compare and hypervisor-cpu-baseline for the QEMU driver, as libvirt 9.0 answers them: the
/// emulator, architecture, machine and domain type are found as libvirtd finds them (<see cref="QemuCapsLookup"/>),
/// then a CPU is compared with the CPU QEMU provides under TCG (its expansion of 'max', named with QEMU's models by
/// <see cref="QemuX86Cpu"/>), or CPUs are baselined with the models QEMU has and the features it knows. x86 only.
/// Under KVM (never usable on the machines Vireo is tested on) QEMU is not asked, and the calls say so.
/// </summary>
internal sealed class QemuHypervisorCpu(QemuEmulators emulators, Func<KvmStatus> kvm) : IHypervisorCpu
{
    private const uint FailIncompatible = 1, ValidateXml = 2;
    private const uint ExpandFeatures = 1, Migratable = 2;

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the engine (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IHypervisorCpu>(ctx => new QemuHypervisorCpu(ctx.Emulators, KvmProbe.Check));

    public async Task<int> CompareHypervisorCpuAsync(HypervisorCpuTarget target, string xml, uint flags, CancellationToken ct)
    {
        HostCallErrors.CheckFlags(flags, FailIncompatible | ValidateXml, "qemuConnectCompareHypervisorCPU", VirErrorDomain.Qemu);
        var found = await FindAsync(target, ct).ConfigureAwait(false);
        if (found.Caps.MaxCpuExpansion is not { } expansion)
            throw VirErrors.OperationUnsupported($"QEMU '{found.Binary}' does not support reporting CPU model for virttype '{found.VirtType}'", VirErrorDomain.Qemu);
        if (!IsX86(found.Arch))
            throw VirErrors.OperationUnsupported($"comparing with the hypervisor CPU is not supported for arch {found.Arch}", VirErrorDomain.Qemu);
        var map = Map();
        var provided = QemuX86Cpu.Provided(expansion, map, QemuX86Cpu.Models(found.Caps.CpuModels, map));
        var cpu = CpuDefinitionXml.Parse(xml);
        return CpuCompareAnswer.Of(X86CpuComparison.Compare(QemuX86Cpu.AsDefinition(provided), cpu, map), (flags & FailIncompatible) != 0);
    }

    public async Task<string> BaselineHypervisorCpuAsync(HypervisorCpuTarget target, IReadOnlyList<string> xmlCpus, uint flags, CancellationToken ct)
    {
        HostCallErrors.CheckFlags(flags, ExpandFeatures | Migratable, "qemuConnectBaselineHypervisorCPU", VirErrorDomain.Qemu);
        if (xmlCpus.Count == 0) // libvirt receives an empty list as NULL and refuses it before its driver
            throw VirErrors.NonNullArg("xmlCPUs", "virConnectBaselineHypervisorCPU");
        var cpus = xmlCpus.Select(CpuDefinitionXml.Parse).ToList();
        var found = await FindAsync(target, ct).ConfigureAwait(false);
        if (found.Caps.CpuModels.Count == 0)
            throw VirErrors.OperationUnsupported($"QEMU '{found.Binary}' does not support any CPU models for virttype '{found.VirtType}'", VirErrorDomain.Qemu);
        if (!IsX86(found.Arch))
            throw VirErrors.OperationUnsupported($"computing baseline hypervisor CPU is not supported for arch {found.Arch}", VirErrorDomain.Qemu);
        for (var i = 0; i < cpus.Count; i++)
            if (cpus[i].Model is null)
                throw VirErrors.InvalidArg($"no CPU model specified at index {i}", VirErrorDomain.Cpu);

        var map = Map();
        var migratable = (flags & Migratable) != 0;
        var known = found.Caps.MaxCpuExpansion is { } expansion ? QemuX86Cpu.KnownFeatures(expansion, map, migratable) : null;
        // Features QEMU said a migrating guest keeps are already all the baseline may keep: libvirt filters no further.
        if (known is not null && found.Caps.MaxCpuExpansion!.MigratabilityKnown) migratable = false;
        return X86CpuBaseline.Compute(cpus, map, (flags & ExpandFeatures) != 0, migratable,
            new X86BaselineHypervisor(QemuX86Cpu.Models(found.Caps.CpuModels, map), known));
    }

    /// <summary>The target, refused under KVM: QEMU's CPU under KVM is not probed (libvirtd asks for its 'host' model).</summary>
    private async Task<QemuCapsTarget> FindAsync(HypervisorCpuTarget target, CancellationToken ct)
    {
        var found = await QemuCapsLookup.FindAsync(emulators, kvm(), target.Emulator, target.Arch, target.Machine, target.VirtType, ct).ConfigureAwait(false);
        if (found.VirtType == "kvm")
            throw VirErrors.OperationUnsupported(
                $"Vireo does not ask QEMU '{found.Binary}' for the CPU it provides under KVM yet; use virttype 'qemu' (TCG)", VirErrorDomain.Qemu);
        return found;
    }

    private static bool IsX86(string arch) => arch is "x86_64" or "i686";

    private static X86CpuMap Map() =>
        X86HostCpu.Map ?? throw VirErrors.Internal("libvirt's CPU map is not installed (" + X86CpuMap.DefaultDirectory + ")", VirErrorDomain.Cpu);
}
