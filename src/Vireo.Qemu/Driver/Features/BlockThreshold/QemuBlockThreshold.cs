using System.Globalization;
using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.BlockJobs;
using Vireo.Qemu.Driver.Features.Debug;

namespace Vireo.Qemu.Driver.Features.BlockThreshold;

/// <summary>
/// virsh domblkthreshold as libvirt's QEMU driver does it: the disk (by target, "target[index]" or source path) is
/// found in the live definition, its image's node in QEMU's block graph, and block-set-write-threshold goes to that
/// image's storage node. The event then names the disk the way the threshold was set.
/// </summary>
internal sealed class QemuBlockThreshold(DriverContext ctx) : IDomainBlockThreshold
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainBlockThreshold>(ctx =>
    {
        ctx.Hooks.Add(new ThresholdReconnectHook(ctx.Events));
        return new QemuBlockThreshold(ctx);
    });

    public async ValueTask SetBlockThresholdAsync(Guid uuid, string dev, ulong threshold, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await MonitorAccess.JobAsync(ctx, dom, "domblkthreshold", ct).ConfigureAwait(false);
        var (guest, monitor) = MonitorAccess.Running(dom);
        var (name, index) = Split(dev);
        var disk = DiskChain.Find(guest.Live, name) ?? throw NotFound(dev);
        var what = $"cannot set the write threshold of disk '{disk.Target.Dev}' of domain '{dom.Name}'";
        IReadOnlyDictionary<string, DiskGraph> graph;
        try
        {
            graph = await BlockGraph.ReadAsync(monitor, guest.DiskDevices, ct).ConfigureAwait(false);
        }
        catch (Qmp.QmpException e)
        {
            throw VirErrors.Failed($"{what}: QEMU refused '{e.Command}': {e.Description.TrimEnd('.')}");
        }
        if (!graph.TryGetValue(disk.Target.Dev, out var chain)) throw NotFound(dev);
        var position = index is { } i ? PositionOf(disk, i) : 0;
        if (position < 0 || position >= chain.Layers.Count) throw NotFound(dev);
        var layer = chain.Layers[position];
        var node = ThresholdQmp.StorageNodeOf(layer.NodeName);
        await MonitorAccess.RunAsync(monitor, ThresholdQmp.Set(node, threshold), what, ct).ConfigureAwait(false);
        var reported = index is { } n ? string.Create(CultureInfo.InvariantCulture, $"{disk.Target.Dev}[{n}]") : disk.Target.Dev;
        ThresholdWatch.For(guest, dom.Ref, ctx.Events).Set(node, reported, layer.Path, threshold);
    }

    /// <summary>"vda" or "vda[2]" (libvirt's name of a chain element by its index).</summary>
    internal static (string Name, uint? Index) Split(string dev)
    {
        var open = dev.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0 || !dev.EndsWith(']')) return (dev, null);
        return uint.TryParse(dev.AsSpan(open + 1, dev.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? (dev[..open], i)
            : throw VirErrors.InvalidArg($"invalid disk index in '{dev}'", VirErrorDomain.Qemu);
    }

    /// <summary>The chain position of an index: the active image has its source index (1 when unnumbered), then each backing store's.</summary>
    private static int PositionOf(DiskDef disk, uint index)
    {
        var indexes = new List<uint?> { disk.Source?.Index ?? 1 };
        for (var b = disk.BackingStore; b is { IsEnd: false }; b = b.Next) indexes.Add(b.Index);
        return indexes.IndexOf(index);
    }

    private static VirException NotFound(string dev) => VirErrors.InvalidArg($"failed to find disk '{dev}'", VirErrorDomain.Qemu);
}
