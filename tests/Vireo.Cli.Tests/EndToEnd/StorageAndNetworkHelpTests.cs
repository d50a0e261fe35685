using Vireo.Cli.Tests.Support;

namespace Vireo.Cli.Tests.EndToEnd;

/// <summary>`vireo help` lists the checkpoint, interface, pool, volume and network commands under virsh 9.0's group names, in virsh's group order.</summary>
public sealed class StorageAndNetworkHelpTests
{
    private static string Section(string help, string group)
    {
        var start = help.IndexOf($" {group}:\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{group}' group in:\n{help}");
        var end = help.IndexOf("\n\n", start, StringComparison.Ordinal);
        return help[start..end];
    }

    [Theory]
    [InlineData("Checkpoint", "checkpoint-create checkpoint-create-as checkpoint-delete checkpoint-dumpxml checkpoint-info checkpoint-list checkpoint-parent")]
    [InlineData("Interface", "iface-dumpxml iface-list iface-mac iface-name")]
    [InlineData("Networking", "net-autostart net-create net-define net-destroy net-dumpxml net-info net-list net-name net-start net-undefine net-uuid")]
    [InlineData("Storage Pool", "pool-autostart pool-build pool-create pool-create-as pool-define pool-define-as pool-delete pool-destroy pool-dumpxml pool-info pool-list pool-name pool-refresh pool-start pool-undefine pool-uuid")]
    [InlineData("Storage Volume", "vol-clone vol-create vol-create-as vol-delete vol-dumpxml vol-info vol-key vol-list vol-name vol-path vol-pool vol-resize vol-wipe")]
    public async Task Help_lists_the_commands_in_virshs_groups(string group, string commands)
    {
        var help = (await Run.VireoAsync("help")).Stdout;
        var section = Section(help, group);
        foreach (var command in commands.Split(' '))
            Assert.Matches($@"\n    {command} +\S", section);
        Assert.True(help.IndexOf(" Host and Hypervisor:", StringComparison.Ordinal) < help.IndexOf(" Checkpoint:", StringComparison.Ordinal)
            && help.IndexOf(" Checkpoint:", StringComparison.Ordinal) < help.IndexOf(" Interface:", StringComparison.Ordinal)
            && help.IndexOf(" Interface:", StringComparison.Ordinal) < help.IndexOf(" Networking:", StringComparison.Ordinal)
            && help.IndexOf(" Networking:", StringComparison.Ordinal) < help.IndexOf(" Storage Pool:", StringComparison.Ordinal)
            && help.IndexOf(" Storage Pool:", StringComparison.Ordinal) < help.IndexOf(" Storage Volume:", StringComparison.Ordinal));
    }
}
