using Vireo.Cli.Tests.Support;
using Vireo.Daemon.Tests.Support;

namespace Vireo.Cli.Tests.EndToEnd;

/// <summary>
/// guestvcpus, setvcpus --guest, vcpucount --guest and setvcpu run by Debian's virsh and by vireo (through
/// Vireo.Client) against a real libvirtd 9.0 with the demo guest under TCG and its agent: each step runs with
/// virsh, then with vireo, and both must print the same and exit the same. The steps are written so that the
/// second run meets the state the first left (a change asked twice is done once).
/// </summary>
public sealed class GuestVcpusParityTests
{
    [Fact]
    public async Task Vireo_prints_what_virsh_prints_for_the_guests_vcpus_against_a_real_libvirtd()
    {
        MachineSetUp.Require(Run.Exists("virsh"), "virsh (libvirt-clients)");
        MachineSetUp.RequireNothingMissing(SandboxedLibvirtd.Missing());
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        var uri = libvirtd.Uri;
        var g = DemoKit.UniqueName("gvp");
        var file = DemoKit.WriteDomainXml(libvirtd.Dir, g);
        File.WriteAllText(file, File.ReadAllText(file)
            .Replace("<vcpu>1</vcpu>", "<vcpu current='2'>3</vcpu>", StringComparison.Ordinal)
            .Replace("</devices>", "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel></devices>", StringComparison.Ordinal));
        Assert.Equal(0, (await Run.VirshAsync(uri, "define", file)).ExitCode);
        Assert.Equal(0, (await Run.VirshAsync(uri, "start", g)).ExitCode);
        try
        {
            await Poll.UntilAsync(async () => (await Run.VirshAsync(uri, "guestvcpus", g)).ExitCode == 0,
                "the guest's agent answering libvirtd", DemoKit.BootTimeout);
            string[][] steps =
            [
                ["guestvcpus", g, "--cpulist", "1", "--enable"],
                ["guestvcpus", g],
                ["vcpucount", g, "--guest"],
                ["vcpucount", g, "--guest", "--maximum"],
                ["setvcpus", g, "1", "--guest"],
                ["guestvcpus", g],
                ["vcpucount", g, "--guest"],
                ["setvcpus", g, "2", "--guest"],
                ["guestvcpus", g, "--cpulist", "1", "--disable"],
                ["guestvcpus", g],
                ["guestvcpus", g, "--cpulist", "0-1", "--enable"],
                ["setvcpus", g, "3", "--guest"],
                ["setvcpus", g, "2", "--guest", "--config"],
                ["guestvcpus", g, "--cpulist", "0", "--disable"],
                ["guestvcpus", g, "--cpulist", "1,3-7", "--enable"],
                ["guestvcpus", g, "--cpulist", "abc", "--enable"],
                ["guestvcpus", g, "--cpulist", "1"],
                ["guestvcpus", g, "--enable"],
                ["-r", "guestvcpus", g],
                ["-r", "vcpucount", g, "--guest"],
                ["setvcpu", g, "0", "--disable", "--live"],
                ["setvcpu", g, "1", "--disable", "--live"],
                ["setvcpu", g, "3", "--enable", "--live"],
                ["setvcpu", g, "1-2", "--enable", "--live"],
                ["setvcpu", g, "^1", "--enable"],
                ["setvcpu", g, "0", "--disable", "--live", "--config"],
                ["setvcpu", g, "1", "--live"],
                ["setvcpu", g, "2", "--disable", "--config"],
                ["vcpucount", g],
                ["destroy", g],
                ["vcpucount", g, "--guest"],
                ["setvcpus", g, "1", "--guest"],
                ["guestvcpus", g],
            ];
            var differences = new List<string>();
            foreach (var step in steps)
            {
                var virsh = await Run.VirshAsync(uri, step);
                var vireo = step[0] == "destroy" ? virsh : await Run.VireoAsync(["-c", uri, .. step]);
                if (virsh.ToString() != vireo.ToString())
                    differences.Add($"`{string.Join(' ', step)}`\n=== virsh:\n{virsh}\n=== vireo:\n{vireo}");
            }
            Assert.True(differences.Count == 0, string.Join("\n", differences));
        }
        finally
        {
            await Run.VirshAsync(uri, "destroy", g);
            await Run.VirshAsync(uri, "undefine", g);
        }
    }
}
