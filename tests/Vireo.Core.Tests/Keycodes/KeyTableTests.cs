using Vireo.Core.Keycodes;
using K = Vireo.Core.Keycodes.Keycodes;

namespace Vireo.Core.Tests.Keycodes;

/// <summary>The key table: known keys in every codeset, no code claimed twice, translations that come back.</summary>
public sealed class KeyTableTests
{
    public static readonly TheoryData<KeycodeSet> AllSets = new(Enum.GetValues<KeycodeSet>());

    // The same five keys in every codeset (null: the codeset has no code for the key).
    //            linux  xt      atset1  atset2  atset3 os_x   xt_kbd  usb   win32 qnum
    [Theory]
    [InlineData("KEY_A", 30, 0x1E, 0x1E, 0x1C, 0x1C, 0x00, 0x1E, 0x04, 0x41, 0x1E)]
    [InlineData("KEY_H", 35, 0x23, 0x23, 0x33, 0x33, 0x04, 0x23, 0x0B, 0x48, 0x23)]
    [InlineData("KEY_LEFTALT", 56, 0x38, 0x38, 0x11, 0x19, 0x3A, 0x38, 0xE2, 0x12, 0x38)]
    [InlineData("KEY_RIGHTALT", 100, 0xE038, 0xE038, 0xE011, 0x39, 0x3D, 0x138, 0xE6, 0xA5, 0xB8)]
    [InlineData("KEY_SYSRQ", 99, 0xE037, 0xE037, 0xE07C, 0x57, null, 0x137, 0x46, 0x2C, 0xB7)]
    [InlineData("KEY_ENTER", 28, 0x1C, 0x1C, 0x5A, 0x5A, 0x24, 0x1C, 0x28, 0x0D, 0x1C)]
    [InlineData("KEY_KPENTER", 96, 0xE01C, 0xE01C, 0xE05A, 0x79, 0x4C, 0x11C, 0x58, null, 0x9C)]
    [InlineData("KEY_DELETE", 111, 0xE053, 0xE053, 0xE071, 0x64, 0x75, 0x153, 0x4C, 0x2E, 0xD3)]
    public void KnownKeyInEveryCodeset(string name, int linux, int? xt, int? at1, int? at2, int? at3, int? osx, int? xtkbd, int? usb, int? win32, int? qnum)
    {
        var row = KeyTable.Rows.Single(r => r.LinuxName == name);
        int?[] expected = [linux, xt, at1, at2, at3, osx, xtkbd, usb, win32, qnum];
        foreach (var set in Enum.GetValues<KeycodeSet>())
        {
            Assert.Equal(expected[(int)set], K.CodeOf(row, set));
            if (expected[(int)set] is { } code)
            {
                Assert.True(K.TryTranslate(set, KeycodeSet.Linux, code, out var back), $"{K.NameOf(set)} {code:x} does not translate to linux");
                Assert.Equal(linux, back);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllSets))]
    public void NoCodeBelongsToTwoKeys(KeycodeSet set)
    {
        var codes = KeyTable.Rows.Select(r => (r.LinuxName, Code: K.CodeOf(r, set))).Where(r => r.Code is not null).ToList();
        if (set == KeycodeSet.Win32)
            codes.AddRange(KeyTable.Rows.SelectMany(r => r.Win32Names.Skip(1).Select(a => (r.LinuxName, Code: (int?)K.NamesOf(set)[a]))));
        var clashes = codes.GroupBy(c => c.Code).Where(g => g.Count() > 1).Select(g => $"{g.Key:x}: {string.Join(", ", g.Select(c => c.LinuxName))}").ToList();
        Assert.True(clashes.Count == 0, $"{K.NameOf(set)} codes claimed by two keys: {string.Join("; ", clashes)}");
    }

    [Fact]
    public void EveryRowIsALinuxKeyOnce()
    {
        Assert.Equal(KeyTable.Rows.Count, KeyTable.Rows.Select(r => r.Linux).Distinct().Count());
        foreach (var row in KeyTable.Rows) Assert.Equal(row.Linux, K.NamesOf(KeycodeSet.Linux)[row.LinuxName]);
    }

    [Fact]
    public void Win32AndMacNamesAreKnownNames()
    {
        foreach (var row in KeyTable.Rows)
        {
            foreach (var vk in row.Win32Names) Assert.True(K.NamesOf(KeycodeSet.Win32).ContainsKey(vk), $"{row.LinuxName}: {vk} is not a virtual-key name");
            if (row.MacName is { } mac) Assert.True(K.NamesOf(KeycodeSet.OsX).ContainsKey(mac), $"{row.LinuxName}: {mac} is not a macOS key name");
        }
    }

    [Fact]
    public void LinuxAndQnumRoundTripForEveryKeyWithAScanCode()
    {
        var withSet1 = KeyTable.Rows.Where(r => r.Set1 is not null).ToList();
        Assert.True(withSet1.Count >= 130, $"only {withSet1.Count} keys have a set 1 code");
        foreach (var row in withSet1)
        {
            Assert.True(K.TryToQnum(KeycodeSet.Linux, row.Linux, out var qnum), row.LinuxName);
            Assert.InRange(qnum, 1, 0xFF);
            Assert.True(K.TryTranslate(KeycodeSet.Qnum, KeycodeSet.Linux, qnum, out var back), $"{row.LinuxName}: qnum {qnum:x}");
            Assert.Equal(row.Linux, back);
        }
    }

    [Theory]
    [MemberData(nameof(AllSets))]
    public void EveryCodeOfACodesetReachesQnumThroughItsKey(KeycodeSet set)
    {
        foreach (var row in KeyTable.Rows.Where(r => r.Set1 is not null && K.CodeOf(r, set) is not null))
        {
            Assert.True(K.TryToQnum(set, K.CodeOf(row, set)!.Value, out var qnum), $"{row.LinuxName} in {K.NameOf(set)}");
            Assert.Equal(K.CodeOf(row, KeycodeSet.Qnum), qnum);
        }
    }

    [Fact]
    public void Win32AliasesAndXtAreTheSameKeys()
    {
        Assert.True(K.TryToQnum(KeycodeSet.Win32, 0xA4, out var lmenu)); // VK_LMENU
        Assert.True(K.TryToQnum(KeycodeSet.Win32, 0x12, out var menu)); // VK_MENU
        Assert.Equal(0x38, lmenu);
        Assert.Equal(lmenu, menu);
        Assert.True(K.TryTranslate(KeycodeSet.Xt, KeycodeSet.AtSet1, 0xE038, out var at1));
        Assert.Equal(0xE038, at1);
    }

    [Fact]
    public void KeysWithoutAScanCodeAreRefusedNotGuessed()
    {
        Assert.False(K.TryToQnum(KeycodeSet.Linux, K.NamesOf(KeycodeSet.Linux)["KEY_F13"], out _));
        Assert.False(K.TryToQnum(KeycodeSet.Linux, 999, out _));
        Assert.False(K.TryToQnum(KeycodeSet.Usb, 0x68, out _)); // F13 again, by its USB usage
        Assert.True(K.TryToQnum(KeycodeSet.Qnum, 0x1234, out var raw)); // qnum passes through, as libvirt passes it
        Assert.Equal(0x1234, raw);
    }
}
