using System.Collections.Immutable;
using Vireo.Core.Errors;
using Vireo.Core.Snapshots;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// One domain's snapshot metadata: the snapshots by name, their parent links, which one is current, and
/// the overlays deleted snapshots left behind because they were still in use (<see cref="KeptOverlays"/>).
/// Immutable (changes return a new set), so readers never see a half-made change. The queries follow
/// libvirt's rules for virDomainListAllSnapshots / virDomainSnapshotListAllChildren filters. Pure.
/// </summary>
internal sealed record SnapshotSet(string DomainName, ImmutableSortedDictionary<string, DomainSnapshotDef> ByName, string? Current)
{
    public static SnapshotSet Empty(string domainName) =>
        new(domainName, ImmutableSortedDictionary.Create<string, DomainSnapshotDef>(StringComparer.Ordinal), null);

    public int Count => ByName.Count;

    /// <summary>Overlays of deleted snapshots that had to stay, by path: removed once nothing uses them.</summary>
    public ImmutableSortedSet<string> Kept { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    private const SnapshotListFlags KnownListFlags = (SnapshotListFlags)2047;

    public DomainSnapshotDef Get(string name) =>
        ByName.TryGetValue(name, out var s) ? s : throw NotFound(DomainName, name);

    public static VirException NotFound(string domainName, string name) =>
        new(VirErrorCode.NoDomainSnapshot, VirErrorDomain.DomainSnapshot, $"no domain snapshot with matching name '{name}'");

    public IEnumerable<DomainSnapshotDef> Children(string name) => ByName.Values.Where(s => s.Parent == name);

    public IEnumerable<DomainSnapshotDef> Descendants(string name)
    {
        var stack = new Stack<string>([name]);
        while (stack.Count > 0)
            foreach (var child in Children(stack.Pop()))
            {
                yield return child;
                stack.Push(child.Name!);
            }
    }

    /// <summary>The snapshots of the whole domain that match the filter (ROOTS: only those without a parent).</summary>
    public IReadOnlyList<string> List(SnapshotListFlags flags)
    {
        CheckFlags(flags);
        var roots = flags.HasFlag(SnapshotListFlags.Roots);
        return Order(ByName.Values.Where(s => !roots || s.Parent is null).Where(s => Matches(s, flags)), flags);
    }

    /// <summary>The children of a snapshot (DESCENDANTS: all its descendants) that match the filter.</summary>
    public IReadOnlyList<string> ListChildren(string name, SnapshotListFlags flags)
    {
        CheckFlags(flags);
        Get(name);
        var candidates = flags.HasFlag(SnapshotListFlags.Descendants) ? Descendants(name) : Children(name);
        return Order(candidates.Where(s => Matches(s, flags)), flags);
    }

    private bool Matches(DomainSnapshotDef s, SnapshotListFlags f)
    {
        bool leaf = !Children(s.Name!).Any();
        if (!Group(f, SnapshotListFlags.Leaves | SnapshotListFlags.NoLeaves,
                (leaf && f.HasFlag(SnapshotListFlags.Leaves)) || (!leaf && f.HasFlag(SnapshotListFlags.NoLeaves))))
            return false;
        // Every snapshot this driver knows has metadata.
        if (!Group(f, SnapshotListFlags.Metadata | SnapshotListFlags.NoMetadata, f.HasFlag(SnapshotListFlags.Metadata)))
            return false;
        var state = s.State ?? SnapshotState.DiskSnapshot;
        bool diskOnly = state == SnapshotState.DiskSnapshot;
        bool inactive = state == SnapshotState.Shutoff;
        if (!Group(f, SnapshotListFlags.Inactive | SnapshotListFlags.Active | SnapshotListFlags.DiskOnly,
                (inactive && f.HasFlag(SnapshotListFlags.Inactive)) || (diskOnly && f.HasFlag(SnapshotListFlags.DiskOnly)) ||
                (!inactive && !diskOnly && f.HasFlag(SnapshotListFlags.Active))))
            return false;
        bool external = IsExternal(s);
        return Group(f, SnapshotListFlags.Internal | SnapshotListFlags.External,
            (external && f.HasFlag(SnapshotListFlags.External)) || (!external && f.HasFlag(SnapshotListFlags.Internal)));
    }

    public static bool IsExternal(DomainSnapshotDef s) =>
        s.Memory?.Snapshot == SnapshotLocation.External || (s.Disks ?? []).Any(d => d.Snapshot == SnapshotLocation.External);

    private static bool Group(SnapshotListFlags flags, SnapshotListFlags group, bool matched) => (flags & group) == 0 || matched;

    /// <summary>By name; with TOPOLOGICAL every parent comes before its children (libvirt promises only that).</summary>
    private IReadOnlyList<string> Order(IEnumerable<DomainSnapshotDef> selected, SnapshotListFlags flags)
    {
        var names = selected.Select(s => s.Name!).Order(StringComparer.Ordinal).ToList();
        if (!flags.HasFlag(SnapshotListFlags.Topological)) return names;
        return names.OrderBy(Depth).ThenBy(n => n, StringComparer.Ordinal).ToList();
    }

    private int Depth(string name)
    {
        int depth = 0;
        for (var p = Get(name).Parent; p is not null && ByName.TryGetValue(p, out var parent); p = parent.Parent) depth++;
        return depth;
    }

    private static void CheckFlags(SnapshotListFlags flags)
    {
        if ((flags & ~KnownListFlags) != 0)
            throw VirErrors.InvalidArg($"unsupported flags (0x{(uint)(flags & ~KnownListFlags):x}) in the snapshot listing", VirErrorDomain.DomainSnapshot);
    }

    public SnapshotSet With(DomainSnapshotDef s) => this with { ByName = ByName.SetItem(s.Name!, s) };

    public SnapshotSet Without(string name) => this with
    {
        ByName = ByName.Remove(name),
        Current = Current == name ? null : Current,
    };

    public SnapshotSet WithCurrent(string? name) => this with { Current = name };

    public SnapshotSet WithKept(IEnumerable<string> paths) => this with { Kept = Kept.Union(paths) };

    public SnapshotSet WithoutKept(IEnumerable<string> paths) => this with { Kept = Kept.Except(paths) };
}
