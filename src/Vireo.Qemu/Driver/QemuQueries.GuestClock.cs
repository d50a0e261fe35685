using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Agent;
using Vireo.Qemu.Driver.Features.BlockJobs;
using Vireo.Qemu.Driver.Features.DiskErrors;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>
/// domtime (the agent's guest-get-time) and domblkerror (query-block's io-status). Reads: neither takes
/// the domain's job. A paused guest's agent cannot answer, so the time is refused for it at once, as
/// libvirt refuses it, rather than after the agent's timeout.
/// </summary>
internal sealed partial class QemuQueries
{
    public async ValueTask<GuestTime> GuestTimeAsync(Guid uuid, uint flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags(flags, 0, "qemuDomainGetTime");
        var dom = ctx.Registry.GetByUuid(uuid);
        if (dom.Handle is not GuestProcess guest || dom.State.State != DomainState.Running) throw VirErrors.NotRunning(dom.Name);
        await using var agent = await GuestAgent.ConnectAsync(guest, dom.Name, ct).ConfigureAwait(false);
        return GuestClock.FromAgent(await agent.ExecuteAsync("guest-get-time", null, ct).ConfigureAwait(false), dom.Name);
    }

    public async ValueTask<IReadOnlyList<DiskError>> DiskErrorsAsync(Guid uuid, CancellationToken ct)
    {
        var guest = RequireRunning(uuid);
        var blocks = QmpBlockDevice.ListFromJson(await guest.RequireMonitor().ExecuteAsync(QmpCommands.QueryBlock(), ct).ConfigureAwait(false));
        return DiskErrorReport.Of(guest.Live.Devices.Disks, guest.DiskDevices, blocks);
    }
}
