using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// on_poweroff/on_reboot/on_crash. QEMU never exits on a guest power-off (-no-shutdown): the engine
/// sees SHUTDOWN and applies on_poweroff itself. A guest reboot is handled inside QEMU unless
/// on_reboot='destroy' (-no-reboot turns it into SHUTDOWN). A panic pauses the guest
/// (-action panic=pause) so the engine can apply on_crash (destroy, restart, preserve, coredump-*).
/// </summary>
internal static class LifecycleArgs
{
    public static void Emit(BuildSession s)
    {
        Check(s, "on_poweroff", s.Def.OnPoweroff);
        Check(s, "on_reboot", s.Def.OnReboot);
        Check(s, "on_crash", s.Def.OnCrash);
        if (s.Def.OnReboot == LifecycleAction.Preserve)
            throw s.Unsupported("qemu driver doesn't support the 'preserve' action for 'on_reboot'/'on_poweroff'"); // libvirtd 9.0's sentence

        s.Add("-no-shutdown");
        if (s.Def.OnReboot == LifecycleAction.Destroy) s.Add("-no-reboot");
        if (s.Def.Devices.Panics.Count > 0) s.Add("-action", "panic=pause");
        if (s.Def.Devices.Watchdogs.FirstOrDefault() is { } watchdog)
            s.Add("-action", "watchdog=" + (watchdog.Action ?? WatchdogAction.Reset) switch
            {
                WatchdogAction.Shutdown => "shutdown",
                WatchdogAction.Poweroff => "poweroff",
                WatchdogAction.Pause => "pause",
                WatchdogAction.None => "none",
                WatchdogAction.InjectNmi => "inject-nmi",
                WatchdogAction.Dump => "pause", // the engine writes the dump, then resumes
                _ => "reset",
            });
    }

    private static void Check(BuildSession s, string element, LifecycleAction? action)
    {
        if (action == LifecycleAction.RenameRestart)
            throw s.Unsupported($"<{element}>rename-restart</{element}> of {s.Owner} is not supported by the QEMU driver");
    }
}
