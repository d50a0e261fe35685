using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// virsh domjobinfo from a domain's state. libvirt reports only its asynchronous jobs there (migration,
/// save, dump, backup); of those Vireo runs backups, which the QEMU driver reports itself. A save in progress
/// is not tracked yet (libvirtd shows it as Unbounded); its statistics are kept when it finishes, as a
/// backup's are (<see cref="DomainObject.CompletedJob"/>). Vireo's other operations (snapshots, block jobs,
/// changes) are libvirt's synchronous jobs, which libvirtd answers as "None" too. So without a backup a
/// running domain has no long job; one that is not running is refused with libvirt's words.
/// </summary>
public static class DomainJobReport
{
    public static DomainJobInfo Of(DomainObject dom) =>
        dom.IsActive ? DomainJobInfo.None : throw VirErrors.NotRunning(dom.Name);
}
