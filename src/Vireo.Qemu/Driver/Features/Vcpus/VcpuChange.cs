using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.Vcpus;

/// <summary>
/// libvirt's rules for virsh setvcpus, apart from effects: which definitions a call changes, what it refuses
/// (in libvirtd 9.0's words, checked against it) and the new definition. The running guest's count never
/// changes here: vireod does not hot-plug vCPUs, so a live change is accepted only when it changes nothing.
/// </summary>
internal static class VcpuChange
{
    /// <summary>virDomainObjGetDefs: CURRENT means live when running, else config; libvirt's refusals.</summary>
    public static ChangeTargets Targets(string name, bool active, bool persistent, VcpuModFlags flags)
    {
        bool live = flags.HasFlag(VcpuModFlags.Live), config = flags.HasFlag(VcpuModFlags.Config);
        if (!live && !config)
        {
            live = active;
            config = !active;
        }
        if (live && !active) throw VirErrors.NotRunning(name);
        if (config && !persistent) throw VirErrors.Invalid("transient domains do not have any persistent config");
        if (flags.HasFlag(VcpuModFlags.Guest))
            throw active
                ? VirErrors.OperationUnsupported(
                    $"cannot change the vCPUs of domain '{name}' from inside the guest: vireod does not ask the guest agent to online or offline vCPUs",
                    VirErrorDomain.Qemu)
                : new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Qemu, "domain is not running");
        if (flags.HasFlag(VcpuModFlags.Hotpluggable))
            throw VirErrors.OperationUnsupported(
                $"cannot mark the vCPUs of domain '{name}' hot-pluggable: vireod keeps no per-vCPU settings (<vcpus>)",
                VirErrorDomain.Qemu);
        return new ChangeTargets(live, config);
    }

    public static uint Maximum(DomainDef def) => def.Vcpu?.Count ?? 1;

    public static uint Current(DomainDef def) => def.Vcpu?.Current ?? Maximum(def);

    /// <summary>qemuDomainSetVcpusMax: the saved maximum; the count online at boot is lowered to it when above.</summary>
    public static DomainDef WithMaximum(DomainDef config, uint max, bool live)
    {
        if (live)
            throw VirErrors.OperationUnsupported("maximum vcpu count of a live domain can't be modified", VirErrorDomain.Qemu);
        var numaCpus = config.Cpu?.NumaCells.Sum(c => c.Cpus?.Count ?? 0) ?? 0;
        if (numaCpus > max)
            throw VirErrors.InvalidArg("Number of CPUs in <numa> exceeds the desired maximum vcpu count", VirErrorDomain.Qemu);
        if (config.Cpu?.Topology is { } t && (ulong)t.Sockets * (t.Dies ?? 1) * t.Cores * t.Threads != max)
            throw VirErrors.InvalidArg("CPU topology doesn't match the desired vcpu count", VirErrorDomain.Qemu);

        var vcpu = Counts(config, max, Math.Min(Current(config), max));
        // libvirt drops the settings of vCPUs that no longer exist (their pins) with them.
        var tune = config.CpuTune is { } ct && ct.VcpuPins.Any(p => p.Vcpu >= max)
            ? ct with { VcpuPins = ct.VcpuPins.Where(p => p.Vcpu < max).ToArray() }
            : config.CpuTune;
        return config with { Vcpu = vcpu, CpuTune = tune };
    }

    /// <summary>The saved count online at boot (qemuDomainSetVcpusConfig).</summary>
    public static DomainDef WithCurrent(DomainDef config, uint count)
    {
        CheckAtMostMaximum(config, count, "persistent");
        return config with { Vcpu = Counts(config, Maximum(config), count) };
    }

    /// <summary>libvirt writes current='N' only when it differs from the maximum.</summary>
    private static VcpuDef Counts(DomainDef def, uint max, uint current) =>
        (def.Vcpu ?? new VcpuDef { Count = 1 }) with { Count = max, Current = current == max ? null : current };

    /// <summary>
    /// The running guest: asking for the count it already has succeeds, as in libvirt; any other count is
    /// refused, since vireod does not hot-plug vCPUs. Callers check the maximum first, as libvirt does.
    /// </summary>
    public static void CheckLive(string name, DomainDef live, uint count)
    {
        var current = Current(live);
        if (count != current)
            throw VirErrors.OperationUnsupported(
                $"cannot change the number of vCPUs of running domain '{name}' from {current} to {count}: vireod does not hot-plug vCPUs (use --config; the count applies at the next start)",
                VirErrorDomain.Qemu);
    }

    /// <summary>libvirt checks the live maximum, then the persistent one, before changing either.</summary>
    public static void CheckAtMostMaximum(DomainDef def, uint count, string which)
    {
        var max = Maximum(def);
        if (count > max)
            throw VirErrors.InvalidArg($"requested vcpus is greater than max allowable vcpus for the {which} domain: {count} > {max}", VirErrorDomain.Qemu);
    }
}
