using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// virsh domcontrol from the domain's job: "background job (N s)" while an operation holds it (libvirt
/// reports only its own async jobs there; every Vireo job counts, so a client sees what a change it waits
/// for is queued behind, and since when), else "ok". A domain that is not running is refused, as libvirt's
/// QEMU driver refuses it. Pure apart from the clock passed in.
/// </summary>
public static class DomainControl
{
    public static DomainControlInfo Of(DomainObject dom, DateTime utcNow)
    {
        if (!dom.IsActive) throw VirErrors.NotRunning(dom.Name);
        return dom.Job.Current is { } job
            ? new DomainControlInfo(DomainControlState.Job, 0, (ulong)Math.Max(0, (utcNow - job.Since).TotalMilliseconds))
            : new DomainControlInfo(DomainControlState.Ok, 0, 0);
    }
}
