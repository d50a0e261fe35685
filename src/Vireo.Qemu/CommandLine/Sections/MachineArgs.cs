using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// -name, -S, -machine with its properties, -accel; then -uuid, -display, -no-user-config, -nodefaults and
/// the QMP monitor; at the very end the seccomp sandbox and timestamps on QEMU's messages.
/// </summary>
internal static class MachineArgs
{
    public static void EmitHead(BuildSession s)
    {
        s.Add("-name", new QemuProps().Add("guest", s.Def.Name).Add("debug-threads", true));
        s.Add("-S");
        BootArgs.EmitFirmwareBlockdevs(s);
        s.Add("-machine", MachineProps(s));
        s.Add("-accel", s.IsKvm ? "kvm" : "tcg");
    }

    private static QemuProps MachineProps(BuildSession s)
    {
        var f = s.Def.Features;
        var props = new QemuProps(s.Machine.Name).Add("usb", false);
        if (f?.Vmport is { } vmport) props.Add("vmport", vmport.Enabled);
        bool secureBoot = s.Def.Os.Loader?.Secure == YesNo.Yes;
        if (secureBoot && f?.Smm is { Enabled: false })
            throw s.Unsupported($"<loader secure='yes'> of {s.Owner} needs SMM, but <smm state='off'/> switches it off");
        if (f?.Smm is { } smm) props.Add("smm", smm.Enabled);
        else if (secureBoot) props.Add("smm", true);
        props.Add("dump-guest-core", false);
        if (BootArgs.UsesPflash(s))
        {
            props.Add("pflash0", BootArgs.LoaderFormatNode);
            if (s.Def.Os.Nvram is not null) props.Add("pflash1", BootArgs.NvramFormatNode);
        }
        if (MemoryArgs.UsesMainBackend(s))
            props.Add("memory-backend", MemoryArgs.MainBackendId(s));
        // QEMU 7.2 has both -no-acpi and the machine property; the property is the form newer QEMUs keep.
        if (f?.Acpi is not { Enabled: true }) props.Add("acpi", false);
        foreach (var timer in s.Def.Clock?.Timers ?? [])
        {
            if (timer.Name == TimerName.Hpet && timer.Present == YesNo.No) props.Add("hpet", false);
            if (timer.Name == TimerName.Pit && timer.Present == YesNo.No) props.Add("pit", "off");
        }
        if (s.Def.MemoryBacking?.NoSharePages == true) props.Add("mem-merge", false);
        if (WantsSerialFirmware(s)) props.Add("graphics", false);
        if (s.Def.Devices.Sounds.FirstOrDefault(x => x.Model == SoundModel.Pcspk) is { } speaker)
            props.Add("pcspk-audiodev", SoundArgs.AudioDevOf(s, speaker));
        return props;
    }

    /// <summary>
    /// SeaBIOS prints on the serial port only with -machine graphics=off (qemu-probe 3c): asked for by
    /// &lt;bios useserial='yes'/&gt;, and implied by a serial console on a guest without a display.
    /// </summary>
    private static bool WantsSerialFirmware(BuildSession s)
    {
        if (s.Def.Os.Bios?.UseSerial is { } useSerial) return useSerial == YesNo.Yes;
        return s.Def.Devices.Graphics.Count == 0 && CharDeviceArgs.EffectiveSerials(s).Count > 0;
    }

    public static void EmitIdentity(BuildSession s)
    {
        s.Add("-uuid", s.Def.Uuid.ToString("D"));
        if (s.Def.Devices.Graphics.Count == 0) s.Add("-display", "none");
        s.Add("-no-user-config");
        s.Add("-nodefaults");
        s.Add("-chardev", new QemuProps("socket").Add("id", "charmonitor")
            .Add("path", s.SocketPath(s.Ctx.Paths.MonitorSocket, "the QMP monitor")).Add("server", true).Add("wait", false));
        s.Add("-mon", new QemuProps().Add("chardev", "charmonitor").Add("id", "monitor").Add("mode", "control"));
    }

    public static void EmitTail(BuildSession s)
    {
        s.Add("-sandbox", new QemuProps("on").Add("obsolete", "deny").Add("elevateprivileges", "deny")
            .Add("spawn", "deny").Add("resourcecontrol", "deny"));
        s.Add("-msg", "timestamp=on");
    }
}
