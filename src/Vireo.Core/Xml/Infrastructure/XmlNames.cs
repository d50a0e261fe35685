using System.Text;

namespace Vireo.Core.Xml;

/// <summary>
/// The libvirt spelling of our enum values. By convention a PascalCase member maps to lower-case words
/// joined by '-' (HostModel -> "host-model", Ich9Ehci1 -> "ich9-ehci1"); the few exceptions are listed.
/// Built once per enum type without reflection beyond enum names, so it is AOT-safe.
/// </summary>
public static class XmlNames
{
    /// <summary>The libvirt string for an enum value, e.g. DiskBus.Virtio -> "virtio".</summary>
    public static string ToXml<T>(this T value) where T : struct, Enum => XmlEnum<T>.ToText(value);

    /// <summary>Parses a libvirt string (case-sensitive, as libvirt is) into an enum value.</summary>
    public static bool TryParse<T>(string text, out T value) where T : struct, Enum => XmlEnum<T>.TryParse(text, out value);

    /// <summary>All libvirt strings of an enum, in declaration order (for error messages and docs).</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => XmlEnum<T>.Names;

    internal static string Kebab(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('-');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    // Values whose libvirt spelling does not follow the convention.
    internal static string? Override<T>(T value) where T : struct, Enum => value switch
    {
        Domain.DiskIo.IoUring => "io_uring",
        _ => null,
    };

    private static class XmlEnum<T> where T : struct, Enum
    {
        private static readonly Dictionary<T, string> ByValue = [];
        private static readonly Dictionary<string, T> ByText = new(StringComparer.Ordinal);
        public static readonly IReadOnlyList<string> Names;

        static XmlEnum()
        {
            var names = new List<string>();
            foreach (var value in Enum.GetValues<T>())
            {
                var text = Override(value) ?? Kebab(value.ToString());
                ByValue[value] = text;
                ByText[text] = value;
                names.Add(text);
            }
            Names = names;
        }

        public static string ToText(T value) =>
            ByValue.TryGetValue(value, out var text) ? text : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a defined value.");

        public static bool TryParse(string text, out T value) => ByText.TryGetValue(text, out value);
    }
}
