namespace Vireo.Core.Domain;

/// <summary>
/// A number of a disk's &lt;iotune&gt; (and of blkdeviotune): libvirt's order, which is also the order of the
/// XML elements and of the typed parameters (group_name comes between <see cref="SizeIopsSec"/> and the lengths).
/// </summary>
public enum IoTuneField
{
    TotalBytesSec, ReadBytesSec, WriteBytesSec, TotalIopsSec, ReadIopsSec, WriteIopsSec,
    TotalBytesSecMax, ReadBytesSecMax, WriteBytesSecMax, TotalIopsSecMax, ReadIopsSecMax, WriteIopsSecMax,
    SizeIopsSec,
    TotalBytesSecMaxLength, ReadBytesSecMaxLength, WriteBytesSecMaxLength, TotalIopsSecMaxLength, ReadIopsSecMaxLength, WriteIopsSecMaxLength,
}

/// <summary>
/// &lt;iotune&gt; of a disk: QEMU's I/O throttling of the guest device (bytes and operations per second, the
/// burst limits and how long a burst may last, the operation size, and the group whose disks share the limits).
/// Zero means "no limit", as in libvirt. Immutable: <see cref="With"/> makes a changed copy.
/// </summary>
public sealed class DiskIoTuneDef : IEquatable<DiskIoTuneDef>
{
    public const int FieldCount = 19;

    /// <summary>libvirt's names of the numbers, by <see cref="IoTuneField"/>.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "total_bytes_sec", "read_bytes_sec", "write_bytes_sec", "total_iops_sec", "read_iops_sec", "write_iops_sec",
        "total_bytes_sec_max", "read_bytes_sec_max", "write_bytes_sec_max", "total_iops_sec_max", "read_iops_sec_max", "write_iops_sec_max",
        "size_iops_sec",
        "total_bytes_sec_max_length", "read_bytes_sec_max_length", "write_bytes_sec_max_length",
        "total_iops_sec_max_length", "read_iops_sec_max_length", "write_iops_sec_max_length",
    ];

    public const string GroupNameField = "group_name";

    public static readonly DiskIoTuneDef None = new(new ulong[FieldCount], null);

    private readonly ulong[] _values;

    private DiskIoTuneDef(ulong[] values, string? groupName)
    {
        _values = values;
        GroupName = string.IsNullOrEmpty(groupName) ? null : groupName;
    }

    public static DiskIoTuneDef Of(IReadOnlyList<ulong> values, string? groupName)
    {
        if (values.Count != FieldCount) throw new ArgumentException($"an iotune has {FieldCount} numbers", nameof(values));
        return new DiskIoTuneDef([.. values], groupName);
    }

    public ulong this[IoTuneField f] => _values[(int)f];

    public IReadOnlyList<ulong> Values => _values;

    /// <summary>The throttle group; null when the disk has a group of its own.</summary>
    public string? GroupName { get; }

    public DiskIoTuneDef With(IoTuneField f, ulong value)
    {
        var v = (ulong[])_values.Clone();
        v[(int)f] = value;
        return new DiskIoTuneDef(v, GroupName);
    }

    public DiskIoTuneDef WithGroup(string? groupName) => new((ulong[])_values.Clone(), groupName);

    /// <summary>No limit at all (the lengths aside, libvirt's "enabled" test: QEMU throttles nothing then).</summary>
    public bool HasLimits => _values.Take((int)IoTuneField.SizeIopsSec + 1).Any(v => v != 0);

    /// <summary>Whether anything is written in &lt;iotune&gt;.</summary>
    public bool IsEmpty => _values.All(v => v == 0) && GroupName is null;

    public static string NameOf(IoTuneField f) => Names[(int)f];

    public bool Equals(DiskIoTuneDef? other) =>
        other is not null && _values.AsSpan().SequenceEqual(other._values) && GroupName == other.GroupName;

    public override bool Equals(object? obj) => Equals(obj as DiskIoTuneDef);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var v in _values) h.Add(v);
        h.Add(GroupName);
        return h.ToHashCode();
    }
}
