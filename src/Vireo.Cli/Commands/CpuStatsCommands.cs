using System.Globalization;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Params;

namespace Vireo.Cli.Commands;

/// <summary>cpu-stats, with virsh's options, checks and layout (virsh 9.0).</summary>
public sealed class CpuStatsCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Monitoring";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var total = Opt.Flag("--total", "Show total statistics only");
        var start = Opt.Int("--start", "Show statistics from this CPU");
        var count = Opt.Int("--count", "Number of shown CPUs at most");
        set.Add("cpu-stats", "show domain cpu statistics", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var from = ctx.Int(start);
            var n = ctx.Int(count);
            if (from is < 0) throw new CliError("Invalid value for start CPU");
            if (n is < 0) throw new CliError("Invalid value for number of CPUs to show");
            var showPerCpu = !ctx.Has(total) || from is not null || n is not null;
            var showTotal = ctx.Has(total) || (from is null && n is null);
            if (showPerCpu && n != 0)
            {
                var max = await CliError.Wrap($"Failed to retrieve CPU statistics for domain '{dom.Name}'", () => dom.GetCpuCountAsync(ctx.Ct));
                var first = from ?? 0;
                if (first >= max) throw new CliError($"Start CPU {first} is out of range (min: 0, max: {max - 1})");
                var shown = n ?? max - first;
                if (first + shown > max)
                {
                    ctx.Out.Write(Inv($"Only {max - first} CPUs available to show\n"));
                    shown = max - first;
                }
                var stats = await CliError.Wrap($"Failed to retrieve CPU statistics for domain '{dom.Name}'", () => dom.GetCpuStatsAsync(first, shown, ctx.Ct));
                for (var i = 0; i < stats.Count; i++)
                {
                    ctx.Out.Write(Inv($"CPU{first + i}:\n"));
                    foreach (var p in stats[i]) ctx.Out.Write(Field(p));
                }
            }
            if (showTotal)
            {
                var totals = await CliError.Wrap($"Failed to retrieve CPU statistics for domain '{dom.Name}'", () => dom.GetCpuTotalsAsync(ctx.Ct));
                ctx.Out.Write("Total:\n");
                foreach (var p in totals) ctx.Out.Write(Field(p));
            }
        }, domain, total, start, count);
    }

    /// <summary>Times (fields ending in _time) in seconds with nanosecond digits; anything else as virsh prints a typed parameter.</summary>
    internal static string Field(TypedParameter p) => p.Field.EndsWith("_time", StringComparison.Ordinal)
        ? Inv($"\t{p.Field,-15} {unchecked((ulong)p.Integer) / 1e9,16:F9} seconds\n")
        : $"\t{p.Field,-15} {Formatting.EventFormat.ParamValue(p)}\n";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
