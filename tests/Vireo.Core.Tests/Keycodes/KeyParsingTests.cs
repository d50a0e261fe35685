using Vireo.Core.Keycodes;
using K = Vireo.Core.Keycodes.Keycodes;

namespace Vireo.Core.Tests.Keycodes;

/// <summary>What virsh send-key accepts and refuses, and its exact sentences.</summary>
public sealed class KeyParsingTests
{
    [Theory]
    [InlineData("linux", KeycodeSet.Linux)]
    [InlineData("xt", KeycodeSet.Xt)]
    [InlineData("atset1", KeycodeSet.AtSet1)]
    [InlineData("atset2", KeycodeSet.AtSet2)]
    [InlineData("atset3", KeycodeSet.AtSet3)]
    [InlineData("os_x", KeycodeSet.OsX)]
    [InlineData("xt_kbd", KeycodeSet.XtKbd)]
    [InlineData("usb", KeycodeSet.Usb)]
    [InlineData("win32", KeycodeSet.Win32)]
    [InlineData("qnum", KeycodeSet.Qnum)]
    [InlineData("rfb", KeycodeSet.Qnum)]
    public void CodesetNames(string name, KeycodeSet set) => Assert.Equal(set, K.ParseCodeset(name));

    [Theory]
    [InlineData("LINUX")]
    [InlineData("osx")]
    [InlineData("")]
    public void UnknownCodeset(string name) =>
        Assert.Equal($"unknown codeset: '{name}'", Assert.Throws<KeycodeException>(() => K.ParseCodeset(name)).Message);

    [Theory]
    [InlineData(KeycodeSet.Linux, "KEY_LEFTALT", 56)]
    [InlineData(KeycodeSet.Linux, "56", 56)]
    [InlineData(KeycodeSet.Linux, "0x38", 56)]
    [InlineData(KeycodeSet.Linux, "070", 56)] // strtoul base 0: a leading 0 is octal
    [InlineData(KeycodeSet.Linux, "+56", 56)]
    [InlineData(KeycodeSet.Linux, "65535", 65535)]
    [InlineData(KeycodeSet.Win32, "VK_MENU", 0x12)]
    [InlineData(KeycodeSet.Win32, "VK_SNAPSHOT", 0x2C)]
    [InlineData(KeycodeSet.Win32, "VK_H", 0x48)]
    [InlineData(KeycodeSet.OsX, "ANSI_A", 0)]
    [InlineData(KeycodeSet.OsX, "Command", 0x37)]
    [InlineData(KeycodeSet.Usb, "0xe2", 0xE2)]
    [InlineData(KeycodeSet.AtSet1, "0xe038", 0xE038)]
    public void AcceptedKeys(KeycodeSet set, string text, int code) => Assert.Equal(code, K.ParseKey(set, text));

    [Theory]
    [InlineData(KeycodeSet.Linux, "FOO")]
    [InlineData(KeycodeSet.Linux, "key_a")] // names are case-sensitive
    [InlineData(KeycodeSet.Linux, "-1")]
    [InlineData(KeycodeSet.Linux, "65536")]
    [InlineData(KeycodeSet.Linux, "1e")]
    [InlineData(KeycodeSet.Linux, "08")] // not octal, not a name
    [InlineData(KeycodeSet.Linux, "0x")]
    [InlineData(KeycodeSet.Linux, "")]
    [InlineData(KeycodeSet.Usb, "KEY_A")] // usb, qnum, xt... have no names
    [InlineData(KeycodeSet.Qnum, "KEY_A")]
    [InlineData(KeycodeSet.Win32, "KEY_A")]
    public void RefusedKeys(KeycodeSet set, string text) =>
        Assert.Equal($"invalid keycode: '{text}'", Assert.Throws<KeycodeException>(() => K.ParseKey(set, text)).Message);

    [Fact]
    public void SixteenKeysAtMost()
    {
        var sixteen = Enumerable.Repeat("KEY_A", 16).ToArray();
        Assert.Equal(16, K.ParseKeys(KeycodeSet.Linux, sixteen).Length);
        Assert.Equal("too many keycodes", Assert.Throws<KeycodeException>(() => K.ParseKeys(KeycodeSet.Linux, [.. sixteen, "KEY_B"])).Message);
        // virsh counts before it reads each key: a bad 17th key is still "too many", a bad first key is "invalid".
        Assert.Equal("too many keycodes", Assert.Throws<KeycodeException>(() => K.ParseKeys(KeycodeSet.Linux, [.. sixteen, "FOO"])).Message);
        Assert.Equal("invalid keycode: 'FOO'", Assert.Throws<KeycodeException>(() => K.ParseKeys(KeycodeSet.Linux, ["FOO", .. sixteen])).Message);
    }

    [Fact]
    public void TheSysrqHelpChordInEveryNamedCodeset()
    {
        Assert.Equal([56, 99, 35], K.ParseKeys(KeycodeSet.Linux, ["KEY_LEFTALT", "KEY_SYSRQ", "KEY_H"]));
        var win = K.ParseKeys(KeycodeSet.Win32, ["VK_MENU", "VK_SNAPSHOT", "VK_H"]);
        Assert.Equal([0x38, 0xB7, 0x23], win.Select(c => K.TryToQnum(KeycodeSet.Win32, c, out var q) ? q : -1));
    }
}
