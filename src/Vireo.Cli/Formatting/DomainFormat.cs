using System.Globalization;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Formatting;

/// <summary>What `dominfo` shows, gathered from several calls (some may be missing, as virsh tolerates).</summary>
public sealed record DomInfoData(
    int Id, string Name, Guid Uuid, string? OsType, DomainInfo? Info, bool? Persistent, bool? Autostart, bool? ManagedSave,
    string? SecurityModel, string? SecurityDoi, string? SecurityLabel, bool LabelEnforcing, IReadOnlyList<string> Messages);

/// <summary>The per-domain reports (virsh-domain-monitor.c layouts), as pure functions of the data.</summary>
public static class DomainFormat
{
    private const int Label = 15;

    public static string DomInfo(DomInfoData d)
    {
        var s = Text.Field("Id:", Label, d.Id < 0 ? "-" : Text.Inv($"{d.Id}"));
        s += Text.Field("Name:", Label, d.Name);
        s += Text.Field("UUID:", Label, d.Uuid.ToString("D"));
        if (d.OsType is not null) s += Text.Field("OS Type:", Label, d.OsType);
        if (d.Info is { } i)
        {
            s += Text.Field("State:", Label, StateNames.Of(i.State));
            s += Text.Field("CPU(s):", Label, Text.Inv($"{i.VirtCpus}"));
            if (i.CpuTimeNs != 0) s += Text.Field("CPU time:", Label, Text.OneDecimal(i.CpuTimeNs / 1e9) + "s");
            // virDomainInfo.maxMem is an unsigned long; UINT_MAX there means "no limit" (32-bit hosts).
            s += Text.Field("Max memory:", Label, i.MaxMemKiB == uint.MaxValue ? "no limit" : Text.Inv($"{i.MaxMemKiB} KiB"));
            s += Text.Field("Used memory:", Label, Text.Inv($"{i.MemoryKiB} KiB"));
        }
        s += Text.Field("Persistent:", Label, d.Persistent is { } p ? (p ? "yes" : "no") : "unknown");
        if (d.Autostart is { } a) s += Text.Field("Autostart:", Label, a ? "enable" : "disable");
        s += Text.Field("Managed save:", Label, d.ManagedSave is { } m ? (m ? "yes" : "no") : "unknown");
        if (!string.IsNullOrEmpty(d.SecurityModel))
        {
            s += Text.Field("Security model:", Label, d.SecurityModel);
            s += Text.Field("Security DOI:", Label, d.SecurityDoi ?? "");
            if (!string.IsNullOrEmpty(d.SecurityLabel))
                s += Text.Field("Security label:", Label, $"{d.SecurityLabel} ({(d.LabelEnforcing ? "enforcing" : "permissive")})");
        }
        for (var k = 0; k < d.Messages.Count; k++)
            s += Text.Field(k == 0 ? "Messages:" : "", Label, d.Messages[k]);
        return s;
    }

    /// <summary>domstate: "running", or with --reason "running (booted)".</summary>
    public static string DomState(StateWithReason s, bool reason) =>
        (reason ? $"{s.StateText} ({s.ReasonText})" : s.StateText) + "\n";

    /// <summary>virsh domcontrol: "ok", or the state and how long it has lasted ("background job (1.234s)").</summary>
    public static string DomControl(DomainControlInfo i) => i.State switch
    {
        DomainControlState.Ok => "ok\n",
        DomainControlState.Error => i.Details switch
        {
            0 => "error\n",
            1 => "error: unknown\n",
            2 => "error: monitor failure\n",
            3 => "error: internal (locking) error\n",
            _ => $"error: {i.Details}\n",
        },
        _ => string.Create(CultureInfo.InvariantCulture,
            $"{(i.State == DomainControlState.Job ? "background job" : "occupied")} ({i.StateTimeMs / 1000.0:F3}s)\n"),
    };

    /// <summary>virsh domtime: "Time: SECONDS", or with --pretty the UTC date and time.</summary>
    public static string DomTime(GuestTime t, bool pretty) => pretty
        ? string.Create(CultureInfo.InvariantCulture, $"Time: {DateTimeOffset.FromUnixTimeSeconds(t.Seconds).UtcDateTime:yyyy-MM-dd HH:mm:ss}\n")
        : string.Create(CultureInfo.InvariantCulture, $"Time: {t.Seconds}\n");

    /// <summary>
    /// What virsh domtime's options ask: null to read the time, else the time to set and the flags
    /// (--now: the host's clock; --sync: the guest's RTC, the time then unused). virsh's refusals, word for word.
    /// </summary>
    public static (GuestTime Time, SetTimeFlags Flags)? DomTimeRequest(string? time, bool now, bool sync, DateTimeOffset hostNow)
    {
        if (time is not null && now) throw new Infrastructure.CliError("Options --time and --now are mutually exclusive");
        if (time is not null && sync) throw new Infrastructure.CliError("Options --time and --sync are mutually exclusive");
        long seconds = 0;
        if (time is not null && !long.TryParse(time, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds))
            throw new Infrastructure.CliError($"Numeric value '{time}' for <time> option is malformed or out of range");
        if (time is null && !now && !sync) return null;
        if (now) seconds = hostNow.ToUnixTimeSeconds();
        return (new GuestTime(seconds, 0), sync ? SetTimeFlags.Sync : SetTimeFlags.None);
    }

    /// <summary>virsh domblkerror: "No errors found", or "DISK: no space" / "DISK: unspecified error" per disk.</summary>
    public static string DomBlkError(IReadOnlyList<DiskError> errors) => errors.Count == 0
        ? "No errors found\n"
        : string.Concat(errors.Select(e => $"{e.Disk}: {e.Error switch
        {
            DiskErrorCode.None => "no error",
            DiskErrorCode.NoSpace => "no space",
            _ => "unspecified error",
        }}\n"));

    /// <summary>vcpucount's rows: "%-12s %-12s %3d" for every count the daemon gave.</summary>
    public static string VcpuCount(int? maxConfig, int? maxLive, int? curConfig, int? curLive)
    {
        var s = "";
        void Row(string which, string where, int? n)
        {
            if (n is > 0) s += which.PadRight(12) + " " + where.PadRight(12) + " " + Text.Inv($"{n,3}") + "\n";
        }
        Row("maximum", "config", maxConfig);
        Row("maximum", "live", maxLive);
        Row("current", "config", curConfig);
        Row("current", "live", curLive);
        return s;
    }

    /// <summary>One vcpuinfo block; blocks are separated by a blank line.</summary>
    public static string VcpuInfoBlock(int vcpu, VcpuInfo? live, string affinity)
    {
        var s = Text.Field("VCPU:", Label, Text.Inv($"{vcpu}"));
        if (live is { } v)
        {
            s += Text.Field("CPU:", Label, Text.Inv($"{v.Cpu}"));
            s += Text.Field("State:", Label, VcpuState(v.State));
            if (v.CpuTimeNs != 0) s += Text.Field("CPU time:", Label, Text.OneDecimal(v.CpuTimeNs / 1e9) + "s");
        }
        else
        {
            s += Text.Field("CPU:", Label, "N/A");
            s += Text.Field("State:", Label, "N/A");
            s += Text.Field("CPU time", Label, "N/A"); // sic: virsh prints this label without the colon
        }
        return s + Text.Field("CPU Affinity:", Label, affinity);
    }

    /// <summary>virDomainVcpuState words.</summary>
    public static string VcpuState(int state) => state switch
    {
        0 => "offline",
        1 => "running",
        2 => "blocked",
        _ => "no state",
    };

    /// <summary>An affinity map as virsh prints it: 'y' per usable host CPU, '-' otherwise.</summary>
    public static string AffinityMap(ReadOnlySpan<byte> map, int hostCpus)
    {
        var chars = new char[hostCpus];
        for (var i = 0; i < hostCpus; i++)
            chars[i] = i / 8 < map.Length && (map[i / 8] & (1 << (i % 8))) != 0 ? 'y' : '-';
        return new string(chars);
    }
}
