using Vireo.Platform.Host;

namespace Vireo.Drivers.NodeDevices;

/// <summary>Where uevents come from: the kernel's socket, or a test's queue.</summary>
public interface IUeventSource : IDisposable
{
    /// <summary>The uevents as they come; a null item means some were lost (reread everything).</summary>
    IAsyncEnumerable<Uevent?> ReadAllAsync(CancellationToken ct);
}
