namespace Vireo.Core.Domain;

/// <summary>&lt;sound model&gt; with &lt;codec type/&gt; children (ich6, ich9).</summary>
public sealed record SoundDef
{
    public required SoundModel Model { get; init; }
    public IReadOnlyList<SoundCodec> Codecs { get; init => field = ValueList.From(value); } = ValueList<SoundCodec>.Empty;

    /// <summary>&lt;audio id/&gt;: which &lt;audio&gt; backend this card plays through.</summary>
    public uint? AudioId { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

public enum SoundModel { Sb16, Es1370, Pcspk, Ac97, Ich6, Ich9, Usb }

public enum SoundCodec { Duplex, Micro, Output }

/// <summary>&lt;audio id type/&gt;: a host audio backend (libvirt adds type 'none' for guests without one).</summary>
public sealed record AudioDef(uint Id, AudioType Type);

public enum AudioType { None, Spice }
