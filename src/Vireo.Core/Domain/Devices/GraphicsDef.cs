namespace Vireo.Core.Domain;

/// <summary>&lt;graphics type='vnc|spice'&gt;: a remote display.</summary>
public sealed record GraphicsDef
{
    public required GraphicsType Type { get; init; }

    /// <summary>port; -1 with autoport means "pick one".</summary>
    public int? Port { get; init; }
    public YesNo? AutoPort { get; init; }

    /// <summary>spice: tlsPort.</summary>
    public int? TlsPort { get; init; }

    /// <summary>vnc: websocket port (-1 for automatic).</summary>
    public int? Websocket { get; init; }

    /// <summary>vnc: the legacy socket attribute; libvirt mirrors a socket listen into it.</summary>
    public string? SocketAttribute { get; init; }

    /// <summary>The legacy listen attribute; libvirt mirrors the first address listen into it.</summary>
    public string? ListenAttribute { get; init; }
    public IReadOnlyList<GraphicsListenDef> Listens { get; init => field = ValueList.From(value); } = ValueList<GraphicsListenDef>.Empty;

    /// <summary>passwd: formatted only in secure output (VIR_DOMAIN_XML_SECURE).</summary>
    public string? Passwd { get; init; }
    public string? PasswdValidTo { get; init; }
    public string? Keymap { get; init; }
    public SharePolicy? SharePolicy { get; init; }

    /// <summary>spice: &lt;channel name mode/&gt;.</summary>
    public IReadOnlyList<SpiceChannelDef> SpiceChannels { get; init => field = ValueList.From(value); } = ValueList<SpiceChannelDef>.Empty;

    /// <summary>spice: &lt;image compression/&gt;.</summary>
    public string? ImageCompression { get; init; }
}

public enum GraphicsType { Vnc, Spice }

public enum GraphicsListenType { Address, Socket, None }

public enum SharePolicy { AllowExclusive, ForceShared, Ignore }

/// <summary>&lt;listen type address socket/&gt;.</summary>
public sealed record GraphicsListenDef(GraphicsListenType Type, string? Address = null, string? Socket = null);

/// <summary>&lt;channel name='main' mode='secure|insecure|any'/&gt; of spice graphics.</summary>
public sealed record SpiceChannelDef(string Name, string Mode);

/// <summary>Values the spice elements accept.</summary>
public static class SpiceValues
{
    public static readonly IReadOnlyList<string> ChannelNames = ["main", "display", "inputs", "cursor", "playback", "record", "smartcard", "usbredir"];
    public static readonly IReadOnlyList<string> ChannelModes = ["any", "secure", "insecure"];
    public static readonly IReadOnlyList<string> ImageCompressions = ["auto_glz", "auto_lz", "quic", "glz", "lz", "off"];
}
