using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Processes;
using Vireo.Qemu.Driver.Features.Backup;
using Vireo.Qemu.Driver.Features.Save;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

internal sealed partial class QemuQueries
{
    /// <summary>virsh domjobinfo: a read that takes no domain job (libvirt answers it during other jobs too).</summary>
    public DomainJobInfo JobInfo(Guid uuid)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        var none = DomainJobReport.Of(dom);
        return dom.Handle is GuestProcess guest && BackupJob.Of(guest) is { } backup ? backup.Progress(new Dictionary<string, long>()) : none;
    }

    /// <summary>domjobinfo during a save, a dump or a backup: its progress as QEMU reports it now.</summary>
    public async ValueTask<DomainJobInfo> JobInfoAsync(Guid uuid, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        var none = DomainJobReport.Of(dom);
        if (dom.Handle is GuestProcess writing && GuestFileJob.Of(writing) is { } file) return await file.ProgressAsync(writing, ct).ConfigureAwait(false);
        if (dom.Handle is not GuestProcess guest || BackupJob.Of(guest) is not { } backup) return none;
        var jobs = QmpBlockJob.ListFromJson(await guest.RequireMonitor().ExecuteAsync(QmpCommands.QueryBlockJobs(), ct).ConfigureAwait(false));
        return backup.Progress(jobs.GroupBy(j => j.Device).ToDictionary(g => g.Key, g => g.First().Offset));
    }

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
