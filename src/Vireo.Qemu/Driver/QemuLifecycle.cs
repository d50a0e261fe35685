using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Drivers.Schemas;
using Vireo.Qemu.CommandLine;

using Vireo.Qemu.Definition;

namespace Vireo.Qemu.Driver;

/// <summary>
/// Define, undefine, start and create of QEMU domains (power operations are in QemuLifecycle.Power).
/// Every call takes the domain's job; every failure leaves the files and the registry as they were.
/// </summary>
internal sealed partial class QemuLifecycle(DriverContext ctx) : IDomainLifecycle
{
    public async ValueTask<DomainRef> DefineAsync(string xml, DefineFlags flags, CancellationToken ct)
    {
        if (flags.HasFlag(DefineFlags.Validate)) LibvirtSchema.CheckDomain(xml);
        var def = await PrepareAsync(xml, ct).ConfigureAwait(false);
        var isNew = false;
        var dom = ctx.Registry.AddOrGet(def.Uuid, def.Name, () =>
        {
            isNew = true;
            return new DomainObject(def, persistentDefined: true);
        });
        if (isNew)
        {
            try
            {
                ctx.Store.EnsureDirectories();
                await ctx.Store.SaveConfigAsync(def, ct).ConfigureAwait(false);
            }
            catch
            {
                ctx.Registry.Remove(dom);
                throw;
            }
            dom.SetInactive(StateWithReason.Of(ShutoffReason.Unknown));
        }
        else
        {
            using var job = await AcquireAsync(dom, "define", ct).ConfigureAwait(false);
            await ctx.Store.SaveConfigAsync(def, ct).ConfigureAwait(false);
            dom.Persistent = def;
        }
        ctx.Events.Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Defined, (int)(isNew ? DefinedDetail.Added : DefinedDetail.Updated)));
        return dom.Ref;
    }

    public async ValueTask UndefineAsync(Guid uuid, UndefineFlags flags, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await AcquireAsync(dom, "undefine", ct).ConfigureAwait(false);
        if (!dom.IsPersistent)
            throw VirErrors.Invalid("cannot undefine transient domain", VirErrorDomain.Qemu);
        // libvirt refuses to forget an inactive domain's snapshots unless asked (their images would be orphaned).
        var snapshots = Features.Snapshots.SnapshotFiles.Count(ctx.Paths, dom.Name);
        if (snapshots > 0 && !dom.IsActive && !flags.HasFlag(UndefineFlags.SnapshotsMetadata))
            throw VirErrors.Invalid($"cannot delete inactive domain with {snapshots} snapshots", VirErrorDomain.Qemu);
        // Likewise its checkpoints (their bitmaps stay in the images).
        var checkpoints = Features.Checkpoints.CheckpointFiles.Count(ctx.Paths, dom.Name);
        if (checkpoints > 0 && !dom.IsActive && !flags.HasFlag(UndefineFlags.CheckpointsMetadata))
            throw VirErrors.Invalid($"cannot delete inactive domain with {checkpoints} checkpoints", VirErrorDomain.Qemu);
        Features.Save.ManagedSaveImage.CheckUndefine(ctx.Paths, dom.Name, flags.HasFlag(UndefineFlags.ManagedSave));
        if (flags.HasFlag(UndefineFlags.SnapshotsMetadata)) Features.Snapshots.SnapshotFiles.DeleteAll(ctx.Paths, dom.Name);
        if (flags.HasFlag(UndefineFlags.CheckpointsMetadata)) Features.Checkpoints.CheckpointFiles.DeleteAll(ctx.Paths, dom.Name);
        ctx.Store.DeleteConfig(dom.Name);
        dom.SetAutostart(false);
        if (dom.IsActive)
        {
            // A running domain stays running as a transient one and disappears when it stops (libvirt).
            dom.Live ??= dom.Persistent;
            dom.Persistent = null;
        }
        else
        {
            ctx.Registry.Remove(dom);
        }
        ctx.Events.Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Undefined, (int)UndefinedDetail.Removed));
    }

    public async ValueTask<DomainRef> StartAsync(Guid uuid, CreateFlags flags, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await AcquireAsync(dom, "start", ct).ConfigureAwait(false);
        if (dom.IsActive) throw VirErrors.Invalid("domain is already running", VirErrorDomain.Qemu);
        if (await Features.Save.QemuSave.TryStartFromManagedSaveAsync(ctx, dom, flags, ct).ConfigureAwait(false)) return dom.Ref;
        await new StartSequence(ctx).RunAsync(dom, dom.Persistent!, flags, ct).ConfigureAwait(false);
        return dom.Ref;
    }

    public async ValueTask<DomainRef> CreateTransientAsync(string xml, CreateFlags flags, CancellationToken ct)
    {
        if (flags.HasFlag(CreateFlags.Validate)) LibvirtSchema.CheckDomain(xml);
        var def = await PrepareAsync(xml, ct).ConfigureAwait(false);
        var isNew = false;
        var dom = ctx.Registry.AddOrGet(def.Uuid, def.Name, () =>
        {
            isNew = true;
            return new DomainObject(def, persistentDefined: false);
        });
        try
        {
            using var job = await AcquireAsync(dom, "create", ct).ConfigureAwait(false);
            if (!isNew && dom.IsActive) throw VirErrors.AlreadyActive(dom.Name);
            await new StartSequence(ctx).RunAsync(dom, def, flags, ct).ConfigureAwait(false);
        }
        catch when (isNew)
        {
            ctx.Registry.Remove(dom); // a transient domain that never ran leaves no trace
            throw;
        }
        return dom.Ref;
    }

    public async ValueTask SetAutostartAsync(Guid uuid, bool autostart, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await AcquireAsync(dom, "autostart", ct).ConfigureAwait(false);
        if (!dom.IsPersistent) throw VirErrors.Invalid("cannot set autostart for transient domain");
        ctx.Store.SetAutostart(dom.Name, autostart);
        dom.SetAutostart(autostart);
    }

    /// <summary>
    /// Parse, fill in libvirt's defaults (Core's, then the QEMU driver's: default devices and addresses), validate, and check that the emulator can run it (machine type,
    /// devices, accelerator): all before anything is written, so a refused definition changes nothing.
    /// </summary>
    private async Task<DomainDef> PrepareAsync(string xml, CancellationToken ct)
    {
        var def = DomainDefaults.Apply(DomainXml.Parse(xml));
        if (def.IsContainer)
            throw VirErrors.Unsupported($"domain '{def.Name}' has type '{def.Type}'; the QEMU driver runs types 'qemu' and 'kvm' (use the lxc:/// connection for containers)", VirErrorDomain.Qemu);
        var caps = await ctx.Emulators.GetAsync(def.Devices.Emulator, ct).ConfigureAwait(false);
        return QemuDefine.Complete(def, caps);
    }

    private ValueTask<DomainJob.Lease> AcquireAsync(DomainObject dom, string operation, CancellationToken ct) =>
        dom.Job.AcquireAsync(operation, dom.Name, ctx.Options.JobWait, ct);

    private static GuestProcess RequireRunning(DomainObject dom) =>
        dom.Handle as GuestProcess ?? throw VirErrors.NotRunning(dom.Name);
}
