namespace Vireo.Core.Domain;

/// <summary>
/// &lt;devices&gt;: one list per device kind. libvirt formats the kinds in a fixed order (disks,
/// controllers, filesystems, interfaces, serials, consoles, channels, inputs, graphics, sounds, audios,
/// videos, watchdog, memballoon, rngs, panics), so the order within a kind is all that is kept.
/// </summary>
public sealed record DevicesDef
{
    public string? Emulator { get; init; }
    public IReadOnlyList<DiskDef> Disks { get; init => field = ValueList.From(value); } = ValueList<DiskDef>.Empty;
    public IReadOnlyList<ControllerDef> Controllers { get; init => field = ValueList.From(value); } = ValueList<ControllerDef>.Empty;
    public IReadOnlyList<FilesystemDef> Filesystems { get; init => field = ValueList.From(value); } = ValueList<FilesystemDef>.Empty;
    public IReadOnlyList<InterfaceDef> Interfaces { get; init => field = ValueList.From(value); } = ValueList<InterfaceDef>.Empty;
    public IReadOnlyList<SerialDef> Serials { get; init => field = ValueList.From(value); } = ValueList<SerialDef>.Empty;
    public IReadOnlyList<ConsoleDef> Consoles { get; init => field = ValueList.From(value); } = ValueList<ConsoleDef>.Empty;
    public IReadOnlyList<ChannelDef> Channels { get; init => field = ValueList.From(value); } = ValueList<ChannelDef>.Empty;
    public IReadOnlyList<InputDef> Inputs { get; init => field = ValueList.From(value); } = ValueList<InputDef>.Empty;
    public IReadOnlyList<GraphicsDef> Graphics { get; init => field = ValueList.From(value); } = ValueList<GraphicsDef>.Empty;
    public IReadOnlyList<SoundDef> Sounds { get; init => field = ValueList.From(value); } = ValueList<SoundDef>.Empty;
    public IReadOnlyList<AudioDef> Audios { get; init => field = ValueList.From(value); } = ValueList<AudioDef>.Empty;
    public IReadOnlyList<VideoDef> Videos { get; init => field = ValueList.From(value); } = ValueList<VideoDef>.Empty;
    /// <summary>libvirt 9.0's schema allows one watchdog per domain.</summary>
    public WatchdogDef? Watchdog { get; init; }

    /// <summary>The watchdog as a list (empty or one), for code that treats every device kind alike.</summary>
    public IReadOnlyList<WatchdogDef> Watchdogs => Watchdog is null ? ValueList<WatchdogDef>.Empty : ValueList.From([Watchdog]);
    public MemBalloonDef? MemBalloon { get; init; }
    public IReadOnlyList<RngDef> Rngs { get; init => field = ValueList.From(value); } = ValueList<RngDef>.Empty;
    public IReadOnlyList<PanicDef> Panics { get; init => field = ValueList.From(value); } = ValueList<PanicDef>.Empty;
}
