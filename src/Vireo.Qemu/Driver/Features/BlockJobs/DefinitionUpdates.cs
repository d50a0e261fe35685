using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.BlockJobs;

/// <summary>
/// Writing a disk chain change back where it belongs, as libvirt does after a snapshot or a block job:
/// the live definition (memory and the status file, so a restarted engine sees the new chain) and the
/// persistent one when its disk still names the image the live disk had before the change (so the next
/// boot uses the chain the guest really runs on). Caller holds the domain's job.
/// </summary>
internal static class DefinitionUpdates
{
    /// <summary>Sets the chain of each disk (target -> layers, top first) in the live and, where it matched, the persistent definition.</summary>
    public static async Task ApplyAsync(DriverContext ctx, DomainObject dom, IReadOnlyDictionary<string, IReadOnlyList<ImageRef>> chains, CancellationToken ct)
    {
        var live = dom.Live;
        var persistent = dom.Persistent;
        foreach (var (target, layers) in chains)
        {
            var before = live is not null ? DiskChain.Find(live, target) : null;
            if (live is not null) live = DiskChain.ReplaceDisk(live, target, d => DiskChain.WithLayers(d, layers));
            if (persistent is not null && (before is null || DiskChain.Find(persistent, target)?.Source?.Path == before.Source?.Path))
                persistent = DiskChain.ReplaceDisk(persistent, target, d => DiskChain.WithLayers(d, layers));
        }
        await SaveAsync(ctx, dom, live, persistent, ct).ConfigureAwait(false);
    }

    /// <summary>Stores new definitions: config first (the durable one), then memory and the status file.</summary>
    public static async Task SaveAsync(DriverContext ctx, DomainObject dom, DomainDef? live, DomainDef? persistent, CancellationToken ct)
    {
        if (persistent is not null && !ReferenceEquals(persistent, dom.Persistent))
        {
            await ctx.Store.SaveConfigAsync(persistent, ct).ConfigureAwait(false);
            dom.Persistent = persistent;
        }
        if (live is not null && !ReferenceEquals(live, dom.Live) && dom.Handle is GuestProcess guest)
        {
            dom.Live = live;
            guest.Live = live;
            await guest.SaveStatusAsync(ctx.Store, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Removes block nodes that left every chain and that someone added by name (QEMU frees the ones it
    /// opened itself): an overlay Vireo added, or a disk's -blockdev pair from the command line. A failure
    /// is only logged: a stale node costs memory, not data.
    /// </summary>
    public static async Task ReleaseNodesAsync(DriverContext ctx, IGuestMonitor monitor, string domainName, IEnumerable<BlockLayer> removed)
    {
        foreach (var layer in removed.Where(l => !l.IsImplicit))
        {
            var names = new List<string> { layer.NodeName };
            if (layer.NodeName.StartsWith("libvirt-", StringComparison.Ordinal) && layer.NodeName.EndsWith("-format", StringComparison.Ordinal))
                names.Add(layer.NodeName[..^"-format".Length] + "-storage");
            foreach (var name in names)
            {
                try
                {
                    await monitor.ExecuteAsync(QmpCommands.BlockdevDel(name), ctx.Lifetime.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is QmpException or IOException or TimeoutException)
                {
                    ctx.Log.LogWarning("Domain {Name}: could not remove block node {Node} after its image left the chain: {Error}", domainName, name, e.Message);
                }
            }
        }
    }
}
