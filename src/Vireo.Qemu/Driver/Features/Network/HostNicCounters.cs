using Vireo.Core.Domain;
using Vireo.Platform.Network;

namespace Vireo.Qemu.Driver.Features.Network;

/// <summary>Traffic counters of a guest's host-side device, read in the namespace the device lives in.</summary>
internal static class HostNicCounters
{
    public static async Task<InterfaceCounters> ReadAsync(DomainDef live, string device)
    {
        if (NetworkPlacement.NamespaceOf(live) is not { } netns) return InterfaceCounters.ReadSysfs(device);
        var all = await InterfaceCounters.ReadAllAsync(netns).ConfigureAwait(false);
        return all.FirstOrDefault(c => c.Name == device)
            ?? throw new IOException($"The interface {device} does not exist in network namespace {netns}.");
    }
}
