using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.NodeDevices;

/// <summary>
/// A tap device in the host's namespace (node devices are the host's; it has no address and is never up, so it
/// sends nothing), removed at dispose if the test has not removed it.
/// </summary>
internal sealed class HostTap : IAsyncDisposable
{
    public string Name { get; } = $"vxnd{Random.Shared.Next(100000):D5}";

    /// <summary>libvirt's name for it: net_NAME_MAC with the MAC's colons as underscores.</summary>
    public string NodeDevice => $"net_{Name}_{File.ReadAllText($"/sys/class/net/{Name}/address").Trim().Replace(':', '_')}";

    public async Task AddAsync() => await ProcessRunner.OkAsync("ip", "tuntap", "add", "dev", Name, "mode", "tap");

    /// <summary>Makes the kernel announce a "change" uevent for it.</summary>
    public Task ChangeAsync() => File.WriteAllTextAsync($"/sys/class/net/{Name}/uevent", "change");

    public async Task DeleteAsync() => await ProcessRunner.OkAsync("ip", "link", "del", "dev", Name);

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists($"/sys/class/net/{Name}")) await DeleteAsync();
    }
}
