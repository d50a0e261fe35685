using System.Globalization;
using Vireo.IntegrationTests.Containers.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Containers;

/// <summary>
/// Real containers driven by vireo: over the daemon socket (lxc+unix:///?socket=PATH, printing what
/// virsh prints for the same container), in embedded mode (lxc:///embed?root=DIR), and inside the
/// container with `vireo lxc-enter-namespace` (descriptors over libvirt's LXC program, entered by the
/// vireo-lxc helper).
/// </summary>
public sealed class VireoContainerTests(ContainerRootfs rootfs) : IClassFixture<ContainerRootfs>
{
    /// <summary>An init that ends on SIGTERM (a plain shell as PID 1 ignores it), so shutdown and reboot are graceful.</summary>
    private const string PoliteInit = "trap 'exit 0' TERM; echo up > /tmp/marker; while :; do sleep 1; done";

    [Fact]
    public async Task VireoRunsAContainersLifecycleAndPrintsWhatVirshPrints()
    {
        await using var rig = await ContainerRig.StartAsync(rootfs);
        var name = ContainerRig.NewName("vl");
        var root = rig.NewRootfs(name);
        var xml = rig.WriteFile($"{name}.xml", ContainerRig.Xml(name, root, PoliteInit));

        Assert.Equal($"Domain '{name}' defined from {xml}\n\n", await rig.VireoOkAsync("define", xml));
        Assert.Equal($"Domain '{name}' started\n\n", await rig.VireoOkAsync("start", name));
        await ContainerRig.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp", "marker")), "init to start");
        Assert.Equal(await rig.VirshOkAsync("list", "--all"), await rig.VireoOkAsync("list", "--all"));
        Assert.Equal(Stable(await rig.VirshOkAsync("dominfo", name)), Stable(await rig.VireoOkAsync("dominfo", name)));
        Assert.Equal("running\n\n", await rig.VireoOkAsync("domstate", name));
        Assert.Contains("state.state=1", await rig.VireoOkAsync("domstats", name));
        Assert.Equal($"{name}\n\n", await rig.VireoOkAsync("lxc-enter-namespace", name, "--", "/bin/hostname"));

        await rig.VireoOkAsync("suspend", name);
        Assert.Equal("paused\n\n", await rig.VireoOkAsync("domstate", name));
        Assert.Equal(ContainerRig.CgroupV1 ? "FROZEN" : "1", File.ReadAllText(ContainerRig.CgroupFile(name, "freezer", "freezer.state", "cgroup.freeze")).Trim());
        await rig.VireoOkAsync("resume", name);
        Assert.Equal("running\n\n", await rig.VireoOkAsync("domstate", name));

        // reboot: init ends on SIGTERM and a new one starts (a new host pid, so a new id).
        var firstId = (await rig.VireoOkAsync("domid", name)).Trim();
        File.Delete(Path.Combine(root, "tmp", "marker"));
        Assert.Equal($"Domain '{name}' is being rebooted\n\n", await rig.VireoOkAsync("reboot", name));
        await ContainerRig.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp", "marker")), "init to start again");
        Assert.NotEqual(firstId, (await rig.VireoOkAsync("domid", name)).Trim());
        Assert.Equal("running\n\n", await rig.VireoOkAsync("domstate", name));

        Assert.Equal($"Domain '{name}' is being shutdown\n\n", await rig.VireoOkAsync("shutdown", name));
        var uuid = rig.Driver.Domains.LookupByName(name).Uuid;
        await ContainerRig.WaitForAsync(() => rig.Driver.Domains.State(uuid).State == Core.State.DomainState.Shutoff, "the container to shut down");
        Assert.Equal("shut off\n\n", await rig.VireoOkAsync("domstate", name));
        Assert.Equal(await rig.VirshOkAsync("list", "--all"), await rig.VireoOkAsync("list", "--all"));

        await rig.VireoOkAsync("start", name);
        Assert.Equal($"Domain '{name}' destroyed\n\n", await rig.VireoOkAsync("destroy", name));
        Assert.Equal($"Domain '{name}' has been undefined\n\n", await rig.VireoOkAsync("undefine", name));
        Assert.Equal(await rig.VirshOkAsync("list", "--all"), await rig.VireoOkAsync("list", "--all"));
    }

    [Fact]
    public async Task CommandsRunByVireoSeeTheContainerItsLimitAndItsMappings()
    {
        await using var rig = await ContainerRig.StartAsync(rootfs);
        var name = ContainerRig.NewName("ve");
        var root = rig.NewRootfs(name);
        var shared = Directory.CreateDirectory(Path.Combine(rig.RootPath, "shared")).FullName;
        var readOnly = Directory.CreateDirectory(Path.Combine(rig.RootPath, "ro")).FullName;
        File.WriteAllText(Path.Combine(readOnly, "given"), "from-the-host\n");
        var devices = $"""

                <filesystem type='mount'><source dir='{shared}'/><target dir='/mnt/shared'/></filesystem>
                <filesystem type='mount'><source dir='{readOnly}'/><target dir='/mnt/ro'/><readonly/></filesystem>
            """;
        var xml = ContainerRig.Xml(name, root, "echo up > /tmp/marker; exec /bin/sleep 100000", devices,
            extra: "\n  <memtune><hard_limit unit='MiB'>32</hard_limit></memtune>");
        await rig.VireoOkAsync("define", rig.WriteFile($"{name}.xml", xml));
        await rig.VireoOkAsync("start", name);
        await ContainerRig.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp", "marker")), "init to start");
        Task<string> Inside(params string[] command) => rig.VireoOkAsync(["lxc-enter-namespace", name, "--", .. command]);

        Assert.Equal($"{name}\n\n", await Inside("/bin/hostname"));
        Assert.StartsWith("/bin/sleep\0100000\0", await Inside("/bin/cat", "/proc/1/cmdline"));
        var listing = await Inside("/bin/sh", "-c", "for p in /proc/[0-9]*; do echo \"${p#/proc/} $(cat $p/comm)\"; done");
        var processes = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).ToList();
        Assert.Contains(["1", "sleep"], processes);
        Assert.All(processes, p => Assert.Contains(p[1], new[] { "sleep", "sh", "cat" }));

        // Standard input reaches the command.
        Assert.Equal("typed-on-stdin\n\n", (await InProcessVireo.RunAsync(rig.Uri, "typed-on-stdin\n", "lxc-enter-namespace", name, "--", "/bin/cat")).Stdout);

        // The mappings: a shared directory both ways, a read-only one that refuses writes.
        Assert.StartsWith("from-the-host\n", await Inside("/bin/sh", "-c", "echo written-inside > /mnt/shared/note && cat /mnt/ro/given"));
        Assert.Equal("written-inside\n", File.ReadAllText(Path.Combine(shared, "note")));
        var refused = await rig.VireoAsync("lxc-enter-namespace", name, "--", "/bin/sh", "-c", "echo x > /mnt/ro/new");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Read-only file system", refused.Stderr);
        Assert.Contains("error: internal error: Child process (", refused.Stderr);
        Assert.Contains(") unexpected exit status 1", refused.Stderr);
        Assert.Equal(["given"], Directory.EnumerateFiles(readOnly).Select(Path.GetFileName));

        // The memory limit holds for commands run inside: they joined the container's cgroups.
        Assert.Equal((32L << 20).ToString(CultureInfo.InvariantCulture),
            File.ReadAllText(ContainerRig.CgroupFile(name, "memory", "memory.limit_in_bytes", "memory.max")).Trim());
        await Inside("/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=16M", "count=1");
        var big = await rig.VireoAsync("lxc-enter-namespace", name, "--", "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=96M", "count=1");
        Assert.Equal(1, big.ExitCode);
        Assert.Contains("unexpected fatal signal 9", big.Stderr);
        Assert.Equal("running\n\n", await rig.VireoOkAsync("domstate", name));

        // A read-only connection may not enter (libvirt's refusal), and a stopped container cannot be entered.
        var ro = await rig.VireoAsync("-r", "lxc-enter-namespace", name, "--", "/bin/true");
        Assert.Equal(1, ro.ExitCode);
        Assert.Contains("read only access prevents virDomainLxcOpenNamespace", ro.Stderr);
        await rig.VireoOkAsync("destroy", name);
        var stopped = await rig.VireoAsync("lxc-enter-namespace", name, "--", "/bin/true");
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("not running", stopped.Stderr);
    }

    [Fact]
    public async Task AnEmbeddedLxcUriRunsContainersThatOutliveEachVireoRun()
    {
        await using var rig = await ContainerRig.StartAsync(rootfs);
        var uri = $"lxc:///embed?root={Path.Combine(rig.RootPath, "embedded")}";
        var name = ContainerRig.NewName("vm");
        var root = rig.NewRootfs(name);
        var xml = rig.WriteFile($"{name}.xml", ContainerRig.Xml(name, root, "echo up > /tmp/marker; exec /bin/sleep 100000"));
        try
        {
            await InProcessVireo.OkAsync(uri, "define", xml);
            await InProcessVireo.OkAsync(uri, "start", name);
            await ContainerRig.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp", "marker")), "init to start");
            // Each run is a new engine on the root: it finds the container running and enters it.
            Assert.Matches($@"\s\d+\s+{name}\s+running", await InProcessVireo.OkAsync(uri, "list"));
            Assert.Equal($"{name}\n\n", await InProcessVireo.OkAsync(uri, "lxc-enter-namespace", name, "--", "/bin/hostname"));
            var id = int.Parse((await InProcessVireo.OkAsync(uri, "domid", name)).Trim(), CultureInfo.InvariantCulture);
            Assert.StartsWith("/bin/sleep\0", File.ReadAllText($"/proc/{id}/cmdline"));
            Assert.Equal($"Domain '{name}' destroyed\n\n", await InProcessVireo.OkAsync(uri, "destroy", name));
            Assert.False(Directory.Exists($"/proc/{id}"), $"init (pid {id}) is still there after destroy");
            await InProcessVireo.OkAsync(uri, "undefine", name);
        }
        finally
        {
            await InProcessVireo.RunAsync(uri, "", "destroy", name); // after a failure: leave no container behind
        }
    }

    [Fact]
    public async Task VireoEventPrintsAContainersLifecycleEvents()
    {
        await using var rig = await ContainerRig.StartAsync(rootfs);
        var name = ContainerRig.NewName("vv");
        await rig.VireoOkAsync("define", rig.WriteFile($"{name}.xml", ContainerRig.Xml(name, rig.NewRootfs(name), "exec /bin/sleep 100000")));

        async Task<string> NextEventAsync(params string[] action)
        {
            var before = rig.Rpc.EventRegistrationCount;
            var watch = rig.VireoAsync("event", name, "--all", "--timeout", "60");
            await ContainerRig.WaitForAsync(() => rig.Rpc.EventRegistrationCount > before || watch.IsCompleted, "vireo event to register");
            await rig.VirshOkAsync(action);
            var r = await watch;
            Assert.True(r.ExitCode == 0, r.ToString());
            return r.Stdout;
        }

        Assert.Equal($"event 'lifecycle' for domain '{name}': Started Booted\nevents received: 1\n\n", await NextEventAsync("start", name));
        Assert.Equal($"event 'lifecycle' for domain '{name}': Suspended Paused\nevents received: 1\n\n", await NextEventAsync("suspend", name));
        Assert.Equal($"event 'lifecycle' for domain '{name}': Stopped Destroyed\nevents received: 1\n\n", await NextEventAsync("destroy", name));
    }

    /// <summary>dominfo without the figures that change between two calls (CPU time, memory in use).</summary>
    private static string Stable(string dominfo) =>
        string.Join('\n', dominfo.Split('\n').Where(l => !l.StartsWith("CPU time:", StringComparison.Ordinal) && !l.StartsWith("Used memory:", StringComparison.Ordinal)));
}
