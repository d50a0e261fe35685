using Vireo.Drivers.Contracts;

namespace Vireo.Web.Api;

/// <summary>The actions of POST /api/v1/domains/{driver}/{name}/{action}: each one driver call with default flags.</summary>
public static class DomainActions
{
    public static readonly IReadOnlyList<string> Names = ["start", "shutdown", "reboot", "reset", "destroy", "suspend", "resume"];

    /// <summary>The call for an action name, or null for an unknown one.</summary>
    public static Func<IDomainLifecycle, Guid, CancellationToken, ValueTask>? Find(string action) => action switch
    {
        "start" => async (l, uuid, ct) => await l.StartAsync(uuid, CreateFlags.None, ct).ConfigureAwait(false),
        "shutdown" => (l, uuid, ct) => l.ShutdownAsync(uuid, ShutdownFlags.Default, ct),
        "reboot" => (l, uuid, ct) => l.RebootAsync(uuid, ShutdownFlags.Default, ct),
        "reset" => (l, uuid, ct) => l.ResetAsync(uuid, ct),
        "destroy" => (l, uuid, ct) => l.DestroyAsync(uuid, DestroyFlags.Default, ct),
        "suspend" => (l, uuid, ct) => l.SuspendAsync(uuid, ct),
        "resume" => (l, uuid, ct) => l.ResumeAsync(uuid, ct),
        _ => null,
    };
}
