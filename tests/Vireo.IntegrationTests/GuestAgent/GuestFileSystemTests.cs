using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.GuestAgent;

/// <summary>
/// virsh/vireo domfsinfo, guestinfo, domfsfreeze, domfsthaw, domfstrim and set-user-password, and python-libvirt's
/// fsInfo/guestInfo, against vireod with a real TCG guest whose kit runs qemu-guest-agent: an ext4 image
/// attached as virtio disk vdb (the guest's /dev/vda) and mounted on /mnt/d. Every answer, error sentence
/// and read-only refusal was checked against libvirtd 9.0 running the same kit.
/// </summary>
public sealed class GuestFileSystemTests
{
    [Fact]
    public async Task Fsinfo_guestinfo_freeze_thaw_and_password_answer_as_libvirtd_does()
    {
        await using var rig = await ServedEngine.StartAsync();
        var image = Path.Combine(rig.RootPath, "fs.img");
        await using (var f = File.Create(image)) f.SetLength(16 << 20);
        await ProcessRunner.OkAsync("mkfs.ext4", "-q", "-F", image);
        // The domain's only disk is vdb; the guest calls it /dev/vda: the mapping cannot go by name.
        var g = await rig.StartGuestAsync("gfs", xml => DemoKit.WithAgentChannel(xml).Replace("</devices>",
            $"<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{image}'/><target dev='vdb' bus='virtio'/></disk></devices>",
            StringComparison.Ordinal));
        await using var console = await rig.ReadyConsoleAsync(g);

        Assert.Equal("No filesystems are mounted in the domain\n", await rig.VirshOkAsync("domfsinfo", g));
        Assert.Equal("No filesystems are mounted in the domain\n", await rig.VireoOkAsync("domfsinfo", g));
        Assert.DoesNotContain("fs.count", await rig.VirshOkAsync("guestinfo", g)); // libvirtd 9.0 leaves fs.* out when nothing is mounted
        Assert.Contains("MOUNTED", await console.RunAsync("mkdir -p /mnt/d && mount /dev/vda /mnt/d && echo MOUNTED"));

        // The guest's /dev/vda is the domain's vdb: found by the PCI address of its virtio device.
        const string table = " Mountpoint   Name   Type   Target\n------------------------------------\n /mnt/d       vda    ext4   vdb\n\n";
        Assert.Equal(table, await rig.VirshOkAsync("domfsinfo", g));
        Assert.Equal(table, await rig.VireoOkAsync("domfsinfo", g));

        var info = await rig.VirshOkAsync("guestinfo", g);
        var kernel = (await console.RunAsync("uname -r")).Trim();
        var hostname = (await console.RunAsync("hostname")).Trim();
        foreach (var line in new[]
                 {
                     "user.count          : 0", $"os.kernel-release   : {kernel}", "os.machine          : x86_64", "timezone.name       : UTC",
                     $"hostname            : {hostname}", "fs.count            : 1", "fs.0.mountpoint     : /mnt/d", "fs.0.fstype         : ext4",
                     "fs.0.disk.0.alias   : vdb", "fs.0.disk.0.device  : /dev/vda", "disk.count          : 1", "disk.0.name         : /dev/vda",
                     "disk.0.partition    : no", "disk.0.alias        : vdb", "if.0.name           : lo",
                 })
            Assert.Contains(line + "\n", info);
        // libvirtd's order of the groups: users, os, timezone, hostname, fs, disks, interfaces.
        var order = new[] { "user.count", "os.machine", "timezone.name", "hostname", "fs.count", "disk.count", "if.count" }.Select(k => info.IndexOf(k + " ", StringComparison.Ordinal)).ToList();
        Assert.Equal(order.Order(), order);
        Assert.Equal($"hostname            : {hostname}\n\n", await rig.VirshOkAsync("guestinfo", g, "--hostname"));
        Assert.Equal(await rig.VirshOkAsync("guestinfo", g, "--os", "--timezone"), await rig.VireoOkAsync("guestinfo", g, "--os", "--timezone"));

        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            d = libvirt.open('{{rig.Uri}}').lookupByName('{{g}}')
            print(d.fsInfo())
            i = d.guestInfo(libvirt.VIR_DOMAIN_GUEST_INFO_FILESYSTEM | libvirt.VIR_DOMAIN_GUEST_INFO_DISKS)
            print(i['fs.count'], i['fs.0.disk.0.alias'], i['disk.0.partition'], i['fs.0.total-bytes'] > 0, sorted(k.split('.')[0] for k in i if k.endswith('.count')))
            """]);
        Assert.Equal((0, "[('/mnt/d', 'vda', 'ext4', ['vdb'])]\n1 vdb False True ['disk', 'fs', 'fs']"), (python.ExitCode, python.Stdout.Trim()));

        // Freeze: the agent really is frozen (a second freeze is refused by the agent itself), thaw undoes it.
        Assert.Equal("Froze 1 filesystem(s)\n\n", await rig.VirshOkAsync("domfsfreeze", g));
        Assert.Equal("error: Unable to freeze filesystems\nerror: internal error: unable to execute QEMU agent command 'guest-fsfreeze-freeze': " +
                     "Command guest-fsfreeze-freeze has been disabled: the agent is in frozen state", (await rig.VirshFailsAsync("domfsfreeze", g)).Trim());
        Assert.Equal("Thawed 1 filesystem(s)\n\n", await rig.VirshOkAsync("domfsthaw", g));
        Assert.Equal("Thawed 0 filesystem(s)\n\n", await rig.VireoOkAsync("domfsthaw", g));
        Assert.Equal("error: Unable to thaw filesystems\nerror: argument unsupported: specifying mountpoints is not supported",
            (await rig.VirshFailsAsync("domfsthaw", g, "--mountpoint", "/mnt/d")).Trim());
        Assert.Equal("Froze 1 filesystem(s)\n\n", await rig.VireoOkAsync("domfsfreeze", g, "--mountpoint", "/mnt/d"));
        Assert.Equal("Thawed 1 filesystem(s)\n\n", await rig.VirshOkAsync("domfsthaw", g));
        Assert.Equal("Froze 0 filesystem(s)\n\n", await rig.VirshOkAsync("domfsfreeze", g, "--mountpoint", "/nonexistent"));
        Assert.Equal("Thawed 0 filesystem(s)\n\n", await rig.VirshOkAsync("domfsthaw", g));
        // fstrim through the agent: both print nothing; a mount point is refused by libvirt itself.
        Assert.Equal(await rig.VirshOkAsync("domfstrim", g), await rig.VireoOkAsync("domfstrim", g, "--minimum", "4096"));
        await rig.BothRefuseAsync("error: Unable to invoke fstrim\nerror: argument unsupported: Specifying mount point is not supported for now",
            "domfstrim", g, "--mountpoint", "/mnt/d");
        var pyFreeze = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            d = libvirt.open('{{rig.Uri}}').lookupByName('{{g}}')
            print(d.fsFreeze(['/mnt/d']), d.fsThaw())
            try:
                libvirt.openReadOnly('{{rig.Uri}}').lookupByName('{{g}}').fsFreeze()
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_message())
            """]);
        Assert.Equal((0, "1 1\n29 operation forbidden: read only access prevents virDomainFSFreeze"), (pyFreeze.ExitCode, pyFreeze.Stdout.Trim()));
        // Thawed: the guest writes again.
        Assert.Contains("WROTE", await console.RunAsync("echo x > /mnt/d/f && sync && echo WROTE"));

        // The kit's guest has no passwd/chpasswd: the agent's own refusal, in libvirt's words (libvirtd 9.0 alike).
        const string noPasswd = "error: internal error: unable to execute QEMU agent command 'guest-set-user-password': cannot find 'passwd' program in PATH";
        Assert.Equal(noPasswd, (await rig.VirshFailsAsync("set-user-password", g, "root", "secret")).Trim());
        var vireo = await rig.VireoAsync("set-user-password", g, "root", "secret", "--encrypted");
        Assert.Equal((1, noPasswd), (vireo.ExitCode, vireo.Stderr.Trim()));

        // Read-only connections may not ask the agent any of it (libvirtd 9.0's refusals).
        foreach (var (args, api, context) in new[]
                 {
                     (new[] { "domfsinfo", g }, "virDomainGetFSInfo", "error: Unable to get filesystem information\n"),
                     (["guestinfo", g], "virDomainGetGuestInfo", ""),
                     (["domfsfreeze", g], "virDomainFSFreeze", "error: Unable to freeze filesystems\n"),
                     (["domfsthaw", g], "virDomainFSThaw", "error: Unable to thaw filesystems\n"),
                     (["set-user-password", g, "root", "x"], "virDomainSetUserPassword", ""),
                 })
            Assert.Equal($"{context}error: operation forbidden: read only access prevents {api}", (await rig.VirshFailsAsync(["-r", .. args])).Trim());

        // Paused: refused at once, as libvirt does, rather than after the agent's timeout.
        await rig.VirshOkAsync("suspend", g);
        Assert.Equal("error: Unable to get filesystem information\nerror: Requested operation is not valid: domain is not running",
            (await rig.VirshFailsAsync("domfsinfo", g)).Trim());
        Assert.Equal("error: Requested operation is not valid: domain is not running", (await rig.VirshFailsAsync("guestinfo", g)).Trim());
        await rig.VirshOkAsync("resume", g);
    }

    [Fact]
    public async Task Without_an_agent_channel_or_an_answering_agent_the_errors_are_libvirts()
    {
        await using var served = await ServedEngine.StartAsync();
        var none = await served.StartGuestAsync("gfs-none");
        Assert.Equal($"error: Unable to get filesystem information\nerror: argument unsupported: QEMU guest agent is not configured (domain '{none}' has no <channel> named org.qemu.guest_agent.0)",
            (await served.VirshFailsAsync("domfsinfo", none)).Trim());
        Assert.StartsWith("error: Failed to query for interfaces addresses\nerror: argument unsupported: QEMU guest agent is not configured",
            (await served.VirshFailsAsync("domifaddr", none, "--source", "agent")).Trim());

        // The channel is there but the guest runs no agent (vireo.noqga=1): "not responding" once the bounded wait ends.
        var silent = await served.StartGuestAsync("gfs-silent", xml => DemoKit.WithAgentChannel(xml)
            .Replace("no_timer_check</cmdline>", "no_timer_check vireo.noqga=1</cmdline>", StringComparison.Ordinal));
        await using (await served.ReadyConsoleAsync(silent)) { }
        Assert.StartsWith("error: Guest agent is not responding: QEMU guest agent is not connected",
            (await served.VirshFailsAsync("guestinfo", silent, "--hostname")).Trim());
        Assert.StartsWith("error: Unable to freeze filesystems\nerror: Guest agent is not responding: QEMU guest agent is not connected",
            (await served.VirshFailsAsync("domfsfreeze", silent)).Trim());

        await served.VirshOkAsync("destroy", none);
        foreach (var (args, context) in new[]
                 {
                     (new[] { "domfsinfo", none }, "error: Unable to get filesystem information\n"),
                     (["guestinfo", none], ""),
                     (["domfsfreeze", none], "error: Unable to freeze filesystems\n"),
                     (["domfsthaw", none], "error: Unable to thaw filesystems\n"),
                     (["set-user-password", none, "root", "x"], ""),
                 })
            Assert.Equal($"{context}error: Requested operation is not valid: domain is not running", (await served.VirshFailsAsync(args)).Trim());
    }
}
