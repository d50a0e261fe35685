using System.Collections.Concurrent;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;

namespace Vireo.Web.Api;

/// <summary>
/// Builds domain objects from a driver's in-memory reads (none waits for a domain job) and remembers the last
/// one seen per domain, so an "undefined" event can still carry the domain as it last was.
/// </summary>
public sealed class DomainViews
{
    private readonly ConcurrentDictionary<(string Driver, Guid Uuid), DomainView> _last = new();

    /// <summary>The pure part: a domain object from a listing row, its info and its title.</summary>
    public static DomainView From(string driver, DomainSummary s, DomainInfo info, string? title = null) => new(
        driver, s.Ref.Name, s.Ref.Uuid, s.Ref.IsActive ? s.Ref.Id : null,
        s.State.StateText, (int)s.State.State, s.State.ReasonText,
        s.Persistent, s.Autostart,
        info.VirtCpus, info.MemoryKiB, info.MaxMemKiB, info.CpuTimeNs,
        s.SnapshotCount, s.HasManagedSave, title);

    /// <summary>What is known of a domain that is gone and was never seen: its name and UUID, shut off.</summary>
    public static DomainView Gone(string driver, DomainRef d) => new(
        driver, d.Name, d.Uuid, null,
        StateNames.Of(DomainState.Shutoff), (int)DomainState.Shutoff, StateNames.ReasonOf(DomainState.Shutoff, 0),
        false, false, 0, 0, 0, 0, 0, false, null);

    /// <summary>Every domain of one driver; a domain that vanishes between the list and its info is left out.</summary>
    public IReadOnlyList<DomainView> List(string driverName, IHypervisorDriver driver)
    {
        // The plain listing leaves out what costs a file read per domain; the managed-save images are asked for
        // once, as one more listing filtered by them.
        var saved = driver.Feature<IDomainSave>() is null
            ? []
            : driver.Domains.List(ListFlags.ManagedSave).Select(s => s.Ref.Uuid).ToHashSet();
        var list = new List<DomainView>();
        foreach (var s in driver.Domains.List(ListFlags.All))
        {
            if (TryBuild(driverName, driver, s with { HasManagedSave = saved.Contains(s.Ref.Uuid) }) is { } view) list.Add(view);
        }
        return list;
    }

    /// <summary>One domain as it is now, from its own reads (no listing of the others); VIR_ERR_NO_DOMAIN when it does not exist.</summary>
    public DomainView Get(string driverName, IHypervisorDriver driver, Guid uuid)
    {
        var q = driver.Domains;
        var d = q.LookupByUuid(uuid);
        var state = q.State(uuid);
        var persistent = q.IsPersistent(uuid);
        // Only an inactive persistent domain can have a managed-save image.
        var saved = !d.IsActive && persistent && driver.Feature<IDomainSave>() is not null && q.HasManagedSave(uuid);
        var summary = new DomainSummary(d, state, persistent, q.Autostart(uuid), 0, saved);
        return TryBuild(driverName, driver, summary) ?? throw VirErrors.NoDomainByUuid(uuid, driver.ErrorDomain);
    }

    /// <summary>
    /// The domain an event is about, as it is now. When it no longer exists (undefined, or a transient
    /// domain that stopped) it is the last one seen, or else what the event names, shown shut off with the
    /// reason a stop gave.
    /// </summary>
    public DomainView AfterEvent(string driverName, IHypervisorDriver driver, DomainRef d, int? shutoffReason = null)
    {
        try
        {
            return Get(driverName, driver, d.Uuid);
        }
        catch (VirException e) when (e.Code == VirErrorCode.NoDomain)
        {
            var last = _last.TryRemove((driverName, d.Uuid), out var seen) ? seen : Gone(driverName, d);
            if (last.Id is null && shutoffReason is null) return last;
            var reason = shutoffReason ?? 0;
            return last with
            {
                Id = null, State = StateNames.Of(DomainState.Shutoff), StateCode = (int)DomainState.Shutoff,
                Reason = StateNames.ReasonOf(DomainState.Shutoff, reason), CpuTimeNs = 0,
            };
        }
    }

    /// <summary>Drops what is remembered of a domain (it was undefined while no stream needed it).</summary>
    public void Forget(string driverName, Guid uuid) => _last.TryRemove((driverName, uuid), out _);

    private DomainView? TryBuild(string driverName, IHypervisorDriver driver, DomainSummary s)
    {
        try
        {
            var uuid = s.Ref.Uuid;
            // The listing counts snapshots only when filtering by them; the count comes from the snapshot feature.
            var snapshots = driver.Feature<IDomainSnapshots>()?.List(uuid, SnapshotListFlags.None).Count ?? s.SnapshotCount;
            var view = From(driverName, s with { SnapshotCount = snapshots }, driver.Domains.Info(uuid), Title(driver, uuid));
            _last[(driverName, uuid)] = view;
            return view;
        }
        catch (VirException e) when (e.Code == VirErrorCode.NoDomain)
        {
            return null;
        }
    }

    /// <summary>The domain's &lt;title&gt; (virsh desc --title), or null when it has none.</summary>
    private static string? Title(IHypervisorDriver driver, Guid uuid)
    {
        if (driver.Feature<IDomainMetadata>() is not { } metadata) return null;
        try
        {
            var title = metadata.GetMetadata(uuid, MetadataType.Title, null, ModifyFlags.Current);
            return string.IsNullOrEmpty(title) ? null : title;
        }
        catch (VirException e) when (e.Code == VirErrorCode.NoDomainMetadata)
        {
            return null;
        }
    }
}
