namespace Vireo.Core.Domain;

/// <summary>&lt;clock offset adjustment basis timezone&gt; with &lt;timer&gt; children.</summary>
public sealed record ClockDef
{
    public ClockOffset Offset { get; init; } = ClockOffset.Utc;

    /// <summary>adjustment: seconds for 'variable', 'reset' or seconds for 'utc'/'localtime'.</summary>
    public string? Adjustment { get; init; }
    public ClockBasis? Basis { get; init; }
    public string? Timezone { get; init; }
    public IReadOnlyList<TimerDef> Timers { get; init => field = ValueList.From(value); } = ValueList<TimerDef>.Empty;
}

public enum ClockOffset { Utc, Localtime, Timezone, Variable }

public enum ClockBasis { Utc, Localtime }

/// <summary>&lt;timer name tickpolicy present track frequency mode/&gt;.</summary>
public sealed record TimerDef
{
    public required TimerName Name { get; init; }
    public TimerTrack? Track { get; init; }
    public TimerTickPolicy? TickPolicy { get; init; }
    public ulong? Frequency { get; init; }
    public TimerMode? Mode { get; init; }
    public YesNo? Present { get; init; }
}

public enum TimerName { Platform, Rtc, Pit, Hpet, Kvmclock, Tsc, Hypervclock, Armvtimer }

public enum TimerTrack { Boot, Guest, Wall, Realtime }

public enum TimerTickPolicy { Delay, Catchup, Merge, Discard }

public enum TimerMode { Auto, Native, Emulate, Paravirt, Smpsafe }
