using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Rpc.Protocol;

namespace Vireo.Cli.Commands;

/// <summary>
/// libvirt-qemu's commands (virsh-domain.c): qemu-monitor-command, qemu-agent-command and qemu-monitor-event,
/// through libvirt's QEMU program. The formatting options (--pretty, --return-value) are the client's, as in virsh.
/// </summary>
public sealed class QemuCommands : ICommandGroup
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var hmp = Opt.Flag("--hmp", "command is in human monitor protocol");
        var pretty = Opt.Flag("--pretty", "pretty-print any qemu monitor protocol output");
        var returnValue = Opt.Flag("--return-value", "extract the value of the 'return' key from the returned string");
        var cmd = new Argument<string[]>("cmd") { Description = "command", Arity = ArgumentArity.OneOrMore };
        set.Add("qemu-monitor-command", "QEMU Monitor Command", async ctx =>
        {
            ctx.Exclusive(hmp, pretty);
            ctx.Exclusive(hmp, returnValue);
            var dom = await ctx.DomainAsync(domain);
            var words = ctx.Words(cmd);
            var text = ctx.Has(hmp) ? string.Join(' ', words) : QmpText(words);
            var result = await dom.QemuMonitorCommandAsync(text, ctx.Has(hmp), ctx.Ct);
            // virsh ends a reformatted reply with one newline (its blank line), the raw one with two.
            ctx.Out.Write(ctx.Has(pretty) || ctx.Has(returnValue) ? Format(result, ctx.Has(pretty), ctx.Has(returnValue)) : result + "\n");
        }, domain, hmp, pretty, returnValue, cmd);

        var agentDomain = new NamedArg("domain", "domain name, id or uuid");
        var timeout = Opt.Int("--timeout", "timeout seconds. must be positive.");
        var async = Opt.Flag("--async", "execute command without waiting for timeout");
        var block = Opt.Flag("--block", "execute command without timeout");
        var agentPretty = Opt.Flag("--pretty", "pretty-print the output");
        var agentCmd = new Argument<string[]>("cmd") { Description = "command", Arity = ArgumentArity.OneOrMore };
        set.Add("qemu-agent-command", "QEMU Guest Agent Command", async ctx =>
        {
            if (new[] { ctx.Get(timeout) is not null, ctx.Has(async), ctx.Has(block) }.Count(b => b) > 1)
                throw new CliError("timeout, async and block options are exclusive");
            if (ctx.Int(timeout) is < 1) throw new CliError("timeout must be positive");
            var seconds = ctx.Int(timeout) ?? (ctx.Has(async) ? 0 : ctx.Has(block) ? -2 : -1);
            var dom = await ctx.DomainAsync(agentDomain);
            var result = await dom.QemuAgentCommandAsync(string.Join(' ', ctx.Words(agentCmd)), seconds, ctx.Ct);
            ctx.Out.Write((ctx.Has(agentPretty) ? Format(result ?? "", true, false) + "\n" : result) + "\n");
        }, agentDomain, timeout, async, block, agentPretty, agentCmd);

        set.Group = "Domain Events";
        var eventDomain = Opt.Text("--domain", "filter by domain name, id or uuid");
        var eventName = Opt.Text("--event", "filter by event name");
        var eventPretty = Opt.Flag("--pretty", "pretty-print any JSON output");
        var loop = Opt.Flag("--loop", "loop until timeout or interrupt, rather than one-shot");
        var eventTimeout = Opt.Int("--timeout", "timeout seconds");
        var regex = Opt.Flag("--regex", "treat event as a regex rather than literal filter");
        var nocase = Opt.Flag("--no-case", "treat event case-insensitively");
        var timestamp = Opt.Flag("--timestamp", "show timestamp for each printed event");
        set.Add("qemu-monitor-event", "QEMU Monitor Events", async ctx =>
        {
            if (ctx.Int(eventTimeout) is < 1) throw new CliError($"Numeric value '{ctx.Get(eventTimeout)}' for <timeout> option is malformed or out of range");
            var conn = await ctx.ConnectAsync();
            VirDomain? dom = ctx.Get(eventDomain) is { } d ? await DomainLookup.FindAsync(conn, d, LookupBy.Any, ctx.Ct) : null;
            var flags = (ctx.Has(regex) ? QemuProtocol.EventRegex : 0) | (ctx.Has(nocase) ? QemuProtocol.EventNoCase : 0);
            var pretty = ctx.Has(eventPretty);
            var count = await EventLoop.RunAsync(ctx, ct => Watch(conn, dom, ctx.Get(eventName), flags, ct), (e, at) => Line(e, pretty, at),
                ctx.Has(loop), ctx.Int(eventTimeout), ctx.Has(timestamp));
            EventLoop.Finish(ctx, count);
        }, eventDomain, eventName, eventPretty, loop, eventTimeout, regex, nocase, timestamp);
    }

    /// <summary>
    /// virsh's reading of a QMP command: JSON as it is; otherwise the first word is the command and the further
    /// words are its arguments' members ('"name":"net0"' '"up":false'), joined into one object.
    /// </summary>
    internal static string QmpText(IReadOnlyList<string> words)
    {
        var joined = string.Join(' ', words);
        if (TryParse(joined) is JsonObject) return joined;
        var command = new JsonObject { ["execute"] = words[0] };
        if (words.Count > 1)
        {
            command["arguments"] = TryParse("{" + string.Join(',', words.Skip(1)) + "}") as JsonObject
                ?? throw new CliError($"failed to wrap arguments '{string.Join(' ', words.Skip(1))}' into a QMP command wrapper");
        }
        return command.ToJsonString(Compact);
    }

    /// <summary>The reply as it came, re-indented with --pretty, or its "return" member with --return-value.</summary>
    internal static string Format(string reply, bool pretty, bool returnValue)
    {
        if (!pretty && !returnValue) return reply;
        var node = TryParse(reply);
        if (returnValue)
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue("return", out node))
                throw new CliError("'return' member missing");
            if (node is JsonValue v && v.TryGetValue(out string? s)) return s;
        }
        return node?.ToJsonString(pretty ? Pretty : Compact) ?? reply;
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async IAsyncEnumerable<QemuMonitorEventReceived> Watch(VirConnection conn, VirDomain? dom, string? name, uint flags,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var sub = await conn.SubscribeQemuMonitorEventsAsync(dom, name, flags, ct).ConfigureAwait(false);
        await foreach (var e in sub.Events.ReadAllAsync(ct).ConfigureAwait(false))
            yield return e;
    }

    /// <summary>virsh's line: "event NAME at SECONDS.MICROS for domain 'NAME': DETAILS" (details "&lt;null&gt;" when none).</summary>
    internal static string Line(QemuMonitorEventReceived e, bool pretty, DateTimeOffset? timestamp)
    {
        var details = e.Details is null ? "<null>" : pretty ? Format(e.Details, true, false) : e.Details;
        var prefix = timestamp is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss.fff+0000: ", System.Globalization.CultureInfo.InvariantCulture) : "";
        return Text.Inv($"{prefix}event {e.Name} at {e.Seconds}.{e.Micros:D6} for domain '{e.Domain.Name}': {details}\n");
    }
}
