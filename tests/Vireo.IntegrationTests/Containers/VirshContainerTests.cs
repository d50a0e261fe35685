using System.Globalization;
using Vireo.IntegrationTests.Containers.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Containers;

/// <summary>
/// Real containers driven by Debian's virsh over lxc+unix:///?socket=PATH, checked from the inside
/// (virsh lxc-enter-namespace: virsh receives the namespace descriptors over libvirt's LXC program and
/// enters them itself) and from the host (processes, cgroup files, the mapped directories).
/// </summary>
public sealed class VirshContainerTests(ContainerRootfs rootfs) : IClassFixture<ContainerRootfs>
{
    private const string Sleeper = "echo up > /tmp/marker; exec /bin/sleep 100000";

    [Fact]
    public async Task InsideTheContainerInitIsPid1TheHostnameIsTheNameAndHostProcessesAreInvisible()
    {
        await using var rig = await ContainerRig.StartAsync(rootfs);
        var (name, root) = await StartAsync(rig, "iso");

        Assert.Equal($"{name}\n", Trim(await Enter(rig, name, "/bin/hostname")));
        Assert.StartsWith("/bin/sleep\0100000\0", await Enter(rig, name, "/bin/cat", "/proc/1/cmdline"));
        // The domain id is init's host pid, and it is the same process.
        var id = int.Parse((await rig.VirshOkAsync("domid", name)).Trim(), CultureInfo.InvariantCulture);
        Assert.StartsWith("/bin/sleep\0100000\0", File.ReadAllText($"/proc/{id}/cmdline"));

        // Every process visible inside is the container's: init and what this command started.
        var listing = await Enter(rig, name, "/bin/sh", "-c", "for p in /proc/[0-9]*; do echo \"${p#/proc/} $(cat $p/comm)\"; done");
        var processes = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).ToList();
        Assert.Contains(["1", "sleep"], processes);
        Assert.All(processes, p => Assert.Contains(p[1], new[] { "sleep", "sh", "cat" }));
        Assert.True(processes.Count < 6, listing);

        // A file written inside appears in the root directory the <filesystem target='/'> maps.
        await Enter(rig, name, "/bin/sh", "-c", "echo from-inside > /root/note");
        Assert.Equal("from-inside\n", File.ReadAllText(Path.Combine(root, "root", "note")));

        // The command's exit status comes back the way virsh reports a failed child.
        var failed = await rig.VirshAsync("lxc-enter-namespace", name, "--noseclabel", "/bin/sh", "-c", "exit 3");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("unexpected exit status 3", failed.Stderr);
    }

    [Fact]
    public async Task AMemoryLimitSetLiveKillsAnAllocationBeyondItAndLeavesTheContainerRunning()
    {
        await using var rig = await ContainerRig.StartAsync(rootfs);
        var (name, _) = await StartAsync(rig, "oom");
        await rig.VirshOkAsync("memtune", name, "--hard-limit", "32768", "--live");
        Assert.Equal((32L << 20).ToString(CultureInfo.InvariantCulture),
            File.ReadAllText(ContainerRig.CgroupFile(name, "memory", "memory.limit_in_bytes", "memory.max")).Trim());

        // virsh joined the container's cgroups before entering it, so the limit holds for its command too.
        await Enter(rig, name, "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=16M", "count=1");
        var big = await rig.VirshAsync("lxc-enter-namespace", name, "--noseclabel", "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=96M", "count=1");
        Assert.Equal(1, big.ExitCode);
        Assert.Contains("unexpected fatal signal 9", big.Stderr);
        Assert.Equal("running", (await rig.VirshOkAsync("domstate", name)).Trim());
    }

    [Fact]
    public async Task LiveSchedulerMemoryAndBlockTuningLandInTheContainersCgroup()
    {
        await using var rig = await ContainerRig.StartAsync(rootfs);
        var (name, _) = await StartAsync(rig, "tune", memoryMiB: 128);
        string Cg(string controller, string v1, string v2) => File.ReadAllText(ContainerRig.CgroupFile(name, controller, v1, v2)).Trim();

        await rig.VirshOkAsync("schedinfo", name, "--live", "--set", "cpu_shares=512");
        await rig.VirshOkAsync("schedinfo", name, "--live", "--set", "vcpu_quota=50000");
        if (ContainerRig.CgroupV1)
        {
            Assert.Equal("512", Cg("cpu", "cpu.shares", ""));
            Assert.Equal("50000", Cg("cpu", "cpu.cfs_quota_us", ""));
        }
        else Assert.StartsWith("50000 ", Cg("cpu", "", "cpu.max"));
        var sched = await rig.VirshOkAsync("schedinfo", name);
        Assert.Matches(@"cpu_shares\s*: 512", sched);
        Assert.Matches(@"vcpu_quota\s*: 50000", sched);

        await rig.VirshOkAsync("memtune", name, "--live", "--soft-limit", "16384");
        Assert.Equal((16L << 20).ToString(CultureInfo.InvariantCulture), Cg("memory", "memory.soft_limit_in_bytes", "memory.high"));
        await rig.VirshOkAsync("setmem", name, "49152", "--live");
        Assert.Equal((48L << 20).ToString(CultureInfo.InvariantCulture), Cg("memory", "memory.limit_in_bytes", "memory.max"));
        Assert.Matches(@"hard_limit\s*: 49152", await rig.VirshOkAsync("memtune", name));

        var disk = HostDisk();
        var devNumber = File.ReadAllText($"/sys/class/block/{Path.GetFileName(disk)}/dev").Trim();
        await rig.VirshOkAsync("blkiotune", name, "--live", "--device-read-bytes-sec", $"{disk},1048576");
        var throttle = ContainerRig.CgroupV1 ? Cg("blkio", "blkio.throttle.read_bps_device", "") : Cg("blkio", "", "io.max");
        Assert.Contains(ContainerRig.CgroupV1 ? $"{devNumber} 1048576" : $"{devNumber} rbps=1048576", throttle);
        Assert.Matches($@"device_read_bytes_sec\s*: {disk},1048576", await rig.VirshOkAsync("blkiotune", name));

        // A proportional weight needs a weight-capable I/O scheduler; without one the refusal says so.
        var weightFile = new[] { "blkio.weight", "blkio.bfq.weight", "io.weight", "io.bfq.weight" }
            .Select(f => ContainerRig.CgroupFile(name, "blkio", f, f)).FirstOrDefault(File.Exists);
        var weight = await rig.VirshAsync("blkiotune", name, "--live", "--weight", "300");
        if (weightFile is null)
        {
            Assert.Equal(1, weight.ExitCode);
            Assert.Contains("block I/O weight", weight.Stderr);
        }
        else
        {
            Assert.True(weight.ExitCode == 0, weight.ToString());
            Assert.EndsWith("300", File.ReadAllText(weightFile).Trim());
        }
    }

    [Fact]
    public async Task ABindMountSharesAHostDirectoryAndAReadOnlyOneRefusesWrites()
    {
        await using var rig = await ContainerRig.StartAsync(rootfs);
        var shared = Directory.CreateDirectory(Path.Combine(rig.RootPath, "shared")).FullName;
        var readOnly = Directory.CreateDirectory(Path.Combine(rig.RootPath, "ro")).FullName;
        File.WriteAllText(Path.Combine(readOnly, "given"), "from-the-host\n");
        var devices = $"""

                <filesystem type='mount'><source dir='{shared}'/><target dir='/mnt/shared'/></filesystem>
                <filesystem type='mount'><source dir='{readOnly}'/><target dir='/mnt/ro'/><readonly/></filesystem>
            """;
        var (name, _) = await StartAsync(rig, "fs", devices: devices);

        var read = await Enter(rig, name, "/bin/sh", "-c", "echo written-inside > /mnt/shared/note && cat /mnt/ro/given");
        Assert.StartsWith("from-the-host\n", read);
        Assert.Equal("written-inside\n", File.ReadAllText(Path.Combine(shared, "note")));

        var refused = await rig.VirshAsync("lxc-enter-namespace", name, "--noseclabel", "/bin/sh", "-c", "echo x > /mnt/ro/new");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Read-only file system", refused.Stdout + refused.Stderr);
        Assert.Equal(["given"], Directory.EnumerateFiles(readOnly).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ListInfoStatsAndEventsBehaveAsForVirtualMachines()
    {
        await using var rig = await ContainerRig.StartAsync(rootfs);
        var name = ContainerRig.NewName("ev");
        var xml = rig.WriteFile($"{name}.xml", ContainerRig.Xml(name, rig.NewRootfs(name), Sleeper));

        using var events = System.Diagnostics.Process.Start(ProcessRunner.StartInfo("virsh", ["-c", rig.Uri, "event", "--all", "--loop", "--timeout", "120"]))!;
        var seen = new System.Text.StringBuilder();
        var reader = Task.Run(async () =>
        {
            while (await events.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
                lock (seen) seen.AppendLine(line);
        }, TestContext.Current.CancellationToken);
        try
        {
            await ContainerRig.WaitForAsync(() => rig.Rpc.EventRegistrationCount > 0, "virsh event to register its callbacks");

            await rig.VirshOkAsync("define", xml);
            Assert.Matches($@"-\s+{name}\s+shut off", await rig.VirshOkAsync("list", "--all"));
            await rig.VirshOkAsync("start", name);
            var id = (await rig.VirshOkAsync("domid", name)).Trim();
            Assert.Matches($@"\s{id}\s+{name}\s+running", await rig.VirshOkAsync("list"));
            Assert.Equal(name, (await rig.VirshOkAsync("list", "--name")).Trim());

            var info = await rig.VirshOkAsync("dominfo", name);
            Assert.Matches($@"Id:\s+{id}\n", info);
            Assert.Matches(@"OS Type:\s+exe", info);
            Assert.Matches(@"State:\s+running", info);
            Assert.Matches(@"Max memory:\s+65536 KiB", info);
            Assert.Matches(@"Persistent:\s+yes", info);

            var stats = await rig.VirshOkAsync("domstats", name);
            Assert.Contains($"Domain: '{name}'", stats);
            Assert.Contains("state.state=1", stats);
            Assert.Matches(@"cpu\.time=\d+", stats);
            Assert.Contains("balloon.maximum=65536", stats);

            await rig.VirshOkAsync("suspend", name);
            Assert.Equal("paused", (await rig.VirshOkAsync("domstate", name)).Trim());
            Assert.Contains("state.state=3", await rig.VirshOkAsync("domstats", "--state", name));
            await rig.VirshOkAsync("resume", name);
            await rig.VirshOkAsync("destroy", name);
            Assert.Equal("shut off", (await rig.VirshOkAsync("domstate", name)).Trim());
            await rig.VirshOkAsync("undefine", name);

            string[] expected =
            [
                $"event 'lifecycle' for domain '{name}': Defined Added",
                $"event 'lifecycle' for domain '{name}': Started Booted",
                $"event 'lifecycle' for domain '{name}': Suspended Paused",
                $"event 'lifecycle' for domain '{name}': Resumed Unpaused",
                $"event 'lifecycle' for domain '{name}': Stopped Destroyed",
                $"event 'lifecycle' for domain '{name}': Undefined Removed",
            ];
            string Seen() { lock (seen) return seen.ToString(); }
            await ContainerRig.WaitForAsync(() => Seen().Contains(expected[^1]), "virsh event to print the undefine");
            Assert.Equal(expected, Seen().Split('\n').Where(l => l.StartsWith("event 'lifecycle'", StringComparison.Ordinal)));
        }
        finally
        {
            if (!events.HasExited) events.Kill();
            await events.WaitForExitAsync(TestContext.Current.CancellationToken);
            await reader;
        }
    }

    /// <summary>Defines (from a file) and starts a container running <see cref="Sleeper"/>; returns once init has written its marker.</summary>
    [Fact]
    public async Task A_defined_container_is_renamed_with_its_autostart_mark_and_starts_under_the_new_name()
    {
        await using var rig = await ContainerRig.StartAsync(rootfs);
        var name = ContainerRig.NewName("ren");
        var root = rig.NewRootfs(name);
        await rig.VirshOkAsync("define", rig.WriteFile($"{name}.xml", ContainerRig.Xml(name, root, Sleeper)));
        await rig.VirshOkAsync("autostart", name);
        var renamed = name + "-new";

        Assert.Equal("Domain successfully renamed", (await rig.VirshOkAsync("domrename", name, renamed)).Trim());

        var domains = Path.Combine(rig.RootPath, "lib", "lxc", "domains");
        Assert.False(Directory.Exists(Path.Combine(domains, name)));
        Assert.Contains($"<name>{renamed}</name>", File.ReadAllText(Path.Combine(domains, renamed, "config.xml")));
        Assert.True(File.Exists(Path.Combine(domains, renamed, "autostart")));
        Assert.Equal(renamed, (await rig.VirshOkAsync("list", "--all", "--name")).Trim());
        Assert.Contains($"Domain '{renamed}' started", await rig.VirshOkAsync("start", renamed));
        await ContainerRig.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp", "marker")), $"the init of {renamed} to start");
        Assert.Equal("error: Requested operation is not valid: cannot rename active domain", (await rig.VirshFailsAsync("domrename", renamed, name)).Trim());
    }

    private static async Task<(string Name, string Root)> StartAsync(ContainerRig rig, string prefix, string devices = "", int memoryMiB = 64)
    {
        var name = ContainerRig.NewName(prefix);
        var root = rig.NewRootfs(name);
        var xml = rig.WriteFile($"{name}.xml", ContainerRig.Xml(name, root, Sleeper, devices, memoryMiB: memoryMiB));
        Assert.Contains($"Domain '{name}' defined", await rig.VirshOkAsync("define", xml));
        Assert.Contains($"Domain '{name}' started", await rig.VirshOkAsync("start", name));
        await ContainerRig.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp", "marker")), $"the init of {name} to start");
        return (name, root);
    }

    /// <summary>virsh lxc-enter-namespace NAME --noseclabel COMMAND...: what the command printed (virsh adds a blank line).</summary>
    private static async Task<string> Enter(ContainerRig rig, string name, params string[] command) =>
        await rig.VirshOkAsync(["lxc-enter-namespace", name, "--noseclabel", .. command]);

    /// <summary>virsh ends every command's output with an empty line.</summary>
    private static string Trim(string virshOutput) => virshOutput.EndsWith("\n\n", StringComparison.Ordinal) ? virshOutput[..^1] : virshOutput;

    /// <summary>A whole disk of this host (virtio "vda" here), for a throttle rule.</summary>
    private static string HostDisk() =>
        "/dev/" + Directory.EnumerateDirectories("/sys/block").Select(Path.GetFileName)
            .First(n => n is not null && !n.StartsWith("loop", StringComparison.Ordinal) && !n.StartsWith("ram", StringComparison.Ordinal) && File.Exists($"/dev/{n}"));
}
