using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.NodeDevices;

/// <summary>
/// Node device events from the kernel's uevents, through Debian's virsh nodedev-event and python-libvirt: a
/// tap device made in the host's namespace (node devices are the host's; the tap has no address and is never
/// up, so it sends nothing) is created, "changed" through its sysfs uevent file, and deleted. libvirtd would
/// need udevd for these, which this machine does not run, so there is no parity run to compare with; the
/// printed lines are virsh's own formats.
/// </summary>
public sealed class NodeDeviceEventTests
{
    [Fact]
    public async Task Virsh_nodedev_event_prints_a_tap_devices_creation_update_and_deletion()
    {
        VirshRequired.Check();
        MachineSetUp.Require(File.Exists("/dev/net/tun"), "/dev/net/tun (tap devices)");
        await using var served = await ServedEngine.StartAsync();
        await using var lifecycle = LineCapture.Start("virsh", "-c", served.Uri, "nodedev-event", "--event", "lifecycle", "--loop", "--timeout", "120");
        await using var update = LineCapture.Start("virsh", "-c", served.Uri, "nodedev-event", "--event", "update", "--loop", "--timeout", "120");
        // virsh prints nothing once registered: the daemon's count of event callbacks says when both are.
        await Expect.EventuallyAsync(() => Task.FromResult(served.Rpc.EventRegistrationCount), n => n >= 2, "both virsh processes registering");
        await using var tap = new HostTap();

        await tap.AddAsync();
        var device = tap.NodeDevice;
        await lifecycle.WaitAsync(t => t.Contains(device), $"virsh hearing that {device} was created");
        await tap.ChangeAsync();
        await update.WaitAsync(t => t.Contains(device), $"virsh hearing that {device} changed");
        await tap.DeleteAsync();
        await lifecycle.WaitAsync(t => t.Contains($"{device}: Deleted"), $"virsh hearing that {device} was deleted");

        Assert.Equal([$"event 'lifecycle' for node device {device}: Created", $"event 'lifecycle' for node device {device}: Deleted"],
            lifecycle.Lines.Where(l => l.Contains(device)));
        Assert.Equal([$"event 'update' for node device {device}"], update.Lines.Where(l => l.Contains(device)));
    }

    [Fact]
    public async Task Python_callbacks_hear_only_the_events_and_device_they_registered_for()
    {
        MachineSetUp.Require(File.Exists("/dev/net/tun"), "/dev/net/tun (tap devices)");
        await using var served = await ServedEngine.StartAsync();
        await using var tap = new HostTap();
        // Three registrations: lifecycle of every device, update of every device, lifecycle of "computer" only
        // (which must hear nothing). The script makes, changes and deletes the tap itself once registered, each
        // step once the previous one was heard: a device that lives for less than one rescan of the host's
        // devices may go unnoticed (docs/nodedev.md).
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt, subprocess, threading
            libvirt.virEventRegisterDefaultImpl()
            c = libvirt.open('{{served.Uri}}')
            seen = []
            heard = {0: threading.Event(), 1: threading.Event(), 'update': threading.Event()}
            def mine(dev):
                return dev.name().startswith('net_{{tap.Name}}_')
            def lifecycle(conn, dev, event, detail, tag):
                seen.append(f"{tag} {dev.name()} {event} {detail}")
                if mine(dev): heard[event].set()
            def update(conn, dev, tag):
                seen.append(f"{tag} {dev.name()}")
                if mine(dev): heard['update'].set()
            c.nodeDeviceEventRegisterAny(None, libvirt.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, lifecycle, 'lifecycle')
            c.nodeDeviceEventRegisterAny(None, libvirt.VIR_NODE_DEVICE_EVENT_ID_UPDATE, update, 'update')
            c.nodeDeviceEventRegisterAny(c.nodeDeviceLookupByName('computer'), libvirt.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, lifecycle, 'computer')
            threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)], daemon=True).start()
            def step(what, event):
                if not event.wait(60):
                    print(f'not heard: {what}')
                    exit(1)
            subprocess.run(['ip', 'tuntap', 'add', 'dev', '{{tap.Name}}', 'mode', 'tap'], check=True)
            mac = open('/sys/class/net/{{tap.Name}}/address').read().strip().replace(':', '_')
            print('device', f'net_{{tap.Name}}_{mac}')
            step('created', heard[libvirt.VIR_NODE_DEVICE_EVENT_CREATED])
            open('/sys/class/net/{{tap.Name}}/uevent', 'w').write('change')
            step('updated', heard['update'])
            subprocess.run(['ip', 'link', 'del', 'dev', '{{tap.Name}}'], check=True)
            step('deleted', heard[libvirt.VIR_NODE_DEVICE_EVENT_DELETED])
            for line in seen:
                print(line)
            """]);
        Assert.True(python.ExitCode == 0, python.ToString());
        var lines = python.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var device = lines[0]["device ".Length..];
        var mine = lines.Skip(1).Where(l => l.Contains(device) || l.StartsWith("computer ", StringComparison.Ordinal)).ToArray();
        // VIR_NODE_DEVICE_EVENT_CREATED 0, DELETED 1, detail 0.
        Assert.Equal([$"lifecycle {device} 0 0", $"lifecycle {device} 1 0"], mine.Where(l => l.StartsWith("lifecycle ", StringComparison.Ordinal)));
        Assert.Equal([$"update {device}"], mine.Where(l => l.StartsWith("update ", StringComparison.Ordinal)));
        Assert.DoesNotContain(mine, l => l.StartsWith("computer ", StringComparison.Ordinal));
    }
}
