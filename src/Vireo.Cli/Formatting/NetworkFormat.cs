namespace Vireo.Cli.Formatting;

/// <summary>A network as net-list shows it.</summary>
public sealed record NetRow(string Name, Guid Uuid, bool Active, bool Autostart, bool Persistent);

/// <summary>What virsh 9.0 prints for networks (virsh-network.c), pure text from values.</summary>
public static class NetworkFormat
{
    private static string YesNo(bool b) => b ? "yes" : "no";

    /// <summary>net-list: the table, or --name / --uuid one per line (sorted by name, as virsh sorts).</summary>
    public static string NetList(IEnumerable<NetRow> nets, bool names, bool uuids)
    {
        var sorted = nets.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        if (names) return string.Concat(sorted.Select(n => n.Name + "\n"));
        if (uuids) return string.Concat(sorted.Select(n => n.Uuid + "\n"));
        return VshTable.Format(["Name", "State", "Autostart", "Persistent"],
            sorted.Select(n => (IReadOnlyList<string>)[n.Name, n.Active ? "active" : "inactive", YesNo(n.Autostart), YesNo(n.Persistent)]));
    }

    /// <summary>net-info (the bridge line only when the network has one).</summary>
    public static string NetInfo(string name, Guid uuid, bool active, bool persistent, bool autostart, string? bridge)
    {
        var s = Text.Field("Name:", 15, name) + Text.Field("UUID:", 15, uuid.ToString()) + Text.Field("Active:", 15, YesNo(active))
            + Text.Field("Persistent:", 15, YesNo(persistent)) + Text.Field("Autostart:", 15, YesNo(autostart));
        return bridge is null ? s : s + Text.Field("Bridge:", 15, bridge);
    }
}
