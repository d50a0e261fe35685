using Vireo.Core.State;

namespace Vireo.Drivers.Events;

/// <summary>
/// VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD (24): the guest wrote past a disk's threshold. <c>Dev</c> is the disk as the
/// threshold was set ("vda", or "vda[1]" when set by index), <c>Path</c> its local image (null otherwise),
/// <c>Excess</c> how many bytes past the threshold the write went. The threshold is then cleared (one-shot).
/// </summary>
public sealed record BlockThresholdEvent(DomainRef Domain, string Dev, string? Path, ulong Threshold, ulong Excess) : DomainEvent(Domain)
{
    public override int EventId => 24;
}
