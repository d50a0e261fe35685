using System.Globalization;

namespace Vireo.Snmp.AgentX;

/// <summary>
/// An SNMP object identifier: a sequence of unsigned 32-bit sub-identifiers, ordered lexicographically
/// as unsigned numbers (the order GetNext walks). The default value is the null OID (no sub-identifiers).
/// Immutable: the array is never handed out for writing.
/// </summary>
public readonly struct Oid : IEquatable<Oid>, IComparable<Oid>
{
    /// <summary>RFC 2741 §5.1: an AgentX OID carries at most 128 sub-identifiers.</summary>
    public const int MaxLength = 128;

    private readonly uint[]? _ids;

    public Oid(params ReadOnlySpan<uint> ids)
    {
        if (ids.Length > MaxLength)
            throw new ArgumentException($"An OID has at most {MaxLength} sub-identifiers; this one has {ids.Length}.", nameof(ids));
        _ids = ids.IsEmpty ? null : ids.ToArray();
    }

    private Oid(uint[] owned) => _ids = owned.Length == 0 ? null : owned;

    public static Oid Null => default;

    public int Length => _ids?.Length ?? 0;
    public bool IsNull => Length == 0;
    public uint this[int index] => (_ids ?? [])[index];
    public ReadOnlySpan<uint> Span => _ids;

    /// <summary>Parses dotted numbers, with or without a leading dot (".1.3.6.1.4.1.36957").</summary>
    public static Oid Parse(string text)
    {
        var t = text.Trim().TrimStart('.');
        if (t.Length == 0) return Null;
        var parts = t.Split('.');
        var ids = new uint[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!uint.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]))
                throw new FormatException($"'{text}' is not a numeric OID: '{parts[i]}' is not a sub-identifier.");
        return new Oid(ids);
    }

    /// <summary>This OID followed by more sub-identifiers.</summary>
    public Oid Append(params ReadOnlySpan<uint> more)
    {
        var ids = new uint[Length + more.Length];
        Span.CopyTo(ids);
        more.CopyTo(ids.AsSpan(Length));
        if (ids.Length > MaxLength)
            throw new ArgumentException($"An OID has at most {MaxLength} sub-identifiers.", nameof(more));
        return new Oid(ids);
    }

    public bool StartsWith(Oid prefix) => Span.StartsWith(prefix.Span);

    public int CompareTo(Oid other)
    {
        var a = Span;
        var b = other.Span;
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
            if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
        return a.Length.CompareTo(b.Length);
    }

    public bool Equals(Oid other) => Span.SequenceEqual(other.Span);
    public override bool Equals(object? obj) => obj is Oid o && Equals(o);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var id in Span) h.Add(id);
        return h.ToHashCode();
    }

    public static bool operator ==(Oid a, Oid b) => a.Equals(b);
    public static bool operator !=(Oid a, Oid b) => !a.Equals(b);
    public static bool operator <(Oid a, Oid b) => a.CompareTo(b) < 0;
    public static bool operator >(Oid a, Oid b) => a.CompareTo(b) > 0;
    public static bool operator <=(Oid a, Oid b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Oid a, Oid b) => a.CompareTo(b) >= 0;

    /// <summary>net-snmp's numeric form (-On): ".1.3.6.1..."; the null OID prints as "".</summary>
    public override string ToString() => IsNull ? "" : "." + string.Join('.', _ids!);

    internal static Oid FromOwned(uint[] ids) => new(ids);
}
