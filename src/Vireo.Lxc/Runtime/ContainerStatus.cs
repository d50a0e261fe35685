using System.Globalization;
using System.Xml.Linq;
using Vireo.Platform.Processes;

namespace Vireo.Lxc.Runtime;

/// <summary>
/// What vireod must know to take a running container back after a restart: the helper and init
/// processes (pid plus start time, so a reused pid is never mistaken for them), the cgroup, the host
/// veth ends, the console pty, the domain id, and the definition the container was started with.
/// </summary>
public sealed record ContainerStatus
{
    public required ProcessIdentity Helper { get; init; }
    public required ProcessIdentity Init { get; init; }
    public required string CgroupPath { get; init; }
    public IReadOnlyList<string> HostInterfaces { get; init; } = [];
    public string? ConsolePty { get; init; }

    /// <summary>The live definition (domain XML with the runtime details).</summary>
    public required string LiveXml { get; init; }
    public bool Transient { get; init; }

    public string Format() => new XElement("vireo-lxc-status",
        new XElement("helper", new XAttribute("pid", Helper.Pid), new XAttribute("start", Helper.StartTime)),
        new XElement("init", new XAttribute("pid", Init.Pid), new XAttribute("start", Init.StartTime)),
        new XElement("cgroup", new XAttribute("path", CgroupPath)),
        HostInterfaces.Select(i => new XElement("interface", new XAttribute("host", i))),
        ConsolePty is null ? null : new XElement("console", new XAttribute("pty", ConsolePty)),
        Transient ? new XElement("transient") : null,
        new XElement("live", new XCData(LiveXml))).ToString() + "\n";

    public static ContainerStatus Parse(string text)
    {
        var root = XElement.Parse(text);
        return new ContainerStatus
        {
            Helper = Identity(root.Element("helper")),
            Init = Identity(root.Element("init")),
            CgroupPath = (string?)root.Element("cgroup")?.Attribute("path") ?? throw Missing("cgroup"),
            HostInterfaces = root.Elements("interface").Select(e => (string?)e.Attribute("host") ?? throw Missing("interface host")).ToList(),
            ConsolePty = (string?)root.Element("console")?.Attribute("pty"),
            Transient = root.Element("transient") is not null,
            LiveXml = root.Element("live")?.Value ?? throw Missing("live"),
        };
    }

    private static ProcessIdentity Identity(XElement? e) =>
        e is null ? throw Missing("process") : new ProcessIdentity(
            int.Parse((string?)e.Attribute("pid") ?? throw Missing("pid"), CultureInfo.InvariantCulture),
            ulong.Parse((string?)e.Attribute("start") ?? throw Missing("start"), CultureInfo.InvariantCulture));

    private static FormatException Missing(string what) => new($"The container status file has no {what}.");
}
