using System.Globalization;
using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// &lt;clock&gt; as -rtc (base, clock source, drift fix) and the PIT's lost-tick policy. The HPET and PIT
/// presence and kvmclock/tsc live on -machine and -cpu (MachineArgs, CpuArgs). A 'variable' offset is
/// an absolute RTC start time: the context's start time plus the adjustment (the clock comes in
/// through the context, so building stays pure).
/// </summary>
internal static class ClockArgs
{
    public static void Emit(BuildSession s)
    {
        var clock = s.Def.Clock ?? new ClockDef();
        var rtc = new QemuProps().Add("base", Base(s, clock));
        string? pitPolicy = null;
        foreach (var timer in clock.Timers)
        {
            var what = $"<timer name='{timer.Name.ToString().ToLowerInvariant()}'> of {s.Owner}";
            switch (timer.Name)
            {
                case TimerName.Rtc:
                    if (timer.Present == YesNo.No)
                        throw s.Unsupported($"{what} cannot be removed: a PC always has its RTC");
                    rtc.Add("clock", timer.Track switch
                    {
                        TimerTrack.Guest => "vm",
                        TimerTrack.Wall => "host",
                        TimerTrack.Realtime => "rt",
                        TimerTrack.Boot => throw s.Unsupported($"{what}: track='boot' is not supported by QEMU; use 'guest', 'wall' or 'realtime'"),
                        _ => null,
                    });
                    rtc.Add("driftfix", timer.TickPolicy switch
                    {
                        TimerTickPolicy.Catchup => "slew",
                        TimerTickPolicy.Delay or null => null,
                        _ => throw s.Unsupported($"{what}: tickpolicy='{timer.TickPolicy.ToString()!.ToLowerInvariant()}' is not supported; use 'catchup' or 'delay'"),
                    });
                    break;
                case TimerName.Pit:
                    // QEMU's own PIT always delays; only the in-kernel PIT has a policy, and catchup/discard are its defaults.
                    pitPolicy = timer.TickPolicy switch
                    {
                        TimerTickPolicy.Delay => "delay",
                        TimerTickPolicy.Merge => throw s.Unsupported($"{what}: tickpolicy='merge' is not supported; use 'delay', 'catchup' or 'discard'"),
                        _ => pitPolicy,
                    };
                    break;
                case TimerName.Hpet or TimerName.Kvmclock or TimerName.Hypervclock:
                    break; // -machine hpet=off / -cpu kvmclock= / -cpu hv-time=on
                case TimerName.Tsc:
                    if (timer.Mode is not (null or TimerMode.Auto))
                        throw s.Unsupported($"{what}: mode='{timer.Mode.ToString()!.ToLowerInvariant()}' is not supported; only the TSC frequency can be set");
                    break;
                default:
                    throw s.Unsupported($"{what} is not supported by the QEMU driver");
            }
        }
        s.Add("-rtc", rtc);
        if (pitPolicy is not null) s.Add("-global", $"kvm-pit.lost_tick_policy={pitPolicy}");
    }

    private static string Base(BuildSession s, ClockDef clock)
    {
        switch (clock.Offset)
        {
            case ClockOffset.Utc or ClockOffset.Localtime:
                var local = clock.Offset == ClockOffset.Localtime;
                if (clock.Adjustment is null or "reset") return local ? "localtime" : "utc";
                return Absolute(s, Seconds(s, clock.Adjustment), local);
            case ClockOffset.Timezone:
                if (string.IsNullOrEmpty(clock.Timezone))
                    throw s.Unsupported($"<clock offset='timezone'> of {s.Owner} needs a timezone attribute");
                s.Environment["TZ"] = clock.Timezone;
                return "localtime";
            default: // variable
                return Absolute(s, clock.Adjustment is null ? 0 : Seconds(s, clock.Adjustment), clock.Basis == ClockBasis.Localtime);
        }
    }

    private static long Seconds(BuildSession s, string adjustment) =>
        long.TryParse(adjustment, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw s.Unsupported($"<clock adjustment='{adjustment}'> of {s.Owner} is not a number of seconds");

    private static string Absolute(BuildSession s, long adjustment, bool localBasis)
    {
        var start = s.Ctx.Now.ToUniversalTime().DateTime.AddSeconds(adjustment);
        if (localBasis) start += s.Ctx.LocalUtcOffset;
        return start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
