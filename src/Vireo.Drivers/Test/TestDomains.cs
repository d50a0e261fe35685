using System.Diagnostics;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Test;

/// <summary>Domain reads of the test driver, answered from the registry without any job.</summary>
internal sealed partial class TestDomains : IDomainQueries
{
    private const uint VcpuMaximum = 4;
    private const uint AffectConfig = 2;

    private readonly DomainRegistry _registry;
    private readonly DomainEventBus _events;
    private readonly TestConsoles _consoles;
    private readonly TestHostInfo _host;
    private readonly VirErrorDomain _errorDomain;

    public TestDomains(DomainRegistry registry, DomainEventBus events, TestConsoles consoles, TestHostInfo host, VirErrorDomain errorDomain)
    {
        _registry = registry;
        _events = events;
        _consoles = consoles;
        _host = host;
        _errorDomain = errorDomain;
    }

    /// <summary>What the test driver keeps about a running domain.</summary>
    private sealed record Running(long StartedAt);

    public IReadOnlyList<DomainSummary> List(ListFlags flags)
    {
        var all = _registry.All;
        var rows = new List<DomainSummary>(all.Count);
        foreach (var d in all)
        {
            var row = new DomainSummary(d.Ref, d.State, d.IsPersistent, d.Autostart, 0);
            if (ListFilter.Matches(row, flags)) rows.Add(row);
        }
        rows.Sort(static (a, b) => string.CompareOrdinal(a.Ref.Name, b.Ref.Name));
        return rows;
    }

    public DomainRef LookupByName(string name) => _registry.GetByName(name).Ref;
    public DomainRef LookupByUuid(Guid uuid) => _registry.GetByUuid(uuid).Ref;
    public DomainRef LookupById(int id) => _registry.GetById(id).Ref;

    public DomainInfo Info(Guid uuid)
    {
        var d = _registry.GetByUuid(uuid);
        var def = d.Current;
        var max = def.Memory?.KiB ?? 0;
        var cur = d.IsActive ? def.CurrentMemory?.KiB ?? max : max;
        return new DomainInfo(d.State.State, max, cur, (int)CurrentVcpus(def), CpuTime(d));
    }

    public StateWithReason State(Guid uuid) => _registry.GetByUuid(uuid).State;

    public DomainControlInfo ControlInfo(Guid uuid) => DomainControl.Of(_registry.GetByUuid(uuid), DateTime.UtcNow);

    public DomainJobInfo JobInfo(Guid uuid) => DomainJobReport.Of(_registry.GetByUuid(uuid));

    public string Xml(Guid uuid, XmlFlags flags)
    {
        var d = _registry.GetByUuid(uuid);
        var def = flags.HasFlag(XmlFlags.Inactive) && d.Persistent is not null ? d.Persistent : d.Current;
        var id = d.IsActive && !flags.HasFlag(XmlFlags.Inactive) ? d.Id : (int?)null;
        return DomainXml.Format(def, new DomainXmlFormatOptions { Secure = flags.HasFlag(XmlFlags.Secure), Id = id });
    }

    public string OsType(Guid uuid) => _registry.GetByUuid(uuid).Current.Os.Type == Core.Domain.OsType.Exe ? "exe" : "hvm";
    public bool IsPersistent(Guid uuid) => _registry.GetByUuid(uuid).IsPersistent;
    public bool Autostart(Guid uuid) => _registry.GetByUuid(uuid).Autostart;

    public int VcpuCount(Guid uuid, uint flags)
    {
        var d = _registry.GetByUuid(uuid);
        var def = (flags & AffectConfig) != 0 && d.Persistent is not null ? d.Persistent : d.Current;
        return (int)((flags & VcpuMaximum) != 0 ? def.Vcpu?.Count ?? 1 : CurrentVcpus(def));
    }

    public IReadOnlyList<VcpuInfo> Vcpus(Guid uuid)
    {
        var d = RequireActive(uuid);
        var n = (int)CurrentVcpus(d.Current);
        var each = CpuTime(d) / (ulong)Math.Max(1, n);
        return Enumerable.Range(0, n).Select(i => new VcpuInfo(i, 1, each, i % TestHostInfo.CpuCount)).ToArray();
    }

    public IReadOnlyList<IReadOnlyList<bool>> VcpuPinInfo(Guid uuid, ModifyFlags flags)
    {
        var d = _registry.GetByUuid(uuid);
        var n = (int)(d.Current.Vcpu?.Count ?? 1);
        var all = _host.CpuMap();
        return Enumerable.Range(0, n).Select(_ => all).ToArray();
    }

    public ulong MaxMemoryKiB(Guid uuid) => _registry.GetByUuid(uuid).Current.Memory?.KiB ?? 0;

    public ValueTask<BlockStats> BlockStatsAsync(Guid uuid, string disk, CancellationToken ct)
    {
        var d = RequireActive(uuid);
        if (!d.Current.Devices.Disks.Any(x => x.Target.Dev == disk || x.Source?.ToString() == disk))
            throw VirErrors.InvalidArg($"invalid path: {disk}", _errorDomain);
        return ValueTask.FromResult(new BlockStats(0, 0, 0, 0, 0));
    }

    public ValueTask<InterfaceStats> InterfaceStatsAsync(Guid uuid, string device, CancellationToken ct)
    {
        var d = RequireActive(uuid);
        if (!d.Current.Devices.Interfaces.Any(x => x.TargetDev == device || x.Mac?.ToString() == device))
            throw VirErrors.InvalidArg($"invalid path, '{device}' is not a known interface", _errorDomain);
        return ValueTask.FromResult(new InterfaceStats(0, 0, 0, 0, 0, 0, 0, 0));
    }

    public ValueTask<IReadOnlyList<(int Tag, ulong Value)>> MemoryStatsAsync(Guid uuid, CancellationToken ct)
    {
        var d = RequireActive(uuid);
        var actual = d.Current.CurrentMemory?.KiB ?? d.Current.Memory?.KiB ?? 0;
        IReadOnlyList<(int, ulong)> stats = [(6, actual), (7, actual / 2)];
        return ValueTask.FromResult(stats);
    }

    public ValueTask<IReadOnlyList<(DomainRef Domain, IReadOnlyList<TypedParameter> Params)>> AllStatsAsync(
        IReadOnlyList<Guid>? uuids, uint stats, uint flags, CancellationToken ct)
    {
        var doms = uuids is null ? _registry.All.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray() : uuids.Select(_registry.GetByUuid).ToArray();
        IReadOnlyList<(DomainRef, IReadOnlyList<TypedParameter>)> result = doms.Select(d => (d.Ref, (IReadOnlyList<TypedParameter>)
        [
            TypedParameter.Int("state.state", (int)d.State.State),
            TypedParameter.Int("state.reason", d.State.Reason),
            TypedParameter.ULLong("balloon.maximum", d.Current.Memory?.KiB ?? 0),
            TypedParameter.UInt("vcpu.current", CurrentVcpus(d.Current)),
        ])).ToArray();
        return ValueTask.FromResult(result);
    }

    private DomainObject RequireActive(Guid uuid)
    {
        var d = _registry.GetByUuid(uuid);
        return d.IsActive ? d : throw VirErrors.NotRunning(d.Name);
    }

    private static uint CurrentVcpus(DomainDef def) => def.Vcpu?.Current ?? def.Vcpu?.Count ?? 1;

    private static ulong CpuTime(DomainObject d) =>
        d.Handle is Running r ? (ulong)Stopwatch.GetElapsedTime(r.StartedAt).Ticks * 100 : 0;
}
