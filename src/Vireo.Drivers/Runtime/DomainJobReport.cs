using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// virsh domjobinfo from a domain's state. libvirt reports only its asynchronous jobs there (migration,
/// save, dump, backup); Vireo's other operations (snapshots, block jobs, changes) are libvirt's synchronous
/// jobs, which libvirtd answers as "None" too. A save in progress is not tracked yet (libvirtd shows it as
/// Unbounded); its statistics are kept when it finishes (<see cref="DomainObject.CompletedJob"/>). So a
/// running domain has no long job; one that is not running is refused with libvirt's words.
/// </summary>
public static class DomainJobReport
{
    public static DomainJobInfo Of(DomainObject dom) =>
        dom.IsActive ? DomainJobInfo.None : throw VirErrors.NotRunning(dom.Name);
}
