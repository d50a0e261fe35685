using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Web.Api;

/// <summary>The actions of POST /api/v1/domains/{driver}/{name}/{action}: each one driver call with default flags.</summary>
public static class DomainActions
{
    public static readonly IReadOnlyList<string> Names =
        ["start", "shutdown", "reboot", "reset", "destroy", "suspend", "resume", "save", "discard-saved"];

    /// <summary>The call for an action name, or null for an unknown one.</summary>
    public static Func<IHypervisorDriver, Guid, CancellationToken, ValueTask>? Find(string action) => action switch
    {
        // A start restores the managed-save image when there is one (the driver decides, as virsh start).
        "start" => async (d, uuid, ct) => await d.Lifecycle.StartAsync(uuid, CreateFlags.None, ct).ConfigureAwait(false),
        "shutdown" => (d, uuid, ct) => d.Lifecycle.ShutdownAsync(uuid, ShutdownFlags.Default, ct),
        "reboot" => (d, uuid, ct) => d.Lifecycle.RebootAsync(uuid, ShutdownFlags.Default, ct),
        "reset" => (d, uuid, ct) => d.Lifecycle.ResetAsync(uuid, ct),
        "destroy" => (d, uuid, ct) => d.Lifecycle.DestroyAsync(uuid, DestroyFlags.Default, ct),
        "suspend" => (d, uuid, ct) => d.Lifecycle.SuspendAsync(uuid, ct),
        "resume" => (d, uuid, ct) => d.Lifecycle.ResumeAsync(uuid, ct),
        // virsh managedsave / managedsave-remove; a driver without them (containers) refuses as libvirt's does.
        "save" => (d, uuid, ct) => Save(d, "virDomainManagedSave").ManagedSaveAsync(uuid, SaveFlags.None, ct),
        "discard-saved" => (d, uuid, ct) => Save(d, "virDomainManagedSaveRemove").ManagedSaveRemoveAsync(uuid, ct),
        _ => null,
    };

    private static IDomainSave Save(IHypervisorDriver d, string api) => d.Feature<IDomainSave>() ?? throw VirErrors.NoSupport(api); // VIR_FROM_DOMAIN, as libvirt-domain.c reports it
}
