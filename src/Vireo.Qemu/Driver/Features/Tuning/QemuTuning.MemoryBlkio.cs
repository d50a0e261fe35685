using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Cgroups;
using Vireo.Qemu.Driver.Features.Tuning.Cgroups;

namespace Vireo.Qemu.Driver.Features.Tuning;

/// <summary>memtune and blkiotune: limits on the guest's group (memory.*, blkio.* / io.*).</summary>
internal sealed partial class QemuTuning
{
    public ValueTask<IReadOnlyList<TypedParameter>> GetMemoryParametersAsync(Guid uuid, ModifyFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        if (!DomainChanges.ReadsLive(dom, flags)) return ValueTask.FromResult(MemTuneChange.FromDefinition(dom.Persistent!.MemTune));
        var guest = DomainChanges.Running(dom);
        if (changes.Cgroups.Of(guest) is not { } cg) return ValueTask.FromResult(MemTuneChange.FromDefinition(guest.Live.MemTune));
        return ValueTask.FromResult(DomainChanges.Kernel(dom.Name, "the memory limits",
            () => MemTuneChange.Values(cg.Domain.MemoryLimit, cg.Domain.MemorySoftLimit, cg.Domain.MemorySwapLimit)));
    }

    public async ValueTask SetMemoryParametersAsync(Guid uuid, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct)
    {
        var change = MemTuneChange.Parse(parameters);
        var dom = changes.Get(uuid);
        using var job = await changes.JobAsync(dom, "memtune", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        var config = t.Config ? dom.Persistent! with { MemTune = change.ApplyTo(dom.Persistent!.MemTune, dom.Name) } : null;
        if (config is not null) Core.Domain.DomainValidator.Validate(config);
        if (t.Live)
        {
            var guest = DomainChanges.Running(dom);
            var live = guest.Live with { MemTune = change.ApplyTo(guest.Live.MemTune, dom.Name) };
            var cg = changes.Cgroups.Require(guest, "change the memory limits");
            DomainChanges.Kernel(dom.Name, "the memory limits", () => GuestCgroup.SetMemoryLimits(cg.Domain, change.Hard, change.Soft, change.Swap));
            await changes.CommitLiveAsync(dom, guest, live, ct).ConfigureAwait(false);
        }
        if (config is not null) await changes.CommitConfigAsync(dom, config, ct).ConfigureAwait(false);
    }

    public ValueTask<IReadOnlyList<TypedParameter>> GetBlkioParametersAsync(Guid uuid, ModifyFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        if (!DomainChanges.ReadsLive(dom, flags))
            return ValueTask.FromResult(BlkioChange.FromDefinition(dom.Persistent!.BlkioTune, dom.Persistent!.BlkioTune?.Weight ?? 0));
        var guest = DomainChanges.Running(dom);
        var weight = guest.Live.BlkioTune?.Weight ?? 0;
        if (changes.Cgroups.Of(guest) is { } cg)
        {
            // Hosts without a proportional I/O scheduler have no weight file: then the definition's value is all there is.
            try { weight = (uint)cg.Domain.BlkioWeight; }
            catch (NotSupportedException) { }
        }
        return ValueTask.FromResult(BlkioChange.FromDefinition(guest.Live.BlkioTune, weight));
    }

    public async ValueTask SetBlkioParametersAsync(Guid uuid, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct)
    {
        var change = BlkioChange.Parse(parameters);
        var dom = changes.Get(uuid);
        foreach (var path in change.Devices.Select(d => d.Path).Distinct(StringComparer.Ordinal))
            RequireBlockDevice(dom.Name, path);
        using var job = await changes.JobAsync(dom, "blkiotune", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        var config = t.Config ? dom.Persistent! with { BlkioTune = change.ApplyTo(dom.Persistent!.BlkioTune) } : null;
        if (config is not null) Core.Domain.DomainValidator.Validate(config);
        if (t.Live)
        {
            var guest = DomainChanges.Running(dom);
            var cg = changes.Cgroups.Require(guest, "change the block I/O tuning");
            if (change.Weight is { } w) DomainChanges.Kernel(dom.Name, "the block I/O weight", () => cg.Domain.BlkioWeight = (int)w);
            foreach (var (field, path, value) in change.Devices)
                DomainChanges.Kernel(dom.Name, $"the block I/O tuning of {path}", () => WriteDevice(cg, field, path, value));
            await changes.CommitLiveAsync(dom, guest, guest.Live with { BlkioTune = change.ApplyTo(guest.Live.BlkioTune) }, ct).ConfigureAwait(false);
        }
        if (config is not null) await changes.CommitConfigAsync(dom, config, ct).ConfigureAwait(false);
    }

    /// <summary>Settings for a device the host does not have would be refused by the kernel (live) or never apply (config).</summary>
    private static void RequireBlockDevice(string domain, string path)
    {
        try
        {
            _ = CgroupBlockIo.DeviceNumber(path);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            throw Core.Errors.VirErrors.InvalidArg(
                $"cannot change the block I/O tuning of domain '{domain}': '{path}' is not a block device on this host", Core.Errors.VirErrorDomain.Qemu);
        }
    }

    private static void WriteDevice(GuestCgroup cg, BlkioDeviceField field, string path, ulong value)
    {
        var dir = BlkioSettings.Directory(cg.Layout, cg.Domain);
        var dev = CgroupBlockIo.DeviceNumber(path);
        switch (field)
        {
            case BlkioDeviceField.Weight: CgroupBlockIo.SetDeviceWeight(dir, cg.Version, dev, (uint)value); break;
            case BlkioDeviceField.ReadIops: CgroupBlockIo.SetThrottle(dir, cg.Version, dev, BlockThrottle.ReadIopsSec, value); break;
            case BlkioDeviceField.WriteIops: CgroupBlockIo.SetThrottle(dir, cg.Version, dev, BlockThrottle.WriteIopsSec, value); break;
            case BlkioDeviceField.ReadBytes: CgroupBlockIo.SetThrottle(dir, cg.Version, dev, BlockThrottle.ReadBytesSec, value); break;
            default: CgroupBlockIo.SetThrottle(dir, cg.Version, dev, BlockThrottle.WriteBytesSec, value); break;
        }
    }
}
