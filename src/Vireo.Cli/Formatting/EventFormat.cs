using System.Globalization;
using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Drivers.Events;

namespace Vireo.Cli.Formatting;

/// <summary>`event` lines as virsh prints them (virsh-domain-event.c's tables and formats).</summary>
public static class EventFormat
{
    /// <summary>virsh's event names, indexed by virDomainEventID.</summary>
    public static readonly string[] Names =
    [
        "lifecycle", "reboot", "rtc-change", "watchdog", "io-error", "graphics", "io-error-reason", "control-error",
        "block-job", "disk-change", "tray-change", "pm-wakeup", "pm-suspend", "balloon-change", "pm-suspend-disk",
        "device-removed", "block-job-2", "tunable", "agent-lifecycle", "device-added", "migration-iteration",
        "job-completed", "device-removal-failed", "metadata-change", "block-threshold", "memory-failure",
        "memory-device-size-change",
    ];

    private static readonly string[] WatchdogActions = ["none", "pause", "reset", "poweroff", "shutdown", "debug", "inject-nmi"];
    private static readonly string[] BlockJobTypes = ["unknown", "pull", "copy", "commit", "active commit", "backup"];
    private static readonly string[] BlockJobStatus = ["completed", "failed", "canceled", "ready"];
    private static readonly string[] IoErrorActions = ["none", "pause", "report"];
    private static readonly string[] TrayReasons = ["opened", "closed"];
    private static readonly string[] GraphicsPhases = ["connect", "initialize", "disconnect"];
    private static readonly string[] AddressFamilies = ["IPv4", "IPv6", "unix"];
    private static readonly string[] AgentStates = ["unknown", "connected", "disconnected"];
    private static readonly string[] AgentReasons = ["unknown", "domain started", "channel event"];

    public static string LifecycleText(LifecycleEventType type, int detail) =>
        $"{LifecycleEventWords.Type(type)} {LifecycleEventWords.Detail(type, detail)}";

    /// <summary>virsh's --timestamp prefix ("2026-12-01 12:40:58.716+0000: "), or nothing.</summary>
    public static string Prefix(DateTimeOffset? timestamp) =>
        timestamp is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+0000: " : "";

    /// <summary>One event; <paramref name="timestamp"/> is the --timestamp prefix or null.</summary>
    public static string Line(DomainEvent e, DateTimeOffset? timestamp)
    {
        var prefix = Prefix(timestamp);
        var name = e.EventId >= 0 && e.EventId < Names.Length ? Names[e.EventId] : "unknown";
        var head = $"{prefix}event '{name}' for domain '{e.Domain.Name}'";
        return e switch
        {
            LifecycleEvent l => $"{head}: {LifecycleText(l.Type, l.Detail)}\n",
            RebootEvent => head + "\n",
            RtcChangeEvent r => Text.Inv($"{head}: {r.Offset}\n"),
            WatchdogEvent w => $"{head}: {Word(WatchdogActions, w.Action)}\n",
            IoErrorEvent io => $"{head}: {io.SrcPath} ({io.DevAlias}) {Word(IoErrorActions, io.Action)}\n",
            IoErrorReasonEvent io => $"{head}: {io.SrcPath} ({io.DevAlias}) {Word(IoErrorActions, io.Action)} due to {io.Reason}\n",
            TrayChangeEvent tray => $"{prefix}event 'tray-change' for domain '{e.Domain.Name}' disk {tray.DevAlias}: {Word(TrayReasons, tray.Reason)}\n",
            GraphicsEvent g => $"{head}: {Word(GraphicsPhases, g.Phase)} local[{Word(AddressFamilies, g.Local.Family)} {g.Local.Node} {g.Local.Service}] "
                + $"remote[{Word(AddressFamilies, g.Remote.Family)} {g.Remote.Node} {g.Remote.Service}] {g.AuthScheme}\n"
                + string.Concat(g.Subject.Select(s => $"\t{s.Type}={s.Name}\n")),
            BalloonChangeEvent b => Text.Inv($"{head}: {b.ActualKiB} KiB\n"),
            DeviceRemovedEvent d => $"{head}: {d.DeviceAlias}\n",
            DeviceAddedEvent d => $"{head}: {d.DeviceAlias}\n",
            BlockJobEvent j => $"{head}: {Word(BlockJobTypes, j.JobType)} for {j.Disk} {Word(BlockJobStatus, j.Status)}\n",
            TunableEvent tun => head + ":\n" + ParamLines(tun.Params),
            JobCompletedEvent job => head + ":\n" + ParamLines(job.Params),
            AgentLifecycleEvent a => $"{head}: state: '{Word(AgentStates, a.State)}' reason: '{Word(AgentReasons, a.Reason)}'\n",
            MetadataChangeEvent m => $"{head}: type {Word(MetadataTypes, m.Type)}, uri {m.NsUri ?? "<null>"}\n",
            BlockThresholdEvent b => Text.Inv($"{head}: dev: {b.Dev}({b.Path}) {b.Threshold} {b.Excess}\n"),
            _ => head + "\n",
        };
    }

    private static string ParamLines(IReadOnlyList<TypedParameter> ps) => string.Concat(ps.Select(p => $"\t{p.Field}: {ParamValue(p)}\n"));

    /// <summary>virsh's words for virDomainMetadataType in the metadata-change event.</summary>
    private static readonly string[] MetadataTypes = ["description", "title", "element"];

    private static string Word(string[] words, int i) => i >= 0 && i < words.Length ? words[i] : "unknown";

    /// <summary>A typed parameter's value as virsh prints it (virTypedParameterToString).</summary>
    public static string ParamValue(TypedParameter p) => p.Type switch
    {
        TypedParameterType.Int => Text.Inv($"{(int)p.Integer}"),
        TypedParameterType.UInt => Text.Inv($"{(uint)p.Integer}"),
        TypedParameterType.LLong => Text.Inv($"{p.Integer}"),
        TypedParameterType.ULLong => Text.Inv($"{unchecked((ulong)p.Integer)}"),
        TypedParameterType.Double => p.Real.ToString("0.000000", CultureInfo.InvariantCulture),
        TypedParameterType.Boolean => p.Integer != 0 ? "yes" : "no",
        _ => p.Text ?? "",
    };
}
