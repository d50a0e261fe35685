using Vireo.Core.Networks;
using Vireo.Drivers.Persistence;

namespace Vireo.Drivers.Networks;

/// <summary>
/// The network driver's files, laid out as libvirt's (/etc/libvirt/qemu/networks, /run/libvirt/network;
/// see <see cref="DefinitionFiles{TDef}"/>):
/// <list type="bullet">
/// <item><c>CONFIG/networks/NAME.xml</c>: every persistent network; the QEMU driver reads the same file to
/// connect &lt;interface type='network'&gt; to the network's bridge (one definition store);</item>
/// <item><c>CONFIG/networks/autostart/NAME.xml</c>: a symlink to ../NAME.xml marking autostart;</item>
/// <item><c>RUN/networks/NAME.xml</c>: every active network's live definition (transient ones included).</item>
/// </list>
/// </summary>
public sealed class NetworkStore(string configDir, string statusDir) : DefinitionFiles<NetworkDef>(configDir, statusDir)
{
    protected override string Noun => "network";

    /// <summary>A hand-written file without a uuid gets a name-derived one and is not rewritten.</summary>
    protected override NetworkDef Parse(string xml) => NetworkXml.Parse(xml, stableUuid: true);

    protected override string Format(NetworkDef def) => NetworkXml.Format(def);
}
