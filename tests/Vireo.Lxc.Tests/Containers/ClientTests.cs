using System.Diagnostics;
using Vireo.Lxc.Tests.Support;
using Vireo.Rpc.Server;

namespace Vireo.Lxc.Tests.Containers;

/// <summary>Stock clients against our RPC server with the container driver: Debian's virsh and python3-libvirt.</summary>
public class ClientTests(RootfsFixture rootfs)
{
    [Fact]
    public async Task VirshDefinesStartsInspectsPausesAndDestroysAContainer()
    {
        MachineSetUp.Require(File.Exists("/usr/bin/virsh"), "virsh (libvirt-clients)");
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        await using var server = new RpcServer([bed.Driver]);
        var socket = Path.Combine(bed.Dir, "sock");
        server.ListenUnix(socket);
        var uri = $"lxc+unix:///?socket={socket}";
        var name = "virsh-" + bed.Suffix;
        var xmlFile = Path.Combine(bed.Dir, "ct.xml");
        var root = bed.NewRootfs();
        File.WriteAllText(xmlFile, ContainerBed.Xml(name, root, args: ["-c", "echo up > /tmp/marker; exec sleep 100000"]));

        Assert.Contains($"Domain '{name}' defined", await Virsh(uri, "define", xmlFile));
        Assert.Contains($"Domain '{name}' started", await Virsh(uri, "start", name));
        await ContainerBed.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp/marker")), "the init's marker");
        var id = bed.Driver.Domains.LookupByName(name).Id;
        Assert.Matches($@"\s{id}\s+{name}\s+running", await Virsh(uri, "list"));
        var info = await Virsh(uri, "dominfo", name);
        Assert.Matches(@"OS Type:\s+exe", info);
        Assert.Matches(@"State:\s+running", info);
        Assert.Matches(@"Max memory:\s+65536 KiB", info);
        Assert.Contains("<domain type='lxc'", await Virsh(uri, "dumpxml", name));
        Assert.Equal("LXC", (await Virsh(uri, "version")).Split('\n').First(l => l.StartsWith("Running hypervisor:")).Split(':')[1].Trim().Split(' ')[0]);

        await Virsh(uri, "suspend", name);
        Assert.Equal("paused", (await Virsh(uri, "domstate", name)).Trim());
        await Virsh(uri, "resume", name);
        Assert.Matches(@"state.state=1", await Virsh(uri, "domstats", name));

        Assert.Contains($"Domain '{name}' destroyed", await Virsh(uri, "destroy", name));
        Assert.Equal("shut off", (await Virsh(uri, "domstate", name)).Trim());
        bed.AssertNothingLeft(name, bed.Driver.Domains.LookupByName(name).Uuid);
        Assert.Contains($"Domain '{name}' has been undefined", await Virsh(uri, "undefine", name));
    }

    [Fact]
    public async Task PythonLibvirtStartsAContainerAndReadsItsConsoleFromTheFirstByte()
    {
        MachineSetUp.Require(File.Exists("/usr/bin/python3") && Run("/usr/bin/python3", "-c", "import libvirt").ExitCode == 0,
            "python-libvirt for Debian's /usr/bin/python3 (package python3-libvirt)");
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        await using var server = new RpcServer([bed.Driver]);
        var socket = Path.Combine(bed.Dir, "sock");
        server.ListenUnix(socket);
        var name = "py-" + bed.Suffix;
        var xmlFile = Path.Combine(bed.Dir, "ct.xml");
        File.WriteAllText(xmlFile, ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "echo HELLO-FROM-$(hostname); exec sleep 100000"]));
        var script = """
            import libvirt, signal, sys
            signal.alarm(30)
            conn = libvirt.open(sys.argv[1])
            dom = conn.defineXML(open(sys.argv[2]).read())
            dom.create()
            print("type", conn.getType(), "os", dom.OSType(), "active", dom.isActive(), "id", dom.ID())
            print("uuid", dom.UUIDString(), flush=True)
            st = conn.newStream(0)
            dom.openConsole(None, st, 0)
            print("console opened", flush=True)
            data = b""
            while b"HELLO-FROM" not in data or not data.endswith(b"\n"):
                chunk = st.recv(4096)
                if not chunk: break
                data += chunk
                print("chunk", repr(chunk), flush=True)
            print("console", data.decode().strip())
            st.abort()
            dom.destroy()
            print("state", dom.state()[0])
            dom.undefine()
            """;
        var r = Run("/usr/bin/python3", "-c", script, $"lxc+unix:///?socket={socket}", xmlFile);
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains("type LXC os exe active 1 id ", r.Output);
        Assert.Contains($"console HELLO-FROM-{name}", r.Output);
        Assert.Contains("state 5", r.Output);
        // destroy with the console stream just aborted, then undefine at once: no cgroup in any
        // hierarchy, mount, process or run file may outlive it.
        var uuid = Guid.Parse(r.Stdout.Split('\n').Single(l => l.StartsWith("uuid ", StringComparison.Ordinal))[5..]);
        bed.AssertNothingLeft(name, uuid);
    }

    private static async Task<string> Virsh(string uri, params string[] args)
    {
        var r = await Task.Run(() => Run("/usr/bin/virsh", ["-c", uri, .. args]));
        Assert.True(r.ExitCode == 0, $"virsh {string.Join(' ', args)}: {r.Output}");
        return r.Stdout;
    }

    private sealed record Result(int ExitCode, string Stdout, string Output);

    private static Result Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LIBVIRT_DEFAULT_URI"] = null;
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(true);
            p.WaitForExit();
            throw new TimeoutException($"{exe} did not finish; it printed: {output.Result}{err.Result}");
        }
        return new Result(p.ExitCode, output.Result, output.Result + err.Result);
    }
}
