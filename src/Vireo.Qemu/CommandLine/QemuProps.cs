using System.Globalization;
using System.Text;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// One QEMU option value in QemuOpts/keyval syntax: an optional leading implied value ("virtio-blk-pci",
/// "tap", "socket") then key=value pairs, comma separated. A comma inside a value is written twice
/// (",,"), the only escape QEMU's option parsers know, so paths and names with commas stay one value.
/// </summary>
public sealed class QemuProps
{
    private readonly StringBuilder text = new();

    public QemuProps(string? head = null)
    {
        if (head is not null) text.Append(Escape(head));
    }

    public bool IsEmpty => text.Length == 0;

    public QemuProps Add(string key, string? value)
    {
        if (value is null) return this;
        if (text.Length > 0) text.Append(',');
        text.Append(key).Append('=').Append(Escape(value));
        return this;
    }

    public QemuProps Add(string key, ulong? value) => value is null ? this : Add(key, value.Value.ToString(CultureInfo.InvariantCulture));

    public QemuProps Add(string key, long? value) => value is null ? this : Add(key, value.Value.ToString(CultureInfo.InvariantCulture));

    public QemuProps Add(string key, uint? value) => Add(key, (ulong?)value);

    public QemuProps Add(string key, int? value) => Add(key, (long?)value);

    /// <summary>Booleans as on/off, which every QEMU option parser accepts.</summary>
    public QemuProps Add(string key, bool? value) => value is null ? this : Add(key, value.Value ? "on" : "off");

    /// <summary>A hexadecimal number, as libvirt writes ports and addresses ("0x10").</summary>
    public QemuProps AddHex(string key, uint? value) => value is null ? this : Add(key, "0x" + value.Value.ToString("x", CultureInfo.InvariantCulture));

    /// <summary>Appends ready-made text (another QemuProps, already escaped).</summary>
    public QemuProps AddRaw(string escaped)
    {
        if (escaped.Length == 0) return this;
        if (text.Length > 0) text.Append(',');
        text.Append(escaped);
        return this;
    }

    public static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);

    public override string ToString() => text.ToString();
}
