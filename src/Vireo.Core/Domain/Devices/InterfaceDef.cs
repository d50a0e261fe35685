namespace Vireo.Core.Domain;

/// <summary>&lt;interface type&gt;: a guest network card and how it reaches the host.</summary>
public sealed record InterfaceDef
{
    public required InterfaceType Type { get; init; }

    /// <summary>Null until DomainDefaults generates one (52:54:00:xx:xx:xx).</summary>
    public MacAddress? Mac { get; init; }
    public InterfaceSourceDef? Source { get; init; }

    /// <summary>&lt;target dev&gt;: the host tap/macvtap/veth name.</summary>
    public string? TargetDev { get; init; }

    /// <summary>&lt;model type&gt;, e.g. "virtio", "e1000", "rtl8139".</summary>
    public string? Model { get; init; }
    public InterfaceDriverDef? Driver { get; init; }
    public LinkState? Link { get; init; }
    public uint? Mtu { get; init; }
    public BandwidthDef? Bandwidth { get; init; }
    public uint? BootOrder { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

public enum InterfaceType { User, Network, Bridge, Direct, Ethernet }

public enum DirectMode { Vepa, Bridge, Private, Passthrough }

public enum InterfaceDriverName { Qemu, Vhost }

public enum TxMode { Iothread, Timer }

public enum LinkState { Up, Down }

/// <summary>&lt;source network|bridge|dev mode/&gt;; which attribute applies depends on the interface type.</summary>
public sealed record InterfaceSourceDef
{
    public string? Network { get; init; }
    public string? Bridge { get; init; }
    public string? Dev { get; init; }
    public DirectMode? Mode { get; init; }
}

/// <summary>&lt;driver name queues rx_queue_size tx_queue_size txmode&gt; with host and guest offloads.</summary>
public sealed record InterfaceDriverDef
{
    public InterfaceDriverName? Name { get; init; }
    public TxMode? TxMode { get; init; }
    public uint? Queues { get; init; }
    public uint? RxQueueSize { get; init; }
    public uint? TxQueueSize { get; init; }
    public NetHostOffloadsDef? Host { get; init; }
    public NetGuestOffloadsDef? Guest { get; init; }
}

/// <summary>&lt;host csum gso tso4 tso6 ecn ufo mrg_rxbuf/&gt;.</summary>
public sealed record NetHostOffloadsDef
{
    public OnOff? Csum { get; init; }
    public OnOff? Gso { get; init; }
    public OnOff? Tso4 { get; init; }
    public OnOff? Tso6 { get; init; }
    public OnOff? Ecn { get; init; }
    public OnOff? Ufo { get; init; }
    public OnOff? MrgRxbuf { get; init; }
}

/// <summary>&lt;guest csum tso4 tso6 ecn ufo/&gt;.</summary>
public sealed record NetGuestOffloadsDef
{
    public OnOff? Csum { get; init; }
    public OnOff? Tso4 { get; init; }
    public OnOff? Tso6 { get; init; }
    public OnOff? Ecn { get; init; }
    public OnOff? Ufo { get; init; }
}
