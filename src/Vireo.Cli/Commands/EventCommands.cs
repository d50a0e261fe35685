using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Errors;
using System.Runtime.InteropServices;

namespace Vireo.Cli.Commands;

/// <summary>`event`: print domain events as they happen (virsh-domain-event.c).</summary>
public sealed class EventCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Events";
        var domain = new NamedArg("domain", "filter by domain name, id or uuid", required: false);
        var eventName = Opt.Text("--event", "which event type to wait for");
        var all = Opt.Flag("--all", "wait for all events instead of just one type");
        var loop = Opt.Flag("--loop", "loop until timeout or interrupt, rather than one-shot");
        var timeout = Opt.Int("--timeout", "timeout seconds");
        var list = Opt.Flag("--list", "list valid event types");
        var timestamp = Opt.Flag("--timestamp", "show timestamp for each printed event");

        set.Add("event", "Domain Events", async ctx =>
        {
            if (ctx.Has(list))
            {
                ctx.Out.Write(string.Concat(EventFormat.Names.Select(n => n + "\n")));
                return;
            }
            var name = ctx.Get(eventName);
            if (name is null && !ctx.Has(all)) throw new CliError("one of --list, --all, or --event <type> is required");
            if (name is not null && ctx.Has(all)) throw new CliError("Options --event and --all are mutually exclusive");
            int[] ids;
            if (name is null) ids = Enumerable.Range(0, EventFormat.Names.Length).ToArray();
            else if (Array.IndexOf(EventFormat.Names, name) is var id and >= 0) ids = [id];
            else throw new CliError($"unknown event type {name}");
            if (ctx.Int(timeout) is < 1) throw new CliError($"Numeric value '{ctx.Get(timeout)}' for <timeout> option is malformed or out of range");

            var conn = await ctx.ConnectAsync();
            VirDomain? dom = ctx.Optional(domain) is not null ? await ctx.DomainAsync(domain) : null;
            var count = await WatchAsync(ctx, conn, ids, dom, ctx.Has(loop), ctx.Int(timeout), ctx.Has(timestamp));
            EventLoop.Finish(ctx, count); // virsh fails the command when no event arrived (timeout or interrupt before the first one)
        }, domain, eventName, all, loop, timeout, list, timestamp);
    }

    private static Task<int> WatchAsync(CommandContext ctx, VirConnection conn, int[] ids, VirDomain? dom, bool loop, int? timeout, bool timestamp) =>
        EventLoop.RunAsync(ctx, ct => conn.WatchEventsAsync(ids, dom, ct), EventFormat.Line, loop, timeout, timestamp);
}

/// <summary>virsh's event loop (virsh-domain-event.c and the net/pool/secret/nodedev copies): print each event, stop after the first unless looping, at the timeout, or at SIGINT/SIGTERM.</summary>
public static class EventLoop
{
    /// <summary>Runs the loop and returns how many events were printed.</summary>
    public static async Task<int> RunAsync<TEvent>(CommandContext ctx, Func<CancellationToken, IAsyncEnumerable<TEvent>> watch,
        Func<TEvent, DateTimeOffset?, string> format, bool loop, int? timeout, bool timestamp)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.Ct);
        var interrupted = false;
        void Interrupt(PosixSignalContext c)
        {
            c.Cancel = true;
            interrupted = true;
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        if (timeout is { } seconds) stop.CancelAfter(TimeSpan.FromSeconds(seconds));

        var count = 0;
        try
        {
            await foreach (var e in watch(stop.Token))
            {
                ctx.Out.Write(format(e, timestamp ? DateTimeOffset.UtcNow : null));
                count++;
                if (!loop) return count;
            }
            throw new CliError("the connection to the daemon closed while waiting for events");
        }
        catch (OperationCanceledException)
        {
            // The caller cancelling (vireo run in-process) ends the loop as SIGINT does.
            var byCaller = ctx.Ct.IsCancellationRequested;
            ctx.Out.Write(interrupted || byCaller ? "event loop interrupted\n" : "event loop timed out\n");
            return count;
        }
        catch (VirException e)
        {
            throw new CliError(e.Message);
        }
    }

    /// <summary>Ends the command as virsh does: the count, and a failure (with nothing more said) when no event came.</summary>
    public static void Finish(CommandContext ctx, int count)
    {
        ctx.Out.Write(Text.Inv($"events received: {count}\n"));
        if (count == 0) throw new CommandFailedQuietly();
    }
}

/// <summary>A command that failed after printing all it had to say (exit status 1, no "error:" line).</summary>
public sealed class CommandFailedQuietly() : Exception("the command failed");
