namespace Vireo.Core.Domain;

/// <summary>
/// &lt;bandwidth&gt; of an interface or a network: traffic shaping applied on the host side with `tc`.
/// Inbound is traffic towards the guest, outbound traffic from it. Rates are in KiB/s (libvirt writes
/// "kbps" to tc, which tc reads as kilobytes per second), bursts in KiB.
/// </summary>
public sealed record BandwidthDef(BandwidthRateDef? Inbound = null, BandwidthRateDef? Outbound = null)
{
    /// <summary>Neither direction is limited (libvirt drops such a &lt;bandwidth&gt; on its next load).</summary>
    public bool IsEmpty => Inbound is null && Outbound is null;
}

/// <summary>&lt;inbound|outbound average peak burst floor/&gt;. Floor (a guaranteed rate) exists only inbound, on network interfaces.</summary>
public sealed record BandwidthRateDef
{
    public ulong? Average { get; init; }
    public ulong? Peak { get; init; }
    public ulong? Burst { get; init; }
    public ulong? Floor { get; init; }
}
