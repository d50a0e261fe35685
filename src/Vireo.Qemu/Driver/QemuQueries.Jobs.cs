using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Processes;

namespace Vireo.Qemu.Driver;

internal sealed partial class QemuQueries
{
    /// <summary>virsh domjobinfo: a read that takes no domain job (libvirt answers it during other jobs too).</summary>
    public DomainJobInfo JobInfo(Guid uuid) => DomainJobReport.Of(ctx.Registry.GetByUuid(uuid));

    /// <summary>virsh domjobinfo --completed: kept with the domain by the job that finished (see <see cref="DomainObject.CompletedJob"/>).</summary>
    public CompletedJob? CompletedJob(Guid uuid, bool keep)
    {
        var d = ctx.Registry.GetByUuid(uuid);
        return keep ? d.CompletedJob : d.TakeCompletedJob();
    }

    private const uint MessageDeprecation = 1, MessageTainting = 2;

    /// <summary>
    /// libvirt taints a guest whose QEMU runs as root ("high-privileges") from its start to its end. vireod starts
    /// QEMU as its own user, so a vireod running as root has its guests tainted as libvirtd with user = "root".
    /// </summary>
    public IReadOnlyList<string> Messages(Guid uuid, uint flags)
    {
        VirErrors.CheckFlags(flags, MessageDeprecation | MessageTainting, "qemuDomainGetMessages");
        var d = ctx.Registry.GetByUuid(uuid);
        var tainting = flags == 0 || (flags & MessageTainting) != 0;
        return tainting && d.Handle is GuestProcess guest && ProcessCredentials.Read(guest.Process.Pid) is { IsRoot: true }
            ? ["tainted: running with undesirable elevated privileges"]
            : [];
    }
}
