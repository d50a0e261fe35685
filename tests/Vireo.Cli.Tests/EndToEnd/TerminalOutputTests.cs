using Vireo.Cli.Tests.Support;

namespace Vireo.Cli.Tests.EndToEnd;

/// <summary>
/// The vireo program on a terminal (a pty from `script`) prints exactly the bytes virsh prints: no terminal
/// control sequences of its own (.NET's console streams would send keypad_xmit, ESC [?1h ESC =, first).
/// </summary>
public sealed class TerminalOutputTests
{
    [Theory]
    [InlineData("version")]
    [InlineData("list --all")]
    [InlineData("dominfo nosuch")]
    public async Task On_a_terminal_vireo_prints_the_bytes_virsh_prints(string command)
    {
        MachineSetUp.Require(Run.Exists("virsh"), "virsh (libvirt-clients)");
        MachineSetUp.Require(Run.Exists("script"), "script (util-linux)");
        await using var d = await TestDaemon.StartAsync();
        var virsh = await Run.ProgramAsync("script", ["-qfec", $"virsh -c '{d.Uri}' {command}", "/dev/null"]);
        var vireo = await Run.ProgramAsync("script", ["-qfec", $"'{Run.VireoProgram}' -c '{d.Uri}' {command}", "/dev/null"]);
        var expected = LifecycleParity.WithoutPolkitNotice(virsh.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal));
        var actual = vireo.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(virsh.ExitCode, vireo.ExitCode);
        Assert.Equal(expected, actual);
        Assert.DoesNotContain('\x1b', actual);
    }
}
