using System.Collections.Immutable;
using Vireo.Core.Checkpoints;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Checkpoints;

/// <summary>
/// One domain's checkpoint metadata: the checkpoints by name, their parent links and the current one (the
/// newest, parent of the next). Immutable, so readers never see a half-made change. The queries follow
/// libvirt's rules for virDomainListAllCheckpoints / virDomainCheckpointListAllChildren. Pure.
/// </summary>
internal sealed record CheckpointSet(string DomainName, ImmutableSortedDictionary<string, DomainCheckpointDef> ByName, string? Current)
{
    public static CheckpointSet Empty(string domainName) =>
        new(domainName, ImmutableSortedDictionary.Create<string, DomainCheckpointDef>(StringComparer.Ordinal), null);

    public int Count => ByName.Count;

    public DomainCheckpointDef Get(string name) =>
        ByName.TryGetValue(name, out var c) ? c : throw NotFound(name);

    public static VirException NotFound(string name) =>
        new(VirErrorCode.NoDomainCheckpoint, VirErrorDomain.Qemu, $"no domain checkpoint with matching name '{name}'");

    public IEnumerable<DomainCheckpointDef> Children(string name) => ByName.Values.Where(c => c.Parent == name);

    public IEnumerable<DomainCheckpointDef> Descendants(string name)
    {
        var stack = new Stack<string>([name]);
        while (stack.Count > 0)
            foreach (var child in Children(stack.Pop()))
            {
                yield return child;
                stack.Push(child.Name!);
            }
    }

    /// <summary>The checkpoints that match the filter (ROOTS: only those without a parent).</summary>
    public IReadOnlyList<string> List(CheckpointListFlags flags)
    {
        var roots = flags.HasFlag(CheckpointListFlags.Roots);
        return Order(ByName.Values.Where(c => !roots || c.Parent is null).Where(c => Matches(c, flags)), flags);
    }

    /// <summary>The children of a checkpoint (DESCENDANTS: all its descendants) that match the filter.</summary>
    public IReadOnlyList<string> ListChildren(string name, CheckpointListFlags flags)
    {
        Get(name);
        var candidates = flags.HasFlag(CheckpointListFlags.Descendants) ? Descendants(name) : Children(name);
        return Order(candidates.Where(c => Matches(c, flags)), flags);
    }

    private bool Matches(DomainCheckpointDef c, CheckpointListFlags f)
    {
        const CheckpointListFlags leafGroup = CheckpointListFlags.Leaves | CheckpointListFlags.NoLeaves;
        if ((f & leafGroup) == 0) return true;
        bool leaf = !Children(c.Name!).Any();
        return (leaf && f.HasFlag(CheckpointListFlags.Leaves)) || (!leaf && f.HasFlag(CheckpointListFlags.NoLeaves));
    }

    /// <summary>By name; with TOPOLOGICAL every parent comes before its children (libvirt promises only that).</summary>
    private IReadOnlyList<string> Order(IEnumerable<DomainCheckpointDef> selected, CheckpointListFlags flags)
    {
        var names = selected.Select(c => c.Name!).Order(StringComparer.Ordinal).ToList();
        if (!flags.HasFlag(CheckpointListFlags.Topological)) return names;
        return names.OrderBy(Depth).ThenBy(n => n, StringComparer.Ordinal).ToList();
    }

    private int Depth(string name)
    {
        int depth = 0;
        for (var p = Get(name).Parent; p is not null && ByName.TryGetValue(p, out var parent); p = parent.Parent) depth++;
        return depth;
    }

    public CheckpointSet With(DomainCheckpointDef c) => this with { ByName = ByName.SetItem(c.Name!, c) };

    /// <summary>
    /// Without the named checkpoints. Children of a removed checkpoint move up to its parent; when the
    /// current one goes, the nearest remaining ancestor becomes current (libvirt's rules).
    /// </summary>
    public CheckpointSet Without(IReadOnlyCollection<string> names)
    {
        string? Surviving(string? n)
        {
            while (n is not null && names.Contains(n)) n = ByName.TryGetValue(n, out var d) ? d.Parent : null;
            return n;
        }
        var kept = ByName.Where(kv => !names.Contains(kv.Key))
            .Select(kv => kv.Value.Parent is { } p && names.Contains(p) ? kv.Value with { Parent = Surviving(p) } : kv.Value);
        return this with
        {
            ByName = kept.ToImmutableSortedDictionary(c => c.Name!, c => c, StringComparer.Ordinal),
            Current = Surviving(Current),
        };
    }

    public CheckpointSet WithCurrent(string? name) => this with { Current = name };
}
