using System.Runtime.CompilerServices;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Cpu;

namespace Vireo.Qemu.Driver.Features.Host;

/// <summary>
/// cpu-compare and cpu-baseline for the QEMU driver, as libvirt 9.0's answers them: the CPU is read (libvirt's
/// refusals), then compared with this host's CPU as &lt;capabilities&gt; names it, or baselined with the other CPUs,
/// by libvirt's installed CPU map. x86 only: another host architecture has no CPU map here.
/// </summary>
internal sealed class QemuCpuComparison : IHostCpuComparison
{
    private const uint FailIncompatible = 1, ValidateXml = 2;
    private const uint ExpandFeatures = 1, Migratable = 2;

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the engine (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IHostCpuComparison>(_ => new QemuCpuComparison());

    public int CompareCpu(string xml, uint flags)
    {
        HostCallErrors.CheckFlags(flags, FailIncompatible | ValidateXml, "qemuConnectCompareCPU", VirErrorDomain.Qemu);
        var cpu = CpuDefinitionXml.Parse(xml);
        if (X86HostCpu.Map is not { } map || X86HostCpu.Describe() is not { } host)
        {
            if ((flags & FailIncompatible) != 0) throw new VirException(VirErrorCode.CpuIncompatible, VirErrorDomain.Cpu, "unknown host CPU");
            return (int)CpuCompareResult.Incompatible;
        }
        var hostCpu = new CpuDefinition(CpuDefinitionType.Host, "x86_64", host.Model, host.Vendor, "exact",
            host.Required.Select(n => new CpuFeatureRequest(n, null)).ToList());
        return CpuCompareAnswer.Of(X86CpuComparison.Compare(hostCpu, cpu, map), (flags & FailIncompatible) != 0);
    }

    public string BaselineCpu(IReadOnlyList<string> xmlCpus, uint flags)
    {
        HostCallErrors.CheckFlags(flags, ExpandFeatures | Migratable, "qemuConnectBaselineCPU", VirErrorDomain.Qemu);
        if (xmlCpus.Count == 0) throw VirErrors.InvalidArg("no CPUs given", VirErrorDomain.Cpu);
        var cpus = xmlCpus.Select(CpuDefinitionXml.ParseHost).ToList();
        if (cpus[0].Arch is not ("x86_64" or "i686"))
            throw new VirException(VirErrorCode.ConfigUnsupported, VirErrorDomain.Cpu, $"Vireo computes CPU baselines of x86 CPUs only, not of {cpus[0].Arch}");
        var map = X86HostCpu.Map ?? throw VirErrors.Internal("libvirt's CPU map is not installed (" + X86CpuMap.DefaultDirectory + ")", VirErrorDomain.Cpu);
        return X86CpuBaseline.Compute(cpus, map, (flags & ExpandFeatures) != 0, (flags & Migratable) != 0);
    }
}
