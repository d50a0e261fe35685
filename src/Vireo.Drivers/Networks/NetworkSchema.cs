using Vireo.Core.Errors;
using Vireo.Core.Networks;
using Vireo.Platform.Xml;

namespace Vireo.Drivers.Networks;

/// <summary>
/// The network XML a define or create reads, validated first when asked (VIR_NETWORK_DEFINE_VALIDATE,
/// VIR_NETWORK_CREATE_VALIDATE) as libvirtd does: a well-formed &lt;network&gt; document, then libvirt's own
/// network.rng (installed with libvirt0) through libxml2, so the verdict and sentences are libvirtd's.
/// </summary>
internal static class NetworkSchema
{
    /// <summary>Where Debian's libvirt0 installs the schema libvirtd validates networks against.</summary>
    public const string SchemaPath = "/usr/share/libvirt/schemas/network.rng";

    public static NetworkDef Parse(string xml, bool validate)
    {
        if (validate)
        {
            NetworkXml.LoadNetwork(xml);
            Check(xml);
        }
        return NetworkXml.Parse(xml);
    }

    private static void Check(string xml)
    {
        var result = RelaxNgValidator.Validate(SchemaPath, xml);
        if (!result.SchemaLoaded)
            throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Xml,
                $"Unable to create RNG parser for {SchemaPath}: libvirt's network schema (Debian package libvirt0) is needed to validate network XML{Detail(result.Errors)}");
        if (!result.Valid)
            throw new VirException(VirErrorCode.XmlInvalidSchema, VirErrorDomain.Xml,
                $"Unable to validate doc against {SchemaPath}\n{result.Errors}");
    }

    private static string Detail(string errors) => errors.Length == 0 ? "" : $"\n{errors}";
}
