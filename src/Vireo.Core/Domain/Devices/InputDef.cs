namespace Vireo.Core.Domain;

/// <summary>&lt;input type bus/&gt;: a tablet, mouse or keyboard.</summary>
public sealed record InputDef
{
    public required InputType Type { get; init; }
    public InputBus? Bus { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

public enum InputType { Tablet, Mouse, Keyboard }

public enum InputBus { Ps2, Usb, Virtio }
