using System.Globalization;
using Vireo.Core.Storage;

namespace Vireo.Cli.Formatting;

/// <summary>A pool as pool-list shows it (sizes only for a running pool).</summary>
public sealed record PoolRow(string Name, StoragePoolState State, bool Active, bool Autostart, bool Persistent, ulong Capacity, ulong Allocation, ulong Available);

/// <summary>A volume as vol-list --details shows it.</summary>
public sealed record VolRow(string Name, string Path, StorageVolType Type, ulong Capacity, ulong Allocation);

/// <summary>What virsh 9.0 prints for pools and volumes (virsh-pool.c, virsh-volume.c), pure text from values.</summary>
public static class StorageFormat
{
    /// <summary>virsh's vshPrettyCapacity with "%.2lf %s": bytes below 1024 as B, then KiB .. EiB.</summary>
    public static string Capacity(ulong bytes)
    {
        var (value, unit) = Pretty(bytes);
        return value.ToString("0.00", CultureInfo.InvariantCulture) + " " + unit;
    }

    /// <summary>virsh's vshPrettyCapacity: the value scaled to the largest binary unit it reaches, and that unit.</summary>
    public static (double Value, string Unit) Pretty(ulong bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        var unit = 0;
        while (unit < units.Length - 1 && bytes >= 1UL << (10 * (unit + 1)))
            unit++;
        return (bytes / Math.Pow(1024, unit), units[unit]);
    }

    public static string PoolStateName(StoragePoolState s) => s switch
    {
        StoragePoolState.Inactive => "inactive",
        StoragePoolState.Building => "building",
        StoragePoolState.Running => "running",
        StoragePoolState.Degraded => "degraded",
        StoragePoolState.Inaccessible => "inaccessible",
        _ => "unknown",
    };

    public static string VolTypeName(StorageVolType t) => t switch
    {
        StorageVolType.File => "file",
        StorageVolType.Block => "block",
        StorageVolType.Dir => "dir",
        StorageVolType.Network => "network",
        StorageVolType.NetDir => "netdir",
        StorageVolType.Ploop => "ploop",
        _ => "unknown",
    };

    private static string YesNo(bool b) => b ? "yes" : "no";

    /// <summary>pool-list: the short table, or with details the state and sizes ("-" while not running).</summary>
    public static string PoolList(IEnumerable<PoolRow> pools, bool details)
    {
        var sorted = pools.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        if (!details)
            return VshTable.Format(["Name", "State", "Autostart"],
                sorted.Select(p => (IReadOnlyList<string>)[p.Name, p.Active ? "active" : "inactive", YesNo(p.Autostart)]));
        return VshTable.Format(["Name", "State", "Autostart", "Persistent", "Capacity", "Allocation", "Available"],
            sorted.Select(p =>
            {
                var running = p.State == StoragePoolState.Running;
                return (IReadOnlyList<string>)[p.Name, PoolStateName(p.State), YesNo(p.Autostart), YesNo(p.Persistent),
                    running ? Capacity(p.Capacity) : "-", running ? Capacity(p.Allocation) : "-", running ? Capacity(p.Available) : "-"];
            }));
    }

    /// <summary>pool-list --name or --uuid: one per line.</summary>
    public static string Lines(IEnumerable<(string Name, string Value)> items) =>
        string.Concat(items.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => i.Value + "\n"));

    /// <summary>pool-info (sizes only while running, as virsh prints them).</summary>
    public static string PoolInfo(string name, Guid uuid, StoragePoolState state, bool persistent, bool autostart, ulong capacity, ulong allocation, ulong available)
    {
        var s = Text.Field("Name:", 15, name) + Text.Field("UUID:", 15, uuid.ToString()) + Text.Field("State:", 15, PoolStateName(state))
            + Text.Field("Persistent:", 15, YesNo(persistent)) + Text.Field("Autostart:", 15, YesNo(autostart));
        if (state is StoragePoolState.Running or StoragePoolState.Degraded)
            s += Text.Field("Capacity:", 15, Capacity(capacity)) + Text.Field("Allocation:", 15, Capacity(allocation)) + Text.Field("Available:", 15, Capacity(available));
        return s;
    }

    /// <summary>vol-list: name and path, or with details type and sizes too.</summary>
    public static string VolList(IEnumerable<VolRow> vols, bool details)
    {
        var sorted = vols.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        if (!details) return VshTable.Format(["Name", "Path"], sorted.Select(v => (IReadOnlyList<string>)[v.Name, v.Path]));
        return VshTable.Format(["Name", "Path", "Type", "Capacity", "Allocation"],
            sorted.Select(v => (IReadOnlyList<string>)[v.Name, v.Path, VolTypeName(v.Type), Capacity(v.Capacity), Capacity(v.Allocation)]));
    }

    /// <summary>vol-info; with --bytes the sizes are exact ("N bytes").</summary>
    public static string VolInfo(string name, StorageVolType type, ulong capacity, ulong allocation, bool bytes)
    {
        string Size(ulong v) => bytes ? v.ToString(CultureInfo.InvariantCulture) + " bytes" : Capacity(v);
        return Text.Field("Name:", 15, name) + Text.Field("Type:", 15, VolTypeName(type))
            + Text.Field("Capacity:", 15, Size(capacity)) + Text.Field("Allocation:", 15, Size(allocation));
    }
}
