using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// DomainDef -> QEMU argv, pure: no I/O, no clock, no environment (all of that comes in through the
/// QemuLaunchContext). Shaped like libvirt's qemu_command.c output for QEMU 7.2: the guest starts
/// paused (-S; the engine sends 'cont' after the QMP handshake and after attaching the console) and
/// never exits on its own power-off (-no-shutdown; the engine applies on_poweroff). What cannot be
/// run is refused with a VirException naming the element and the domain. See docs/qemu-mapping.md.
/// </summary>
public static class QemuCommandBuilder
{
    public static QemuCommandLine Build(DomainDef def, QemuLaunchContext ctx)
    {
        ArgumentNullException.ThrowIfNull(def);
        ArgumentNullException.ThrowIfNull(ctx);
        var (machine, kvm) = CheckRunnable(def, ctx);
        def = RunningDefinition.Of(def, machine.IsQ35);
        var s = new BuildSession(def, ctx, machine, kvm);
        s.Controllers = new ControllerPlan(s);
        s.Pci.ReserveMachineSlots();
        ReserveExplicitAddresses(s);
        var boot = BootPlan.Create(s);

        // Order as libvirt writes it: identity and machine, CPU and memory, the monitor, clock,
        // lifecycle, boot, then devices grouped by kind.
        MachineArgs.EmitHead(s);
        CpuArgs.EmitCpu(s);
        MemoryArgs.Emit(s);
        CpuArgs.EmitSmp(s);
        MemoryArgs.EmitNuma(s);
        MachineArgs.EmitIdentity(s);
        ClockArgs.Emit(s);
        LifecycleArgs.Emit(s);
        BootArgs.Emit(s);

        ControllerArgs.Emit(s);
        DiskArgs.Emit(s, boot);
        FilesystemArgs.Emit(s);
        InterfaceArgs.Emit(s, boot);
        CharDeviceArgs.Emit(s);
        InputArgs.Emit(s);
        SoundArgs.EmitAudiodevs(s);
        GraphicsArgs.Emit(s);
        VideoArgs.Emit(s);
        SoundArgs.Emit(s);
        SmallDeviceArgs.Emit(s);
        MachineArgs.EmitTail(s);

        return new QemuCommandLine
        {
            Emulator = ctx.EmulatorPath,
            Options = s.Options,
            Environment = s.Environment,
            MachineType = machine.Name,
            Definition = def with { Os = def.Os with { Machine = machine.Name } },
            Accelerator = kvm ? "kvm" : "tcg",
            MonitorSocket = ctx.Paths.MonitorSocket,
            CharDevices = s.CharDevices,
            Disks = s.Disks,
            Interfaces = s.Nets,
            InheritedFds = s.Fds,
            Balloon = s.Balloon,
            Graphics = s.Graphics,
            PciAddresses = s.Pci.Assignments,
            StartupCommands = s.Startup,
            GuestAgentSocket = s.GuestAgentSocket,
        };
    }

    /// <summary>Type, accelerator, architecture, emulator and machine type: the checks before anything else.</summary>
    private static (QemuMachineType Machine, bool Kvm) CheckRunnable(DomainDef def, QemuLaunchContext ctx)
    {
        var owner = $"domain '{def.Name}'";
        var caps = ctx.Caps;
        if (def.IsContainer || def.Os.Type == OsType.Exe)
            throw VirErrors.Unsupported($"{owner} is a container (type '{def.Type}', os type 'exe'); the QEMU driver runs only <os><type>hvm</type></os> virtual machines", VirErrorDomain.Qemu);
        bool kvm = def.Type == DomainTypes.Kvm;
        if (kvm && !ctx.Host.KvmUsable)
            throw VirErrors.Unsupported($"{owner} cannot run with <domain type='kvm'> on this host. {ctx.Host.KvmReason.TrimEnd('.')}. Use <domain type='qemu'> (TCG) instead", VirErrorDomain.Qemu);
        var accel = kvm ? "kvm" : "tcg";
        if (!caps.HasAccelerator(accel))
            throw VirErrors.Unsupported($"the emulator {caps.EmulatorPath} was built without the '{accel}' accelerator that {owner} needs", VirErrorDomain.Qemu);
        if (def.Os.Arch is { } arch && arch != caps.Arch)
            throw VirErrors.Unsupported($"{owner} asks for architecture '{arch}', but the emulator {caps.EmulatorPath} runs '{caps.Arch}' guests", VirErrorDomain.Qemu);
        if (def.Devices.Emulator is { } emulator && emulator != caps.EmulatorPath)
            throw VirErrors.Internal($"{owner} names the emulator {emulator}, but the capabilities given are those of {caps.EmulatorPath}");

        var name = def.Os.Machine ?? caps.DefaultMachine?.Name
            ?? throw VirErrors.Unsupported($"{owner} gives no machine type and the emulator {caps.EmulatorPath} has no default one", VirErrorDomain.Qemu);
        var machine = caps.FindMachine(name)
            ?? throw VirErrors.Unsupported($"the emulator {caps.EmulatorPath} does not support machine type '{name}' of {owner}; supported: {string.Join(", ", caps.MachineNamesForDisplay())}", VirErrorDomain.Qemu);
        if (!machine.IsI440fx && !machine.IsQ35)
            throw VirErrors.Unsupported($"machine type '{machine.Name}' of {owner} is not supported by Vireo; use an i440fx ('pc') or Q35 ('q35') machine", VirErrorDomain.Qemu);
        return (machine, kvm);
    }

    /// <summary>Every explicit PCI address is claimed before automatic placement starts, so none is taken twice.</summary>
    private static void ReserveExplicitAddresses(BuildSession s)
    {
        VideoArgs.Reserve(s);
        ControllerArgs.Reserve(s);
        DiskArgs.Reserve(s);
        FilesystemArgs.Reserve(s);
        InterfaceArgs.Reserve(s);
        CharDeviceArgs.Reserve(s);
        InputArgs.Reserve(s);
        SoundArgs.Reserve(s);
        SmallDeviceArgs.Reserve(s);
    }
}
