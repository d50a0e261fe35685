using System.Text.RegularExpressions;

namespace Vireo.IntegrationTests.Support;

/// <summary>
/// The demo guest kit built by scripts/make-guest.sh (cloud flavor): a Debian kernel and a busybox
/// initramfs that prints the marker on ttyS0 and then runs a shell. Missing kit = failed test with the
/// command that builds it (CI builds it; it is never a reason to skip).
/// </summary>
internal static partial class DemoKit
{
    public const string Marker = "VIREO-GUEST-READY";
    public const string Prompt = "vireo-guest# ";

    /// <summary>The channel the kit's qemu-guest-agent listens on; add it to a domain's devices to reach the agent.</summary>
    public const string AgentChannel = "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>";

    /// <summary>An edit for <see cref="DomainXml"/> that gives the domain the agent channel.</summary>
    public static string WithAgentChannel(string xml) => xml.Replace("</devices>", AgentChannel + "</devices>", StringComparison.Ordinal);

    public static string Directory =>
        Environment.GetEnvironmentVariable("VIREO_GUEST_DIR") is { Length: > 0 } dir ? dir : "/var/lib/vireo/images";

    /// <summary>The kit's demo.xml with the domain renamed (and an optional edit), ready to define.</summary>
    public static string DomainXml(string name, Func<string, string>? edit = null)
    {
        var path = Path.Combine(Directory, "demo.xml");
        if (!File.Exists(path))
            Assert.Fail($"The demo guest kit is not built: {path} does not exist. Run 'scripts/make-guest.sh' as root " +
                        "(or set VIREO_GUEST_DIR to a directory holding a built kit).");
        var xml = File.ReadAllText(path).Replace("<name>demo</name>", $"<name>{name}</name>", StringComparison.Ordinal);
        return edit is null ? xml : edit(xml);
    }

    /// <summary>A unique, short domain name (socket paths are limited to 107 bytes).</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    [GeneratedRegex(@"VIREO-GUEST-READY uptime=[0-9.]+")]
    public static partial Regex MarkerLine();
}
