namespace Vireo.Core.Domain;

/// <summary>&lt;video&gt;&lt;model type vram heads primary/&gt;&lt;/video&gt;.</summary>
public sealed record VideoDef
{
    public required VideoModel Model { get; init; }
    public uint? Ram { get; init; }
    public uint? Vram { get; init; }
    public uint? Vgamem { get; init; }
    public uint? Heads { get; init; }
    public YesNo? Primary { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

public enum VideoModel { Vga, Cirrus, Qxl, Virtio, Bochs, Ramfb, None }
