using System.Xml;
using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.Network;

/// <summary>
/// Vireo's one extension to the domain XML for networking, kept in &lt;metadata&gt; so libvirt tools
/// carry it unchanged: a network namespace the guest's host side lives in.
/// <code>
/// &lt;metadata&gt;
///   &lt;vireo:network xmlns:vireo='https://vireo.dev/xmlns/network/1.0' netns='lab1'/&gt;
/// &lt;/metadata&gt;
/// </code>
/// With it, bridges, parent devices and tap/macvtap devices are looked up and created inside
/// /var/run/netns/NAME, and QEMU itself runs there (so user-mode networking stays inside it too).
/// Real hosts leave it out: their bridges live in the host's namespace.
/// </summary>
internal static class NetworkPlacement
{
    public const string XmlNamespace = "https://vireo.dev/xmlns/network/1.0";

    /// <summary>The namespace the definition asks for, or null (the engine's own). Pure.</summary>
    public static string? NamespaceOf(DomainDef def)
    {
        if (def.Metadata is not { Length: > 0 } metadata) return null;
        XElement wrapper;
        try
        {
            wrapper = XElement.Parse("<metadata>" + metadata + "</metadata>");
        }
        catch (XmlException)
        {
            return null; // the XML layer already refuses malformed metadata; nothing of ours in it
        }
        var element = wrapper.Element(XName.Get("network", XmlNamespace));
        if (element is null) return null;
        var name = element.Attribute("netns")?.Value;
        if (string.IsNullOrEmpty(name) || name.Contains('/') || name is "." or "..")
            throw VirErrors.Unsupported(
                $"the <network> element of namespace {XmlNamespace} in the metadata of domain '{def.Name}' needs a netns attribute naming a network namespace (a name under /var/run/netns)",
                VirErrorDomain.Qemu);
        return name;
    }

    /// <summary>The namespace the definition asks for, checked to exist (before anything is created in it).</summary>
    public static string? RequireNamespace(DomainDef def)
    {
        var name = NamespaceOf(def);
        if (name is not null && !File.Exists(Platform.Network.NetworkNamespace.PathOf(name)))
            throw VirErrors.Invalid(
                $"domain '{def.Name}' is placed in network namespace '{name}' (its metadata says so), but {Platform.Network.NetworkNamespace.PathOf(name)} does not exist; create it with 'ip netns add {name}'",
                VirErrorDomain.Qemu);
        return name;
    }

    /// <summary>"" or " (in network namespace 'x')", for error messages.</summary>
    public static string Where(string? netns) => netns is null ? "" : $" (in network namespace '{netns}')";
}
