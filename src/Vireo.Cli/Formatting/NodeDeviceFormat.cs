using System.Text;

namespace Vireo.Cli.Formatting;

/// <summary>virsh 9.0's nodedev-list and nodedev-info output.</summary>
public static class NodeDeviceFormat
{
    /// <summary>The plain list: one name a line, sorted as virsh sorts them (strcmp).</summary>
    public static string List(IEnumerable<string> names)
    {
        var b = new StringBuilder();
        foreach (var n in names.Order(StringComparer.Ordinal)) b.Append(n).Append('\n');
        return b.ToString();
    }

    /// <summary>
    /// nodedev-list --tree (virsh's vshTreePrint): every device without a parent is a root; children follow
    /// in sorted order, "+- " before each, "|" carrying on the line of a parent that has more children below,
    /// and a line of bare indentation after the last child of a branch.
    /// </summary>
    public static string Tree(IReadOnlyList<(string Name, string? Parent)> devices)
    {
        var sorted = devices.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var b = new StringBuilder();
        var indent = new StringBuilder();
        for (var i = 0; i < sorted.Count; i++)
            if (sorted[i].Parent is null) Print(sorted, i, i, root: true, indent, b);
        return b.ToString();
    }

    private static void Print(List<(string Name, string? Parent)> all, int dev, int lastDev, bool root, StringBuilder indent, StringBuilder b)
    {
        var name = all[dev].Name;
        b.Append(indent).Append(root ? "" : "+- ").Append(name).Append('\n');
        if (!root) indent.Append(dev == lastDev ? ' ' : '|').Append(' ');
        var lastChild = -1;
        for (var i = 0; i < all.Count; i++)
            if (all[i].Parent == name) lastChild = i;
        if (lastChild != -1) b.Append(indent).Append("  |\n");
        indent.Append("  ");
        for (var i = 0; i < all.Count; i++)
            if (all[i].Parent == name) Print(all, i, lastChild, root: false, indent, b);
        indent.Length -= 2;
        if (lastChild == -1 && dev == lastDev) b.Append(indent).Append('\n');
        if (!root) indent.Length -= 2;
    }

    public static string Info(string name, string? parent, bool active, bool persistent, bool autostart) =>
        $"{"Name:",-15} {name}\n{"Parent:",-15} {parent}\n{"Active:",-15} {YesNo(active)}\n{"Persistent:",-15} {YesNo(persistent)}\n{"Autostart:",-15} {YesNo(autostart)}\n";

    private static string YesNo(bool b) => b ? "yes" : "no";
}
