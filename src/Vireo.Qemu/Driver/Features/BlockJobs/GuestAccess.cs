using Vireo.Core.Errors;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.BlockJobs;

/// <summary>The few steps every disk operation starts with: find the domain, take its job, find its running guest.</summary>
internal static class GuestAccess
{
    public static ValueTask<DomainJob.Lease> AcquireAsync(DriverContext ctx, DomainObject dom, string operation, CancellationToken ct) =>
        dom.Job.AcquireAsync(operation, dom.Name, ctx.Options.JobWait, ct);

    /// <summary>The running guest, or libvirt's "domain is not running".</summary>
    public static GuestProcess Running(DomainObject dom) => dom.Handle as GuestProcess ?? throw VirErrors.NotRunning(dom.Name);

    public static BlockJobTracker Tracker(DriverContext ctx, DomainObject dom, GuestProcess guest) => BlockJobTracker.For(guest, dom, ctx.Events);

    /// <summary>QEMU's refusal as a whole sentence that says what was being done (never a bare QMP error).</summary>
    public static VirException Refused(string what, QmpException e) =>
        VirErrors.Failed($"{what}: QEMU refused '{e.Command}': {e.Description.TrimEnd('.')}");

    /// <summary>Runs a monitor command, turning QEMU's refusal into a sentence about <paramref name="what"/>.</summary>
    public static async Task<System.Text.Json.Nodes.JsonNode?> RunAsync(IGuestMonitor monitor, QmpCommand command, string what, CancellationToken ct)
    {
        try
        {
            return await monitor.ExecuteAsync(command, ct).ConfigureAwait(false);
        }
        catch (QmpException e)
        {
            throw Refused(what, e);
        }
    }

    /// <summary>The known bits of a flags value, or libvirt's "unsupported flags" error naming the QEMU driver's function.</summary>
    public static void CheckFlags(uint flags, uint known, string function) => VirErrors.CheckFlags(flags, known, function);
}
