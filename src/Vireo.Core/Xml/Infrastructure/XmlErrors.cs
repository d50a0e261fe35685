using Vireo.Core.Errors;

namespace Vireo.Core.Xml;

/// <summary>The errors the XML layer raises, worded as whole sentences naming the element and the domain.</summary>
internal static class XmlErrors
{
    public static VirException UnsupportedElement(string element, string parent) =>
        VirErrors.Unsupported($"element <{element}> in <{parent}> is not supported by Vireo");

    public static VirException UnsupportedAttribute(string attribute, string element) =>
        VirErrors.Unsupported($"attribute '{attribute}' of <{element}> is not supported by Vireo");

    public static VirException UnsupportedText(string element, string text) =>
        VirErrors.Unsupported($"text '{Shorten(text)}' in <{element}> is not supported by Vireo");

    public static VirException UnknownValue(string value, string what, string owner, IReadOnlyList<string> expected) =>
        VirErrors.Unsupported($"unknown value '{value}' for {what} in {owner}; expected one of: {string.Join(", ", expected)}");

    public static VirException BadValue(string detail) => VirErrors.Xml(detail);

    public static VirException Missing(string detail) => VirErrors.Xml(detail);

    public static VirException Malformed(System.Xml.XmlException e, string document)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        return VirErrors.Xml($"the {document} is not well-formed XML: {message.TrimEnd('.')} at line {e.LineNumber}, column {e.LinePosition}");
    }

    private static string Shorten(string text)
    {
        var t = text.Trim();
        return t.Length <= 40 ? t : t[..40] + "...";
    }
}
