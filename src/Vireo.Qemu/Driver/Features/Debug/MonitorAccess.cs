using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Debug;

/// <summary>
/// The steps the debug and graphics operations share: find the domain, take its job (libvirt takes a
/// modify job for these too), find the running guest, and run one monitor command with QEMU's refusal or
/// exit turned into a sentence that says what was being done.
/// </summary>
internal static class MonitorAccess
{
    public static ValueTask<DomainJob.Lease> JobAsync(DriverContext ctx, DomainObject dom, string operation, CancellationToken ct) =>
        dom.Job.AcquireAsync(operation, dom.Name, ctx.Options.JobWait, ct);

    /// <summary>The running guest with its monitor, or libvirt's "domain is not running".</summary>
    public static (GuestProcess Guest, IGuestMonitor Monitor) Running(DomainObject dom)
    {
        var guest = dom.Handle as GuestProcess ?? throw VirErrors.NotRunning(dom.Name);
        return (guest, guest.RequireMonitor());
    }

    public static async Task<JsonNode?> RunAsync(IGuestMonitor monitor, QmpCommand command, string what, CancellationToken ct)
    {
        try
        {
            return await monitor.ExecuteAsync(command, ct).ConfigureAwait(false);
        }
        catch (QmpException e)
        {
            throw VirErrors.Failed($"{what}: QEMU refused '{e.Command}': {e.Description.TrimEnd('.')}");
        }
        catch (QmpClosedException)
        {
            throw VirErrors.Failed($"{what}: QEMU exited before it answered");
        }
    }
}
