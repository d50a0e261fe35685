using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Lxc.Runtime;
using Vireo.Platform.Network;

namespace Vireo.Lxc.Driver;

/// <summary>Reads: from the registry in memory and the container's cgroup files; never waits for a job.</summary>
internal sealed class LxcQueries : IDomainQueries
{
    private readonly LxcRuntime _rt;

    public LxcQueries(LxcRuntime runtime) => _rt = runtime;

    public IReadOnlyList<DomainSummary> List(ListFlags flags) =>
        _rt.Registry.All.Select(Summary).Where(s => ListFilter.Matches(s, flags)).ToList();

    private static DomainSummary Summary(DomainObject d) => new(d.Ref, d.State, d.IsPersistent, d.Autostart, 0);

    public DomainRef LookupByName(string name) => _rt.Registry.GetByName(name).Ref;
    public DomainRef LookupByUuid(Guid uuid) => _rt.Get(uuid).Ref;
    public DomainRef LookupById(int id) => _rt.Registry.GetById(id).Ref;

    public DomainInfo Info(Guid uuid)
    {
        var dom = _rt.Get(uuid);
        var def = dom.Current;
        ulong max = MaxMemoryKiB(def);
        ulong used = 0, cpu = 0;
        if (dom.Handle is RunningContainer rc)
        {
            used = Safe(() => rc.Cgroup.Controller.MemoryUsageBytes() / 1024);
            cpu = Safe(rc.Cgroup.Controller.CpuUsageNanoseconds);
        }
        // Shut off, libvirt-lxc reports the configured current memory (lxcDomainGetInfo: mem.cur_balloon).
        return new DomainInfo(dom.State.State, max, dom.IsActive ? used : def.CurrentMemory?.KiB ?? max, Vcpus(def), cpu);
    }

    public StateWithReason State(Guid uuid) => _rt.Get(uuid).State;

    public DomainControlInfo ControlInfo(Guid uuid) => DomainControl.Of(_rt.Get(uuid), DateTime.UtcNow);

    public string Xml(Guid uuid, XmlFlags flags)
    {
        var dom = _rt.Get(uuid);
        var def = flags.HasFlag(XmlFlags.Inactive) && dom.Persistent is { } p ? p : dom.Current;
        bool live = def == dom.Live && dom.IsActive;
        return DomainXml.Format(def, new DomainXmlFormatOptions { Secure = flags.HasFlag(XmlFlags.Secure), Id = live ? dom.Id : null });
    }

    public string OsType(Guid uuid) { _ = _rt.Get(uuid); return "exe"; }
    public bool IsPersistent(Guid uuid) => _rt.Get(uuid).IsPersistent;
    public bool Autostart(Guid uuid) => _rt.Get(uuid).Autostart;

    public int VcpuCount(Guid uuid, uint flags) => Vcpus(_rt.Get(uuid).Current);

    public IReadOnlyList<VcpuInfo> Vcpus(Guid uuid) =>
        throw VirErrors.NoSupport("virDomainGetVcpus (containers have no virtual CPUs)", VirErrorDomain.Lxc);

    public IReadOnlyList<IReadOnlyList<bool>> VcpuPinInfo(Guid uuid, ModifyFlags flags) =>
        throw VirErrors.NoSupport("virDomainGetVcpuPinInfo (containers have no virtual CPUs)", VirErrorDomain.Lxc);

    public ulong MaxMemoryKiB(Guid uuid) => MaxMemoryKiB(_rt.Get(uuid).Current);

    public ValueTask<BlockStats> BlockStatsAsync(Guid uuid, string disk, CancellationToken ct) =>
        throw new VirException(VirErrorCode.OperationUnsupported, VirErrorDomain.Lxc, $"container '{_rt.Get(uuid).Name}' has no disk '{disk}'");

    public async ValueTask<InterfaceStats> InterfaceStatsAsync(Guid uuid, string device, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        var rc = LxcRuntime.Running(dom);
        if (!rc.Status.HostInterfaces.Contains(device))
            throw VirErrors.InvalidArg($"container '{dom.Name}' has no interface '{device}'", VirErrorDomain.Lxc);
        var all = await InterfaceCounters.ReadAllAsync(_rt.Options.NetworkNamespace).ConfigureAwait(false);
        var c = all.FirstOrDefault(x => x.Name == device)
            ?? throw VirErrors.InvalidArg($"interface '{device}' of container '{dom.Name}' is gone", VirErrorDomain.Lxc);
        return LxcStats.FromHostEnd(c);
    }

    public ValueTask<IReadOnlyList<(int Tag, ulong Value)>> MemoryStatsAsync(Guid uuid, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        var rc = LxcRuntime.Running(dom);
        var rssKiB = Safe(() => rc.Cgroup.Controller.MemoryUsageBytes() / 1024);
        IReadOnlyList<(int, ulong)> stats = [(LxcStats.ActualBalloonTag, MaxMemoryKiB(dom.Current)), (LxcStats.RssTag, rssKiB)];
        return ValueTask.FromResult(stats);
    }

    public ValueTask<IReadOnlyList<(DomainRef Domain, IReadOnlyList<TypedParameter> Params)>> AllStatsAsync(
        IReadOnlyList<Guid>? uuids, uint stats, uint flags, CancellationToken ct) =>
        LxcStats.CollectAsync(_rt, uuids, stats, ct);

    internal static int Vcpus(DomainDef def) => (int)(def.Vcpu?.Current ?? def.Vcpu?.Count ?? 1);

    /// <summary>Without &lt;memory&gt; a container may use all of the host's memory, as libvirt reports it.</summary>
    internal static ulong MaxMemoryKiB(DomainDef def) =>
        def.MemTune?.HardLimit?.KiB ?? def.Memory?.KiB ?? Platform.Host.MemInfo.Read().TotalBytes / 1024;

    internal static ulong Safe(Func<ulong> read)
    {
        try { return read(); }
        catch (Exception e) when (e is IOException or NotSupportedException or FormatException) { return 0; }
    }
}
