using Vireo.Core.State;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// Changes to a domain's existence and run state. Each call takes the domain's job for its duration,
/// so at most one runs per domain; reads continue meanwhile. A failed call leaves the domain as it was.
/// </summary>
public interface IDomainLifecycle
{
    ValueTask<DomainRef> DefineAsync(string xml, DefineFlags flags, CancellationToken ct);
    ValueTask UndefineAsync(Guid uuid, UndefineFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_CREATE(_WITH_FLAGS): start a defined domain.</summary>
    ValueTask<DomainRef> StartAsync(Guid uuid, CreateFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_CREATE_XML: start a transient domain that is not defined.</summary>
    ValueTask<DomainRef> CreateTransientAsync(string xml, CreateFlags flags, CancellationToken ct);

    ValueTask ShutdownAsync(Guid uuid, ShutdownFlags flags, CancellationToken ct);
    ValueTask DestroyAsync(Guid uuid, DestroyFlags flags, CancellationToken ct);
    ValueTask RebootAsync(Guid uuid, ShutdownFlags flags, CancellationToken ct);
    ValueTask ResetAsync(Guid uuid, CancellationToken ct);
    ValueTask SuspendAsync(Guid uuid, CancellationToken ct);
    ValueTask ResumeAsync(Guid uuid, CancellationToken ct);
    ValueTask SetAutostartAsync(Guid uuid, bool autostart, CancellationToken ct);

    /// <summary>
    /// DOMAIN_SET_TIME (virsh domtime --time/--now/--sync): sets the running guest's clock through its agent,
    /// to <paramref name="time"/>, or (with <see cref="SetTimeFlags.Sync"/>, time ignored) from the guest's RTC.
    /// A driver without a guest agent refuses.
    /// </summary>
    ValueTask SetGuestTimeAsync(Guid uuid, GuestTime time, SetTimeFlags flags, CancellationToken ct) => throw Core.Errors.VirErrors.NoSupport("virDomainSetTime");

    /// <summary>
    /// DOMAIN_ABORT_JOB (virsh domjobabort): cancels the running domain's long job (the one
    /// <see cref="IDomainQueries.JobInfo"/> reports). A driver without such jobs refuses.
    /// </summary>
    ValueTask AbortJobAsync(Guid uuid, CancellationToken ct) => throw Core.Errors.VirErrors.NoSupport("virDomainAbortJob");

    /// <summary>
    /// DOMAIN_SET_LIFECYCLE_ACTION (virsh set-lifecycle-action): what a guest's power-off, reboot or crash leads
    /// to, in the running definition (the running guest follows it) and/or the saved one.
    /// </summary>
    ValueTask SetLifecycleActionAsync(Guid uuid, LifecycleTrigger type, Core.Domain.LifecycleAction action, ModifyFlags flags, CancellationToken ct) =>
        throw Core.Errors.VirErrors.NoSupport("virDomainSetLifecycleAction");

    /// <summary>DOMAIN_RENAME: gives an inactive persistent domain a new name (its files and snapshots follow).</summary>
    ValueTask<DomainRef> RenameAsync(Guid uuid, string newName, uint flags, CancellationToken ct);
}
