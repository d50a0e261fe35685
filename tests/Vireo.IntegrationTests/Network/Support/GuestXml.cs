using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Network.Support;

/// <summary>The demo guest's XML with what a network, USB or hot-plug test adds to it.</summary>
internal static class GuestXml
{
    /// <param name="devices">Device elements added to &lt;devices&gt;.</param>
    /// <param name="cmdline">Kernel parameters added (vireo.ip=10.222.0.1/24 configures eth0 in the guest).</param>
    /// <param name="metadata">&lt;metadata&gt; children (e.g. <see cref="TestNetns.Placement"/>).</param>
    /// <param name="generic">The generic-kernel kit (USB drivers) instead of the cloud one.</param>
    public static string Demo(string name, string devices = "", string cmdline = "", string metadata = "", bool generic = false)
    {
        var xml = generic ? GenericXml(name) : DemoKit.DomainXml(name);
        if (metadata.Length > 0)
            xml = xml.Replace($"<name>{name}</name>", $"<name>{name}</name>\n  <metadata>\n    {metadata}\n  </metadata>", StringComparison.Ordinal);
        if (cmdline.Length > 0)
            xml = xml.Replace("no_timer_check</cmdline>", $"no_timer_check {cmdline}</cmdline>", StringComparison.Ordinal);
        return xml.Replace("</devices>", devices + "\n  </devices>", StringComparison.Ordinal);
    }

    /// <summary>A virtio NIC on a bridge with a fixed MAC.</summary>
    public static string BridgeNic(string bridge, string mac, string extra = "") =>
        $"<interface type='bridge'><mac address='{mac}'/><source bridge='{bridge}'/><model type='virtio'/>{extra}</interface>";

    /// <summary>The generic-kernel kit (scripts/make-guest.sh --flavor generic): a kernel with USB support, boots in about 7 s.</summary>
    private static string GenericXml(string name)
    {
        var path = Path.Combine(DemoKit.Directory, "demo-generic.xml");
        if (!File.Exists(path))
            Assert.Fail($"The generic-kernel guest kit is not built: {path} does not exist. Run 'scripts/make-guest.sh --flavor generic' as root " +
                        "(or set VIREO_GUEST_DIR to a directory holding a built kit).");
        return File.ReadAllText(path).Replace("<name>demo-generic</name>", $"<name>{name}</name>", StringComparison.Ordinal);
    }
}
