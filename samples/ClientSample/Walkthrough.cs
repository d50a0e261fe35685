using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Hosting;

namespace ClientSample;

/// <summary>
/// The walk-through of docs/client-library.md. Each region between "snippet" markers appears in the doc
/// verbatim (Vireo.Client.Tests checks), so the doc's code is code that compiles and has run.
/// </summary>
public static class Walkthrough
{
    /// <summary>The command typed at the guest's shell, and the line it answers with.</summary>
    public const string Command = "echo $((6*7))";
    public const string Answer = "42";

    /// <summary>How long a guest may take to print the marker (TCG boots take tens of seconds on a busy host).</summary>
    public static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Runs the walk-through on the host a URI names (a daemon's socket, or qemu:///embed?root=DIR in this process).</summary>
    public static async Task RunAsync(string uri, string xmlFile, string marker, TextWriter output, CancellationToken ct)
    {
        if (!VirUri.Parse(uri).IsEmbedded)
        {
            // <snippet:connect>
            await using var conn = await VirConnection.OpenAsync(uri, ct: ct);
            // </snippet>
            await RunAsync(conn, xmlFile, marker, output, ct);
        }
        else
        {
            // <snippet:connect-embedded>
            // qemu:///embed?root=DIR: the QEMU driver and the RPC server run in this process, on DIR.
            await using var engine = await EmbeddedEngine.StartAsync(DriverKind.Qemu, VirUri.Parse(uri).EmbedRoot, uri,
                NullLoggerFactory.Instance, options: null, ct);
            await using var conn = await VirConnection.OpenAsync(engine.Connect(readOnly: false), uri,
                new VirConnectionOptions { KeepaliveInterval = TimeSpan.Zero }, ct); // no pings in-process
            // </snippet>
            await RunAsync(conn, xmlFile, marker, output, ct);
        }
    }

    /// <summary>The walk-through on an open connection.</summary>
    public static async Task RunAsync(VirConnection conn, string xmlFile, string marker, TextWriter output, CancellationToken ct)
    {
        // <snippet:host>
        var lib = await conn.GetLibVersionAsync(ct);
        output.WriteLine($"connected to {conn.Uri}: {await conn.GetTypeAsync(ct)}, libvirt {lib / 1_000_000}.{lib / 1_000 % 1_000}.{lib % 1_000}");
        // </snippet>

        // <snippet:list>
        foreach (var d in await conn.ListAllDomainsAsync(ct: ct))
        {
            var s = await d.GetStateAsync(ct);
            output.WriteLine($"domain {d.Name}: {StateNames.Of(s.State)} ({StateNames.ReasonOf(s.State, s.Reason)})");
        }
        // </snippet>

        // <snippet:define>
        var domain = await conn.DefineDomainAsync(await File.ReadAllTextAsync(xmlFile, ct), ct: ct);
        output.WriteLine($"defined {domain.Name} {domain.Uuid}");
        // </snippet>
        try
        {
            await RunGuestAsync(conn, domain, marker, output, ct);
        }
        catch
        {
            await CleanUpAsync(domain);
            throw;
        }

        // <snippet:not-found>
        try
        {
            await conn.LookupDomainAsync(domain.Name, ct);
        }
        catch (VirException e) when (e.Code == VirErrorCode.NoDomain)
        {
            output.WriteLine($"lookup {domain.Name}: {e.Message} (code {e.Code}, from {e.ErrorDomain})");
        }
        // </snippet>
    }

    private static async Task RunGuestAsync(VirConnection conn, VirDomain domain, string marker, TextWriter output, CancellationToken ct)
    {
        // <snippet:start>
        // Subscribe before starting, so that the Started event cannot be missed. 0 = lifecycle events.
        await using var events = await conn.SubscribeEventsAsync([0], domain, ct);
        var running = await domain.StartAsync(ct: ct);
        output.WriteLine($"started {running.Name}, id {running.Id}");
        var started = await WaitForAsync(events, LifecycleEventType.Started, ct);
        output.WriteLine($"event: {started.Type} ({(StartedDetail)started.Detail})");
        var state = await domain.GetStateAsync(ct);
        output.WriteLine($"state: {StateNames.Of(state.State)} ({StateNames.ReasonOf(state.State, state.Reason)})");
        // </snippet>

        // <snippet:console>
        await using (var console = await OpenConsoleAsync(running, ct))
        {
            using var boot = CancellationTokenSource.CreateLinkedTokenSource(ct);
            boot.CancelAfter(BootTimeout);
            var lines = new ConsoleLines(console);
            output.WriteLine($"console: {await lines.ReadUntilAsync(l => l.Contains(marker, StringComparison.Ordinal), boot.Token)}");

            await console.WriteAsync(Encoding.UTF8.GetBytes(Command + "\n"), ct);
            output.WriteLine($"console: {Command} -> {await lines.ReadUntilAsync(l => l == Answer, boot.Token)}");
            await console.FinishAsync(ct); // detach (what Dispose does too; virsh does this on Ctrl-])
            output.WriteLine("console: detached");
        }
        // </snippet>

        // <snippet:destroy>
        await running.DestroyAsync(ct: ct);
        var stopped = await WaitForAsync(events, LifecycleEventType.Stopped, ct);
        output.WriteLine($"event: {stopped.Type} ({(StoppedDetail)stopped.Detail})");
        await domain.UndefineAsync(ct: ct);
        output.WriteLine($"undefined {domain.Name}");
        // </snippet>
    }

    // <snippet:wait-for-event>
    /// <summary>The next lifecycle event of the given type (others are skipped).</summary>
    private static async Task<LifecycleEvent> WaitForAsync(VirEventSubscription events, LifecycleEventType type, CancellationToken ct)
    {
        await foreach (var e in events.Events.ReadAllAsync(ct))
            if (e is LifecycleEvent l && l.Type == type) return l;
        throw new IOException("the connection closed before the event arrived");
    }
    // </snippet>

    // <snippet:open-console>
    /// <summary>
    /// Attaches to the first console. vireod can first replay what the guest printed before we attached
    /// (a Vireo extension); libvirtd refuses that flag as an invalid argument, so ask again without it.
    /// </summary>
    private static async Task<VirConsoleStream> OpenConsoleAsync(VirDomain domain, CancellationToken ct)
    {
        try
        {
            return await domain.OpenConsoleAsync(null, ConsoleFlags.ReplayHistory, ct);
        }
        catch (VirException e) when (e.Code == VirErrorCode.InvalidArg)
        {
            return await domain.OpenConsoleAsync(null, ConsoleFlags.None, ct);
        }
    }
    // </snippet>

    /// <summary>After a failure or cancellation: leaves no guest behind (each step may already be done).</summary>
    private static async Task CleanUpAsync(VirDomain domain)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await domain.DestroyAsync(ct: timeout.Token); }
        catch (Exception e) when (e is VirException or IOException or OperationCanceledException) { }
        try { await domain.UndefineAsync(ct: timeout.Token); }
        catch (Exception e) when (e is VirException or IOException or OperationCanceledException) { }
    }
}
