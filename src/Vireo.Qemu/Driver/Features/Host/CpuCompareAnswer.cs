using Vireo.Core.Errors;
using Vireo.Qemu.Cpu;

namespace Vireo.Qemu.Driver.Features.Host;

/// <summary>
/// What cpu-compare and hypervisor-cpu-compare return for a comparison: libvirt's result code, or with
/// VIR_CONNECT_COMPARE_CPU_FAIL_INCOMPATIBLE an incompatible CPU refused with libvirt's reason.
/// </summary>
internal static class CpuCompareAnswer
{
    public static int Of(CpuComparison comparison, bool failIncompatible)
    {
        if (comparison.Result == CpuCompareResult.Incompatible && failIncompatible)
            throw new VirException(VirErrorCode.CpuIncompatible, VirErrorDomain.Cpu, comparison.Reason!);
        return (int)comparison.Result;
    }
}
