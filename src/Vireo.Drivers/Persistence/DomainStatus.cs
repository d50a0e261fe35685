using Vireo.Core.Domain;
using Vireo.Core.State;

namespace Vireo.Drivers.Persistence;

/// <summary>
/// What a driver must remember about a running domain to find it again after a restart (libvirt's
/// /run/libvirt/qemu/NAME.xml &lt;domstatus&gt;): the definition it runs, its id and state, the process
/// (pid plus start time, so a reused pid is never mistaken for it) and driver-specific runtime values
/// such as socket paths.
/// </summary>
public sealed record DomainStatus
{
    public required DomainDef Live { get; init; }
    public required int Id { get; init; }
    public required StateWithReason State { get; init; }
    public required int Pid { get; init; }

    /// <summary>The process start time in clock ticks since boot (/proc/PID/stat field 22).</summary>
    public required ulong ProcessStartTime { get; init; }

    /// <summary>Driver-specific values by name (monitor socket, console socket, flags); written sorted.</summary>
    public IReadOnlyDictionary<string, string> Runtime { get; init; } = new Dictionary<string, string>();

    public string Name => Live.Name;
    public Guid Uuid => Live.Uuid;

    public string? Get(string key) => Runtime.TryGetValue(key, out var v) ? v : null;

    public DomainStatus With(string key, string? value)
    {
        var copy = new Dictionary<string, string>(Runtime, StringComparer.Ordinal);
        if (value is null) copy.Remove(key);
        else copy[key] = value;
        return this with { Runtime = copy };
    }
}
