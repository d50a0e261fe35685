using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Files;
using Vireo.Platform.Host;
using Vireo.Platform.Processes;
using Vireo.Qemu.CommandLine;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>
/// Starting a guest, libvirt's way (qemu-probe "Notes for the C# manager" 2): build the argv, spawn QEMU
/// paused (-S) in its own session, connect QMP with a deadline, attach the console capture before any
/// guest code runs, send the startup commands, write the status file, then 'cont'. Any failure kills
/// the process and removes every runtime file; the definition is never touched. Caller holds the job.
/// </summary>
internal sealed class StartSequence(DriverContext ctx)
{
    /// <param name="fromSnapshot">A start that completes a snapshot revert: reasons and events say FROM_SNAPSHOT, as libvirt's do.</param>
    /// <param name="incoming">A restore: QEMU loads the saved state instead of booting (Features/Save).</param>
    public async Task<GuestProcess> RunAsync(DomainObject dom, DomainDef def, CreateFlags flags, CancellationToken ct, bool fromSnapshot = false,
        Features.Save.IncomingImage? incoming = null)
    {
        var caps = await ctx.Emulators.GetAsync(def.Devices.Emulator, ct).ConfigureAwait(false);
        var kvm = KvmProbe.Check();
        if (def.Type == DomainTypes.Kvm && !kvm.Usable)
            throw VirErrors.Unsupported(
                $"cannot start domain '{def.Name}' with type 'kvm': {kvm.Reason} Use <domain type='qemu'> to run it under TCG.", VirErrorDomain.Qemu);
        StartChecks.FilesExist(def);

        // Features set up host resources (tap devices, ...) first; whatever fails from here on undoes them.
        using var launch = await HostResourceHooks.PrepareAsync(ctx, def, ct).ConfigureAwait(false);
        try
        {
            return await RunPreparedAsync(dom, launch, caps, kvm, flags, fromSnapshot, incoming, ct).ConfigureAwait(false);
        }
        catch
        {
            await HostResourceHooks.ReleaseAsync(ctx, launch.Def).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<GuestProcess> RunPreparedAsync(DomainObject dom, GuestLaunch launch, Capabilities.QemuEmulatorCaps caps, KvmStatus kvm,
        CreateFlags flags, bool fromSnapshot, Features.Save.IncomingImage? incoming, CancellationToken ct)
    {
        var def = launch.Def;
        int id = ctx.Registry.NextId();
        var paths = ctx.Paths.Runtime(id, def.Name);
        StartChecks.SocketPathFits(paths.MonitorSocket, def.Name);
        var diskSecrets = DiskSecretResolver.Resolve(def, ctx.Options.Secrets, paths);
        var cmd = QemuCommandBuilder.Build(def, new QemuLaunchContext
        {
            Caps = caps,
            Host = HostFactsFor(kvm),
            Paths = paths,
            DomainId = id,
            Now = DateTimeOffset.UtcNow,
            LocalUtcOffset = TimeZoneInfo.Local.GetUtcOffset(DateTimeOffset.UtcNow),
            InterfaceFds = launch.InterfaceFds,
            GraphicsPorts = launch.GraphicsPorts,
            DiskSecrets = diskSecrets,
        });
        var live = cmd.Definition;

        DirectoryLayout.Ensure(ctx.Paths.LogDir);
        DirectoryLayout.Ensure(ctx.Paths.RunDir);
        if (Directory.Exists(paths.Directory)) Directory.Delete(paths.Directory, recursive: true); // a leftover of a crashed engine
        DirectoryLayout.Ensure(paths.Directory);
        if (diskSecrets is not null) await AtomicFile.WriteAllBytesAsync(diskSecrets.MasterKeyPath, diskSecrets.MasterKey, ct).ConfigureAwait(false);
        var log = ctx.Paths.ProcessLog(def.Name);
        long logStart = WriteLogHeader(log, cmd);

        WatchedProcess? process = null;
        GuestProcess? guest = null;
        try
        {
            process = await ProcessSpawner.SpawnAsync(new SpawnOptions
            {
                Executable = cmd.Emulator,
                Arguments = incoming is null ? cmd.Arguments : [.. cmd.Arguments, .. Features.Save.SaveQmp.IncomingArguments],
                OutputLogPath = log,
                Environment = Environment(cmd),
                NewSession = true, // the guest outlives the engine (embedded CLI exits, daemon restarts)
                InheritedFds = launch.InheritedFds.ToDictionary(),
                NetworkNamespace = launch.NetworkNamespace,
            }, ct).ConfigureAwait(false);
            launch.Dispose(); // QEMU holds the descriptors now; a tap then lives exactly as long as QEMU

            var state = new GuestState(dom, live, ctx.Events);
            guest = new GuestProcess(id, live, process, paths, state);
            guest.Monitor = await ctx.Io.ConnectMonitorAsync(cmd.MonitorSocket, ctx.Options.MonitorConnectTimeout, process.Exited, ct).ConfigureAwait(false);
            guest.Consoles = await AttachConsolesAsync(def, cmd, process, keepLogs: incoming is not null, ct).ConfigureAwait(false);
            guest.DiskDevices = cmd.Disks.ToDictionary(d => d.TargetDev, d => d.DeviceId, StringComparer.Ordinal);
            guest.BalloonQomPath = cmd.Balloon?.QomPath;
            HostResourceHooks.Started(launch, cmd, guest);
            var monitor = guest.Monitor;

            foreach (var startup in cmd.StartupCommands)
                await monitor.ExecuteAsync(new QmpCommand(startup.Execute, System.Text.Json.Nodes.JsonNode.Parse(startup.ArgumentsJson) as System.Text.Json.Nodes.JsonObject), ct).ConfigureAwait(false);
            if (cmd.Balloon is { StatsPeriod: { } period and > 0 } balloon)
                await monitor.ExecuteAsync(QmpCommands.SetBalloonStatsPeriod(balloon.QomPath, (int)period), ct).ConfigureAwait(false);
            guest.VcpuThreads = QmpCpu.ListFromJson(await monitor.ExecuteAsync(QmpCommands.QueryCpusFast(), ct).ConfigureAwait(false))
                .OrderBy(c => c.CpuIndex).Select(c => c.ThreadId).ToList();
            await ctx.Hooks.StartingAsync(dom, guest, ct).ConfigureAwait(false); // cgroups, pinning: before any guest code runs
            if (incoming is not null) await incoming.ReceiveAsync(monitor, ctx.Options.SaveRestoreTimeout, ct).ConfigureAwait(false);

            // Visible from here on: the id is taken, reads see a domain starting up.
            dom.Live = live;
            dom.Handle = guest;
            dom.SetActive(id, StateWithReason.Of(PausedReason.StartingUp));
            var supervisor = new GuestSupervisor(ctx, guest);
            guest.Supervisor = supervisor;
            supervisor.Start();
            await guest.SaveStatusAsync(ctx.Store, ct).ConfigureAwait(false);

            var started = fromSnapshot ? StartedDetail.FromSnapshot : StartedDetail.Booted;
            if (incoming is not null)
            {
                // libvirtd 9.0's order and words: STARTED/RESTORED, then SUSPENDED/RESTORED with the state
                // "paused (migrating)", or RESUMED/FROM_SNAPSHOT once the guest runs as "running (restored)".
                if (flags.HasFlag(CreateFlags.StartPaused))
                    state.Set(StateWithReason.Of(PausedReason.Migration), new EmitLifecycle(LifecycleEventType.Started, (int)StartedDetail.Restored),
                        new EmitLifecycle(LifecycleEventType.Suspended, (int)SuspendedDetail.Restored));
                else
                {
                    state.Publish(new EmitLifecycle(LifecycleEventType.Started, (int)StartedDetail.Restored));
                    state.ExpectRunning(RunningReason.Restored);
                    await monitor.ExecuteAsync(QmpCommands.Cont(), ct).ConfigureAwait(false);
                    state.EnsureRunning(RunningReason.Restored);
                }
            }
            else if (flags.HasFlag(CreateFlags.StartPaused))
            {
                state.Set(StateWithReason.Of(fromSnapshot ? PausedReason.FromSnapshot : PausedReason.User), new EmitLifecycle(LifecycleEventType.Started, (int)started),
                    new EmitLifecycle(LifecycleEventType.Suspended, (int)(fromSnapshot ? SuspendedDetail.FromSnapshot : SuspendedDetail.Paused)));
            }
            else
            {
                var reason = fromSnapshot ? RunningReason.FromSnapshot : RunningReason.Booted;
                state.ExpectRunning(reason);
                await monitor.ExecuteAsync(QmpCommands.Cont(), ct).ConfigureAwait(false);
                state.EnsureRunning(reason);
                state.Publish(new EmitLifecycle(LifecycleEventType.Started, (int)started));
            }
            await guest.SaveStatusAsync(ctx.Store, ct).ConfigureAwait(false);
            ctx.Log.LogInformation("Domain {Name}: started as id {Id}, QEMU pid {Pid}", def.Name, id, process.Pid);
            return guest;
        }
        catch (Exception e) when (e is not OperationCanceledException || process is not null)
        {
            var qemuSaid = await AbortAsync(dom, guest, process, paths, log, logStart).ConfigureAwait(false);
            throw StartFailure(def.Name, e, qemuSaid);
        }
    }

    /// <summary>Undoes a failed start: kill QEMU, close connections, remove status and sockets, leave the domain as it was.</summary>
    private async Task<string> AbortAsync(DomainObject dom, GuestProcess? guest, WatchedProcess? process, QemuRuntimePaths paths, string log, long logStart)
    {
        if (process is not null)
        {
            if (!process.HasExited) await process.KillAsync(CancellationToken.None).ConfigureAwait(false);
            else await process.Exited.ConfigureAwait(false);
        }
        if (guest is not null)
        {
            guest.StatusRemoved = true;
            if (guest.Monitor is not null) await IgnoreErrorsAsync(guest.Monitor.DisposeAsync).ConfigureAwait(false);
            foreach (var c in guest.Consoles) await IgnoreErrorsAsync(c.Capture.DisposeAsync).ConfigureAwait(false);
        }
        process?.Dispose();
        if (guest is not null) await ctx.Hooks.EndedAsync(guest.Live.Name, guest.Id).ConfigureAwait(false);
        if (ReferenceEquals(dom.Handle, guest) || dom.Handle is null)
        {
            dom.Handle = null;
            if (dom.IsActive || dom.State.State == DomainState.Paused) dom.SetInactive(StateWithReason.Of(ShutoffReason.Failed));
            if (dom.IsPersistent) dom.Live = null;
        }
        try
        {
            ctx.Store.DeleteStatus(dom.Name);
            if (Directory.Exists(paths.Directory)) Directory.Delete(paths.Directory, recursive: true);
        }
        catch (IOException e)
        {
            ctx.Log.LogWarning("Domain {Name}: cleaning up after a failed start: {Error}", dom.Name, e.Message);
        }
        return ReadLogTail(log, logStart);
    }

    /// <param name="keepLogs">A restored guest carries on: its console log continues.</param>
    private async Task<IReadOnlyList<GuestConsoleEntry>> AttachConsolesAsync(DomainDef def, QemuCommandLine cmd, WatchedProcess process, bool keepLogs, CancellationToken ct)
    {
        var result = new List<GuestConsoleEntry>();
        foreach (var serial in cmd.CharDevices.Where(c => c.Kind == QemuCharDeviceKind.Serial && c.EngineIsClient && c.SocketPath is not null))
        {
            var logPath = serial.LogFile ?? (serial.Index == 0 ? ctx.Paths.ConsoleLog(def.Name) : Path.ChangeExtension(ctx.Paths.ConsoleLog(def.Name), $"serial{serial.Index}.log"));
            if (!serial.LogAppend && !keepLogs && File.Exists(logPath)) File.Delete(logPath); // a new power-on starts a new log (libvirt's append='off')
            var capture = await ctx.Io.AttachConsoleAsync(serial.SocketPath!, logPath, ctx.Options.ConsoleHistoryBytes, process.Exited, ct).ConfigureAwait(false);
            result.Add(new GuestConsoleEntry($"serial{serial.Index}", serial.SocketPath!, logPath, capture));
        }
        return result;
    }

    private static QemuHostFacts HostFactsFor(KvmStatus kvm) => new()
    {
        KvmUsable = kvm.Usable,
        KvmReason = kvm.Reason,
        VhostNetAvailable = HostFacts.VhostNetAvailable(),
        NumaNodes = NumaTopology.Read().Select(n => n.Id).ToList(),
    };

    /// <summary>The same environment domxml-to-native prints (<see cref="QemuProcessEnvironment"/>).</summary>
    private static Dictionary<string, string> Environment(QemuCommandLine cmd) =>
        QemuProcessEnvironment.For(cmd).ToDictionary(StringComparer.Ordinal);

    /// <summary>Appends the command line to QEMU's log, as libvirt does; returns where QEMU's own output will start.</summary>
    private static long WriteLogHeader(string log, QemuCommandLine cmd)
    {
        var line = new StringBuilder();
        line.Append(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture)).Append(": starting up\n");
        line.Append(cmd.Emulator);
        foreach (var a in cmd.Arguments) line.Append(' ').Append(a.Contains(' ') ? $"'{a}'" : a);
        line.Append('\n');
        using var f = new FileStream(log, FileMode.Append, FileAccess.Write);
        f.Write(Encoding.UTF8.GetBytes(line.ToString()));
        return f.Position;
    }

    private static string ReadLogTail(string log, long from)
    {
        try
        {
            using var f = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            f.Seek(Math.Max(from, f.Length - 4096), SeekOrigin.Begin);
            using var r = new StreamReader(f);
            return r.ReadToEnd().Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static VirException StartFailure(string name, Exception e, string qemuSaid)
    {
        if (e is VirException vir && qemuSaid.Length == 0) return vir;
        // A monitor command QEMU refused (such as an <iotune> it cannot take) in libvirt's words, when QEMU said nothing more.
        if (e is QmpException refused && qemuSaid.Length == 0)
            return refused.AsLibvirtError();
        var cause = e switch
        {
            VirException v => v.Detail,
            QmpException q => $"QEMU refused '{q.Command}': {q.Description}",
            TimeoutException => $"QEMU did not answer on its monitor in time ({e.Message})",
            _ => e.Message,
        };
        var tail = qemuSaid.Length == 0 ? "" : $" QEMU said: {qemuSaid.Replace('\n', ' ')}";
        return new VirException(e is VirException ve ? ve.Code : VirErrorCode.InternalError, VirErrorDomain.Qemu,
            $"domain '{name}' failed to start: {cause.TrimEnd('.')}.{tail}");
    }

    private static async Task IgnoreErrorsAsync(Func<ValueTask> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }
}
