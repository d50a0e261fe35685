using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.CommandLine;
using Vireo.Qemu.Driver.Features.Graphics;

namespace Vireo.Qemu.Driver.Features.Hotplug;

/// <summary>
/// attach/detach/update device for QEMU guests, libvirt's way: the flags pick the running guest
/// (live), the saved definition (config) or both; the config change is computed and checked first,
/// then the guest is changed, then the definition is saved, so a refusal anywhere changes nothing.
/// </summary>
internal sealed class QemuDevices(DriverContext ctx) : IDomainDevices
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves when the driver assembly loads (QemuFeatureRegistry's pattern).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainDevices>(c => new QemuDevices(c));

    /// <summary>How long a detach waits for the guest to release the device before returning (libvirt waits 5 s).</summary>
    internal static TimeSpan RemovalWait { get; set; } = TimeSpan.FromSeconds(15);

    public async ValueTask AttachAsync(Guid uuid, string deviceXml, DeviceModifyFlags flags, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("attach device", dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
        var (live, config) = Impact(dom, flags);
        var spec = DeviceXml.WithDefaults(NotGraphics(DeviceXml.Parse(deviceXml, dom.Name), "attach", dom.Name), [dom.Live, dom.Persistent], DomainDefaults.RandomMacs(Random.Shared));
        var newConfig = config ? await CheckedAsync(DeviceEdits.Add(dom.Persistent!, spec), ct).ConfigureAwait(false) : null;
        if (live)
        {
            var guest = RequireGuest(dom);
            var updated = spec switch
            {
                DiskSpec d => await DiskHotplug.AttachAsync(ctx, guest, d.Disk, ct).ConfigureAwait(false),
                InterfaceSpec n => await InterfaceHotplug.AttachAsync(ctx, guest, n.Nic, ct).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(deviceXml)),
            };
            await SetLiveAsync(dom, guest, updated).ConfigureAwait(false);
            ctx.Events.Publish(new DeviceAddedEvent(dom.Ref, AliasOf(guest, spec)));
            ctx.Log.LogInformation("Domain {Name}: attached {Device} to the running guest", dom.Name, spec.Describe());
        }
        if (newConfig is not null) await SaveConfigAsync(dom, newConfig, ct).ConfigureAwait(false);
    }

    public async ValueTask DetachAsync(Guid uuid, string deviceXml, DeviceModifyFlags flags, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("detach device", dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
        var (live, config) = Impact(dom, flags);
        var spec = NotGraphics(DeviceXml.Parse(deviceXml, dom.Name), "detach", dom.Name);
        var newConfig = config ? DeviceEdits.Remove(dom.Persistent!, spec) : null;
        if (live) await DetachLiveAsync(dom, RequireGuest(dom), spec, RemovalWait, ct).ConfigureAwait(false);
        if (newConfig is not null) await SaveConfigAsync(dom, newConfig, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// qemuDomainDetachDeviceAlias: the device is looked up in the saved definition and/or the live one (each must
    /// have it), the saved one is edited first, and the guest is only asked to let go: the call does not wait, the
    /// removal completes with DEVICE_DELETED (the DEVICE_REMOVED event names the alias) through the same steps
    /// as detach-device. Disks and interfaces, the devices Vireo hot-plugs; others are refused in libvirt's words.
    /// </summary>
    public async ValueTask DetachAliasAsync(Guid uuid, string alias, DeviceModifyFlags flags, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("detach device", dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
        var (live, config) = Impact(dom, flags);
        DomainDef? newConfig = null;
        if (config)
        {
            var found = DeviceEdits.RequireAlias(dom.Persistent!, alias);
            newConfig = DeviceEdits.Remove(dom.Persistent!, found.Spec ?? throw VirErrors.OperationUnsupported(
                $"persistent detach of device '{found.Kind}' is not supported", VirErrorDomain.Qemu));
        }
        if (live)
        {
            var guest = RequireGuest(dom);
            var found = DeviceEdits.RequireAlias(guest.Live, alias);
            var spec = found.Spec ?? throw VirErrors.OperationUnsupported(found.Refusal, VirErrorDomain.Qemu);
            await DetachLiveAsync(dom, guest, spec, TimeSpan.Zero, ct).ConfigureAwait(false);
        }
        if (newConfig is not null) await SaveConfigAsync(dom, newConfig, ct).ConfigureAwait(false);
    }

    public async ValueTask UpdateAsync(Guid uuid, string deviceXml, DeviceModifyFlags flags, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("update device", dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
        var (live, config) = Impact(dom, flags);
        var parsed = DeviceXml.Parse(deviceXml, dom.Name);
        if (parsed is GraphicsSpec display)
        {
            await UpdateGraphicsAsync(dom, display, live, config, ct).ConfigureAwait(false);
            return;
        }
        if (parsed is not InterfaceSpec spec)
            throw VirErrors.OperationUnsupported($"update-device of domain '{dom.Name}' changes interfaces (their link state) and displays (their password) only; detach and attach a disk to change it", VirErrorDomain.Qemu);
        DomainDef? newConfig = null;
        if (config)
        {
            var persistent = dom.Persistent!;
            var current = DeviceEdits.RequireInterface(persistent, spec);
            newConfig = DeviceEdits.Replace(persistent, current, DeviceEdits.UpdateLink(persistent, current, spec.Nic));
        }
        if (live)
        {
            var guest = RequireGuest(dom);
            var current = DeviceEdits.RequireInterface(guest.Live, spec);
            var wanted = DeviceEdits.UpdateLink(guest.Live, current, spec.Nic);
            await SetLiveAsync(dom, guest, await InterfaceHotplug.SetLinkAsync(guest, current, wanted, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        if (newConfig is not null) await SaveConfigAsync(dom, newConfig, ct).ConfigureAwait(false);
    }

    /// <summary>A display: its password changes live (QEMU's set_password), the whole element in the saved definition.</summary>
    private async Task UpdateGraphicsAsync(DomainObject dom, GraphicsSpec display, bool live, bool config, CancellationToken ct)
    {
        var newConfig = config ? await CheckedAsync(GraphicsUpdate.ReplaceInConfig(dom.Persistent!, display.Graphics), ct).ConfigureAwait(false) : null;
        if (live)
        {
            var guest = RequireGuest(dom);
            if (GraphicsUpdate.PlanLive(guest.Live, display.Graphics, display.Connected) is { } change)
            {
                await SetLiveAsync(dom, guest, await QemuGraphics.ChangePasswordAsync(guest, change, ct).ConfigureAwait(false)).ConfigureAwait(false);
                ctx.Log.LogInformation("Domain {Name}: changed the password of its {Display}", dom.Name, display.Describe());
            }
        }
        if (newConfig is not null) await SaveConfigAsync(dom, newConfig, ct).ConfigureAwait(false);
    }

    /// <summary>libvirt does not hot-plug displays either: only update-device takes a &lt;graphics&gt;.</summary>
    private static DeviceSpec NotGraphics(DeviceSpec spec, string operation, string domainName) => spec is GraphicsSpec
        ? throw VirErrors.OperationUnsupported($"cannot {operation} a <graphics> device of domain '{domainName}': displays are not hot-plugged; update-device changes a display's password", VirErrorDomain.Qemu)
        : spec;

    /// <summary>
    /// Asks the guest to let go, waits for DEVICE_DELETED, then removes the backend. A guest that takes
    /// longer than <paramref name="wait"/> gets the rest done in the background when it answers
    /// (libvirt: "detach request sent"); the device stays in the live XML until then.
    /// </summary>
    private async Task DetachLiveAsync(DomainObject dom, GuestProcess guest, DeviceSpec spec, TimeSpan wait, CancellationToken ct)
    {
        Func<Task<DomainDef>> finish;
        string deviceId;
        DeviceRemoval removal;
        switch (spec)
        {
            case DiskSpec d:
            {
                var disk = DeviceEdits.RequireDisk(guest.Live, d.Disk.Target.Dev);
                removal = new DeviceRemoval(ctx.Events, dom.Uuid, guest.DiskDevices.GetValueOrDefault(disk.Target.Dev) ?? "");
                var pending = await RequestAsync(removal, () => DiskHotplug.RequestDetachAsync(guest, disk, ct)).ConfigureAwait(false);
                (deviceId, finish) = (pending.DeviceId, () => DiskHotplug.FinishDetachAsync(ctx, guest, pending));
                break;
            }
            case InterfaceSpec n:
            {
                var nic = DeviceEdits.RequireInterface(guest.Live, n);
                removal = new DeviceRemoval(ctx.Events, dom.Uuid, Network.InterfaceIds.Find(guest, nic.Mac!.Value)?.DeviceId ?? "");
                var pending = await RequestAsync(removal, () => InterfaceHotplug.RequestDetachAsync(guest, nic, ct)).ConfigureAwait(false);
                (deviceId, finish) = (pending.DeviceId, () => InterfaceHotplug.FinishDetachAsync(ctx, guest, pending));
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(spec));
        }

        if (await removal.WaitAsync(wait, guest.Ended, ct).ConfigureAwait(false))
        {
            removal.Dispose();
            await SetLiveAsync(dom, guest, await finish().ConfigureAwait(false)).ConfigureAwait(false);
            ctx.Log.LogInformation("Domain {Name}: detached {Device} from the running guest", dom.Name, spec.Describe());
            return;
        }
        ctx.Log.LogInformation("Domain {Name}: the guest has not released {Device} ({Id}) within {Seconds} s; it is removed when the guest does",
            dom.Name, spec.Describe(), deviceId, wait.TotalSeconds);
        _ = FinishLaterAsync(dom, guest, removal, finish, spec);
    }

    private static async Task<T> RequestAsync<T>(DeviceRemoval removal, Func<Task<T>> request)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch
        {
            removal.Dispose();
            throw;
        }
    }

    private async Task FinishLaterAsync(DomainObject dom, GuestProcess guest, DeviceRemoval removal, Func<Task<DomainDef>> finish, DeviceSpec spec)
    {
        using (removal)
        {
            try
            {
                if (!await removal.Removed(guest.Ended).ConfigureAwait(false)) return; // the guest ended: nothing left to tidy
                using var job = await dom.Job.AcquireAsync("detach device", dom.Name, Timeout.InfiniteTimeSpan, ctx.Lifetime.Token).ConfigureAwait(false);
                if (dom.Handle != guest) return;
                await SetLiveAsync(dom, guest, await finish().ConfigureAwait(false)).ConfigureAwait(false);
                ctx.Log.LogInformation("Domain {Name}: the guest released {Device}; detached", dom.Name, spec.Describe());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ctx.Log.LogWarning("Domain {Name}: finishing the detach of {Device} failed: {Error}", dom.Name, spec.Describe(), e.Message);
            }
        }
    }

    /// <summary>libvirt's virDomainObjUpdateModificationImpact: current means live when running, config otherwise.</summary>
    private static (bool Live, bool Config) Impact(DomainObject dom, DeviceModifyFlags flags)
    {
        bool live = flags.HasFlag(DeviceModifyFlags.Live), config = flags.HasFlag(DeviceModifyFlags.Config);
        if (!live && !config) (live, config) = (dom.IsActive, !dom.IsActive);
        if (live && !dom.IsActive) throw VirErrors.NotRunning(dom.Name);
        if (config && !dom.IsPersistent) throw VirErrors.TransientHasNoConfig();
        return (live, config);
    }

    private static GuestProcess RequireGuest(DomainObject dom) => dom.Handle as GuestProcess ?? throw VirErrors.NotRunning(dom.Name);

    private static string AliasOf(GuestProcess guest, DeviceSpec spec) => spec switch
    {
        DiskSpec d => guest.DiskDevices.GetValueOrDefault(d.Disk.Target.Dev) ?? d.Disk.Target.Dev,
        InterfaceSpec n => Network.InterfaceIds.Find(guest, n.Nic.Mac!.Value)?.DeviceId ?? "",
        _ => "",
    };

    /// <summary>
    /// The edited definition goes through what define does (QemuDefine: libvirt's defaults, so an added device gets
    /// its address and the controller it needs as libvirtd gives them, the validator and a dry run of the builder).
    /// </summary>
    private async Task<DomainDef> CheckedAsync(DomainDef def, CancellationToken ct)
    {
        var caps = await ctx.Emulators.GetAsync(def.Devices.Emulator, ct).ConfigureAwait(false);
        return Definition.QemuDefine.Complete(def, caps);
    }

    private async Task SetLiveAsync(DomainObject dom, GuestProcess guest, DomainDef updated)
    {
        guest.Live = updated;
        dom.Live = updated;
        await guest.SaveStatusAsync(ctx.Store, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task SaveConfigAsync(DomainObject dom, DomainDef def, CancellationToken ct)
    {
        await ctx.Store.SaveConfigAsync(def, ct).ConfigureAwait(false);
        dom.Persistent = def;
    }
}
