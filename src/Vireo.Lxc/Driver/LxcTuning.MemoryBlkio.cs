using System.Globalization;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Lxc.Runtime;
using Vireo.Platform.Cgroups;

namespace Vireo.Lxc.Driver;

/// <summary>memtune (hard/soft/swap limits in KiB) and blkiotune (weight, per-device weights and throttles).</summary>
internal sealed partial class LxcTuning
{
    public ValueTask<IReadOnlyList<TypedParameter>> GetMemoryParametersAsync(Guid uuid, ModifyFlags flags, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        var (live, _) = Targets(dom, flags);
        IReadOnlyList<TypedParameter> result;
        if (live)
        {
            var c = LxcRuntime.Running(dom).Cgroup.Controller;
            ulong Kib(Func<long?> read) => CgroupLimits.Get(dom.Name, "memory limits", read) is { } b ? (ulong)b / 1024 : TuningParams.MemoryUnlimited;
            result = [TypedParameter.ULLong(TuningParams.HardLimit, Kib(() => c.MemoryLimit)),
                TypedParameter.ULLong(TuningParams.SoftLimit, Kib(() => c.MemorySoftLimit)),
                TypedParameter.ULLong(TuningParams.SwapHardLimit, Kib(() => c.MemorySwapLimit))];
        }
        else
        {
            var m = dom.Persistent?.MemTune;
            ulong Kib(MemorySize? s) => s?.KiB ?? TuningParams.MemoryUnlimited;
            result = [TypedParameter.ULLong(TuningParams.HardLimit, Kib(m?.HardLimit)),
                TypedParameter.ULLong(TuningParams.SoftLimit, Kib(m?.SoftLimit)),
                TypedParameter.ULLong(TuningParams.SwapHardLimit, Kib(m?.SwapHardLimit))];
        }
        return ValueTask.FromResult(result);
    }

    public async ValueTask SetMemoryParametersAsync(Guid uuid, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        MemorySize? hard = null, soft = null, swap = null;
        bool hardSet = false, softSet = false, swapSet = false;
        foreach (var p in parameters)
        {
            var kib = Unsigned(p);
            MemorySize? size = kib >= TuningParams.MemoryUnlimited ? null : MemorySize.FromKiB(kib);
            switch (p.Field)
            {
                case TuningParams.HardLimit: hard = size; hardSet = true; break;
                case TuningParams.SoftLimit: soft = size; softSet = true; break;
                case TuningParams.SwapHardLimit: swap = size; swapSet = true; break;
                default: throw Unknown(p.Field, "memory");
            }
        }
        if (hardSet && swapSet && hard is { } h && swap is { } s && s < h)
            throw VirErrors.InvalidArg("memory hard_limit tunable value must be lower than or equal to swap_hard_limit", VirErrorDomain.Lxc);
        using var job = await _rt.JobAsync(dom, "memtune", ct).ConfigureAwait(false);
        var (live, config) = Targets(dom, flags);
        await ChangeAsync(dom, live, config, rc =>
        {
            if (hardSet || swapSet)
                CgroupLimits.SetMemory(rc.Cgroup, dom.Name,
                    hardSet ? (long?)hard?.Bytes : rc.Cgroup.Controller.MemoryLimit,
                    swapSet ? (long?)swap?.Bytes ?? -1 : null);
            if (softSet)
                CgroupLimits.Set(dom.Name, "the memory soft limit", () => rc.Cgroup.Controller.MemorySoftLimit = (long?)soft?.Bytes);
        }, d =>
        {
            var m = d.MemTune ?? new MemTuneDef();
            return d with
            {
                MemTune = m with
                {
                    HardLimit = hardSet ? hard : m.HardLimit,
                    SoftLimit = softSet ? soft : m.SoftLimit,
                    SwapHardLimit = swapSet ? swap : m.SwapHardLimit,
                },
            };
        }, ct).ConfigureAwait(false);
    }

    public ValueTask<IReadOnlyList<TypedParameter>> GetBlkioParametersAsync(Guid uuid, ModifyFlags flags, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        var (live, _) = Targets(dom, flags);
        var def = live ? dom.Live! : dom.Persistent!;
        var result = new List<TypedParameter>();
        if (live)
        {
            // A host without a proportional-weight scheduler has no weight to report.
            try { result.Add(TypedParameter.UInt(TuningParams.Weight, (uint)LxcRuntime.Running(dom).Cgroup.Controller.BlkioWeight)); }
            catch (Exception e) when (e is NotSupportedException or IOException) { }
        }
        else
        {
            result.Add(TypedParameter.UInt(TuningParams.Weight, def.BlkioTune?.Weight ?? 0));
        }
        var devs = def.BlkioTune?.Devices ?? [];
        result.Add(TypedParameter.String(TuningParams.DeviceWeight, DeviceList(devs, d => d.Weight)));
        result.Add(TypedParameter.String(TuningParams.DeviceReadIops, DeviceList(devs, d => d.ReadIopsSec)));
        result.Add(TypedParameter.String(TuningParams.DeviceWriteIops, DeviceList(devs, d => d.WriteIopsSec)));
        result.Add(TypedParameter.String(TuningParams.DeviceReadBytes, DeviceList(devs, d => d.ReadBytesSec)));
        result.Add(TypedParameter.String(TuningParams.DeviceWriteBytes, DeviceList(devs, d => d.WriteBytesSec)));
        return ValueTask.FromResult<IReadOnlyList<TypedParameter>>(result);
    }

    public async ValueTask SetBlkioParametersAsync(Guid uuid, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        uint? weight = null;
        var changes = new List<(string Field, string Path, ulong Value)>();
        foreach (var p in parameters)
        {
            if (p.Field == TuningParams.Weight) { weight = (uint)Unsigned(p); continue; }
            if (p.Field is not (TuningParams.DeviceWeight or TuningParams.DeviceReadIops or TuningParams.DeviceWriteIops
                or TuningParams.DeviceReadBytes or TuningParams.DeviceWriteBytes))
                throw Unknown(p.Field, "blkio");
            changes.AddRange(ParseDeviceList(p).Select(x => (p.Field, x.Path, x.Value)));
        }
        using var job = await _rt.JobAsync(dom, "blkiotune", ct).ConfigureAwait(false);
        var (live, config) = Targets(dom, flags);
        await ChangeAsync(dom, live, config, rc =>
        {
            if (weight is { } w) CgroupLimits.Set(dom.Name, "the block I/O weight", () => rc.Cgroup.Controller.BlkioWeight = (int)w);
            foreach (var dev in MergeDevices([], changes))
                CgroupLimits.SetDevice(rc.Cgroup, dom.Name, dev);
        }, d =>
        {
            var b = d.BlkioTune ?? new BlkioTuneDef();
            return d with { BlkioTune = b with { Weight = weight ?? b.Weight, Devices = MergeDevices(b.Devices, changes) } };
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Applies "path,value" changes to a device list; a device with nothing left set is dropped.</summary>
    private static IReadOnlyList<BlkioDeviceDef> MergeDevices(IReadOnlyList<BlkioDeviceDef> devices, IEnumerable<(string Field, string Path, ulong Value)> changes)
    {
        var list = devices.ToList();
        foreach (var (field, path, value) in changes)
        {
            int i = list.FindIndex(d => d.Path == path);
            var d = i >= 0 ? list[i] : new BlkioDeviceDef { Path = path };
            ulong? v = value == 0 ? null : value;
            d = field switch
            {
                TuningParams.DeviceWeight => d with { Weight = (uint?)v },
                TuningParams.DeviceReadIops => d with { ReadIopsSec = v },
                TuningParams.DeviceWriteIops => d with { WriteIopsSec = v },
                TuningParams.DeviceReadBytes => d with { ReadBytesSec = v },
                _ => d with { WriteBytesSec = v },
            };
            if (i >= 0) list[i] = d; else list.Add(d);
        }
        return list.Where(d => d.Weight is not null || d.ReadIopsSec is not null || d.WriteIopsSec is not null
                               || d.ReadBytesSec is not null || d.WriteBytesSec is not null).ToList();
    }

    private static string DeviceList(IReadOnlyList<BlkioDeviceDef> devices, Func<BlkioDeviceDef, ulong?> value) =>
        string.Join(',', devices.Where(d => value(d) is not null).Select(d => $"{d.Path},{value(d)!.Value.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>libvirt's device list form: "PATH,VALUE[,PATH,VALUE...]".</summary>
    private static IEnumerable<(string Path, ulong Value)> ParseDeviceList(TypedParameter p)
    {
        if (p.Type != TypedParameterType.String || p.Text is null)
            throw VirErrors.InvalidArg($"parameter '{p.Field}' must be a string of path,value pairs", VirErrorDomain.Lxc);
        var parts = p.Text.Length == 0 ? [] : p.Text.Split(',');
        if (parts.Length % 2 != 0)
            throw VirErrors.InvalidArg($"parameter '{p.Field}' ('{p.Text}') must be pairs of path,value", VirErrorDomain.Lxc);
        for (int i = 0; i < parts.Length; i += 2)
        {
            if (!ulong.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                throw VirErrors.InvalidArg($"'{parts[i + 1]}' in parameter '{p.Field}' is not a number", VirErrorDomain.Lxc);
            yield return (parts[i], v);
        }
    }
}
