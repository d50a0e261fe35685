using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.Tuning.Cgroups;

namespace Vireo.Qemu.Driver.Features.Tuning;

/// <summary>Which definitions a change applies to, after libvirt's rules for CURRENT/LIVE/CONFIG.</summary>
internal readonly record struct ChangeTargets(bool Live, bool Config);

/// <summary>
/// What every tuning change shares: the domain's job, libvirt's rules for which definition a change
/// applies to, and recording the result (the live definition in memory and in the status file, the
/// saved definition atomically). Callers validate everything first, then apply to the running guest,
/// then record, so a refused change leaves both definitions and the guest as they were.
/// </summary>
internal sealed class DomainChanges(DriverContext ctx)
{
    public DriverContext Context => ctx;

    public GuestCgroups Cgroups { get; } = GuestCgroups.For(ctx);

    public DomainObject Get(Guid uuid) => ctx.Registry.GetByUuid(uuid);

    public ValueTask<DomainJob.Lease> JobAsync(DomainObject dom, string operation, CancellationToken ct) =>
        dom.Job.AcquireAsync(operation, dom.Name, ctx.Options.JobWait, ct);

    /// <summary>
    /// virDomainObjUpdateModificationImpact: CURRENT means live when running, else config; a live change of a
    /// shut-off domain and a config change of a transient one are refused with libvirt's sentences.
    /// </summary>
    public static ChangeTargets Targets(DomainObject dom, ModifyFlags flags)
    {
        bool live = flags.HasFlag(ModifyFlags.Live), config = flags.HasFlag(ModifyFlags.Config);
        if (!live && !config)
        {
            live = dom.IsActive;
            config = !dom.IsActive;
        }
        if (live && !dom.IsActive)
            throw VirErrors.NotRunning(dom.Name);
        if (config && !dom.IsPersistent)
            throw VirErrors.TransientHasNoConfig();
        return new ChangeTargets(live, config);
    }

    /// <summary>Whether a read with the given flags answers for the running guest (else for the saved definition).</summary>
    public static bool ReadsLive(DomainObject dom, ModifyFlags flags)
    {
        if (flags.HasFlag(ModifyFlags.Live) && flags.HasFlag(ModifyFlags.Config))
            throw VirErrors.InvalidArgSentence("Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        return Targets(dom, flags).Live;
    }

    /// <summary>The definition a read of the given flags answers from (no job taken).</summary>
    public static DomainDef ReadTarget(DomainObject dom, ModifyFlags flags) =>
        ReadsLive(dom, flags) ? dom.Live ?? dom.Current : dom.Persistent!;

    public static GuestProcess Running(DomainObject dom) =>
        dom.Handle as GuestProcess ?? throw VirErrors.NotRunning(dom.Name);

    /// <summary>Records a change made to the running guest (the caller holds the job).</summary>
    public async Task CommitLiveAsync(DomainObject dom, GuestProcess guest, DomainDef live, CancellationToken ct)
    {
        dom.Live = live;
        guest.Live = live;
        await guest.SaveStatusAsync(ctx.Store, ct).ConfigureAwait(false);
    }

    /// <summary>Checks and saves a new definition (atomically, via the store) before it replaces the old one in memory.</summary>
    public async Task CommitConfigAsync(DomainObject dom, DomainDef config, CancellationToken ct)
    {
        DomainValidator.Validate(config);
        await ctx.Store.SaveConfigAsync(config, ct).ConfigureAwait(false);
        dom.Persistent = config;
    }

    public void PublishTunable(DomainObject dom, IReadOnlyList<Core.Params.TypedParameter> changed)
    {
        if (changed.Count > 0) ctx.Events.Publish(new TunableEvent(dom.Ref, changed));
    }

    /// <summary>Runs a cgroup write, turning the kernel's refusal into a sentence naming the domain and the setting.</summary>
    public static void Kernel(string domain, string what, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            throw VirErrors.System($"cannot set {what} of domain '{domain}': {e.Message}", VirErrorDomain.Qemu);
        }
    }

    public static T Kernel<T>(string domain, string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            throw VirErrors.System($"cannot read {what} of domain '{domain}': {e.Message}", VirErrorDomain.Qemu);
        }
    }
}
