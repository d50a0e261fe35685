using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Agent;
using Vireo.Qemu.Driver.Features.Debug;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.PowerManagement;

/// <summary>
/// dompmsuspend and dompmwakeup as libvirt's QEMU driver does them: a suspend needs a running guest, a definition
/// that does not disable the S3/S4 state, a machine QEMU says can wake up (query-current-machine's
/// wakeup-suspend-support) and the guest agent, which is asked for guest-suspend-ram/disk/hybrid (no reply comes
/// when it works). A wakeup is QMP system_wakeup, whose refusal libvirt passes on as QEMU words it.
/// </summary>
internal sealed class QemuPowerManagement(DriverContext ctx) : IDomainPowerManagement
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainPowerManagement>(ctx => new QemuPowerManagement(ctx));

    public async ValueTask PmSuspendAsync(Guid uuid, PmSuspendTarget target, ulong durationSeconds, CancellationToken ct)
    {
        if (durationSeconds != 0) throw VirErrors.InvalidArg("Duration not supported. Use 0 for now", VirErrorDomain.Qemu);
        if (!Enum.IsDefined(target)) throw VirErrors.InvalidArg($"Unknown suspend target: {(int)target}", VirErrorDomain.Qemu);
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await MonitorAccess.JobAsync(ctx, dom, "dompmsuspend", ct).ConfigureAwait(false);
        var (guest, monitor) = MonitorAccess.Running(dom);
        // The agent cannot answer a paused guest: libvirt refuses before asking it (qemuDomainAgentAvailable).
        if (dom.State.State != Core.State.DomainState.Running) throw VirErrors.NotRunning(dom.Name);
        var pm = guest.Live.Pm;
        if (pm?.SuspendToMem == YesNo.No && target is PmSuspendTarget.Mem or PmSuspendTarget.Hybrid)
            throw VirErrors.OperationUnsupported("S3 state is disabled for this domain", VirErrorDomain.Qemu);
        if (pm?.SuspendToDisk == YesNo.No && target == PmSuspendTarget.Disk)
            throw VirErrors.OperationUnsupported("S4 state is disabled for this domain", VirErrorDomain.Qemu);
        var machine = await monitor.ExecuteAsync(new QmpCommand("query-current-machine"), ct).ConfigureAwait(false);
        if ((bool?)machine?["wakeup-suspend-support"] != true)
            throw VirErrors.OperationUnsupported("Domain does not have suspend support", VirErrorDomain.Qemu);
        await using var agent = await GuestAgent.ConnectAsync(guest, dom.Name, ct).ConfigureAwait(false);
        await agent.SendWithoutReplyAsync(AgentCommand(target), ct).ConfigureAwait(false);
    }

    public async ValueTask PmWakeupAsync(Guid uuid, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await MonitorAccess.JobAsync(ctx, dom, "dompmwakeup", ct).ConfigureAwait(false);
        var (_, monitor) = MonitorAccess.Running(dom);
        try
        {
            await monitor.ExecuteAsync(new QmpCommand("system_wakeup"), ct).ConfigureAwait(false);
        }
        catch (QmpException e)
        {
            throw e.AsLibvirtError();
        }
    }

    /// <summary>The agent's command per target.</summary>
    internal static string AgentCommand(PmSuspendTarget target) => target switch
    {
        PmSuspendTarget.Mem => "guest-suspend-ram",
        PmSuspendTarget.Disk => "guest-suspend-disk",
        _ => "guest-suspend-hybrid",
    };
}
