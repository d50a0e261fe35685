using System.Globalization;
using System.Text.RegularExpressions;
using Vireo.Rpc.Tests.RealGuest.Support;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests.RealGuest;

/// <summary>virsh's read commands about the booted TCG guest: lookups, info, XML, vCPUs, devices and statistics.</summary>
[Collection(GuestServerCollection.Name)]
public sealed class DomainQueryTests(GuestServer s)
{
    private async Task ReadyAsync()
    {
        MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");
        await s.EnsureReadyAsync();
    }

    [Fact]
    public async Task Lookups_by_name_uuid_and_id_agree_with_domid_domname_and_domuuid()
    {
        await ReadyAsync();
        var id = (await s.VirshOk("domid", s.Name)).Trim();
        Assert.Matches(@"^\d+$", id);
        var uuid = (await s.VirshOk("domuuid", s.Name)).Trim();
        Assert.Equal(s.Uuid.ToString(), uuid);
        Assert.Equal(s.Name + "\n\n", await s.VirshOk("domname", id));
        Assert.Equal(s.Name + "\n\n", await s.VirshOk("domname", uuid));
        Assert.Equal(id + "\n\n", await s.VirshOk("domid", uuid));
        Assert.Equal(uuid + "\n\n", await s.VirshOk("domuuid", id));
        var byName = await s.VirshOk("dominfo", s.Name);
        Assert.Equal(byName, await s.VirshOk("dominfo", uuid));
        Assert.Equal(byName, await s.VirshOk("dominfo", id));
    }

    [Fact]
    public async Task Dominfo_and_domstate_describe_the_running_guest()
    {
        await ReadyAsync();
        var info = await s.VirshOk("dominfo", s.Name);
        var id = (await s.VirshOk("domid", s.Name)).Trim();
        Assert.Contains($"Id:             {id}\n", info);
        Assert.Contains($"Name:           {s.Name}\n", info);
        Assert.Contains($"UUID:           {s.Uuid}\n", info);
        Assert.Contains("OS Type:        hvm\n", info);
        Assert.Contains("State:          running\n", info);
        Assert.Contains("CPU(s):         1\n", info);
        Assert.Matches(@"CPU time:       [0-9.]+s\n", info);
        Assert.Contains("Max memory:     262144 KiB\n", info);
        Assert.Contains("Used memory:    262144 KiB\n", info);
        Assert.Contains("Persistent:     yes\n", info);
        Assert.Contains("Managed save:   no\n", info);
        Assert.Matches(@"^running \((booted|unpaused)\)\n\n$", await s.VirshOk("domstate", s.Name, "--reason"));
        Assert.Equal("running\n\n", await s.VirshOk("domstate", s.Name));
    }

    [Fact]
    public async Task Dumpxml_live_inactive_and_with_security_info()
    {
        await ReadyAsync();
        var live = await s.VirshOk("dumpxml", s.Name);
        var id = (await s.VirshOk("domid", s.Name)).Trim();
        Assert.StartsWith($"<domain type='qemu' id='{id}'>", live);
        Assert.Contains("machine='pc-i440fx-", live); // what QEMU actually runs
        Assert.Matches(@"<graphics type='vnc' port='59\d\d'", live);
        Assert.DoesNotContain("passwd=", live);
        var inactive = await s.VirshOk("dumpxml", "--inactive", s.Name);
        Assert.StartsWith("<domain type='qemu'>", inactive);
        Assert.DoesNotContain("passwd=", inactive);
        var secure = await s.VirshOk("dumpxml", "--security-info", s.Name);
        Assert.Contains("passwd='s3cret'", secure);
        var secureInactive = await s.VirshOk("dumpxml", "--inactive", "--security-info", s.Name);
        Assert.Contains("passwd='s3cret'", secureInactive);
        Assert.DoesNotContain($" id='{id}'", secureInactive.Split('\n')[0]);
    }

    [Fact]
    public async Task Vcpuinfo_and_vcpucount_show_the_guests_one_vcpu()
    {
        await ReadyAsync();
        var vcpu = await s.VirshOk("vcpuinfo", s.Name);
        Assert.Matches(new Regex(@"^VCPU:           0\nCPU:            \d+\nState:          running\nCPU time:       [0-9.]+s\nCPU Affinity:   y+\n\n$"), vcpu);
        Assert.Equal(
            "maximum      config         1\n" +
            "maximum      live           1\n" +
            "current      config         1\n" +
            "current      live           1\n\n", await s.VirshOk("vcpucount", s.Name));
    }

    [Fact]
    public async Task Domblklist_domiflist_and_their_statistics()
    {
        await ReadyAsync();
        var disk = Path.Combine(s.Root, s.Name + ".qcow2");
        var blk = await s.VirshOk("domblklist", s.Name);
        Assert.Matches(new Regex($@"^ Target   Source\n-+\n vda      {Regex.Escape(disk)}\n\n$"), blk);
        var ifs = await s.VirshOk("domiflist", s.Name);
        Assert.Matches(new Regex($@"^ Interface   Type   Source   Model    MAC\n-+\n -           user   -        virtio   {GuestServer.Mac}\n\n$"), ifs);

        var stats = Counters(await s.VirshOk("domblkstat", s.Name, "vda"));
        Assert.True(stats["rd_req"] > 0 && stats["rd_bytes"] > 0, "the guest kernel read the disk's partition table while booting");
        // A user-mode NIC has no host device to count on; libvirt says the same kind of thing.
        var ifstat = await s.Virsh("domifstat", s.Name, GuestServer.Mac);
        Assert.Equal(1, ifstat.ExitCode);
        Assert.StartsWith($"error: Failed to get interface stats {s.Name} {GuestServer.Mac}\nerror: ", ifstat.Stderr);

        var domstats = await s.VirshOk("domstats", s.Name);
        Assert.StartsWith($"Domain: '{s.Name}'\n  state.state=1\n", domstats);
        Assert.Contains("  balloon.current=262144\n", domstats);
        Assert.Contains("  vcpu.current=1\n", domstats);
        Assert.Matches(@"  cpu\.time=[1-9]\d*\n", domstats);
        // The block and net groups have their own tests (DomainStatsTests); here a group flag narrows the answer.
        var justState = await s.VirshOk("domstats", "--state", "--list-active");
        Assert.Contains($"Domain: '{s.Name}'\n  state.state=1\n  state.reason=", justState);
    }

    /// <summary>virsh domblkstat's "vda rd_req 12" lines.</summary>
    private static Dictionary<string, long> Counters(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 3)
            .ToDictionary(f => f[1], f => long.Parse(f[2], CultureInfo.InvariantCulture));
}
