using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Platform.Xml;

namespace Vireo.Drivers.Schemas;

/// <summary>
/// The VALIDATE flag of libvirt's define and create calls: the document is checked against libvirt's own
/// RelaxNG schema (installed with Debian's libvirt0) through libxml2, as libvirtd's virXMLValidateAgainstSchema
/// does, so the verdict and sentences are libvirtd's. The caller has already checked that the document is
/// well formed and has the right root element (libvirt does that first too).
/// </summary>
public static class LibvirtSchema
{
    /// <summary>Where Debian's libvirt0 installs the schemas libvirtd validates against.</summary>
    public const string Directory = "/usr/share/libvirt/schemas";

    public static string PathOf(string schema) => $"{Directory}/{schema}.rng";

    /// <param name="schema">"domain", "network"...</param>
    public static void Check(string schema, string xml)
    {
        var path = PathOf(schema);
        var result = RelaxNgValidator.Validate(path, xml);
        if (!result.SchemaLoaded)
            throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Xml,
                $"Unable to create RNG parser for {path}: libvirt's {schema} schema (Debian package libvirt0) is needed to validate {schema} XML{Detail(result.Errors)}");
        if (!result.Valid)
            throw new VirException(VirErrorCode.XmlInvalidSchema, VirErrorDomain.Xml,
                $"Unable to validate doc against {path}\n{result.Errors}");
    }

    /// <summary>A domain document for define or create with VALIDATE: well formed, a &lt;domain&gt;, then domain.rng.</summary>
    public static void CheckDomain(string xml)
    {
        DomainXml.LoadDomain(xml);
        Check("domain", xml);
    }

    private static string Detail(string errors) => errors.Length == 0 ? "" : $"\n{errors}";
}
