using System.Text;

namespace Vireo.Cli.Formatting;

/// <summary>
/// virsh's tree listing (vshTreePrint), shared by nodedev-list --tree and checkpoint-list --tree: every item
/// without a parent is a root, printed in the order given; its children follow in the same order, "+- " before
/// each, "|" carrying on the line of a parent that has more children below, and a line of bare indentation after
/// the last child of a branch. The caller sorts as the command does.
/// </summary>
public static class VshTree
{
    public static string Format(IReadOnlyList<(string Name, string? Parent)> items)
    {
        var b = new StringBuilder();
        var indent = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
            if (items[i].Parent is null) Print(items, i, i, root: true, indent, b);
        return b.ToString();
    }

    private static void Print(IReadOnlyList<(string Name, string? Parent)> all, int item, int lastSibling, bool root, StringBuilder indent, StringBuilder b)
    {
        var name = all[item].Name;
        b.Append(indent).Append(root ? "" : "+- ").Append(name).Append('\n');
        if (!root) indent.Append(item == lastSibling ? ' ' : '|').Append(' ');
        var lastChild = -1;
        for (var i = 0; i < all.Count; i++)
            if (all[i].Parent == name) lastChild = i;
        if (lastChild != -1) b.Append(indent).Append("  |\n");
        indent.Append("  ");
        for (var i = 0; i < all.Count; i++)
            if (all[i].Parent == name) Print(all, i, lastChild, root: false, indent, b);
        indent.Length -= 2;
        if (lastChild == -1 && item == lastSibling) b.Append(indent).Append('\n');
        if (!root) indent.Length -= 2;
    }
}
