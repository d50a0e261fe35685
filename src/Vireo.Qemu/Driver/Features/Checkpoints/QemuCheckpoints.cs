using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Vireo.Core.Checkpoints;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.BlockJobs;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Checkpoints;

/// <summary>
/// Checkpoints of QEMU domains as libvirt 9.0 makes them: a persistent dirty bitmap per checkpointed disk,
/// named after the checkpoint, on the disk's qcow2 node, all added in one QMP transaction while the guest
/// runs. Every bitmap keeps recording until its checkpoint is deleted, so a checkpoint's own bitmap holds
/// every write since it; deleting one removes its bitmaps (nothing needs merging). Metadata is libvirt's
/// &lt;domaincheckpoint&gt; files; reads answer from them without taking the domain's job.
/// </summary>
internal sealed class QemuCheckpoints : IDomainCheckpoints
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves when the driver assembly loads (QemuFeatureRegistry's pattern).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainCheckpoints>(ctx => new QemuCheckpoints(ctx));

    private readonly DriverContext _ctx;
    private readonly CheckpointFiles _files;

    public QemuCheckpoints(DriverContext ctx)
    {
        _ctx = ctx;
        _files = new CheckpointFiles(ctx.Paths);
    }

    internal CheckpointFiles Files => _files;

    public async ValueTask<string> CreateAsync(Guid uuid, string xml, CheckpointCreateFlags flags, CancellationToken ct)
    {
        // libvirt 9.0's QEMU driver takes no QUIESCE for checkpoints.
        GuestAccess.CheckFlags((uint)flags, (uint)(CheckpointCreateFlags.Redefine | CheckpointCreateFlags.RedefineValidate), "qemuCheckpointCreateXML");
        var dom = _ctx.Registry.GetByUuid(uuid);
        bool redefine = flags.HasFlag(CheckpointCreateFlags.Redefine);
        if (!redefine && !dom.IsActive)
            throw VirErrors.OperationUnsupported("cannot create checkpoint for inactive domain", VirErrorDomain.Qemu);
        var request = CheckpointXml.Parse(xml);
        using var lease = await GuestAccess.AcquireAsync(_ctx, dom, "checkpoint", ct).ConfigureAwait(false);
        var set = _files.Load(dom.Name);
        if (redefine)
            return await RedefineAsync(dom, set, request, ct).ConfigureAwait(false);

        var guest = GuestAccess.Running(dom);
        var monitor = guest.RequireMonitor();
        var graphs = await BlockGraph.ReadAsync(monitor, guest.DiskDevices, ct).ConfigureAwait(false);
        var made = Prepare(dom, guest, set, request, graphs);
        if (made.Actions.Count > 0)
            await QemuBlockJobs.Libvirt(monitor, QmpCommands.Transaction(made.Actions), ct).ConfigureAwait(false);
        // The bitmaps exist from here: record them whatever the caller's cancellation says.
        await RecordAsync(dom, made).ConfigureAwait(false);
        return made.Def.Name!;
    }

    /// <summary>
    /// A new checkpoint of the running guest, checked and planned but not made: its metadata and the
    /// transaction actions that add its bitmaps (a backup runs them in its own transaction).
    /// </summary>
    internal static NewCheckpoint Prepare(DomainObject dom, GuestProcess guest, CheckpointSet set, DomainCheckpointDef request,
        IReadOnlyDictionary<string, DiskGraph> graphs)
    {
        var started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var name = request.Name ?? started.ToString(CultureInfo.InvariantCulture);
        CheckpointFiles.CheckName(name, dom.Name);
        if (set.ByName.ContainsKey(name))
            throw VirErrors.Failed($"domain moment {name} already exists", VirErrorDomain.Domain);
        var live = guest.Live ?? dom.Current;
        var disks = CheckpointPlan.Resolve(request, name, live);
        var actions = disks.Where(d => d.Checkpoint == CheckpointType.Bitmap)
            .Select(d => QmpBitmapActions.Add(TopNode(graphs, d.Name, dom.Name), name, persistent: true)).ToList();
        var def = new DomainCheckpointDef
        {
            Name = name, Description = request.Description, Parent = set.Current, CreationTime = started, Disks = disks, Domain = MomentDomainCopy.Of(live),
        };
        return new NewCheckpoint(set, def, actions);
    }

    /// <summary>Records a checkpoint whose bitmaps QEMU has added; it becomes the current one.</summary>
    internal async Task RecordAsync(DomainObject dom, NewCheckpoint made)
    {
        await _files.SaveAsync(made.Before, made.Before.With(made.Def).WithCurrent(made.Def.Name), CancellationToken.None).ConfigureAwait(false);
        var bitmaps = made.Def.Disks!.Where(d => d.Checkpoint == CheckpointType.Bitmap).Select(d => d.Name).ToList();
        _ctx.Log.LogInformation("Domain {Name}: checkpoint {Checkpoint} created (bitmaps on {Disks})", dom.Name, made.Def.Name,
            bitmaps.Count == 0 ? "no disk" : string.Join(", ", bitmaps));
    }

    /// <summary>REDEFINE: records a checkpoint's metadata (virsh checkpoint-create --redefine) without touching any disk.</summary>
    private async Task<string> RedefineAsync(DomainObject dom, CheckpointSet set, DomainCheckpointDef request, CancellationToken ct)
    {
        var name = request.Name ?? throw VirErrors.Invalid("a redefined checkpoint needs a <name>", VirErrorDomain.DomainCheckpoint);
        CheckpointFiles.CheckName(name, dom.Name);
        if (request.Parent is { } parent)
        {
            if (!set.ByName.ContainsKey(parent))
                throw VirErrors.Invalid($"parent '{parent}' of checkpoint '{name}' does not exist", VirErrorDomain.DomainCheckpoint);
            if (parent == name || set.Descendants(name).Any(d => d.Name == parent))
                throw VirErrors.Invalid($"checkpoint '{name}' cannot have '{parent}' as its parent: that would make a cycle", VirErrorDomain.DomainCheckpoint);
        }
        set.ByName.TryGetValue(name, out var existing);
        var def = request with
        {
            CreationTime = request.CreationTime ?? existing?.CreationTime ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Domain = request.Domain ?? existing?.Domain,
            Disks = request.Disks ?? existing?.Disks,
        };
        var after = set.With(def);
        if (existing is null && !after.Children(name).Any()) after = after.WithCurrent(name);
        await _files.SaveAsync(set, after, ct).ConfigureAwait(false);
        _ctx.Log.LogInformation("Domain {Name}: checkpoint {Checkpoint} {What}", dom.Name, name, existing is null ? "redefined" : "updated");
        return name;
    }

    public async ValueTask<string> XmlAsync(Guid uuid, string name, CheckpointXmlFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, 7, "qemuCheckpointGetXMLDesc");
        var dom = _ctx.Registry.GetByUuid(uuid);
        var def = _files.Load(dom.Name).Get(name);
        if (flags.HasFlag(CheckpointXmlFlags.Size))
            def = def with { Disks = await WithSizesAsync(dom, def, ct).ConfigureAwait(false) };
        return CheckpointXml.Format(def, secure: flags.HasFlag(CheckpointXmlFlags.Secure), noDomain: flags.HasFlag(CheckpointXmlFlags.NoDomain));
    }

    /// <summary>
    /// SIZE: each bitmap's dirty bytes, what an incremental backup from this checkpoint would copy now.
    /// Every bitmap records from its checkpoint on, so its own count is that number.
    /// </summary>
    private static async Task<IReadOnlyList<CheckpointDiskDef>?> WithSizesAsync(DomainObject dom, DomainCheckpointDef def, CancellationToken ct)
    {
        var guest = GuestAccess.Running(dom);
        var monitor = guest.RequireMonitor();
        var graphs = await BlockGraph.ReadAsync(monitor, guest.DiskDevices, ct).ConfigureAwait(false);
        var bitmaps = QmpDirtyBitmap.ListFromJson(await monitor.ExecuteAsync(QmpCommands.QueryNamedBlockNodes(flat: true), ct).ConfigureAwait(false));
        return def.Disks?.Select(d =>
        {
            if (d.Checkpoint != CheckpointType.Bitmap || !graphs.TryGetValue(d.Name, out var g)) return d;
            var found = bitmaps.FirstOrDefault(b => b.Node == g.Top.NodeName && b.Name == d.Bitmap)
                ?? throw VirErrors.Invalid($"bitmap '{d.Bitmap}' of checkpoint '{def.Name}' is missing from disk '{d.Name}'", VirErrorDomain.Qemu);
            return d with { Size = found.Count };
        }).ToList();
    }

    public IReadOnlyList<string> List(Guid uuid, CheckpointListFlags flags)
    {
        GuestAccess.CheckFlags((uint)flags, 15, "qemuDomainListAllCheckpoints");
        return Set(uuid).List(flags);
    }

    public IReadOnlyList<string> ListChildren(Guid uuid, string name, CheckpointListFlags flags)
    {
        GuestAccess.CheckFlags((uint)flags, 15, "qemuDomainCheckpointListAllChildren");
        return Set(uuid).ListChildren(name, flags);
    }

    public string Lookup(Guid uuid, string name, uint flags)
    {
        GuestAccess.CheckFlags(flags, 0, "qemuDomainCheckpointLookupByName");
        return Set(uuid).Get(name).Name!;
    }

    public string Parent(Guid uuid, string name, uint flags)
    {
        GuestAccess.CheckFlags(flags, 0, "qemuDomainCheckpointGetParent");
        return Set(uuid).Get(name).Parent
            ?? throw new VirException(VirErrorCode.NoDomainCheckpoint, VirErrorDomain.Qemu, $"checkpoint '{name}' does not have a parent");
    }

    public async ValueTask DeleteAsync(Guid uuid, string name, CheckpointDeleteFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, 7, "qemuCheckpointDelete");
        var dom = _ctx.Registry.GetByUuid(uuid);
        using var lease = await GuestAccess.AcquireAsync(_ctx, dom, "checkpoint delete", ct).ConfigureAwait(false);
        var set = _files.Load(dom.Name);
        set.Get(name);
        bool metadataOnly = flags.HasFlag(CheckpointDeleteFlags.MetadataOnly);
        if (!metadataOnly && !dom.IsActive)
            throw VirErrors.OperationUnsupported("cannot delete checkpoint for inactive domain", VirErrorDomain.Qemu);
        var doomed = new List<string>();
        if (!flags.HasFlag(CheckpointDeleteFlags.ChildrenOnly)) doomed.Add(name);
        if (flags.HasFlag(CheckpointDeleteFlags.Children) || flags.HasFlag(CheckpointDeleteFlags.ChildrenOnly))
            doomed.AddRange(set.Descendants(name).Select(c => c.Name!));
        if (!metadataOnly && doomed.Count > 0)
            await RemoveBitmapsAsync(dom, doomed.Select(set.Get).ToList(), ct).ConfigureAwait(false);
        await _files.SaveAsync(set, set.Without(doomed), CancellationToken.None).ConfigureAwait(false);
        _ctx.Log.LogInformation("Domain {Name}: checkpoint(s) {Checkpoints} deleted{How}", dom.Name, string.Join(", ", doomed),
            metadataOnly ? " (metadata only)" : "");
    }

    /// <summary>Removes the checkpoints' bitmaps in one transaction; a bitmap the image no longer has is skipped, as libvirt does.</summary>
    private static async Task RemoveBitmapsAsync(DomainObject dom, IReadOnlyList<DomainCheckpointDef> doomed, CancellationToken ct)
    {
        var guest = GuestAccess.Running(dom);
        var monitor = guest.RequireMonitor();
        var graphs = await BlockGraph.ReadAsync(monitor, guest.DiskDevices, ct).ConfigureAwait(false);
        var present = QmpDirtyBitmap.ListFromJson(await monitor.ExecuteAsync(QmpCommands.QueryNamedBlockNodes(flat: true), ct).ConfigureAwait(false))
            .Select(b => (b.Node, b.Name)).ToHashSet();
        var actions = new List<System.Text.Json.Nodes.JsonObject>();
        foreach (var c in doomed)
            foreach (var d in c.Disks ?? [])
                if (d.Checkpoint == CheckpointType.Bitmap && d.Bitmap is { } bitmap && graphs.TryGetValue(d.Name, out var g))
                    foreach (var layer in g.Layers.Where(l => present.Contains((l.NodeName, bitmap))))
                        actions.Add(QmpBitmapActions.Remove(layer.NodeName, bitmap));
        if (actions.Count > 0)
            await QemuBlockJobs.Libvirt(monitor, QmpCommands.Transaction(actions), ct).ConfigureAwait(false);
    }

    internal static string TopNode(IReadOnlyDictionary<string, DiskGraph> graphs, string target, string domainName) =>
        graphs.TryGetValue(target, out var g) ? g.Top.NodeName
            : throw VirErrors.Invalid($"disk '{target}' of domain '{domainName}' has no medium", VirErrorDomain.Qemu);

    private CheckpointSet Set(Guid uuid) => _files.Load(_ctx.Registry.GetByUuid(uuid).Name);
}

/// <summary>A checkpoint ready to be made: the metadata before it, its own, and the actions adding its bitmaps.</summary>
internal sealed record NewCheckpoint(CheckpointSet Before, DomainCheckpointDef Def, IReadOnlyList<System.Text.Json.Nodes.JsonObject> Actions);
