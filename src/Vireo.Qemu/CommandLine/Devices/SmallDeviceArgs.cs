using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Watchdog ("watchdog0"; its action is -action watchdog=, see LifecycleArgs), memory balloon
/// ("balloon0"; the stats period is a QOM property the engine sets after start), RNGs ("rngN" on
/// "objrngN"), the panic notifier (pvpanic on ISA port 0x505; libvirt 9.0's schema has no pvpanic-pci model), VM generation id and vmcoreinfo.
/// </summary>
internal static class SmallDeviceArgs
{
    public static void Reserve(BuildSession s)
    {
        var d = s.Def.Devices;
        foreach (var w in d.Watchdogs.Where(w => w.Model == WatchdogModel.I6300esb))
            s.Pci.ReserveExplicit(w.Address, Describe(w));
        if (d.MemBalloon is { Model: MemBalloonModel.Virtio } balloon)
            s.Pci.ReserveExplicit(balloon.Address, "<memballoon model='virtio'>");
        foreach (var rng in d.Rngs)
            s.Pci.ReserveExplicit(rng.Address, "<rng model='virtio'>");
    }

    public static void Emit(BuildSession s)
    {
        EmitWatchdogs(s);
        EmitBalloon(s);
        EmitRngs(s);
        EmitPanics(s);
        if (s.Def.GenId is { } genId)
            // vmgenid tells the guest it was cloned or restored; "auto" lets QEMU generate the id when the XML leaves it empty.
            s.Device("vmgenid", new QemuProps("vmgenid").Add("guid", genId.Value?.ToString("D") ?? "auto").Add("id", "vmgenid0"), "<genid>");
        if (s.Def.Features?.VmCoreInfo is { Enabled: true })
            s.Device("vmcoreinfo", new QemuProps("vmcoreinfo"), "<vmcoreinfo/>");
    }

    private static void EmitWatchdogs(BuildSession s)
    {
        var watchdogs = s.Def.Devices.Watchdogs;
        if (watchdogs.Count > 1)
            throw s.Unsupported($"{s.Owner} has {watchdogs.Count} watchdogs; QEMU 7.2 has one watchdog action, so Vireo runs one watchdog");
        foreach (var w in watchdogs)
        {
            var what = Describe(w);
            var id = DeviceAliases.Watchdog(w);
            switch (w.Model)
            {
                case WatchdogModel.I6300esb:
                    var props = new QemuProps("i6300esb").Add("id", id);
                    s.Pci.Place(props, w.Address, id, what);
                    s.Device("i6300esb", props, what);
                    break;
                case WatchdogModel.Ib700:
                    if (s.IsQ35) throw s.Unsupported($"{what} of {s.Owner} is an ISA card, but Q35 machines have no ISA slots for it; use i6300esb");
                    s.Device("ib700", new QemuProps("ib700").Add("id", id), what);
                    break;
                default:
                    throw s.Unsupported($"{what} of {s.Owner} is an s390 watchdog; x86 guests use i6300esb or ib700");
            }
        }
    }

    private static void EmitBalloon(BuildSession s)
    {
        if (s.Def.Devices.MemBalloon is not { Model: MemBalloonModel.Virtio } b) return;
        const string what = "<memballoon model='virtio'>";
        var id = DeviceAliases.Balloon(b);
        var props = new QemuProps("virtio-balloon-pci").Add("id", id);
        if (b.AutoDeflate is { } deflate) props.Add("deflate-on-oom", deflate == OnOff.On);
        if (b.FreePageReporting is { } reporting) props.Add("free-page-reporting", reporting == OnOff.On);
        s.Pci.Place(props, b.Address, id, what);
        s.Device("virtio-balloon-pci", props, what);
        s.Balloon = new QemuBalloonInfo(id, b.StatsPeriod);
        if (b.StatsPeriod is { } period and > 0)
            s.StartupCommand("qom-set", "balloon statistics period", secret: false, w =>
            {
                w.WriteString("path", s.Balloon.QomPath);
                w.WriteString("property", QemuBalloonInfo.StatsPeriodProperty);
                w.WriteNumber("value", period);
            });
    }

    private static void EmitRngs(BuildSession s)
    {
        var rngs = s.Def.Devices.Rngs;
        for (int i = 0; i < rngs.Count; i++)
        {
            var rng = rngs[i];
            const string what = "<rng model='virtio'>";
            var objId = $"objrng{i}";
            var id = DeviceAliases.Rng(rng, i);
            var backend = rng.Backend;
            if (backend.Model == RngBackendModel.Random)
            {
                s.RequireType("rng-random", what);
                s.Add("-object", new QemuProps("rng-random").Add("id", objId).Add("filename", backend.RandomDevice ?? "/dev/urandom"));
            }
            else
            {
                var chardevId = $"charrng{i}";
                var chardev = ChardevProps.Build(s, chardevId, backend.EgdType ?? CharType.Unix, backend.EgdSource, backend.EgdProtocol, null,
                    Path.Combine(s.Ctx.Paths.Directory, $"rng{i}.sock"), what);
                s.Add("-chardev", chardev.Props);
                s.RequireType("rng-egd", what);
                s.Add("-object", new QemuProps("rng-egd").Add("id", objId).Add("chardev", chardevId));
            }
            var props = new QemuProps("virtio-rng-pci").Add("rng", objId).Add("id", id);
            if (rng.Rate is { } rate) props.Add("max-bytes", rate.Bytes).Add("period", rate.Period ?? 1000);
            s.Pci.Place(props, rng.Address, id, what);
            s.Device("virtio-rng-pci", props, what);
        }
    }

    private static void EmitPanics(BuildSession s)
    {
        var panics = s.Def.Devices.Panics;
        for (int i = 0; i < panics.Count; i++)
        {
            var panic = panics[i];
            switch (panic.Model ?? PanicModel.Isa)
            {
                case PanicModel.Isa:
                    if (panic.Address is { } a && a.Type != AddressType.Isa)
                        throw s.Unsupported($"<panic model='isa'> of {s.Owner} has an address of type '{a.Type.ToString().ToLowerInvariant()}'; it takes an ISA iobase");
                    s.Device("pvpanic", new QemuProps("pvpanic").Add("ioport", panic.Address?.Iobase ?? 0x505), "<panic model='isa'>");
                    break;
                default:
                    throw s.Unsupported($"<panic model='hyperv'> of {s.Owner} needs Hyper-V enlightenments, which Vireo does not support; use model='isa'");
            }
        }
    }

    private static string Describe(WatchdogDef w) => $"<watchdog model='{w.Model.ToString().ToLowerInvariant()}'>";
}
