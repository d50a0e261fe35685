using Vireo.Core.Domain;

namespace Vireo.Qemu.Driver.Features.Perf;

/// <summary>What a perf event counts with: Intel RDT (cmt, mbmt, mbml), the CPU's PMU, or the kernel's software counters.</summary>
internal enum PerfEventKind { Rdt, Hardware, Software }

/// <summary>The perf_event_attr type and config libvirt asks the kernel for; for RDT the type is the intel_cqm PMU's, read at enable.</summary>
internal readonly record struct PerfEventAttr(string Name, PerfEventKind Kind, uint Type, ulong Config);

/// <summary>
/// libvirt's choice of perf_event_attr per event name (virperf.c's table): the hardware events are
/// PERF_TYPE_HARDWARE with PERF_COUNT_HW_* in name order (cpu_cycles 0 .. ref_cpu_cycles 9), the software ones
/// PERF_TYPE_SOFTWARE with PERF_COUNT_SW_* (cpu_clock 0 .. emulation_faults 8), and cmt/mbmt/mbml the intel_cqm
/// PMU's events 1, 2 and 3. Pure.
/// </summary>
internal static class PerfEventAttrs
{
    private const uint TypeHardware = 0, TypeSoftware = 1;
    private const int FirstHardware = 3, FirstSoftware = 13;

    /// <summary>Where the kernel tells the intel_cqm PMU's type when the host has one.</summary>
    public const string RdtTypeFile = "/sys/devices/intel_cqm/type";

    public static PerfEventAttr For(string name)
    {
        var i = PerfEventNames.IndexOf(name);
        return i switch
        {
            < 0 => throw new ArgumentException($"'{name}' is not a libvirt perf event.", nameof(name)),
            < FirstHardware => new PerfEventAttr(name, PerfEventKind.Rdt, 0, (ulong)i + 1),
            < FirstSoftware => new PerfEventAttr(name, PerfEventKind.Hardware, TypeHardware, (ulong)(i - FirstHardware)),
            _ => new PerfEventAttr(name, PerfEventKind.Software, TypeSoftware, (ulong)(i - FirstSoftware)),
        };
    }
}
