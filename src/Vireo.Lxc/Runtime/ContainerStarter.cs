using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Lxc.Plan;
using Vireo.Lxc.Validation;
using Vireo.Platform.Files;
using Vireo.Platform.Processes;

namespace Vireo.Lxc.Runtime;

/// <summary>
/// Brings one container up: host checks, cgroup with limits, veth pairs, plan, helper; then records
/// the status file. Any failure undoes what was done (helper and init killed, veths and cgroup
/// removed), so a failed start leaves nothing behind.
/// </summary>
internal sealed class ContainerStarter
{
    private readonly LxcDriverOptions _options;
    private readonly HostChecks _checks;
    private readonly ILogger _logger;

    public ContainerStarter(LxcDriverOptions options, HostChecks checks, ILogger logger)
    {
        _options = options;
        _checks = checks;
        _logger = logger;
    }

    public async Task<(RunningContainer Container, DomainDef Live)> StartAsync(DomainDef def, bool transient, CancellationToken ct)
    {
        ContainerValidator.Validate(def);
        _checks.CheckSharedRootInit(def);
        _checks.CheckSources(def);
        if (!File.Exists(_options.HelperPath))
            throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Lxc, $"the container helper '{_options.HelperPath}' is missing (build native/vireo-lxc)");

        var clock = Stopwatch.StartNew();
        var paths = ContainerPaths.For(_options.Layout, def.Name);
        PrepareRunDir(paths);
        // The helper starts first and waits for its plan: its exec overlaps the cgroup and plan work.
        using var launcher = await HelperLauncher.SpawnAsync(_options.HelperPath, paths, _options.NetworkNamespace, ct).ConfigureAwait(false);
        var spawned = clock.Elapsed;
        ContainerCgroup? cgroup = null;
        IReadOnlyList<ContainerNetwork.Veth> veths = [];
        WatchedProcess helper = launcher.Helper;
        WatchedProcess? init = null;
        try
        {
            cgroup = CreateCgroup(def);
            var cgroupCreated = clock.Elapsed;
            CgroupLimits.Apply(def, cgroup);
            var limited = clock.Elapsed;
            veths = await ContainerNetwork.CreateAsync(def, _options.NetworkNamespace, _options.NetworkBridge, ct).ConfigureAwait(false);
            var plan = ContainerPlanBuilder.Build(def, new PlanInputs
            {
                CgroupProcsFiles = cgroup.ProcsFiles,
                CgroupViews = CgroupViews.For(cgroup.Layout, cgroup.JoinedControllers),
                Interfaces = ContainerNetwork.PlanInterfaces(veths),
            });
            await File.WriteAllTextAsync(paths.PlanFile, PlanFormat.Format(plan), ct).ConfigureAwait(false);
            var prepared = clock.Elapsed;

            var report = await launcher.RunAsync(_options.StartTimeout, ct).ConfigureAwait(false);
            launcher.Dispose();
            if (!report.Ok)
                throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Lxc, report.Error!);
            var launched = clock.Elapsed;
            var helperId = helper.Identity;
            var initId = ProcessIdentity.Of(report.InitPid);
            init = initId is { } i ? WatchedProcess.TryAdopt(i) : null;

            var live = LiveDefinition(def, report.ConsolePty);
            var status = new ContainerStatus
            {
                Helper = helperId,
                Init = initId ?? new ProcessIdentity(report.InitPid, 0),
                CgroupPath = cgroup.RelativePath,
                HostInterfaces = veths.Select(v => v.Host).ToList(),
                ConsolePty = report.ConsolePty,
                LiveXml = DomainXml.Format(live),
                Transient = transient,
            };
            await RunFile.WriteAsync(paths.StatusFile, status.Format(), ct).ConfigureAwait(false);
            _logger.LogDebug("Started container {Name} (init {Pid}) in {Total:F1} ms: helper spawned {Spawned:F1}, then cgroup {Cgroup:F1}, limits {Limits:F1}, " +
                "network and plan {Plan:F1}, helper to init {Helper:F1}, status {Status:F1}",
                def.Name, report.InitPid, clock.Elapsed.TotalMilliseconds, spawned.TotalMilliseconds, (cgroupCreated - spawned).TotalMilliseconds,
                (limited - cgroupCreated).TotalMilliseconds, (prepared - limited).TotalMilliseconds,
                (launched - prepared).TotalMilliseconds, (clock.Elapsed - launched).TotalMilliseconds);
            return (new RunningContainer { Paths = paths, Cgroup = cgroup, Status = status, Helper = helper, Init = init }, live);
        }
        catch
        {
            launcher.Dispose(); // a helper still waiting for its plan sees the socket close and ends
            await UndoAsync(cgroup, veths, helper, init).ConfigureAwait(false);
            // The run directory keeps only the logs; the helper's says why the start failed.
            foreach (var f in paths.RunFiles)
                TryDelete(f);
            throw;
        }
    }

    private ContainerCgroup CreateCgroup(DomainDef def)
    {
        var path = ContainerCgroup.RelativePathFor(def);
        ContainerCgroup cgroup;
        try
        {
            cgroup = ContainerCgroup.Create(path, _options.CgroupLayout);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or ArgumentException)
        {
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Lxc, $"cannot create the cgroup '{path}' of container '{def.Name}': {e.Message}", e);
        }
        if (cgroup.Controller.Members().Count > 0)
            throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Lxc,
                $"the cgroup '{path}' of container '{def.Name}' still has processes from an earlier run; stop them first");
        return cgroup;
    }

    /// <summary>Kills what was started and removes what was created, in the order that lets each step work.</summary>
    private async Task UndoAsync(ContainerCgroup? cgroup, IReadOnlyList<ContainerNetwork.Veth> veths, WatchedProcess? helper, WatchedProcess? init)
    {
        init?.Signal(Platform.Processes.Signals.SIGKILL);
        if (helper is not null)
            await helper.Exited.WaitAsync(_options.StartTimeout).ConfigureAwait(false);
        helper?.Dispose();
        init?.Dispose();
        await ContainerNetwork.RemoveAsync(veths.Select(v => v.Host), _options.NetworkNamespace).ConfigureAwait(false);
        if (cgroup is null) return; // not created, or one this start must not touch (it still had processes)
        try
        {
            await cgroup.RemoveAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Reported by the caller's error already; a leftover group is removed by the next start's cleanup.
        }
    }

    /// <summary>A fresh run directory: stale sockets, plans and exit files of an earlier run must not be mistaken for this one.</summary>
    private static void PrepareRunDir(ContainerPaths paths)
    {
        DirectoryLayout.Ensure(paths.RunDir);
        foreach (var f in new[] { paths.PlanFile, paths.ExitFile, paths.ConsoleSocket, paths.StatusFile })
            TryDelete(f);
    }

    /// <summary>The definition as the running container has it: the console's pty, and MACs for every interface.</summary>
    private static DomainDef LiveDefinition(DomainDef def, string? pty)
    {
        var consoles = def.Devices.Consoles.Count > 0 ? def.Devices.Consoles : [new ConsoleDef { Type = CharType.Pty }];
        consoles = consoles.Select(c => c with
        {
            Tty = pty,
            Source = pty is null ? c.Source : new CharSourceDef { Path = pty },
            TargetType = c.TargetType ?? ConsoleTargetType.Lxc,
            TargetPort = c.TargetPort ?? 0,
            Alias = c.Alias ?? "console0",
        }).ToList();
        return def with { Devices = def.Devices with { Consoles = consoles } };
    }

    internal static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
    }
}
