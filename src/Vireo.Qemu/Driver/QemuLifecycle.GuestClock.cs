using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Agent;
using Vireo.Qemu.Driver.Features.BlockJobs;

namespace Vireo.Qemu.Driver;

/// <summary>
/// domtime --time/--now/--sync: the agent's guest-set-time. It changes the guest, so it holds the domain's
/// job (a snapshot or shutdown under way is not raced); the agent's own errors come back as sentences.
/// </summary>
internal sealed partial class QemuLifecycle
{
    public async ValueTask SetGuestTimeAsync(Guid uuid, GuestTime time, SetTimeFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, (uint)SetTimeFlags.Sync, "qemuDomainSetTime");
        var arguments = GuestClock.SetArguments(time, flags);
        var dom = ctx.Registry.GetByUuid(uuid);
        // libvirtd asks the QEMU capabilities of the running process for rtc-reset-reinjection before anything
        // else, and a shut-off domain has none: its refusal is this one, not "domain is not running".
        if (!dom.IsActive)
            throw VirErrors.OperationUnsupported("cannot set time: qemu doesn't support rtc-reset-reinjection command", VirErrorDomain.Qemu);
        using var job = await AcquireAsync(dom, "set time", ct).ConfigureAwait(false);
        var guest = RequireRunning(dom);
        if (dom.State.State != DomainState.Running) throw VirErrors.NotRunning(dom.Name);
        await using var agent = await GuestAgent.ConnectAsync(guest, dom.Name, ct).ConfigureAwait(false);
        await agent.ExecuteAsync("guest-set-time", arguments, ct).ConfigureAwait(false);
    }
}
