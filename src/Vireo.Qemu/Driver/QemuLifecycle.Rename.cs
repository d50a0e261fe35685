using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.Snapshots;

namespace Vireo.Qemu.Driver;

/// <summary>
/// domrename: the definition is written under the new name, the autostart mark, the last stop reason and
/// the snapshot metadata move with it, then the old files go (libvirt 9.0 does the same; the guest's log
/// files keep their old names). A failure on the way puts everything back.
/// </summary>
internal sealed partial class QemuLifecycle
{
    public async ValueTask<DomainRef> RenameAsync(Guid uuid, string newName, uint flags, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await AcquireAsync(dom, "rename", ct).ConfigureAwait(false);
        var old = dom.Persistent;
        var renamed = DomainRename.Check(dom, newName, flags, "qemuDomainRename", VirErrorDomain.Qemu);
        Features.Save.ManagedSaveImage.CheckRename(ctx.Paths, dom.Name);
        var oldName = old!.Name;
        var snapshotsFrom = Path.Combine(SnapshotFiles.RootOf(ctx.Paths), oldName);
        var snapshotsTo = Path.Combine(SnapshotFiles.RootOf(ctx.Paths), newName);
        var stopped = ctx.Store.LoadStopped(oldName);

        ctx.Registry.Rename(dom, renamed);
        bool configWritten = false, snapshotsMoved = false;
        try
        {
            await ctx.Store.SaveConfigAsync(renamed, ct).ConfigureAwait(false);
            configWritten = true;
            if (dom.Autostart) ctx.Store.SetAutostart(newName, true);
            if (stopped is { } state) await ctx.Store.SaveStoppedAsync(newName, state, ct).ConfigureAwait(false);
            if (Directory.Exists(snapshotsFrom))
            {
                if (Directory.Exists(snapshotsTo))
                    throw VirErrors.Invalid($"cannot rename domain '{oldName}' to '{newName}': snapshot metadata for a domain named '{newName}' is still in {snapshotsTo}", VirErrorDomain.Qemu);
                Directory.Move(snapshotsFrom, snapshotsTo);
                snapshotsMoved = true;
            }
        }
        catch
        {
            if (snapshotsMoved) Directory.Move(snapshotsTo, snapshotsFrom);
            if (configWritten) ctx.Store.DeleteConfig(newName);
            ctx.Registry.Rename(dom, old);
            throw;
        }
        ctx.Store.DeleteConfig(oldName);
        ctx.Log.LogInformation("Domain {Old} renamed to {New}", oldName, newName);
        var (gone, came) = DomainRename.Events(oldName, dom.Ref);
        ctx.Events.Publish(gone);
        ctx.Events.Publish(came);
        return dom.Ref;
    }
}
