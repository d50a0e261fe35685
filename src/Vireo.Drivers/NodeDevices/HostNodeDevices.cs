using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Core.NodeDevices;

namespace Vireo.Drivers.NodeDevices;

/// <summary>
/// <see cref="INodeDevices"/> over the host's sysfs. libvirtd keeps its list current from udev events;
/// vireod rereads sysfs instead: a listing always rescans, and a lookup uses the last scan unless the name
/// is missing from it or it is older than a second (virsh nodedev-list --tree asks for every device's
/// parent right after listing). Events come from the kernel's uevents, only while a client watches.
/// </summary>
public sealed class HostNodeDevices : INodeDevices
{
    private readonly SysfsScanner scanner;
    private readonly Func<PciIds> pciIds;
    private readonly NodeDeviceWatch _watch;

    public HostNodeDevices(SysfsScanner scanner, Func<PciIds> pciIds, TimeProvider? clock = null,
        Func<IUeventSource>? uevents = null, ILogger? log = null)
    {
        this.scanner = scanner;
        this.pciIds = pciIds;
        _clock = clock ?? TimeProvider.System;
        _watch = new NodeDeviceWatch(Rescan, uevents ?? NodeDeviceWatch.KernelSource, log);
    }

    private static readonly TimeSpan LookupFreshness = TimeSpan.FromSeconds(1);
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private (IReadOnlyList<NodeDevice> Devices, long Stamp)? _last;

    /// <summary>The host's devices, with pci.ids read once from where libpciaccess reads it.</summary>
    public static HostNodeDevices ForHost(ILogger? log = null)
    {
        var ids = new Lazy<PciIds>(() => File.Exists(PciIdsPath) ? PciIds.Parse(File.ReadAllText(PciIdsPath)) : PciIds.Empty);
        return new HostNodeDevices(new SysfsScanner(), () => ids.Value, log: log);
    }

    public const string PciIdsPath = "/usr/share/misc/pci.ids";

    public IReadOnlyList<NodeDevice> List() => Rescan();

    public NodeDevice Lookup(string name)
    {
        (IReadOnlyList<NodeDevice> Devices, long Stamp)? last;
        lock (_gate) last = _last;
        var fresh = last is { } l && _clock.GetElapsedTime(l.Stamp) < LookupFreshness;
        var found = fresh ? last!.Value.Devices.FirstOrDefault(d => d.Name == name) : null;
        found ??= Rescan().FirstOrDefault(d => d.Name == name);
        return found ?? throw NotFound(name);
    }

    public IDisposable Watch(Action<NodeDeviceEvent> onEvent) => _watch.Watch(onEvent);

    public static VirException NotFound(string name) =>
        new(VirErrorCode.NoNodeDevice, VirErrorDomain.NodeDev, $"no node device with matching name '{name}'");

    private IReadOnlyList<NodeDevice> Rescan()
    {
        var devices = NodeDeviceRules.Build(scanner.Scan(), scanner.ReadDmi(), pciIds());
        lock (_gate) _last = (devices, _clock.GetTimestamp());
        return devices;
    }
}
