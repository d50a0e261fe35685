namespace Vireo.Core.Domain;

/// <summary>
/// &lt;perf&gt;: which host perf counters libvirt keeps on the guest's process. Each event is written at most
/// once; an event left out is neither enabled nor disabled (libvirt keeps it "absent" and formats it not at all).
/// Events are kept in <see cref="PerfEventNames.All"/> order, the order libvirt formats them in.
/// </summary>
public sealed record PerfDef
{
    public IReadOnlyList<PerfEventDef> Events { get; init => field = ValueList.From(value); } = ValueList<PerfEventDef>.Empty;

    /// <summary>Whether the event is set to enabled='yes'.</summary>
    public bool IsEnabled(string name) => Events.Any(e => e.Name == name && e.Enabled);

    /// <summary>The names of the enabled events, in libvirt's order.</summary>
    public IEnumerable<string> Enabled => Events.Where(e => e.Enabled).Select(e => e.Name);

    /// <summary>This definition with the given events set (others kept), in libvirt's order; null when nothing is left.</summary>
    public static PerfDef? With(PerfDef? perf, IEnumerable<KeyValuePair<string, bool>> changes)
    {
        var state = (perf?.Events ?? []).ToDictionary(e => e.Name, e => e.Enabled, StringComparer.Ordinal);
        foreach (var (name, enabled) in changes) state[name] = enabled;
        var events = PerfEventNames.All.Where(state.ContainsKey).Select(n => new PerfEventDef(n, state[n])).ToList();
        return events.Count == 0 ? null : new PerfDef { Events = events };
    }
}

/// <summary>&lt;event name='cpu_clock' enabled='yes|no'/&gt;.</summary>
public sealed record PerfEventDef(string Name, bool Enabled);

/// <summary>libvirt's perf event names (virPerfEvent), in its order: the XML names and the typed-parameter fields.</summary>
public static class PerfEventNames
{
    public static readonly IReadOnlyList<string> All =
    [
        "cmt", "mbmt", "mbml",
        "cpu_cycles", "instructions", "cache_references", "cache_misses", "branch_instructions", "branch_misses",
        "bus_cycles", "stalled_cycles_frontend", "stalled_cycles_backend", "ref_cpu_cycles",
        "cpu_clock", "task_clock", "page_faults", "context_switches", "cpu_migrations",
        "page_faults_min", "page_faults_maj", "alignment_faults", "emulation_faults",
    ];

    public static int IndexOf(string name)
    {
        for (var i = 0; i < All.Count; i++)
            if (All[i] == name) return i;
        return -1;
    }
}
