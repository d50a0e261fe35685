namespace Vireo.IntegrationTests.Graphics;

/// <summary>Edits of the demo guest for the display tests, and the collection that runs them one after the other.</summary>
internal static class GraphicsXml
{
    public const string Vga = "<video><model type='vga'/></video>";

    /// <summary>Adds devices (graphics, video) to the demo guest's &lt;devices&gt;.</summary>
    public static Func<string, string> With(params string[] devices) =>
        xml => xml.Replace("</devices>", string.Concat(devices) + "</devices>", StringComparison.Ordinal);

    /// <summary>The port attribute of the first &lt;graphics&gt; of a type in a dumpxml.</summary>
    public static int PortOf(string xml, string type)
    {
        var g = System.Xml.Linq.XElement.Parse(xml).Element("devices")!.Elements("graphics").First(e => (string?)e.Attribute("type") == type);
        return int.Parse((string)g.Attribute("port")!, System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Display guests boot one at a time (each has its own configuration); other collections run beside.</summary>
[CollectionDefinition(Name)]
public sealed class GraphicsCollection
{
    public const string Name = "graphics guests";
}
