using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Hosting;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Storage;

/// <summary>
/// vireod's composition with both drivers (as the daemon runs): one storage driver behind qemu:/// and
/// lxc:///, pool events delivered to python-libvirt in the order libvirtd 9.0 sends them for the same
/// calls, and the read-only socket refusing storage changes with libvirtd's words (both checked by hand
/// against libvirtd).
/// </summary>
public sealed class StorageSharingTests
{
    [Fact]
    public async Task Both_drivers_share_the_pools_events_reach_python_and_the_read_only_socket_refuses_changes()
    {
        using var root = new TempRoot();
        var drivers = DriverSet.Create(StateLayout.Under(root.Path), [DriverKind.Qemu, DriverKind.Lxc], null, NullLoggerFactory.Instance);
        await using var server = await VireoServer.StartAsync(drivers, NullLoggerFactory.Instance, null, CancellationToken.None);
        Assert.True(server.Drivers.Count == 2, "the container driver did not start (is its helper vireo-lxc built? scripts/setup.sh builds it), so there is no lxc:/// to share pools with");
        var (rw, ro) = (Path.Combine(root.Path, "sock"), Path.Combine(root.Path, "sock-ro"));
        await server.ListenAsync([ListenEndpoint.ReadWrite(rw), ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        var pool = DemoKit.UniqueName("shared");
        var dir = Path.Combine(root.Path, "shared");
        var script = Path.Combine(root.Path, "events.py");
        File.WriteAllText(script, """
            import libvirt, sys, threading, time
            qemu, lxc, ro, name, path = sys.argv[1:6]
            libvirt.virEventRegisterDefaultImpl()
            c = libvirt.open(qemu)
            seen = []
            c.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, lambda conn, p, e, d, o: seen.append((p.name(), e, d)), None)
            c.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_REFRESH, lambda conn, p, o: seen.append((p.name(), "refresh")), None)
            threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)], daemon=True).start()
            p = c.storagePoolDefineXML(f"<pool type='dir'><name>{name}</name><target><path>{path}</path></target></pool>")
            p.build(0); p.create(0); p.refresh(0)
            print([x.name() for x in libvirt.open(lxc).listAllStoragePools()])
            try:
                libvirt.open(ro).storagePoolLookupByName(name).destroy()
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            p.destroy(); p.undefine()
            deadline = time.time() + 30
            while len(seen) < 6 and time.time() < deadline: time.sleep(0.02)
            print(seen)
            """);
        var output = await ProcessRunner.OkAsync("/usr/bin/python3", script, $"qemu+unix:///system?socket={rw}", $"lxc+unix:///?socket={rw}",
            $"qemu+unix:///system?socket={ro}", pool, dir);
        var lines = output.Split('\n');
        Assert.Equal($"['{pool}']", lines[0]);
        Assert.Equal("29 18 operation forbidden: read only access prevents virStoragePoolDestroy", lines[1]);
        Assert.Equal($"[('{pool}', 0, 0), ('{pool}', 4, 0), ('{pool}', 2, 0), ('{pool}', 'refresh'), ('{pool}', 3, 0), ('{pool}', 1, 0)]", lines[2]);
    }
}
