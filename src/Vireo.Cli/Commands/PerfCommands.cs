using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>
/// perf: lists a domain's perf events, or enables/disables some (comma-separated lists), printed as virsh 9.0
/// prints them ("name           : enabled"; all of it extra output that -q drops). After a
/// change virsh prints only the events it changed.
/// </summary>
public sealed class PerfCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var enable = Opt.Text("--enable", "perf events which will be enabled");
        var disable = Opt.Text("--disable", "perf events which will be disabled");
        var impact = new ImpactOptions();
        set.Add("perf", "Get or set perf event", async ctx =>
        {
            var flags = impact.Read(ctx) ?? ModifyFlags.Current;
            var on = Events(ctx.Get(enable), "enable");
            var off = Events(ctx.Get(disable), "disable");
            var dom = await ctx.DomainAsync(domain);
            if (on is null && off is null)
            {
                var all = await CliError.Wrap("Unable to get perf events", () => dom.GetPerfEventsAsync(flags, ctx.Ct));
                ctx.PrintExtra(Format(all));
                return;
            }
            IReadOnlyList<TypedParameter> changes =
                [.. (on ?? []).Select(n => TypedParameter.Bool(n, true)), .. (off ?? []).Select(n => TypedParameter.Bool(n, false))];
            await CliError.Wrap("Unable to enable/disable perf events", () => dom.SetPerfEventsAsync(changes, flags, ctx.Ct));
            ctx.PrintExtra(Format(changes));
        }, [domain, enable, disable, .. impact.Symbols]);
    }

    /// <summary>virsh's list: names split at commas, empty ones skipped; an empty option is refused as virsh refuses it.</summary>
    private static string[]? Events(string? text, string option)
    {
        if (text is null) return null;
        if (text.Length == 0) throw new CliError($"Failed to get option '{option}': Option argument is empty");
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>One line per event, the name padded to 15 columns (printf "%-15s: %s"); the blank line after it is virsh's, after any command.</summary>
    public static string Format(IReadOnlyList<TypedParameter> events) =>
        string.Concat(events.Select(e => $"{e.Field,-15}: {(e.Integer != 0 ? "enabled" : "disabled")}\n"));
}
