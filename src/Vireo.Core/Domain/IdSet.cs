using System.Collections;
using System.Globalization;
using System.Text;

namespace Vireo.Core.Domain;

/// <summary>
/// A set of small non-negative ids written in libvirt's bitmap syntax ("0-3,^2,5"): entries separated
/// by commas, each an id, a range "a-b", or an exclusion "^id" applied after the inclusions.
/// Formats canonically as libvirt's virBitmapFormat does: sorted runs, e.g. "0-1,3,5-7".
/// </summary>
public abstract class IdSet : IReadOnlyCollection<int>
{
    /// <summary>An upper bound to stop absurd inputs from allocating; libvirt caps CPU bitmaps similarly.</summary>
    public const int MaxId = 65535;

    private readonly int[] ids; // sorted, distinct

    private protected IdSet(IEnumerable<int> ids) => this.ids = ids.Distinct().Order().ToArray();

    public int Count => ids.Length;
    public bool IsEmpty => ids.Length == 0;
    public int? Max => ids.Length == 0 ? null : ids[^1];
    public bool Contains(int id) => Array.BinarySearch(ids, id) >= 0;
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)ids).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => ids.GetEnumerator();

    /// <summary>Parses libvirt bitmap syntax; on failure, error says why in a sentence fragment.</summary>
    private protected static bool TryParseIds(string text, out List<int> result, out string? error)
    {
        result = [];
        error = null;
        var include = new SortedSet<int>();
        var exclude = new HashSet<int>();
        if (string.IsNullOrWhiteSpace(text)) { error = "it is empty"; return false; }
        foreach (var raw in text.Split(','))
        {
            var entry = raw.Trim();
            if (entry.StartsWith('^'))
            {
                if (!TryId(entry[1..], out var ex)) { error = $"'{entry}' is not a valid exclusion"; return false; }
                exclude.Add(ex);
                continue;
            }
            var dash = entry.IndexOf('-');
            if (dash < 0)
            {
                if (!TryId(entry, out var one)) { error = $"'{entry}' is not a valid id"; return false; }
                include.Add(one);
                continue;
            }
            if (!TryId(entry[..dash], out var lo) || !TryId(entry[(dash + 1)..], out var hi))
            {
                error = $"'{entry}' is not a valid range";
                return false;
            }
            if (lo > hi) { error = $"range '{entry}' goes backwards"; return false; }
            for (int i = lo; i <= hi; i++) include.Add(i);
        }
        include.ExceptWith(exclude);
        result = [.. include];
        return true;
    }

    private static bool TryId(string s, out int id) =>
        int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id <= MaxId;

    /// <summary>libvirt's canonical form: ascending runs, a run of two or more written "a-b".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < ids.Length;)
        {
            int j = i;
            while (j + 1 < ids.Length && ids[j + 1] == ids[j] + 1) j++;
            if (sb.Length > 0) sb.Append(',');
            sb.Append(ids[i].ToString(CultureInfo.InvariantCulture));
            if (j > i) sb.Append('-').Append(ids[j].ToString(CultureInfo.InvariantCulture));
            i = j + 1;
        }
        return sb.ToString();
    }

    public override bool Equals(object? obj) =>
        obj is IdSet other && other.GetType() == GetType() && ids.AsSpan().SequenceEqual(other.ids);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var id in ids) hash.Add(id);
        return hash.ToHashCode();
    }
}

/// <summary>A set of host (or guest) CPU ids, e.g. vcpu cpuset, vcpupin, emulatorpin.</summary>
public sealed class CpuSet : IdSet, IEquatable<CpuSet>
{
    public CpuSet(IEnumerable<int> ids) : base(ids) { }

    public static bool TryParse(string text, out CpuSet? set, out string? error)
    {
        set = TryParseIds(text, out var ids, out error) ? new CpuSet(ids) : null;
        return set is not null;
    }

    public static CpuSet Parse(string text) =>
        TryParse(text, out var set, out var error) ? set! : throw new FormatException($"Invalid CPU set '{text}': {error}.");

    public bool Equals(CpuSet? other) => Equals((object?)other);
    public override bool Equals(object? obj) => base.Equals(obj);
    public override int GetHashCode() => base.GetHashCode();
}

/// <summary>A set of host NUMA node ids, e.g. numatune nodeset.</summary>
public sealed class NodeSet : IdSet, IEquatable<NodeSet>
{
    public NodeSet(IEnumerable<int> ids) : base(ids) { }

    public static bool TryParse(string text, out NodeSet? set, out string? error)
    {
        set = TryParseIds(text, out var ids, out error) ? new NodeSet(ids) : null;
        return set is not null;
    }

    public static NodeSet Parse(string text) =>
        TryParse(text, out var set, out var error) ? set! : throw new FormatException($"Invalid node set '{text}': {error}.");

    public bool Equals(NodeSet? other) => Equals((object?)other);
    public override bool Equals(object? obj) => base.Equals(obj);
    public override int GetHashCode() => base.GetHashCode();
}
