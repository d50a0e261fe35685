using System.Runtime.CompilerServices;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Cgroups;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.CpuStats;

/// <summary>
/// virsh cpu-stats on the QEMU driver, from the guest's cgroups as libvirt reads them: the guest's group for
/// the totals and each host CPU's time, and the sum of its "vcpuN" groups for the vCPUs' share per host CPU.
/// A read: no job, nothing written.
/// </summary>
internal sealed class QemuCpuStats(DomainChanges changes) : IDomainCpuStats
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainCpuStats>(ctx => new QemuCpuStats(new DomainChanges(ctx)));

    public DomainCpuStats CpuStats(Guid uuid)
    {
        var dom = changes.Get(uuid);
        var guest = DomainChanges.Running(dom);
        var group = changes.Cgroups.Require(guest, "read the CPU statistics");
        return DomainChanges.Kernel(dom.Name, "the CPU statistics", () =>
        {
            var whole = CpuAccounting.Read(group.Layout, group.RelativePath);
            IReadOnlyList<ulong>? vcpus = null;
            if (whole.PerCpuNs is { } perCpu)
            {
                var sum = new ulong[perCpu.Count];
                foreach (var vcpu in group.Vcpus)
                {
                    var own = CpuAccounting.Read(group.Layout, vcpu.RelativePath).PerCpuNs ?? [];
                    for (var i = 0; i < Math.Min(sum.Length, own.Count); i++) sum[i] += own[i];
                }
                vcpus = sum;
            }
            return new DomainCpuStats(whole.UsageNs, whole.UserNs, whole.SystemNs, whole.PerCpuNs, vcpus);
        });
    }
}
