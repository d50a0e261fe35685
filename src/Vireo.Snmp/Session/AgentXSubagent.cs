using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vireo.Snmp.AgentX;
using Vireo.Snmp.Hosting;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Set;

namespace Vireo.Snmp.Session;

/// <summary>
/// The subagent's life: connect, Open, Register the guest table, then serve, Ping and send
/// notifications until the session breaks; then reconnect with capped exponential back-off, forever,
/// without blocking anything else. On shutdown it sends Close (reason shutdown).
/// </summary>
public sealed class AgentXSubagent
{
    /// <summary>Our o.id: the LIBVIRT-MIB module identity, which is what we implement.</summary>
    public static readonly Oid AgentId = LibvirtMib.Root;

    private readonly SnmpOptions _options;
    private readonly GuestTableSource _source;
    private readonly ILogger _log;
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private int _sessions;

    public AgentXSubagent(SnmpOptions options, GuestTableSource source, ILogger log)
    {
        _options = options;
        _source = source;
        _log = log;
    }

    /// <summary>How many sessions have been opened and registered so far (1 after the first, 2 after a reconnect, ...).</summary>
    public int SessionsEstablished => Volatile.Read(ref _sessions);

    /// <summary>sysUpTime in our Responses: hundredths of a second since start (the master does not use it).</summary>
    private uint SysUpTime() => (uint)(_uptime.ElapsedMilliseconds / 10);

    public async Task RunAsync(CancellationToken ct)
    {
        var delay = _options.ReconnectInitialDelay;
        int failures = 0;
        while (!ct.IsCancellationRequested)
        {
            bool registered = false;
            try
            {
                registered = await RunOneSessionAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Say it loudly once per outage; while snmpd stays away, repeat it only now and then.
                failures++;
                var level = failures == 1 || failures % 20 == 0 ? LogLevel.Warning : LogLevel.Debug;
                _log.Log(level, "AgentX session with {Endpoint} failed: {Message} Retrying in {Delay:0.#} s (attempt {Attempt}).",
                    _options.Endpoint, e.Message, delay.TotalSeconds, failures);
            }
            if (ct.IsCancellationRequested) break;
            if (registered)
            {
                delay = _options.ReconnectInitialDelay;
                failures = 0;
            }
            try
            {
                // Back-off between attempts, not a readiness wait: the master may be down for long.
                await Task.Delay(Jitter(delay), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { break; }
            if (!registered) delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }
    }

    private static TimeSpan Jitter(TimeSpan d) => d * (0.8 + 0.4 * Random.Shared.NextDouble());

    /// <returns>True when the session got as far as registering (so the next back-off starts small).</returns>
    private async Task<bool> RunOneSessionAsync(CancellationToken ct)
    {
        var conn = await AgentXConnection.ConnectAsync(_options.Endpoint, ct).ConfigureAwait(false);
        var sets = new SetTransactions(() => _source.Current, _source.LifecycleOf, _options.AllowSet, _options.SetCommitWait,
            _source.RequestRefresh, _log);
        var handler = new RequestHandler(() => _source.Current, sets, SysUpTime);
        await using var session = new AgentXSession(conn, handler, SysUpTime, _options.RequestTimeout, _log);
        using var sessionCts = new CancellationTokenSource();
        var reader = session.RunAsync(sessionCts.Token);
        try
        {
            try
            {
                await session.OpenAsync(_options.OpenTimeoutSeconds, AgentId, _options.Description, ct).ConfigureAwait(false);
                await session.RegisterAsync(LibvirtMib.GuestTable, _options.Priority, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested && session.SessionId != 0)
            {
                // Stopped between Open and the end of Register: the master has a session for us; end it properly.
                using var closeCts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await session.CloseAsync(CloseReason.Shutdown, closeCts.Token).ConfigureAwait(false);
                throw;
            }
            Interlocked.Increment(ref _sessions);
            _log.LogInformation("AgentX subagent registered {Subtree} with the master at {Endpoint} (session {Session}).",
                LibvirtMib.GuestTable, _options.Endpoint, session.SessionId);

            var stop = Task.Delay(Timeout.Infinite, ct);
            var pinger = PingLoopAsync(session, sessionCts.Token);
            var notifier = NotifyLoopAsync(session, sessionCts.Token);
            var first = await Task.WhenAny(reader, pinger, notifier, stop).ConfigureAwait(false);
            bool shuttingDown = first == stop || ct.IsCancellationRequested;
            if (shuttingDown && !reader.IsCompleted)
            {
                using var closeCts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await session.CloseAsync(CloseReason.Shutdown, closeCts.Token).ConfigureAwait(false);
                _log.LogInformation("AgentX session {Session} closed.", session.SessionId);
            }
            await sessionCts.CancelAsync().ConfigureAwait(false);
            await Quietly(pinger).ConfigureAwait(false);
            await Quietly(notifier).ConfigureAwait(false);
            await Quietly(reader).ConfigureAwait(false);
            if (!shuttingDown)
            {
                try
                {
                    await first.ConfigureAwait(false);
                    _log.LogInformation("AgentX session {Session} ended; reconnecting.", session.SessionId);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    _log.LogWarning("AgentX session {Session} broke: {Message} Reconnecting.", session.SessionId, e.Message);
                }
            }
            return true;
        }
        finally
        {
            await sessionCts.CancelAsync().ConfigureAwait(false);
            await Quietly(reader).ConfigureAwait(false);
        }
    }

    private static async Task Quietly(Task t)
    {
        try { await t.ConfigureAwait(false); }
        catch { /* the task's failure has been, or will be, reported through the one that ended first */ }
    }

    private async Task PingLoopAsync(AgentXSession session, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.PingInterval);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            await session.PingAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends queued notifications one by one. An item leaves the queue only once the master has answered
    /// it, so a notification raised while snmpd restarts is delivered by the next session.
    /// </summary>
    private async Task NotifyLoopAsync(AgentXSession session, CancellationToken ct)
    {
        var queue = _source.Notifications;
        while (await queue.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            if (!queue.TryPeek(out var n)) continue;
            var r = await session.NotifyAsync(n.ToVarBinds(), ct).ConfigureAwait(false);
            if (r.Error != AgentXError.NoError)
                _log.LogWarning("The AgentX master refused the notification for guest '{Name}': {Error}.", n.Name, r.Error);
            queue.TryRead(out _);
        }
        // The source has stopped (daemon shutdown): nothing more to send, but the session itself lives on.
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
    }
}
