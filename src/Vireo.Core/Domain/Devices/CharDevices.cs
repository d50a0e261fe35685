namespace Vireo.Core.Domain;

/// <summary>The host side of a character device (serial, console, channel, rng egd backend).</summary>
public enum CharType { Null, Pty, File, Unix, Tcp, Stdio, Spicevmc }

public enum CharSourceMode { Bind, Connect }

public enum CharProtocol { Raw, Telnet, Telnets, Tls }

/// <summary>
/// &lt;source path mode host service append/&gt;: file and unix use Path (unix also Mode); tcp uses Mode,
/// Host and Service; a pty's Path is its runtime /dev/pts node.
/// </summary>
public sealed record CharSourceDef
{
    public string? Path { get; init; }
    public CharSourceMode? Mode { get; init; }
    public string? Host { get; init; }
    public string? Service { get; init; }
    public OnOff? Append { get; init; }
}

/// <summary>&lt;log file append/&gt;: a copy of the device's output on the host.</summary>
public sealed record CharLogDef(string File, OnOff? Append = null);

/// <summary>&lt;serial type&gt;: a guest serial port.</summary>
public sealed record SerialDef
{
    public CharType Type { get; init; } = CharType.Pty;
    public CharSourceDef? Source { get; init; }
    public CharProtocol? Protocol { get; init; }
    public CharLogDef? Log { get; init; }

    /// <summary>&lt;target type&gt;, e.g. "isa-serial", "usb-serial", "pci-serial".</summary>
    public string? TargetType { get; init; }
    public uint? TargetPort { get; init; }

    /// <summary>&lt;target&gt;&lt;model name/&gt;, e.g. "isa-serial".</summary>
    public string? TargetModel { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

/// <summary>The serial target types libvirt knows.</summary>
public static class SerialTargetTypes
{
    public static readonly IReadOnlyList<string> All = ["isa-serial", "usb-serial", "pci-serial", "system-serial", "sclp-serial", "spapr-vio-serial"];
    public static readonly IReadOnlyList<string> Models = ["isa-serial", "usb-serial", "pci-serial", "spapr-vty", "pl011", "16550a", "sclpconsole", "sclplmconsole", "isa-debugcon"];
}

/// <summary>&lt;console type tty&gt;: the domain's console; target 'serial' mirrors a serial port.</summary>
public sealed record ConsoleDef
{
    public CharType Type { get; init; } = CharType.Pty;

    /// <summary>tty attribute of a running domain's pty console.</summary>
    public string? Tty { get; init; }
    public CharSourceDef? Source { get; init; }
    public CharProtocol? Protocol { get; init; }
    public CharLogDef? Log { get; init; }
    public ConsoleTargetType? TargetType { get; init; }
    public uint? TargetPort { get; init; }
    public string? Alias { get; init; }
}

public enum ConsoleTargetType { Serial, Virtio, Lxc }

/// <summary>&lt;channel type&gt;: a named host-guest channel (e.g. org.qemu.guest_agent.0).</summary>
public sealed record ChannelDef
{
    public CharType Type { get; init; } = CharType.Unix;
    public CharSourceDef? Source { get; init; }
    public CharLogDef? Log { get; init; }
    public ChannelTargetType TargetType { get; init; } = ChannelTargetType.Virtio;
    public string? TargetName { get; init; }

    /// <summary>Runtime state of a virtio channel as the guest reports it.</summary>
    public ChannelState? TargetState { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

public enum ChannelTargetType { Virtio }

public enum ChannelState { Connected, Disconnected }
