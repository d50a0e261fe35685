using System.Security;
using Vireo.Hosting;
using Vireo.IntegrationTests.Support;
using Vireo.Lxc.Driver;
using Vireo.Platform.Cgroups;

namespace Vireo.IntegrationTests.Containers.Support;

/// <summary>
/// The container driver served as vireod serves it (<see cref="ServedEngine"/> with the lxc driver:
/// stock virsh, python-libvirt and vireo talk to it with lxc+unix:///?socket=PATH), plus what container
/// tests need on top: private copies of the busybox root, container XML, and the host-side cgroup files
/// that show what the clients asked for really happened. Disposing destroys every container it runs.
/// </summary>
internal sealed class ContainerRig : IAsyncDisposable
{
    private readonly ServedEngine _served;
    private readonly ContainerRootfs _rootfs;

    private ContainerRig(ServedEngine served, ContainerRootfs rootfs)
    {
        _served = served;
        _rootfs = rootfs;
    }

    public string Uri => _served.Uri;
    public string RootPath => _served.RootPath;
    public LxcDriver Driver => (LxcDriver)_served.Driver;
    public Vireo.Rpc.Server.RpcServer Rpc => _served.Rpc;

    /// <summary>A fresh container name, unique across parallel tests (names become cgroup names).</summary>
    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    public static async Task<ContainerRig> StartAsync(ContainerRootfs rootfs)
    {
        BusyboxRootfs.Require(rootfs.Error);
        return new ContainerRig(await ServedEngine.StartAsync(DriverKind.Lxc), rootfs);
    }

    /// <summary>A private copy of the busybox root under this rig's directory.</summary>
    public string NewRootfs(string name)
    {
        var dest = Path.Combine(RootPath, "roots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
        var r = ProcessRunner.RunAsync("cp", ["-a", _rootfs.Rootfs, dest]).GetAwaiter().GetResult();
        Assert.True(r.ExitCode == 0, $"copying the root filesystem: {r}");
        return dest;
    }

    /// <summary>A container whose init is `/bin/sh -c SCRIPT`, with its root, a console and any extra devices.</summary>
    public static string Xml(string name, string root, string script, string devices = "", string extra = "", int memoryMiB = 64) => $"""
        <domain type='lxc'>
          <name>{name}</name>
          <memory unit='MiB'>{memoryMiB}</memory>
          <vcpu>1</vcpu>{extra}
          <os>
            <type>exe</type>
            <init>/bin/sh</init>
            <initarg>-c</initarg>
            <initarg>{SecurityElement.Escape(script)}</initarg>
          </os>
          <devices>
            <filesystem type='mount'>
              <source dir='{SecurityElement.Escape(root)}'/>
              <target dir='/'/>
            </filesystem>{devices}
            <console type='pty'/>
          </devices>
        </domain>
        """;

    /// <summary>Writes a file under the rig's root (virsh define reads files) and returns its path.</summary>
    public string WriteFile(string name, string content) => _served.WriteFile(name, content);

    /// <summary>The host-side file of the container's cgroup (v1: in that controller's hierarchy; v2: the one group).</summary>
    public static string CgroupFile(string name, string controller, string v1File, string v2File)
    {
        var layout = CgroupLayout.Detect();
        var rel = $"{Cgroups.MachineParent}/lxc-{name}";
        return layout.PreferredVersion == CgroupVersion.V2
            ? Path.Combine(layout.UnifiedMount!, rel, v2File)
            : Path.Combine(layout.V1Mounts[controller], rel, v1File);
    }

    public static bool CgroupV1 => CgroupLayout.Detect().PreferredVersion == CgroupVersion.V1;

    public Task<ProgramResult> VirshAsync(params string[] args) => _served.VirshAsync(args);

    public Task<string> VirshOkAsync(params string[] args) => _served.VirshOkAsync(args);

    public Task<string> VirshFailsAsync(params string[] args) => _served.VirshFailsAsync(args);

    public Task<ProgramResult> VireoAsync(params string[] args) => _served.VireoAsync(args);

    public Task<string> VireoOkAsync(params string[] args) => _served.VireoOkAsync(args);

    /// <summary>Polls a condition until it holds (no sleeps for readiness: a deadline instead).</summary>
    public static Task WaitForAsync(Func<bool> condition, string what, double seconds = 20) =>
        Vireo.Platform.Poll.UntilAsync(condition, TimeSpan.FromSeconds(seconds), what);

    public ValueTask DisposeAsync() => _served.DisposeAsync();
}
