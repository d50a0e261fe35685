using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Core.Snapshots;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.BlockJobs;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// Snapshots of QEMU domains: external, disk-only, crash-consistent across all disks (one QMP
/// transaction, no pause), offline ones with overlays written directly, metadata as libvirt's
/// &lt;domainsnapshot&gt; files, delete by merging, revert by branching. Reads answer from the metadata
/// files without taking the domain's job.
/// </summary>
internal sealed class QemuSnapshots : IDomainSnapshots
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves when the driver assembly loads (QemuFeatureRegistry's pattern).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainSnapshots>(ctx => new QemuSnapshots(ctx));

    private const SnapshotCreateFlags KnownCreateFlags = (SnapshotCreateFlags)1023;
    private readonly DriverContext _ctx;
    private readonly SnapshotFiles _files;

    public QemuSnapshots(DriverContext ctx)
    {
        _ctx = ctx;
        _files = new SnapshotFiles(ctx.Paths);
    }

    public async ValueTask<string> CreateAsync(Guid uuid, string xml, SnapshotCreateFlags flags, CancellationToken ct)
    {
        VirErrors.CheckFlags((uint)flags, (uint)KnownCreateFlags, "qemuDomainSnapshotCreateXML");
        if (flags.HasFlag(SnapshotCreateFlags.Current) && !flags.HasFlag(SnapshotCreateFlags.Redefine))
            throw VirErrors.InvalidArg("use of CURRENT flag requires REDEFINE flag", VirErrorDomain.Qemu);
        if (flags.HasFlag(SnapshotCreateFlags.Quiesce) && !flags.HasFlag(SnapshotCreateFlags.DiskOnly))
            throw VirErrors.Invalid("quiesce requires disk-only", VirErrorDomain.Qemu);
        var request = SnapshotXml.Parse(xml);
        var dom = _ctx.Registry.GetByUuid(uuid);
        using var lease = await GuestAccess.AcquireAsync(_ctx, dom, "snapshot", ct).ConfigureAwait(false);
        if (flags.HasFlag(SnapshotCreateFlags.Redefine))
            return await RedefineAsync(dom, request, flags, ct).ConfigureAwait(false);

        var set = _files.Load(dom.Name);
        var name = request.Name ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        SnapshotFiles.CheckName(name, dom.Name);
        if (!flags.HasFlag(SnapshotCreateFlags.NoMetadata) && !dom.IsPersistent && !dom.IsActive)
            throw VirErrors.Invalid($"domain '{dom.Name}' is gone", VirErrorDomain.Qemu);

        var guest = dom.Handle as GuestProcess;
        var def = guest?.Live ?? dom.Persistent ?? throw VirErrors.NotRunning(dom.Name);
        if (guest is null && flags.HasFlag(SnapshotCreateFlags.Quiesce))
            throw VirErrors.Invalid($"cannot quiesce the file systems of domain '{dom.Name}': it is not running", VirErrorDomain.Qemu);
        if (guest is not null && GuestAccess.Tracker(_ctx, dom, guest).Any())
            throw VirErrors.Invalid($"cannot snapshot domain '{dom.Name}' while a block job runs on one of its disks; wait for it or abort it (virsh blockjob --abort)", VirErrorDomain.Qemu);
        var plan = CreatePlanner.Plan(request, name, def, flags, RealPathFacts.Instance);
        // After the disks are planned, as libvirt: a name taken usually means its default overlay exists too,
        // and that is the refusal libvirt gives first.
        if (set.ByName.ContainsKey(name))
            throw VirErrors.Invalid($"domain snapshot '{name}' already exists", VirErrorDomain.DomainSnapshot);

        var liveBefore = dom.Live;
        var persistentBefore = dom.Persistent;
        var started = DateTimeOffset.UtcNow;
        var chains = guest is not null
            ? await new LiveSnapshot(_ctx, dom.Name, guest).RunAsync(plan, flags.HasFlag(SnapshotCreateFlags.Quiesce), ct).ConfigureAwait(false)
            : OfflineSnapshot.Run(plan, dom.Name);
        _ctx.Log.LogInformation("Domain {Name}: snapshot {Snapshot} switched {Disks} in {Ms:0.0} ms", dom.Name, name,
            string.Join(", ", plan.Disks.Select(d => $"{d.Target} -> {d.Overlay}")), (DateTimeOffset.UtcNow - started).TotalMilliseconds);

        // From here the disks are switched: what follows records it; it never undoes it.
        await DefinitionUpdates.ApplyAsync(_ctx, dom, chains, CancellationToken.None).ConfigureAwait(false);
        if (!flags.HasFlag(SnapshotCreateFlags.NoMetadata))
        {
            var snapshot = new DomainSnapshotDef
            {
                Name = name,
                Description = request.Description,
                // libvirt: a disk-only snapshot of a running guest, the domain's state (shut off) otherwise.
                State = guest is not null ? SnapshotState.DiskSnapshot : SnapshotState.Shutoff,
                CreationTime = started.ToUnixTimeSeconds(),
                Parent = set.Current,
                Memory = new SnapshotMemoryDef(SnapshotLocation.No),
                Disks = plan.MetadataDisks,
                Domain = guest is not null ? liveBefore : persistentBefore,
                InactiveDomain = guest is not null && persistentBefore is not null && persistentBefore != liveBefore ? persistentBefore : null,
            };
            await _files.SaveAsync(set, set.With(snapshot).WithCurrent(name), CancellationToken.None).ConfigureAwait(false);
        }
        if (flags.HasFlag(SnapshotCreateFlags.Halt) && dom.Handle is GuestProcess running)
            await new SnapshotReverter(_ctx, _files).StopAsync(dom, running).ConfigureAwait(false);
        return name;
    }

    /// <summary>
    /// REDEFINE: records (or updates) a snapshot's metadata without touching any disk; with CURRENT it also
    /// becomes current (virsh snapshot-current NAME does exactly this with the snapshot's own XML).
    /// </summary>
    private async Task<string> RedefineAsync(DomainObject dom, DomainSnapshotDef request, SnapshotCreateFlags flags, CancellationToken ct)
    {
        var name = request.Name ?? throw VirErrors.Invalid("a redefined snapshot needs a <name>", VirErrorDomain.DomainSnapshot);
        SnapshotFiles.CheckName(name, dom.Name);
        var set = _files.Load(dom.Name);
        set.ByName.TryGetValue(name, out var existing);
        if (request.Parent is { } parent)
        {
            if (!set.ByName.ContainsKey(parent))
                throw VirErrors.Invalid($"parent '{parent}' of snapshot '{name}' does not exist", VirErrorDomain.DomainSnapshot);
            if (parent == name || set.Descendants(name).Any(d => d.Name == parent))
                throw VirErrors.Invalid($"snapshot '{name}' cannot have '{parent}' as its parent: that would make a cycle", VirErrorDomain.DomainSnapshot);
        }
        var def = request with
        {
            State = request.State ?? existing?.State ?? (flags.HasFlag(SnapshotCreateFlags.DiskOnly) ? SnapshotState.DiskSnapshot : SnapshotState.Shutoff),
            CreationTime = request.CreationTime ?? existing?.CreationTime ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Domain = request.Domain ?? existing?.Domain,
            InactiveDomain = request.InactiveDomain ?? existing?.InactiveDomain,
            Active = null,
        };
        var after = set.With(def);
        if (flags.HasFlag(SnapshotCreateFlags.Current)) after = after.WithCurrent(name);
        await _files.SaveAsync(set, after, ct).ConfigureAwait(false);
        _ctx.Log.LogInformation("Domain {Name}: snapshot {Snapshot} {What}", dom.Name, name, existing is null ? "redefined" : "updated");
        return name;
    }

    public string Xml(Guid uuid, string name, SnapshotXmlFlags flags)
    {
        VirErrors.CheckFlags((uint)flags, 1u, "qemuDomainSnapshotGetXMLDesc");
        return SnapshotXml.Format(Set(uuid).Get(name) with { Active = null }, secure: flags.HasFlag(SnapshotXmlFlags.Secure));
    }

    public IReadOnlyList<string> List(Guid uuid, SnapshotListFlags flags) => Set(uuid).List(flags);

    public IReadOnlyList<string> ListChildren(Guid uuid, string name, SnapshotListFlags flags) => Set(uuid).ListChildren(name, flags);

    public string Lookup(Guid uuid, string name) => Set(uuid).Get(name).Name!;

    public string Current(Guid uuid) => Set(uuid).Current
        ?? throw new VirException(VirErrorCode.NoDomainSnapshot, VirErrorDomain.DomainSnapshot, "the domain does not have a current snapshot");

    public bool HasCurrent(Guid uuid) => Set(uuid).Current is not null;

    public string Parent(Guid uuid, string name) => Set(uuid).Get(name).Parent
        ?? throw new VirException(VirErrorCode.NoDomainSnapshot, VirErrorDomain.DomainSnapshot, $"snapshot '{name}' does not have a parent");

    public bool IsCurrent(Guid uuid, string name)
    {
        var set = Set(uuid);
        set.Get(name);
        return set.Current == name;
    }

    public bool HasMetadata(Guid uuid, string name)
    {
        Set(uuid).Get(name);
        return true;
    }

    public async ValueTask RevertAsync(Guid uuid, string name, SnapshotRevertFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, 15, "qemuDomainRevertToSnapshot");
        if (flags.HasFlag(SnapshotRevertFlags.Running) && flags.HasFlag(SnapshotRevertFlags.Paused))
            throw VirErrors.InvalidArgSentence("Flags 'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and 'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually exclusive", VirErrorDomain.Qemu);
        var dom = _ctx.Registry.GetByUuid(uuid);
        using var lease = await GuestAccess.AcquireAsync(_ctx, dom, "snapshot revert", ct).ConfigureAwait(false);
        if (dom.Handle is GuestProcess guest && GuestAccess.Tracker(_ctx, dom, guest).Any())
            throw VirErrors.Invalid($"cannot revert domain '{dom.Name}' while a block job runs on one of its disks", VirErrorDomain.Qemu);
        await new SnapshotReverter(_ctx, _files).RevertAsync(dom, name, flags, ct).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(Guid uuid, string name, SnapshotDeleteFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, 7, "qemuDomainSnapshotDelete");
        var dom = _ctx.Registry.GetByUuid(uuid);
        using var lease = await GuestAccess.AcquireAsync(_ctx, dom, "snapshot delete", ct).ConfigureAwait(false);
        if (dom.Handle is GuestProcess guest && GuestAccess.Tracker(_ctx, dom, guest).Any())
            throw VirErrors.Invalid($"cannot delete a snapshot of domain '{dom.Name}' while a block job runs on one of its disks", VirErrorDomain.Qemu);
        await new SnapshotDeleter(_ctx, _files).DeleteAsync(dom, name, flags, ct).ConfigureAwait(false);
    }

    private SnapshotSet Set(Guid uuid) => _files.Load(_ctx.Registry.GetByUuid(uuid).Name);
}
