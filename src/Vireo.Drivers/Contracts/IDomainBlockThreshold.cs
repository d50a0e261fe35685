namespace Vireo.Drivers.Contracts;

/// <summary>
/// DOMAIN_SET_BLOCK_THRESHOLD (virsh domblkthreshold): once the guest writes past <c>threshold</c> bytes of a disk's
/// host storage, the driver sends one BLOCK_THRESHOLD event (<see cref="Events.BlockThresholdEvent"/>); 0 clears
/// it. <c>dev</c> is a disk target ("vda"), a chain element ("vda[1]") or the disk's source path.
/// </summary>
public interface IDomainBlockThreshold
{
    ValueTask SetBlockThresholdAsync(Guid uuid, string dev, ulong threshold, CancellationToken ct);
}
