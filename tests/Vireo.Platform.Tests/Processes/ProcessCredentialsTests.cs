using Vireo.Platform.Processes;

namespace Vireo.Platform.Tests.Processes;

/// <summary>The real user and group of a process from /proc/PID/status (libvirt's "high-privileges" taint looks at them).</summary>
public sealed class ProcessCredentialsTests
{
    [Fact]
    public void Parse_takes_the_real_ids_of_the_Uid_and_Gid_lines()
    {
        var status = "Name:\tqemu-system-x86\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t64055\t0\t0\t0\nGid:\t64055\t64055\t64055\t64055\nGroups:\t\n";
        Assert.Equal(new ProcessCredentials(64055, 64055), ProcessCredentials.Parse(status));
        Assert.False(ProcessCredentials.Parse(status)!.Value.IsRoot);
        Assert.True(new ProcessCredentials(1000, 0).IsRoot);
        Assert.Null(ProcessCredentials.Parse("Name:\tx\n"));
    }

    [Fact]
    public void Read_of_this_process_is_what_the_kernel_says_of_it_and_null_for_a_gone_one()
    {
        var mine = ProcessCredentials.Read(Environment.ProcessId);
        Assert.NotNull(mine);
        Assert.Equal(Environment.IsPrivilegedProcess, mine.Value.Uid == 0);
        Assert.Null(ProcessCredentials.Read(int.MaxValue));
    }
}
