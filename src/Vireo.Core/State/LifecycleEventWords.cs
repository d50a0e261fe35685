namespace Vireo.Core.State;

/// <summary>
/// virsh's words for lifecycle events (virsh-domain-event.c's tables): "Started Booted", "Stopped Destroyed".
/// One table for every edge that names events (vireo event, the REST event stream).
/// </summary>
public static class LifecycleEventWords
{
    private static readonly string[] Types =
        ["Defined", "Undefined", "Started", "Suspended", "Resumed", "Stopped", "Shutdown", "PMSuspended", "Crashed"];

    private static readonly string[][] Details =
    [
        ["Added", "Updated", "Renamed", "Snapshot"],
        ["Removed", "Renamed"],
        ["Booted", "Migrated", "Restored", "Snapshot", "Event wakeup"],
        ["Paused", "Migrated", "I/O Error", "Watchdog", "Restored", "Snapshot", "API error", "Post-copy", "Post-copy Error"],
        ["Unpaused", "Migrated", "Snapshot", "Post-copy", "Post-copy Error"],
        ["Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot"],
        ["Finished", "Finished after guest request", "Finished after host request"],
        ["Memory", "Disk"],
        ["Panicked", "Crashloaded"],
    ];

    /// <summary>The event type as virsh prints it ("Started"), or "unknown".</summary>
    public static string Type(LifecycleEventType type) =>
        (int)type >= 0 && (int)type < Types.Length ? Types[(int)type] : "unknown";

    /// <summary>The detail of an event of that type as virsh prints it ("Booted"), or "unknown".</summary>
    public static string Detail(LifecycleEventType type, int detail)
    {
        var t = (int)type;
        var details = t >= 0 && t < Details.Length ? Details[t] : [];
        return detail >= 0 && detail < details.Length ? details[detail] : "unknown";
    }
}
