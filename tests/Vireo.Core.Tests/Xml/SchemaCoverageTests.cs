using Vireo.Core.Domain;
using Vireo.Core.Snapshots;
using Vireo.Core.Tests.Capabilities;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.Xml;

/// <summary>
/// Every value the parser accepts for an enumerated attribute must also be valid for libvirt's schema, so
/// each test puts all values of one enum (or list of models) into a document, parses it, formats it and
/// runs xmllint over the output. This catches values that exist in newer libvirt but not in 9.0.
/// </summary>
public sealed class SchemaCoverageTests
{
    private static string Each<T>(Func<string, int, string> element) where T : struct, Enum =>
        string.Concat(XmlNames.All<T>().Select((v, i) => element(v, i)));

    private static string Each(IEnumerable<string> values, Func<string, int, string> element) =>
        string.Concat(values.Select((v, i) => element(v, i)));

    private static void AssertValid(string xml, string schema = "domain.rng")
    {
        var formatted = schema == "domain.rng" ? DomainXml.Format(DomainXml.Parse(xml), secure: true) : SnapshotXml.Format(SnapshotXml.Parse(xml));
        var (valid, output) = SchemaValidator.Validate(formatted, schema);
        Assert.True(valid, $"libvirt's {schema} refused:\n{output}\n{formatted}");
    }

    [Fact]
    public void DiskValues() => AssertValid(Doc.Vm(
        Each<DiskBus>((b, i) => $"<disk type='file' device='disk'><source file='/d{i}'/><target dev='sd{(char)('a' + i)}' bus='{b}'/></disk>")
        + Each<DiskCache>((c, i) => $"<disk type='file'><driver name='qemu' cache='{c}'/><source file='/c{i}'/><target dev='vd{(char)('a' + i)}'/></disk>")
        + Each<DiskIo>((io, i) => $"<disk type='block'><driver name='qemu' io='{io}' type='raw'/><source dev='/dev/b{i}'/><target dev='hd{(char)('a' + i)}'/></disk>")
        + Each<DiskDiscard>((d, i) => $"<disk type='file'><driver name='qemu' discard='{d}' type='qcow2'/><source file='/q{i}'/><target dev='xvd{(char)('a' + i)}'/></disk>")
        + Each<DiskDevice>((d, i) => $"<disk type='block' device='{d}'><source dev='/dev/x{i}'/><target dev='ubd{(char)('a' + i)}'/></disk>")));

    [Fact]
    public void ControllerModels_OfEveryType() => AssertValid(Doc.Vm(string.Concat(Enum.GetValues<ControllerType>().SelectMany(type =>
    {
        var models = ControllerModels.For(type);
        var t = type.ToXml();
        return models.Count == 0
            ? [$"<controller type='{t}' index='0'/>"]
            : models.Select((m, i) => $"<controller type='{t}' index='{i}' model='{m}'/>");
    }))));

    [Fact]
    public void PciControllerModelNames() => AssertValid(Doc.Vm(
        Each(ControllerModels.PciModelNames, (m, i) => $"<controller type='pci' index='{i + 1}' model='pci-bridge'><model name='{m}'/><target chassisNr='{i + 1}' chassis='1' port='0x8' busNr='1' index='1' hotplug='off'/></controller>")));

    [Fact]
    public void InterfaceValues() => AssertValid(Doc.Vm(
        Each<DirectMode>((m, _) => $"<interface type='direct'><source dev='eth0' mode='{m}'/></interface>")
        + Each<InterfaceDriverName>((n, _) => $"<interface type='user'><model type='virtio'/><driver name='{n}'/></interface>")
        + Each<TxMode>((t, _) => $"<interface type='user'><model type='virtio'/><driver txmode='{t}'/></interface>")
        + Each<LinkState>((s, _) => $"<interface type='ethernet'><link state='{s}'/></interface>")
        + "<interface type='bridge'><source bridge='br0'/></interface><interface type='network'><source network='default' bridge='virbr0'/></interface>"));

    [Fact]
    public void CharDeviceValues() => AssertValid(Doc.Vm(
        "<controller type='virtio-serial' index='0'/>"
        + Each<CharType>((t, i) => t switch
        {
            "file" => $"<serial type='file'><source path='/tmp/s{i}'/><target port='{i}'/></serial>",
            "unix" => $"<serial type='unix'><source mode='connect' path='/tmp/s{i}'/><target port='{i}'/></serial>",
            "tcp" => $"<serial type='tcp'><source mode='connect' host='127.0.0.1' service='99{i}'/><protocol type='raw'/><target port='{i}'/></serial>",
            "spicevmc" => $"<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>",
            _ => $"<serial type='{t}'><target port='{i}'/></serial>",
        })
        + Each<CharProtocol>((p, i) => $"<serial type='tcp'><source mode='bind' host='127.0.0.1' service='98{i}'/><protocol type='{p}'/><target port='{10 + i}'/></serial>")
        + Each(SerialTargetTypes.All.Take(3), (t, i) => $"<serial type='null'><target type='{t}' port='{20 + i}'><model name='{t}'/></target></serial>")
        + Each<ConsoleTargetType>((t, i) => t == "lxc" ? "" : $"<console type='pty'><target type='{t}' port='{i}'/></console>")
        + Each<ChannelState>((s, i) => $"<channel type='unix'><source mode='bind' path='/tmp/c{i}'/><target type='virtio' name='org.x.{i}' state='{s}'/></channel>")));

    [Fact]
    public void InputGraphicsVideoSoundValues() => AssertValid(Doc.Vm(
        string.Concat(XmlNames.All<InputType>().SelectMany(t => XmlNames.All<InputBus>().Select(b => $"<input type='{t}' bus='{b}'/>")))
        + Each<SharePolicy>((p, _) => $"<graphics type='vnc' sharePolicy='{p}'><listen type='none'/></graphics>")
        + Each<GraphicsListenType>((t, _) => t switch
        {
            "address" => "<graphics type='spice'><listen type='address' address='127.0.0.1'/></graphics>",
            "socket" => "<graphics type='vnc'><listen type='socket' socket='/tmp/v.sock'/></graphics>",
            _ => "<graphics type='spice'><listen type='none'/></graphics>",
        })
        + "<graphics type='spice' autoport='yes'>" + Each(SpiceValues.ChannelNames, (n, i) => $"<channel name='{n}' mode='{SpiceValues.ChannelModes[i % 3]}'/>") + "<image compression='quic'/></graphics>"
        + Each(SpiceValues.ImageCompressions, (c, _) => $"<graphics type='spice' autoport='yes'><image compression='{c}'/></graphics>")
        + Each<VideoModel>((m, _) => $"<video><model type='{m}'/></video>")
        + Each<SoundModel>((m, _) => $"<sound model='{m}'/>")
        + "<sound model='ich9'>" + Each<SoundCodec>((c, _) => $"<codec type='{c}'/>") + "</sound>"
        + Each<AudioType>((t, i) => $"<audio id='{i + 1}' type='{t}'/>")));

    [Fact]
    public void SmallDeviceValues() => AssertValid(Doc.Vm(
        Each<MemBalloonModel>((m, i) => i == 0 ? $"<memballoon model='{m}'/>" : "")
        + Each<PanicModel>((m, _) => $"<panic model='{m}'/>")
        + "<rng model='virtio'><backend model='random'>/dev/random</backend></rng>"
        + "<rng model='virtio'><backend model='egd' type='tcp'><source mode='bind' service='1'/><protocol type='raw'/></backend></rng>"))
        ;

    [Fact]
    public void WatchdogValues()
    {
        foreach (var model in XmlNames.All<WatchdogModel>())
            foreach (var action in XmlNames.All<WatchdogAction>())
                AssertValid(Doc.Vm($"<watchdog model='{model}' action='{action}'/>"));
    }

    [Fact]
    public void TopLevelValues()
    {
        var timers = "<timer name='platform' track='boot'/>" + Each<TimerTrack>((t, _) => $"<timer name='rtc' track='{t}'/>")
            + Each<TimerTickPolicy>((p, _) => $"<timer name='pit' tickpolicy='{p}'/>")
            + Each<TimerMode>((m, _) => $"<timer name='tsc' mode='{m}' frequency='1000'/>")
            + Each<TimerName>((n, _) => $"<timer name='{n}' present='yes'/>");
        AssertValid(Doc.Vm(top: $"<clock offset='utc'>{timers}</clock>"));
        foreach (var offset in XmlNames.All<ClockOffset>())
            AssertValid(Doc.Vm(top: offset switch
            {
                "timezone" => "<clock offset='timezone' timezone='UTC'/>",
                "variable" => "<clock offset='variable' adjustment='10' basis='localtime'/>",
                _ => $"<clock offset='{offset}' adjustment='reset'/>",
            }));
        foreach (var mode in XmlNames.All<CpuMode>())
            AssertValid(Doc.Vm(top: $"<cpu mode='{mode}' check='none'/>"));
        AssertValid(Doc.Vm(top: "<cpu mode='custom'>" + Each<CpuFallback>((f, i) => i == 0 ? $"<model fallback='{f}'>qemu64</model>" : "")
            + Each<CpuFeaturePolicy>((p, i) => $"<feature policy='{p}' name='f{i}'/>") + "</cpu>"));
        foreach (var match in XmlNames.All<CpuMatch>())
            foreach (var check in XmlNames.All<CpuCheck>())
                AssertValid(Doc.Vm(top: $"<cpu mode='custom' match='{match}' check='{check}'><model>qemu64</model></cpu>"));
        foreach (var action in XmlNames.All<LifecycleAction>())
            AssertValid(Doc.Vm(top: $"<on_crash>{action}</on_crash>"));
        foreach (var mode in XmlNames.All<NumaMode>())
            AssertValid(Doc.Vm(top: $"<numatune><memory mode='{mode}' nodeset='0'/></numatune>"));
        AssertValid(Doc.Vm(top: "<cputune>" + Each<VcpuScheduler>((s, i) => (s is "fifo" or "rr" ? $"<vcpusched vcpus='{i}' scheduler='{s}' priority='1'/>" : $"<vcpusched vcpus='{i}' scheduler='{s}'/>")) + "</cputune>"));
        foreach (var source in XmlNames.All<MemorySourceType>())
            AssertValid(Doc.Vm(top: $"<memoryBacking><source type='{source}'/></memoryBacking>"));
        foreach (var access in XmlNames.All<MemoryAccessMode>())
            foreach (var allocation in XmlNames.All<MemoryAllocationMode>())
                AssertValid(Doc.Vm(top: $"<memoryBacking><access mode='{access}'/><allocation mode='{allocation}'/></memoryBacking>"));
        foreach (var type in XmlNames.All<SecLabelType>())
            AssertValid(Doc.Vm(top: type switch
            {
                "static" => "<seclabel type='static' model='dac' relabel='no'><label>+0:+0</label></seclabel>",
                "none" => "<seclabel type='none' model='dac' relabel='no'/>",
                _ => $"<seclabel type='{type}' model='dac' relabel='yes'><baselabel>+1:+1</baselabel></seclabel>",
            }));
    }

    [Fact]
    public void OsValues()
    {
        AssertValid(Doc.Vm(os: "<type>hvm</type>" + Each<BootDevice>((d, _) => $"<boot dev='{d}'/>") + "<bootmenu enable='no'/><bios useserial='no'/>"));
        foreach (var mode in XmlNames.All<SmbiosMode>())
            AssertValid(Doc.Vm(os: $"<type>hvm</type><smbios mode='{mode}'/>"));
        foreach (var type in XmlNames.All<LoaderType>())
            AssertValid(Doc.Vm(os: $"<type>hvm</type><loader type='{type}' readonly='yes' secure='no'>/fw.bin</loader><nvram>/vars.fd</nvram>"));
        foreach (var firmware in XmlNames.All<OsFirmware>())
            AssertValid(Doc.Vm(os: "<type>hvm</type>").Replace("<os>", $"<os firmware='{firmware}'>", StringComparison.Ordinal));
    }

    [Fact]
    public void HyperVValues()
    {
        AssertValid(Doc.Vm(top: "<features><hyperv mode='passthrough'/></features>"));
        {
            var mode = "custom";
            var features = string.Concat(HyperVFeatureNames.All.Select((f, i) => f switch
            {
                "spinlocks" => "<spinlocks state='on' retries='8191'/>",
                "vendor_id" => "<vendor_id state='on' value='KVM Hv'/>",
                "stimer" => "<stimer state='on'><direct state='on'/></stimer>",
                _ => $"<{f} state='{(i % 2 == 0 ? "on" : "off")}'/>",
            }));
            var xml = Doc.Vm(top: $"<features><acpi/><hyperv mode='{mode}'>{features}</hyperv><pmu state='off'/></features>");
            AssertValid(xml);
            var formatted = DomainXml.Format(DomainXml.Parse(xml));
            Assert.Equal(formatted, DomainXml.Format(DomainXml.Parse(formatted)));
            Assert.Equal(HyperVFeatureNames.All.Count, DomainXml.Parse(xml).Features!.HyperV!.Features.Count);
        }
    }

    [Fact]
    public void ContainerValues()
    {
        foreach (var policy in XmlNames.All<CapabilityPolicy>())
            AssertValid(Doc.Ct(top: $"<features><privnet/><capabilities policy='{policy}'>"
                + string.Concat(CapabilityNames.All.Select((c, i) => $"<{c} state='{(i % 2 == 0 ? "on" : "off")}'/>")) + "</capabilities></features>"));
        AssertValid(Doc.Ct(
            Each<FilesystemAccessMode>((m, i) => $"<filesystem type='mount' accessmode='{m}'><source dir='/s{i}'/><target dir='/t{i}'/></filesystem>")
            + Each<FilesystemDriverType>((t, i) => $"<filesystem type='mount'><driver type='{t}'/><source dir='/d{i}'/><target dir='/u{i}'/></filesystem>")
            + "<console type='pty'><target type='lxc' port='0'/></console>"));
    }

    [Fact]
    public void SnapshotValues()
    {
        foreach (var state in XmlNames.All<SnapshotState>().Where(s => s is not ("nostate" or "pmsuspended")))
            AssertValid($"<domainsnapshot><state>{state}</state></domainsnapshot>", "domainsnapshot.rng");
        AssertValid("<domainsnapshot><disks>" + Each<SnapshotLocation>((l, i) => $"<disk name='vd{(char)('a' + i)}' snapshot='{l}'/>") + "</disks></domainsnapshot>", "domainsnapshot.rng");
    }
}
