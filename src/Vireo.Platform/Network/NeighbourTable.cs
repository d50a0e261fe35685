namespace Vireo.Platform.Network;

/// <summary>
/// The IPv4 neighbour (ARP) table a process sees: /proc/PID/net/arp is the table of that process's network
/// namespace, so a guest's QEMU pid names the namespace its taps live in without entering it.
/// </summary>
public static class NeighbourTable
{
    /// <summary>The text of /proc/PID/net/arp (header line first).</summary>
    public static Task<string> ReadArpTextAsync(int pid, CancellationToken ct) =>
        File.ReadAllTextAsync($"/proc/{pid}/net/arp", ct);
}
