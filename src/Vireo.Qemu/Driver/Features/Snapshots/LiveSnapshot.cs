using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Images;
using Vireo.Drivers.Storage;
using Vireo.Qemu.Driver.Features.Agent;
using Vireo.Qemu.Driver.Features.BlockJobs;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// A crash-consistent snapshot of a running guest's disks (qemu-probe 3e, form 2): write each overlay
/// (an empty qcow2 backed by the disk's active image), add it as a block node, then switch every disk
/// with ONE transaction of blockdev-snapshot actions. QEMU drains I/O on all disks and switches them at
/// the same instant without pausing the guest; if any action fails, none happens. Before the
/// transaction everything is undone on failure: the nodes added are deleted and the files written are
/// removed (a reused file is left as it was).
/// </summary>
internal sealed class LiveSnapshot(DriverContext ctx, string domainName, GuestProcess guest)
{
    /// <summary>
    /// Test seam: called at each step ("overlay:vda", "node:vda", "transaction") of a snapshot of the named
    /// domain; throwing there fails the snapshot at that step, so tests can prove every rollback on real QEMU.
    /// </summary>
    internal static readonly ConcurrentDictionary<string, Action<string>> FaultHooks = new(StringComparer.Ordinal);


    /// <summary>Runs the plan; returns each switched disk's new chain (overlay first).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ImageRef>>> RunAsync(CreatePlan plan, bool quiesce, CancellationToken ct)
    {
        var monitor = guest.RequireMonitor();
        var graphs = await BlockGraph.ReadAsync(monitor, guest.DiskDevices, ct).ConfigureAwait(false);
        var disks = plan.Disks.Select(p => (Plan: p, Graph: GraphOf(graphs, p))).ToList();
        foreach (var (p, g) in disks.Where(d => d.Plan.Reuse)) CheckReused(p, g);

        // The agent is asked first: a snapshot that cannot be quiesced fails before anything is written.
        var agent = quiesce
            ? await GuestAgent.ConnectAsync(guest, domainName, ct).ConfigureAwait(false)
            : null;
        var created = new List<string>();
        var added = new List<string>();
        bool frozen = false;
        try
        {
            foreach (var (p, g) in disks)
            {
                if (!p.Reuse)
                {
                    Qcow2Overlay.Create(p.Overlay, g.Top.VirtualSize, g.Top.Path, QemuImg.FormatName(g.Top.Format));
                    created.Add(p.Overlay);
                }
                Fault($"overlay:{p.Target}");
            }
            var nodes = new List<(string Node, BlockLayer Top)>();
            foreach (var (p, g) in disks)
            {
                var node = NewNodeName(p.Target);
                await Run(monitor, QmpCommands.BlockdevAddQcow2Overlay(node, p.Overlay), $"cannot open the overlay '{p.Overlay}' of disk {p.Target}", ct).ConfigureAwait(false);
                added.Add(node);
                nodes.Add((node, g.Top));
                Fault($"node:{p.Target}");
            }
            if (agent is not null)
            {
                var count = await agent.ExecuteAsync("guest-fsfreeze-freeze", null, ct).ConfigureAwait(false);
                frozen = true;
                ctx.Log.LogInformation("Domain {Name}: the guest agent froze {Count} file system(s) for snapshot {Snapshot}", domainName, count?.ToJsonString(), plan.Name);
            }
            Fault("transaction");
            await Run(monitor, QmpCommands.Transaction(nodes.Select(n => QmpCommands.SnapshotAction(n.Top.NodeName, n.Node))),
                "cannot switch the disks to their overlays", ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || created.Count + added.Count > 0)
        {
            await RollBackAsync(monitor, added, created).ConfigureAwait(false);
            throw e is VirException v
                ? new VirException(v.Code, v.ErrorDomain, $"snapshot '{plan.Name}' of domain '{domainName}' failed, no disk was switched: {v.Detail}", e)
                : VirErrors.Failed($"snapshot '{plan.Name}' of domain '{domainName}' failed, no disk was switched: {e.Message}");
        }
        finally
        {
            if (agent is not null)
            {
                if (frozen) await ThawAsync(agent).ConfigureAwait(false);
                await agent.DisposeAsync().ConfigureAwait(false);
            }
        }
        return disks.ToDictionary(d => d.Plan.Target,
            d => (IReadOnlyList<ImageRef>)[new ImageRef(d.Plan.Overlay, DiskFormat.Qcow2), .. d.Graph.Layers.Select(l => new ImageRef(l.Path, l.Format))]);
    }

    private static DiskGraph GraphOf(IReadOnlyDictionary<string, DiskGraph> graphs, DiskPlan p)
    {
        if (!graphs.TryGetValue(p.Target, out var g))
            throw VirErrors.Internal($"QEMU reports no medium in disk {p.Target}");
        if (g.Top.Path != p.CurrentTop)
            throw VirErrors.Internal($"disk {p.Target} runs on '{g.Top.Path}' but the domain definition says '{p.CurrentTop}'; refusing to guess which one to snapshot");
        return g;
    }

    /// <summary>A reused overlay must already be an empty-enough qcow2 whose backing is the disk's active image, or its data would be lost.</summary>
    private static void CheckReused(DiskPlan p, DiskGraph g)
    {
        ImageHeader h;
        try
        {
            h = ImageHeaderReader.Read(p.Overlay);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw VirErrors.Invalid($"cannot reuse '{p.Overlay}' for disk {p.Target}: {e.Message}", VirErrorDomain.Qemu);
        }
        if (h.Format != DiskFormat.Qcow2)
            throw VirErrors.Unsupported($"cannot reuse '{p.Overlay}' for disk {p.Target}: it is not a qcow2 image");
        if (h.BackingFile != g.Top.Path)
            throw VirErrors.Unsupported($"cannot reuse '{p.Overlay}' for disk {p.Target}: its backing file is '{h.BackingFile ?? "(none)"}', not the disk's active image '{g.Top.Path}'");
    }

    private async Task RollBackAsync(IGuestMonitor monitor, List<string> added, List<string> created)
    {
        foreach (var node in Enumerable.Reverse(added))
        {
            try
            {
                await monitor.ExecuteAsync(QmpCommands.BlockdevDel(node), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is QmpException or IOException or TimeoutException)
            {
                ctx.Log.LogWarning("Domain {Name}: undoing a failed snapshot, block node {Node} could not be removed: {Error}", domainName, node, e.Message);
            }
        }
        foreach (var file in created)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException e)
            {
                ctx.Log.LogWarning("Domain {Name}: undoing a failed snapshot, overlay {File} could not be removed: {Error}", domainName, file, e.Message);
            }
        }
    }

    private async Task ThawAsync(GuestAgent agent)
    {
        try
        {
            await agent.ExecuteAsync("guest-fsfreeze-thaw", null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is VirException or IOException or OperationCanceledException)
        {
            ctx.Log.LogError("Domain {Name}: thawing the guest's file systems failed: {Error}; run 'virsh domfsthaw {Name}'", domainName, e.Message, domainName);
        }
    }

    private void Fault(string step)
    {
        if (FaultHooks.TryGetValue(domainName, out var hook)) hook(step);
    }

    private static Task Run(IGuestMonitor monitor, QmpCommand command, string what, CancellationToken ct) =>
        GuestAccess.RunAsync(monitor, command, what, ct);

    /// <summary>QEMU node names: at most 31 characters, starting with a letter.</summary>
    private static string NewNodeName(string target) => $"vireo-ovl-{Guid.NewGuid().ToString("N")[..8]}-{(target.Length > 8 ? target[..8] : target)}";
}
