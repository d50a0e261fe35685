using Vireo.Core.Networks;
using Vireo.Drivers.Schemas;

namespace Vireo.Drivers.Networks;

/// <summary>
/// The network XML a define or create reads, validated first when asked (VIR_NETWORK_DEFINE_VALIDATE,
/// VIR_NETWORK_CREATE_VALIDATE) as libvirtd does: a well-formed &lt;network&gt; document, then libvirt's own
/// network.rng (installed with libvirt0) through libxml2, so the verdict and sentences are libvirtd's.
/// </summary>
internal static class NetworkSchema
{
    public static NetworkDef Parse(string xml, bool validate)
    {
        if (validate)
        {
            NetworkXml.LoadNetwork(xml);
            LibvirtSchema.Check("network", xml);
        }
        return NetworkXml.Parse(xml);
    }
}
