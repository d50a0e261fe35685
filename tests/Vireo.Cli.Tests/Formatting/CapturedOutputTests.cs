using Vireo.Cli.Formatting;
using Vireo.Cli.Tests.Support;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>
/// The formatters fed with the values libvirtd sent in each capture (see the .txt decodes in the shared
/// reference) must print exactly what virsh printed (Golden/*.out). virsh's blank line after each command is
/// added here as CliApp adds it.
/// </summary>
public sealed class CapturedOutputTests
{
    private static readonly Guid Lvtest1 = Guid.Parse("72741797-7e6c-4fe4-85aa-7c14f559a862");

    private static void AssertGolden(string name, string printed)
    {
        var (expected, rc) = Golden.Load(name);
        Assert.Equal(0, rc);
        Assert.Equal(expected, printed + "\n");
    }

    [Fact]
    public void List_all_with_one_shut_off_domain() =>
        AssertGolden("list_all", ListFormat.Table([new ListRow(-1, "lvtest1", Lvtest1, StateWithReason.Of(ShutoffReason.Unknown))], false));

    [Fact]
    public void List_of_one_running_domain() =>
        AssertGolden("list_running", ListFormat.Table([new ListRow(1, "lvtest1", Lvtest1, StateWithReason.Of(RunningReason.Booted))], false));

    [Fact]
    public void List_with_no_domains() => AssertGolden("list_all_empty", ListFormat.Table([], false));

    [Fact]
    public void Dominfo_of_a_shut_off_domain() => AssertGolden("dominfo", DomainFormat.DomInfo(new DomInfoData(
        -1, "lvtest1", Lvtest1, "hvm", new DomainInfo(DomainState.Shutoff, 262144, 262144, 1, 0), true, false, false,
        "none", "0", "", false, [])));

    [Fact]
    public void Dominfo_of_a_running_domain() => AssertGolden("dominfo_running", DomainFormat.DomInfo(new DomInfoData(
        1, "lvtest1", Lvtest1, "hvm", new DomainInfo(DomainState.Running, 262144, 262144, 1, 3_200_000_000), true, false, false,
        "none", "0", "", false, [])));

    [Fact]
    public void Domstate_plain_and_with_reason()
    {
        AssertGolden("domstate", DomainFormat.DomState(new StateWithReason(DomainState.Shutoff, 0), reason: false));
        AssertGolden("domstate_byid", DomainFormat.DomState(new StateWithReason(DomainState.Running, 5), reason: false));
        AssertGolden("domstate_paused", DomainFormat.DomState(new StateWithReason(DomainState.Paused, 1), reason: true));
    }

    [Fact]
    public void Nodeinfo() =>
        AssertGolden("nodeinfo", HostFormat.NodeInfo(new NodeInfo("x86_64", 6777044, 2, 2100, 1, 1, 2, 1)));

    [Fact]
    public void Version_against_qemu_7_2() =>
        AssertGolden("version", HostFormat.VersionReport(9_000_000, "QEMU", 7002022, null));

    [Fact]
    public void Domblklist_from_the_captured_domain_xml() =>
        AssertGolden("domblklist", DeviceFormat.BlockList(Golden.File("domblklist.xml"), details: false));

    [Fact]
    public void Event_lines()
    {
        DomainRef lv2 = new("lvtest2", Guid.Parse("49568a93-e8bc-42b7-aceb-3ccf44c1e167"), 2);
        DomainRef lv1 = new("lvtest1", Lvtest1, 1);
        LifecycleEvent[] events =
        [
            new(lv2, LifecycleEventType.Resumed, (int)ResumedDetail.Unpaused),
            new(lv2, LifecycleEventType.Started, (int)StartedDetail.Booted),
            new(lv2, LifecycleEventType.Shutdown, (int)ShutdownDetail.Host),
            new(lv2, LifecycleEventType.Stopped, (int)StoppedDetail.Destroyed),
            new(lv1, LifecycleEventType.Suspended, (int)SuspendedDetail.Paused),
            new(lv1, LifecycleEventType.Resumed, (int)ResumedDetail.Unpaused),
        ];
        AssertGolden("event", string.Concat(events.Select(e => EventFormat.Line(e, null))) + "event loop timed out\nevents received: 6\n");
    }

    [Fact]
    public void Event_lines_with_timestamps_and_tunables()
    {
        var dom = new DomainRef("lvtest3", Guid.NewGuid(), 3);
        var at = new DateTimeOffset(2026, 11, 29, 21, 14, 34, 158, TimeSpan.Zero);
        Assert.Equal("2026-11-29 21:14:34.158+0000: event 'tunable' for domain 'lvtest3':\n\tcputune.vcpupin0: 0\n",
            EventFormat.Line(new TunableEvent(dom, [Core.Params.TypedParameter.String("cputune.vcpupin0", "0")]), at));
        Assert.Equal("2026-11-29 21:14:34.158+0000: event 'reboot' for domain 'lvtest3'\n", EventFormat.Line(new RebootEvent(dom), at));
        // virsh event --event job-completed after a save under libvirtd 9.0 (the first three of its lines).
        Assert.Equal("event 'job-completed' for domain 'lvtest3':\n\toperation: 2\n\ttime_elapsed: 164\n\tdowntime: 161\n",
            EventFormat.Line(new JobCompletedEvent(dom, [Core.Params.TypedParameter.Int("operation", 2),
                Core.Params.TypedParameter.ULLong("time_elapsed", 164), Core.Params.TypedParameter.ULLong("downtime", 161)]), null));
        Assert.Equal("event 'lifecycle' for domain 'lvtest3': Undefined Removed\n",
            EventFormat.Line(new LifecycleEvent(dom, LifecycleEventType.Undefined, 0), null));
    }

    [Fact]
    public void Io_error_lines_as_virsh_9_prints_them()
    {
        // The lines Debian's virsh printed for vireod in IoErrorEventTests (a raw disk on a full tmpfs, error_policy='stop').
        var dom = new DomainRef("ioerr-1", Guid.NewGuid(), 4);
        Assert.Equal("event 'io-error' for domain 'ioerr-1': /t/sparse.raw (virtio-disk0) pause\n",
            EventFormat.Line(new IoErrorEvent(dom, "/t/sparse.raw", "virtio-disk0", 1), null));
        Assert.Equal("event 'io-error-reason' for domain 'ioerr-1': /t/sparse.raw (virtio-disk0) pause due to enospc\n",
            EventFormat.Line(new IoErrorReasonEvent(dom, "/t/sparse.raw", "virtio-disk0", 1, "enospc"), null));
        Assert.Equal("event 'io-error-reason' for domain 'ioerr-1':  () report due to \n",
            EventFormat.Line(new IoErrorReasonEvent(dom, "", "", 2, ""), null));
    }

    [Fact]
    public void Tray_and_graphics_lines_as_virsh_9_prints_them()
    {
        var dom = new DomainRef("tray-1", Guid.NewGuid(), 5);
        Assert.Equal("event 'tray-change' for domain 'tray-1' disk ide0-1-0: opened\n", EventFormat.Line(new TrayChangeEvent(dom, "ide0-1-0", 0), null));
        Assert.Equal("event 'tray-change' for domain 'tray-1' disk ide0-1-0: closed\n", EventFormat.Line(new TrayChangeEvent(dom, "ide0-1-0", 1), null));
        var local = new GraphicsEventAddress(0, "127.0.0.1", "5900");
        Assert.Equal("event 'graphics' for domain 'tray-1': initialize local[IPv4 127.0.0.1 5900] remote[IPv6 ::1 40000] vnc\n\tx509dname=CN=a\n",
            EventFormat.Line(new GraphicsEvent(dom, 1, local, new GraphicsEventAddress(1, "::1", "40000"), "vnc", [("x509dname", "CN=a")]), null));
    }
}
