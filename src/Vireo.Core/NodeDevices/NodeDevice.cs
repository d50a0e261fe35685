namespace Vireo.Core.NodeDevices;

/// <summary>
/// One host device as libvirt's node device driver shows it: its name, sysfs path, parent, bound driver,
/// device nodes, and its capability (type plus the lines inside &lt;capability&gt;, already in libvirt's order).
/// </summary>
public sealed record NodeDevice(
    string Name,
    NodeDeviceCap Cap,
    string? SysfsPath,
    string? Driver,
    string? DevNode,
    IReadOnlyList<string> DevLinks,
    IReadOnlyList<string> CapabilityLines)
{
    /// <summary>The parent's name; only "computer" has none.</summary>
    public string? Parent { get; init; }

    /// <summary>The capability names NUM_OF_CAPS / LIST_CAPS report (one: vireod models no nested capability).</summary>
    public IReadOnlyList<string> CapNames => [Cap.Name()];
}
