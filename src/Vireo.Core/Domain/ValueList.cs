using System.Collections;

namespace Vireo.Core.Domain;

/// <summary>
/// An immutable list with value equality, so that records holding lists compare by content
/// (parse(format(d)) == d). Record list properties normalise whatever is assigned into one of these.
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    public static readonly ValueList<T> Empty = new([]);

    private readonly T[] items;

    private ValueList(T[] items) => this.items = items;

    public static ValueList<T> From(IEnumerable<T>? source) => source switch
    {
        null => Empty,
        ValueList<T> list => list,
        _ => source.TryGetNonEnumeratedCount(out var n) && n == 0 ? Empty : new ValueList<T>(source.ToArray()),
    };

    public T this[int index] => items[index];
    public int Count => items.Length;
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || items.AsSpan().SequenceEqual(other.items, EqualityComparer<T>.Default));

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items) hash.Add(item);
        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", items) + "]";
}

/// <summary>Shorthand for normalising an assigned list in an init accessor.</summary>
public static class ValueList
{
    public static ValueList<T> From<T>(IEnumerable<T>? source) => ValueList<T>.From(source);
}
