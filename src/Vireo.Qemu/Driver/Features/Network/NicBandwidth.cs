using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Platform.Network;

namespace Vireo.Qemu.Driver.Features.Network;

/// <summary>
/// Applies &lt;bandwidth&gt; to the host side of a guest NIC with `tc` (<see cref="BandwidthTcPlan"/>), as
/// libvirt does: whatever was there is cleared first, so the same call sets, changes and (with null)
/// removes the limits. The shaping lives on the device, so it goes with the tap when the guest ends or
/// the NIC is unplugged, and it survives a vireod restart untouched.
/// </summary>
internal static class NicBandwidth
{
    /// <summary>Sets the device's shaping to <paramref name="bandwidth"/> (null or empty: none). On failure the device is left unshaped and the error names the NIC.</summary>
    public static async Task ApplyAsync(string? netns, string dev, BandwidthDef? bandwidth, bool swapped, string what, ILogger? log, CancellationToken ct)
    {
        await ClearAsync(netns, dev, ct).ConfigureAwait(false);
        if (bandwidth is null || bandwidth.IsEmpty) return;
        foreach (var step in BandwidthTcPlan.Set(dev, bandwidth, swapped))
        {
            try
            {
                await TcCommand.RunAsync(netns, step.Args, ct).ConfigureAwait(false);
            }
            catch (IOException e) when (step.Refinement)
            {
                // The limit itself is in place; this kernel lacks the module for the refinement (sch_sfq, cls_fw).
                log?.LogWarning("{What}: `{Step}` failed, the rate limit stays without it: {Error}", what, step, e.Message);
            }
            catch (IOException e)
            {
                await ClearAsync(netns, dev, CancellationToken.None).ConfigureAwait(false);
                throw VirErrors.System($"cannot set the bandwidth of {what} on host device '{dev}'{NetworkPlacement.Where(netns)}: {e.Message}", VirErrorDomain.Qemu);
            }
        }
    }

    /// <summary>Removes the device's root and ingress qdiscs; a device without them is fine.</summary>
    public static async Task ClearAsync(string? netns, string dev, CancellationToken ct)
    {
        foreach (var step in BandwidthTcPlan.Clear(dev))
        {
            try
            {
                await TcCommand.RunAsync(netns, step.Args, ct).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // "Cannot delete qdisc with handle of zero" / "Invalid handle": there was nothing to remove.
            }
        }
    }
}
