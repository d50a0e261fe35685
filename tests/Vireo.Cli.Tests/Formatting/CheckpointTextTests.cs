using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>
/// checkpoint-create-as's XML, checkpoint-list's order, table and tree, each against what Debian's virsh 9.0
/// printed (checkpoint-create-as --print-xml, and checkpoint-list over checkpoints redefined with these names,
/// parents and creation times, in three time zones).
/// </summary>
public sealed class CheckpointTextTests
{
    [Fact]
    public void Create_as_escapes_names_keeps_values_as_typed_and_reads_double_commas_as_commas()
    {
        // virsh checkpoint-create-as DOM "a<b&'\"c" "d>e" "v,,da,bitmap=x<y" "v'b,checkpoint=b'x" ",,x,,,bitmap=,checkpoint=" --print-xml
        Assert.Equal("<domaincheckpoint>\n  <name>a&lt;b&amp;&apos;&quot;c</name>\n  <description>d&gt;e</description>\n  <disks>\n" +
                     "    <disk name='v,da' bitmap='x<y'/>\n    <disk name='v&apos;b' checkpoint='b'x'/>\n    <disk name=',x,' checkpoint='' bitmap=''/>\n" +
                     "  </disks>\n</domaincheckpoint>\n",
            CheckpointText.CreateAsXml("a<b&'\"c", "d>e", ["v,,da,bitmap=x<y", "v'b,checkpoint=b'x", ",,x,,,bitmap=,checkpoint="]));
    }

    [Fact]
    public void Create_as_leaves_out_what_was_not_given_and_drops_control_characters()
    {
        Assert.Equal("<domaincheckpoint>\n</domaincheckpoint>\n", CheckpointText.CreateAsXml(null, null, []));
        // An empty diskspec is one empty disk name, which virsh's escaping leaves out; \x01 dropped, \t kept.
        Assert.Equal("<domaincheckpoint>\n  <name>n</name>\n  <description>d</description>\n  <disks>\n    />\n    <disk name='x\ty'/>\n  </disks>\n</domaincheckpoint>\n",
            CheckpointText.CreateAsXml("n", "d", ["", "x\u0001\ty"]));
        Assert.Equal("<domaincheckpoint>\n  <disks>\n    <disk name='vda,,'/>\n  </disks>\n</domaincheckpoint>\n",
            CheckpointText.CreateAsXml(null, null, ["vda,,,,"]));
    }

    [Theory]
    [InlineData("vda,foo=bar")]
    [InlineData("vdb,checkpoint=bitmap,checkpoint=no")]
    [InlineData("vda,bitmap=a,checkpoint=no,bitmap=b")]
    [InlineData(",")]
    [InlineData("vda,")]
    public void Create_as_refuses_a_diskspec_as_virsh_does(string spec)
    {
        var e = Assert.Throws<CliError>(() => CheckpointText.CreateAsXml("c", null, ["vda", spec]));
        Assert.Equal([$"unable to parse diskspec: {spec}"], e.Lines);
    }

    [Fact]
    public void Comma_lists_split_as_vshStringToArray_does()
    {
        Assert.Equal([""], Text.SplitCommaList(""));
        Assert.Equal(["", ""], Text.SplitCommaList(","));
        Assert.Equal(["a,b", "c"], Text.SplitCommaList("a,,b,c"));
        Assert.Equal([",x,", "y"], Text.SplitCommaList(",,x,,,y"));
    }

    // Checkpoints redefined in vireod: alpha (root), Beta and _c (alpha's), delta (Beta's), echo (root), created 100 s apart.
    private static readonly (string Name, string? Parent, long Created)[] Redefined =
    [
        ("alpha", null, 1700000000), ("echo", null, 1700000400), ("Beta", "alpha", 1700000100), ("_c", "alpha", 1700000200), ("delta", "Beta", 1700000300),
    ];

    [Fact]
    public void Names_sort_as_strcasecmp_sorts_them_unless_topological()
    {
        // strcasecmp folds to lower case: '_' (0x5f) comes before 'a'; .NET's OrdinalIgnoreCase would put it after 'Z'.
        var topological = Redefined.Select(r => r.Name).ToList();
        Assert.Equal(["_c", "alpha", "Beta", "delta", "echo"], CheckpointText.Order(topological, n => n, topological: false));
        Assert.Equal(topological, CheckpointText.Order(topological, n => n, topological: true));
    }

    [Fact]
    public void Tree_is_virshs_with_sorted_siblings()
    {
        // virsh checkpoint-list DOM --tree
        var items = CheckpointText.Order(Redefined.Select(r => (r.Name, r.Parent)).ToList(), i => i.Name, topological: false);
        Assert.Equal("alpha\n  |\n  +- _c\n  +- Beta\n      |\n      +- delta\n        \necho\n\n", VshTree.Format(items));
        // The single chain CheckpointLifecycleTests reads from virsh.
        Assert.Equal("c1\n  |\n  +- c2\n      |\n      +- c3\n        \n", VshTree.Format([("c1", null), ("c2", "c1"), ("c3", "c2")]));
    }

    [Fact]
    public void Table_shows_creation_times_in_the_local_zone_and_parents()
    {
        var docs = Redefined.Select(r => (r.Name, Xml(r.Name, r.Parent, r.Created))).ToList();
        // virsh checkpoint-list DOM --parent --topological (TZ=UTC)
        Assert.Equal(" Name    Creation Time               Parent\n---------------------------------------------\n" +
                     " alpha   2023-11-14 22:13:20 +0000   \n echo    2023-11-14 22:20:00 +0000   \n Beta    2023-11-14 22:15:00 +0000   alpha\n" +
                     " _c      2023-11-14 22:16:40 +0000   alpha\n delta   2023-11-14 22:18:20 +0000   Beta\n",
            CheckpointText.Table(docs, withParent: true, TimeZoneInfo.Utc));
        // TZ=Asia/Kolkata and TZ=America/St_Johns: half-hour offsets, one of them negative.
        Assert.StartsWith(" Name    Creation Time\n------------------------------------\n alpha   2023-11-15 03:43:20 +0530\n",
            CheckpointText.Table(docs[..1], withParent: false, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")));
        Assert.Equal("2023-11-14 18:43:20 -0330", CheckpointText.CreationTime(1700000000, TimeZoneInfo.FindSystemTimeZoneById("America/St_Johns")));
    }

    [Fact]
    public void Table_leaves_out_a_document_without_a_creation_time_and_an_empty_list_is_the_header()
    {
        Assert.Equal(" Name   Creation Time\n-----------------------\n",
            CheckpointText.Table([("x", "<domaincheckpoint><name>x</name></domaincheckpoint>"), ("y", "not xml")], withParent: false, TimeZoneInfo.Utc));
    }

    private static string Xml(string name, string? parent, long created) =>
        $"<domaincheckpoint>\n  <name>{name}</name>\n" + (parent is null ? "" : $"  <parent>\n    <name>{parent}</name>\n  </parent>\n") +
        $"  <creationTime>{created}</creationTime>\n</domaincheckpoint>\n";
}
