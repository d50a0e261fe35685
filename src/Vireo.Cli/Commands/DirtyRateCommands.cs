using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>domdirtyrate-calc: starts the measurement of a guest's memory dirty rate (read back with domstats --dirtyrate), with virsh 9.0's messages.</summary>
public sealed class DirtyRateCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Monitoring";
        var domain = new NamedArg("domain", "domain name, id or uuid");
        var seconds = Opt.Int("--seconds", "calculate memory dirty rate within specified seconds, the supported value range from 1 to 60, default to 1.");
        var mode = Opt.Text("--mode", "dirty page rate calculation mode, either of these 3 options 'page-sampling, dirty-bitmap, dirty-ring' can be specified.");
        set.Add("domdirtyrate-calc", "Calculate a vm's memory dirty rate", async ctx =>
        {
            var dom = await ctx.DomainAsync(domain);
            var period = ctx.Int(seconds) ?? 1;
            var how = ctx.Get(mode) switch
            {
                null or "page-sampling" => DirtyRateMode.PageSampling,
                "dirty-bitmap" => DirtyRateMode.DirtyBitmap,
                "dirty-ring" => DirtyRateMode.DirtyRing,
                var other => throw new CliError($"Unknown calculation mode '{other}'"),
            };
            await dom.StartDirtyRateCalcAsync(period, how, ctx.Ct);
            ctx.PrintExtra("Start to calculate domain's memory dirty rate successfully.\n");
        }, [domain, seconds, mode]);
    }
}
