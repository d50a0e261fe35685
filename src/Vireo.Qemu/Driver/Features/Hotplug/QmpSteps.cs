using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Hotplug;

/// <summary>What the hot-plug steps share: undoing QEMU-side steps quietly, and turning a refusal into a sentence.</summary>
internal static class QmpSteps
{
    /// <summary>Runs clean-up commands in order; one that fails is logged and the rest still run.</summary>
    public static async Task RunQuietlyAsync(DriverContext ctx, IGuestMonitor monitor, string what, IEnumerable<QmpCommand> commands)
    {
        foreach (var cmd in commands)
        {
            try
            {
                await monitor.ExecuteAsync(cmd, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is QmpException or IOException or TimeoutException)
            {
                ctx.Log.LogWarning("Cleaning up {What}: {Command} failed: {Error}", what, cmd.Name, e.Message);
            }
        }
    }

    public static bool IsMonitorFailure(Exception e) => e is QmpException or IOException or TimeoutException;

    /// <summary>"cannot attach disk 'vdb' of domain 'x': QEMU refused 'blockdev-add': ..."</summary>
    public static VirException Refused(string what, string verb, Exception e) => e switch
    {
        QmpException q => VirErrors.Failed($"cannot {verb} {what}: QEMU refused '{q.Command}': {q.Description}"),
        _ => VirErrors.Failed($"cannot {verb} {what}: {e.Message}"),
    };
}
