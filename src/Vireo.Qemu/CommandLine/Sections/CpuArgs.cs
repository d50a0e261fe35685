using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// -cpu (model, features, KVM/PMU/clock switches) and -smp (online count, maximum and topology), plus
/// the IOThread objects. host-passthrough and host-model describe the host CPU and need KVM; under
/// TCG the closest is mode='maximum' (-cpu max).
/// </summary>
internal static class CpuArgs
{
    public static void EmitCpu(BuildSession s)
    {
        var cpu = s.Def.Cpu;
        var props = new QemuProps(ModelName(s, cpu));
        if (cpu is { Mode: CpuMode.HostPassthrough, Migratable: { } migratable }) props.Add("migratable", migratable == OnOff.On);
        foreach (var feature in cpu?.Features ?? [])
        {
            switch (feature.Policy ?? CpuFeaturePolicy.Require)
            {
                case CpuFeaturePolicy.Force or CpuFeaturePolicy.Require:
                    props.Add(feature.Name, true);
                    break;
                case CpuFeaturePolicy.Disable or CpuFeaturePolicy.Forbid:
                    props.Add(feature.Name, false);
                    break;
                // optional: whatever the model has
            }
        }
        var f = s.Def.Features;
        if (f?.Kvm?.Hidden is { } hidden) props.Add("kvm", !hidden.Enabled);
        if (f?.Pmu is { } pmu) props.Add("pmu", pmu.Enabled);
        foreach (var timer in s.Def.Clock?.Timers ?? [])
        {
            if (timer.Name == TimerName.Kvmclock && timer.Present is { } present)
            {
                // QEMU ignores kvmclock=on under TCG without a word; the guest would silently lack the clock asked for.
                if (present == YesNo.Yes && !s.IsKvm)
                    throw s.Unsupported($"<timer name='kvmclock' present='yes'> of {s.Owner} needs KVM, but the domain type is 'qemu' (TCG), which has no kvmclock; remove the timer or set present='no'");
                props.Add("kvmclock", present == YesNo.Yes);
            }
            if (timer.Name == TimerName.Tsc && timer.Frequency is { } hz) props.Add("tsc-frequency", hz);
        }
        AddHyperV(s, props);
        s.Add("-cpu", props);
    }

    /// <summary>
    /// Hyper-V enlightenments as libvirt passes them (QEMU accepts them under TCG too): hv-time for the hypervclock
    /// timer first, then each feature switched on, in libvirt's order (hv-spinlocks takes the retry count in hex,
    /// hv-vendor-id its value), or hv-passthrough. Under TCG QEMU takes all of them but vpindex.
    /// </summary>
    private static void AddHyperV(BuildSession s, QemuProps props)
    {
        if (s.Def.Clock?.Timers.Any(t => t.Name == TimerName.Hypervclock && t.Present == YesNo.Yes) == true)
            props.Add("hv-time", true);
        if (s.Def.Features?.HyperV is not { } hyperv) return;
        if (hyperv.Mode == HyperVMode.Passthrough)
        {
            props.Add("hv-passthrough", true);
            return;
        }
        foreach (var f in hyperv.Features.Where(f => f.State == OnOff.On))
        {
            switch (f.Name)
            {
                // QEMU sets the VP index through KVM only ("kernel doesn't allow setting HyperV VP_INDEX" under TCG).
                case "vpindex" when !s.IsKvm:
                    throw s.Unsupported($"<hyperv><vpindex state='on'/> of {s.Owner} needs KVM, but the domain type is 'qemu' (TCG); remove vpindex and the enlightenments built on it (synic, stimer, tlbflush, ipi)");
                case "spinlocks":
                    props.AddHex("hv-spinlocks", f.Retries);
                    break;
                case "vendor_id":
                    props.Add("hv-vendor-id", f.Value);
                    break;
                default:
                    props.Add("hv-" + f.Name, true);
                    if (f.Name == "stimer" && f.Direct == OnOff.On) props.Add("hv-stimer-direct", true);
                    break;
            }
        }
    }

    private static string ModelName(BuildSession s, CpuDef? cpu)
    {
        switch (cpu?.Mode)
        {
            case CpuMode.HostPassthrough or CpuMode.HostModel:
                if (!s.IsKvm)
                    throw s.Unsupported($"<cpu mode='{(cpu.Mode == CpuMode.HostPassthrough ? "host-passthrough" : "host-model")}'> of {s.Owner} needs KVM, but the domain type is 'qemu' (TCG); use <cpu mode='maximum'/> or a named model");
                return "host";
            case CpuMode.Maximum:
                return "max";
        }
        if (cpu?.Model?.Name is { } name)
        {
            if (s.Caps.FindCpuModel(name) is null)
                throw s.Unsupported($"the emulator {s.Caps.EmulatorPath} does not know CPU model '{name}' of {s.Owner}");
            return name;
        }
        // No model: the machine's default CPU ("qemu64-x86_64-cpu" -> qemu64), written out as libvirt does.
        var type = s.Machine.DefaultCpuType ?? "qemu64-x86_64-cpu";
        var suffix = "-" + s.Caps.Arch + "-cpu";
        return type.EndsWith(suffix, StringComparison.Ordinal) ? type[..^suffix.Length] : "qemu64";
    }

    public static void EmitSmp(BuildSession s)
    {
        uint max = s.Def.Vcpu?.Count ?? 1;
        uint current = s.Def.Vcpu?.Current ?? max;
        if (max == 0)
            throw s.Unsupported($"{s.Owner} has <vcpu>0</vcpu>; a guest needs at least one vCPU");
        if (current == 0 || current > max)
            throw s.Unsupported($"<vcpu current='{current}'> of {s.Owner} must be between 1 and the maximum {max}");
        if (max > s.Machine.MaxCpus)
            throw s.Unsupported($"{s.Owner} has {max} vCPUs, but machine type '{s.Machine.Name}' allows at most {s.Machine.MaxCpus}");

        var t = s.Def.Cpu?.Topology;
        uint sockets = t?.Sockets ?? max, dies = t?.Dies ?? 1, clusters = t?.Clusters ?? 1, cores = t?.Cores ?? 1, threads = t?.Threads ?? 1;
        if (clusters != 1)
            throw s.Unsupported($"<topology clusters='{clusters}'> of {s.Owner} is not supported for x86 guests");
        if ((ulong)sockets * dies * cores * threads != max)
            throw s.Unsupported($"the CPU topology of {s.Owner} ({sockets} sockets x {dies} dies x {cores} cores x {threads} threads) does not match its {max} vCPUs");

        // Hot-pluggable vCPUs enabled at boot (<vcpus>) are CPU devices, the rest come from -smp.
        var plugged = HotpluggedAtBoot(s);
        var booted = current - (uint)plugged.Count;
        var props = new QemuProps(booted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (booted != max) props.Add("maxcpus", max);
        props.Add("sockets", sockets);
        if (t?.Dies is not null) props.Add("dies", dies);
        props.Add("cores", cores).Add("threads", threads);
        s.Add("-smp", props);
        foreach (var slot in plugged)
        {
            var cpu = new QemuProps(VcpuSlotArgs.CpuType(ModelName(s, s.Def.Cpu))).Add("id", VcpuSlotArgs.Alias(slot.Id));
            foreach (var (key, value) in VcpuSlotArgs.TopologyProps(s.Def, slot.Id)) cpu.Add(key, value);
            s.Add("-device", cpu);
        }

        foreach (var io in IoThreadSet.Entries(s.Def)) // libvirt's order: the given ids, then the autofilled ones
            s.Add("-object", new QemuProps("iothread").Add("id", $"iothread{io.Id}").Add("thread-pool-min", io.ThreadPoolMin).Add("thread-pool-max", io.ThreadPoolMax));
    }

    /// <summary>The vCPUs &lt;vcpus&gt; enables at boot as hot-pluggable, in their order; refuses layouts QEMU (or vireod) cannot run.</summary>
    private static IReadOnlyList<VcpuSlotDef> HotpluggedAtBoot(BuildSession s)
    {
        if (s.Def.VcpuSlots is not { } slots) return [];
        if (VcpuSlotArgs.Unrunnable(slots) is { } why)
            throw s.Unsupported($"the <vcpus> of {s.Owner} cannot be started: {why}");
        return slots.Where(v => v.Enabled && v.Hotpluggable == YesNo.Yes).OrderBy(v => v.Order ?? uint.MaxValue).ThenBy(v => v.Id).ToList();
    }
}
