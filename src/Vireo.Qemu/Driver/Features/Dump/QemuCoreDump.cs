using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.Save;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Dump;

/// <summary>
/// virsh dump as libvirt 9.0's QEMU driver does it, as the domain's job (operation "dump"): a running guest is
/// paused for the dump unless --live, and runs again afterwards; --crash then stops it (shut off, crashed),
/// --reset resets it. --memory-only has QEMU write the guest's memory as ELF or kdump
/// (<see cref="GuestMemoryDump"/>); without it the file is QEMU's migration stream of the guest, as libvirt
/// writes it (<see cref="MigrationToFile"/>), whose statistics are kept as the completed job's. The file is
/// written under a temporary name and renamed when complete: a failed dump leaves no file and the guest as it was.
/// </summary>
internal sealed class QemuCoreDump(DriverContext ctx) : IDomainCoreDump
{
    private const CoreDumpFlags Known = CoreDumpFlags.Crash | CoreDumpFlags.Live | CoreDumpFlags.BypassCache | CoreDumpFlags.Reset | CoreDumpFlags.MemoryOnly;

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainCoreDump>(ctx => new QemuCoreDump(ctx));

    public async ValueTask CoreDumpAsync(Guid uuid, string path, CoreDumpFormat format, CoreDumpFlags flags, CancellationToken ct)
    {
        VirErrors.CheckFlags((uint)flags, (uint)Known, "qemuDomainCoreDumpWithFormat");
        if (flags.HasFlag(CoreDumpFlags.Crash) && flags.HasFlag(CoreDumpFlags.Reset))
            throw VirErrors.Invalid("crash and reset flags are mutually exclusive", VirErrorDomain.Qemu);
        if (!Path.IsPathRooted(path))
            throw VirErrors.InvalidArg($"dump path '{path}' is not absolute: the daemon cannot know the client's working directory");
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("dump", dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
        var guest = dom.Handle as GuestProcess ?? throw VirErrors.NotRunning(dom.Name);
        var memoryOnly = flags.HasFlag(CoreDumpFlags.MemoryOnly);

        var (temp, file) = SaveImageFiles.CreateTemp(path);
        var wasRunning = dom.State.State == DomainState.Running;
        var paused = false;
        MigrationStreamStats? stream = null;
        DateTime? pausedAt = null;
        try
        {
            var qemuFormat = await CheckFormatAsync(guest, format, memoryOnly, ct).ConfigureAwait(false);
            if (!memoryOnly && BlockJobs.GuestAccess.Tracker(ctx, dom, guest).Any())
                throw VirErrors.Invalid("domain has active block job", VirErrorDomain.Qemu);
            if (wasRunning && !flags.HasFlag(CoreDumpFlags.Live))
            {
                await guest.PauseForAsync(PausedReason.Dump, ct).ConfigureAwait(false);
                paused = true;
                pausedAt = DateTime.UtcNow;
            }
            using (var fileJob = GuestFileJob.Begin(guest, DomainJobOperation.Dump, memoryOnly))
            {
                if (memoryOnly)
                {
                    await new GuestMemoryDump(ctx).RunAsync(guest, file, qemuFormat, ct).ConfigureAwait(false);
                }
                else
                {
                    // The migration stops a running guest's CPUs when it completes (libvirt: paused, dumping).
                    if (wasRunning) guest.State.ExpectPause(PausedReason.Dump);
                    paused = wasRunning;
                    stream = await new MigrationToFile(ctx).RunAsync(guest, file, fileJob.Job, ct).ConfigureAwait(false);
                }
            }
            SaveImageFiles.Commit(temp, file, path);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested || paused)
        {
            await SaveImageFiles.DiscardAsync(temp, file).ConfigureAwait(false);
            if (paused) await ResumeAfterFailureAsync(dom, guest).ConfigureAwait(false);
            throw Failure(dom.Name, path, e);
        }
        ctx.Log.LogInformation("Domain {Name}: dumped to {Path}", dom.Name, path);

        // libvirt keeps a full dump's migration statistics (domjobinfo --completed, JOB_COMPLETED), not a memory-only one's.
        if (stream is not null) SaveJobStats.Finish(ctx, dom, DomainJobOperation.Dump, stream, pausedAt);
        await AfterwardsAsync(dom, guest, flags, wasRunning).ConfigureAwait(false);
    }

    /// <summary>QEMU's name of the format, refused as libvirt refuses it; null for a full dump.</summary>
    private static async Task<string> CheckFormatAsync(GuestProcess guest, CoreDumpFormat format, bool memoryOnly, CancellationToken ct)
    {
        if (!memoryOnly)
        {
            if (format != CoreDumpFormat.Raw)
                throw VirErrors.OperationUnsupported("kdump-compressed format is only supported with memory-only dump", VirErrorDomain.Qemu);
            return "";
        }
        var name = DumpQmp.FormatName(format);
        await GuestMemoryDump.RequireFormatAsync(guest, name, ct).ConfigureAwait(false);
        return name;
    }

    /// <summary>--crash stops the guest; otherwise --reset resets it, and a guest that was running runs again.</summary>
    private async Task AfterwardsAsync(DomainObject dom, GuestProcess guest, CoreDumpFlags flags, bool wasRunning)
    {
        if (flags.HasFlag(CoreDumpFlags.Crash))
        {
            guest.State.IntendStop(ShutoffReason.Crashed);
            guest.Process.Signal(Vireo.Platform.Processes.Signals.SIGKILL);
            await guest.Ended.WaitAsync(ctx.Options.JobWait, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        if (flags.HasFlag(CoreDumpFlags.Reset))
            await guest.RequireMonitor().ExecuteAsync(QmpCommands.SystemReset(), CancellationToken.None).ConfigureAwait(false);
        if (wasRunning && dom.State.State != DomainState.Running)
            await ResumeAsync(dom, guest, RunningReason.Unpaused).ConfigureAwait(false);
    }

    private async Task ResumeAsync(DomainObject dom, GuestProcess guest, RunningReason reason)
    {
        try
        {
            await guest.ResumeForAsync(reason, CancellationToken.None).ConfigureAwait(false);
            await guest.SaveStatusAsync(ctx.Store, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException or VirException)
        {
            ctx.Log.LogError("Domain {Name}: could not resume the guest after its dump: {Error}", dom.Name, e.Message);
            throw VirErrors.Failed("resuming after dump failed");
        }
    }

    /// <summary>The failed dump's own error is the one reported; a failed resume is only logged (by <see cref="ResumeAsync"/>).</summary>
    private async Task ResumeAfterFailureAsync(DomainObject dom, GuestProcess guest)
    {
        try
        {
            await ResumeAsync(dom, guest, RunningReason.Unpaused).ConfigureAwait(false);
        }
        catch (VirException)
        {
        }
    }

    /// <summary>libvirt's own sentences pass unchanged; QEMU's refusals and file errors name the dump.</summary>
    private static VirException Failure(string name, string path, Exception e) => e switch
    {
        VirException v => v,
        QmpException q => VirErrors.Failed($"dumping domain '{name}' to '{path}' failed: QEMU refused '{q.Command}': {q.Description}"),
        IOException or UnauthorizedAccessException => VirErrors.System($"dumping domain '{name}' to '{path}' failed: {SaveImageFiles.Reason(e)}"),
        _ => VirErrors.Failed($"dumping domain '{name}' to '{path}' failed: {e.Message}"),
    };
}
