using System.Globalization;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Commands;

/// <summary>setvcpus and domjobinfo, with virsh's option rules and words.</summary>
public sealed class VcpuAndJobCommands : ICommandGroup
{
    public void Register(CommandSet set)
    {
        set.Group = "Domain Management";
        var domain = new NamedArg("domain", "domain name, id or uuid");

        var count = new NamedArg("count", "number of virtual CPUs");
        var maximum = Opt.Flag("--maximum", "set maximum limit on next boot");
        var impact = new ImpactOptions();
        var guest = Opt.Flag("--guest", "modify cpu state in the guest");
        var hotpluggable = Opt.Flag("--hotpluggable", "make added vcpus hot(un)pluggable");
        set.Add("setvcpus", "change number of virtual CPUs", async ctx =>
        {
            var flags = impact.Read(ctx);
            ctx.Exclusive(guest, impact.Config);
            if (ctx.Has(maximum) && !ctx.Has(impact.Config)) throw new CliError("Option --config is required by option --maximum");
            var dom = await ctx.DomainAsync(domain);
            var text = ctx.Optional(count) ?? throw new CliError("command 'setvcpus' requires --count option");
            if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                throw new CliError($"Numeric value '{text}' for <count> option is malformed or out of range");
            if (n == 0) throw new CliError("Can't set 0 processors for a VM");
            var f = (VcpuModFlags)(uint)(flags ?? ModifyFlags.Current)
                | (ctx.Has(maximum) ? VcpuModFlags.Maximum : 0)
                | (ctx.Has(guest) ? VcpuModFlags.Guest : 0)
                | (ctx.Has(hotpluggable) ? VcpuModFlags.Hotpluggable : 0);
            // virsh: with no option at all, the older call, which changes the running guest.
            if (flags is null && f == VcpuModFlags.Current) await dom.SetVcpusLiveAsync(n, ctx.Ct);
            else await dom.SetVcpusAsync(n, f, ctx.Ct);
        }, [domain, count, maximum, .. impact.Symbols, guest, hotpluggable]);

        var completed = Opt.Flag("--completed", "return statistics of a recently completed job");
        var keepCompleted = Opt.Flag("--keep-completed", "don't destroy statistics of a recently completed job when reading");
        var anystats = Opt.Flag("--anystats", "print statistics for any kind of job (even failed ones)");
        var rawstats = Opt.Flag("--rawstats", "print the raw data returned by libvirt");
        set.Add("domjobinfo", "domain job information", async ctx =>
        {
            if (ctx.Has(keepCompleted) && !ctx.Has(completed)) throw new CliError("Option --completed is required by option --keep-completed");
            var dom = await ctx.DomainAsync(domain);
            uint flags = (ctx.Has(completed) ? 1u : 0) | (ctx.Has(keepCompleted) ? 2u : 0);
            var (type, stats) = await dom.GetJobStatsAsync(flags, ctx.Ct);
            ctx.Out.Write(JobFormat.JobInfo(type, stats, ctx.Has(rawstats)));
        }, domain, completed, keepCompleted, anystats, rawstats);
    }
}
