using Vireo.Core.Domain;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Definition;

/// <summary>
/// The top of the definition: &lt;emulator&gt;, the arch and the machine type (an alias such as 'pc' becomes the
/// full name, 'pc-i440fx-7.2'), &lt;boot dev='hd'/&gt; when nothing says what to boot, and the CPU: a custom CPU
/// without a model gets the machine's default model (qemu64), a model without fallback gets fallback='allow', and
/// check is filled in by mode. A &lt;seclabel&gt; without a model gets model='none': Vireo has no security driver,
/// as libvirtd has none on a host without SELinux or AppArmor.
/// </summary>
internal static class MachineDefaults
{
    public static DomainDef Apply(DomainDef def, QemuEmulatorCaps caps)
    {
        var machine = def.Os.Machine is { } name ? caps.FindMachine(name) : caps.DefaultMachine;
        var os = def.Os with
        {
            Arch = def.Os.Arch ?? caps.Arch,
            Machine = machine?.Name ?? def.Os.Machine,
        };
        if (os.BootDevices.Count == 0 && !HasDeviceBootOrder(def))
            os = os with { BootDevices = [BootDevice.Hd] };
        return def with
        {
            Os = os,
            Cpu = Cpu(def, machine),
            SecLabels = def.SecLabels.Select(l => l.Model is null ? l with { Model = "none" } : l).ToList(),
            Devices = def.Devices with { Emulator = def.Devices.Emulator ?? caps.EmulatorPath },
        };
    }

    private static bool HasDeviceBootOrder(DomainDef def) =>
        def.Devices.Disks.Any(d => d.BootOrder is not null) || def.Devices.Interfaces.Any(i => i.BootOrder is not null);

    private static CpuDef? Cpu(DomainDef def, QemuMachineType? machine)
    {
        var cpu = def.Cpu;
        if ((cpu is null || (cpu.Mode is null or CpuMode.Custom && cpu.Model?.Name is null))
            && machine?.DefaultCpuType is { } type && ModelName(type) is { } model)
        {
            cpu = (cpu ?? new CpuDef()) with
            {
                Mode = CpuMode.Custom,
                Match = cpu?.Match ?? CpuMatch.Exact,
                Model = new CpuModelDef(model, cpu?.Model?.Fallback ?? CpuFallback.Forbid),
            };
        }
        if (cpu is { Mode: null or CpuMode.Custom, Model: { Name: not null, Fallback: null } named })
            cpu = cpu with { Model = named with { Fallback = CpuFallback.Allow } }; // the parser's default
        if (cpu is null || cpu.Check is not null) return cpu;
        if (cpu.Mode is null or CpuMode.Custom && cpu.Model?.Name is null) return cpu; // only a topology: nothing to check
        return cpu with
        {
            Check = cpu.Mode switch
            {
                CpuMode.HostPassthrough or CpuMode.Maximum => CpuCheck.None,
                CpuMode.HostModel => CpuCheck.Partial,
                // A custom CPU under TCG is not compared with the host's.
                _ => def.Type == DomainTypes.Qemu ? CpuCheck.None : CpuCheck.Partial,
            },
            Mode = cpu.Mode ?? CpuMode.Custom,
            Match = cpu.Mode is null or CpuMode.Custom ? cpu.Match ?? CpuMatch.Exact : cpu.Match,
        };
    }

    /// <summary>QEMU's CPU type names end in the target's suffix: 'qemu64-x86_64-cpu' is the model 'qemu64'.</summary>
    private static string? ModelName(string qomType)
    {
        var dash = qomType.IndexOf("-x86_64-cpu", StringComparison.Ordinal);
        if (dash < 0) dash = qomType.IndexOf("-i386-cpu", StringComparison.Ordinal);
        return dash > 0 ? qomType[..dash] : null;
    }
}
