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

    /// <summary>nodedev-list --tree: <see cref="VshTree"/> over the devices sorted as virsh sorts them (strcmp).</summary>
    public static string Tree(IReadOnlyList<(string Name, string? Parent)> devices) =>
        VshTree.Format(devices.OrderBy(d => d.Name, StringComparer.Ordinal).ToList());

    public static string Info(string name, string? parent, bool active, bool persistent, bool autostart) =>
        $"{"Name:",-15} {name}\n{"Parent:",-15} {parent}\n{"Active:",-15} {YesNo(active)}\n{"Persistent:",-15} {YesNo(persistent)}\n{"Autostart:",-15} {YesNo(autostart)}\n";

    private static string YesNo(bool b) => b ? "yes" : "no";
}
