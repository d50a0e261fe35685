using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.Agent;
using Vireo.Qemu.Driver.Features.Debug;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Monitor;

/// <summary>
/// libvirt-qemu on the QEMU driver, as qemuDomainQemuMonitorCommandWithFiles, qemuDomainQemuAgentCommand and
/// the QEMU monitor events do it: a raw monitor command holds the domain's job (it may change anything),
/// a raw agent command does not (it only waits on the agent), and every QMP event of every guest goes to
/// the subscribers, the ones the engine itself acts on included.
/// </summary>
internal sealed class QemuMonitorFeature(DriverContext ctx) : IDomainQemuMonitor, IGuestRunHook
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainQemuMonitor>(c =>
    {
        var feature = new QemuMonitorFeature(c);
        c.Hooks.Add(feature);
        return feature;
    });

    private const string MonitorTaint = "custom-monitor", AgentTaint = "custom-ga-command";
    private Action<QemuMonitorEvent>[] _subscribers = [];

    public async ValueTask<string> MonitorCommandAsync(Guid uuid, string command, uint flags, string function, CancellationToken ct)
    {
        VirErrors.CheckFlags(flags, MonitorCommandHmp, function);
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await MonitorAccess.JobAsync(ctx, dom, "qemu-monitor-command", ct).ConfigureAwait(false);
        var (guest, monitor) = MonitorAccess.Running(dom);
        Taint(dom, guest, MonitorTaint);
        try
        {
            if ((flags & MonitorCommandHmp) != 0)
                return (string?)await monitor.ExecuteAsync(new QmpCommand("human-monitor-command", new JsonObject { ["command-line"] = command }), ct).ConfigureAwait(false) ?? "";
            if (MonitorPassThrough.QmpCommandOf(command) is not { } qmp) return MonitorPassThrough.NotAnObjectReply;
            return (await monitor.ExecuteRawAsync(qmp, ct).ConfigureAwait(false)).ToJson();
        }
        catch (QmpException e)
        {
            throw e.AsLibvirtError();
        }
        catch (QmpClosedException)
        {
            throw VirErrors.Failed($"cannot run a monitor command on domain '{dom.Name}': QEMU exited before it answered");
        }
    }

    public async ValueTask<string> AgentCommandAsync(Guid uuid, string command, int timeoutSeconds, uint flags, CancellationToken ct)
    {
        VirErrors.CheckFlags(flags, 0, "qemuDomainQemuAgentCommand");
        var dom = ctx.Registry.GetByUuid(uuid);
        var guest = dom.Handle as GuestProcess ?? throw VirErrors.NotRunning(dom.Name);
        if (GuestAgent.SocketPath(guest.Live, guest.Paths) is null)
            throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Qemu, "QEMU guest agent is not configured");
        Taint(dom, guest, AgentTaint);
        if (timeoutSeconds < AgentTimeouts.Block)
            throw VirErrors.InvalidArg($"guest agent timeout '{timeoutSeconds}' is less than the minimum '{AgentTimeouts.Block}'", VirErrorDomain.Qemu);
        var (json, name) = MonitorPassThrough.AgentCommandOf(command);
        // libvirt synchronises with the agent within the same timeout first; with none (0) nothing can answer in time,
        // so the command is never sent.
        if (timeoutSeconds == AgentTimeouts.NoWait)
            throw new VirException(VirErrorCode.AgentUnresponsive, VirErrorDomain.Qemu, "Guest agent not available for now");
        var timeout = GuestAgent.TimeoutOf(timeoutSeconds == AgentTimeouts.Default ? guest.State.Domain.AgentTimeout : timeoutSeconds);
        await using var agent = await GuestAgent.ConnectAsync(guest, dom.Name, timeout, ct).ConfigureAwait(false);
        try
        {
            return MonitorPassThrough.ToText(await agent.ExecuteRawAsync(json, name, ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is OperationCanceledException && !ct.IsCancellationRequested || e is IOException)
        {
            throw new VirException(VirErrorCode.AgentUnresponsive, VirErrorDomain.Qemu,
                $"the guest agent of domain '{dom.Name}' did not answer '{name}' within {timeout.TotalSeconds:0} s");
        }
    }

    public IDisposable SubscribeMonitorEvents(Action<QemuMonitorEvent> handler)
    {
        ImmutableSwap(list => [.. list, handler]);
        return new Unsubscriber(() => ImmutableSwap(list => [.. list.Where(h => h != handler)]));
    }

    private void ImmutableSwap(Func<Action<QemuMonitorEvent>[], Action<QemuMonitorEvent>[]> change)
    {
        while (true)
        {
            var before = Volatile.Read(ref _subscribers);
            if (Interlocked.CompareExchange(ref _subscribers, change(before), before) == before) return;
        }
    }

    public Task StartingAsync(DomainObject dom, GuestProcess guest, CancellationToken ct) => Follow(guest);

    public Task ReconnectedAsync(DomainObject dom, GuestProcess guest, CancellationToken ct) => Follow(guest);

    public Task EndedAsync(string name, int id) => Task.CompletedTask;

    private Task Follow(GuestProcess guest)
    {
        guest.QmpEventReceived += e =>
        {
            var subscribers = Volatile.Read(ref _subscribers);
            if (subscribers.Length == 0) return;
            var (seconds, micros) = MonitorPassThrough.TimestampOf(e.Timestamp);
            var evt = new QemuMonitorEvent(guest.State.Domain.Ref, e.Name, seconds, micros, MonitorPassThrough.DetailsOf(e));
            foreach (var s in subscribers) s(evt);
        };
        return Task.CompletedTask;
    }

    /// <summary>libvirt marks the domain once per run and logs it; the mark is kept in the status file.</summary>
    private void Taint(DomainObject dom, GuestProcess guest, string reason)
    {
        if (guest.FeatureRuntime.TryAdd("taint." + reason, "1"))
            ctx.Log.LogWarning("Domain id={Id} name='{Name}' uuid={Uuid} is tainted: {Reason}", guest.Id, dom.Name, dom.Uuid, reason);
    }

    private const uint MonitorCommandHmp = 1;

    private sealed class Unsubscriber(Action undo) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) undo();
        }
    }
}
