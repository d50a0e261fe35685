using Vireo.Snmp.AgentX;
using Vireo.Snmp.Mib;

namespace Vireo.Snmp.Tests.Mib;

public class GuestTableSnapshotTests
{
    // The two guests of the research recipe (snmp.md §3.3), plus one whose first byte is above 127 so that
    // a signed-byte or Guid-order sort would put it first.
    public static readonly Guid Alpha = Guid.Parse("4ac85f3c-9f18-e091-d940-50be09db6d17");
    public static readonly Guid Beta = Guid.Parse("6f1c2a90-1b2c-4d3e-8f90-a1b2c3d4e5f6");
    public static readonly Guid High = Guid.Parse("ff000000-0000-0000-0000-000000000001");
    public const string AlphaIndex = "74.200.95.60.159.24.224.145.217.64.80.190.9.219.109.23";
    public const string BetaIndex = "111.28.42.144.27.44.77.62.143.144.161.178.195.212.229.246";

    public static GuestTableSnapshot RecipeTable() => new(
    [
        new GuestRow(High, "vm-high", GuestState.Paused, 4, 256, 256, 7),
        new GuestRow(Beta, "vm-beta", GuestState.Shutoff, 1, 0, 512, 0),
        new GuestRow(Alpha, "vm-alpha", GuestState.Running, 2, 1024, 2048, 123456789012),
    ]);

    private static Oid Cell(GuestColumn c, Guid g) => LibvirtMib.Cell(c, LibvirtMib.IndexBytes(g));

    [Fact]
    public void Index_is_the_sixteen_uuid_bytes_in_rfc_order()
    {
        Assert.Equal(".1.3.6.1.4.1.36957.1.1.1.3." + AlphaIndex, Cell(GuestColumn.State, Alpha).ToString());
        Assert.True(LibvirtMib.TryParseCell(Cell(GuestColumn.Name, Beta), out var col, out var uuid));
        Assert.Equal((uint)GuestColumn.Name, col);
        Assert.Equal(Beta, uuid);
    }

    [Fact]
    public void A_walk_goes_column_by_column_and_rows_by_unsigned_uuid_bytes()
    {
        var t = RecipeTable();
        var walked = new List<VarBind>();
        var range = new SearchRange(LibvirtMib.Root, Oid.Null);
        while (true)
        {
            var vb = t.GetNext(range);
            if (vb.Type == VarBindType.EndOfMibView) break;
            walked.Add(vb);
            range = new SearchRange(vb.Name, Oid.Null);
        }
        Assert.Equal(21, walked.Count); // 7 served columns x 3 guests; the UUID column is notify-only
        Assert.Equal(Cell(GuestColumn.Name, Alpha), walked[0].Name);
        Assert.Equal(Cell(GuestColumn.Name, Beta), walked[1].Name);
        Assert.Equal(Cell(GuestColumn.Name, High), walked[2].Name);
        Assert.Equal([2u, 3, 4, 5, 6, 7, 9], walked.Select(v => v.Name[LibvirtMib.GuestEntry.Length]).Distinct());
        for (int i = 1; i < walked.Count; i++) Assert.True(walked[i - 1].Name < walked[i].Name);
    }

    [Fact]
    public void Cells_have_libvirt_snmp_types_and_units()
    {
        var t = RecipeTable();
        Assert.Equal(VarBind.OctetString(Cell(GuestColumn.Name, Alpha), "vm-alpha"), t.Get(Cell(GuestColumn.Name, Alpha)));
        Assert.Equal(VarBind.Integer(Cell(GuestColumn.State, Alpha), 1), t.Get(Cell(GuestColumn.State, Alpha)));
        Assert.Equal(VarBind.Gauge32(Cell(GuestColumn.CpuCount, Alpha), 2), t.Get(Cell(GuestColumn.CpuCount, Alpha)));
        Assert.Equal(VarBind.Gauge32(Cell(GuestColumn.MemoryCurrent, Alpha), 1024), t.Get(Cell(GuestColumn.MemoryCurrent, Alpha)));
        Assert.Equal(VarBind.Gauge32(Cell(GuestColumn.MemoryLimit, Alpha), 2048), t.Get(Cell(GuestColumn.MemoryLimit, Alpha)));
        Assert.Equal(VarBind.Counter64(Cell(GuestColumn.CpuTime, Alpha), 123456789012), t.Get(Cell(GuestColumn.CpuTime, Alpha)));
        Assert.Equal(VarBind.Integer(Cell(GuestColumn.RowStatus, Beta), 1), t.Get(Cell(GuestColumn.RowStatus, Beta)));
    }

    [Fact]
    public void Row_from_kib_converts_to_mib_and_clamps()
    {
        var r = GuestRow.FromKiB(Alpha, "a", GuestState.Running, 100000, 2097152, 4194304, 5);
        Assert.Equal((65535u, 2048u, 4096u), (r.CpuCount, r.MemoryCurrentMiB, r.MemoryLimitMiB));
        Assert.Equal(uint.MaxValue, GuestRow.FromKiB(Alpha, "a", GuestState.Running, 1, ulong.MaxValue, 0, 0).MemoryCurrentMiB);
    }

    [Fact]
    public void Get_distinguishes_missing_row_from_unknown_object()
    {
        var t = RecipeTable();
        Assert.Equal(VarBindType.NoSuchInstance, t.Get(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.3.1.2.3")).Type);
        Assert.Equal(VarBindType.NoSuchObject, t.Get(Cell(GuestColumn.Uuid, Alpha)).Type); // notify-only column
        Assert.Equal(VarBindType.NoSuchObject, t.Get(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.8.1")).Type);
        Assert.Equal(VarBindType.NoSuchObject, t.Get(Oid.Parse("1.3.6.1.2.1.1.3.0")).Type);
        var missing = t.Get(Oid.Parse("1.3.6.1.4.1.36957.1.1.1"));
        Assert.Equal(VarBindType.NoSuchObject, missing.Type);
        Assert.Equal(".1.3.6.1.4.1.36957.1.1.1", missing.Name.ToString()); // the request's name is echoed
    }

    [Fact]
    public void GetNext_honours_include_and_exclusive_end()
    {
        var t = RecipeTable();
        var first = Cell(GuestColumn.Name, Alpha);
        Assert.Equal(first, t.GetNext(new SearchRange(first, Oid.Null, Include: true)).Name);
        Assert.Equal(Cell(GuestColumn.Name, Beta), t.GetNext(new SearchRange(first, Oid.Null)).Name);
        // end is exclusive: the only candidate equals the end
        var end = t.GetNext(new SearchRange(first, Cell(GuestColumn.Name, Beta)));
        Assert.Equal(VarBindType.EndOfMibView, end.Type);
        Assert.Equal(first, end.Name);
        // net-snmp's master scopes a walk to the registration's next sibling .36957.1.2
        var last = Cell(GuestColumn.RowStatus, High);
        var past = t.GetNext(new SearchRange(last, Oid.Parse("1.3.6.1.4.1.36957.1.2")));
        Assert.Equal(VarBindType.EndOfMibView, past.Type);
        Assert.Equal(last, past.Name);
        // a start between columns lands on the next column's first row; column 8 does not exist
        Assert.Equal(Cell(GuestColumn.RowStatus, Alpha), t.GetNext(new SearchRange(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.8"), Oid.Null)).Name);
        Assert.Equal(VarBindType.EndOfMibView, GuestTableSnapshot.Empty.GetNext(new SearchRange(LibvirtMib.Root, Oid.Null)).Type);
    }

    [Fact]
    public void GetBulk_interleaves_non_repeaters_and_repetitions_and_stops_at_the_end()
    {
        var t = RecipeTable();
        var bulk = t.GetBulk(1, 3,
        [
            new SearchRange(LibvirtMib.Root, Oid.Null),
            new SearchRange(LibvirtMib.GuestEntry.Append((uint)GuestColumn.State), Oid.Null),
            new SearchRange(Cell(GuestColumn.RowStatus, Beta), Oid.Null),
        ]);
        // non-repeater, then (state, rowstatus) x 3; the second repeater runs out after one more cell
        Assert.Equal(
        [
            Cell(GuestColumn.Name, Alpha),
            Cell(GuestColumn.State, Alpha), Cell(GuestColumn.RowStatus, High),
            Cell(GuestColumn.State, Beta), Cell(GuestColumn.RowStatus, High),
            Cell(GuestColumn.State, High), Cell(GuestColumn.RowStatus, High),
        ], bulk.Select(v => v.Name));
        Assert.Equal([VarBindType.EndOfMibView, VarBindType.EndOfMibView], new[] { bulk[4].Type, bulk[6].Type });

        var allEnd = t.GetBulk(0, 50, [new SearchRange(Cell(GuestColumn.RowStatus, High), Oid.Null)]);
        Assert.Equal(VarBindType.EndOfMibView, Assert.Single(allEnd).Type); // stops once every repeater ended
        Assert.Equal(2, t.GetBulk(5, 9, [new SearchRange(LibvirtMib.Root, Oid.Null), new SearchRange(LibvirtMib.Root, Oid.Null)]).Count);
        Assert.Empty(t.GetBulk(0, 0, [new SearchRange(LibvirtMib.Root, Oid.Null)]));
    }
}
