using Vireo.Snmp.AgentX;

namespace Vireo.Snmp.Mib;

/// <summary>
/// An immutable view of libvirtGuestTable: every served cell, sorted by OID, so Get is a binary search
/// and GetNext a lower-bound search. Rows sort by their raw UUID bytes (RFC 2578 index order), which is
/// what comparing the cell OIDs does. Built off the request path and swapped whole.
/// </summary>
public sealed class GuestTableSnapshot
{
    /// <summary>The columns Get/GetNext serve, in OID order. The UUID column is accessible-for-notify only.</summary>
    public static readonly GuestColumn[] ServedColumns =
    [
        GuestColumn.Name, GuestColumn.State, GuestColumn.CpuCount, GuestColumn.MemoryCurrent,
        GuestColumn.MemoryLimit, GuestColumn.CpuTime, GuestColumn.RowStatus,
    ];

    private readonly Oid[] _names;
    private readonly VarBind[] _cells;
    private readonly Dictionary<Guid, GuestRow> _rows;

    public static readonly GuestTableSnapshot Empty = new([]);

    public GuestTableSnapshot(IEnumerable<GuestRow> rows)
    {
        _rows = new Dictionary<Guid, GuestRow>();
        foreach (var r in rows) _rows[r.Uuid] = r; // a UUID is one row, whichever driver reported it last
        var ordered = _rows.Values
            .Select(r => (Row: r, Index: LibvirtMib.IndexBytes(r.Uuid)))
            .OrderBy(x => x.Index, ByteOrder.Instance)
            .ToArray();
        _names = new Oid[ordered.Length * ServedColumns.Length];
        _cells = new VarBind[_names.Length];
        int i = 0;
        foreach (var col in ServedColumns)
            foreach (var (row, index) in ordered)
            {
                var name = LibvirtMib.Cell(col, index);
                _names[i] = name;
                _cells[i] = CellValue(col, name, row);
                i++;
            }
    }

    public int RowCount => _rows.Count;
    public IReadOnlyCollection<GuestRow> Rows => _rows.Values;

    public GuestRow? FindRow(Guid uuid) => _rows.GetValueOrDefault(uuid);

    private static VarBind CellValue(GuestColumn col, Oid name, GuestRow r) => col switch
    {
        GuestColumn.Name => VarBind.OctetString(name, r.Name),
        GuestColumn.State => VarBind.Integer(name, (int)r.State),
        // Unsigned32 and Gauge32 share one wire type (66), as in libvirt-snmp.
        GuestColumn.CpuCount => VarBind.Gauge32(name, r.CpuCount),
        GuestColumn.MemoryCurrent => VarBind.Gauge32(name, r.MemoryCurrentMiB),
        GuestColumn.MemoryLimit => VarBind.Gauge32(name, r.MemoryLimitMiB),
        GuestColumn.CpuTime => VarBind.Counter64(name, r.CpuTimeNs),
        // libvirt-snmp always shows existing rows as active(1); down states are only told in notifications.
        GuestColumn.RowStatus => VarBind.Integer(name, (int)RowStatus.Active),
        _ => throw new ArgumentOutOfRangeException(nameof(col), col, "The column is not served by Get."),
    };

    /// <summary>RFC 2741 §7.2.3.1: the value, noSuchInstance under a served column, else noSuchObject.</summary>
    public VarBind Get(Oid name)
    {
        int i = Array.BinarySearch(_names, name);
        if (i >= 0) return _cells[i];
        bool servedColumn = name.Length > LibvirtMib.GuestEntry.Length && name.StartsWith(LibvirtMib.GuestEntry)
            && Array.IndexOf(ServedColumns, (GuestColumn)name[LibvirtMib.GuestEntry.Length]) >= 0;
        return servedColumn ? VarBind.NoSuchInstance(name) : VarBind.NoSuchObject(name);
    }

    /// <summary>
    /// RFC 2741 §7.2.3.2: the first cell after start (or at it, with include) and before end (exclusive;
    /// null end = unbounded); endOfMibView named after start when there is none.
    /// </summary>
    public VarBind GetNext(SearchRange range)
    {
        int i = Array.BinarySearch(_names, range.Start);
        if (i < 0) i = ~i;
        else if (!range.Include) i++;
        if (i < _names.Length && (range.End.IsNull || _names[i] < range.End)) return _cells[i];
        return VarBind.EndOfMibView(range.Start);
    }

    /// <summary>
    /// RFC 2741 §7.2.3.3: the first nonRepeaters ranges once, then the rest maxRepetitions times,
    /// interleaved repetition by repetition, each continuing after its previous answer; stops early when
    /// every repeater has reached endOfMibView.
    /// </summary>
    public List<VarBind> GetBulk(ushort nonRepeaters, ushort maxRepetitions, IReadOnlyList<SearchRange> ranges)
    {
        var result = new List<VarBind>();
        int n = Math.Min(nonRepeaters, ranges.Count);
        for (int i = 0; i < n; i++) result.Add(GetNext(ranges[i]));
        var cursors = ranges.Skip(n).ToArray();
        for (int rep = 0; rep < maxRepetitions && cursors.Length > 0; rep++)
        {
            bool allEnded = true;
            for (int j = 0; j < cursors.Length; j++)
            {
                var vb = GetNext(cursors[j]);
                result.Add(vb);
                if (vb.Type != VarBindType.EndOfMibView)
                {
                    allEnded = false;
                    cursors[j] = cursors[j] with { Start = vb.Name, Include = false };
                }
            }
            if (allEnded) break;
        }
        return result;
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
