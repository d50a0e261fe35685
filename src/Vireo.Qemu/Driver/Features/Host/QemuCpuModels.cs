using System.Runtime.CompilerServices;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Driver.Features.Host;

/// <summary>cpu-models with libvirt 9.0's errors: an unknown name from the QEMU driver, a known one without a CPU driver from the CPU driver.</summary>
internal sealed class QemuCpuModels : IHostCpuModels
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the engine (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IHostCpuModels>(_ => new QemuCpuModels());

    public IReadOnlyList<string> CpuModelNames(string arch, uint flags)
    {
        HostCallErrors.CheckFlags(flags, 0, "qemuConnectGetCPUModelNames", VirErrorDomain.Qemu);
        var (answer, names) = CpuModelCatalog.For(arch);
        return answer switch
        {
            CpuModelAnswer.UnknownArch => throw VirErrors.InvalidArg($"cannot find architecture {arch}", VirErrorDomain.Qemu),
            CpuModelAnswer.NoCpuDriver => throw VirErrors.NoSupport($"'{arch}' architecture is not supported by CPU driver", VirErrorDomain.Cpu),
            _ => names,
        };
    }
}
