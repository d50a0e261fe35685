using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Cgroups;

namespace Vireo.Lxc.Driver;

/// <summary>
/// virsh cpu-stats for containers, from the container's cgroup as libvirt's LXC driver reads it: the totals
/// and each host CPU's time; a container has no vCPU threads, so no vcpu_time. A read: no job.
/// </summary>
internal sealed class LxcCpuStats(LxcRuntime rt) : IDomainCpuStats
{
    public DomainCpuStats CpuStats(Guid uuid)
    {
        var dom = rt.Get(uuid);
        var cg = LxcRuntime.Running(dom).Cgroup;
        try
        {
            var s = CpuAccounting.Read(cg.Layout, cg.RelativePath);
            return new DomainCpuStats(s.UsageNs, s.UserNs, s.SystemNs, s.PerCpuNs, null);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            throw VirErrors.System($"cannot read the CPU statistics of container '{dom.Name}' from its cgroup: {e.Message}", VirErrorDomain.Lxc);
        }
    }
}
