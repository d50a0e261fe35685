using Vireo.Client;

namespace Vireo.Cli.Formatting;

/// <summary>net-event, pool-event, secret-event and nodedev-event lines as virsh 9.0 prints them.</summary>
public static class ObjectEventFormat
{
    /// <summary>What virsh calls the object, its event names (by event id) and its lifecycle words (by event type).</summary>
    private sealed record KindWords(string Noun, string[] EventNames, string[] Lifecycle);

    private static KindWords Words(VirObjectKind kind) => kind switch
    {
        VirObjectKind.Network => new("network", ["lifecycle"], ["Defined", "Undefined", "Started", "Stopped"]),
        VirObjectKind.StoragePool => new("storage pool", ["lifecycle", "refresh"], ["Defined", "Undefined", "Started", "Stopped", "Created", "Deleted"]),
        VirObjectKind.Secret => new("secret", ["lifecycle", "value-changed"], ["Defined", "Undefined"]),
        _ => new("node device", ["lifecycle", "update"], ["Created", "Deleted", "Defined", "Undefined"]),
    };

    /// <summary>The kind's event names (`--list`), indexed by event id.</summary>
    public static IReadOnlyList<string> Names(VirObjectKind kind) => Words(kind).EventNames;

    public static string Line(VirObjectEvent e, DateTimeOffset? timestamp)
    {
        var words = Words(e.Kind);
        var prefix = EventFormat.Prefix(timestamp);
        if (e.Lifecycle is { } type)
        {
            var word = type >= 0 && type < words.Lifecycle.Length ? words.Lifecycle[type] : "unknown";
            return $"{prefix}event 'lifecycle' for {words.Noun} {e.Object}: {word}\n";
        }
        var name = e.EventId >= 0 && e.EventId < words.EventNames.Length ? words.EventNames[e.EventId] : "unknown";
        return $"{prefix}event '{name}' for {words.Noun} {e.Object}\n";
    }
}
