using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Platform.Cgroups;
using Vireo.Platform.Native;

namespace Vireo.Lxc.Runtime;

/// <summary>
/// Writes a definition's resource limits into the container's cgroup: &lt;memory&gt; and &lt;memtune&gt;,
/// &lt;vcpu cpuset&gt; and &lt;numatune&gt;, &lt;cputune&gt; shares and bandwidth, &lt;blkiotune&gt;. The same
/// setters serve live changes (setmem, schedinfo, memtune, blkiotune), so what a running container
/// gets is always written one way. A knob the host lacks fails with a sentence naming it.
/// </summary>
internal static class CgroupLimits
{
    public static void Apply(DomainDef def, ContainerCgroup cg)
    {
        var name = def.Name;
        var hard = def.MemTune?.HardLimit ?? def.CurrentMemory ?? def.Memory;
        SetMemory(cg, name, hard is { } h ? (long)h.Bytes : null, (long?)def.MemTune?.SwapHardLimit?.Bytes);
        if (def.MemTune?.SoftLimit is { } soft)
            Set(name, "the memory soft limit", () => cg.Controller.MemorySoftLimit = (long)soft.Bytes);
        if (def.Vcpu?.CpuSet is { } cpus)
            Set(name, "the cpuset", () => cg.Controller.CpusetCpus = cpus.ToString());
        if (def.NumaTune?.Memory?.Nodeset is { } nodes)
            Set(name, "the memory nodes", () => cg.Controller.CpusetMems = nodes.ToString());
        if (def.CpuTune is { } tune)
        {
            if (tune.Shares is { } shares)
                Set(name, "cpu shares", () => cg.Controller.CpuShares = shares);
            if (tune.Period is not null || tune.Quota is not null)
                SetBandwidth(cg, name, tune.Period, tune.Quota);
        }
        if (def.BlkioTune is { } blkio)
        {
            if (blkio.Weight is { } w)
                Set(name, "the block I/O weight", () => cg.Controller.BlkioWeight = (int)w);
            foreach (var dev in blkio.Devices)
                SetDevice(cg, name, dev);
        }
    }

    /// <summary>
    /// The memory limit is &lt;memtune&gt; hard_limit when given, else the current memory (setmem changes
    /// it), else &lt;memory&gt;, as libvirt's LXC driver sets it.
    /// Hard limit and memory+swap limit together: v1 refuses a memsw limit below the memory limit, so
    /// when the new hard limit is above the old memsw the memsw goes first.
    /// </summary>
    public static void SetMemory(ContainerCgroup cg, string name, long? hard, long? swap)
    {
        var c = cg.Controller;
        if (swap is { } s && hard is { } h && c.Version == CgroupVersion.V1 && (c.MemorySwapLimit ?? long.MaxValue) < h)
        {
            Set(name, "the memory+swap limit", () => c.MemorySwapLimit = s);
            Set(name, "the memory limit", () => c.MemoryLimit = h);
            return;
        }
        Set(name, "the memory limit", () => c.MemoryLimit = hard);
        if (swap is not null)
            Set(name, "the memory+swap limit", () => c.MemorySwapLimit = swap);
    }

    public static void SetBandwidth(ContainerCgroup cg, string name, ulong? period, long? quota)
    {
        var current = Get(name, "the CPU bandwidth", () => cg.Controller.CpuBandwidth);
        Set(name, "the CPU bandwidth", () => cg.Controller.CpuBandwidth = (period ?? current.PeriodUs, quota ?? current.QuotaUs));
    }

    public static void SetDevice(ContainerCgroup cg, string name, BlkioDeviceDef dev)
    {
        var dir = cg.DirectoryOf("blkio") ?? throw Failed(name, "block I/O limits", new NotSupportedException("The blkio controller is not mounted on this host."));
        var version = cg.Controller.Version;
        string device = Get(name, $"the device number of '{dev.Path}'", () => CgroupBlockIo.DeviceNumber(dev.Path));
        if (dev.Weight is { } w)
            Set(name, $"the block I/O weight of '{dev.Path}'", () => CgroupBlockIo.SetDeviceWeight(dir, version, device, w));
        foreach (var (value, kind) in new[] {
                     (dev.ReadBytesSec, BlockThrottle.ReadBytesSec), (dev.WriteBytesSec, BlockThrottle.WriteBytesSec),
                     (dev.ReadIopsSec, BlockThrottle.ReadIopsSec), (dev.WriteIopsSec, BlockThrottle.WriteIopsSec) })
            if (value is { } v)
                Set(name, $"the block I/O throttle of '{dev.Path}'", () => CgroupBlockIo.SetThrottle(dir, version, device, kind, v));
    }

    public static void Set(string name, string what, Action write)
    {
        try { write(); }
        catch (Exception e) when (e is PlatformException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            throw Failed(name, what, e);
        }
    }

    public static T Get<T>(string name, string what, Func<T> read)
    {
        try { return read(); }
        catch (Exception e) when (e is PlatformException or NotSupportedException or IOException or FormatException)
        {
            throw Failed(name, what, e);
        }
    }

    private static VirException Failed(string name, string what, Exception e) =>
        e is NotSupportedException
            ? new VirException(VirErrorCode.OperationUnsupported, VirErrorDomain.Lxc, $"cannot set {what} of container '{name}': {e.Message}", e)
            : new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Lxc, $"cannot set {what} of container '{name}': {e.Message}", e);
}
