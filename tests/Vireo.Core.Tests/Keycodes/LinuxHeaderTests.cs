using System.Text.RegularExpressions;
using Vireo.Core.Keycodes;

namespace Vireo.Core.Tests.Keycodes;

/// <summary>
/// LinuxKeys.g.cs is generated from the kernel header by generate-linux-keys.py; this reads the header with
/// its own parser and checks the committed table still says the same (regenerate when it does not).
/// </summary>
public sealed partial class LinuxHeaderTests
{
    private const string Header = "/usr/include/linux/input-event-codes.h";

    [Fact]
    public void GeneratedTableMatchesTheKernelHeader()
    {
        MachineSetUp.Require(File.Exists(Header), $"{Header} (package linux-libc-dev)");
        var fromHeader = new List<(string, int)>();
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Header))
        {
            var m = Define().Match(line);
            if (!m.Success || m.Groups[1].Value is "KEY_MIN_INTERESTING" or "KEY_MAX" or "KEY_CNT") continue;
            var raw = m.Groups[2].Value;
            int v = raw.StartsWith("0x", StringComparison.Ordinal) ? Convert.ToInt32(raw[2..], 16)
                : char.IsDigit(raw[0]) ? int.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)
                : values[raw];
            values[m.Groups[1].Value] = v;
            fromHeader.Add((m.Groups[1].Value, v));
        }
        Assert.True(fromHeader.Count > 400, $"only {fromHeader.Count} KEY_ definitions read from {Header}");
        var generated = LinuxKeys.All.Select(k => (k.Name, k.Code)).ToList();
        var missing = fromHeader.Except(generated).ToList();
        var extra = generated.Except(fromHeader).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"LinuxKeys.g.cs differs from {Header}: run src/Vireo.Core/Keycodes/generate-linux-keys.py. " +
            $"Missing: {string.Join(", ", missing)}; not in the header: {string.Join(", ", extra)}");
    }

    [Fact]
    public void WellKnownCodesAreThereWithTheirAliases()
    {
        var names = Vireo.Core.Keycodes.Keycodes.NamesOf(KeycodeSet.Linux);
        Assert.Equal(1, names["KEY_ESC"]);
        Assert.Equal(35, names["KEY_H"]);
        Assert.Equal(56, names["KEY_LEFTALT"]);
        Assert.Equal(99, names["KEY_SYSRQ"]);
        Assert.Equal(122, names["KEY_HANGUEL"]); // alias of KEY_HANGEUL, resolved by the generator
        Assert.False(names.ContainsKey("KEY_MAX"));
        Assert.False(names.ContainsKey("KEY_CNT"));
    }

    [GeneratedRegex(@"^#define\s+(KEY_[A-Z0-9_]+)\s+(\S+)")]
    private static partial Regex Define();
}
