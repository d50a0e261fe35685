using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>virsh domblkthreshold: arms one BLOCK_THRESHOLD event (<see cref="Drivers.Events.BlockThresholdEvent"/>) for a disk; 0 disarms it.</summary>
public static class VirDomainBlockThreshold
{
    /// <param name="dev">A disk target ("vda"), a chain element ("vda[1]") or a source path.</param>
    /// <param name="threshold">Bytes of the image's host storage.</param>
    public static Task SetBlockThresholdAsync(this VirDomain d, string dev, ulong threshold, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetBlockThreshold, new DomainSetBlockThresholdArgs(d.Ref, dev, threshold, 0), ct);
}
