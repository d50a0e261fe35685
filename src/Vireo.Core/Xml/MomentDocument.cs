using System.Xml.Linq;
using Vireo.Core.Errors;

namespace Vireo.Core.Xml;

/// <summary>
/// The opening every "moment" document shares (&lt;domainsnapshot&gt;, &lt;domaincheckpoint&gt;): the root read
/// and checked, a parse scope whose messages name the moment once its &lt;name&gt; is known.
/// </summary>
internal sealed record MomentDocument(XElement Root, ParseScope Scope, XmlNode Node, string? Name, string Owner)
{
    /// <param name="kind">"snapshot" or "checkpoint": the root is domain&lt;kind&gt;.</param>
    public static MomentDocument Open(string xml, string kind)
    {
        var root = DomainXml.Load(xml, $"{kind} XML");
        if (root.Name != "domain" + kind)
            throw VirErrors.WrongRoot("domain" + kind, root.Name.LocalName);
        var scope = new ParseScope($"the {kind}");
        var n = scope.Wrap(root);
        var name = n.ChildText("name");
        var owner = name is null ? $"the {kind}" : $"{kind} '{name}'";
        scope.Owner = owner;
        return new MomentDocument(root, scope, n, name, owner);
    }
}
