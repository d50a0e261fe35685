using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>
/// set-lifecycle-action and domjobabort. A running guest's power-off and crash are handled by the engine from
/// the live definition (QEMU runs with -no-shutdown and panic=pause), so changing the live action is recording
/// it; a reboot is QEMU's own unless it was started with -no-reboot, so a new reboot action also tells QEMU
/// (set-action), as libvirt does.
/// </summary>
internal sealed partial class QemuLifecycle
{
    public async ValueTask SetLifecycleActionAsync(Guid uuid, LifecycleTrigger type, LifecycleAction action, ModifyFlags flags, CancellationToken ct)
    {
        CheckAllowed(type, action);
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await AcquireAsync(dom, "set lifecycle action", ct).ConfigureAwait(false);
        var targets = DomainChanges.Targets(dom, flags);
        CheckQemuRuns(action);
        if (targets.Live)
        {
            var guest = RequireRunning(dom);
            if (type == LifecycleTrigger.Reboot && (guest.Live.OnReboot ?? LifecycleAction.Restart) != action)
                await Monitor(guest, new QmpCommand("set-action", new JsonObject { ["reboot"] = action == LifecycleAction.Destroy ? "shutdown" : "reset" }),
                    "set-lifecycle-action", ct).ConfigureAwait(false);
            var live = With(guest.Live, type, action);
            dom.Live = live;
            guest.Live = live;
            await guest.SaveStatusAsync(ctx.Store, ct).ConfigureAwait(false);
        }
        if (targets.Config)
        {
            var config = With(dom.Persistent!, type, action);
            DomainValidator.Validate(config);
            await ctx.Store.SaveConfigAsync(config, ct).ConfigureAwait(false);
            dom.Persistent = config;
        }
    }

    /// <summary>libvirt's virDomainDefLifecycleActionAllowed: a core dump only answers a crash.</summary>
    internal static void CheckAllowed(LifecycleTrigger type, LifecycleAction action)
    {
        if (type != LifecycleTrigger.Crash && action is LifecycleAction.CoredumpDestroy or LifecycleAction.CoredumpRestart)
            throw VirErrors.Unsupported($"Lifecycle event '{type.ToString().ToLowerInvariant()}' doesn't support '{Name(action)}' action");
    }

    /// <summary>What libvirt's QEMU driver cannot do (qemuValidateLifecycleAction), nor can Vireo's.</summary>
    private static void CheckQemuRuns(LifecycleAction action)
    {
        if (action == LifecycleAction.Preserve)
            throw VirErrors.Unsupported("qemu driver doesn't support the 'preserve' action for 'on_reboot'/'on_poweroff'", VirErrorDomain.Qemu);
        if (action == LifecycleAction.RenameRestart)
            throw VirErrors.Unsupported("qemu driver doesn't support the 'rename-restart' action for 'on_reboot'/'on_poweroff'/'on_crash'", VirErrorDomain.Qemu);
    }

    private static DomainDef With(DomainDef def, LifecycleTrigger type, LifecycleAction action) => type switch
    {
        LifecycleTrigger.Poweroff => def with { OnPoweroff = action },
        LifecycleTrigger.Reboot => def with { OnReboot = action },
        _ => def with { OnCrash = action },
    };

    private static string Name(LifecycleAction action) => action switch
    {
        LifecycleAction.RenameRestart => "rename-restart",
        LifecycleAction.CoredumpDestroy => "coredump-destroy",
        LifecycleAction.CoredumpRestart => "coredump-restart",
        _ => action.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// libvirt aborts its long jobs: a save or a full dump (their migration is cancelled; a memory-only dump is
    /// refused) and a backup; without one, libvirtd's answer for a running domain without a job.
    /// </summary>
    public async ValueTask AbortJobAsync(Guid uuid, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        if (!dom.IsActive) throw VirErrors.NotRunning(dom.Name);
        if (dom.Handle is GuestProcess writing && Features.Save.GuestFileJob.Of(writing) is { } file)
        {
            await file.AbortAsync(writing, ct).ConfigureAwait(false);
            return;
        }
        if (dom.Handle is GuestProcess guest && Features.Backup.BackupJob.Of(guest) is { } backup)
        {
            await Features.Backup.QemuBackups.AbortAsync(guest, backup, ct).ConfigureAwait(false);
            return;
        }
        throw VirErrors.Invalid("no job is active on the domain", VirErrorDomain.Qemu);
    }
}
