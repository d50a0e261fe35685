using Vireo.Core.State;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>
/// Stopping and continuing a guest's CPUs for a job (save, dump): the state reason is announced before the QMP
/// command, so the STOP or RESUME event QEMU sends is read with it, and set once QEMU answered.
/// </summary>
internal static class GuestCpuControl
{
    public static async Task PauseForAsync(this GuestProcess guest, PausedReason reason, CancellationToken ct)
    {
        guest.State.ExpectPause(reason);
        await guest.RequireMonitor().ExecuteAsync(QmpCommands.Stop(), ct).ConfigureAwait(false);
        guest.State.EnsurePaused(reason);
    }

    public static async Task ResumeForAsync(this GuestProcess guest, RunningReason reason, CancellationToken ct)
    {
        guest.State.ExpectRunning(reason);
        await guest.RequireMonitor().ExecuteAsync(QmpCommands.Cont(), ct).ConfigureAwait(false);
        guest.State.EnsureRunning(reason);
    }
}
