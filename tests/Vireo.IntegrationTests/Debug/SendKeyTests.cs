namespace Vireo.IntegrationTests.Debug;

/// <summary>
/// virsh send-key and vireo send-key against vireod, with the effect read from the guest: the kernel's SysRq
/// messages on the serial console, and words typed on the keyboard arriving at a program that reads it.
/// </summary>
[Collection(KeyboardGuestCollection.Name)]
public sealed class SendKeyTests(KeyboardGuestFixture guest)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private const string SysrqHelp = "sysrq: HELP";

    [Fact]
    public async Task AltSysrqHShowsTheSysrqHelpFromVirshAndFromVireo()
    {
        foreach (var tool in new[] { "virsh", "vireo" })
        {
            int from = guest.Console.Length;
            var run = tool == "virsh"
                ? await guest.Rig.VirshAsync("send-key", guest.Name, "KEY_LEFTALT", "KEY_SYSRQ", "KEY_H")
                : await guest.Rig.VireoAsync("send-key", guest.Name, "KEY_LEFTALT", "KEY_SYSRQ", "KEY_H");
            Assert.True(run.ExitCode == 0, $"{tool}: {run}");
            Assert.Equal("\n", run.Stdout);
            await guest.Console.WaitForAsync(SysrqHelp, from, Wait);
        }
    }

    /// <summary>The same chord (left Alt, SysRq/Print Screen, H) written in every codeset that has the three keys.</summary>
    [Theory]
    [InlineData("linux", "56", "99", "35")]
    [InlineData("linux", "0x38", "0x63", "0x23")]
    [InlineData("linux", "070", "0143", "043")] // strtoul base 0: octal
    [InlineData("xt", "0x38", "0xe037", "0x23")]
    [InlineData("atset1", "0x38", "0xe037", "0x23")]
    [InlineData("atset2", "0x11", "0xe07c", "0x33")]
    [InlineData("atset3", "0x19", "0x57", "0x33")]
    [InlineData("xt_kbd", "0x38", "0x137", "0x23")]
    [InlineData("usb", "0xe2", "0x46", "0x0b")]
    [InlineData("win32", "VK_MENU", "VK_SNAPSHOT", "VK_H")]
    [InlineData("win32", "0xa4", "0x2c", "72")] // VK_LMENU, VK_SNAPSHOT, VK_H
    [InlineData("qnum", "0x38", "0xb7", "0x23")]
    [InlineData("rfb", "56", "183", "35")]
    public async Task TheSysrqChordInEveryCodesetHasTheSameEffect(string codeset, string alt, string sysrq, string h)
    {
        string[] args = ["send-key", guest.Name, "--codeset", codeset, alt, sysrq, h];
        int from = guest.Console.Length;
        var virsh = await guest.Rig.VirshAsync(args);
        Assert.True(virsh.ExitCode == 0, virsh.ToString());
        await guest.Console.WaitForAsync(SysrqHelp, from, Wait);

        from = guest.Console.Length;
        var vireo = await guest.Rig.VireoAsync(args);
        Assert.True(vireo.ExitCode == 0, vireo.ToString());
        await guest.Console.WaitForAsync(SysrqHelp, from, Wait);
    }

    [Fact]
    public async Task AHoldTimeIsAccepted()
    {
        foreach (var tool in new[] { "virsh", "vireo" })
        {
            string[] args = ["send-key", guest.Name, "--holdtime", "100", "KEY_LEFTALT", "KEY_SYSRQ", "KEY_H"];
            int from = guest.Console.Length;
            var run = tool == "virsh" ? await guest.Rig.VirshAsync(args) : await guest.Rig.VireoAsync(args);
            Assert.True(run.ExitCode == 0, $"{tool}: {run}");
            await guest.Console.WaitForAsync(SysrqHelp, from, Wait);
        }
    }

    [Fact]
    public async Task WithEverySysrqFunctionEnabledAltSysrqMShowsMemory()
    {
        int from = guest.Console.Length;
        var run = await guest.Rig.VirshAsync("send-key", guest.Name, "KEY_LEFTALT", "KEY_SYSRQ", "KEY_M");
        Assert.True(run.ExitCode == 0, run.ToString());
        await guest.Console.WaitForAsync("sysrq: Show Memory", from, Wait);
        await guest.Console.WaitForAsync("Mem-Info:", from, Wait);
    }

    /// <summary>
    /// The shell is on the serial port; the keyboard types into the first virtual terminal. A read from
    /// /dev/tty1 on the serial shell gets the word, and echoes it back where the test can see it.
    /// </summary>
    [Fact]
    public async Task AWordTypedWithSendKeyReachesAProgramReadingTheKeyboard()
    {
        int from = guest.Console.Length;
        await guest.Console.TypeAsync("read -r w < /dev/tty1; echo \"typed:[$w]\"\n");
        await guest.Console.WaitForAsync("read -r w", from, Wait);
        // One key per call (keys of one call are pressed together, as a chord), from both tools, in several codesets.
        (bool Virsh, string[] Keys)[] presses =
        [
            (true, ["KEY_V"]), (false, ["KEY_I"]), (true, ["--codeset", "os_x", "ANSI_R"]), (false, ["--codeset", "os_x", "ANSI_E"]),
            (true, ["--codeset", "usb", "0x12"]), (false, ["--codeset", "win32", "VK_RETURN"]),
        ];
        foreach (var (virsh, keys) in presses)
        {
            string[] args = ["send-key", guest.Name, .. keys];
            var run = virsh ? await guest.Rig.VirshAsync(args) : await guest.Rig.VireoAsync(args);
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        await guest.Console.WaitForAsync("typed:[vireo]", from, Wait);
        await guest.Console.WaitForAsync(Vireo.IntegrationTests.Support.DemoKit.Prompt, from, Wait);
    }

    [Theory]
    [InlineData("error: invalid keycode: 'FOO'", "KEY_LEFTALT", "FOO")]
    [InlineData("error: invalid keycode: 'key_a'", "key_a")]
    [InlineData("error: invalid keycode: '65536'", "65536")]
    [InlineData("error: invalid keycode: 'VK_MENU'", "VK_MENU")]
    [InlineData("error: unknown codeset: 'foo'", "--codeset", "foo", "KEY_A")]
    [InlineData("error: too many keycodes", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17")]
    [InlineData("error: Numeric value '-5' for <holdtime> option is malformed or out of range", "--holdtime", "-5", "KEY_A")]
    [InlineData("error: internal error: cannot translate keycode 183 of linux codeset to qnum keycode", "KEY_F13")]
    [InlineData("error: internal error: cannot translate keycode 999 of usb codeset to qnum keycode", "--codeset", "usb", "0xe2", "4", "999")]
    public async Task BadKeysGetVirshsErrorFromBoth(string expected, params string[] keys)
    {
        string[] args = ["send-key", guest.Name, .. keys];
        var virsh = await guest.Rig.VirshAsync(args);
        var vireo = await guest.Rig.VireoAsync(args);
        Assert.Equal(1, virsh.ExitCode);
        Assert.Equal(expected, virsh.Stderr.Trim());
        Assert.Equal(1, vireo.ExitCode);
        Assert.Equal(virsh.Stderr.Trim(), vireo.Stderr.Trim());
    }

    [Fact]
    public async Task NoKeysAtAllIsAMissingArgument()
    {
        var virsh = await guest.Rig.VirshAsync("send-key", guest.Name);
        var vireo = await guest.Rig.VireoAsync("send-key", guest.Name);
        Assert.Equal("error: command 'send-key' requires <keycode> option", virsh.Stderr.Trim());
        Assert.Equal(virsh.Stderr.Trim(), vireo.Stderr.Trim());
        Assert.Equal(1, vireo.ExitCode);
    }

}
